"""A number with a tolerance and an optional unit: `{value: 8.76, tolerance: 0.05, unit: h}`."""

from __future__ import annotations

import math

from sysdesign.content.model import NumericAnswer
from sysdesign.core.errors import AnswerError
from sysdesign.core.kinds.base import Kind
from sysdesign.core.quantity import (
    FRACTION,
    Quantity,
    QuantityError,
    UnknownUnit,
    format_number,
    parse_quantity,
    unit_factor,
)

DOLLARS = ("$", "USD", "usd", "dollar", "dollars")


class Reading(float):
    """A numeric answer in the key's unit; ``also`` holds other fair readings of the same text.

    A bare ``0.63`` typed for a percentage reads as 0.63 % and also as the share 63 %.
    """

    also: tuple[float, ...]

    def __new__(cls, value: float, also: tuple[float, ...] = ()) -> Reading:
        reading = super().__new__(cls, value)
        reading.also = also
        return reading


class Numeric(Kind):
    name = "numeric"
    label = "a number"

    def parse_key(self, ctx, qm, choices):
        from sysdesign.content.fields import check_keys, get_number, get_str
        from sysdesign.content.yamlsrc import YMap

        am, pos = qm["answer"], qm.val_pos["answer"]
        if not isinstance(am, YMap):
            ctx.fault(pos, "the answer of a numeric question is {value, tolerance, unit}")
            return None
        check_keys(ctx, am, ("value",), ("tolerance", "unit"), "a numeric answer")
        number = get_number(ctx, am, "value")
        tolerance = get_number(ctx, am, "tolerance", default=0.05)
        unit = get_str(ctx, am, "unit", required=False, default="") or None
        if number is None or tolerance is None:
            return None
        if not 0 <= tolerance < 1:
            ctx.fault(am.val_pos.get("tolerance", pos), "tolerance is relative: a fraction from 0 to below 1 (0.05 = ±5 %)")
            return None
        if unit is not None:
            try:
                unit_factor(unit)
            except UnknownUnit as exc:
                ctx.fault(am.val_pos["unit"], str(exc))
                return None
        return NumericAnswer(number, tolerance, unit)

    def read(self, question, text):
        key = question.answer
        try:
            quantity = parse_quantity(text)
        except QuantityError as exc:
            raise AnswerError(str(exc)) from None
        value = in_key_unit(key, quantity)
        also: tuple[float, ...] = ()
        if quantity.unit is None and key.unit and unit_factor(key.unit)[1] == FRACTION and 0 < value <= 1:
            also = (value / unit_factor(key.unit)[0],)  # a share: 0.63 of the whole is 63 %
        return Reading(value, also)

    def is_correct(self, question, given):
        key = question.answer
        return any(_close(key, value) for value in (given, *getattr(given, "also", ())))

    def expected(self, question):
        key = question.answer
        number = format_number(key.value, 6)
        if key.unit in DOLLARS:
            return f"${number} (within ±{key.tolerance:.0%})"
        unit = f" {key.unit}" if key.unit else ""
        return f"{number}{unit} (within ±{key.tolerance:.0%})"

    def hint(self, question):
        return "type a number, with a unit if you like"

    def note(self, question):
        unit = question.answer.unit
        return f"(answer in {unit}, or give another unit)" if unit else ""


def in_key_unit(key: NumericAnswer, quantity: Quantity) -> float:
    """The given quantity in the key's unit; a bare number is taken to be in that unit."""
    if quantity.unit is None or key.unit is None:
        return quantity.value
    factor, dim = unit_factor(key.unit)
    if quantity.dim != dim:
        raise AnswerError(f"that is {quantity.dim}, but the question asks for {dim} (in {key.unit})")
    return quantity.value / factor


def _close(key: NumericAnswer, value: float) -> bool:
    if key.value == 0:
        return abs(value) <= key.tolerance
    return math.isfinite(value) and abs(value - key.value) <= abs(key.value) * key.tolerance + 1e-12


KIND = Numeric()
