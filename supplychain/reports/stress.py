"""Stress-test results for the report: read sweep files or in-memory sweeps, check them.

A sweep written by ``supplychain stress`` is a Parquet table ``NAME.parquet`` with a JSON
summary ``NAME.json`` beside it; its ``"sweep"`` key says what it is (``n-1``, ``n-2``...,
``worst-case``, ``monte-carlo``). A :class:`~supplychain.scenarios.sweeps.SweepResult` (or
anything with ``kind``, ``table`` and ``summary``) is accepted as well. Reading is all this
module does: no solving.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pandas as pd

from supplychain._json import loads as load_json
from supplychain._records import command_record, file_record
from supplychain._toml import past_any_float, refuse_not_a_file
from supplychain.errors import ArgumentTypeError, DataFileError

__all__ = [
    "REQUIRED_COLUMNS",
    "TIMELINE_KINDS",
    "WARM_METHODS",
    "StressData",
    "SweepLike",
    "command_record",
    "file_record",
    "load_stress",
    "mc_stats",
    "read_result_files",
    "recorded_inputs",
    "timeline_mc_stats",
]

logger = logging.getLogger(__name__)

#: Columns the report reads, by sweep kind.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "n-1": (
        "rank",
        "id",
        "throughput_lost_m3_per_day",
        "throughput_lost_tankers_per_day",
        "throughput_lost_pct",
        "served_lost_m3_per_day",
        "served_lost_tankers_per_day",
        "served_lost_pct",
        "single_point_of_failure",
        "status",
    ),
    "worst-case": (
        "method",
        "k",
        "segments",
        "nodes",
        "baseline_m3_per_day",
        "remaining_m3_per_day",
        "lost_m3_per_day",
        "lost_tankers_per_day",
        "lost_pct",
        "status",
    ),
    "monte-carlo": ("draw", "throughput_m3_per_day", "served_m3_per_day"),
    # ``supplychain stress closure-days``: one row per corridor closed from day 0 and ``(none)``.
    "closure-days": ("corridor", "days_to_dry", "first_dry_date", "first_dry_city", "unmet_m3",
                     "unmet_pct", "status"),
    # ``supplychain stress timeline-mc``: one row per draw and city.
    "timeline-mc": ("draw", "city", "status", "unmet_m3", "first_dry_day", "tankers_lost"),
}
REQUIRED_COLUMNS["n-k"] = REQUIRED_COLUMNS["n-1"]  # the same table, for combinations


@runtime_checkable
class SweepLike(Protocol):
    """Anything shaped like :class:`~supplychain.scenarios.sweeps.SweepResult`.

    A protocol (never instantiated): :func:`load_stress` accepts any object with these
    attributes; ``isinstance`` checks that they are present.

    Attributes
    ----------
    kind : str
        ``n-1``, ``n-k``, ``worst-case`` or ``monte-carlo``.
    table : pandas.DataFrame
        The sweep's table (:data:`REQUIRED_COLUMNS` of its kind).
    summary : dict
        Its JSON summary.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> isinstance(SimpleNamespace(kind="n-1", table=pd.DataFrame(), summary={}), SweepLike)
    True
    >>> isinstance(SimpleNamespace(kind="n-1"), SweepLike)
    False
    """

    kind: str
    table: pd.DataFrame
    summary: dict[str, Any]


@dataclass(frozen=True)
class StressData:
    """One sweep's results, checked and labelled for the report.

    Parameters
    ----------
    kind : {"n-1", "n-k", "worst-case", "monte-carlo"}
    label : str
        Heading, e.g. ``"N-1"``, ``"N-2"``, ``"Worst case"``, ``"Monte Carlo"``.
    table : pandas.DataFrame
    summary : dict
        The JSON summary (empty when none was found).
    source : str
        File name the table came from, or ``""`` for an in-memory sweep.
    files : tuple of dict
        Provenance records (:func:`file_record`) of the files read.

    Examples
    --------
    >>> t = pd.DataFrame({"draw": [0, 1], "throughput_m3_per_day": [1.0, 2.0],
    ...                   "served_m3_per_day": [1.0, 1.0]})
    >>> load_stress(StressData("monte-carlo", "", t, {"sweep": "monte-carlo"})).label
    'Monte Carlo'
    """

    kind: str
    label: str
    table: pd.DataFrame
    summary: dict[str, Any]
    source: str = ""
    files: tuple[dict[str, Any], ...] = field(default_factory=tuple)


#: Sweeps of ``supplychain stress`` run on a timeline (days of cover), not on the steady state:
#: their scenario is their own timeline, their figures days and m³ over the horizon. Refused by
#: the report before 2026-12-05 ("which the report does not show").
TIMELINE_KINDS = ("closure-days", "timeline-mc")


def _kind_of(summary: Mapping[str, Any], declared: str, table: pd.DataFrame) -> str:
    sweep = str(summary.get("sweep") or summary.get("kind") or declared or "")
    if sweep in ("n-1", "worst-case", "monte-carlo", *TIMELINE_KINDS):
        return sweep
    if sweep.startswith("n-"):
        return "n-k"
    cols = set(table.columns)
    if {"corridor", "days_to_dry"} <= cols:
        return "closure-days"
    if {"draw", "first_dry_day"} <= cols:
        return "timeline-mc"
    if "draw" in cols:
        return "monte-carlo"
    if "method" in cols:
        return "worst-case"
    if "rank" in cols:
        ids = table["id"].astype(str) if "id" in cols else pd.Series([], dtype=str)
        return "n-k" if ids.str.contains(" + ", regex=False).any() else "n-1"
    return ""


def _label(kind: str, summary: Mapping[str, Any], table: pd.DataFrame) -> str:
    if kind == "n-1":
        return "N-1"
    if kind == "n-k":
        sweep = str(summary.get("sweep") or "")
        if sweep.startswith("n-") and sweep[2:].isdigit():
            return f"N-{sweep[2:]}"
        k = summary.get("k")
        return f"N-{k}" if k else "N-k"
    return {"worst-case": "Worst case", "monte-carlo": "Monte Carlo", "closure-days": "Closure days",
            "timeline-mc": "Timeline Monte Carlo"}[kind]


def _check(kind: str, table: pd.DataFrame, where: str) -> None:
    if not kind and {"date", "place", "days_of_cover"} <= set(table.columns):
        # A timeline result given as --stress: "no recognisable columns" named no fix.
        raise DataFileError(
            f"{where} is a result of 'supplychain timeline', not of 'supplychain stress'; give it "
            "to report with --timeline."
        )
    if not kind:
        raise DataFileError(
            f"{where} is not a stress-test result this report knows (n-1, n-k, worst-case, "
            "monte-carlo, closure-days, timeline-mc): no 'sweep' key in its JSON summary and no "
            "recognisable columns."
        )
    missing = [c for c in REQUIRED_COLUMNS[kind] if c not in table.columns]
    if missing:
        raise DataFileError(
            f"{where} ({kind}) lacks the column(s) {', '.join(missing)}; write it with "
            "'supplychain stress' of this version."
        )
    for column in _NUMBER_COLUMNS.get(kind, ()):
        if column not in table.columns:  # an optional one (the required are checked above)
            continue
        values = table[column]
        numbers = pd.to_numeric(values, errors="coerce")
        wrong = _not_numbers(values, numbers)
        if len(wrong):
            raise DataFileError(
                f"{where} ({kind}) column {column} holds {_short(wrong.iloc[0])}, not a number; "
                "write it with 'supplychain stress' of this version."
            )
    # Days, counts, m³ and shares are 0 or more and finite: "first city dry on day -4" was shown
    # as written (fuzz27), an N-1 loss of -5 m³ or 250 % too (fuzz35).
    solved = (table["status"].isin(_SOLVED_STATUS[kind]) if kind in _SOLVED_STATUS and "status" in table.columns
              else None)  # fmt: skip
    problem = _figures_problem(table, _FIGURE_COLUMNS.get(kind, ()), needed=_SOLVED_FIGURES.get(kind, ()),
                               needed_in=solved, needed_why="where its status says it was solved") \
        or _repeated_rows_problem(kind, table)  # fmt: skip
    if problem:
        raise DataFileError(f"{where} ({kind}) {problem}: the table was edited or damaged; write it again "
                            "with 'supplychain stress'.")  # fmt: skip
    from supplychain.scenarios.timeline_stress import CITY_COLUMN, city_days_to_dry

    if kind == "closure-days" and CITY_COLUMN in table.columns:  # optional: tables written before
        for value in table[CITY_COLUMN]:
            try:
                city_days_to_dry(value)
            except DataFileError as exc:
                raise DataFileError(f"{where}: {exc}") from None


#: What each sweep's table gives once a row (its writer's): a closure, a draw, a draw's city.
_ONCE: dict[str, tuple[str, ...]] = {"n-1": ("kind", "id"), "n-k": ("kind", "id"), "monte-carlo": ("draw",),
                                     "closure-days": ("corridor",), "timeline-mc": ("draw", "city")}


def _repeated_rows_problem(kind: str, table: pd.DataFrame) -> str | None:
    """What a sweep's table gives again in a later row (a row pasted twice), or None. With no
    summary beside it (or one not counting them) an N-1 table with a row twice was reported: the
    closure ranked twice, its count one too many (fuzz36).

    Examples
    --------
    >>> table = pd.DataFrame({"kind": ["segment", "border", "segment"], "id": ["a", "a", "a"]})
    >>> _repeated_rows_problem("n-1", table.iloc[:2]) is None
    True
    >>> _repeated_rows_problem("n-1", table)
    "gives kind, id ('segment', 'a') again in 1 row"
    """
    keys = [c for c in _ONCE.get(kind, ()) if c in table.columns]
    if not keys or keys[-1] != _ONCE[kind][-1]:  # its main key is not there (checked elsewhere)
        return None
    again = table.duplicated(keys)
    if not again.any():
        return None
    first = tuple(table.loc[again, keys].iloc[0])
    shown = repr(first) if len(first) > 1 else repr(first[0])
    n = int(again.sum())
    return f"gives {', '.join(keys)} {shown} again in {n} row{'s' if n != 1 else ''}"


#: Columns of the timeline sweeps read as numbers (a text there failed as "unexpected
#: ValueError", or read as "never dry"); timeline-mc's ``dry_days`` when present (optional:
#: "unexpected ValueError" on a text there, found by review18c), its ``short_days`` and
#: ``first_short_day`` too (tables written since 2026-12-06).
_NUMBER_COLUMNS = {"closure-days": ("days_to_dry", "unmet_m3", "unmet_pct"),
                   "timeline-mc": ("draw", "unmet_m3", "first_dry_day", "tankers_lost", "dry_days",
                                   "short_days", "first_short_day", "delivered_m3")}  # fmt: skip


#: Figures of each sweep's table that are never negative nor infinite (its writer's m³, tankers,
#: counts, days and shares). NaN is legal in them, as the writers leave a figure they do not
#: know: a re-solve or draw that failed, a closure without a plan, a city never dry, a network
#: without Bamako (its hub flows); except in :data:`_SOLVED_FIGURES`. A hand-edited table with
#: -5 m³ lost, an infinite throughput or a 250 % loss was drawn as written (fuzz35).
_FIGURE_COLUMNS: dict[str, tuple[str, ...]] = {
    "n-1": ("throughput_m3_per_day", "served_m3_per_day", "throughput_lost_m3_per_day",
            "throughput_lost_tankers_per_day", "throughput_lost_pct", "served_lost_m3_per_day",
            "served_lost_tankers_per_day", "served_lost_pct", "hub_flow_m3_per_day",
            "hub_max_flow_m3_per_day", "hub_flow_lost_m3_per_day", "sum_of_single_losses_m3_per_day",
            "chain_length_km", "chain_members"),
    "worst-case": ("k", "baseline_m3_per_day", "remaining_m3_per_day", "lost_m3_per_day",
                   "lost_tankers_per_day", "lost_pct", "throughput_after_m3_per_day",
                   "throughput_base_m3_per_day"),
    "monte-carlo": ("draw", "n_closed", "attacks", "throughput_m3_per_day", "served_m3_per_day",
                    "throughput_lost_m3_per_day", "served_lost_m3_per_day"),
    "closure-days": ("segments", "days_to_dry", "unmet_m3", "unmet_pct"),
    "timeline-mc": ("draw", "attacks", "tankers_lost", "cargo_lost_m3", "delivered_m3", "unmet_m3",
                    "first_dry_day", "dry_days", "first_short_day", "short_days"),
}
_FIGURE_COLUMNS["n-k"] = _FIGURE_COLUMNS["n-1"]

#: Figures a row always has when its ``status`` is one of :data:`_SOLVED_STATUS` (NaN only in a
#: row without a plan: :func:`~supplychain.scenarios.sweeps._finish_closure_table` marks a row
#: ``failed`` when a re-solve gave NaN; ``_row`` of :mod:`~supplychain.scenarios.timeline_stress`
#: leaves a closure's unmet demand NaN only without a plan). timeline-mc's are checked with
#: its summary (:func:`_check_mc_figures`).
_SOLVED_FIGURES: dict[str, tuple[str, ...]] = {
    "n-1": ("throughput_lost_m3_per_day", "throughput_lost_tankers_per_day", "throughput_lost_pct",
            "served_lost_m3_per_day", "served_lost_tankers_per_day", "served_lost_pct"),
    "closure-days": ("unmet_m3", "unmet_pct"),
}
_SOLVED_FIGURES["n-k"] = _SOLVED_FIGURES["n-1"]
_SOLVED_STATUS: dict[str, tuple[str, ...]] = {"n-1": ("optimal",), "n-k": ("optimal",),
                                              "closure-days": ("optimal", "feasible")}  # fmt: skip

#: How far below 0 (or above 100 %) a figure may be and still be a solver's rounding: 0.001
#: (a litre, of m³). An assumption: solutions are feasible to about 1e-7 (HiGHS's default
#: tolerance); a hand edit is much further off.
_ROUNDING = 1e-3


def _figures_problem(table: pd.DataFrame, columns: Sequence[str], *, needed: Sequence[str] = (),
                    needed_in: pd.Series | None = None, needed_why: str = "",
                    signed: Sequence[str] = ()) -> str | None:  # fmt: skip
    """What is wrong with the figures of a result table, or None: the first cell of
    ``columns`` that is a text, negative (unless its column is in ``signed``), infinite or (a
    column ending in ``_pct``) above 100 %, or empty (NaN) in a column of ``needed`` on a row
    where ``needed_in`` is True. Columns the table lacks are passed over; NaN is legal elsewhere.

    Parameters
    ----------
    table : pandas.DataFrame
        A table written by ``supplychain stress`` or ``supplychain timeline``.
    columns : sequence of str
        Its columns of figures that cannot be negative nor infinite.
    needed : sequence of str
        Those that cannot be NaN on the rows of ``needed_in``.
    needed_in : pandas.Series of bool, optional
        The rows that must have the ``needed`` figures (None: none).
    needed_why : str
        The end of the message for a NaN there (``where its status says it was solved``).
    signed : sequence of str
        Those of ``columns`` that may be below 0 (a timeline's net arrivals at a crossing).

    Returns
    -------
    str or None
        ``column C holds V at row R (from 0), why``; None when the figures are sound.

    Examples
    --------
    >>> t = pd.DataFrame({"unmet_m3": [1.0, -5.0], "unmet_pct": [10.0, 250.0]})
    >>> _figures_problem(t, ["unmet_pct", "unmet_m3"])
    'column unmet_pct holds 250 at row 1 (from 0), above 100 %'
    >>> _figures_problem(t, ["unmet_m3"])
    'column unmet_m3 holds -5 at row 1 (from 0), below 0'
    >>> _figures_problem(t, ["unmet_m3"], signed=["unmet_m3"]) is None
    True
    >>> _figures_problem(t.assign(unmet_m3=[float("nan"), 1.0]), ["unmet_m3"], needed=["unmet_m3"],
    ...                 needed_in=pd.Series([True, True]), needed_why="where solved")
    'column unmet_m3 is empty (NaN) at row 0 (from 0), where solved'
    >>> _figures_problem(t.assign(unmet_m3=float("nan")), ["unmet_m3", "other"]) is None
    True
    """
    for column in columns:
        if column not in table.columns:
            continue
        values = table[column]
        numbers = pd.to_numeric(values, errors="coerce").astype(float)
        checks = [(values.notna() & numbers.isna(), "not a number"),
                  (numbers < (-math.inf if column in signed else -_ROUNDING), "below 0"),
                  (numbers.abs() == math.inf, "infinite")]  # fmt: skip
        if column.endswith("_pct"):
            checks.append((numbers > 100 + _ROUNDING, "above 100 %"))
        for mask, why in checks:
            rows = mask.to_numpy(dtype=bool).nonzero()[0]
            if len(rows):
                return f"column {column} holds {_figure(values.iloc[rows[0]])} at row {rows[0]} (from 0), {why}"
        if column in needed and needed_in is not None:
            rows = (numbers.isna().to_numpy(dtype=bool) & needed_in.to_numpy(dtype=bool)).nonzero()[0]
            if len(rows):
                return f"column {column} is empty (NaN) at row {rows[0]} (from 0), {needed_why}"
    return None


def _figure(value: Any) -> str:
    """A cell for an error message: a number as ``%g``, anything else as :func:`_short`.

    >>> _figure(-5.0), _figure(float("inf")), _figure("x")
    ('-5', 'inf', "'x'")
    """
    if isinstance(value, str | bytes):
        return _short(value)
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return _short(value)


def _as_numbers(kind: str, table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its number columns (:data:`_NUMBER_COLUMNS`, checked by :func:`_check`)
    as numbers: a timeline-mc table whose ``unmet_m3`` was written as text ("40.0") passed the
    check, and each draw's cities were then summed as texts, joined end to end ("unexpected
    ValueError: could not convert string to float: '13487.56...1040.00...'"; fuzz24).

    >>> _as_numbers("timeline-mc", pd.DataFrame({"unmet_m3": ["1.5", None]}))["unmet_m3"].tolist()
    [1.5, nan]
    """
    columns = [c for c in _NUMBER_COLUMNS.get(kind, ())
               if c in table.columns and not pd.api.types.is_numeric_dtype(table[c])]  # fmt: skip
    return table.assign(**{c: pd.to_numeric(table[c], errors="coerce") for c in columns}) if columns else table


def _short(value: Any) -> str:
    """``repr(value)``, cut to 40 characters for an error message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _not_numbers(values: pd.Series, numbers: pd.Series | None = None) -> pd.Series:
    """The cells of ``values`` that are given but are not numbers (``numbers``: ``values``
    already read with ``pd.to_numeric(..., errors="coerce")``).

    >>> _not_numbers(pd.Series([1, None, "x", "2"])).tolist()
    ['x']
    """
    if numbers is None:
        numbers = pd.to_numeric(values, errors="coerce")
    return values[values.notna() & numbers.isna()]


def _mc_methods(table: pd.DataFrame) -> set[str]:
    """The ``method`` values of a timeline-mc table (none without the column).

    >>> sorted(_mc_methods(pd.DataFrame({"method": ["myopic", None, "myopic warm"]})))
    ['myopic', 'myopic warm']
    """
    return {str(m) for m in table["method"].dropna().unique()} if "method" in table.columns else set()


def _iso_date(text: str) -> date | None:
    """``text`` read as a date written 2025-09-01 (a time after it allowed), or None.

    >>> _iso_date("2026-01-01"), _iso_date("yesterday"), _iso_date("2026-02-30")
    (datetime.date(2026, 1, 1), None, None)
    """
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text[:10]):
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:  # 2026-02-30
        return None


def _m3(value: Any) -> str:
    """A volume for an error message: to the m³ with thousands separators, in powers of ten
    from 1e15 m³ (a hand-edited 1e300 was written out in 301 digits).

    >>> _m3(95000.4), _m3(1e300), _m3(-2.5e16)
    ('95,000', '1e+300', '-2.5e+16')
    """
    return f"{float(value):,.0f}" if abs(float(value)) < 1e15 else f"{float(value):.3g}"


def _counts_table(summary: Mapping[str, Any], key: str, fields: Sequence[str]) -> str | None:
    """Why ``summary[key]`` is not a table (or absent) whose ``fields`` are counts or null, or
    None.

    >>> _counts_table({"t": {"rows": 3}}, "t", ("rows",)), _counts_table({"t": 5}, "t", ("rows",))
    (None, "'t' = 5 is not a table")
    """
    table = summary.get(key)
    if table is not None and not isinstance(table, Mapping):
        return f"'{key}' = {_short(table)} is not a table"
    for name in fields:
        if table and (bad := _not_number(table.get(name), f"{key}.{name}", count=True)):
            return bad
    return None


def _not_number(value: Any, key: str, *, count: bool = False) -> str | None:
    """Why ``value`` (read at ``key`` of a JSON summary) is not a number or null, or None.

    A count (``count=True``, read with ``int()``) must be finite; another number may be NaN
    (shown as "-").

    >>> _not_number(float("nan"), "lift"), _not_number(float("nan"), "draws", count=True)
    (None, "'draws' = nan is not a number")
    """
    if past_any_float(value):
        # Past any float: "unexpected OverflowError: int too large to convert to float" (fuzz29).
        return f"'{key}' = {_short(value)} is too large a number"
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)
                         and (math.isfinite(value) or not count)):  # fmt: skip
        return None
    return f"'{key}' = {_short(value)} is not a number"


def _mc_summary_problem(summary: Mapping[str, Any]) -> str | None:
    """The first value of a Monte Carlo summary that the report cannot read, or None.

    The report reads the measures' statistics (when all of ``mean``, ``p5``, ``p50``, ``p95``
    are there; else it computes them from the table), ``draws``, the mean closures and the
    ``worst_5pct_share`` rows: a summary edited by hand failed deep in the report as
    "unexpected IndexError ... This is a bug" before 2026-12-04.

    Examples
    --------
    >>> _mc_summary_problem({"served_m3_per_day": {"mean": 1, "p5": 1, "p50": 1, "p95": 1,
    ...                                            "p5_ci95": [None]}})
    "'served_m3_per_day.p5_ci95' = [None] is not a pair of numbers"
    >>> _mc_summary_problem({"draws": 5, "worst_5pct_share": [{"share_of_worst_draws": 0.5}]}) is None
    True
    """
    for measure in ("served_m3_per_day", "throughput_m3_per_day"):
        stats = summary.get(measure)
        if not (isinstance(stats, Mapping) and all(k in stats for k in ("mean", "p5", "p50", "p95"))):
            continue  # not given: computed from the table
        if bad := _stats_problem(stats, measure):
            return bad
    for key in ("draws", "chunk_size"):  # the chunk size is quoted beside the seed
        if bad := _not_number(summary.get(key), key, count=True):
            return bad
    for key in ("mean_segments_closed", "mean_border_posts_closed"):
        if bad := _not_number(summary.get(key), key):
            return bad
    rows = summary.get("worst_5pct_share")
    if rows and not isinstance(rows, list):
        return f"'worst_5pct_share' = {_short(rows)} is not a list"
    for i, row in enumerate(rows or []):
        if not isinstance(row, Mapping):
            return f"'worst_5pct_share[{i}]' = {_short(row)} is not a table"
        for key in ("share_of_worst_draws", "attack_probability", "worst_draws", "lift"):
            if bad := _not_number(row.get(key), f"worst_5pct_share[{i}].{key}", count=key == "worst_draws"):
                return bad
    return None


def _stats_problem(stats: Any, key: str, *, needed: tuple[str, ...] = ("mean", "p5", "p50", "p95")) -> str | None:
    """Why ``stats`` (a summary's distribution at ``key``) cannot be read, or None.

    >>> _stats_problem({"mean": 1, "p5": 1, "p50": "x", "p95": 1}, "unmet_m3")
    "'unmet_m3.p50' = 'x' is not a number"
    >>> _stats_problem({"mean": 1, "p5": 1, "p50": 1, "p95": 1, "p50_ci95": [None]}, "unmet_m3")
    "'unmet_m3.p50_ci95' = [None] is not a pair of numbers"
    """
    if not isinstance(stats, Mapping):
        return f"'{key}' = {_short(stats)} is not a table"
    for k in needed:
        if k not in stats:
            return f"'{key}.{k}' is missing"
        if bad := _not_number(stats[k], f"{key}.{k}"):
            return bad
        ends = stats.get(f"{k}_ci95")
        if ends is not None and not (isinstance(ends, list) and len(ends) == 2
                                     and not any(_not_number(v, "") for v in ends)):  # fmt: skip
            return f"'{key}.{k}_ci95' = {_short(ends)} is not a pair of numbers"
    return None


def _timeline_summary_problem(kind: str, summary: Mapping[str, Any]) -> str | None:
    """The first value of a closure-days or timeline-mc summary the report cannot read, or None.

    A closure-days summary: ``days`` (the horizon), ``start``. A timeline-mc one: ``draws``,
    ``days``, ``seed``, the ``unmet_m3`` and ``tankers_lost`` distributions, the ``base`` run
    and per city ``p_dry``, ``first_dry_day_when_dry`` and ``base_first_dry_day``. A key that
    is absent is taken from the table (or said unknown), as for a table without its summary.

    Examples
    --------
    >>> _timeline_summary_problem("closure-days", {"days": "20"})
    "'days' = '20' is not a number"
    >>> _timeline_summary_problem("timeline-mc", {"cities": {"Kayes": {"p_dry": [1]}}})
    "'cities.Kayes.p_dry' = [1] is not a number"
    >>> _timeline_summary_problem("timeline-mc", {"draws": 5, "cities": {}}) is None
    True
    """
    for key in ("days", "draws", "failed_draws"):
        if bad := _not_number(summary.get(key), key, count=True):
            return bad
    # The section prints them: "4 draws of -3 days from yesterday" was shown as written (fuzz27).
    days = summary.get("days")
    if days is not None and (not isinstance(days, int) or days < 1):
        return f"'days' = {_short(days)} is not a whole number of days (1 or more)"
    for key in ("start", "timeline", "scenario"):
        if summary.get(key) is not None and not isinstance(summary[key], str):
            return f"'{key}' = {_short(summary[key])} is not a text"
    if summary.get("start") is not None and _iso_date(summary["start"]) is None:
        return f"'start' = {_short(summary['start'])} is not a date written as 2025-09-01"
    if kind == "closure-days":
        return None
    # Printed too ("x tankers destroyed per drawn attack"), and read to say how the draws were
    # planned: a foresight or warm the section does not know dropped its note, unsaid (fuzz27).
    tankers = summary.get("tankers_per_attack")
    if bad := _not_number(tankers, "tankers_per_attack", count=True):
        return bad
    if tankers is not None and tankers < 0:
        return f"'tankers_per_attack' = {_short(tankers)} is below 0"
    if summary.get("foresight") not in (None, "perfect", "myopic"):
        return f"'foresight' = {_short(summary['foresight'])} is not 'perfect' or 'myopic'"
    if not isinstance(summary.get("warm"), bool | None):
        return f"'warm' = {_short(summary['warm'])} is not true or false"
    # Read to say why a --warm run planned its draws cold (timeline_mc.planned_cold).
    if bad := _counts_table(summary, "template", ("rows", "max_rows")):
        return bad
    template = summary.get("template")
    if template and not isinstance(template.get("tried"), bool | None):
        return f"'template.tried' = {_short(template['tried'])} is not true or false"
    for key in ("unmet_m3", "tankers_lost"):
        if key in summary and (bad := _stats_problem(summary[key], key)):
            return bad
    base = summary.get("base")
    if base is not None and not isinstance(base, Mapping):
        return f"'base' = {_short(base)} is not a table"
    for key in ("unmet_m3",):
        if base and (bad := _not_number(base.get(key), f"base.{key}")):
            return bad
    if bad := _not_number(summary.get("demand_m3"), "demand_m3"):
        return bad
    cities = summary.get("cities")
    if cities is None:
        return None
    if not isinstance(cities, Mapping):
        return f"'cities' = {_short(cities)} is not a table"
    for name, city in cities.items():
        where = f"cities.{name}"
        if not isinstance(city, Mapping):
            return f"'{where}' = {_short(city)} is not a table"
        if bad := _not_number(city.get("p_dry"), f"{where}.p_dry"):
            return bad
        if bad := _not_number(city.get("base_first_dry_day"), f"{where}.base_first_dry_day", count=True):
            return bad
        # Summaries since 2026-12-06 (optional): the chance of going short and its days.
        if bad := _not_number(city.get("p_short"), f"{where}.p_short"):
            return bad
        if bad := _not_number(city.get("base_short_days"), f"{where}.base_short_days", count=True):
            return bad
        short = city.get("short_days")
        if short is not None and (bad := _stats_problem(short, f"{where}.short_days", needed=("p50",))):
            return bad
        when = city.get("first_dry_day_when_dry")
        if when is not None and (bad := _stats_problem(when, f"{where}.first_dry_day_when_dry",
                                                       needed=("p5", "p50", "p95"))):  # fmt: skip
            return bad
    return None


def read_result_files(
    path: Path, *, what: str, command: str, no_summary: str
) -> tuple[pd.DataFrame, dict[str, Any], tuple[dict[str, Any], ...]]:
    """Read a result written by the CLI: a Parquet table and the JSON summary beside it.

    Parameters
    ----------
    path : Path
        The Parquet file.
    what : str
        What it is, for messages and provenance (``"stress result"``, ``"timeline result"``).
    command : str
        The command that writes it, for the fix in the error (``"supplychain stress ..."``).
    no_summary : str
        End of the warning logged when no summary lies beside the table.

    Returns
    -------
    tuple
        The table, the summary (empty without one) and the provenance records of both files.

    Raises
    ------
    DataFileError
        If the table is missing or unreadable, or the summary is not a readable JSON object.

    Examples
    --------
    >>> try:
    ...     read_result_files(Path("none.parquet"), what="stress result",
    ...                       command="supplychain stress", no_summary="")
    ... except DataFileError as e:
    ...     print(e)
    Stress result 'none.parquet' does not exist; write it with 'supplychain stress ... --out FILE.parquet'.
    """
    if path.is_dir():  # it said "does not exist"
        raise DataFileError(f"{what.capitalize()} {str(path)!r} is a folder; give the Parquet file "
                            f"'{command} ... --out FILE.parquet' wrote.")  # fmt: skip
    refuse_not_a_file(path, f"{what.capitalize()} {str(path)!r}")  # a named pipe "does not exist"
    if not path.is_file():
        raise DataFileError(
            f"{what.capitalize()} {str(path)!r} does not exist; write it with "
            f"'{command} ... --out FILE.parquet'."
        )
    if path.parent.name.endswith(".parquet.parts") and path.name.startswith("chunk-"):
        # One chunk of a sweep was reported as if it were the whole sweep, unsaid.
        whole = path.parent.with_name(path.parent.name.removesuffix(".parts"))
        raise DataFileError(
            f"{what.capitalize()} {str(path)!r} is one chunk of the run that writes {str(whole)!r}; "
            f"give {str(whole)!r} once the run has finished (run the same command again to resume "
            "an interrupted one)."
        )
    try:
        table = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a corrupt file
        # `--stress n1.json` or `n1.csv` (the files beside the table) said the reader's error
        # alone; the table beside it is named.
        table_file = path.with_suffix(".parquet")
        fix = (f"; give the table '{table_file}' (its JSON summary is read from beside it)"
               if path.suffix.lower() in (".json", ".csv") and table_file.is_file() else
               f"; give the Parquet table '{command} ... --out FILE.parquet' wrote"
               if path.suffix.lower() != ".parquet" else "")
        raise DataFileError(f"Cannot read {what} {str(path)!r} as Parquet: {str(exc).rstrip('.')}{fix}.") from exc
    files = [file_record(path, role=what)]
    summary: dict[str, Any] = {}
    side = path.with_suffix(".json")
    if side.is_file():
        fix = f"write both again with '{command} ... --out {path}', or move '{side}' away"
        try:
            loaded = load_json(side.read_text(encoding="utf-8-sig"))  # a byte-order mark read past (fuzz29)
        except UnicodeDecodeError as exc:
            raise DataFileError(f"The summary '{side}' beside {what} '{path}' is not UTF-8 text ({exc}); "
                                f"{fix}.") from exc
        except RecursionError as exc:  # "unexpected RecursionError" before 2026-12-05
            raise DataFileError(f"The summary '{side}' beside {what} '{path}' is nested too deeply to "
                                f"read (lists or objects within each other); {fix}.") from exc
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise DataFileError(f"The summary '{side}' beside {what} '{path}' cannot be read as JSON "
                                f"({reason}); {fix}.") from exc
        if not isinstance(loaded, dict):
            raise DataFileError(f"The summary '{side}' beside {what} '{path}' is not a JSON object; {fix}.")
        summary = loaded
        files.append(file_record(side, role=what.split()[0] + " summary"))
    else:
        logger.warning("No JSON summary beside %s%s", path, no_summary)
    return table, summary, tuple(files)


def recorded_inputs(summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The files a result's summary says its command read (``command.inputs``, written by
    :func:`command_record`): the records with a role, a path and a SHA-256; none for a summary
    written before they were recorded (stress results before 2026-12-05).

    Parameters
    ----------
    summary : mapping
        A result's JSON summary.

    Returns
    -------
    list of dict
        Its :func:`file_record` records, in its order.

    Examples
    --------
    >>> recorded_inputs({"command": {"inputs": [{"role": "parameters", "path": "p.toml",
    ...                                          "bytes": 5, "sha256": "ab"}, {"role": "x"}]}})
    [{'role': 'parameters', 'path': 'p.toml', 'bytes': 5, 'sha256': 'ab'}]
    >>> recorded_inputs({"sweep": "n-1"})
    []
    """
    command = summary.get("command")
    inputs = command.get("inputs") if isinstance(command, Mapping) else None
    return [dict(r) for r in inputs or [] if isinstance(r, Mapping) and {"role", "path", "sha256"} <= set(r)]


def _command_problem(summary: Mapping[str, Any]) -> str | None:
    """What is wrong with a summary's ``command.inputs``, or None (absent: not recorded).

    >>> _command_problem({"command": {"inputs": 5}})
    "'command.inputs' = 5 is not a list"
    """
    command = summary.get("command")
    inputs = command.get("inputs") if isinstance(command, Mapping) else None
    if inputs and not isinstance(inputs, list):
        return f"'command.inputs' = {_short(inputs)} is not a list"
    return None


def _with_inputs(files: tuple[dict[str, Any], ...], summary: Mapping[str, Any],
                 label: str) -> tuple[dict[str, Any], ...]:  # fmt: skip
    """``files`` and the files the result's command read, each role followed by ``of LABEL``
    (``parameters of N-1``), for the report's provenance."""
    return (*files, *({**r, "role": f"{r['role']} of {label}"} for r in recorded_inputs(summary)))


def _check_draws(kind: str, table: pd.DataFrame, summary: Mapping[str, Any], path: Path) -> None:
    """A Monte Carlo summary and table of one run: the percentiles, draw count and worst-draw
    shares come from the summary, the histogram from the table, so a summary of another run
    (a 300-draw one beside the table extended to 600) would mix two runs on one page."""
    draws = summary.get("draws")
    if kind == "timeline-mc" and draws is not None and int(draws) != table["draw"].nunique():
        # Its percentiles (the summary's) beside a histogram of another run's draws (the table's).
        raise DataFileError(
            f"The summary {str(path.with_suffix('.json'))!r} gives {int(draws):,} draws but "
            f"{str(path)!r} has {table['draw'].nunique():,}: they are of different runs; run "
            "'supplychain stress timeline-mc' again with the same --draws and --out to write both."
        )
    if kind == "timeline-mc":
        _check_mc_methods(table, summary, path)
        _check_mc_plans(table, summary, path)
        _check_mc_demand(table, summary, path)
        _check_mc_figures(table, summary, path)
    if kind != "monte-carlo" or draws is None or int(draws) == len(table):
        return
    if table.empty:  # "run ... again with --draws 0", an option refused (x>=1) (fuzz34)
        raise DataFileError(
            f"{str(path)!r} has no draw, where its summary {str(path.with_suffix('.json'))!r} gives "
            f"{int(draws):,}: the table was emptied or damaged; run 'supplychain stress monte-carlo' "
            "again with the same --draws, --seed and --out to write both."
        )
    raise DataFileError(
        f"The summary {str(path.with_suffix('.json'))!r} gives {int(draws):,} draws but "
        f"{str(path)!r} has {len(table):,} rows: they are of different runs; run 'supplychain "
        f"stress monte-carlo' again with --draws {len(table)} and the same --out to write both "
        "(its draws are taken back, not computed again)."
    )


def _check_mc_methods(table: pd.DataFrame, summary: Mapping[str, Any], path: Path) -> None:
    """A timeline-mc summary and table of one run: the summary's ``methods`` (draws per
    ``method``: ``myopic`` for ``--foresight myopic``, else ``cold``, ``warm`` ...) are the
    table's, as the command counted them. A myopic summary beside a perfect-foresight table of
    the same figures (attacks that destroy nothing: ``--tankers-per-attack 0``) passed every
    other check, and the report said "myopic plans" of draws planned with perfect foresight
    (fuzz25). Summaries without ``methods`` as a mapping of counts, and tables without a
    ``method`` column, are left alone.

    >>> t = pd.DataFrame({"draw": [0, 0, 1], "method": ["cold", "cold", "cold"]})
    >>> _check_mc_methods(t, {"methods": {"cold": 2}}, Path("mc.parquet"))
    >>> _check_mc_methods(t, {"methods": {"myopic": 2}, "foresight": "myopic"}, Path("mc.parquet"))
    Traceback (most recent call last):
    ...
    supplychain.errors.DataFileError: The summary 'mc.json' says its draws were planned as 2 myopic (--foresight myopic) but those of 'mc.parquet' were 2 cold: they are of different runs (another --foresight or --warm), or one was edited; run 'supplychain stress timeline-mc' again with the same --out to write both.
    """
    said = summary.get("methods")
    if (not isinstance(said, Mapping) or not said or "method" not in table.columns
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in said.values())):  # fmt: skip
        return
    firsts = table.groupby("draw")["method"].first().astype(str).value_counts()
    mine = {str(k): int(v) for k, v in firsts.items()}
    if {str(k): int(v) for k, v in said.items()} == mine:
        return

    def text(counts: Mapping[str, int]) -> str:
        return ", ".join(f"{n:,} {m}" for m, n in sorted(counts.items()))

    foresight = " (--foresight myopic)" if summary.get("foresight") == "myopic" else ""
    raise DataFileError(
        f"The summary {str(path.with_suffix('.json'))!r} says its draws were planned as {text(said)}"
        f"{foresight} but those of {str(path)!r} were {text(mine) or 'given none (its method column is empty)'}: "
        "they are of different runs (another --foresight or --warm), or one was edited; run 'supplychain stress timeline-mc' again with the same --out to "
        "write both."
    )


