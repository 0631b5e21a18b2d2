"""Incidents: geocoded attacks (ACLED or UCDP GED exports) turned into segment attack risk.

Input formats
-------------
The format is detected from the CSV header (or forced with ``format=``):

ACLED export (acleddata.com)
    Required columns ``event_date`` (``2025-09-14`` or ``14 September 2025``; ``14/09/2025``
    or ``09/14/2025``, the day or the month first as the file's dates above 12 say),
    ``event_type``, ``latitude``, ``longitude``; optional ``sub_event_type``, ``fatalities``,
    ``event_id_cnty`` (the incident id), ``location``, ``notes``.
UCDP GED (ucdp.uu.se)
    Required columns ``date_start`` (``2025-09-14``, a time part is ignored), ``latitude``,
    ``longitude``, ``type_of_violence`` (1 state-based conflict, 2 non-state conflict,
    3 one-sided violence); optional ``id``, ``best`` (fatalities), ``where_coordinates``.

Threat model
------------
An incident ``i`` raises the threat of every segment whose line comes within ``buffer_km``
(default 10 km) of it. Its weight decays with its age relative to a reference date (default:
the latest incident kept)::

    w_i = 0.5 ** (age_days_i / half_life_days)            (default half-life 30 days)

Each incident is taken as an independent chance ``base_probability * w_i`` (default
``base_probability`` = 0.05, an ASSUMPTION, not a measured rate) that the segment is attacked
in one planning window (one Monte Carlo draw, e.g. a day of convoys)::

    p_segment = 1 - prod_i (1 - base_probability * w_i)

so ``p`` lies in [0, 1], grows with every nearby incident and shrinks as they age. Incidents
dated after the reference date are ignored (they had not happened yet).

Over 500 lines on purpose: 35 of them are the format and threat-model documentation above,
and the two readers (ACLED, UCDP GED) and the risk model share the parsed :class:`Incident`.
"""

from __future__ import annotations

import csv
import logging
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import networkx as nx
import pandas as pd

from supplychain._csv import is_separator_line, separator_of
from supplychain._names import suggest
from supplychain._paths import as_path
from supplychain._toml import binary_kind, refuse_not_a_file
from supplychain.errors import ArgumentError, ArgumentTypeError, DataFileError, ParameterError
from supplychain.scenarios.selectors import _SegmentIndex

__all__ = [
    "ACLED_COLUMNS",
    "DEFAULT_BASE_PROBABILITY",
    "DEFAULT_BUFFER_KM",
    "DEFAULT_HALF_LIFE_DAYS",
    "UCDP_COLUMNS",
    "UCDP_VIOLENCE_TYPES",
    "Contribution",
    "Incident",
    "IncidentThreat",
    "combine_probabilities",
    "decay_weight",
    "detect_format",
    "filter_incidents",
    "format_probability",
    "incident_threat",
    "read_incidents",
]

logger = logging.getLogger(__name__)

IncidentFormat = Literal["acled", "ucdp"]

#: Required columns of an ACLED export.
ACLED_COLUMNS: tuple[str, ...] = ("event_date", "event_type", "latitude", "longitude")
#: Required columns of a UCDP GED export.
UCDP_COLUMNS: tuple[str, ...] = ("date_start", "latitude", "longitude", "type_of_violence")
#: UCDP ``type_of_violence`` codes.
UCDP_VIOLENCE_TYPES: dict[str, str] = {
    "1": "state-based conflict",
    "2": "non-state conflict",
    "3": "one-sided violence",
}
#: Incidents raise the threat of segments within this distance (km).
DEFAULT_BUFFER_KM = 10.0
#: An incident's weight halves every this many days.
DEFAULT_HALF_LIFE_DAYS = 30.0
#: Chance that one fresh incident nearby means an attack in one window (ASSUMPTION).
DEFAULT_BASE_PROBABILITY = 0.05

_REQUIRED: dict[IncidentFormat, tuple[str, ...]] = {"acled": ACLED_COLUMNS, "ucdp": UCDP_COLUMNS}
_DATE_COLUMN: dict[IncidentFormat, str] = {"acled": "event_date", "ucdp": "date_start"}


