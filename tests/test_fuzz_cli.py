"""Property-based fuzzing of the files the command line reads (issue 10).

Hypothesis writes structurally plausible but hostile input files -- scenario, threat and
timeline TOML files (rules with every selector, dates, escort fields, events, ``[timeline]``,
``[incidents]``, ``inherits``), parameter files (``models/model.toml`` mutated), storage files
(``models/storage.toml`` mutated) and observed-arrivals CSVs -- mixing the right keys with
wrong types, non-finite, negative and huge numbers, unicode, empty tables and arrays and wrong
dates, and runs the command that reads them in-process on the embedded network with a horizon
of a few days. The property of issue 10: exit code 0, or exit code 1 with exactly one line on
stderr, starting with ``error:``, that is not the last-resort "unexpected ..." line of a bug;
no traceback; no input changed and no file left behind by a failed command.

The suite runs a small derandomized sample; for a long local hunt set
``SUPPLYCHAIN_FUZZ_EXAMPLES`` (e.g. 2000) and ``SUPPLYCHAIN_FUZZ_RANDOM=1``.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import functools
import hashlib
import io
import json
import logging
import math
import os
import signal
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplychain.cli import main

MODELS = Path(__file__).resolve().parents[1] / "models"
INCIDENTS = MODELS / "incidents-synthetic.csv"


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads((MODELS / name).read_text(encoding="utf-8"))


MODEL = _load("model.toml")
NETWORK = _load("network.toml")
PLACES_DOC = _load("places.toml")
CORRIDORS_DOC = _load("corridors.toml")
STORAGE = _load("storage.toml")
SCENARIO = _load("scenario-blockade-2025.toml")
THREAT = _load("threat-blockade-2025.toml")
TIMELINE = _load("timeline-blockade-2025-26.toml")

#: A polygon file of a rule: the Bamako area as a FeatureCollection.
POLYGON: dict[str, Any] = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {
    "type": "Polygon", "coordinates": [[[-9, 12], [-7, 12], [-7, 13.5], [-9, 13.5], [-9, 12]]]}}]}

#: Names of the embedded network, as the shipped files write them (the back-test's from its copy
#: of before 2026-12-04: the shipped one selects by area since).
_SEGMENT_TIMELINE = tomllib.loads((MODELS.parent / "tests" / "data" / "timeline-blockade-2025-26-segments.toml")
                                  .read_text(encoding="utf-8"))  # fmt: skip
#: The back-test's area files, written beside a fuzzed copy of it (relative paths).
AREAS = {f"areas/{p.name}": p.read_text(encoding="utf-8") for p in sorted((MODELS / "areas").glob("*.geojson"))}
SEGMENTS = sorted({s for r in _SEGMENT_TIMELINE["rule"] for s in r["segments"]}
                  | {s["id"] for s in SCENARIO["segment"]})  # fmt: skip
PLACES = [p["name"] for p in _load("places.toml")["place"]]
BORDERS = [p["name"] for p in _load("places.toml")["place"] if p["role"] == "border"]
CORRIDORS = [c["name"] for c in _load("corridors.toml")["corridor"]]
REFS = ["RN1", "RN3", "RN7", "N1", "A1", "unknown"]

#: Every key the formats know, to put in the wrong place.
KEYS = sorted({
    "name", "description", "inherits", "rule", "incidents", "timeline", "event", "segment", "node",
    "id", "closed", "capacity_factor", "loss_probability", "attack_probability", "escort_required",
    "label", "between", "radius_km", "from", "to", "convoy_tankers", "escort_rest_days", "segments",
    "ref", "corridor", "border_posts", "bbox", "polygon", "near", "unposted", "start", "end", "days",
    "escort_units", "storage", "type", "date", "tankers_destroyed", "units", "places", "share",
    "cities", "place", "volume_m3", "file", "format", "buffer_km", "half_life_days",
    "base_probability", "reference_date", "event_types", "capacity_days", "initial_days",
    "floor_days", "capacity_m3", "initial_m3", "floor_m3", "rest_days", "backlog_share",
    "earliness", "priority", "cost", "fleet", "solver", "priority_block", "weight",
    "volume_m3_per_day", "per_truck_km", "tankers", "time_limit_s", "enabled", "city",
})  # fmt: skip

HOSTILE_NUMBERS = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf, 0, 0.0, -0.0, -1, -1e-9, 1e-9, 0.5, 1, 1.0, 2, 2.5,
                     7, 100, 3660, 3661, 1e6, 1e9, 1e10, 1e308, -1e308, 5e-324, 2**63 - 1, -(2**63)]),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
)  # fmt: skip

#: Numbers of the right type: mostly plausible, often out of range (nan, inf, negative, huge).
NUMBERS = st.one_of(st.integers(0, 10), st.floats(0.0, 100.0), HOSTILE_NUMBERS)
UNIT = st.one_of(st.floats(min_value=0.0, max_value=1.0), st.sampled_from([0, 1, 0.0, 1.0]), HOSTILE_NUMBERS)
NAMES = st.one_of(st.sampled_from(PLACES), st.sampled_from(PLACES), st.text(max_size=12))
TEXTS = st.one_of(
    st.sampled_from(["", " ", "\t", "x", "Diéma", "Die\u0301ma", "Bamkao", "\u202eevil", "\x00", "💥",
                     "a" * 300, "RN1:Nowhere", "../../etc/passwd", "nan", "2026-01-01"]),
    st.sampled_from(PLACES + SEGMENTS + CORRIDORS + REFS),
    st.text(max_size=12),
)  # fmt: skip
_TZ = st.builds(lambda h, m: dt.timezone(dt.timedelta(hours=h, minutes=m)),
                st.integers(-12, 12), st.sampled_from([0, 30]))  # fmt: skip
NEAR = st.dates(min_value=dt.date(2025, 12, 20), max_value=dt.date(2026, 1, 12))
DATES = st.one_of(
    NEAR, NEAR,
    st.dates(),
    st.sampled_from([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2026, 1, 1)]),
    st.datetimes(min_value=dt.datetime(2025, 12, 1), max_value=dt.datetime(2026, 2, 1)),
    st.datetimes(min_value=dt.datetime(2025, 12, 1), max_value=dt.datetime(2026, 2, 1), timezones=_TZ),
    st.times(),
)  # fmt: skip
SCALARS = st.one_of(st.booleans(), NUMBERS, TEXTS, DATES)
JUNK = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.one_of(st.sampled_from(KEYS), TEXTS), inner, max_size=3)),
    max_leaves=5,
)  # fmt: skip


def _optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A table with any subset of ``fields`` (wrong types and unknown keys come from
    :func:`mutated`)."""
    return st.fixed_dictionaries({}, optional=fields)