#: A timeline-mc draw's ``method`` when its run was ``--warm``: re-solved from the base's basis
#: (``warm``, ``myopic warm``) or by a fallback only a warm re-solve takes; a cold run's are
#: ``cold`` and ``myopic``.
WARM_METHODS = frozenset({"warm", "interior point", "primal simplex", "myopic warm", "myopic primal simplex",
                          "myopic interior point"})  # fmt: skip


def _check_mc_plans(table: pd.DataFrame, summary: Mapping[str, Any], path: Path) -> None:
    """A timeline-mc summary and table of one run: draws the table says were planned myopic
    (a ``method`` starting ``myopic``) have a summary whose ``foresight`` is ``myopic``, and
    the other way round; draws re-solved warm (``warm``, ``myopic warm``) a summary whose
    ``warm`` is true. The section says how the draws were planned from the summary: one whose
    ``foresight`` was edited (or dropped along with ``methods``) left out "myopic plans" beside
    myopic draws, unsaid (fuzz27). Without a summary, or a ``method`` column, it is left alone.

    >>> t = pd.DataFrame({"draw": [0, 0, 1], "method": ["myopic warm"] * 3})
    >>> _check_mc_plans(t, {"foresight": "myopic", "warm": True}, Path("mc.parquet"))
    >>> _check_mc_plans(t.assign(method=None), {"foresight": "myopic"}, Path("mc.parquet"))  # none to compare
    >>> _check_mc_plans(t, {"foresight": "perfect", "warm": True}, Path("mc.parquet"))
    Traceback (most recent call last):
    ...
    supplychain.errors.DataFileError: The summary 'mc.json' says its draws were planned with foresight 'perfect' but those of 'mc.parquet' were planned myopic ('myopic warm'): they are of different runs (another --foresight or --warm), or one was edited; run 'supplychain stress timeline-mc' again with the same --out to write both.
    """
    methods = sorted(_mc_methods(table)) if summary else []
    if not methods:  # nothing to compare (_check_mc_methods names an empty column)
        return
    myopic = [m for m in methods if m.startswith("myopic")]
    warm = [m for m in methods if m in WARM_METHODS]
    said = summary.get("foresight") or "perfect"
    if bool(myopic) != (said == "myopic"):
        what = f"planned with foresight {said!r}"
        theirs = (f"planned myopic ({', '.join(map(repr, myopic))})" if myopic
                  else f"planned with perfect foresight ({', '.join(map(repr, methods))})")  # fmt: skip
    elif warm and "warm" in summary and summary["warm"] is not True:  # none before 2026-12-02's warm key
        what = f"re-solved cold (warm: {_short(summary['warm'])})"
        theirs = f"re-solved warm ({', '.join(map(repr, warm))})"
    else:
        return
    raise DataFileError(
        f"The summary {str(path.with_suffix('.json'))!r} says its draws were {what} but those of "
        f"{str(path)!r} were {theirs}: they are of different runs (another --foresight or --warm), or "
        "one was edited; run 'supplychain stress timeline-mc' again with the same --out to write both."
    )