@dataclass(frozen=True)
class Incident:
    """One geocoded attack.

    Parameters
    ----------
    id : str
        ``event_id_cnty`` (ACLED) or ``id`` (UCDP), else ``row<N>``.
    date : datetime.date
    event_type : str
        ACLED ``event_type``; UCDP: the ``type_of_violence`` name.
    lat, lon : float
        WGS84.
    sub_event_type : str
        ACLED ``sub_event_type`` (``""`` if none).
    fatalities : int or None
        ACLED ``fatalities`` or UCDP ``best``.
    location : str
        ACLED ``location`` or UCDP ``where_coordinates``.
    row : int
        Data row in the file (1 = first row after the header).

    Examples
    --------
    >>> Incident("MLI1", date(2025, 9, 14), "Battles", 14.4, -11.4).label
    'MLI1 2025-09-14 Battles'
    """

    id: str
    date: date
    event_type: str
    lat: float
    lon: float
    sub_event_type: str = ""
    fatalities: int | None = None
    location: str = ""
    row: int = 0

    @property
    def label(self) -> str:
        """Id, date and type (with the sub-type when there is one)."""
        kind = f"{self.event_type}/{self.sub_event_type}" if self.sub_event_type else self.event_type
        return f"{self.id} {self.date.isoformat()} {kind}"


@dataclass(frozen=True)
class Contribution:
    """What one incident adds to one segment's threat.

    Parameters
    ----------
    incident : Incident
    distance_km : float
        From the incident to the segment's line.
    age_days : int
        Reference date minus incident date.
    weight : float
        ``0.5 ** (age_days / half_life_days)``.
    probability : float
        ``base_probability * weight``.

    Examples
    --------
    >>> inc = Incident("MLI1", date(2025, 9, 14), "Battles", 14.4, -11.4)
    >>> print(Contribution(inc, 4.96, 30, 0.5, 0.025).explanation)
    incident MLI1 2025-09-14 Battles: 5.0 km away, 30 days old, weight 0.500, p 0.0250
    """

    incident: Incident
    distance_km: float
    age_days: int
    weight: float
    probability: float

    @property
    def explanation(self) -> str:
        """One line: incident id, date, type, distance, age, weight and probability."""
        place = f" at {self.incident.location}" if self.incident.location else ""
        return (
            f"incident {self.incident.label}{place}: {self.distance_km:.1f} km away, "
            f"{self.age_days} days old, weight {format_probability(self.weight, decimals=3)}, p {format_probability(self.probability)}"
        )


@dataclass(frozen=True)
class IncidentThreat:
    """Attack probability per segment from incidents, with the incidents behind each.

    Parameters
    ----------
    probability : dict of str to float
        ``segment_id`` to the attack probability per window (only segments near an incident).
    contributions : dict of str to list of Contribution
        The incidents behind each probability, nearest-in-time first.
    reference_date : datetime.date or None
        The date ages are measured to (``None`` when there were no incidents).
    buffer_km, half_life_days, base_probability : float
        The model parameters used.
    incidents_used : int, default 0
        Incidents counted: those on or before the reference date.

    Examples
    --------
    >>> IncidentThreat({}, {}, None, 10.0, 30.0, 0.05).explanations
    {}
    """

    probability: dict[str, float]
    contributions: dict[str, list[Contribution]]
    reference_date: date | None
    buffer_km: float
    half_life_days: float
    base_probability: float
    incidents_used: int = field(default=0)

    @property
    def explanations(self) -> dict[str, list[str]]:
        """Segment id to one line per contributing incident.

        Returns
        -------
        dict of str to list of str
            The keys of ``contributions``, each with its :attr:`Contribution.explanation`
            lines in the same order (nearest in time first).
        """
        return {s: [c.explanation for c in cs] for s, cs in self.contributions.items()}


# --------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------


def format_probability(probability: float, *, decimals: int = 4) -> str:
    """A probability (or weight) as the ``threat`` explanation prints it: ``decimals``
    decimals, and ``<0.0001`` for one above 0 that would print as 0.0000 (an incident 339 days
    old read "p 0.0000" and "weight 0.000" beside one that counts).

    Parameters
    ----------
    probability : float
        A probability (per draw or per day) or an incident's weight.
    decimals : int, default 4
        Decimals printed.

    Returns
    -------
    str
        The text.

    Examples
    --------
    >>> format_probability(0.0315), format_probability(4e-6), format_probability(0.0)
    ('0.0315', '<0.0001', '0.0000')
    >>> format_probability(0.0004, decimals=3), format_probability(0.63, decimals=3)
    ('<0.001', '0.630')
    """
    smallest = 10.0**-decimals
    if 0.0 < probability < smallest / 2:
        return f"<{smallest:.{decimals}f}"
    return f"{probability:.{decimals}f}"


