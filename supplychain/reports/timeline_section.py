"""The report's timeline section: read a ``supplychain timeline`` result and prepare its data.

:func:`load_timeline_result` reads the Parquet file (one row per day and place) and the JSON
summary beside it, checking the columns first; :func:`timeline_data` turns it into the plain
data of ``templates/timeline.html.j2``: the cities' days of cover and the day each runs dry,
weekly arrivals into Mali by corridor beside the observed series with the error per period,
escort units and convoys over time, and the timeline's events. The figures come from
:mod:`supplychain.reports.figures.timeline`; nothing here writes HTML.

A city runs dry on the first day it starts with an empty stock and its unmet demand exceeds
:data:`~supplychain.models.timeline_result.DRY_TOLERANCE` of that day's demand (both below /
above 0.1 % of the day's demand), the definition ``supplychain timeline`` prints; the section
takes the dry day from the JSON summary when there is one, else from the Parquet rows by that
rule.
"""

from __future__ import annotations

import logging
import math
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from supplychain.errors import ArgumentTypeError, DataFileError
from supplychain.models.timeline_result import (
    DRY_TOLERANCE,
    NEAR_END_MARK,
    dry_days,
    escort_allocation,
    left_out_text,
    near_end_text,
    percent_text,
    plural_text,
    short_days,
)
from supplychain.reports.figures.timeline import (
    EVENT_KINDS,
    arrivals_figure,
    cover_figure,
    cover_grid_figure,
    escort_figure,
    events_figure,
)
from supplychain.reports.markup import Column, fmt_number, table_data
from supplychain.reports.sections import _kpi, _plot
from supplychain.reports.stress import (
    _command_problem,
    _counts_table,
    _figures_problem,
    _iso_date,
    _kind_of,
    _not_number,
    _not_numbers,
    _short,
    _with_inputs,
    read_result_files,
)
from supplychain.reports.stress_section import _command_files, _other_files

__all__ = [
    "REQUIRED_COLUMNS",
    "TimelineData",
    "event_kind",
    "load_timeline_result",
    "timeline_data",
]

logger = logging.getLogger(__name__)

#: Columns the section reads from the Parquet file (``supplychain timeline --out``; every
#: version wrote them). ``arrivals_tankers`` (the crossings table's tankers) was read without
#: being required: a table without it was "unexpected KeyError" (fuzz34).
REQUIRED_COLUMNS = (
    "date",
    "place",
    "kind",
    "stock_m3",
    "days_of_cover",
    "demand_m3",
    "unmet_m3",
    "arrivals_m3",
    "arrivals_tankers",
    "convoys",
    "escort_units",
    "escort_units_used",
)

# The event texts of supplychain.scenarios.timelines._describe, by event type.
_EVENT_PATTERNS = (
    ("attack", re.compile(r"tankers? destroyed (on|within) ")),
    ("escort", re.compile(r"\bescort units?$")),
    ("rationing", re.compile(r"of demand cut")),
    ("injection", re.compile(r"\bm3 into ")),
    ("loading", re.compile(r"^loading x")),
)


@dataclass(frozen=True)
class TimelineData:
    """A timeline result read for the report.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per day and place (``kind``: city, border, corridor, escort, staging, national).
    summary : dict
        The JSON summary (empty when there was none).
    source : str
        File name, for the section's heading.
    files : tuple of dict
        Provenance records of the files read.

    Examples
    --------
    >>> data = TimelineData(pd.DataFrame({"date": []}), source="t.parquet")
    >>> data.summary, data.files
    ({}, ())
    """

    frame: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    files: tuple[dict[str, Any], ...] = ()


#: Number columns of a timeline result (those present are checked: a text there failed as
#: "unexpected ValueError: could not convert string to float" (fuzz27)).
_NUMBER_COLUMNS = ("day", "stock_m3", "days_of_cover", "demand_m3", "delivered_m3", "unmet_m3", "arrivals_m3",
                   "arrivals_tankers", "convoys", "escort_units", "escort_units_used", "tankers_on_road",
                   "fleet", "tankers_lost", "cargo_lost_m3", "waiting_m3")  # fmt: skip

#: Figures every row of kind ``city`` has (:meth:`~supplychain.models.timeline_result.TimelineResult.to_frame`).
_CITY_FIGURES = ("stock_m3", "demand_m3", "delivered_m3", "unmet_m3")


def _check(frame: pd.DataFrame, where: str) -> None:
    """Refuse a timeline table the section cannot read: a required column missing, no city,
    a place or kind that is not a name ("unexpected AttributeError: 'float' object has no
    attribute 'removesuffix'" on an empty place), or a text in a number column (fuzz27).

    >>> _check(pd.DataFrame({c: [1.0] for c in REQUIRED_COLUMNS}).assign(place=[None], kind=["city"]), "'t'")
    Traceback (most recent call last):
    ...
    supplychain.errors.DataFileError: Timeline result 't' has a row without a place (column 'place' holds None); write it with 'supplychain timeline ... --out FILE.parquet' of this version.
    """
    problems = [f"lacks the column '{c}'" for c in REQUIRED_COLUMNS if c not in frame.columns]
    for column in ("place", "kind") if not problems else ():
        wrong = frame[column][~frame[column].map(lambda v: isinstance(v, str))]
        if len(wrong):
            problems.append(f"has a row without a {column} (column '{column}' holds {_short(wrong.iloc[0])})")
    for column in (c for c in _NUMBER_COLUMNS if c in frame.columns):
        wrong = _not_numbers(frame[column])
        if len(wrong):
            problems.append(f"has a column {column} holding {_short(wrong.iloc[0])}, not a number")
    if not problems and not (frame["kind"] == "city").any():
        problems.append("has no row of kind 'city'")
    if problems:
        raise DataFileError(
            f"Timeline result {where} {'; '.join(problems)}; write it with 'supplychain timeline "
            "... --out FILE.parquet' of this version."
        )
    # Every figure is 0 or more and finite, and a city's row has its stock, demand, delivered
    # and unmet (other kinds' rows leave them NaN): a hand-edited stock of -5 m3 or an
    # infinite unmet demand was drawn as written (fuzz35).
    # A crossing's arrivals are net of what leaves Mali through it that day: `supplychain
    # timeline` keeps a net outflow (fuel going on through Mali beyond the crossing; round-off
    # from 1e-3 m3), and the chart draws it below 0. Until 2026-12-08 this check refused it, so
    # a timeline the command had written with one (the back-test with --integer-convoys: -0.05
    # m3 at Mandiana-Yanfolila) had no report.
    if problem := _figures_problem(frame, _NUMBER_COLUMNS, needed=_CITY_FIGURES, needed_in=frame["kind"] == "city",
                                  needed_why="on a city's row, which always has it",
                                  signed=("arrivals_m3", "arrivals_tankers")):  # fmt: skip
        raise DataFileError(f"Timeline result {where} {problem}: the table was edited or damaged; write it "
                            "again with 'supplychain timeline ... --out FILE.parquet'.")  # fmt: skip