# --- TOML writing ----------------------------------------------------------------------------


def _toml_str(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, str):
        return _toml_str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_str(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def to_toml(doc: dict[str, Any]) -> str:
    """``doc`` as TOML (tables and arrays of tables written inline; the parse is the same).

    >>> print(to_toml({"a": [{"b": float("nan")}], "t": {"d": dt.date(2026, 1, 1)}}), end="")
    "a" = [{"b" = nan}]
    "t" = {"d" = 2026-01-01}
    """
    return "".join(f"{_toml_str(str(k))} = {_toml_value(v)}\n" for k, v in doc.items())


# --- what the files hold ---------------------------------------------------------------------

SELECTORS: dict[str, st.SearchStrategy[Any]] = {
    "segments": st.lists(st.one_of(st.sampled_from(SEGMENTS), TEXTS), max_size=3),
    "ref": st.one_of(st.sampled_from(REFS), TEXTS),
    "corridor": st.one_of(st.sampled_from(CORRIDORS), TEXTS),
    "border_posts": st.lists(st.one_of(st.sampled_from(BORDERS), TEXTS), max_size=2),
    "bbox": st.lists(st.one_of(st.floats(-20, 20), NUMBERS), min_size=4, max_size=4),
    "polygon": st.sampled_from(["area.geojson", "poly.geojson", "bad.geojson", "missing.geojson", "", "inc.csv",
                                "."]),
    "near": st.one_of(st.sampled_from(PLACES), TEXTS),
    "unposted": st.booleans(),
}


@st.composite
def rules(draw: st.DrawFn, *, timed: bool) -> dict[str, Any]:
    """One ``[[rule]]``: usually one selector, effects, and (timed) dates and escort fields."""
    rule: dict[str, Any] = {}
    count = draw(st.sampled_from([1, 1, 1, 0, 2]))
    for key in draw(st.lists(st.sampled_from(sorted(SELECTORS)), min_size=count, max_size=count, unique=True)):
        rule[key] = draw(SELECTORS[key])
    rule.update(draw(_optional(
        label=NAMES, between=st.lists(st.sampled_from(PLACES), min_size=2, max_size=2), radius_km=NUMBERS,
        closed=st.booleans(), capacity_factor=UNIT, loss_probability=UNIT, attack_probability=UNIT,
    )))  # fmt: skip
    if timed:
        rule.update(draw(_optional(**{"from": DATES, "to": DATES, "escort_required": st.booleans(),
                                      "convoy_tankers": NUMBERS, "escort_rest_days": NUMBERS})))
    return rule


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    """One ``[[event]]`` of a known type (sometimes of none) with its keys, mostly."""
    kind = draw(st.one_of(st.sampled_from(["attack", "escort_units", "loading", "rationing", "stock"]), JUNK))
    fields: dict[str, st.SearchStrategy[Any]] = {"label": NAMES}
    if kind == "attack":
        sel = draw(st.sampled_from(sorted(SELECTORS)))
        fields |= {"date": DATES, "tankers_destroyed": NUMBERS, sel: SELECTORS[sel], "radius_km": NUMBERS}
    elif kind == "escort_units":
        fields |= {"from": DATES, "to": DATES, "units": NUMBERS}
    elif kind == "loading":
        fields |= {"from": DATES, "to": DATES, "capacity_factor": NUMBERS,
                   "places": st.lists(st.one_of(st.sampled_from(PLACES), TEXTS), max_size=2)}
    elif kind == "rationing":
        fields |= {"from": DATES, "to": DATES, "share": UNIT,
                   "cities": st.lists(st.one_of(st.sampled_from(PLACES), TEXTS), max_size=2)}
    else:
        fields |= {"date": DATES, "place": st.one_of(st.sampled_from(PLACES), TEXTS), "volume_m3": NUMBERS}
    event = draw(_optional(**fields))
    if draw(st.booleans()):
        event["type"] = kind
    return event


def threat_docs(*, timed: bool) -> st.SearchStrategy[dict[str, Any]]:
    """A threat file (timed: a timeline file) with any of its top-level keys."""
    fields: dict[str, st.SearchStrategy[Any]] = {
        "description": TEXTS,
        "rule": st.lists(rules(timed=timed), max_size=3),
        "incidents": _optional(file=st.sampled_from(["inc.csv", "missing.csv", "", "area.geojson"]),
                               format=st.sampled_from(["acled", "ucdp", "ACLED", "csv"]),
                               buffer_km=NUMBERS, half_life_days=NUMBERS, base_probability=UNIT,
                               start=DATES, end=DATES, reference_date=DATES,
                               event_types=st.lists(TEXTS, max_size=2)),
        "inherits": st.one_of(st.sampled_from(["base.toml", "f.toml", "missing.toml", ""]),
                              st.lists(st.sampled_from(["base.toml", "f.toml"]), max_size=2)),
    }  # fmt: skip
    if timed:
        fields |= {
            "timeline": _optional(start=DATES, end=DATES, days=st.one_of(st.integers(-2, 6), NUMBERS),
                                  escort_units=NUMBERS,
                                  storage=st.sampled_from(["storage.toml", "missing.toml", "f.toml", ""])),
            "event": st.lists(events(), max_size=3),
        }  # fmt: skip
    return st.fixed_dictionaries({"name": NAMES}, optional=fields)


def scenario_docs() -> st.SearchStrategy[dict[str, Any]]:
    """A plain scenario file: ``[[segment]]`` and ``[[node]]`` effects."""
    effects = {"closed": st.booleans(), "capacity_factor": UNIT, "loss_probability": UNIT}
    return st.fixed_dictionaries({"name": NAMES}, optional={
        "description": TEXTS,
        "segment": st.lists(_optional(id=st.one_of(st.sampled_from(SEGMENTS), TEXTS), **effects), max_size=3),
        "node": st.lists(_optional(name=st.one_of(st.sampled_from(PLACES), TEXTS), **effects), max_size=3),
    })  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, doc: dict[str, Any], *, least: int = 1) -> dict[str, Any]:
    """``doc`` with ``least`` to three mutations: a value replaced by anything (a wrong type,
    unicode, a date), a key removed or added, a table or array emptied."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(least, 3))):
        node: Any = doc
        while True:  # walk down to a container
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            children = [k for k in keys if isinstance(node[k], dict | list) and node[k]]
            if not children or draw(st.booleans()):
                break
            node = node[draw(st.sampled_from(children))]
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        op = draw(st.sampled_from(["replace", "replace", "delete", "add", "empty"]))
        if op == "add" and isinstance(node, dict):
            node[draw(st.one_of(st.sampled_from(KEYS), TEXTS))] = draw(JUNK)
        elif op == "add":
            node.append(draw(JUNK))
        elif not keys:
            continue
        elif op == "delete":
            del node[draw(st.sampled_from(keys))]
        elif op == "empty":
            key = draw(st.sampled_from(keys))
            node[key] = {} if isinstance(node[key], dict) else []
        else:
            node[draw(st.sampled_from(keys))] = draw(JUNK)
    return doc


#: A column of an observed-arrivals CSV: dates, numbers and text, right and wrong.
CELLS = st.one_of(
    NEAR.map(str), NEAR.map(str),
    st.sampled_from(["", "2026-13-01", "2026-02-30", "01/01/2026", "20260101", "2026-W01-4", "0000-01-01",
                     "nan", "inf", "-5", "1e308", "1,000", "2.5", "0", " 7 ", "é", "\u00a0", "None"]),
    st.integers(-10, 10**9).map(str),
    st.floats().map(str),
    st.text(max_size=8),
)  # fmt: skip
OBS_COLUMNS = ["period_start", "period_end", "tankers", "litres", "source"]


@st.composite
def _observed_row(draw: st.DrawFn) -> list[str]:
    """A plausible row (a period of 1-10 days near the horizon, tankers, litres, a source), with
    sometimes one cell replaced by a hostile one."""
    start = draw(NEAR)
    end = start + dt.timedelta(days=draw(st.integers(-2, 10)))
    tankers = draw(st.one_of(st.just(""), st.integers(0, 2000).map(str)))
    row = [str(start), str(end), tankers, str(draw(st.integers(0, 10**8))), draw(st.sampled_from(["FACTS", ""]))]
    if draw(st.booleans()):
        row[draw(st.integers(0, 4))] = draw(CELLS)
    return row


@st.composite
def observed_csvs(draw: st.DrawFn) -> str:
    """An observed-arrivals CSV: the right header (sometimes shuffled or wrong), a few rows."""
    header = draw(st.one_of(st.just(OBS_COLUMNS), st.just(OBS_COLUMNS), st.permutations(OBS_COLUMNS),
                            st.lists(st.sampled_from([*OBS_COLUMNS, "x", ""]), max_size=6)))  # fmt: skip
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 4))):
        row = dict(zip(OBS_COLUMNS, draw(_observed_row()), strict=True))
        cells = [row.get(col, draw(CELLS)) for col in header]
        if draw(st.integers(0, 9)) == 0:
            cells = cells[: draw(st.integers(0, len(cells)))]
        writer.writerow(cells)
    return buf.getvalue()


@st.composite
def incidents_csvs(draw: st.DrawFn) -> str:
    """The synthetic incidents file, or one with hostile rows appended."""
    text = INCIDENTS.read_text(encoding="utf-8")
    if draw(st.booleans()):
        return text
    lines = text.splitlines()
    header = next(line for line in lines if not line.startswith("#"))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for _ in range(draw(st.integers(1, 3))):
        writer.writerow([draw(CELLS) for _ in header.split(",")])
    return text + buf.getvalue()


@functools.cache
def _results() -> dict[str, bytes]:
    """A timeline result (back-test file, 30 days, with observed arrivals, so its summary has
    events, escorts, observed periods), an N-1, a Monte Carlo, a closure-days (3 days) and a
    timeline Monte Carlo table (3 draws of 5 days), with their JSON summaries; computed once
    (about 10 s)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        runs = [["timeline", "--days", "30", "--start", "2025-09-01", "--scenario",
                 str(MODELS / "timeline-blockade-2025-26.toml"), "--observed",
                 str(MODELS / "observed-arrivals-2025-26.csv"), "--out", str(folder / "t.parquet")],
                ["stress", "n-1", "--out", str(folder / "n1.parquet")],
                ["stress", "monte-carlo", "--draws", "5", "--scenario", str(MODELS / "threat-blockade-2025.toml"),
                 "--out", str(folder / "mc.parquet")],
                ["stress", "closure-days", "--days", "3", "--start", "2026-01-01", "--out", str(folder / "cd.parquet")],
                ["stress", "timeline-mc", "--draws", "3", "--days", "5", "--start", "2025-09-01", "--scenario",
                 str(MODELS / "threat-blockade-2025.toml"), "--out", str(folder / "tmc.parquet")]]  # fmt: skip
        for args in runs:
            result = CliRunner().invoke(main, ["-q", *args])
            assert result.exit_code == 0, result.output
        return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


