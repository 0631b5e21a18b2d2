"""JSON output without ``NaN`` or ``Infinity`` (strict JSON any parser reads).

Python's :mod:`json` writes ``NaN`` for a missing float by default, which strict parsers
(JavaScript's ``JSON.parse``, ``jq``, most other languages) reject: every JSON file the
command line writes goes through :func:`dumps`, which turns non-finite floats into ``null``
and rounds quantities (:data:`QUANTITY_UNITS`).
Every JSON file the command line reads goes through :func:`loads`, which refuses an integer
of thousands of digits with its line and column.
Internal to the package (see :mod:`supplychain`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

import numpy as np

__all__ = [
    "QUANTITY_DECIMALS",
    "QUANTITY_KEYS",
    "QUANTITY_UNITS",
    "SIGNIFICANT_DIGITS",
    "as_written",
    "dumps",
    "jsonable",
    "loads",
    "round_significant",
    "rounded",
]

#: Significant digits of every float the command line writes (JSON files through :func:`dumps`,
#: CSV through supplychain.scenarios.store.write_safe_csv; Parquet tables keep every bit):
#: a baseline of 10,626 m3/day less a scenario's 6,026 is written 4600.0, not
#: 4600.00000000002 (the last bits of two LP solves).
SIGNIFICANT_DIGITS = 12

#: Words of a JSON key that name a quantity's unit (``delivered_m3_per_day``, ``tankers_lost``,
#: ``min_days_of_cover``): :func:`dumps` writes such a float, and every float under such a key
#: whose own key names no unit (``mean``, a city's name), to :data:`QUANTITY_DECIMALS`
#: decimals. The LP solvers meet their constraints to 1e-7 (HiGHS' default primal
#: feasibility tolerance), so a delivery of 4,750 m3/day came out 4749.9999999 and a city
#: served in full 1e-07 m3/day short; a timeline's sums over days and cities drift further
#: (a week's unmet demand of 420 m3 came out 419.999978, a 10-day delivery of 47,320 m3
#: 47319.9999987). Other floats (probabilities, costs, coordinates, seconds) keep
#: :data:`SIGNIFICANT_DIGITS`. The CSV and Parquet tables are not rounded so.
QUANTITY_UNITS: frozenset[str] = frozenset({"m3", "tankers", "trucks", "convoys", "days", "pct", "km"})
#: Keys of quantities whose name gives no unit of :data:`QUANTITY_UNITS`: counts of attacks and
#: of closures per draw (``attacks``, ``mean_segments_closed``, ``mean_border_posts_closed``),
#: a day number (``first_dry_day_when_dry``) and a timeline's escort units needed
#: (``escort_units_needed``: its units a day, ``mean_per_day`` and ``max_per_day``, overall and
#: per week). Rounded as quantities, to :data:`QUANTITY_DECIMALS` decimals (a mean of 1/3
#: attack was written 0.333333333333, a mean of 3.642857 units a day 3.64285713921).
QUANTITY_KEYS: frozenset[str] = frozenset({"attacks", "mean_segments_closed", "mean_border_posts_closed",
                                           "first_dry_day_when_dry", "escort_units_needed"})
#: Decimal places of a quantity in a JSON file (see :data:`QUANTITY_UNITS`): a litre of m3, a
#: thousandth of a tanker, truck, convoy, day (86 s), percentage point or km (1 m)
#: (assumption: below anything the project reads or prints, above the timelines' drift).
QUANTITY_DECIMALS = 3


def jsonable(value: Any) -> Any:
    """A copy of ``value`` that :func:`json.dumps` accepts without ``NaN`` or ``Infinity``.

    numpy scalars and arrays become Python numbers and lists, non-finite floats ``None``,
    tuples and sets lists, paths and dates strings, and mapping keys strings. Floats are kept
    exactly (the report embeds data with it); :func:`dumps` rounds them.

    Parameters
    ----------
    value : object
        Any nesting of mappings, sequences, sets, numbers, strings, dates and paths.

    Returns
    -------
    object
        The same nesting of dicts (string keys), lists, ints, floats, bools, strings and None.

    Examples
    --------
    >>> jsonable({"a": (1, float("nan")), 2: np.float64(0.5)})
    {'a': [1, None], '2': 0.5}
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | np.integer) and not isinstance(value, np.bool_):
        return int(value)
    if isinstance(value, float | np.floating):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    return str(value)


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """Strict JSON text of ``value`` (see :func:`jsonable`), UTF-8 characters kept, quantities
    (:data:`QUANTITY_UNITS`, :data:`QUANTITY_KEYS`) to :data:`QUANTITY_DECIMALS` decimals, every float to
    :data:`SIGNIFICANT_DIGITS` significant digits.

    Parameters
    ----------
    value : object
    indent : int or None, default 2

    Returns
    -------
    str

    Examples
    --------
    >>> dumps({"observed": float("nan"), "day": dt.date(2025, 9, 1)}, indent=None)
    '{"observed": null, "day": "2025-09-01"}'
    >>> dumps({"lost": 10626.00000000002 - 6026}, indent=None)
    '{"lost": 4600.0}'
    >>> dumps({"delivered_m3_per_day": 4749.9999999, "unmet_m3": {"mean": -1e-07}}, indent=None)
    '{"delivered_m3_per_day": 4750.0, "unmet_m3": {"mean": 0.0}}'
    >>> dumps({"attacks": {"mean": 1 / 3, "p50": 0.0}, "draws": 3, "p_dry": 1 / 3}, indent=None)
    '{"attacks": {"mean": 0.333, "p50": 0.0}, "draws": 3, "p_dry": 0.333333333333}'
    """
    return json.dumps(rounded(value), indent=indent, ensure_ascii=False, allow_nan=False)


