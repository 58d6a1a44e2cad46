"""The napkin technique: write every quantity as a mantissa times a power of ten, multiply the
mantissas, add the exponents.

    100M users × 20 per day ÷ a day        1×10^8 × 2×10^1 × 1×10^-5
                                          mantissas 1 × 2 × 1 = 2
                                          powers of ten 8 + 1 − 5 = 4   →  2×10^4 rps

Only formulas that are a product and quotient of factors get it (a sum is worked in full, and
a rounding such as ceil() is applied after). Each factor is rounded to one significant figure,
as one does on a napkin; the unit changes (a day taken as 10^5 s, MB → Gbps …) become one
more factor. Pure: no terminal.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from dataclasses import dataclass

from sysdesign.core.formula import Formula

_ROUNDING = {"ceil": "then round up", "floor": "then round down", "round": "then round"}


@dataclass(frozen=True)
class Factor:
    mantissa: int  # 1..9
    exponent: int
    divide: bool

    @property
    def text(self) -> str:
        return f"{self.mantissa}×10^{self.exponent}"


def split(value: float) -> tuple[int, int]:
    """``value`` rounded to one significant figure, as (mantissa 1..9, exponent)."""
    if value <= 0 or not math.isfinite(value):
        raise ValueError("the napkin technique needs positive, finite factors")
    exponent = math.floor(math.log10(value))
    mantissa = round(value / 10**exponent)
    if mantissa >= 10:
        mantissa, exponent = 1, exponent + 1
    return int(mantissa), exponent


def _flatten(node: ast.AST, divide: bool, out: list[tuple[ast.AST, bool]]) -> bool:
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        if not _flatten(node.left, divide, out):
            return False
        return _flatten(node.right, divide ^ isinstance(node.op, ast.Div), out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        # a sum inside brackets is one factor, (1 − share); a sum at the top is no product
        out.append((node, divide))
        return True
    out.append((node, divide))
    return True


def napkin(
    formula: Formula,
    number_of: Callable[[ast.AST], float],
    base_of: Callable[[ast.AST], float],
    step_factor: float,
    unit_text: Callable[[str], str],
) -> tuple[str, ...]:
    """The napkin lines of a formula, or () when it is not a product of factors.

    ``number_of(node)`` is a factor as written in its own unit (20 for ``20 per day``),
    ``base_of(node)`` the same in base units with a day taken as 10^5 s; their ratio is the
    unit change, gathered into one factor. ``unit_text(number)`` writes a result with the
    step's unit.
    """
    tree = formula.tree
    rounding = ""
    if isinstance(tree, ast.Call) and getattr(tree.func, "id", "") in _ROUNDING and len(tree.args) == 1:
        rounding = _ROUNDING[tree.func.id]
        tree = tree.args[0]
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, (ast.Add, ast.Sub)):
        return ()
    atoms: list[tuple[ast.AST, bool]] = []
    _flatten(tree, False, atoms)
    if len(atoms) < 2:
        return ()
    try:
        factors = [Factor(*split(number_of(node)), divide) for node, divide in atoms]
        change = 1.0
        for node, divide in atoms:
            ratio = base_of(node) / number_of(node)
            change = change / ratio if divide else change * ratio
        change /= step_factor
        if not math.isclose(change, 1.0, rel_tol=1e-9):
            factors.append(Factor(*split(change), False))
    except (ValueError, ZeroDivisionError, OverflowError):
        return ()
    line = factors[0].text
    for factor in factors[1:len(atoms)]:
        line += (" ÷ " if factor.divide else " × ") + factor.text
    if len(factors) > len(atoms):
        line += f", and × {factors[-1].text} to change the units"
    line = line.replace("^-", "^−")
    mantissa = 1.0
    exponent = 0
    mantissas, exponents = str(factors[0].mantissa), str(factors[0].exponent).replace("-", "−")
    for index, factor in enumerate(factors):
        mantissa = mantissa / factor.mantissa if factor.divide else mantissa * factor.mantissa
        step = -factor.exponent if factor.divide else factor.exponent
        exponent += step
        if index:
            mantissas += (" ÷ " if factor.divide else " × ") + str(factor.mantissa)
            exponents += f" {'−' if step < 0 else '+'} {abs(step)}"
    shift = math.floor(math.log10(mantissa))
    normal = mantissa / 10**shift
    shown = f"{normal:.2g}".rstrip(".")
    mantissa_text = _short(mantissa)
    carry = ""
    if shift:
        carry = f" = {shown}×10^{shift}"
    result = f"{shown}×10^{exponent + shift}".replace("-", "−")
    lines = (
        line,
        f"mantissas {mantissas} = {mantissa_text}{carry}; powers of ten {exponents} = {_signed(exponent)}"
        + (f", {'+' if shift > 0 else '−'} {abs(shift)} = {_signed(exponent + shift)}" if shift else ""),
        f"≈ {unit_text(result)}" + (f", {rounding}" if rounding else ""),
    )
    return lines


def _signed(number: int) -> str:
    return str(number).replace("-", "−")


def _short(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.2g}"