def decay_weight(age_days: float, *, half_life_days: float = DEFAULT_HALF_LIFE_DAYS) -> float:
    """Weight of an incident ``age_days`` old: ``0.5 ** (age_days / half_life_days)``.

    Parameters
    ----------
    age_days : float
        Days between the incident and the reference date (>= 0).
    half_life_days : float, default 30
        Keyword-only. Days for the weight to halve (> 0).

    Returns
    -------
    float
        In (0, 1]; 1 for a fresh incident.

    Raises
    ------
    ArgumentError
        If ``half_life_days <= 0`` or ``age_days < 0`` (a ``ParameterError`` and a
        ``ValueError``); an :class:`~supplychain.errors.ArgumentTypeError` if either is not a
        number.

    Examples
    --------
    >>> decay_weight(30, half_life_days=30)
    0.5
    >>> decay_weight(0)
    1.0
    """
    for name, value in (("age_days", age_days), ("half_life_days", half_life_days)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):  # '3' met a bare TypeError (api37)
            raise ArgumentTypeError(f"{name} = {value!r}: give a number of days")
    if not half_life_days > 0:
        raise ArgumentError(
            f"half_life_days = {half_life_days!r}; give the days for a weight to halve (> 0, "
            f"e.g. {DEFAULT_HALF_LIFE_DAYS:g})"
        )
    if not age_days >= 0:
        raise ArgumentError(
            f"age_days = {age_days!r}; an incident's age must be >= 0 (leave out incidents "
            "after the reference date)"
        )
    return float(0.5 ** (age_days / half_life_days))


def combine_probabilities(probabilities: Iterable[float]) -> float:
    """Chance that at least one of independent events happens: ``1 - prod(1 - p)``.

    Parameters
    ----------
    probabilities : iterable of float
        Each clipped to [0, 1].

    Returns
    -------
    float
        In [0, 1]; 0 for no events.

    Examples
    --------
    >>> combine_probabilities([0.5, 0.5])
    0.75
    >>> combine_probabilities([])
    0.0
    """
    survive = 1.0
    for p in probabilities:
        survive *= 1.0 - min(max(float(p), 0.0), 1.0)
    return min(max(1.0 - survive, 0.0), 1.0)


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def detect_format(columns: Iterable[str], *, path: str | Path = "<incidents>") -> IncidentFormat:
    """Tell an ACLED export from a UCDP GED export by its columns.

    Parameters
    ----------
    columns : iterable of str
        The CSV header.
    path : str or Path, default "<incidents>"
        Keyword-only. Named in the error message.

    Returns
    -------
    {"acled", "ucdp"}

    Raises
    ------
    DataFileError
        If neither format's required columns are all present (naming the missing ones).

    Examples
    --------
    >>> detect_format(["event_date", "event_type", "latitude", "longitude", "notes"])
    'acled'
    >>> detect_format(["id", "date_start", "latitude", "longitude", "type_of_violence"])
    'ucdp'
    """
    header = [str(c).strip() for c in columns]
    cols = {c.lower() for c in header}
    for fmt, required in _REQUIRED.items():
        if set(required) <= cols:
            return fmt
    missing = {fmt: [c for c in req if c not in cols] for fmt, req in _REQUIRED.items()}
    closest: IncidentFormat = min(missing, key=lambda f: len(missing[f]))
    raise DataFileError(
        f"Incident file '{Path(path).name}' is neither an ACLED nor a UCDP GED export: "
        f"it looks most like {closest.upper()} but lacks column(s) "
        f"{', '.join(missing[closest])}. ACLED needs {', '.join(ACLED_COLUMNS)}; UCDP GED needs "
        f"{', '.join(UCDP_COLUMNS)} (columns found: {', '.join(sorted(cols)) or 'none'})"
        f"{_separator_hint(header)}."
    )


def _separator_hint(header: list[str]) -> str:
    """What to add when a CSV header that lacks the columns was written by a spreadsheet: a
    ``sep=`` line before it, or semicolons or tabs between its names (one column holding
    them all). Both were listed as the columns found, the cause unsaid (fuzz30), where the
    observed-arrivals CSV says them.

    Examples
    --------
    >>> _separator_hint(["a;b;c"]), _separator_hint(["sep=", "Unnamed: 1"])
    ('; its header is separated by semicolons: save the file with commas', "; its first line 'sep=,' is a spreadsheet's separator line, not the header: delete it")
    >>> _separator_hint(["event_date", "latitude"])
    ''
    """
    if header and header[0].lower().startswith("sep=") and len(header[0]) <= 5:
        shown = header[0] if len(header[0]) == 5 else f"{header[0]},"  # "sep=," is split at its comma
        return f"; its first line {shown!r} is a spreadsheet's separator line, not the header: delete it"
    if len(header) == 1:
        sep = next((name for c, name in ((";", "semicolons"), ("\t", "tabs")) if c in header[0]), None)
        if sep:
            return f"; its header is separated by {sep}: save the file with commas"
    return ""