#: A column's values, one type a column (Parquet holds one), None among them.
COLUMN_VALUES = st.one_of(*(st.lists(st.one_of(st.none(), s), min_size=1, max_size=4) for s in (
    TEXTS, st.floats(), st.integers(-(2**63), 2**63 - 1), st.booleans(), st.sampled_from(PLACES + CORRIDORS))))


@st.composite
def mutated_table(draw: st.DrawFn, data: bytes) -> bytes:
    """A result table (Parquet bytes) with a column replaced by other values (cycled over the
    rows), a column dropped, rows left out or repeated."""
    import pandas as pd

    frame = pd.read_parquet(io.BytesIO(data))
    op = draw(st.sampled_from(["column", "column", "drop", "rows", "repeat"]))
    column = draw(st.sampled_from(list(frame.columns)))
    if op == "column":
        values = draw(COLUMN_VALUES)
        frame[column] = pd.Series([values[i % len(values)] for i in range(len(frame))], index=frame.index,
                                  dtype=object)  # fmt: skip
    elif op == "drop":
        frame = frame.drop(columns=[column])
    elif op == "rows":
        frame = frame.iloc[sorted(draw(st.sets(st.integers(0, max(len(frame) - 1, 0)), max_size=len(frame))))]
    else:
        frame = pd.concat([frame, frame.iloc[: draw(st.integers(1, 3))]], ignore_index=True)
    buf = io.BytesIO()
    frame.to_parquet(buf)
    return buf.getvalue()