def _check_mc_demand(table: pd.DataFrame, summary: Mapping[str, Any], path: Path) -> None:
    """A timeline-mc summary and table of one horizon: the summary's ``demand_m3`` (the
    horizon's demand, over every city) is each planned draw's delivered + unmet in the
    table (an equality row of every draw's LP), so a summary of the same draw count over
    another horizon, which the draw count alone let through, is refused. Tables without
    ``delivered_m3`` and summaries without a numeric ``demand_m3`` are left alone.

    >>> t = pd.DataFrame({"draw": [0, 0], "status": ["optimal"] * 2, "city": ["A", "B"],
    ...                   "delivered_m3": [60.0, 30.0], "unmet_m3": [0.0, 10.0]})
    >>> _check_mc_demand(t, {"demand_m3": 100.0}, Path("mc.parquet"))
    >>> _check_mc_demand(t, {"demand_m3": 150.0}, Path("mc.parquet"))
    Traceback (most recent call last):
    ...
    supplychain.errors.DataFileError: The summary 'mc.json' gives a demand of 150 m3 over the horizon but draw 0 of 'mc.parquet' has 100 m3 delivered and unmet: they are of different runs (another horizon or network); run 'supplychain stress timeline-mc' again with the same --out to write both.
    """
    demand = summary.get("demand_m3")
    if (isinstance(demand, bool) or not isinstance(demand, (int, float)) or not math.isfinite(demand)
            or not {"delivered_m3", "unmet_m3", "status"} <= set(table.columns)):  # fmt: skip
        return
    planned = table[table["status"].isin(("optimal", "feasible"))]  # draws with a plan
    if planned.empty:
        return
    figures = {c: planned[c] for c in ("delivered_m3", "unmet_m3")}  # numbers: load_stress's _as_numbers
    for column, values in figures.items():
        # A planned draw's row without the figure was summed as 0 and reported as a summary
        # of another horizon (fuzz24).
        if (gap := values[values.isna()]).size:
            row = planned.loc[gap.index[0]]
            raise DataFileError(
                f"{str(path)!r} has no {column} for {str(row.get('city', '?'))!r} in draw {row['draw']}, "
                f"whose status {str(row['status'])!r} says it has a plan: the table was edited or "
                "damaged; run 'supplychain stress timeline-mc' again with the same --out to write it."
            )
    totals = (figures["delivered_m3"] + figures["unmet_m3"]).groupby(planned["draw"]).sum()
    # The LP's equality holds to its tolerances (1e-7 relative); a horizon a day longer or
    # shorter differs by a day's demand, thousands of m3.
    off = totals[(totals - float(demand)).abs() > max(1.0, 1e-5 * abs(float(demand)))]
    if off.empty:
        return
    raise DataFileError(
        f"The summary {str(path.with_suffix('.json'))!r} gives a demand of {_m3(demand)} m3 over "
        f"the horizon but draw {off.index[0]} of {str(path)!r} has {_m3(off.iloc[0])} m3 "
        "delivered and unmet: they are of different runs (another horizon or "
        "network); run 'supplychain stress timeline-mc' again with the same --out to write both."
    )


