"""A small, safe arithmetic language for estimation formulas — never ``eval``.

A formula is one expression over numbers and names: ``+ - * / **``, unary minus,
parentheses, and the functions ``min max ceil floor round abs sqrt log10 log2``.
``parse_formula`` walks Python's AST and refuses every other node (attributes, calls to
anything else, subscripts, comparisons, strings, lambdas …), so a formula can compute
and nothing more. All arithmetic is done in floats, so ``2 ** 10 ** 10`` overflows at
once instead of building a huge integer.

Errors carry ``offset``, the 0-based column in the formula text, so content validation
can point at the exact place: unknown names, division by zero, a dimension mismatch
(``users + MB``), and cycles between named formulas.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

MAX_LENGTH = 500
MAX_DEPTH = 40

Dims = tuple[int, ...]


class FormulaError(ValueError):
    """A formula that cannot be read or computed; ``offset`` is the column in its text."""

    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.message = message
        self.offset = offset


class UnknownName(FormulaError):
    def __init__(self, name: str, offset: int = 0, known: tuple[str, ...] = ()):
        hint = ""
        close = [k for k in known if k.startswith(name[:3])][:3] if name else []
        if close:
            hint = f" (did you mean {', '.join(close)}?)"
        super().__init__(f"unknown name {name!r}{hint}", offset)
        self.name = name


class DivisionByZero(FormulaError):
    pass


class DimensionError(FormulaError):
    pass


class CycleError(FormulaError):
    def __init__(self, cycle: tuple[str, ...]):
        super().__init__("formulas depend on each other in a circle: " + " → ".join(cycle))
        self.cycle = cycle


def _ceil(x: float) -> float:
    return float(math.ceil(x))


def _floor(x: float) -> float:
    return float(math.floor(x))


def _round(x: float) -> float:
    return float(round(x))


FUNCTIONS: dict[str, Callable[..., float]] = {
    "min": min,
    "max": max,
    "ceil": _ceil,
    "floor": _floor,
    "round": _round,
    "abs": abs,
    "sqrt": math.sqrt,
    "log10": math.log10,
    "log2": math.log2,
}
_ARITY = {"min": (1, 20), "max": (1, 20)}
_DIMLESS_ARG = {"ceil", "floor", "round", "log10", "log2"}

_NODE_WORDS = {
    "IfExp": "if/else", "Compare": "a comparison", "BoolOp": "and/or", "Subscript": "indexing",
    "Attribute": "a dot (attribute)", "Lambda": "lambda", "JoinedStr": "text", "Tuple": "a tuple",
    "List": "a list", "Dict": "a dict", "Set": "a set", "NamedExpr": ":=", "Starred": "*",
}  # fmt: skip
_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.Pow: 4}
_SYMBOL = {ast.Add: " + ", ast.Sub: " − ", ast.Mult: " × ", ast.Div: " ÷ ", ast.Pow: "^"}


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr = field(compare=False, repr=False)
    names: frozenset[str] = frozenset()

    def evaluate(self, env: Mapping[str, float]) -> float:
        """The value, given a value for every name (UnknownName, DivisionByZero otherwise)."""
        value = _evaluate(self.tree, env, 0)
        if not math.isfinite(value):
            raise FormulaError("the result is too large to compute", 0)
        return value

    def dimension(self, env: Mapping[str, Dims]) -> Dims:
        """The dimension vector of the result, given one for every name."""
        return _dimension(self.tree, env)

    def render(self, show: Callable[[str], str], number: Callable[[float], str] | None = None) -> str:
        """The formula written for people: names shown by ``show``, × ÷ for * /."""
        return _render(self.tree, show, number or _plain_number)


def _plain_number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) and abs(value) >= 1000 else f"{value:g}"


def _offset(node: ast.AST) -> int:
    return max(0, getattr(node, "col_offset", 0) - 1)  # the text is parsed inside "(…)"


@lru_cache(maxsize=4096)
def parse_formula(text: str) -> Formula:
    """Read a formula, or raise FormulaError saying what is not allowed and where."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("the formula is empty")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"the formula is longer than {MAX_LENGTH} characters")
    if "\n" in text.strip() or "\r" in text:
        raise FormulaError("a formula is one line")
    try:
        tree = ast.parse("(" + text + ")", mode="eval").body
    except SyntaxError as exc:
        offset = max(0, (exc.offset or 1) - 2)
        raise FormulaError(f"not a formula: {exc.msg}", offset) from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError("not a formula: it nests too deeply") from None
    names: set[str] = set()
    _check(tree, names, 0)
    return Formula(text, tree, frozenset(names))