@st.composite
def summaries(draw: st.DrawFn) -> tuple[dict[str, str | bytes], list[str]]:
    """A result beside a mutated JSON summary (and for closure-days and timeline-mc, sometimes
    a mutated table), and the report that reads both."""
    stem = draw(st.sampled_from(["t", "n1", "mc", "cd", "tmc"]))
    made = _results()
    table = made[f"{stem}.parquet"]
    if stem in ("cd", "tmc") and draw(st.booleans()):
        table = draw(mutated_table(table))
    doc = draw(mutated(json.loads(made[f"{stem}.json"]), least=0 if table != made[f"{stem}.parquet"] else 1))
    files: dict[str, str | bytes] = {f"{stem}.parquet": table,
                                     f"{stem}.json": json.dumps(doc, default=str)}
    option = "--timeline" if stem == "t" else "--stress"
    if stem == "mc" and draw(st.booleans()):  # the report of a table and its summary beside another
        files["n1.parquet"] = made["n1.parquet"]
        return files, ["report", "--stress", "n1.parquet", "--stress", "mc.parquet", "--out", "r.html"]
    return files, ["report", option, f"{stem}.parquet", "--out", "r.html"]


# --- the commands ----------------------------------------------------------------------------

H = ["--days", "3", "--start", "2026-01-01"]


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, str | bytes], list[str]]:
    """Files to write (name -> text) and the command line that reads them."""
    kind = draw(st.sampled_from(["scenario", "threat", "timeline", "params", "storage", "observed", "summary",
                                 "network"]))
    files: dict[str, str | bytes] = {}
    if kind == "summary":
        return draw(summaries())
    if kind == "network":  # network build on the embedded source, one of its three files mutated
        option, doc = draw(st.sampled_from([("--params", NETWORK), ("--places", PLACES_DOC),
                                            ("--corridors", CORRIDORS_DOC)]))  # fmt: skip
        files["f.toml"] = to_toml(draw(mutated(doc)))
        return files, ["network", "build", option, "f.toml", "--out", "x.parquet"]
    if kind == "scenario":
        doc = draw(mutated(draw(st.one_of(scenario_docs(), st.just(SCENARIO))), least=0))
        files["f.toml"] = to_toml(doc)
        args = draw(st.sampled_from([
            ["solve", "--scenario", "f.toml"], ["stress", "n-1", "--scenario", "f.toml", "--out", "o.parquet"],
            ["report", "--scenario", "f.toml", "--out", "r.html"],
            ["timeline", *H, "--scenario", "f.toml", "--out", "o.parquet"],
            ["stress", "closure-days", "--days", "3", "--scenario", "f.toml", "--out", "o.parquet"],
            ["stress", "worst-case", "--k", "1", "--scenario", "f.toml", "--out", "o.parquet"],
        ]))  # fmt: skip
    elif kind in ("threat", "timeline"):
        timed = kind == "timeline"
        shipped = TIMELINE if timed else THREAT
        doc = draw(mutated(draw(st.one_of(threat_docs(timed=timed), st.just(shipped))), least=0))
        files["f.toml"] = to_toml(doc)
        files["base.toml"] = to_toml(draw(st.one_of(st.just(shipped), threat_docs(timed=timed))))
        files["inc.csv"] = draw(incidents_csvs())
        files["poly.geojson"] = json.dumps(draw(mutated(POLYGON, least=0)), default=str)
        files.update(AREAS)
        if timed:
            args = draw(st.sampled_from([
                ["timeline", "--days", "3", "--scenario", "f.toml", "--out", "o.parquet"],
                ["timeline", *H, "--scenario", "f.toml", "--out", "o.parquet"],
                ["stress", "timeline-mc", "--draws", "2", "--days", "3", "--scenario", "f.toml",
                 "--out", "o.parquet"],
            ]))  # fmt: skip
        else:
            args = draw(st.sampled_from([
                ["threat", "f.toml"], ["solve", "--scenario", "f.toml"],
                ["stress", "monte-carlo", "--draws", "3", "--scenario", "f.toml", "--out", "o.parquet"],
                ["timeline", *H, "--scenario", "f.toml", "--out", "o.parquet"],
            ]))  # fmt: skip
    elif kind == "params":
        files["f.toml"] = to_toml(draw(mutated(MODEL)))
        args = draw(st.sampled_from([
            ["solve", "--params", "f.toml"], ["timeline", *H, "--params", "f.toml", "--out", "o.parquet"],
            ["stress", "n-1", "--params", "f.toml", "--out", "o.parquet"],
        ]))  # fmt: skip
    elif kind == "storage":
        doc = draw(mutated(STORAGE, least=0))
        if draw(st.booleans()):
            doc["place"] = {draw(st.one_of(st.sampled_from(PLACES), TEXTS)):
                            draw(_optional(capacity_m3=NUMBERS, initial_m3=NUMBERS, floor_m3=NUMBERS))}
        files["f.toml"] = to_toml(doc)
        args = ["timeline", *H, "--storage", "f.toml", "--out", "o.parquet"]
    else:
        files["f.csv"] = draw(observed_csvs())
        args = ["timeline", *H, "--observed", "f.csv", "--out", "o.parquet"]
    files.setdefault("area.geojson", '{"type": "Polygon", "coordinates": [[[-9, 12], [-7, 12], [-7, 13.5], '
                                     '[-9, 13.5], [-9, 12]]]}')  # fmt: skip
    files.setdefault("bad.geojson", '{"type": "Polygon", "coordinates": [[[0, 0]]]}')
    files.setdefault("storage.toml", (MODELS / "storage.toml").read_text(encoding="utf-8"))
    return files, args