def rounded(value: Any) -> Any:
    """``value`` as the JSON file holds it: :func:`jsonable`, then every float rounded as
    :func:`dumps` rounds it. A figure the text prints from a value the report reads back from
    the JSON file must be formatted from this, or the two can disagree at a rounding boundary
    (a per-week rate of 6.2504 printed 6.3 where the file's 6.250 reads 6.2).

    Parameters
    ----------
    value : object

    Returns
    -------
    object
        Plain Python data (dict, list, str, int, float, bool, None).

    Examples
    --------
    >>> rounded({"convoys": 43.7502999, "p": 0.1 + 0.2})
    {'convoys': 43.75, 'p': 0.3}
    """
    return _rounded(jsonable(value))


def as_written(value: Any) -> float:
    """A quantity as the JSON files write it (:data:`QUANTITY_DECIMALS` decimals) when it
    differs from that by a solver's round-off only (1e-9 relative, 1e-9 absolute) or is
    written as 0, else as it is, for a text or a report that prints it with fewer decimals.

    Formatted from the LP's round-off, a figure at a rounding boundary printed otherwise than
    the file's: 1,791.69999999999 m³/day is 38.9499999999998 tankers/day, "38.9", where the
    file's 38.95 reads "39.0". A figure that really has more decimals is not rounded twice
    (1.2346 is "1.23", not "1.24" by way of 1.235; review33). Not finite: as it is.

    Parameters
    ----------
    value : float
        A number (a numpy or pandas scalar too).

    Returns
    -------
    float

    Examples
    --------
    >>> f"{1791.69999999999 / 46:.1f}", f"{as_written(1791.69999999999 / 46):.1f}", as_written(-1e-07)
    ('38.9', '39.0', 0.0)
    >>> f"{as_written(1.2346):.2f}", f"{as_written(0.4496):.1f}"
    ('1.23', '0.4')
    """
    f = float(value)
    if not math.isfinite(f):
        return f
    written = round(f, QUANTITY_DECIMALS) + 0.0
    # Written as 0 (not "-0.0" once printed: a loss of -1e-7 m3/day), or round-off only.
    return written if written == 0.0 or math.isclose(f, written, rel_tol=1e-9, abs_tol=1e-9) else f