def _check(node: ast.AST, names: set[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise FormulaError(f"the formula nests deeper than {MAX_DEPTH} levels", _offset(node))
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _PRECEDENCE:
            hint = " (write powers as **)" if isinstance(node.op, ast.BitXor) else ""
            raise FormulaError(f"operator not allowed{hint}; use + - * / **", _offset(node))
        _check(node.left, names, depth + 1)
        _check(node.right, names, depth + 1)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise FormulaError("only a leading minus or plus is allowed", _offset(node))
        _check(node.operand, names, depth + 1)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise FormulaError(f"only numbers are allowed, not {node.value!r}", _offset(node))
        if not math.isfinite(float(node.value)):
            raise FormulaError("the number is too large", _offset(node))
    elif isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            raise FormulaError(f"{node.id} is a function: write {node.id}(…)", _offset(node))
        names.add(node.id)
    elif isinstance(node, ast.Call):
        func = node.func
        if not isinstance(func, ast.Name) or func.id not in FUNCTIONS:
            shown = func.id if isinstance(func, ast.Name) else "that"
            raise FormulaError(f"function {shown!r} is not allowed (allowed: {', '.join(FUNCTIONS)})", _offset(node))
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise FormulaError(f"{func.id}() takes plain arguments only", _offset(node))
        low, high = _ARITY.get(func.id, (1, 1))
        if not low <= len(node.args) <= high:
            wanted = "one argument" if high == 1 else f"{low} to {high} arguments"
            raise FormulaError(f"{func.id}() takes {wanted}", _offset(node))
        for arg in node.args:
            _check(arg, names, depth + 1)
    else:
        what = _NODE_WORDS.get(type(node).__name__, type(node).__name__.lower())
        raise FormulaError(f"{what} is not allowed in a formula; use numbers, names, + - * / ** and {', '.join(FUNCTIONS)}", _offset(node))


def _evaluate(node: ast.AST, env: Mapping[str, float], depth: int) -> float:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        try:
            return float(env[node.id])
        except KeyError:
            raise UnknownName(node.id, _offset(node), tuple(sorted(env))) from None
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, env, depth + 1)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        left = _evaluate(node.left, env, depth + 1)
        right = _evaluate(node.right, env, depth + 1)
        op = type(node.op)
        try:
            if op is ast.Add:
                return left + right
            if op is ast.Sub:
                return left - right
            if op is ast.Mult:
                return left * right
            if op is ast.Div:
                if right == 0:
                    raise DivisionByZero("division by zero", _offset(node.right))
                return left / right
            result = left**right
        except OverflowError:
            raise FormulaError("a number grows too large to compute", _offset(node)) from None
        except ZeroDivisionError:
            raise DivisionByZero("zero raised to a negative power", _offset(node)) from None
        if isinstance(result, complex):
            raise FormulaError("a negative number raised to a fractional power", _offset(node))
        return result
    if isinstance(node, ast.Call):
        args = [_evaluate(a, env, depth + 1) for a in node.args]
        name = node.func.id  # type: ignore[attr-defined]
        try:
            return float(FUNCTIONS[name](*args))
        except (ValueError, OverflowError):
            raise FormulaError(f"{name}() of {args[0]:g} cannot be computed", _offset(node)) from None
    raise FormulaError("not allowed in a formula", _offset(node))  # pragma: no cover - _check refuses it


def _same(a: Dims, b: Dims) -> bool:
    return a == b


def _dimension(node: ast.AST, env: Mapping[str, Dims]) -> Dims:
    if isinstance(node, ast.Constant):
        return _zero(env)
    if isinstance(node, ast.Name):
        try:
            return tuple(env[node.id])
        except KeyError:
            raise UnknownName(node.id, _offset(node), tuple(sorted(env))) from None
    if isinstance(node, ast.UnaryOp):
        return _dimension(node.operand, env)
    if isinstance(node, ast.BinOp):
        left = _dimension(node.left, env)
        right = _dimension(node.right, env)
        op = type(node.op)
        if op in (ast.Add, ast.Sub):
            if not _same(left, right):
                word = "adds" if op is ast.Add else "subtracts"
                raise DimensionError(f"{word} {describe_dims(left)} and {describe_dims(right)}, which do not mix", _offset(node))
            return left
        if op is ast.Mult:
            return tuple(a + b for a, b in zip(left, right))
        if op is ast.Div:
            return tuple(a - b for a, b in zip(left, right))
        if any(right):
            raise DimensionError("an exponent must be a plain number", _offset(node.right))
        if not any(left):
            return left
        exponent = _constant(node.right)
        if exponent is None or exponent != int(exponent):
            raise DimensionError("a quantity with a unit can only be raised to a whole constant power", _offset(node.right))
        return tuple(int(a * exponent) for a in left)
    if isinstance(node, ast.Call):
        name = node.func.id  # type: ignore[attr-defined]
        dims = [_dimension(a, env) for a in node.args]
        if name in ("min", "max"):
            if any(not _same(d, dims[0]) for d in dims):
                raise DimensionError(f"{name}() compares quantities of different kinds", _offset(node))
            return dims[0]
        if name in _DIMLESS_ARG and any(dims[0]):
            raise DimensionError(f"{name}() needs a plain number; divide by a quantity of the same kind first", _offset(node))
        if name == "sqrt":
            if any(a % 2 for a in dims[0]):
                raise DimensionError("sqrt() of this quantity has no unit", _offset(node))
            return tuple(a // 2 for a in dims[0])
        return dims[0]
    raise FormulaError("not allowed in a formula", _offset(node))  # pragma: no cover


def _zero(env: Mapping[str, Dims]) -> Dims:
    for value in env.values():
        return tuple(0 for _ in value)
    return (0, 0)


def _constant(node: ast.AST) -> float | None:
    try:
        return _evaluate(node, {}, 0)
    except FormulaError:
        return None


DIM_WORDS = {
    (0, 0): "a plain number",
    (0, 1): "a duration",
    (1, 0): "an amount of data",
    (0, -1): "a rate per second",
    (1, -1): "a data rate",
}


_MONEY_WORDS = {
    (0, 0, 1): "an amount of money",
    (0, -1, 1): "an amount of money per period (a bill)",
    (-1, 0, 1): "a price per amount of data",
    (-1, -1, 1): "a price per amount of data per month",
}


def describe_dims(dims: Dims) -> str:
    """A dimension vector (data, time) or (data, time, money) in words."""
    dims = tuple(dims)
    if len(dims) == 3 and not dims[2]:
        dims = dims[:2]
    if dims in DIM_WORDS:
        return DIM_WORDS[dims]
    if dims in _MONEY_WORDS:
        return _MONEY_WORDS[dims]
    parts = []
    for symbol, power in zip(("bytes", "seconds", "dollars"), dims):
        if power:
            parts.append(symbol if power == 1 else f"{symbol}^{power}")
    return "a quantity in " + "·".join(parts)


def _render(node: ast.AST, show: Callable[[str], str], number: Callable[[float], str]) -> str:
    return _render_prec(node, show, number)[0]


def _render_prec(node: ast.AST, show, number) -> tuple[str, int]:
    if isinstance(node, ast.Constant):
        return number(float(node.value)), 5
    if isinstance(node, ast.Name):
        return show(node.id), 5
    if isinstance(node, ast.UnaryOp):
        text, prec = _render_prec(node.operand, show, number)
        if prec < 3:
            text = f"({text})"
        return ("−" if isinstance(node.op, ast.USub) else "+") + text, 3
    if isinstance(node, ast.BinOp):
        op = type(node.op)
        mine = _PRECEDENCE[op]
        left, lp = _render_prec(node.left, show, number)
        right, rp = _render_prec(node.right, show, number)
        if lp < mine or (op is ast.Pow and lp <= mine):
            left = f"({left})"
        if rp < mine or (rp == mine and op in (ast.Sub, ast.Div)):
            right = f"({right})"
        return f"{left}{_SYMBOL[op]}{right}", mine
    if isinstance(node, ast.Call):
        args = ", ".join(_render_prec(a, show, number)[0] for a in node.args)
        return f"{node.func.id}({args})", 5  # type: ignore[attr-defined]
    return "?", 5  # pragma: no cover


def evaluation_order(depends: Mapping[str, set[str] | frozenset[str]]) -> list[str]:
    """The keys of ``depends`` so that each comes after the keys it depends on.

    Names not among the keys (parameters, constants) are ignored; a cycle raises CycleError
    naming the names in the circle.
    """
    order: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for start in depends:
        if state.get(start) == 2:
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(n for n in depends[start] if n in depends))]
        path = [start]
        state[start] = 1
        while stack:
            name, pending = stack[-1]
            if pending:
                nxt = pending.pop(0)
                if state.get(nxt) == 1:
                    cycle = path[path.index(nxt):] + [nxt]
                    raise CycleError(tuple(cycle))
                if state.get(nxt) != 2:
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append((nxt, sorted(n for n in depends[nxt] if n in depends)))
            else:
                state[name] = 2
                order.append(name)
                stack.pop()
                path.pop()
    return order


def evaluate_all(formulas: Mapping[str, Formula], values: Mapping[str, float]) -> dict[str, float]:
    """Every formula's value, each computed after those it uses; ``values`` holds the inputs."""
    env = dict(values)
    for name in evaluation_order({k: f.names for k, f in formulas.items()}):
        env[name] = formulas[name].evaluate(env)
    return {name: env[name] for name in formulas}
