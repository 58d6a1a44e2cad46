"""Reading quantities the way people type them: ``23k``, ``2.3e4 rps``, ``1.1 PB``, ``55 Gbps``.

Every quantity is held in a base unit per dimension: counts as themselves, time in
seconds, data in bytes, request rates per second, data rates in bytes per second.
Data prefixes are SI (1 KB = 1000 B); the binary ones are spelled KiB, MiB, GiB ….
A lowercase ``b`` means bits (8 bits = 1 byte), an uppercase ``B`` means bytes;
write billions as ``bn`` (``2bn``), since ``2B`` is two bytes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

COUNT, TIME, DATA, RATE, DATARATE, FRACTION = "count", "time", "data", "rate", "data rate", "fraction"

DIMENSION_NAMES = {
    COUNT: "a count",
    TIME: "a duration",
    DATA: "an amount of data",
    RATE: "a rate (per second)",
    DATARATE: "a bandwidth",
    FRACTION: "a percentage",
}


class UnknownUnit(ValueError):
    pass


class QuantityError(ValueError):
    """The text could not be read as a quantity; the message says why."""


@dataclass(frozen=True)
class Quantity:
    value: float  # in the base unit of its dimension
    dim: str
    unit: str | None  # the unit as typed (None: a bare number)


def _build_units() -> dict[str, tuple[float, str]]:
    units: dict[str, tuple[float, str]] = {}

    def add(names: str, factor: float, dim: str) -> None:
        for name in names.split():
            units[name] = (factor, dim)

    add("ns nanosecond nanoseconds", 1e-9, TIME)
    add("us µs μs microsecond microseconds", 1e-6, TIME)
    add("ms millisecond milliseconds", 1e-3, TIME)
    add("s sec secs second seconds", 1.0, TIME)
    add("min mins minute minutes", 60.0, TIME)
    add("h hr hrs hour hours", 3600.0, TIME)
    add("d day days", 86400.0, TIME)
    add("wk week weeks", 7 * 86400.0, TIME)
    add("mo month months", 30 * 86400.0, TIME)
    add("y yr yrs year years", 365 * 86400.0, TIME)
    si = {"": 1.0, "K": 1e3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18}
    binary = {"Ki": 2.0**10, "Mi": 2.0**20, "Gi": 2.0**30, "Ti": 2.0**40, "Pi": 2.0**50, "Ei": 2.0**60}
    for prefix, factor in {**si, **binary}.items():
        add(f"{prefix}B", factor, DATA)
        add(f"{prefix}B/s {prefix}Bps", factor, DATARATE)
    for prefix, factor in si.items():
        if prefix in ("P", "E"):
            continue
        add(f"{prefix}b {prefix}bit {prefix}bits", factor / 8, DATA)
        add(f"{prefix}bps {prefix}b/s {prefix}bit/s", factor / 8, DATARATE)
    add("byte bytes", 1.0, DATA)
    add("rps qps tps req/s requests/s ops/s /s per-second", 1.0, RATE)
    add("rpm /min", 1 / 60, RATE)
    add("/day per-day", 1 / 86400, RATE)
    add("% percent", 0.01, FRACTION)
    add("x × times", 1.0, COUNT)
    add("users user requests req items servers machines nodes photos messages", 1.0, COUNT)
    return units


UNITS = _build_units()
MULTIPLIERS = {
    "k": 1e3, "K": 1e3, "thousand": 1e3,
    "M": 1e6, "m": 1e6, "mn": 1e6, "million": 1e6,
    "bn": 1e9, "G": 1e9, "billion": 1e9,
    "T": 1e12, "trillion": 1e12,
}  # fmt: skip

_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$")
_POWER = re.compile(r"^\s*10\s*\^\s*([+-]?\d+)\s*(.*?)\s*$")
_GROUPED = re.compile(r"(?<=\d)[,_'](?=\d{3}\b)|(?<=\d)[,_'](?=\d{3}[^\d])")


def unit_factor(unit: str) -> tuple[float, str]:
    """The factor to the base unit and the dimension of a unit name."""
    key = unit.strip()
    if key in UNITS:
        return UNITS[key]
    lowered = key.lower()
    for name, spec in UNITS.items():
        # case-insensitive only where case carries no meaning (words, not b/B prefixes)
        if len(name) > 3 and name.lower() == lowered:
            return spec
    raise UnknownUnit(f"unknown unit {unit!r}")


def parse_quantity(text: str) -> Quantity:
    """Read a typed quantity, or raise QuantityError with a message a person can act on."""
    if not isinstance(text, str) or not text.strip():
        raise QuantityError("could not read an empty answer; type a number such as 23k or 1.1 PB")
    if len(text) > 80:
        raise QuantityError("could not read that: the answer is too long")
    cleaned = _GROUPED.sub("", text.strip())
    power = _POWER.match(cleaned)
    if power:
        number, rest = 10.0 ** int(power.group(1)), power.group(2)
    else:
        match = _NUMBER.match(cleaned)
        if not match:
            raise QuantityError(f"could not read {text.strip()!r} as a number (try 23k, 2.3e4, 1.1 PB, 55 Gbps)")
        try:
            number = float(match.group(1))
        except ValueError:
            raise QuantityError(f"could not read {text.strip()!r} as a number") from None
        rest = match.group(2)
    if not math.isfinite(number):
        raise QuantityError(f"could not read {text.strip()!r}: the number is too large")
    multiplier, unit = _split_suffix(rest, text)
    value = number * multiplier
    if unit is None:
        return Quantity(value, COUNT, None)
    factor, dim = unit_factor(unit)
    total = value * factor
    if not math.isfinite(total):
        raise QuantityError(f"could not read {text.strip()!r}: the number is too large")
    return Quantity(total, dim, unit)


def _split_suffix(rest: str, original: str) -> tuple[float, str | None]:
    rest = rest.strip()
    if not rest:
        return 1.0, None
    try:
        unit_factor(rest)
        return 1.0, rest
    except UnknownUnit:
        pass
    head, _, tail = rest.partition(" ")
    candidates = [(head, tail.strip())] if tail else []
    candidates += [(rest[:n], rest[n:].strip()) for n in (1, 2, 3, 4, 7, 8) if n < len(rest)]
    for mult, unit in candidates:
        if mult in MULTIPLIERS:
            if not unit:
                return MULTIPLIERS[mult], None
            try:
                unit_factor(unit)
                return MULTIPLIERS[mult], unit
            except UnknownUnit:
                continue
    if rest in MULTIPLIERS:
        return MULTIPLIERS[rest], None
    raise QuantityError(f"could not read the unit {rest!r} in {original.strip()!r} (try k, M, bn, ms, GB, Gbps, rps)")


def in_unit(quantity: Quantity, unit: str) -> float:
    """Express a quantity's value in the given unit of the same dimension."""
    factor, _ = unit_factor(unit)
    return quantity.value / factor