# --- the property ----------------------------------------------------------------------------


class _Hang(BaseException):
    """Raised by the alarm: a command that runs for minutes on a 3-day horizon."""


@contextmanager
def _time_box(seconds: int) -> Iterator[None]:
    def _ring(signum: int, frame: object) -> None:
        raise _Hang(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, _ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}  # fmt: skip


def problem(folder: Path, files: dict[str, str | bytes], args: list[str]) -> str | None:
    """Run ``args`` on ``files`` written in ``folder`` (the working folder); what breaks issue
    10's promise, or None."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            (folder / name).write_bytes(text)
        else:
            (folder / name).write_text(text, encoding="utf-8")
    before = _hashes(folder)
    # Python warnings (numpy overflow...): the command logs them on "py.warnings" (hidden by
    # -q); before, pytest recorded them in place of stderr, and they were not seen here.
    warned: list[logging.LogRecord] = []
    catcher = logging.Handler(logging.WARNING)
    catcher.emit = warned.append  # type: ignore[method-assign]
    logging.getLogger("py.warnings").addHandler(catcher)
    try:
        with _time_box(int(os.environ.get("SUPPLYCHAIN_FUZZ_SECONDS", "120"))):
            result = CliRunner().invoke(main, ["-q", *args])
    finally:
        logging.getLogger("py.warnings").removeHandler(catcher)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return f"raised {type(result.exception).__name__}: {result.exception}"
    if result.exit_code == 0:
        return f"exit 0 with {warned[0].getMessage()!r}" if warned else None
    lines = result.stderr.strip().splitlines()
    if result.exit_code != 1:
        return f"exit code {result.exit_code}: {result.stderr[-300:]!r}"
    if "Traceback" in result.output or "Traceback" in result.stderr:
        return f"traceback: {result.stderr[-300:]!r}"
    if len(lines) != 1 or not lines[0].startswith("error: "):
        return f"not one error line: {result.stderr[-500:]!r}"
    if "unexpected " in lines[0] and "This is a bug" in lines[0]:
        return lines[0]
    after = _hashes(folder)
    if after != before:
        changed = sorted(set(after.items()) ^ set(before.items()))
        return f"files changed or left behind {[k for k, _ in changed]}: {lines[0]}"
    return None


EXAMPLES = int(os.environ.get("SUPPLYCHAIN_FUZZ_EXAMPLES", "30"))


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("SUPPLYCHAIN_FUZZ_RANDOM"),
          database=None, suppress_health_check=list(HealthCheck))  # fmt: skip
@given(case=cases())
def test_hostile_input_files_give_one_error_line_or_succeed(
    case: tuple[dict[str, str | bytes], list[str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    files, args = case
    folder = tmp_path_factory.mktemp("fuzz")
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        found = problem(folder, files, args)
    finally:
        os.chdir(cwd)
    assert found is None, f"{args}: {found}\n" + "\n".join(f"--- {n}\n{t}" for n, t in files.items()
                                                          if isinstance(t, str) and n != "storage.toml")