def round_significant(value: float) -> float:
    """``value`` cut to :data:`SIGNIFICANT_DIGITS` significant digits (what the JSON and CSV
    files hold).

    Parameters
    ----------
    value : float

    Returns
    -------
    float

    Examples
    --------
    >>> round_significant(10626.00000000002 - 6026)
    4600.0
    """
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def _names_unit(key: str) -> bool:
    """Whether a word of ``key`` (``_``-separated) is in :data:`QUANTITY_UNITS`, or ``key`` is
    one of :data:`QUANTITY_KEYS`."""
    return key in QUANTITY_KEYS or not QUANTITY_UNITS.isdisjoint(key.split("_"))


def _rounded(value: Any, quantity: bool = False) -> Any:
    """``value`` (from :func:`jsonable`) with every float cut to SIGNIFICANT_DIGITS, and each
    quantity (``quantity``: its enclosing key names a unit, :data:`QUANTITY_UNITS`) to
    QUANTITY_DECIMALS decimals first."""
    if isinstance(value, float):
        if quantity:  # + 0.0: -1e-07 is written 0.0, not -0.0
            value = round(value, QUANTITY_DECIMALS) + 0.0
        return round_significant(value)
    if isinstance(value, dict):
        return {k: _rounded(v, quantity or _names_unit(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v, quantity) for v in value]
    return value


#: Digits past which an integer literal is refused without converting it: Python refuses to
#: convert more than 4,300 (``sys.get_int_max_str_digits``), with advice for programmers.
#: Shorter integers past any float (309 digits and more) are read, for the readers' own
#: checks to name their key (``'draws' = 10000...  is too large a number``).
_MAX_DIGITS = 4000


def _parse_int(literal: str) -> int:
    digits = len(literal) - literal.startswith("-")
    if digits > _MAX_DIGITS:
        raise _TooLongError(literal, digits)
    return int(literal)


class _TooLongError(ValueError):
    def __init__(self, literal: str, digits: int) -> None:
        self.literal, self.digits = literal, digits
        super().__init__(literal[:12])


#: A JSON string (skipped whole) or number token, for :func:`loads`'s search of an integer.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?')


def loads(text: str | bytes) -> Any:
    r"""Parse JSON text as :func:`json.loads` does, refusing integers of over 4,000 digits.

    Python's own refusal of such an integer (past 4,300 digits) advised programmers to raise
    ``sys.set_int_max_str_digits`` and named no place in the file (fuzz29). It is refused
    here, with its line and column, as a :class:`json.JSONDecodeError` (a ``ValueError``),
    the error a malformed file raises. Shorter integers past any float are read: each
    reader's checks name the key holding one.

    Parameters
    ----------
    text : str or bytes
        A JSON document (bytes as :func:`json.loads` reads them: UTF-8, -16 or -32; Parquet
        metadata values are bytes).

    Returns
    -------
    object

    Raises
    ------
    json.JSONDecodeError
        If the text is not JSON, or holds an integer of over 4,000 digits.

    Examples
    --------
    >>> loads('{"days": 181, "x": -17.4}')
    {'days': 181, 'x': -17.4}
    >>> try:
    ...     loads(b'{"x": 0.' + b"9" * 5000 + b',\n "days": ' + b"9" * 5000 + b"}")
    ... except ValueError as exc:
    ...     print(exc)
    an integer of 5000 digits (999999999999...) is past any number supplychain reads: line 2 column 10 (char 5019)
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # Python's limit on integer digits: parsed again to find the integer
        pass
    # The hook costs about as much as the parse itself on a file of integers: only here.
    doc = text.decode(json.detect_encoding(text)) if isinstance(text, bytes | bytearray) else text
    try:
        return json.loads(doc, parse_int=_parse_int)
    except _TooLongError as exc:
        # json.loads does not say where parse_int failed: the literal's first place in the
        # text as a number token, strings skipped whole (a search for the digits alone named
        # the same digits inside a string before it).
        found = next((m.start() for m in _TOKENS.finditer(doc) if m.group() == exc.literal), 0)
        shown = exc.literal if len(exc.literal) <= 15 else exc.literal[:12] + "..."
        raise json.JSONDecodeError(f"an integer of {exc.digits} digits ({shown}) is past any number "
                                   "supplychain reads", doc, found) from None