#: A date written with slashes: 03/09/2025 (3 September in Europe, 9 March in the US).
_SLASHED = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")


class _AmbiguousDateError(ValueError):
    """A slashed date whose day and month may be read either way (both 12 or less)."""


def _slash_order(values: Iterable[str]) -> str | None:
    """Which number comes first in the slashed dates among ``values``: ``"day"`` when one of
    them has a first number above 12 and none a second, ``"month"`` the other way round, else
    None (no slashed date says, or they say both).

    Examples
    --------
    >>> _slash_order(["03/09/2025", "14/09/2025"]), _slash_order(["09/14/2025"])
    ('day', 'month')
    >>> _slash_order(["03/09/2025", "2025-09-14"]) is None
    True
    """
    pairs = [(int(m.group(1)), int(m.group(2))) for v in values if (m := _SLASHED.fullmatch(v))]
    day_first = any(a > 12 for a, _ in pairs)
    month_first = any(b > 12 for _, b in pairs)
    return "day" if day_first and not month_first else "month" if month_first and not day_first else None


def _parse_date(text: str, slash_order: str | None = None) -> date:
    """The date ``text`` writes; a bare ValueError otherwise, which both callers catch and
    turn into a message naming the file, row and column (or the argument).

    A slashed date (``03/09/2025``) is read with its day first or its month first as
    ``slash_order`` says (``"day"`` or ``"month"``, from the file's other dates), else as its
    numbers say (one above 12 is the day); when they cannot say, an :class:`_AmbiguousDateError`.
    Every slashed date was read day first: a US export's 09/03/2025 (3 September) was 9 March,
    unsaid (fuzz30).
    """
    text = text.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    for fmt in ("%d %B %Y", "%d-%B-%Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    slashed = _SLASHED.fullmatch(text)
    if slashed is None:
        raise ValueError(text)
    a, b, year = (int(g) for g in slashed.groups())
    if not (a and b):
        raise ValueError(text)
    order = slash_order or ("day" if a > 12 else "month" if b > 12 else None)
    if order is None:
        raise _AmbiguousDateError(
            f"{text!r} is {a} {_MONTHS[b - 1]} or {b} {_MONTHS[a - 1]} {year} (no date of the file "
            "says whether the day or the month comes first); write it as YYYY-MM-DD"
        )
    day, month = (a, b) if order == "day" else (b, a)
    return date(year, month, day)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def _as_date(value: date | str | None, what: str) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return _parse_date(str(value))
    except _AmbiguousDateError as exc:
        raise ParameterError(f"{what} {exc}") from None
    except ValueError:
        raise ParameterError(f"{what} {value!r} is not a date; write it as YYYY-MM-DD") from None


def _separator(path: Path) -> str:
    """The incident file's field separator: ``;`` when its first line that is not blank (the
    header, as pandas reads past blank lines) holds semicolons and no comma (an export re-saved
    by a spreadsheet in French, which writes semicolons whatever its save dialog says), else
    ``,``. Unreadable files are left to the reader's own errors; a header that is a
    spreadsheet's separator line (``sep=;``) is a :class:`DataFileError`."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            # A blank line above a header of semicolons gave ',' (csv36), as the observed reader does not.
            number, first = next(((n, line) for n, line in enumerate(fh, start=1) if line.strip()), (1, ""))
    except (OSError, UnicodeDecodeError):
        return ","
    if is_separator_line(first):
        # Excel's "sep=;" above the header was read with commas: pandas' "Error tokenizing data.
        # C error: Expected 1 fields in line 3, saw 4" and "put a value holding a comma in double
        # quotes" (csv36). Refused as the observed-arrivals reader refuses it, named as written.
        raise DataFileError(f"Incident file '{path}' line {number}: {first.strip()!r} is a spreadsheet's separator "
                            "line, not the header; delete it (the header of the ACLED or UCDP GED export "
                            "comes first)")  # fmt: skip
    return separator_of(first)


#: A coordinate written with a decimal comma (in a file of semicolons): never a thousands
#: separator, as no latitude or longitude reaches 1,000.
_COMMA_DECIMAL = re.compile(r"\s*-?[0-9]+,[0-9]+\s*")


def _read_table(path: Path) -> pd.DataFrame:
    refuse_not_a_file(path, f"Incident file '{path}'")
    sep = _separator(path)
    try:
        frame = pd.read_csv(
            path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=True
        )
    except FileNotFoundError:
        raise DataFileError(f"Incident file '{path}' does not exist; check the path.") from None
    except pd.errors.EmptyDataError:
        raise DataFileError(
            f"Incident file '{path}' is empty; export events from ACLED or UCDP GED as CSV."
        ) from None
    except (pd.errors.ParserError, UnicodeDecodeError, csv.Error) as exc:
        with path.open("rb") as fh:
            head = fh.read(16)
        kind = binary_kind(head)
        if kind is not None:  # an ACLED export saved as .xlsx: "not a readable UTF-8 CSV (...)"
            raise DataFileError(f"Incident file '{path}' is {kind}, not a CSV text file; export the "
                                "events as CSV (comma-separated UTF-8).") from None
        if isinstance(exc, UnicodeDecodeError) and head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            # A spreadsheet's "Unicode text" was "'utf-8' codec can't decode byte 0xff in
            # position 0", where the observed-arrivals reader names UTF-16 (csv36).
            raise DataFileError(f"Incident file '{path}' is UTF-16 text (a spreadsheet's 'Unicode text'?); "
                                "save it as CSV UTF-8 (comma-separated).") from None
        if not isinstance(exc, UnicodeDecodeError):
            # A row of more fields than the header was "not a readable UTF-8 CSV (...); save it
            # as comma-separated UTF-8", a fix for a file that was UTF-8 already.
            raise DataFileError(
                f"Incident file '{path}' cannot be read as CSV ({' '.join(str(exc).split())}); put a "
                "value holding a comma in double quotes, and delete lines that are not the table's "
                "(comments, titles above its header)"
            ) from None
        raise DataFileError(
            f"Incident file '{path}' is not a readable UTF-8 CSV ({exc}); save it as "
            "comma-separated UTF-8."
        ) from None
    except OSError as exc:
        raise DataFileError(f"Incident file '{path}' cannot be read: {exc}.") from None
    _check_header(path, sep)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    if sep == ";":  # its decimal comma (12,6392) in the coordinates (fuzz36)
        for column in ("latitude", "longitude"):
            if column in frame.columns:
                frame[column] = frame[column].map(
                    lambda v: v.replace(",", ".") if _COMMA_DECIMAL.fullmatch(v) else v)  # fmt: skip
    return frame


def _check_header(path: Path, sep: str = ",") -> None:
    """No column named twice in the header (case aside, as columns are matched): pandas renames
    the second ``latitude.1`` and its values were ignored without a word."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        # The first record that is not blank, as pandas reads past blank lines (a blank first
        # line left a column named twice unsaid, csv36).
        header = next((r for r in csv.reader(fh, delimiter=sep) if any(f.strip() for f in r)), [])
    names = [name.strip().lower() for name in header]
    twice = sorted({name for name in names if name and names.count(name) > 1})
    if twice:
        raise DataFileError(f"Incident file '{path}' names the column(s) {', '.join(map(repr, twice))} "
                            "more than once in its header (case aside); keep one column of each name")  # fmt: skip


def _float(text: str) -> float:
    """A finite number; a bare ValueError otherwise (as ``float``'s own), which
    :func:`read_incidents` catches and reports with the row and column."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _int_or_none(text: str) -> int | None:
    """A count written in ``text`` (fatalities), None when empty or not a finite number.

    >>> _int_or_none("3"), _int_or_none(""), _int_or_none("many"), _int_or_none("inf")
    (3, None, None, None)
    """
    try:
        return int(float(text)) if text.strip() else None
    except (ValueError, OverflowError):  # OverflowError: "inf", "1e999" (fuzz29)
        return None


def read_incidents(
    path: str | Path,
    *,
    format: IncidentFormat | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
    event_types: Sequence[str] | None = None,
) -> list[Incident]:
    """Read geocoded incidents from an ACLED or UCDP GED CSV export.

    Parameters
    ----------
    path : str or Path
        CSV file (UTF-8, comma-separated, one header row).
    format : {"acled", "ucdp"}, optional
        Force a format; default: detected from the columns (see the module docstring).
    start, end : datetime.date or str, optional
        Keep incidents dated within ``[start, end]`` (inclusive; ``YYYY-MM-DD``).
    event_types : sequence of str, optional
        Keep incidents whose event type or sub-event type is one of these
        (case-insensitive; for UCDP also the codes ``"1"``, ``"2"``, ``"3"``).

    Returns
    -------
    list of Incident
        In file order.

    Raises
    ------
    DataFileError
        If the file is missing, not a CSV, of an unknown format, or has a row whose date or
        coordinates cannot be read (naming the row, the column and the expected value).
    ParameterError
        If ``format`` or a date bound is invalid.

    Examples
    --------
    >>> from supplychain.networks.places import DEFAULT_PLACES_PATH
    >>> incidents = read_incidents(DEFAULT_PLACES_PATH.parent / "incidents-synthetic.csv",
    ...                            event_types=["Battles"])
    >>> {i.event_type for i in incidents}
    {'Battles'}
    """
    path = as_path(path)
    frame = _read_table(path)
    if format is None:
        fmt = detect_format(frame.columns, path=path)
    elif format in _REQUIRED:
        fmt = format
        missing = [c for c in _REQUIRED[fmt] if c not in frame.columns]
        if missing:
            raise DataFileError(
                f"Incident file '{path.name}' lacks the {fmt.upper()} column(s) "
                f"{', '.join(missing)}; required: {', '.join(_REQUIRED[fmt])}."
            )
    else:
        raise ParameterError(f"Incident format {format!r} is unknown; expected 'acled' or 'ucdp'")
    incidents: list[Incident] = []
    problems: list[str] = []
    date_col = _DATE_COLUMN[fmt]

    def get(record: dict[str, str], key: str) -> str:
        return str(record.get(key, "")).strip()

    slash_order = _slash_order(str(v) for v in frame[date_col]) if date_col in frame else None
    seen: dict[str, int] = {}  # an incident's id -> the row it was first given on
    for i, record in enumerate(frame.to_dict("records"), start=1):
        rec = {str(k): str(v) for k, v in record.items()}
        if not any(v.strip() for v in rec.values()):
            # A row of empty cells (";;;;": a spreadsheet saves its formatted rows under the
            # table so) is no incident, read past as the observed-arrivals reader does; it was
            # "'' is not a date" (csv36). Later rows keep their numbers.
            continue
        where = f"'{path.name}' row {i}"
        try:
            when = _parse_date(get(rec, date_col), slash_order)
        except _AmbiguousDateError as exc:
            problems.append(f"{where} column '{date_col}': {exc}")
            continue
        except ValueError:
            problems.append(
                f"{where} column '{date_col}': {get(rec, date_col)!r} is not a date; "
                "expected YYYY-MM-DD (or '14 September 2025')"
            )
            continue
        coords = []
        for col, lo, hi in (("latitude", -90, 90), ("longitude", -180, 180)):
            try:
                value = _float(get(rec, col))
            except ValueError:
                problems.append(f"{where} column '{col}': {get(rec, col)!r} is not a number")
                continue
            if not lo <= value <= hi:
                problems.append(f"{where} column '{col}': {value:g} is outside {lo}..{hi}")
                continue
            coords.append(value)
        if fmt == "acled":
            kind = get(rec, "event_type")
            if not kind:
                problems.append(f"{where} column 'event_type': empty; expected e.g. 'Battles'")
                continue
            ident = get(rec, "event_id_cnty") or f"row{i}"
            sub, location = get(rec, "sub_event_type"), get(rec, "location")
            deaths = _int_or_none(get(rec, "fatalities"))
        else:
            code = get(rec, "type_of_violence")
            code = code[:-2] if code.endswith(".0") else code
            if code not in UCDP_VIOLENCE_TYPES:
                problems.append(
                    f"{where} column 'type_of_violence': {code!r}; expected 1, 2 or 3"
                )
                continue
            kind = UCDP_VIOLENCE_TYPES[code]
            ident = get(rec, "id") or f"row{i}"
            sub, location = "", get(rec, "where_coordinates")
            deaths = _int_or_none(get(rec, "best"))
        id_column = "event_id_cnty" if fmt == "acled" else "id"
        if ident in seen:
            # Two downloads merged with their overlap: the incident counted twice (its segments'
            # attack probability raised as by a second incident), without a word.
            problems.append(
                f"{where} column '{id_column}': {ident!r} is also the id of row {seen[ident]}; an "
                "incident listed twice counts twice: delete the repeated row"
            )
            continue
        seen[ident] = i
        if len(coords) == 2:
            incidents.append(
                Incident(ident, when, kind, coords[0], coords[1], sub, deaths, location, i)
            )
    if problems:
        shown = problems[:20] + ([f"... and {len(problems) - 20} more"] if len(problems) > 20 else [])
        raise DataFileError(
            f"Incident file '{path}' ({fmt.upper()}) has {len(problems)} bad value(s) (rows count "
            "from 1 after the header); fix or delete those rows",
            problems=shown,
        )
    kept = filter_incidents(incidents, start=start, end=end, event_types=event_types)
    for wanted in event_types or ():
        # A typo ("Battle" for "Battles") kept no incident, said only at INFO.
        if not filter_incidents(incidents, event_types=[wanted]):
            known = {i.event_type for i in incidents} | {i.sub_event_type for i in incidents if i.sub_event_type}
            logger.warning("event_types %r matches no incident of %s; %s", wanted, path.name,
                           suggest(wanted, known, "event types", none="the file has no incident"))  # fmt: skip
    logger.info(
        "Read %d %s incidents from %s, kept %d", len(incidents), fmt.upper(), path.name, len(kept)
    )
    return kept


def filter_incidents(
    incidents: Iterable[Incident],
    *,
    start: date | str | None = None,
    end: date | str | None = None,
    event_types: Sequence[str] | None = None,
) -> list[Incident]:
    """Keep incidents within a date range and of some event types.

    Parameters
    ----------
    incidents : iterable of Incident
    start, end : datetime.date or str, optional
        Inclusive bounds (``YYYY-MM-DD``).
    event_types : sequence of str, optional
        Event or sub-event types to keep (case-insensitive); UCDP codes ``"1"``-``"3"`` work too.

    Returns
    -------
    list of Incident

    Raises
    ------
    ParameterError
        If a bound is not a date or ``start`` is after ``end``.

    Examples
    --------
    >>> a = Incident("a", date(2025, 1, 5), "Battles", 14.0, -9.0)
    >>> b = Incident("b", date(2025, 3, 5), "Protests", 14.0, -9.0)
    >>> [i.id for i in filter_incidents([a, b], start="2025-02-01")]
    ['b']
    >>> [i.id for i in filter_incidents([a, b], event_types=["battles"])]
    ['a']
    """
    lo, hi = _as_date(start, "start date"), _as_date(end, "end date")
    if lo is not None and hi is not None and lo > hi:
        raise ParameterError(f"start date {lo} is after end date {hi}; swap them")
    wanted: set[str] | None = None
    if event_types is not None:
        wanted = {t.strip().lower() for t in event_types}
        wanted |= {UCDP_VIOLENCE_TYPES[t] for t in wanted if t in UCDP_VIOLENCE_TYPES}
    return [
        inc
        for inc in incidents
        if (lo is None or inc.date >= lo)
        and (hi is None or inc.date <= hi)
        and (wanted is None or {inc.event_type.lower(), inc.sub_event_type.lower()} & wanted)
    ]


def _say_if_off_the_network(index: _SegmentIndex, used: Sequence[Incident], near: Sequence[dict[str, float]],
                            buffer_km: float) -> None:  # fmt: skip
    """Warn when the incidents' latitude and longitude look swapped (read the other way round,
    more than twice as many of them come near a road), or when none comes near a road.

    A file with the two columns swapped gave an empty threat (Mali's incidents read as points
    off Angola), with only an INFO line to say so (fuzz30's list). Many incidents of a real
    export lie far from the network's roads (Mali's north), so only these two cases are said.
    """
    touching = sum(bool(segments) for segments in near)
    if touching == len(used):
        return
    turnable = [inc for inc in used if -90.0 <= inc.lon <= 90.0]
    swapped = index.within_many([inc.lat for inc in turnable], [inc.lon for inc in turnable], buffer_km)
    # More than twice as many: where latitude and longitude are alike (northern Nigeria, Niger
    # and Chad on a network of all Africa) an incident's mirror image lands near a road about
    # as often as the incident does, and a few more read swapped is chance, not a swapped file.
    if (turned := sum(bool(segments) for segments in swapped)) > 2 * touching:
        example = next(inc for inc, segments in zip(turnable, swapped, strict=True) if segments)
        logger.warning("%s of the %s incidents come within %g km of a road only with their latitude and "
                       "longitude swapped (%s, '%s': latitude %s, longitude %s), against %s as given; check "
                       "the file's latitude and longitude columns", f"{turned:,}", f"{len(used):,}", buffer_km,
                       example.id, example.location or "no location", example.lat, example.lon,
                       f"{touching:,}")  # fmt: skip
    elif touching == 0 and used:
        example = used[0]
        logger.warning("None of the %s incidents comes within %g km of a road of the network (%s at latitude "
                       "%s, longitude %s): they add no threat; check that the file covers the network's "
                       "area, or widen the buffer", f"{len(used):,}", buffer_km, example.id, example.lat,
                       example.lon)  # fmt: skip


def incident_threat(
    graph: nx.MultiDiGraph,
    incidents: Sequence[Incident],
    *,
    buffer_km: float = DEFAULT_BUFFER_KM,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    base_probability: float = DEFAULT_BASE_PROBABILITY,
    reference_date: date | str | None = None,
) -> IncidentThreat:
    """Attack probability per segment from nearby, recent incidents (see the module docstring).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Network in the project schema.
    incidents : sequence of Incident
    buffer_km : float
        Incidents within this distance of a segment's line count for it (>= 0).
    half_life_days : float
        Days for an incident's weight to halve (> 0).
    base_probability : float
        Attack probability per window implied by one fresh incident (0..1); an ASSUMPTION.
    reference_date : datetime.date or str, optional
        Date ages are measured to; default the latest incident. Later incidents are ignored.

    Returns
    -------
    IncidentThreat

    Raises
    ------
    ParameterError
        If a parameter is out of range.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(1, x=-8.0, y=12.0); g.add_node(2, x=-7.0, y=12.0)
    >>> _ = g.add_edge(1, 2, segment_id="a")
    >>> inc = Incident("x", date(2025, 1, 1), "Battles", 12.0, -7.5)
    >>> threat = incident_threat(g, [inc], reference_date="2025-01-31")
    >>> {s: round(p, 6) for s, p in threat.probability.items()}
    {'a': 0.025}
    """
    if not buffer_km >= 0:
        raise ParameterError(f"buffer_km {buffer_km!r} must be a number >= 0")
    if not half_life_days > 0:
        raise ParameterError(f"half_life_days {half_life_days!r} must be a number > 0")
    if not 0 <= base_probability <= 1:
        raise ParameterError(f"base_probability {base_probability!r} must be within 0..1")
    ref = _as_date(reference_date, "reference date")
    if ref is None and incidents:
        ref = max(inc.date for inc in incidents)
    used = [inc for inc in incidents if ref is not None and inc.date <= ref]
    if len(used) < len(incidents):
        logger.info("Ignored %d incidents after the reference date %s", len(incidents) - len(used), ref)
    index = _SegmentIndex(graph)
    near = index.within_many([inc.lon for inc in used], [inc.lat for inc in used], buffer_km)
    _say_if_off_the_network(index, used, near, buffer_km)
    contributions: dict[str, list[Contribution]] = {}
    for inc, segments in zip(used, near, strict=True):
        assert ref is not None
        age = (ref - inc.date).days
        weight = decay_weight(age, half_life_days=half_life_days)
        for sid, dist in segments.items():
            contributions.setdefault(sid, []).append(
                Contribution(inc, dist, age, weight, base_probability * weight)
            )
    probability: dict[str, float] = {}
    for sid in sorted(contributions):
        contributions[sid].sort(key=lambda c: (c.age_days, c.distance_km))
        probability[sid] = combine_probabilities(c.probability for c in contributions[sid])
    contributions = {s: contributions[s] for s in probability}
    if probability and not any(p > 0 for p in probability.values()):
        # Incidents near the roads that add nothing were silent: `threat` listed no segment and
        # `stress monte-carlo` asked for "an [incidents] table" the file had (fuzz33).
        youngest = min(c.age_days for cs in contributions.values() for c in cs)
        why = (f"base_probability = {base_probability:g}" if base_probability == 0 else
               f"their weights decay to 0 with half_life_days = {half_life_days:g} (the youngest is "
               f"{youngest:,} days old)")  # fmt: skip
        logger.warning("The incidents within %g km of a road of the network add no threat: %s; give "
                       "base_probability above 0 and a half-life of days to months (default %g)",
                       buffer_km, why, DEFAULT_HALF_LIFE_DAYS)  # fmt: skip
    logger.info(
        "Incident threat: %d incidents (reference %s) touch %d segments within %g km",
        len(used), ref, len(probability), buffer_km,
    )  # fmt: skip
    return IncidentThreat(
        probability, contributions, ref, buffer_km, half_life_days, base_probability, len(used)
    )