def _check_mc_figures(table: pd.DataFrame, summary: Mapping[str, Any], path: Path) -> None:
    """A timeline-mc summary and table of one run: the summary's draws without a plan and
    mean unmet demand and tankers lost (the report prints them, and the histogram from the
    table) are the table's, as the command computed them from it
    (:func:`~supplychain.scenarios.timeline_mc.draw_statistics`). A summary of the same draw
    count and horizon but another seed, threat, ``--tankers-per-attack`` or
    ``--drop-recorded-attacks`` passed the draw and demand checks (fuzz24). Figures the
    summary does not give as finite numbers are left alone.

    >>> t = pd.DataFrame({"draw": [0, 1], "status": ["optimal"] * 2, "city": ["A", "A"],
    ...                   "unmet_m3": [10.0, 30.0], "first_dry_day": [2.0, 1.0], "tankers_lost": [40.0, 0.0]})
    >>> _check_mc_figures(t, {"unmet_m3": {"mean": 20.0}, "failed_draws": 0}, Path("mc.parquet"))
    >>> _check_mc_figures(t, {"unmet_m3": {"mean": 25.0}}, Path("mc.parquet"))
    Traceback (most recent call last):
    ...
    supplychain.errors.DataFileError: The summary 'mc.json' gives a mean unmet demand of 25 m3 a draw but the draws of 'mc.parquet' average 20 m3: they are of different runs (another seed, threat, --tankers-per-attack or --drop-recorded-attacks); run 'supplychain stress timeline-mc' again with the same --out to write both.
    """
    from supplychain.scenarios.timeline_mc import draw_statistics

    if not set(REQUIRED_COLUMNS["timeline-mc"]) <= set(table.columns):
        return
    mine = draw_statistics(table)
    failed = summary.get("failed_draws")
    if isinstance(failed, int) and not isinstance(failed, bool) and failed != mine["failed_draws"]:
        raise DataFileError(
            f"The summary {str(path.with_suffix('.json'))!r} gives {failed:,} draws without a plan but "
            f"{str(path)!r} has {mine['failed_draws']:,}: they are of different runs; run 'supplychain "
            "stress timeline-mc' again with the same --out to write both."
        )
    for key, said, unit in (("unmet_m3", "a mean unmet demand of {} m3", "m3"),
                            ("tankers_lost", "a mean of {} tankers lost", "tankers lost")):  # fmt: skip
        stats = summary.get(key)
        given = stats.get("mean") if isinstance(stats, Mapping) else None
        if isinstance(given, bool) or not isinstance(given, int | float) or not math.isfinite(given):
            continue
        found = float(mine[key]["mean"])
        # The summary rounds to 0.001 (README "Written figures"); the table keeps every bit.
        if math.isnan(found) or abs(found - given) <= max(0.01, 1e-6 * abs(found)):
            continue
        raise DataFileError(
            f"The summary {str(path.with_suffix('.json'))!r} gives {said.format(_m3(given))} a draw but "
            f"the draws of {str(path)!r} average {_m3(found)} {unit}: they are of different runs "
            "(another seed, threat, --tankers-per-attack or --drop-recorded-attacks); run 'supplychain "
            "stress timeline-mc' again with the same --out to write both."
        )