def load_timeline_result(item: str | Path | TimelineData) -> TimelineData:
    """Read a ``supplychain timeline`` result and its JSON summary (when beside it).

    Parameters
    ----------
    item : str, Path or TimelineData
        The Parquet file, e.g. ``reports/blockade.parquet``; its summary is the same name with
        ``.json``.

    Returns
    -------
    TimelineData

    Raises
    ------
    DataFileError
        If the file is missing or unreadable, lacks a column the section needs (named), has no
        city, its summary is not a JSON object, or a figure is one its column cannot hold.
    ArgumentTypeError
        If ``item`` is none of the types above (a ``TypeError``).

    Examples
    --------
    >>> try:
    ...     load_timeline_result(TimelineData(pd.DataFrame({"date": []}), source="t.parquet"))
    ... except DataFileError as e:
    ...     print(str(e)[:55])
    Timeline result 't.parquet' lacks the column 'place'; l
    """
    if isinstance(item, TimelineData):
        _check(item.frame, repr(item.source or "in memory"))
        return item
    if not isinstance(item, str | PathLike):  # pathlib's bare TypeError (fuzz35)
        raise ArgumentTypeError(f"Not a timeline result: a {type(item).__name__}; pass the path of a 'supplychain "
                                "timeline' Parquet file or a TimelineData")  # fmt: skip
    path = Path(item)
    frame, summary, files = read_result_files(
        path, what="timeline result", command="supplychain timeline",
        no_summary=": the report shows no events nor observed arrivals",
    )
    other = summary.get("sweep") or summary.get("kind")
    if any(c not in frame.columns for c in REQUIRED_COLUMNS):
        # A stress result given as a timeline: it listed the ten columns it lacks. Without its
        # summary a stress table is named by its columns, as `report --stress` names it.
        known = _kind_of(summary if other else {}, "", frame)  # "n-2" -> "n-k"
        if other or known:
            said = (f"its summary '{path.with_suffix('.json')}' says so" if other else
                    "its columns say so")  # fmt: skip
            # Every sweep report --stress shows (closure-days and timeline-mc since 2026-12-05).
            also = " (give this one to report with --stress)" if known else ""
            raise DataFileError(
                f"'{path}' is a result of 'supplychain stress {other or known}' ({said}), not of "
                f"'supplychain timeline'; --timeline takes the Parquet file 'supplychain timeline "
                f"... --out' writes{also}."
            )
    _check(frame, repr(str(path)))
    if other:  # a stress summary beside a timeline table: its keys were read as the timeline's
        side = path.with_suffix(".json")
        raise DataFileError(
            f"The summary '{side}' beside timeline result '{path}' is that of 'supplychain stress "
            f"{other}', not of a timeline: write both with 'supplychain timeline ... --out {path}', "
            f"or move '{side}' away."
        )
    problem = _summary_problem(summary)
    if problem:
        side = path.with_suffix(".json")
        raise DataFileError(
            f"The summary '{side}' beside timeline result '{path}' is not as 'supplychain timeline' "
            f"writes it: {problem}; write both again with 'supplychain timeline ... --out {path}', or "
            f"move '{side}' away to report the table alone."
        )
    frame = frame.copy()
    try:
        frame["date"] = pd.to_datetime(frame["date"])
    except (ValueError, TypeError, OverflowError) as exc:  # "unexpected DateParseError" before 2026-12-05
        raise DataFileError(
            f"Timeline result '{path}' has a 'date' column that is not dates ({' '.join(str(exc).split())[:80]}); "
            f"write it again with 'supplychain timeline ... --out {path}'."
        ) from exc
    if (problem := _dates_problem(frame)) is not None:
        raise DataFileError(f"Timeline result '{path}' {problem}: the table was edited or damaged; write it "
                            f"again with 'supplychain timeline ... --out {path}'.")  # fmt: skip
    if (other_run := _other_run(summary, frame) or _other_figures(summary, frame)) is not None:
        # A summary of another run (an older one, or one copied beside the table): its figures
        # (demand, dry days, escorts) were shown above the table's charts, unsaid.
        side = path.with_suffix(".json")
        raise DataFileError(
            f"The summary '{side}' beside timeline result '{path}' is of another run: {other_run}; "
            f"write both again with 'supplychain timeline ... --out {path}', or move '{side}' away "
            "to report the table alone."
        )
    # The files `supplychain timeline` read (recorded with their SHA-256 when it ran).
    files = _with_inputs(files, summary, "the timeline")
    return TimelineData(frame, summary, path.name, files)


def _dates_problem(frame: pd.DataFrame) -> str | None:
    """What is wrong with a timeline table's parsed ``date`` column, or None: dates with a time
    zone (the weekly sums stopped on "unexpected TypeError: Cannot subtract tz-naive and
    tz-aware datetime-like objects"), or a place's row given twice for one day (without a
    summary beside the table the report summed both: a day's demand and deliveries counted
    twice) (fuzz36).

    Examples
    --------
    >>> frame = pd.DataFrame({"date": pd.to_datetime(["2026-01-01", "2026-01-01"]),
    ...                       "place": ["Bamako", "Bamako"], "kind": ["city", "national"]})
    >>> _dates_problem(frame) is None
    True
    >>> _dates_problem(frame.assign(kind="city"))
    "gives a place again on a day in 1 row (the first: 2026-01-01, 'Bamako', city)"
    >>> _dates_problem(frame.assign(date=frame["date"].dt.tz_localize("UTC")))
    "has dates with a time zone (UTC); 'supplychain timeline' writes days without one"
    """
    dates = frame["date"]
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        return f"has dates with a time zone ({dates.dt.tz}); 'supplychain timeline' writes days without one"
    again = frame.assign(date=dates.dt.normalize()).duplicated(["date", "place", "kind"])
    if not again.any():
        return None
    first = frame[again].iloc[0]
    return (f"gives a place again on a day in {plural_text(int(again.sum()), 'row')} (the first: "
            f"{first['date'].date()}, {first['place']!r}, {first['kind']})")


def _other_run(summary: Mapping[str, Any], frame: pd.DataFrame) -> str | None:
    """How a timeline summary's horizon (``start``, ``days``) differs from its table's dates
    (parsed), or None when they agree or the summary gives neither (checked readable by
    :func:`_summary_problem`).

    Examples
    --------
    >>> frame = pd.DataFrame({"date": pd.to_datetime(["2026-01-01", "2026-01-02"])})
    >>> _other_run({"start": "2026-01-01", "days": 2}, frame) is None
    True
    >>> _other_run({"start": "2026-01-01", "days": 10}, frame)
    'it gives 10 days from 2026-01-01, the table 2 days from 2026-01-01'
    """
    dates = frame["date"].dropna()
    if dates.empty or (summary.get("start") is None and summary.get("days") is None):
        return None
    first = dates.min().date()
    days = int(dates.dt.normalize().nunique())
    start = date.fromisoformat(str(summary["start"])[:10]) if summary.get("start") is not None else first
    given = int(summary["days"]) if summary.get("days") is not None else days
    if (start, given) == (first, days):
        return None
    return (f"it gives {plural_text(given, 'day')} from {start}, the table "
            f"{plural_text(days, 'day')} from {first}")


def _other_figures(summary: Mapping[str, Any], frame: pd.DataFrame) -> str | None:
    """How a timeline summary's demand or delivered m³ differ from its table's cities, or None
    when they agree (to half a m³, the JSON's rounding far below it) or the summary or table
    gives neither.

    A summary of another run over the same days (another scenario's ``t.json`` copied beside
    the table) passed :func:`_other_run`: the section's headline said "0.0 % of demand goes
    unmet; no city runs dry" above the table's charts of a city running dry (fuzz34).

    Examples
    --------
    >>> frame = pd.DataFrame({"kind": ["city", "city", "national"], "demand_m3": [10.0, 10.0, 20.0],
    ...                       "delivered_m3": [10.0, 4.0, 14.0]})
    >>> _other_figures({"demand_m3": 20.0, "delivered_m3": 14.0}, frame) is None
    True
    >>> _other_figures({"demand_m3": 20.0, "delivered_m3": 20.0}, frame)
    'it gives 20 m3 delivered, the table 14 m3'
    """
    cities = frame[frame["kind"] == "city"]
    for key, what in (("demand_m3", "of demand"), ("delivered_m3", "delivered")):
        given = summary.get(key)
        if (key not in cities.columns or isinstance(given, bool) or not isinstance(given, int | float)
                or not math.isfinite(given)):  # fmt: skip
            continue
        found = float(pd.to_numeric(cities[key], errors="coerce").sum())
        if abs(float(given) - found) > 0.5 + 1e-6 * abs(found):
            return f"it gives {given:,.0f} m3 {what}, the table {found:,.0f} m3"
    return None


