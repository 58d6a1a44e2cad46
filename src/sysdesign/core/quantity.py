"""Reading and writing quantities the way people type them: ``23k``, ``2.3e4 rps``, ``1.1 PB``.

Every quantity is held in a base unit per dimension: counts as themselves, time in
seconds, data in bytes, request rates per second, data rates in bytes per second.
Data prefixes are SI (1 KB = 1000 B); the binary ones are spelled KiB, MiB, GiB ….
A lowercase ``b`` means bits (8 bits = 1 byte), an uppercase ``B`` means bytes;
write billions as ``bn`` (``2bn``), since ``2B`` is two bytes.

Compound units divide by a period: ``200M/day``, ``600 TB per day``, ``5 photos/s``.
Durations may be written in parts (``8 h 46 min``, ``1d 2h``), money with a dollar sign
(``$1.1M``, ``1.1 million USD``), and counts as powers (``16^6``, ``62**6``).

``format_quantity`` writes a base value in any unit ``parse_quantity`` reads, so that
``parse_quantity(format_quantity(v, u))`` gives ``v`` back within the rounding of the
digits shown.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

COUNT, TIME, DATA, RATE, DATARATE, FRACTION = "count", "time", "data", "rate", "data rate", "fraction"
MONEY = "money"

DIMENSION_NAMES = {
    COUNT: "a count",
    TIME: "a duration",
    DATA: "an amount of data",
    RATE: "a rate (per second)",
    DATARATE: "a bandwidth",
    FRACTION: "a percentage",
    MONEY: "an amount of money",
}

# (data exponent, time exponent): how dimensions multiply and divide in formulas
DIM_VECTORS = {
    COUNT: (0, 0),
    FRACTION: (0, 0),
    TIME: (0, 1),
    DATA: (1, 0),
    RATE: (0, -1),
    DATARATE: (1, -1),
    MONEY: (0, 0),  # formulas treat dollars like a count; no scenario mixes the two
}

DAY_S = 86400.0

# What to suggest when an answer cannot be read: (whole answers, unit names) per dimension
EXAMPLES = {
    None: ("23k, 2.3e4, 1.1 PB, 55 Gbps", "k, M, bn, ms, GB, Gbps, rps"),
    COUNT: ("23k, 2.3e4, 5bn", "k, M, bn"),
    TIME: ("100 ns, 10 ms, 8.7 h", "ns, us, ms, s, min, h, d"),
    DATA: ("3 MB, 600 TB, 1.1 PB", "KB, MB, GB, TB, PB"),
    RATE: ("23k rps, 2.3e4/s, 2bn/day", "k, M, rps, /s, /day"),
    DATARATE: ("55 Gbps, 6.9 GB/s, 600 TB/day", "Mbps, Gbps, MB/s, GB/s, TB/day"),
    FRACTION: ("99.9 %, 20 %", "%"),
    MONEY: ("$1.1M, 1.1M USD", "$, USD"),
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


_TIME_NAMES = {
    "ns": "ns nanosecond nanoseconds",
    "us": "us µs μs microsecond microseconds",
    "ms": "ms millisecond milliseconds",
    "s": "s sec secs second seconds",
    "min": "min mins minute minutes",
    "h": "h hr hrs hour hours",
    "d": "d day days",
    "wk": "wk week weeks",
    "mo": "mo month months",
    "y": "y yr yrs year years",
}
_TIME_FACTORS = {
    "ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0,
    "d": DAY_S, "wk": 7 * DAY_S, "mo": 30 * DAY_S, "y": 365 * DAY_S,
}  # fmt: skip
COUNT_WORDS = (  # noqa: SIM905
    "users user requests request req reqs items item servers server machines machine nodes node "
    "photos photo messages message events event writes write reads read views view ops queries "
    "query calls call videos video files file keys key objects object urls url posts post "
    "notifications notification rides ride pings ping pages page searches search payments payment "
    "transactions transaction points point lines line records record hosts host links link "
    "connections connection shards shard workers worker players player entries entry streams "
    "stream viewers viewer drivers driver devices device keys characters character chars "
    "partitions partition brokers broker disks disk series chunks chunk replicas replica "
    # bookings, trading, IDs and schedulers
    "seats seat orders order tickets ticket fans fan rooms room bookings booking ids id "
    "collisions collision jobs job runs run engines engine subscribers subscriber trades trade "
    "rows row"
).split()


# plural count words and their singulars, for "1 shard" and "1 query"
_SINGULAR = {w: (w[:-3] + "y" if w.endswith("ies") else w[:-1]) for w in COUNT_WORDS
             if (w.endswith("ies") and w[:-3] + "y" in COUNT_WORDS) or (w.endswith("s") and w[:-1] in COUNT_WORDS)}


def _build_units() -> dict[str, tuple[float, str]]:
    units: dict[str, tuple[float, str]] = {}

    def add(names: str, factor: float, dim: str) -> None:
        for name in names.split():
            units[name] = (factor, dim)

    for key, names in _TIME_NAMES.items():
        add(names, _TIME_FACTORS[key], TIME)
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
    add("rps qps tps RPS QPS TPS req/s requests/s ops/s /s per-second", 1.0, RATE)
    add("rpm /min", 1 / 60, RATE)
    add("/day per-day", 1 / DAY_S, RATE)
    add("% percent", 0.01, FRACTION)
    add("x × times", 1.0, COUNT)
    add("$ USD usd dollar dollars", 1.0, MONEY)
    add(" ".join(COUNT_WORDS), 1.0, COUNT)
    return units


UNITS = _build_units()

# --- money over time and money per byte (for monthly bills) ----------------------------------
#
# An amount of money is MONEY; a bill per month is MONEY_RATE (dollars per second in base
# units, written $/mo); a price per GB is PRICE (dollars per byte); a storage price per
# GB-month is STORAGE_PRICE (dollars per byte per second). ``VECTORS`` gives each dimension
# its (data, time, money) exponents, so formulas with prices are checked like any other;
# DIM_VECTORS stays the older two-exponent view in which money counts as a plain number.

MONEY_RATE, PRICE, STORAGE_PRICE = "money rate", "price per data", "storage price"
MONEY_DIMS = frozenset({MONEY, MONEY_RATE, PRICE, STORAGE_PRICE})
DIMENSION_NAMES.update({
    MONEY_RATE: "an amount of money per period (a bill)",
    PRICE: "a price per amount of data",
    STORAGE_PRICE: "a price per amount of data per month",
})
DIM_VECTORS.update({MONEY_RATE: (0, -1), PRICE: (-1, 0), STORAGE_PRICE: (-1, -1)})
EXAMPLES.update({
    MONEY_RATE: ("$22M per month, $48k/mo", "$/mo, $/month, $/day"),
    PRICE: ("$0.09 per GB, $0.02/GB", "$/GB, $/TB"),
    STORAGE_PRICE: ("$0.02 per GB-month", "$/GB-month, $/TB-month"),
})
VECTORS: dict[str, tuple[int, int, int]] = {
    COUNT: (0, 0, 0), FRACTION: (0, 0, 0), TIME: (0, 1, 0), DATA: (1, 0, 0), RATE: (0, -1, 0),
    DATARATE: (1, -1, 0), MONEY: (0, 0, 1), MONEY_RATE: (0, -1, 1), PRICE: (-1, 0, 1),
    STORAGE_PRICE: (-1, -1, 1),
}  # fmt: skip
_CENTS = ("¢", "cent", "cents")
_DATA_PREFIXES = {"KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "PB": 1e15}


def _add_money_units(units: dict[str, tuple[float, str]]) -> None:
    """$/GB, $/GB-month and their spellings; $/mo and other per-period bills are compound."""
    month = _TIME_FACTORS["mo"]
    for name in _CENTS:
        units[name] = (0.01, MONEY)
    for prefix, size in _DATA_PREFIXES.items():
        for name in (f"$/{prefix}", f"$ per {prefix}"):
            units[name] = (1 / size, PRICE)
        for joint in ("/", " per "):
            for tail in ("-month", "-mo", " per month", "/month", "/mo"):
                units[f"${joint}{prefix}{tail}"] = (1 / (size * month), STORAGE_PRICE)


_add_money_units(UNITS)
UNITS.update({"IOPS": (1.0, RATE), "iops": (1.0, RATE)})  # operations a second, as disks are rated

_DOLLAR_COMPOUND = re.compile(
    r"^(?:US\s*)?\$\s*([+-]?[\d.,_'’]+(?:[eE][+-]?\d+)?\s*(?:thousand|million|billion|trillion|mn|bn|[kKmMGT])?)"
    r"\s*(/|per\s+|a\s+|B\b|b\b)\s*(.*)$"
)


def _dollar_unit_last(text: str) -> str:
    """``$22M/mo`` → ``22M $/mo``, ``$0.02 per GB-month`` → ``0.02 $ per GB-month``,
    ``$2B`` → ``2bn $`` (after a dollar sign, B is a billion, not a byte)."""
    match = _DOLLAR_COMPOUND.match(text)
    if not match:
        return text
    number, joint, rest = match.group(1).strip(), match.group(2), match.group(3).strip()
    if joint in ("B", "b"):
        return f"{number}bn $ {rest}".strip() if not rest else text
    if not rest:
        return text
    return f"{number} ${joint.strip() if joint == '/' else ' ' + joint.strip() + ' '}{rest}"


def with_unit(number: str, unit: str | None, *, prose: bool = False) -> str:
    """A number written with its unit: ``23k rps``, ``$22M per month`` (dollars go first)."""
    if not unit:
        return number
    try:
        dim = unit_factor(unit)[1]
    except UnknownUnit:
        dim = None
    if dim in MONEY_DIMS:
        tail = unit.strip()
        for head in ("US$", "$", "USD", "usd", "dollars", "dollar"):
            if tail.startswith(head):
                tail = tail[len(head):].strip()
                break
        if unit.strip() in _CENTS:
            return f"{number} {unit.strip()}"
        if prose and tail.startswith(("/", "a ")):
            rest = tail[1:] if tail.startswith("/") else tail[2:]
            tail = "per " + _PERIOD_WORDS.get(rest.strip(), rest.strip())
        if not tail:
            return f"${number}"
        return f"${number}{tail}" if tail.startswith("/") else f"${number} {tail}"
    return f"{number} {unit_label(unit, prose=prose, number=number)}".strip()
MULTIPLIERS = {
    "k": 1e3, "K": 1e3, "thousand": 1e3,
    "M": 1e6, "m": 1e6, "mn": 1e6, "million": 1e6,
    "bn": 1e9, "G": 1e9, "billion": 1e9,
    "T": 1e12, "trillion": 1e12,
}  # fmt: skip

_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$")
_POWER = re.compile(r"^\s*(\d{1,6}(?:\.\d+)?)\s*(?:\^|\*\*)\s*([+-]?\d{1,6})\s*(.*?)\s*$")
_CURRENCY_HEAD = re.compile(r"^(?:US\s*\$|\$|USD\b)\s*", re.IGNORECASE)
_CURRENCY_TAIL = re.compile(r"\s*(?:\$|USD|dollars?)$", re.IGNORECASE)
_DURATION_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-zµμ]+)\s*,?\s*(?:and\s+)?")
_TIMES_POWER = re.compile(r"(?<=[\d.])\s*(?:[x×*]|\\times)\s*10\s*(?:\^|\*\*)\s*([+-]?\d{1,6})")
_GROUPED = re.compile(r"(?<=\d)[,_'’](?=\d{3}\b)|(?<=\d)[,_'’](?=\d{3}[^\d])")
_SPACES = re.compile(r"[\u00a0\u2009\u202f\t]+")
_PERIOD_SPLIT = re.compile(r"^(.*?)\s*(?:/|\bper\s+|\ba\s+)\s*([A-Za-zµμ]+)$")


def _period_factor(name: str) -> float | None:
    spec = UNITS.get(name) or UNITS.get(name.lower())
    if spec is not None and spec[1] == TIME:
        return spec[0]
    return None


def unit_factor(unit: str) -> tuple[float, str]:
    """The factor to the base unit and the dimension of a unit name."""
    key = unit.strip()
    if key in UNITS:
        return UNITS[key]
    lowered = key.lower()
    for name, spec in UNITS.items():
        # case-insensitive only where case carries no meaning: only a capital B is a byte,
        # so "gbps" and "mb/s" are bits per second like Gbps and Mb/s
        if len(name) > 3 and name.lower() == lowered and ("B" in name) == ("B" in key):
            return spec
    compound = _PERIOD_SPLIT.match(key)
    if compound:
        head, period = compound.group(1).strip(), compound.group(2)
        seconds = _period_factor(period)
        if seconds is not None:
            if not head:
                return 1.0 / seconds, RATE
            try:
                factor, dim = unit_factor(head)
            except UnknownUnit:
                pass
            else:
                if dim == DATA:
                    return factor / seconds, DATARATE
                if dim == COUNT:
                    return factor / seconds, RATE
                if dim == MONEY:
                    return factor / seconds, MONEY_RATE
                if dim == PRICE:
                    return factor / seconds, STORAGE_PRICE
    raise UnknownUnit(f"unknown unit {unit!r}")


def parse_quantity(text: str, dim: str | None = None) -> Quantity:
    """Read a typed quantity, or raise QuantityError with a message a person can act on.

    ``dim``, the dimension the answer should have, only picks the examples such a message
    suggests (``100 ns, 10 ms`` for a duration); it does not change how the text is read.
    """
    examples, unit_examples = EXAMPLES.get(dim, EXAMPLES[None])
    if not isinstance(text, str) or not text.strip():
        first, second = (examples.split(", ") + [""])[:2]
        such_as = f"{first} or {second}" if second else first
        raise QuantityError(f"could not read an empty answer; type a number such as {such_as}")
    if len(text) > 80:
        raise QuantityError("could not read that: the answer is too long")
    shown = text.strip()
    cleaned = _SPACES.sub(" ", shown).lstrip("~≈").strip()
    if cleaned.lower().startswith("about "):
        cleaned = cleaned[6:].strip()
    cleaned = _dollar_unit_last(cleaned)
    cleaned = _TIMES_POWER.sub(lambda m: "e" + m.group(1), cleaned)
    cleaned = _GROUPED.sub("", cleaned)
    duration = _duration_in_parts(cleaned)
    if duration is not None:
        return duration
    money = _CURRENCY_HEAD.match(cleaned) or _CURRENCY_TAIL.search(cleaned)
    if money:
        cleaned = (cleaned[money.end():] if money.start() == 0 else cleaned[:money.start()]).strip()
    power = _POWER.match(cleaned)
    try:
        if power:
            number, rest = float(power.group(1)) ** int(power.group(2)), power.group(3)
        else:
            match = _NUMBER.match(cleaned)
            if not match:
                raise QuantityError(f"could not read {shown!r} as a number (try {examples})")
            number = float(match.group(1))
            rest = match.group(2)
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, QuantityError):
            raise
        raise QuantityError(f"could not read {shown!r}: the number is too large") from None
    if not math.isfinite(number):
        raise QuantityError(f"could not read {shown!r}: the number is too large")
    multiplier, unit = _split_suffix(rest, shown, unit_examples)
    value = number * multiplier
    if money:
        if unit is not None:
            raise QuantityError(f"could not read {shown!r}: an amount of money takes no other unit "
                                "(try $1.1M or 1.1M USD)")
        unit = "$"
    if unit is None:
        if not math.isfinite(value):
            raise QuantityError(f"could not read {shown!r}: the number is too large")
        return Quantity(value, COUNT, None)
    factor, dim = unit_factor(unit)
    total = value * factor
    if not math.isfinite(total):
        raise QuantityError(f"could not read {shown!r}: the number is too large")
    return Quantity(total, dim, unit)


def _duration_in_parts(text: str) -> Quantity | None:
    """``8 h 46 min``, ``8h46m``, ``1 day 2 hours``: two or more parts, each a time unit."""
    parts, pos = [], 0
    while pos < len(text):
        match = _DURATION_PART.match(text, pos)
        if not match or match.end() == pos:
            return None
        parts.append((float(match.group(1)), match.group(2)))
        pos = match.end()
    if len(parts) < 2:
        return None
    total = 0.0
    for number, name in parts:
        spec = UNITS.get(name) or UNITS.get(name.lower()) or (UNITS["min"] if name == "m" else None)
        if spec is None or spec[1] != TIME:
            return None
        total += number * spec[0]
    return Quantity(total, TIME, parts[0][1])


def _is_unit(text: str) -> bool:
    try:
        unit_factor(text)
    except UnknownUnit:
        return False
    return True


def _split_suffix(rest: str, original: str, unit_examples: str = EXAMPLES[None][1]) -> tuple[float, str | None]:
    rest = rest.strip()
    if not rest:
        return 1.0, None
    if _is_unit(rest):
        return 1.0, rest
    head, _, tail = rest.partition(" ")
    candidates = [(head, tail.strip())] if tail else []
    candidates += [(rest[:n], rest[n:].strip()) for n in (1, 2, 3, 4, 7, 8) if n < len(rest)]
    for mult, unit in candidates:
        if mult in MULTIPLIERS:
            if not unit:
                return MULTIPLIERS[mult], None
            if _is_unit(unit):
                return MULTIPLIERS[mult], unit
    if rest in MULTIPLIERS:
        return MULTIPLIERS[rest], None
    raise QuantityError(f"could not read the unit {rest!r} in {original.strip()!r}{_did_you_mean(rest)} "
                        f"(try {unit_examples})")


def _did_you_mean(typed: str) -> str:
    """' — did you mean Gbps?' for a unit typed with a slip (Gbsp), '' when nothing is close."""
    import difflib

    if len(typed) < 3:
        return ""
    names = [name for name in UNITS if len(name) >= 2]
    close = difflib.get_close_matches(typed, names, n=1, cutoff=0.7)
    return f" — did you mean {close[0]}?" if close else ""



def dimension_of(unit: str | None) -> str:
    """The dimension a unit measures (a bare number is a count)."""
    return COUNT if not unit else unit_factor(unit)[1]


# --- writing quantities ---------------------------------------------------------------

def format_number(value: float, sig: int = 3) -> str:
    """A number as a person writes it: 23,148 · 55.6 · 0.864 · 1.1e+18."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    magnitude = abs(value)
    if magnitude >= 1e15 or magnitude < 1e-4:
        mantissa, _, exponent = f"{value:.{sig - 1}e}".partition("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{exponent}"
    rounded = float(f"{value:.{sig}g}")
    if abs(rounded) >= 1000:  # whole numbers keep every digit: 23,148 rather than 23,100
        decimals = max(0, sig - 1 - math.floor(math.log10(abs(value))))
        text = f"{value:,.{decimals}f}"
    else:
        decimals = max(0, sig - 1 - math.floor(math.log10(abs(rounded))))
        text = f"{rounded:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def period_of(unit: str | None) -> tuple[str, str] | None:
    """For a per-period unit such as ``TB/day`` or ``/day``: (the head, the period name)."""
    if not unit:
        return None
    if unit in ("/day", "per-day"):
        return "", "day"
    if unit in ("/min", "rpm"):
        return "", "min"
    if unit in UNITS:  # rps, GB/s, Gbps …: per-second units are written as they are
        return None
    match = _PERIOD_SPLIT.match(unit.strip())
    if match and _period_factor(match.group(2)) is not None:
        return match.group(1).strip(), match.group(2)
    return None


_PROSE = {"y": "years", "yr": "years", "yrs": "years", "d": "days", "mo": "months", "wk": "weeks", "h": "hours"}
_PERIOD_WORDS = {"d": "day", "h": "hour", "s": "second", "y": "year", "min": "minute", "mo": "month", "wk": "week"}


def unit_label(unit: str | None, *, prose: bool = False, number: str = "") -> str:
    """How a unit is written after a number: ``TB/day``, or ``TB per day`` in prose.

    In prose, ``y``/``d``/``mo`` become years/days/months (singular after the number 1).
    """
    if not unit:
        return ""
    if prose:
        split = period_of(unit)
        if split is not None:
            head, period = split
            return f"{head} per {_PERIOD_WORDS.get(period, period)}".strip()
        if unit in _PROSE:
            word = _PROSE[unit]
            return word[:-1] if number == "1" else word
    if number == "1" and unit in _SINGULAR:  # "1 shard", not "1 shards"
        return _SINGULAR[unit]
    return unit


def format_quantity(value: float, unit: str | None = None, *, sig: int = 3, prose: bool = False) -> str:
    """A base-unit value written in ``unit`` (any unit parse_quantity reads), e.g. 55.6 Gbps.

    Whole numbers from 1,000 up keep all their digits with thousands separators; smaller
    ones keep ``sig`` significant figures. ``prose`` writes ``TB per day`` for ``TB/day``.
    """
    if not unit:
        return format_number(value, sig)
    factor, _ = unit_factor(unit)
    number = format_number(value / factor, sig)
    return with_unit(number, unit, prose=prose)


_LADDERS = {
    DATA: ["B", "KB", "MB", "GB", "TB", "PB", "EB"],
    DATARATE: ["bps", "Kbps", "Mbps", "Gbps", "Tbps"],
    TIME: ["ns", "us", "ms", "s", "min", "h", "d", "y"],
}
_BYTE_RATES = ["B/s", "KB/s", "MB/s", "GB/s", "TB/s", "PB/s"]


def best_unit(value: float, dim: str, *, bits: bool = True) -> str | None:
    """The unit that writes ``value`` with 1–3 digits before the point (SI, bits for bandwidth)."""
    if dim == RATE:
        return "rps"
    if dim == FRACTION:
        return "%"
    ladder = _LADDERS.get(dim)
    if ladder is None:
        return None
    if dim == DATARATE and not bits:
        ladder = _BYTE_RATES
    chosen = ladder[0]
    for unit in ladder:
        if abs(value) >= unit_factor(unit)[0] * 0.9995:
            chosen = unit
    return chosen


def approx(value: float, dim: str | None = None, unit: str | None = None) -> str:
    """A rounded reading for people: ``≈ 1.1 EB``, ``≈ 23k rps``, ``≈ 2 bn per day``."""
    if unit is None and dim is not None:
        unit = best_unit(value, dim)
    if unit is None:
        return "≈ " + count_words(value, short=True)
    factor, unit_dim = unit_factor(unit)
    if unit_dim in (RATE, COUNT):
        return f"≈ {count_words(value / factor, short=True)} {unit_label(unit, prose=True)}"
    if unit_dim in MONEY_DIMS:
        number = count_words(value / factor, short=True).replace(" bn", "bn")
        return "≈ " + with_unit(number, unit, prose=True)
    return "≈ " + format_quantity(value, unit, sig=2, prose=True)


def count_words(value: float, *, short: bool = False) -> str:
    """Large counts in words: 100 million, 2.5 billion (or 100M, 2.5 bn when short)."""
    magnitude = abs(value)
    for size, long_name, short_name in ((1e12, " trillion", "T"), (1e9, " billion", " bn"), (1e6, " million", "M"), (1e3, " thousand", "k")):
        if magnitude >= size * 0.9995 and (short or size >= 1e6):
            return f"{float(f'{value / size:.2g}'):g}{short_name if short else long_name}"
    return format_number(value, 2 if short else 3)


def sci(value: float) -> str:
    """One significant figure in powers of ten, the way one does it in one's head: 2×10^4."""
    if value == 0 or not math.isfinite(value):
        return format_number(value)
    exponent = math.floor(math.log10(abs(value)))
    mantissa = round(value / 10**exponent)
    if abs(mantissa) >= 10:
        mantissa //= 10
        exponent += 1
    if -1 <= exponent <= 3:
        return format_number(mantissa * 10.0**exponent)
    return f"{mantissa}×10^{exponent}" if mantissa != 1 else f"10^{exponent}"


def round1(value: float) -> float:
    """``value`` rounded to one significant figure."""
    if value == 0 or not math.isfinite(value):
        return value
    exponent = math.floor(math.log10(abs(value)))
    return round(value / 10**exponent) * 10.0**exponent


def readable_quantity(value: float, unit: str | None, *, prose: bool = True) -> str:
    """``value`` in ``unit``, unless that needs an exponent: then in the unit that reads best
    (1e-07 s is written 100 ns, 2.5e9 B/s stays in bytes: 2.5 GB/s)."""
    if unit:
        factor, dim = unit_factor(unit)
        number = value / factor
        if number and (abs(number) < 1e-3 or abs(number) >= 1e7) and dim in _LADDERS:
            head = unit.split("/")[0]
            better = best_unit(value, dim, bits="B" not in head)
            if better:
                return format_quantity(value, better, prose=prose)
    return format_quantity(value, unit, prose=prose)