def _check_closures(kind: str, table: pd.DataFrame, summary: Mapping[str, Any], path: Path) -> None:
    """A closure-days summary and table of one run: the horizon (``days``, ``start``) comes
    from the summary, the closures from the table, so a summary of another run (another
    horizon or network) labelled the table's days to dry with its horizon, unsaid. The
    summary's ``rows`` are the table's: the corridors in order and each closure's demand (a
    summary whose rows cannot be read is left alone: the report does not read them)."""
    from supplychain.scenarios.timeline_stress import CITY_COLUMN, city_days_to_dry

    rows = summary.get("rows")
    if kind != "closure-days" or not isinstance(rows, list) or CITY_COLUMN not in table.columns:
        return

    def demand(cell: Any) -> float:
        return sum(float(c.get("demand_m3") or 0.0) for c in city_days_to_dry(cell).values())

    mine = [(str(c), demand(v)) for c, v in zip(table["corridor"], table[CITY_COLUMN], strict=True)]
    try:
        theirs = [(str(r["corridor"]), demand(r.get(CITY_COLUMN))) for r in rows]
    except (TypeError, KeyError, ValueError, DataFileError):
        return
    if len(mine) == len(theirs) and all(a == c and abs(b - d) <= 0.5 + 1e-6 * abs(b)
                                        for (a, b), (c, d) in zip(mine, theirs, strict=True)):  # fmt: skip
        return
    raise DataFileError(
        f"The summary {str(path.with_suffix('.json'))!r} does not describe {str(path)!r}: its "
        f"{len(theirs):,} closure(s) are not the table's {len(mine):,} (other corridors, or the demand "
        "of another horizon): they are of different runs; run 'supplychain stress closure-days' again "
        "with the same --out to write both."
    )