def _summary_problem(summary: Mapping[str, Any]) -> str | None:
    """The first value of a timeline summary that the section cannot read, as
    ``'key' = value is not ...`` (or ``'key' is missing``), None if it can read them all.

    Every key the section reads is checked for the type ``supplychain timeline`` writes: a
    summary edited by hand (or by another tool) failed deep in the report as "unexpected
    KeyError ... This is a bug" before 2026-12-04. Keys it does not read are not checked.

    Examples
    --------
    >>> _summary_problem({"observed": [{"period_start": "2026-01-01"}]})
    "'observed[0].period_end' is missing"
    >>> _summary_problem({"escorts": {"RN1": {"convoys": "two"}}})
    "'escorts.RN1.convoys' = 'two' is not a number"
    >>> _summary_problem({"tankers_lost": 3, "cities": {"Kayes": {"dry_days": 2}}}) is None
    True
    """
    start = summary.get("start")
    if start is not None and (not isinstance(start, str) or _iso_date(start) is None):
        return f"'start' = {_short(start)} is not a date written as 2025-09-01"
    days = summary.get("days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
        return f"'days' = {_short(days)} is not a whole number of days"
    for key in ("tankers_lost", "cargo_lost_m3", "tankers_lost_before_start", "max_tankers_on_road",
                "unmet_pct", "mip_gap", "demand_m3", "unmet_m3"):  # fmt: skip
        # Tankers are counted with round(): NaN and Infinity (which JSON reads) failed there.
        if bad := _not_number(summary.get(key), key, count=key in ("tankers_lost", "max_tankers_on_road")):
            return bad
        # Tankers and cargo lost cannot be below 0: "Fleet: -40 tankers destroyed" (fuzz27).
        if key in ("tankers_lost", "cargo_lost_m3", "tankers_lost_before_start", "max_tankers_on_road") \
                and (value := summary.get(key)) is not None and value < 0:  # fmt: skip
            return f"'{key}' = {_short(value)} is below 0"
    if bad := _not_number(summary.get("near_horizon_end_days"), "near_horizon_end_days", count=True):
        return bad
    if bad := _counts_table(summary, "near_horizon_end_basis", ("tank_days", "border_transit_days")):
        return bad
    tables: list[tuple[str, Any, tuple[str, ...]]] = [
        # Its cover and demand too: a text there was "unexpected ValueError" (fuzz29).
        ("cities", summary.get("cities"), ("dry_days", "unmet_m3", "min_initial_stock_m3", "storage_capacity_m3",
                                           "closing_stock_m3", "initial_days_of_cover", "min_days_of_cover",
                                           "demand_m3")),
        ("escorts", summary.get("escorts"), ("convoys", "round_trip_days", "escorted_days")),
    ]  # fmt: skip
    for key, value, numbers in tables:
        if not value:  # absent, null or empty: the section reads none
            continue
        if not isinstance(value, Mapping):
            return f"'{key}' = {_short(value)} is not a table"
        for name, entry in value.items():
            if key == "cities" and not isinstance(entry, Mapping):
                continue  # a city without figures: the section takes them from the table
            if not isinstance(entry, Mapping):
                return f"'{key}.{name}' = {_short(entry)} is not a table"
            for field_ in numbers:
                counted = field_ in ("dry_days", "escorted_days")  # read with int()
                if bad := _not_number(entry.get(field_), f"{key}.{name}.{field_}", count=counted):
                    return bad
    for key, fields in (("observed", ("observed_litres", "simulated_litres", "error_litres")),
                        ("events", ())):  # fmt: skip
        rows = summary.get(key)
        if not rows:
            continue
        if not isinstance(rows, list):
            return f"'{key}' = {_short(rows)} is not a list"
        for i, row in enumerate(rows):
            if not isinstance(row, Mapping):
                return f"'{key}[{i}]' = {_short(row)} is not a table"
            if key == "events":
                if bad := _not_number(row.get("day"), f"events[{i}].day"):
                    return bad
                if not isinstance(row.get("kind"), str | None):
                    return f"'events[{i}].kind' = {_short(row['kind'])} is not a string"
                continue
            for field_ in ("period_start", "period_end", *fields):
                if row.get(field_) is None:
                    return f"'{key}[{i}].{field_}' is missing"
            for field_ in ("period_start", "period_end"):
                try:
                    date.fromisoformat(str(row[field_])[:10])
                except ValueError:
                    return f"'{key}[{i}].{field_}' = {_short(row[field_])} is not a date written as 2025-09-01"
            for field_ in (*fields, "error_pct"):
                if bad := _not_number(row.get(field_), f"{key}[{i}].{field_}"):
                    return bad
            if not isinstance(row.get("near_horizon_end"), bool | None):
                return f"'{key}[{i}].near_horizon_end' = {_short(row['near_horizon_end'])} is not true or false"
    return _foresight_problem(summary.get("foresight")) or _command_problem(summary)


def _foresight_problem(foresight: Any) -> str | None:
    """The first value of a timeline summary's ``foresight`` that the section cannot read, or
    None: its ``kind``, and for a myopic plan ``solves``, ``fleet_overrun_tanker_days`` and
    each attack's ``label``, ``date``, ``tankers_drawn`` and ``tankers_found`` (printed). An
    edited one failed as "unexpected AttributeError ... This is a bug" (fuzz25).

    Examples
    --------
    >>> _foresight_problem({"kind": "perfect"}) is None
    True
    >>> _foresight_problem("myopic")
    "'foresight' = 'myopic' is not a table"
    >>> _foresight_problem({"kind": "myopic", "attacks": [{"label": "a", "date": "2026-01-01", "tankers_drawn": 40}]})
    "'foresight.attacks[0].tankers_found' is missing"
    """
    if foresight is None:
        return None
    if not isinstance(foresight, Mapping):
        return f"'foresight' = {_short(foresight)} is not a table"
    if not isinstance(foresight.get("kind"), str | None):
        return f"'foresight.kind' = {_short(foresight['kind'])} is not a string"
    # Another kind dropped the section's myopic note, unsaid; the figures below were printed
    # as written: "found and destroyed -5.0" (of 20), "(-1 solve(s))" (fuzz27).
    if foresight.get("kind") not in (None, "perfect", "myopic"):
        return f"'foresight.kind' = {_short(foresight['kind'])} is not 'perfect' or 'myopic'"
    if foresight.get("kind") != "myopic":  # the section reads nothing else
        return None
    for key in ("solves", "fleet_overrun_tanker_days"):
        if bad := _not_number(foresight.get(key), f"foresight.{key}", count=True):
            return bad
        if (value := foresight.get(key)) is not None and value < 0:
            return f"'foresight.{key}' = {_short(value)} is below 0"
    attacks = foresight.get("attacks")
    if attacks is not None and not isinstance(attacks, list):
        return f"'foresight.attacks' = {_short(attacks)} is not a list"
    for i, attack in enumerate(attacks or []):
        where = f"foresight.attacks[{i}]"
        if not isinstance(attack, Mapping):
            return f"'{where}' = {_short(attack)} is not a table"
        if not isinstance(attack.get("known_from_start"), bool | None):
            return f"'{where}.known_from_start' = {_short(attack['known_from_start'])} is not true or false"
        for key in ("label", "date", "tankers_drawn", "tankers_found"):
            if attack.get(key) is None:
                return f"'{where}.{key}' is missing"
        for key in ("label", "date"):
            if not isinstance(attack[key], str):
                return f"'{where}.{key}' = {_short(attack[key])} is not a string"
        if _iso_date(attack["date"]) is None:
            return f"'{where}.date' = {_short(attack['date'])} is not a date written as 2025-09-01"
        for key in ("tankers_drawn", "tankers_found"):
            if bad := _not_number(attack[key], f"{where}.{key}", count=True):
                return bad
            if attack[key] < 0:
                return f"'{where}.{key}' = {_short(attack[key])} is below 0"
        # An attack destroys at most its tankers (README "Foresight"); the summary rounds both.
        if attack["tankers_found"] > attack["tankers_drawn"] + 1e-3:
            return (f"'{where}.tankers_found' = {_short(attack['tankers_found'])} is more than its "
                    f"tankers_drawn {_short(attack['tankers_drawn'])}")  # fmt: skip
    return None


def event_kind(text: str) -> str:
    """The kind of a timeline event from its text (``label: description``).

    Used for an event whose summary gives no kind, or one the report does not know.

    Parameters
    ----------
    text : str
        The event's text, as the timeline's events list it.

    Returns
    -------
    str
        ``attack``, ``escort``, ``rationing``, ``injection``, ``loading`` or ``other``,
        matched on the text after the first ``": "``.

    Examples
    --------
    >>> event_kind("attack: 40 tankers destroyed on RN1 Kayes-Diéma")
    'attack'
    >>> event_kind("ambush: 40 tankers destroyed within 30 km of Kayes")
    'attack'
    >>> event_kind("Senegal escorts suspended: 0 escort units")
    'escort'
    >>> event_kind("something else")
    'other'
    """
    description = text.split(": ", 1)[-1]
    for kind, pattern in _EVENT_PATTERNS:
        if pattern.search(description):
            return kind
    return "other"


def _iso(d: Any) -> str:
    return pd.Timestamp(d).date().isoformat()


def _cities(frame: pd.DataFrame, summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per city: dates, stock, days of cover, the first dry day and the totals."""
    out = []
    known = summary.get("cities") or {}
    rows = frame[frame["kind"] == "city"].sort_values(["place", "date"])
    for name, c in rows.groupby("place", sort=False):
        demand = c["demand_m3"].to_numpy(float)
        unmet = c["unmet_m3"].to_numpy(float)
        stock = c["stock_m3"].to_numpy(float)
        # The rules of TimelineResult: short of demand, and dry (short with an empty stock).
        short = short_days(demand, unmet)
        dry = dry_days(demand, unmet, stock)
        dates = [_iso(d) for d in c["date"]]
        first = int(np.argmax(dry)) if dry.any() else None
        n_dry = int(dry.sum())
        city = known.get(str(name))
        total_unmet = float(unmet.sum())
        if isinstance(city, Mapping) and "first_dry_date" in city:  # the solver's own answer
            given = str(city["first_dry_date"] or "")[:10]
            first = dates.index(given) if given in dates else None
            n_dry = int(city.get("dry_days") or 0)
        if isinstance(city, Mapping) and city.get("unmet_m3") is not None:
            # Each m³ once: with a backlog the rows' unmet_m3 is the day's queue, which counts
            # again what comes back the next day (README, "Demand"); the summary does not.
            total_unmet = float(city["unmet_m3"])
        cover = c["days_of_cover"].to_numpy(float)
        # The summary's figures where it has them, as the command prints them (from the JSON's
        # values, rounded to 3 decimals): the rows' own cover of 2.2504 days read "2.3" in
        # the table and "2.2" in the text, whose file holds 2.25 (audit21, 2026-12-06).
        initial = float(cover[0]) if len(cover) else None
        lowest = float(np.nanmin(cover)) if np.isfinite(cover).any() else None
        total_demand = float(demand.sum())
        if isinstance(city, Mapping):
            if "initial_days_of_cover" in city:
                initial = None if city["initial_days_of_cover"] is None else float(city["initial_days_of_cover"])
            if "min_days_of_cover" in city:
                lowest = None if city["min_days_of_cover"] is None else float(city["min_days_of_cover"])
            if city.get("demand_m3") is not None:
                total_demand = float(city["demand_m3"])
        # Short while keeping stock (at the end of the day: the next day's start, the closing
        # stock after the last): a priority block later. Short without keeping any: its stock
        # ran out that day. The report gave every city short before dry the first reason,
        # Kayes (no priority block) included (audit, 2026-12-04).
        closing = city.get("closing_stock_m3") if isinstance(city, Mapping) else None
        end = np.append(stock[1:], float(closing) if closing is not None else 0.0)
        kept = short & (end >= DRY_TOLERANCE * np.maximum(demand, 1e-9))
        out.append({
            "name": str(name), "dates": dates, "stock_m3": c["stock_m3"].to_numpy(float).tolist(),
            "days_of_cover": [None if not np.isfinite(x) else float(x) for x in cover],
            "dry_date": None if first is None else dates[first],
            "dry_cover": None if first is None else (float(cover[first])
                                                      if np.isfinite(cover[first]) else 0.0),
            "dry_days": n_dry, "initial_cover": initial,
            # Each day dry or not (the rule above, the summary's own: its dry days are these).
            "dry_flags": [bool(x) for x in dry],
            "short_date": dates[int(np.argmax(short))] if short.any() else None,
            "short_days": int(short.sum()), "keeps_stock_short": bool(kept.any()),
            "min_cover": lowest, "demand_m3": total_demand, "unmet_m3": total_unmet,
            # --min-stock runs: the smallest initial stock found, and the tank beside it.
            "min_stock_m3": city.get("min_initial_stock_m3") if isinstance(city, Mapping) else None,
            "capacity_m3": city.get("storage_capacity_m3") if isinstance(city, Mapping) else None,
            # The most the min-stock plan stores after day 0, and when (None in other runs and
            # in summaries written before 2026-12-05).
            "max_stock_m3": city.get("max_stock_m3") if isinstance(city, Mapping) else None,
            "max_stock_date": city.get("max_stock_date") if isinstance(city, Mapping) else None,
            # Left in the tank after the last day's arrivals, injections and deliveries (the
            # summary's; None in a summary written before it had one).
            "closing_m3": city.get("closing_stock_m3") if isinstance(city, Mapping) else None,
        })  # fmt: skip
    return out


def _min_stock_sentence(cities: list[dict[str, Any]]) -> str:
    """The pre-positioning answer of a ``--min-stock`` run (empty for other runs)."""
    stocks = [c for c in cities if c.get("min_stock_m3") is not None]
    if not stocks:
        return ""
    total = sum(float(c["min_stock_m3"]) for c in stocks)
    above = [c["name"] for c in stocks if c.get("capacity_m3") is not None
             and float(c["min_stock_m3"]) > float(c["capacity_m3"]) + 1e-6]  # fmt: skip
    text = (f"Smallest stock to pre-position so that every city is served every day: "
            f"{fmt_number(total, 0)} m³ in all (column 'Stock to pre-position'). The total is the "
            "optimum; its split between cities is one of several of equal total.")
    if above:
        text += f" More than the tank holds at {', '.join(above)} (tank limits are lifted in this mode)."
    # Lifted on every day: the plan may store more than both later (the text's line too).
    later = [c for c in stocks if c.get("max_stock_m3") is not None and c.get("capacity_m3") is not None
             and float(c["max_stock_m3"]) > max(float(c["capacity_m3"]), float(c["min_stock_m3"])) + 0.5]
    if later:
        each = ", ".join(f"{c['name']} (up to {fmt_number(float(c['max_stock_m3']), 0)} m³ on {c['max_stock_date']})"
                         for c in later)
        text += (f" After day 0 the plan stores more than the tank and the initial stock at {each}: it "
                 "serves every city from these stocks with tanks that hold that too; smaller tanks may "
                 "not do (run the timeline with the stocks as initial_m3 in a --storage file to check).")
    return text


def _weekly_corridors(frame: pd.DataFrame, start: date) -> dict[str, Any]:
    """Arrivals into Mali per week (7 days from day 0) and corridor, m³; the corridors left out
    of the chart's own series (each under half a m³ over the horizon) summed as ``other``."""
    rows = frame[frame["kind"] == "corridor"]
    if rows.empty:  # no corridor rows: the national arrivals, as one series
        rows = frame[frame["kind"] == "national"].assign(place="all corridors")
    day = (rows["date"] - pd.Timestamp(start)).dt.days
    week = rows.assign(week=(day // 7) * 7)
    table = week.pivot_table(index="week", columns="place", values="arrivals_m3", aggfunc="sum",
                             fill_value=0.0).sort_index()  # fmt: skip
    last = int(day.max()) if len(day) else -1
    # Largest first (the first colours); corridors that carried nothing (solver noise of
    # 1e-13 m3 included) are left out of the chart rather than shown as empty legend entries.
    # A net outflow (fuel going on through Mali beyond a crossing) is kept, drawn below 0, as
    # the text's weekly arrivals count it: clipped at 0 before 2026-12-05, the bars of a week
    # exceeded the text's arrivals and the chart's own simulated line.
    table = table.where(table.abs() >= 1e-6, 0.0)
    totals = table.sum().sort_values(ascending=False, kind="stable")
    # By what its bars show, not its total: a week in and a week out may cancel.
    shown = table.abs().sum()
    kept = [c for c in totals.index if shown[c] >= 0.5] or list(totals.index[:1])
    weekly: dict[str, Any] = {
        "week_start": [(start + timedelta(days=int(w))).isoformat() for w in table.index],
        "week_days": [min(7, last - int(w) + 1) for w in table.index],
        "corridors": {str(c): table[c].astype(float).tolist() for c in kept},
    }
    # The corridors left out still count, in one "other corridors" series: without them a
    # week's bars summed to less than its arrivals in the text and the JSON (a corridor of
    # 0.3 m3 in the week left out; hover36).
    rest = [c for c in totals.index if c not in kept and shown[c] > 0]
    if rest:
        weekly["other"] = {"names": [str(c) for c in rest],
                           "values": table[rest].sum(axis=1).astype(float).tolist()}
    return weekly


def _observed(summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for r in summary.get("observed") or []:
        start = date.fromisoformat(str(r["period_start"])[:10])
        end = date.fromisoformat(str(r["period_end"])[:10])
        # Ends in the horizon's last days, where arrivals are low by construction (the mark of
        # the command's text; the caption says why). Summaries before 2026-12-04 have no flag.
        near_end = r.get("near_horizon_end") is True
        rows.append({
            "period": f"{start} to {end}" + (f" {NEAR_END_MARK}" if near_end else ""),
            "start": start.isoformat(), "end": end.isoformat(), "near_end": near_end,
            "days": (end - start).days + 1,
            "observed_ml": float(r["observed_litres"]) / 1e6,
            "simulated_ml": float(r["simulated_litres"]) / 1e6,
            "error_ml": float(r["error_litres"]) / 1e6,
            "error_pct": r.get("error_pct"), "source": r.get("source") or "",
        })  # fmt: skip
    return rows


def _observed_left_out(summary: Mapping[str, Any], start: date, end: date) -> str:
    """The sentence the command prints on the observed periods it left out ("" if none).

    Examples
    --------
    >>> _observed_left_out({"observed_left_out": 2}, date(2026, 1, 1), date(2026, 1, 7))[:59]
    '2 observed periods not wholly inside 2026-01-01..2026-01-07'
    >>> _observed_left_out({"observed_left_out": 0}, date(2026, 1, 1), date(2026, 1, 7))
    ''
    """
    count = summary.get("observed_left_out")
    if not isinstance(count, int) or isinstance(count, bool) or count <= 0:
        return ""
    return left_out_text(count, start, end)


def _near_end_note(summary: Mapping[str, Any], observed: list[dict[str, Any]], end: date) -> str:
    """The command's note on the periods marked as ending in the horizon's last days, with
    its mark ("" when no period is marked).

    Examples
    --------
    >>> _near_end_note({"near_horizon_end_days": 4, "near_horizon_end_basis": {"tank_days": 3}},
    ...                [{"near_end": True}], date(2026, 1, 14))[:62]
    "* arrivals in the horizon's last 4 days (from 2026-01-11) are "
    >>> _near_end_note({}, [{"near_end": False}], date(2026, 1, 14))
    ''
    """
    days = summary.get("near_horizon_end_days")  # checked by _summary_problem: a count or null
    if not any(r["near_end"] for r in observed) or days is None or days <= 0:
        return ""
    days = int(days)
    basis = summary.get("near_horizon_end_basis")
    basis = basis if isinstance(basis, Mapping) else {}
    transit = basis.get("border_transit_days")
    return f"{NEAR_END_MARK} " + near_end_text(
        days, end - timedelta(days=days - 1), tank_days=int(basis.get("tank_days") or 0),
        border_transit_days=int(transit) if isinstance(transit, int | float) else None,
        min_stock="min_initial_stock_m3" in summary)


#: Net arrivals at a crossing from which a day counts as a day with arrivals (m³): half a m³,
#: what the crossings table rounds to 1 (assumption; 1 % of a 46 m³ tanker).
_DAY_ARRIVALS_M3 = 0.5


def _crossings(frame: pd.DataFrame, summary: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Arrivals into Mali over the horizon per crossing (border post, or road without one), as
    the command prints them: m³ (the summary's ``arrivals_by_border_m3`` where it has the
    crossing, the command's figures; else the rows' sum), tankers, share of all arrivals, days
    with at least half a m³ (``_DAY_ARRIVALS_M3``); most first."""
    rows = frame[frame["kind"] == "border"]
    if rows.empty:
        return []
    given = (summary or {}).get("arrivals_by_border_m3")
    given = given if isinstance(given, Mapping) else {}
    table = rows.groupby("place", sort=False).agg(
        arrivals_m3=("arrivals_m3", "sum"), arrivals_tankers=("arrivals_tankers", "sum"),
        # A day counts from half a m3, what the table's m3 round to 1: the interior point's
        # round-off of 1e-3 to 0.09 m3 a day (above ARRIVALS_TOLERANCE_M3) gave crossings of
        # "0" m3 a day with arrivals (West-African layer, 45 days of the back-test, 2026-12-05).
        days=("arrivals_m3", lambda v: int((v >= _DAY_ARRIVALS_M3).sum())),
    )
    # The summary's m³ (rounded to 3 decimals, as the text prints them: a sum of 1,839.4996
    # read "1,839" here and "1,840" in the text before 2026-12-06); tankers in proportion.
    known = {str(k): float(v) for k, v in given.items()
             if isinstance(v, int | float) and not isinstance(v, bool)
             and abs(v) <= sys.float_info.max}  # not NaN, inf nor an integer past any float (fuzz29)
    m3 = pd.Series([known.get(str(p), math.nan) for p in table.index], index=table.index, dtype=float)
    m3 = m3.fillna(table["arrivals_m3"])
    scale = (m3 / table["arrivals_m3"]).where(table["arrivals_m3"] != 0, 1.0)
    table["arrivals_tankers"] = table["arrivals_tankers"] * scale
    table["arrivals_m3"] = m3
    total = float(table["arrivals_m3"].sum())
    return [
        {"crossing": str(place), "arrivals_m3": float(row.arrivals_m3),
         "arrivals_tankers": float(row.arrivals_tankers), "days": int(row.days),
         "share_pct": 100.0 * float(row.arrivals_m3) / total if total > 0 else None}
        for place, row in table.sort_values("arrivals_m3", ascending=False, kind="stable").iterrows()
    ]  # fmt: skip


def _escorts(frame: pd.DataFrame) -> dict[str, Any]:
    nat = frame[frame["kind"] == "national"].sort_values("date")
    per = frame[frame["kind"] == "escort"].sort_values("date")
    return {
        "dates": [_iso(d) for d in nat["date"]],
        "units": nat["escort_units"].fillna(0.0).astype(float).tolist(),
        "used": nat["escort_units_used"].fillna(0.0).astype(float).tolist(),
        "stretches": {
            str(name): {"dates": [_iso(d) for d in g["date"]],
                        "convoys": g["convoys"].fillna(0.0).astype(float).tolist()}
            for name, g in per.groupby("place", sort=True)
        },
    }  # fmt: skip


def _peak_goal_solved(needed: Mapping[str, Any] | None) -> bool:
    """Whether the summary's ``escort_units_needed`` (None without ``--min-escorts``) is a
    ``--min-escorts peak`` run whose goals were solved (results written before it have no
    ``minimised``)."""
    return needed is not None and needed.get("minimised") == "max_per_day" and needed.get("goal") == "solved"


def _escort_caption(escorts: Mapping[str, Any], needed: Mapping[str, Any] | None = None) -> str:
    """The escort table's caption: its days are the rules', counted whether escort units are
    available or not, and on how many days units are (from :func:`_escorts`); for a
    ``--min-escorts`` run (``needed``: the summary's ``escort_units_needed``) that units were
    unlimited and how many were needed instead."""
    if needed is not None:
        goal = ("the units on the busiest day, then the escort unit-days, minimised after delivery"
                if _peak_goal_solved(needed) else "the escort unit-days minimised after delivery")  # fmt: skip
        return ("Days escort required: the days the stretch's rule requires escorts. Escort units "
                f"were unlimited (--min-escorts: the file's escort units ignored, {goal}); the "
                "units in use are those needed, "
                f"{float(needed.get('mean_per_day') or 0.0):.2f} a day on average, at most "
                f"{float(needed.get('max_per_day') or 0.0):.2f}.")
    dates, units = escorts["dates"], escorts["units"]
    with_units = [d for d, u in zip(dates, units, strict=True) if u > 0]
    if not with_units:
        available = "no escort unit is available on any day"
    elif len(with_units) == len(dates):
        available = f"units are available on all {len(dates)} days"
    else:
        available = f"units are available on {len(with_units)} of the {len(dates)} days, from {with_units[0]}"
    return ("Days escort required: the days the stretch's rule requires escorts, counted whether "
            f"escort units are available or not; {available}.")


def _events(summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The summary's events for the table and chart. An attack learnt by a myopic plan says
    what it found beside the file's count: its row read "40 tankers destroyed" of an attack
    that found none, below a fleet paragraph that counted none (fuzz25).

    >>> s = {"events": [{"day": 3, "date": "2026-01-04", "kind": "attack",
    ...                  "event": "ambush: 40 tankers destroyed on segments R"}],
    ...      "foresight": {"kind": "myopic", "attacks": [{"label": "ambush", "date": "2026-01-04",
    ...                    "tankers_drawn": 40.0, "tankers_found": 0.0, "known_from_start": False}]}}
    >>> _events(s)[0]["event"]
    "ambush: 40 tankers destroyed on segments R (the file's count; planned without foresight, it found and destroyed 0.0)"

    A label holding ": " (the text is split at the first one):

    >>> s["events"][0]["event"] = "Kayes: north: 40 tankers destroyed on segments R"
    >>> s["foresight"]["attacks"][0]["label"] = "Kayes: north"
    >>> _events(s)[0]["event"].endswith("it found and destroyed 0.0)")
    True
    """
    foresight = summary.get("foresight") or {}
    found = ({(str(a["label"]), str(a["date"])[:10]): float(a["tankers_found"])
              for a in foresight.get("attacks") or [] if not a.get("known_from_start")}
             if foresight.get("kind") == "myopic" else {})  # fmt: skip
    out = []
    for e in summary.get("events") or []:
        text = str(e.get("event", ""))
        # The kind written by `supplychain timeline`; read from the text for older results.
        kind = e.get("kind") if e.get("kind") in EVENT_KINDS else event_kind(text)
        when = str(e.get("date", ""))[:10]
        # The event text starts "<label>: "; a label may hold ": " itself (the longest label
        # of that date that starts the text is the attack's).
        labels = [label for label, day in found if day == when and text.startswith(f"{label}: ")]
        if kind == "attack" and labels:
            text += (f" (the file's count; planned without foresight, it found and destroyed "
                     f"{fmt_number(found[(max(labels, key=len), when)], 1)})")  # fmt: skip
        # The command line writes "m3" (plain ASCII for any terminal); the page writes m³.
        out.append({"date": when, "day": e.get("day"), "kind": kind,
                    "label": EVENT_KINDS[kind], "event": re.sub(r"\bm3\b", "m³", text)})  # fmt: skip
    return out


def _closing_sentence(cities: list[dict[str, Any]], end: date) -> str:
    """The total closing stock, as the command prints it, and why a 0 is no forecast (empty
    when the summary has no closing stock)."""
    closing = [float(c["closing_m3"]) for c in cities if c.get("closing_m3") is not None]
    if not closing:
        return ""
    # No goal values stock after the last day: the plan ships no fuel only for it.
    return (f"Closing stock at the end of {end} (after that day's arrivals, injections and deliveries): "
            f"{fmt_number(sum(closing), 0)} m³ in all. No goal values stock after the last day, so the "
            "plan ships no fuel only for it: a city closing at 0 is the horizon's end, not a forecast "
            "of empty tanks.")


def _cost_goal_sentence(summary: Mapping[str, Any]) -> str:
    """What a skipped or unfinished second goal leaves open (empty when it ran or was not
    asked): stock above need, so the lowest cover of a city never short, is one plan's."""
    goal = summary.get("cost_goal")
    if goal not in ("skipped", "not finished"):
        return ""
    why = "was skipped on a linear program (LP) this large" if goal == "skipped" else "did not finish"
    return (f"The second goal (transport cost, expected losses, time under the security floors) {why}: "
            "delivery, unmet demand and dry days are those of the first goal's optimum, but the stock a "
            "city keeps above what delivery needs is one plan's among many, so the lowest cover of a "
            "city that is never short is not a forecast.")


def _foresight_sentence(summary: Mapping[str, Any]) -> str:
    """How a myopic plan learnt the attacks and what each found (empty with perfect foresight)."""
    foresight = summary.get("foresight") or {}
    if foresight.get("kind") != "myopic":
        return ""
    learnt = [a for a in foresight.get("attacks") or [] if not a.get("known_from_start")]
    over = float(foresight.get("fleet_overrun_tanker_days") or 0.0)
    found = "; ".join(f"'{a['label']}' ({a['date']}) {fmt_number(float(a['tankers_found']), 1)} of "
                      f"{fmt_number(float(a['tankers_drawn']), 0)} tankers" for a in learnt)  # fmt: skip
    return ("Planned without foresight of the attacks (--foresight myopic): each attack is learnt on its "
            "day, when the tankers of the plan then in force are already on the road; it destroys the "
            "cargo that plan had on its roads, at most its tankers', and the rest of the horizon is "
            f"planned again ({foresight.get('solves', 1)} solve(s))."
            + (f" Tankers each attack found: {found}." if found else "")
            + (f" Trips under way when attacks destroyed tankers needed {fmt_number(over, 2)} tanker-days "
               "more than the fleet left (counted as run: the fleet counts tanker-days a day, and a "
               "destroyed tanker leaves it whole)." if over > 1e-6 else ""))


def _fleet_ends(frame: pd.DataFrame) -> tuple[float, float] | None:
    """The fleet on day 0 (before that day's attacks, as the text counts it) and after the
    last day, from the national rows; None without them."""
    national = frame[frame["kind"] == "national"].sort_values("date")
    if national.empty or not {"fleet", "tankers_lost"} <= set(national.columns):
        return None
    fleet = national["fleet"].to_numpy(float)
    lost = np.nan_to_num(national["tankers_lost"].to_numpy(float))
    if not np.isfinite(fleet[[0, -1]]).all():
        return None
    return float(fleet[0] + lost[0]), float(fleet[-1])


def _fleet_sentence(summary: Mapping[str, Any], ends: tuple[float, float] | None = None) -> str:
    """Tankers destroyed, cargo lost and the most tankers on the road, from the summary, and
    the fleet on day 0 and after the last day (``ends``), as the text's "fleet A -> B"."""
    if "tankers_lost" not in summary:
        return ""
    lost = float(summary.get("tankers_lost") or 0.0)
    cargo = float(summary.get("cargo_lost_m3") or 0.0)
    road = summary.get("max_tankers_on_road")
    def tankers(n: float) -> str:  # "1 tanker", "0 tankers" (as rounded)
        return f"{fmt_number(n, 0)} tanker{'' if round(n) == 1 else 's'}"

    text = f"Fleet: {tankers(lost)} destroyed with {fmt_number(cargo, 0)} m³ of cargo"
    before = float(summary.get("tankers_lost_before_start") or 0.0)
    if before:
        text += f" ({fmt_number(before, 0)} more destroyed before the first day by the file's earlier attacks)"
    text += f"; at most {tankers(float(road))} on the road on one day" if road is not None else ""
    # A run with [fleet] enabled = false: the figures limit nothing.
    if summary.get("fleet_limited") is False:
        return text + " (the fleet was not limited in this run)."
    if ends is not None:
        text += (f". The fleet goes from {tankers(ends[0])} on day 0 to "
                 f"{fmt_number(ends[1], 0)} after the last day")
    return text + "."


def _and_more(names: list[str], shown: int = 2) -> str:
    """``"Kayes"``, ``"Kayes and Kati"``, ``"Kayes, Kati and 8 more"``."""
    if len(names) <= shown:
        return " and ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def _headline(cities: list[dict[str, Any]], summary: Mapping[str, Any], observed: list[dict[str, Any]],
              start: date, end: date) -> dict[str, Any]:  # fmt: skip
    """The headline's block on the timeline: what the steady state above cannot show.

    A sentence and figures from the same numbers as the section (unmet over the horizon, the
    first day a city runs dry, how many run dry, the largest demand's days short, and the
    simulated arrivals against the observed ones outside the horizon's last days), so that a
    reader of the headline alone does not take the steady state's m³/day for the crisis.
    """
    days = (end - start).days + 1
    demand, unmet = summary.get("demand_m3"), summary.get("unmet_m3")  # numbers, checked on load
    pct = summary.get("unmet_pct")
    if demand is None or unmet is None or not math.isfinite(float(demand) + float(unmet)):
        # A result without its JSON summary: the frame's own totals (each m³ once without a
        # backlog; with one the summary holds the totals, see _cities).
        demand = sum(c["demand_m3"] for c in cities)
        unmet = sum(c["unmet_m3"] for c in cities)
        pct = None
    # The file's share, as the text and the section's facts line print it: recomputed from
    # the file's m³, 192.504 of 1,000 read "19.3 %" beside their "19.2 %" (the file's 19.25).
    share = float(pct) if pct is not None and math.isfinite(float(pct)) else (
        100 * float(unmet) / float(demand) if demand else 0.0)
    dry = sorted((c for c in cities if c["dry_date"]), key=lambda c: (c["dry_date"], c["name"]))
    first = [c["name"] for c in dry if c["dry_date"] == dry[0]["dry_date"]] if dry else []
    first_day = (date.fromisoformat(dry[0]["dry_date"]) - start).days if dry else None
    kpis = [
        _kpi(f"Unmet over {plural_text(days, 'day')}", f"{share:.1f} %",
             f"{fmt_number(float(unmet))} of {fmt_number(float(demand))} m³",
             # Red from the share at which a day counts as dry (DRY_TOLERANCE, an assumption).
             "bad" if share >= 100 * DRY_TOLERANCE else "good"),
        _kpi("First city dry", dry[0]["dry_date"], f"day {first_day}: {_and_more(first)}", "bad")
        if dry else _kpi("First city dry", "none", f"no city runs dry by {end}", "good"),
        _kpi("Cities that run dry", f"{len(dry)} of {len(cities)}", "", "bad" if dry else "good"),
    ]
    parts = [f"From {start} to {end} ({plural_text(days, 'day')}), "
             f"{share:.1f} % of demand goes unmet ({fmt_number(float(unmet))} of "
             f"{fmt_number(float(demand))} m³)"]  # fmt: skip
    parts.append(f"{len(dry)} of {len(cities)} cities {'runs' if len(dry) == 1 else 'run'} dry, the first on {dry[0]['dry_date']} "
                 f"(day {first_day}: {_and_more(first)})" if dry else "no city runs dry")  # fmt: skip
    if cities:
        big = max(cities, key=lambda c: c["demand_m3"])  # the first of equals, in the table's order
        if big["short_date"]:
            n = big["short_days"]
            text = f"{big['name']}, the largest demand, is short on {plural_text(n, 'day')} from {big['short_date']}"
            if big["dry_date"]:
                text += f" and runs dry on {big['dry_date']}"
            kpis.append(_kpi(f"{big['name']} (largest demand)", f"{plural_text(n, 'day')} short",
                             f"from {big['short_date']}" + (f", dry from {big['dry_date']}" if big["dry_date"] else ""),
                             "bad"))  # fmt: skip
        else:
            text = f"{big['name']}, the largest demand, is never short"
            kpis.append(_kpi(f"{big['name']} (largest demand)", "never short", "", "good"))
        parts.append(text)
    # The periods the text marks as ending near the horizon's end are low by construction
    # (no fuel is shipped for after the last day): left out of the total, and said so.
    kept = [o for o in observed if not o["near_end"]]
    near = len(observed) - len(kept)
    # Periods may overlap (a month and a week in it): their days summed once (see _apart).
    kept, overlapping = _apart(kept)
    if kept:
        sim = sum(o["simulated_ml"] for o in kept)
        obs = sum(o["observed_ml"] for o in kept)
        left = [f"{near} near the horizon's end"] if near else []
        left += [f"{overlapping} overlapping another period"] if overlapping else []
        sub = (f"{fmt_number(sim, 1)} simulated against {fmt_number(obs, 1)} million litres "
               f"observed over {plural_text(len(kept), 'period')}"
               + (f" ({' and '.join(left)} left out)" if left else ""))  # fmt: skip
        value = f"{100 * (sim - obs) / obs:+.1f} %" if obs > 0 else "no observed litres"
        kpis.append(_kpi("Arrivals against observed", value, sub))
    return {"sentence": "; ".join(parts) + ".", "kpis": kpis}


def _apart(periods: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The observed periods that share no day, for a total over them, and how many are left
    out: in order of their start (the longer first on a tie), each period that shares a day
    with one kept before is left out. Periods may overlap (README: a month and a week in it);
    the headline summed them all, the week's litres twice, before 2026-12-05. A period
    without dates (rows built by hand) is kept.

    Examples
    --------
    >>> month = {"start": "2026-01-01", "end": "2026-01-31", "days": 31}
    >>> week = {"start": "2026-01-08", "end": "2026-01-14", "days": 7}
    >>> [p["days"] for p in _apart([week, month])[0]], _apart([week, month])[1]
    ([31], 1)
    """
    kept: list[dict[str, Any]] = []
    spans: list[tuple[str, str]] = []
    left = 0
    for p in sorted(periods, key=lambda p: (str(p.get("start") or ""), -float(p.get("days") or 0))):
        a, b = p.get("start"), p.get("end")
        if a and b:
            if any(a <= end and start <= b for start, end in spans):  # ISO dates: in text order
                left += 1
                continue
            spans.append((str(a), str(b)))
        kept.append(p)
    return kept, left


def timeline_data(data: TimelineData, *,
                  inputs: Mapping[str, Mapping[str, Sequence[Mapping[str, Any]]]] | None = None) -> dict[str, Any]:  # fmt: skip
    """Data of ``timeline.html.j2``.

    Parameters
    ----------
    data : TimelineData
        From :func:`load_timeline_result`.
    inputs : mapping, optional
        Keyword-only. The report's own input files, as
        :func:`~supplychain.reports.stress_section.stress_data` takes them (scenario name ->
        role -> records). The timeline's recorded network and parameter files are compared
        with the report's as a sweep's are (its scenario files are its own): a timeline run
        with another parameter file or network has other days of cover than the report's
        steady-state figures would give, and ``other_files`` says so. None: not compared.

    Returns
    -------
    dict
        Plain values and figures; strings unescaped (the template and
        :func:`~supplychain.reports.markup.plot_text` escape them). ``other_files``: the
        notice on the timeline's input files (``""`` when they are the report's or unknown).

    Examples
    --------
    Three days of a city served from its full tank, written as ``supplychain timeline``
    writes a result (its frame and summary):

    >>> import datetime
    >>> import networkx as nx
    >>> from supplychain.models.params import FleetParameters, ModelParameters
    >>> from supplychain.models.timeexp import build_timeline_model, solve_timeline
    >>> from supplychain.models.timeline import Timeline
    >>> g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    >>> g.add_node("P", name="Port", role="port", supply_m3_per_day=100.0)
    >>> g.add_node("C", name="Kayes", role="city", demand_m3_per_day=30.0)
    >>> _ = g.add_edge("P", "C", segment_id="R", capacity_trucks_per_day=20.0, length_km=1.0,
    ...                travel_time_h=12.0)
    >>> params = ModelParameters(1.0, {}, (), 1.0, 1.0, "XOF",
    ...                          FleetParameters(True, 10.0, 12.0, 0.0, 0.0, 0.0))
    >>> model = build_timeline_model(g, params, Timeline("calm", "", datetime.date(2026, 1, 1), 3))
    >>> result = solve_timeline(model)
    >>> data = load_timeline_result(TimelineData(result.to_frame(), result.to_dict(), "calm.parquet"))
    >>> timeline_data(data)["dry_sentence"]
    'No city runs dry between 2026-01-01 and 2026-01-03.'
    """
    frame, summary = data.frame, data.summary
    start = pd.Timestamp(frame["date"].min()).date()
    end = pd.Timestamp(frame["date"].max()).date()
    span = (start.isoformat(), (end + timedelta(days=1)).isoformat())
    weekly = _weekly_corridors(frame, start)
    cities = _cities(frame, summary)
    observed = _observed(summary)
    left_out = _observed_left_out(summary, start, end)
    near_end = _near_end_note(summary, observed, end)
    events = _events(summary)
    escorts = _escorts(frame)
    dry = [c for c in cities if c["dry_date"]]
    days = (end - start).days + 1
    facts = [f"{summary.get('name') or data.source or 'timeline'}", f"{start} to {end}",
             f"{days} day{'' if days == 1 else 's'}"]  # fmt: skip
    if summary.get("status"):
        facts.append(f"solve status {summary['status']}")
    if summary.get("integer_convoys"):
        # As the command prints it ("MIP optimal ... MIP gap"): whole convoys deliver less than
        # the LP's fractions of one, and the figures below are those of the MIP.
        gap = summary.get("mip_gap")
        facts.append("whole convoys (MIP)" + ("" if gap is None else f", MIP gap {percent_text(float(gap))}"))
    if (summary.get("foresight") or {}).get("kind") == "myopic":
        facts.append("myopic plan (attacks learnt on their day)")
    if summary.get("unmet_pct") is not None:
        facts.append(f"{fmt_number(summary['unmet_pct'], 1)} % of demand unmet")
    min_stock = _min_stock_sentence(cities)
    closing = _closing_sentence(cities, end)
    city_cols = [
        Column("name", "City"),
        Column("initial_cover", "Days of cover on day 0", "number", 1),
        Column("min_cover", "Lowest days of cover", "number", 1),
        Column("dry_date", "Runs dry on"),
        Column("dry_days", "Dry days", "number"),
        Column("short_date", "First day short"),
        Column("short_days", "Days short", "number"),
        Column("unmet_m3", "Unmet (m³)", "number"),
        Column("demand_m3", "Demand (m³)", "number"),
        *([Column("closing_m3", "Closing stock (m³)", "number")] if closing else []),
        *([Column("min_stock_m3", "Stock to pre-position (m³)", "number"),
           Column("capacity_m3", "Tank capacity (m³)", "number")] if min_stock else []),
    ]
    obs_cols = [
        Column("period", "Period"),
        Column("days", "Days", "number"),
        # "million litres" in words: "ML" read as millilitres (the text says "million litres").
        Column("observed_ml", "Observed (million litres)", "number", 1),
        Column("simulated_ml", "Simulated (million litres)", "number", 1),
        # Signed as the command prints them ("+22.5 %", "-0.5 %": the direction of the error),
        # with one decimal: a 0.5 % error printed "+0 %" read as an exact fit.
        Column("error_ml", "Error (million litres)", "number", 1, signed=True),
        Column("error_pct", "Error (%)", "number", 1, signed=True),
        Column("source", "Source"),
    ]
    event_cols = [Column("date", "Date"), Column("label", "Kind"), Column("event", "Event")]
    return {
        "source": data.source,
        "name": str(summary.get("name") or data.source or "timeline"),
        "other_files": _other_files(summary, data.source or "timeline", _command_files(inputs or {}),
                                    what="Timeline result"),
        "headline": _headline(cities, summary, observed, start, end),
        "facts": ", ".join(facts),
        "dry_sentence": (
            "; ".join(f"{c['name']} runs dry on {c['dry_date']}" for c in dry) + "."
            if dry else f"No city runs dry between {start} and {end}."
        ) + "".join(
            # Short on days it is not dry: stock kept for a priority block, or running out.
            f" {c['name']} is short of demand from {c['short_date']} ({c['short_days']} day{'s' if c['short_days'] != 1 else ''})"
            + (" while it keeps stock for a higher-priority block." if c["keeps_stock_short"]
               else ", its stock running out during that day.") for c in cities
            # The text's rule (short on more days than dry ones): a city first short on its dry
            # day and short again later, with stock, was said short in the text only.
            if c["short_date"] and c["short_days"] > c["dry_days"]
        ),
        "has_summary": bool(summary),
        "cities": table_data([{**c, "dry_date": c["dry_date"] or "never",
                               "short_date": c["short_date"] or "never"} for c in cities],
                             city_cols, table_id="table-timeline-cities",
                             row_classes=["spof" if c["dry_date"] else "" for c in cities]),
        "cover_grid": _plot("fig-timeline-cover-grid", cover_grid_figure(cities, span)),
        "cover": _plot("fig-timeline-cover", cover_figure(cities, span)),
        "arrivals": _plot("fig-timeline-arrivals", arrivals_figure(weekly, observed, span)),
        # The legend's "(+2 more)" (a crossing several corridors share) said in words.
        "shared_corridors": any(" / " in str(n) for n in weekly["corridors"]),
        "observed": table_data(observed, obs_cols, table_id="table-timeline-observed",
                               caption=". ".join(t for t in (left_out, near_end) if t) if observed else "",
                               empty=f"No observed period lies inside the horizon: {left_out}."
                               if left_out else "No observed series: run 'supplychain timeline' "
                                                "with --observed CSV to compare."),
        "has_observed": bool(observed),
        "crossings": table_data(_crossings(frame, summary), [
            Column("crossing", "Crossing into Mali"), Column("arrivals_m3", "Arrivals (m³)", "number"),
            # One decimal: a crossing with 874 of 562,781 m³ (the embedded back-test's
            # Koloko-Hérémakono) read "0", as one with none.
            Column("arrivals_tankers", "Tankers", "number"), Column("share_pct", "Share (%)", "number", 1),
            Column("days", "Days with arrivals", "number"),
        ], table_id="table-timeline-crossings",
            caption="Over the whole horizon, net of fuel turning back; a road into Mali without a "
                    "border post is named after the segment that crosses (as 'supplychain network "
                    "info' lists it).",
            empty="No crossing into Mali in this timeline."),
        "escorts": _plot("fig-timeline-escorts",
                         escort_figure(escorts, span, unlimited="escort_units_needed" in summary)),
        "has_escorts": bool(escorts["stretches"]) or any(escorts["units"]),
        "min_escorts": "escort_units_needed" in summary,
        "min_escorts_peak": _peak_goal_solved(summary.get("escort_units_needed")),
        "escort_table": table_data(escort_allocation(summary.get("escorts") or {}, days), [
            Column("stretch", "Escorted stretch"), Column("convoys", "Convoys", "number", 1),
            # The days the rule requires escorts, units or none: "Escorted days 90" read as 90
            # days of escorted convoys when no unit existed before day 20 (found by walk19).
            Column("escorted_days", "Days escort required", "number", 0),
            Column("per_week", "Convoys a week (over days required)", "number", 1),
            Column("round_trip_days", "Round trip (days)", "number", 1),
            Column("escort_days", "Escort days (convoys x round trip)", "number", 0),
            Column("share_pct", "Share of escort days (%)", "number", 0),
        ], table_id="table-timeline-escorts", caption=_escort_caption(escorts, summary.get("escort_units_needed"))
            if summary.get("escorts") else "",
            empty="No escorted convoy in this timeline."),
        "fleet_sentence": _fleet_sentence(summary, _fleet_ends(frame)),
        "min_stock_sentence": min_stock,
        "closing_sentence": closing,
        "cost_goal_sentence": _cost_goal_sentence(summary),
        "foresight_sentence": _foresight_sentence(summary),
        "events": _plot("fig-timeline-events", events_figure(events, span)),
        "event_table": table_data(events, event_cols, table_id="table-timeline-events",
                                  empty="No dated event in this timeline."),
    }  # fmt: skip