def load_stress(item: str | Path | SweepLike | StressData) -> StressData:
    """Read one sweep for the report.

    Parameters
    ----------
    item : str, Path, SweepLike or StressData
        A Parquet file written by ``supplychain stress`` (its ``.json`` summary is read from
        beside it when present), or an in-memory sweep.

    Returns
    -------
    StressData

    Raises
    ------
    DataFileError
        If the file is missing or unreadable, or is not a known sweep, or lacks columns, or is
        a Monte Carlo table whose summary gives another number of draws than it has rows, or
        its summary is a timeline's.
    ArgumentTypeError
        If ``item`` is none of the types above (a ``TypeError``).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> t = pd.DataFrame({"method": ["exact"], "k": [1], "segments": ["A"], "nodes": [""],
    ...                   "baseline_m3_per_day": [10.0], "remaining_m3_per_day": [4.0],
    ...                   "lost_m3_per_day": [6.0], "lost_tankers_per_day": [0.1],
    ...                   "lost_pct": [60.0], "status": ["optimal"]})
    >>> load_stress(SimpleNamespace(kind="worst-case", table=t, summary={})).kind
    'worst-case'
    """
    if isinstance(item, StressData):
        kind = _kind_of(item.summary, item.kind, item.table)
        _check(kind, item.table, repr(item.source or item.label or "a stress result"))
        return StressData(
            kind,
            item.label or _label(kind, item.summary, item.table),
            item.table,
            dict(item.summary),
            item.source,
            item.files,
        )
    if isinstance(item, str | Path):
        path = Path(item)
        table, summary, files = read_result_files(
            path, what="stress result", command="supplychain stress",
            no_summary="; the report derives what it needs",
        )
        if not (summary.get("sweep") or summary.get("kind")) and {"weekly", "delivered_m3"} & set(summary):
            # A timeline's summary beside a stress table: its days and start were read as the
            # sweep's, unsaid (the reverse is refused by the timeline section; fuzz29).
            side = path.with_suffix(".json")
            raise DataFileError(
                f"The summary '{side}' beside stress result '{path}' is that of 'supplychain "
                f"timeline', not of a stress sweep: write both with 'supplychain stress ... --out "
                f"{path}', or move '{side}' away."
            )
        kind = _kind_of(summary, "", table)
        _check(kind, table, repr(str(path)))
        table = _as_numbers(kind, table)
        problem = ((_mc_summary_problem(summary) if kind == "monte-carlo" else None)
                   or (_timeline_summary_problem(kind, summary) if kind in TIMELINE_KINDS else None)
                   or _command_problem(summary))  # fmt: skip
        if problem:
            side = path.with_suffix(".json")
            sweep = kind if kind in ("monte-carlo", "worst-case", "n-1", *TIMELINE_KINDS) else "n-k"
            raise DataFileError(
                f"The summary '{side}' beside stress result '{path}' is not as 'supplychain stress "
                f"{sweep}' writes it: {problem}; write both again with 'supplychain stress "
                f"{sweep} ... --out {path}', or move '{side}' away to report the table alone."
            )
        _check_draws(kind, table, summary, path)
        _check_closures(kind, table, summary, path)
        label = _label(kind, summary, table)
        return StressData(kind, label, table, summary, path.name, _with_inputs(files, summary, label))
    if isinstance(item, SweepLike) or all(hasattr(item, a) for a in ("kind", "table", "summary")):
        table = item.table
        summary = dict(item.summary or {})
        kind = _kind_of(summary, str(item.kind), table)
        where = getattr(item, "path", None)
        _check(kind, table, repr(str(where)) if where else f"the in-memory {item.kind} sweep")
        label = _label(kind, summary, table)
        return StressData(kind, label, table, summary, Path(where).name if where else "",
                          _with_inputs((), summary, label))  # fmt: skip
    raise ArgumentTypeError(
        f"Not a stress result: a {type(item).__name__}; pass the path of a 'supplychain stress' "
        "Parquet file or the SweepResult of n_minus_1, n_minus_k, monte_carlo or worst_case_sweep"
    )


def mc_stats(data: StressData, measure: str) -> dict[str, Any]:
    """Mean, P5, P50, P95 (with 95 % intervals) of a Monte Carlo measure.

    Taken from the JSON summary when it has them, else computed from the table the same way
    ``supplychain stress monte-carlo`` does.

    Parameters
    ----------
    data : StressData
        A ``monte-carlo`` sweep.
    measure : {"throughput_m3_per_day", "served_m3_per_day"}

    Returns
    -------
    dict
        Keys ``mean``, ``mean_ci95``, ``p5``, ``p5_ci95``, ``p50``, ``p50_ci95``, ``p95``,
        ``p95_ci95``.

    Examples
    --------
    >>> t = pd.DataFrame({"draw": range(4), "throughput_m3_per_day": [1.0, 2, 3, 4],
    ...                   "served_m3_per_day": [1.0, 1, 1, 1]})
    >>> mc_stats(load_stress(StressData("monte-carlo", "", t, {})), "served_m3_per_day")["p50"]
    1.0
    """
    given = data.summary.get(measure)
    if isinstance(given, Mapping) and all(k in given for k in ("mean", "p5", "p50", "p95")):
        return dict(given)
    # Summaries written by the sweeps carry these; recompute the same way for bare tables.
    from supplychain.scenarios.sweeps import distribution_stats

    return distribution_stats(
        pd.to_numeric(data.table[measure], errors="coerce").dropna().to_numpy(dtype=float)
    )


def timeline_mc_stats(data: StressData) -> dict[str, Any]:
    """The figures of a ``timeline-mc`` run that ``supplychain stress timeline-mc`` prints.

    Taken from its JSON summary where it has them (the text prints them from there), else
    computed from the table as the command computes them
    (:func:`~supplychain.scenarios.timeline_mc.draw_statistics`).

    Parameters
    ----------
    data : StressData
        A ``timeline-mc`` result.

    Returns
    -------
    dict
        ``base_unplanned`` (the summary's base run has no plan), ``draws``,
        ``failed_draws``, ``unmet_m3`` and ``tankers_lost`` (mean, P5, P50, P95
        with 95 % intervals), ``per_draw_unmet_m3`` (for the histogram: the table's, by draw)
        and ``cities``: name -> ``p_dry``, ``first_dry_day_when_dry`` (None: never dry),
        ``base_first_dry_day`` (None: never), ``base_known`` (False without a summary that
        gives it, the table holding no base run, or when the summary's base run has no
        plan), ``p_short``, ``short_days`` and ``base_short_days`` (None for runs written
        before 2026-12-06).

    Examples
    --------
    >>> t = pd.DataFrame({"draw": [0, 1], "city": ["Kayes"] * 2, "status": ["optimal"] * 2,
    ...                   "unmet_m3": [10.0, 0.0], "first_dry_day": [4.0, None],
    ...                   "tankers_lost": [40.0, 0.0]})
    >>> s = timeline_mc_stats(StressData("timeline-mc", "", t, {}))
    >>> s["draws"], s["cities"]["Kayes"]["p_dry"], s["unmet_m3"]["mean"], s["cities"]["Kayes"]["base_known"]
    (2, 0.5, 5.0, False)
    """
    from supplychain.scenarios.timeline_mc import draw_statistics

    s = data.summary
    table = draw_statistics(data.table)
    cities_given = s.get("cities") if isinstance(s.get("cities"), Mapping) else None
    base_unplanned = isinstance(s.get("base"), Mapping) and "note" in s["base"]
    cities = {}
    for name, c in (cities_given or table["cities"]).items():
        cities[str(name)] = {"p_dry": c.get("p_dry"),
                             "first_dry_day_when_dry": c.get("first_dry_day_when_dry"),
                             "base_first_dry_day": c.get("base_first_dry_day"),
                             # Nor with a base run without a plan: its figures are NaN, which
                             # read as "never" dry (review24).
                             "base_known": "base_first_dry_day" in c and not base_unplanned,
                             # None in runs written before 2026-12-06 (no short_days column).
                             "p_short": c.get("p_short"), "short_days": c.get("short_days"),
                             "base_short_days": c.get("base_short_days")}  # fmt: skip
    out = {
        "base_unplanned": base_unplanned,
        "draws": int(s["draws"]) if s.get("draws") is not None else int(data.table["draw"].nunique()),
        "failed_draws": int(s["failed_draws"]) if s.get("failed_draws") is not None else table["failed_draws"],
        "per_draw_unmet_m3": table["per_draw_unmet_m3"],
        "cities": cities,
    }
    for key in ("unmet_m3", "tankers_lost"):
        given = s.get(key)
        out[key] = dict(given) if isinstance(given, Mapping) else table[key]
    return out
