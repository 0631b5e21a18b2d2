"""The report's timeline section (``supplychain report --timeline``): structure, dry days on a
hand timeline, escaping, column checks, the CLI, the size budget and the browser."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from html import unescape
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from supplychain.cli import _write_timeline, main
from supplychain.errors import DataFileError
from supplychain.models import load_model_parameters, run_scenario
from supplychain.models.results import FlowResult
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeline_result import TimelineResult
from supplychain.reports import MAX_BYTES, build_report, load_timeline_result, write_report
from supplychain.reports.markup import hover_lines, plot_text
from supplychain.reports.timeline_section import (
    REQUIRED_COLUMNS,
    _escort_caption,
    _events,
    event_kind,
)
from supplychain.scenarios.timeline_stress import load_timeline

from .conftest import REPO, REPORT_LINES
from .test_report import HOSTILE, figures

START = date(2026, 1, 1)
DAYS = 10
EVENTS = (
    (1, "ambush: 5 tankers destroyed on RN1 Kayes-Diéma"),
    (2, "escorts: 2 escort units"),
    (4, "purchase cap: 10% of demand cut"),
    (6, "convoy: 100 m3 into Kati"),
)


def hand_timeline(
    *, city: str = "Kati", corridor: str = "Dakar-Bamako", event: str | None = None
) -> TimelineResult:
    """Two cities over 10 days: ``city`` holds 3 days of stock and gets nothing (dry from day 3,
    2026-01-04); Bamako is served every day. Corridors bring 5,000 and 2,000 m³ a day."""
    r = TimelineResult("hand", "optimal", START, DAYS, tanker_m3=50.0)
    demand = np.full(DAYS, 10.0)
    stock = np.array([30.0, 20.0, 10.0] + [0.0] * (DAYS - 2))
    delivered = np.minimum(stock[:DAYS], demand)
    r.cities = {
        city: {"stock": stock, "demand": demand, "delivered": delivered,
               "unmet": demand - delivered},
        "Bamako": {"stock": np.full(DAYS + 1, 70.0), "demand": demand, "delivered": demand,
                   "unmet": np.zeros(DAYS)},
    }  # fmt: skip
    r.storage = {city: (70.0, 30.0, 0.0), "Bamako": (70.0, 70.0, 0.0)}
    r.borders = {"Diboli": np.full(DAYS, 5000.0), "Zégoua": np.full(DAYS, 2000.0)}
    r.corridors = {corridor: np.full(DAYS, 5000.0), "Abidjan-Bamako": np.full(DAYS, 2000.0)}
    r.convoys = {"Kayes escorted": np.full(DAYS, 0.5)}
    r.round_trip_days = {"Kayes escorted": 4.0}
    r.escort_units = np.full(DAYS, 2.0)
    r.escort_units_used = np.full(DAYS, 1.0)
    r.tankers_on_road = np.full(DAYS, 30.0)
    r.fleet = np.full(DAYS, 100.0)
    r.tankers_lost = np.zeros(DAYS)
    r.cargo_lost_m3 = np.zeros(DAYS)
    r.events = EVENTS if event is None else ((3, event),)
    return r


OBSERVED = pd.DataFrame({"period_start": [date(2026, 1, 1)], "period_end": [date(2026, 1, 7)],
                         "tankers": [1400.0], "litres": [70e6], "source": ["hand"]})  # fmt: skip


def write(result: TimelineResult, folder: Path, name: str = "hand.parquet") -> Path:
    out = folder / name
    _write_timeline(result, OBSERVED, out, {"scenario": "hand", "network": "embedded"})
    return out


@pytest.fixture(scope="module")
def baseline(embedded_network: nx.MultiDiGraph) -> FlowResult:
    return run_scenario(embedded_network, load_model_parameters())


@pytest.fixture(scope="module")
def page(
    embedded_network: nx.MultiDiGraph,
    baseline: FlowResult,
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    path = write(hand_timeline(), tmp_path_factory.mktemp("timeline"))
    return build_report(embedded_network, [baseline], timeline=path)


def _names(fig: dict[str, Any]) -> list[str]:
    return [t.get("name") for t in fig["data"]]


def test_section_present_in_page_order(page: str) -> None:
    assert '<section id="timeline">' in page and '<a href="#timeline">' in page
    order = [page.index(f'<section id="{s}">') for s in ("routes", "timeline", "comparison")]
    assert order == sorted(order)
    assert "Kati runs dry on 2026-01-04." in page
    assert "hand.parquet" in page and "timeline summary" in page  # provenance lists both files
    assert "convoy: 100 m³ into Kati" in page and "100 m3 into" not in page  # the page's unit
    assert "Cost (million FCFA/day)" in page  # the comparison names the currency


def test_cover_figure_marks_the_dry_day(page: str) -> None:
    fig = figures(page)["fig-timeline-cover"]
    assert _names(fig) == ["Bamako", "Bamako", "Kati", "Kati", "Runs dry"]
    cover = {t["meta"]["city"]: t for t in fig["data"] if t["meta"]["kind"] == "cover"}
    assert cover["Kati"]["y"] == [3.0, 2.0, 1.0] + [0.0] * 7  # drops by one a day
    assert cover["Bamako"]["y"] == [7.0] * DAYS
    stock = [t for t in fig["data"] if t["meta"]["kind"] == "stock"]
    assert stock[1]["y"][:4] == [30.0, 20.0, 10.0, 0.0]
    dry = fig["data"][-1]
    assert dry["meta"] == {"kind": "dry", "cities": ["Kati"]}
    assert dry["x"] == ["2026-01-04"] and dry["y"] == [0.0]
    assert fig["layout"]["xaxis"]["range"] == ["2026-01-01", "2026-01-11"]


def test_arrivals_stacked_by_corridor_beside_observed(page: str) -> None:
    fig = figures(page)["fig-timeline-arrivals"]
    # Largest corridor first (the first colour).
    assert _names(fig) == ["Dakar-Bamako", "Abidjan-Bamako",
                           "Observed (m³/week over each period)",
                           "Simulated over the same periods"]  # fmt: skip
    assert fig["layout"]["barmode"] == "relative"  # stacked; a net outflow below 0
    bars = {t["name"]: t["y"] for t in fig["data"] if t["type"] == "bar"}
    assert bars == {"Dakar-Bamako": [35_000.0, 15_000.0], "Abidjan-Bamako": [14_000.0, 6_000.0]}
    observed, simulated = fig["data"][2], fig["data"][3]
    assert observed["x"] == ["2026-01-01", "2026-01-08", None]
    assert observed["y"] == [70_000.0, 70_000.0, None]
    assert simulated["y"][:2] == [49_000.0, 49_000.0]
    # The error per period, in the table: 49 ML simulated against 70 observed.
    table = re.search(r'<table[^>]*id="table-timeline-observed".*?</table>', page, re.S)
    assert table is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table.group(0))
    # Marked: the hand timeline's 7-day tanks reach back over the whole 10-day horizon
    # (tests/test_timeline_horizon_end.py).
    assert cells[:6] == ["2026-01-01 to 2026-01-07 *", "7", "70.0", "49.0", "-21.0", "-30.0"]


def test_escort_and_event_figures(page: str) -> None:
    figs = figures(page)
    esc = figs["fig-timeline-escorts"]
    assert _names(esc) == ["Escort units available", "Escort units in use",
                           "Convoys: Kayes escorted"]  # fmt: skip
    assert esc["data"][0]["y"] == [2.0] * DAYS and esc["data"][2]["y"] == [0.5] * DAYS
    ev = figs["fig-timeline-events"]
    assert _names(ev) == ["Attacks", "Escort changes", "Rationing", "Stock injections"]
    assert [t["x"] for t in ev["data"]] == [["2026-01-02"], ["2026-01-03"], ["2026-01-05"],
                                            ["2026-01-07"]]  # fmt: skip
    # Every chart on the same date axis.
    ranges = {f: figs[f]["layout"]["xaxis"]["range"] for f in figs if f.startswith("fig-timeline")}
    assert len(ranges) == 5 and len({tuple(r) for r in ranges.values()}) == 1
    margins = {(figs[f]["layout"]["margin"]["l"], figs[f]["layout"]["margin"]["r"]) for f in ranges}
    assert len(margins) == 1  # so the axes line up down the page


def test_event_kinds() -> None:
    assert [event_kind(e) for _, e in EVENTS] == ["attack", "escort", "rationing", "injection"]
    assert event_kind("loading: loading x0.5 at Dakar") == "loading"
    assert event_kind("a note") == "other"


def test_the_written_event_kind_wins_over_the_text() -> None:
    summary = {"events": [{"day": 0, "date": "2026-01-01", "event": "a note", "kind": "attack"},
                          {"day": 1, "date": "2026-01-02", "event": "convoy: 100 m3 into Kati"},
                          {"day": 2, "date": "2026-01-03", "event": "x", "kind": "no such kind"}]}
    assert [e["kind"] for e in _events(summary)] == ["attack", "injection", "other"]


def test_hostile_names_are_escaped(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    hostile = hand_timeline(
        city=HOSTILE["city"],
        corridor=HOSTILE["corridor"],
        event=f"{HOSTILE['segment']}: 5 tankers destroyed on {HOSTILE['ref']}",
    )
    path = write(hostile, tmp_path, "x.parquet")
    html = build_report(embedded_network, [baseline], timeline=path)
    section = re.search(r'<section id="timeline">.*?</section>', html, re.S)
    assert section is not None
    text = section.group(0)
    for value in (HOSTILE["city"], HOSTILE["corridor"], HOSTILE["segment"], HOSTILE["ref"]):
        assert value not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; runs dry on 2026-01-04." in text
    assert "<img" not in text
    figs = figures(html)
    assert plot_text(HOSTILE["city"]) in _names(figs["fig-timeline-cover"])
    assert plot_text(HOSTILE["corridor"]) in _names(figs["fig-timeline-arrivals"])
    (event,) = figs["fig-timeline-events"]["data"][0]["text"]  # escaped, in lines for a phone
    assert event == hover_lines(f"{HOSTILE['segment']}: 5 tankers destroyed on {HOSTILE['ref']}")
    assert "<" not in event.replace("<br>", "")
    assert text.count("<script") == text.count('<script type="application/json"')


@pytest.mark.parametrize("column", ["days_of_cover", "place", "escort_units_used"])
def test_missing_column_is_named(tmp_path: Path, column: str) -> None:
    path = write(hand_timeline(), tmp_path)
    pd.read_parquet(path).drop(columns=[column]).to_parquet(path, index=False)
    with pytest.raises(DataFileError, match=rf"hand\.parquet' lacks the column '{column}'"):
        load_timeline_result(path)


def test_missing_file_and_no_city(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="does not exist"):
        load_timeline_result(tmp_path / "none.parquet")
    path = write(hand_timeline(), tmp_path)
    frame = pd.read_parquet(path)
    frame[frame.kind != "city"].to_parquet(path, index=False)
    with pytest.raises(DataFileError, match="no row of kind 'city'"):
        load_timeline_result(path)
    assert set(REQUIRED_COLUMNS) <= set(hand_timeline().to_frame().columns)


def test_without_summary_the_section_says_so(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    path = write(hand_timeline(), tmp_path)
    path.with_suffix(".json").unlink()
    html = build_report(embedded_network, [baseline], timeline=path)
    assert "No JSON summary beside the timeline result" in html
    assert "Kati runs dry on 2026-01-04." in html  # the dry day comes from the Parquet rows
    # Short while holding stock (kept back for a priority block) is unmet demand, not dry.
    frame = pd.read_parquet(path)
    short = (frame.place == "Bamako") & (frame.day == 1)
    frame.loc[short, "unmet_m3"] = 5.0
    frame.to_parquet(path, index=False)
    cover = figures(build_report(embedded_network, [baseline], timeline=path))["fig-timeline-cover"]
    assert cover["data"][-1]["meta"]["cities"] == ["Kati"]


def test_cli_report_timeline(tmp_path: Path) -> None:
    path = write(hand_timeline(), tmp_path)
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["-q", "report", "--timeline", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert '<section id="timeline">' in out.read_text(encoding="utf-8")


def test_cli_timeline_of_another_network_is_one_error_line(tmp_path: Path) -> None:
    # Computed on a continental layer: a crossing into Mali named after that layer's segment.
    result = hand_timeline()
    result.borders["primary:Kayes-n1309 (no border post)"] = np.full(DAYS, 100.0)
    path = tmp_path / "af-tl.parquet"
    _write_timeline(result, OBSERVED, path, {"scenario": "hand", "network": "af.parquet"})
    out = tmp_path / "r.html"
    run = CliRunner().invoke(main, ["-q", "report", "--timeline", str(path), "--out", str(out)])
    assert run.exit_code == 1
    assert run.output.startswith("error: ") and run.output.count("\n") == 1
    assert "af-tl.parquet' does not belong to network 'embedded'" in run.output
    assert "'primary:Kayes-n1309 (no border post)'" in run.output
    assert "computed on network 'af.parquet': give that --network" in run.output
    assert not out.exists()


def test_cli_timeline_recorded_on_another_network_file_warns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The same places, another network file: it may be the same network saved elsewhere.
    path = tmp_path / "tl.parquet"
    _write_timeline(hand_timeline(), OBSERVED, path, {"scenario": "hand", "network": "wa.parquet"})
    out = tmp_path / "r.html"
    with caplog.at_level("WARNING", logger="supplychain.cli.report"):
        run = CliRunner().invoke(main, ["-q", "report", "--timeline", str(path), "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "was computed on network 'wa.parquet', not 'embedded'" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="supplychain.cli.report"):  # recorded as embedded
        path = write(hand_timeline(), tmp_path, "emb.parquet")
        assert CliRunner().invoke(main, ["-q", "report", "--timeline", str(path), "--out",
                                         str(tmp_path / "r2.html")]).exit_code == 0  # fmt: skip
    assert "computed on network" not in caplog.text


def test_cli_missing_column_is_one_error_line(tmp_path: Path) -> None:
    path = write(hand_timeline(), tmp_path, "bad.parquet")
    pd.read_parquet(path).drop(columns=["stock_m3"]).to_parquet(path, index=False)
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["-q", "report", "--timeline", str(path), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and result.output.count("\n") == 1
    assert "bad.parquet" in result.output and "'stock_m3'" in result.output
    assert not out.exists()


def test_run_with_a_timeline_scenario_writes_the_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    scenario = tmp_path / "tl.toml"
    scenario.write_text('name = "short closure"\n[timeline]\nstart = 2026-01-01\ndays = 8\n'
                        '[[rule]]\nborder_posts = ["Pogo-Zégoua border"]\nclosed = true\n'
                        'from = 2026-01-02\nto = 2026-01-05\n', encoding="utf-8")  # fmt: skip
    # --timeline naming the same file otherwise spelt (relative, the scenario absolute) is not
    # "another file": it was refused as one that would be ignored.
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "--scenario", str(scenario), "--timeline", "tl.toml",
                                       "--draws", "20", "--out-dir", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Timeline 'short closure'" in result.output
    # The steady sections' warning on the dated rule suggested `supplychain timeline ...`, which
    # `run` then did itself (readme33).
    warned = [r.getMessage() for r in caplog.records if "is a timeline" in r.getMessage()]
    assert warned == ["'tl.toml' is a timeline: the steady-state sections ignore its dates (1 dated rule "
                      "applied on every day); the days-of-cover section follows it day by day."]
    assert json.loads((tmp_path / "timeline.json").read_text(encoding="utf-8"))["days"] == 8
    html = (tmp_path / "embedded.html").read_text(encoding="utf-8")
    assert '<section id="timeline">' in html and "timeline.parquet" in html


def test_run_whose_timeline_stops_at_the_time_limit_says_how_to_solve_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    # The solver's message says "raise --time-limit ... or shorten the horizon (--days)",
    # options `run` does not have: the next line names the command that has both.
    import supplychain.models.timeexp as timeexp
    from supplychain.models import timeexp_solve
    from supplychain.models.timeline_result import read_result

    monkeypatch.setattr(timeexp, "solve_timeline", lambda model, **kw: read_result(model, "time_limit", 0.0, None))
    # A model above the rows assumed to solve within the limit (lowered to this one's) is warned
    # about before the solve with advice `run`'s user can follow.
    monkeypatch.setattr(timeexp_solve, "_LARGE_MODEL_ROWS", 10)
    scenario = tmp_path / "tl.toml"
    scenario.write_text('name = "cut short"\n[timeline]\nstart = 2026-01-01\ndays = 3\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--scenario", str(scenario), "--draws", "5",
                                       "--out-dir", str(tmp_path / "out")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "shorten the horizon (--days)" in result.output
    assert ("The report has no days-of-cover section: the timeline was not solved. `run` has neither "
            f"--time-limit nor --days: solve it with `supplychain timeline --scenario {scenario} "
            "--time-limit SECONDS --out FILE` (or with `--days N`, a shorter horizon), then "
            "`supplychain report --timeline FILE`.") in result.output
    assert not (tmp_path / "out" / "timeline.parquet").exists()
    warned = [r.getMessage() for r in caplog.records if "past which no plan" in r.getMessage()]
    assert len(warned) == 1 and warned[0].endswith(
        f"this solve may run its whole 600 s and end without a plan: solve it with `supplychain timeline "
        f"--scenario {scenario} --days N` (a shorter horizon) or `--time-limit SECONDS`")


def _stretched(result: TimelineResult, days: int) -> TimelineResult:
    """A solved timeline tiled to ``days`` (its daily arrays repeated): the shape of a long
    run, for the size budget, without a long solve in the tests."""

    def tile(a: np.ndarray, n: int) -> np.ndarray:
        return np.resize(a, n) if len(a) else a

    out = replace(result, days=days)
    out.cities = {k: {f: tile(v, days + 1 if f == "stock" else days) for f, v in c.items()}
                  for k, c in result.cities.items()}  # fmt: skip
    for name in ("borders", "corridors", "convoys"):
        setattr(out, name, {k: tile(v, days) for k, v in getattr(result, name).items()})
    for name in ("escort_units", "escort_units_used", "tankers_on_road", "fleet", "cargo_lost_m3"):
        setattr(out, name, tile(getattr(result, name), days))
    # tankers_lost is a running total: its daily losses are tiled (the total tiled fell back at
    # each repeat, a day losing -40 tankers, which a timeline table cannot hold).
    lost = result.tankers_lost
    out.tankers_lost = np.cumsum(tile(np.diff(lost, prepend=0.0), days)) if len(lost) else lost
    return out


def test_report_with_the_back_test_stays_under_the_size_budget(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    backtest = REPO / "models" / "timeline-blockade-2025-26.toml"
    scenario = backtest if backtest.is_file() else REPO / "models" / "threat-blockade-2025.toml"
    full = load_timeline(scenario, embedded_network, start=date(2025, 9, 1), days=181)
    short = load_timeline(scenario, embedded_network, start=date(2025, 9, 1), days=14)
    model = build_timeline_model(embedded_network, load_model_parameters(), short)
    result = _stretched(solve_timeline(model), 181)
    result.events = tuple(full.events) or tuple((d * 9, e) for d, e in EVENTS * 5)
    path = write(result, tmp_path, "backtest.parquet")
    html = build_report(embedded_network, [baseline], timeline=path)
    size = len(html.encode("utf-8"))
    REPORT_LINES.append(f"report with a 181-day timeline section: {size / 1e6:.2f} MB")
    assert '<section id="timeline">' in html
    assert size < MAX_BYTES


# --- in a browser (pattern of tests/test_report_browser.py) ----------------------------------


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from .test_report_browser import CHROMIUM_ARGS, _unavailable

    exe = shutil.which("chromium")
    if exe is None:
        _unavailable("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install playwright)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def test_browser_renders_the_section(
    chromium: Any, embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    from .test_report_browser import _open

    hostile = hand_timeline(
        city=HOSTILE["city"],
        corridor=HOSTILE["corridor"],
        event=f"{HOSTILE['border']}: 5 tankers destroyed on RN1",
    )
    path = write(hostile, tmp_path)
    report = write_report(
        tmp_path / "r.html", build_report(embedded_network, [baseline], timeline=path)
    )
    o = _open(chromium, report)
    try:
        assert o.requests == [o.url] and o.dialogs == []
        assert o.console_errors == [] and o.page_errors == []
        drawn = o.page.evaluate("""() => Array.from(document.querySelectorAll(
            '#timeline div.plot[data-figure]')).map(d => [d.id, d.getAttribute('data-rendered'),
            d.querySelectorAll('.main-svg').length])""")
        assert [d[0] for d in drawn] == [
            "fig-timeline-cover-grid",
            "fig-timeline-cover",
            "fig-timeline-arrivals",
            "fig-timeline-escorts",
            "fig-timeline-events",
        ]
        assert all(d[1] == "true" and d[2] >= 1 for d in drawn)
        # Each drawn plot is as tall as its figure: the events strip (126 px for one kind) sat
        # in a 300 px box (the plots' minimum height before drawing), blank below it (the
        # client height leaves out the map's border).
        gaps = o.page.evaluate("""() => Array.from(document.querySelectorAll('div.plot'))
            .map(d => [d.id, d.clientHeight
                       - d.querySelector('.main-svg').getBoundingClientRect().height])""")
        assert all(abs(gap) < 1.5 for _, gap in gaps), gaps
        assert HOSTILE["city"] in o.page.locator("#table-timeline-cities").inner_text()
        legend = o.page.evaluate(
            "() => Array.from(document.querySelectorAll("
            "'#fig-timeline-cover .legendtext')).map(t => t.textContent)"
        )
        assert HOSTILE["city"] in legend
        # The cities table sorts through the shared table script.
        o.page.locator("#table-timeline-cities thead th", has_text="Unmet").locator("button").click()
        first = o.page.locator("#table-timeline-cities tbody tr").first.inner_text()
        assert HOSTILE["city"] in first  # the dry city has the most unmet demand
        if os.environ.get("SUPPLYCHAIN_SHOTS"):
            o.page.locator("#timeline").screenshot(path=str(tmp_path / "timeline.png"))
    finally:
        o.page.context.close()


def test_browser_phone_charts_keep_titles_and_labels_inside(
    chromium: Any, embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """On a phone (390 px) the timeline charts take their narrow layout: the cover chart's
    panel titles, the event strip's row labels and the cover grid's city names and key lie
    inside their figures, and the five charts keep one plot width (before: a 210 px plot beside a 130 px margin, the lower title
    cut at the right)."""
    from .test_report_browser import _open

    hand = hand_timeline(event="Kayes: 5 tankers destroyed on RN1")
    report = write_report(
        tmp_path / "r.html",
        build_report(embedded_network, [baseline], timeline=write(hand, tmp_path)),
    )
    o = _open(chromium, report, width=390)
    try:
        # The days-of-cover grid too: its city names and its colour key.
        boxes = o.page.evaluate("""() => Object.fromEntries(['cover-grid', 'cover', 'arrivals',
            'escorts', 'events'].map(k => { const gd = document.getElementById('fig-timeline-' + k);
            const r = (e) => { const b = e.getBoundingClientRect(); return [b.left, b.right]; };
            return [k, {div: r(gd), plot: gd._fullLayout._size.w,
                        texts: Array.from(gd.querySelectorAll(
                            'g.annotation, g.ytick text, g.colorbar text'))
                            .filter(e => e.textContent).map(r)}]; }))""")
        for name, box in boxes.items():
            left, right = box["div"]
            assert all(left - 0.5 <= a and b <= right + 0.5 for a, b in box["texts"]), (name, box)
        widths = {b["plot"] for b in boxes.values()}
        assert len(widths) == 1 and min(widths) > 240, boxes
        assert len(boxes["cover-grid"]["texts"]) >= 2 + 5  # Kati, Bamako; the key's 5 bands
        assert o.console_errors == [] and o.page_errors == []
    finally:
        o.page.context.close()


def test_short_with_stock_is_shown_apart_from_dry(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """Bamako keeps stock for a priority block yet leaves demand unmet from day 2: never dry,
    but 'short' in the CLI text, the JSON and the report's city table (the back-test's
    Bamako was read as fine until mid-October)."""
    r = hand_timeline()
    bamako = r.cities["Bamako"]
    bamako["unmet"] = np.where(np.arange(DAYS) >= 2, 4.0, 0.0)
    bamako["delivered"] = bamako["demand"] - bamako["unmet"]
    summary = r.to_dict()["cities"]["Bamako"]
    assert summary["first_dry_day"] is None and summary["dry_days"] == 0
    assert summary["first_short_date"] == "2026-01-03" and summary["short_days"] == 8
    assert "Bamako: 7.0 days on day 0, lowest 7.0; never dry; short of demand on 8 days from " \
           "2026-01-03" in r.summary()
    assert "Kati: 3.0 days on day 0" in r.summary() and "Kati: 3.0 days on day 0, lowest 0.0; " \
        "dry from 2026-01-04 (day 3), 7 dry days\n" in r.summary()  # dry: no "short" repeat
    html = build_report(embedded_network, [baseline], timeline=write(r, tmp_path))
    table = re.search(r'<table[^>]*id="table-timeline-cities".*?</table>', html, re.S)
    assert table is not None and "First day short" in table.group(0)
    rows = {re.sub(r"<[^>]+>", "", m[0]): m for m in
            (re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S))
            if m}  # fmt: skip
    assert rows["Bamako"][3:7] == ["never", "0", "2026-01-03", "8"]
    assert rows["Kati"][3:7] == ["2026-01-04", "7", "2026-01-04", "7"]
    assert "Kati runs dry on 2026-01-04. Bamako is short of demand from 2026-01-03 (8 days) " \
           "while it keeps stock for a higher-priority block." in html


def test_a_city_short_on_the_day_its_stock_runs_out_is_not_said_to_keep_stock(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """Kati (no priority block) starts day 2 with 5 m³ for 10 m³ of demand, delivers them and
    is dry from day 3: the report said "Kati is short of demand from 2026-01-03 (8 days) while
    it keeps stock for a higher-priority block", a reason it does not have (it kept nothing;
    the back-test from 2025-11-01 said so of Kayes; audit, 2026-12-04)."""
    def dry_sentence(html: str) -> str:
        # The text between tags around the first "runs dry on <date>". A regex starting with
        # [^<>]* tried every position of the page's megabytes of JSON without a tag: 303 s.
        found = re.search(r"runs dry on \d", html)
        assert found is not None
        start = max(html.rfind("<", 0, found.start()), html.rfind(">", 0, found.start())) + 1
        end = min(i for i in (html.find("<", found.end()), html.find(">", found.end()), len(html)) if i >= 0)
        return html[start:end]

    r = hand_timeline()
    kati = r.cities["Kati"]
    kati["stock"] = np.array([25.0, 15.0, 5.0] + [0.0] * (DAYS - 2))
    kati["delivered"] = np.minimum(kati["stock"][:DAYS], kati["demand"])
    kati["unmet"] = kati["demand"] - kati["delivered"]
    said = dry_sentence(build_report(embedded_network, [baseline], timeline=write(r, tmp_path)))
    assert said == ("Kati runs dry on 2026-01-04. Kati is short of demand from 2026-01-03 (8 days), its "
                    "stock running out during that day."), said
    # Bamako holding stock while short (a priority block) keeps its reason.
    bamako = r.cities["Bamako"]
    bamako["unmet"] = np.where(np.arange(DAYS) >= 2, 4.0, 0.0)
    bamako["delivered"] = bamako["demand"] - bamako["unmet"]
    said = dry_sentence(build_report(embedded_network, [baseline], timeline=write(r, tmp_path, "b.parquet")))
    assert "Bamako is short of demand from 2026-01-03 (8 days) while it keeps stock for a " \
           "higher-priority block." in said, said


def test_weekly_bars_keep_a_corridor_of_under_half_a_m3_in_the_weeks_total() -> None:
    # A corridor bringing 0.3 m3 in the first week (and nothing after) is too small for a series
    # of its own, and was left out of the chart: the first week's bars summed to 49,000 m3 where
    # the text and the JSON count 49,000.3 (hover36). It is now in "Other corridors", stacked
    # with the others, so each week's bars sum to the week's arrivals.
    from supplychain.reports.figures.timeline import arrivals_figure
    from supplychain.reports.timeline_section import _weekly_corridors

    r = hand_timeline()
    small = np.where(np.arange(DAYS) == 2, 0.3, 0.0)
    r.borders = {**r.borders, "Nioro": small}
    r.corridors = {**r.corridors, "Nouakchott-Nioro": small}
    weekly = _weekly_corridors(r.to_frame(), START)
    fig = arrivals_figure(weekly, [], ("2026-01-01", "2026-01-11"))
    bars = [t for t in fig.data if t.type == "bar"]
    heights = np.sum([np.asarray(t.y, dtype=float) for t in bars], axis=0)
    assert "2026-01-01       49,000 " in r.summary()  # the text's first week: 49,000.3 m3
    assert heights.tolist() == pytest.approx(r.weekly()["arrivals_m3"].tolist(), abs=1e-9)
    assert heights.tolist() == pytest.approx([49_000.3, 21_000.0], abs=1e-9)
    assert list(weekly["corridors"]) == ["Dakar-Bamako", "Abidjan-Bamako"]  # no series of its own
    assert weekly["other"] == {"names": ["Nouakchott-Nioro"], "values": [pytest.approx(0.3), 0.0]}
    other = bars[-1]
    assert other.name == "Other corridors" and other.meta["corridors"] == ["Nouakchott-Nioro"]
    assert "Other corridors (Nouakchott-Nioro): %{customdata[1]} m³" in other.hovertemplate
    assert [list(c) for c in other.customdata] == [["2026-01-01", "0"], ["2026-01-08 (3 days)", "0"]]


def test_arrivals_leave_out_empty_corridors_and_style_past_eight(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    r = hand_timeline()
    r.corridors = {f"Corridor {i:02d} / Other road": np.full(DAYS, 100.0 * (i + 1)) for i in range(10)}
    r.corridors["Empty"] = np.full(DAYS, -6e-13)  # solver noise
    fig = figures(build_report(embedded_network, [baseline], timeline=write(r, tmp_path)))[
        "fig-timeline-arrivals"]
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    assert [t["meta"]["corridor"] for t in bars][:2] == ["Corridor 09 / Other road", "Corridor 08 / Other road"]
    assert len(bars) == 10 and all(t["name"].endswith(" (+1 more)") for t in bars)
    assert "Corridor 09 /<br>Other road" in bars[0]["hovertemplate"]  # the full name in the hover
    shapes = [t["marker"].get("pattern", {}).get("shape", "") for t in bars]
    assert shapes[:8] == [""] * 8 and shapes[8:] == ["/", "/"]
    colours = [(t["marker"]["color"], s) for t, s in zip(bars, shapes, strict=True)]
    assert len(set(colours)) == 10  # every series distinguishable


def test_escort_allocation_and_fleet_in_the_report(page: str) -> None:
    """Where the escorts do most (the summary's allocation, by escort days) and the fleet line."""
    table = re.search(r'<table[^>]*id="table-timeline-escorts".*?</table>', page, re.S)
    assert table is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table.group(0))
    # 0.5 convoys a day for 10 days (all escorted), round trip 4 days: 5 convoys, 3.5 a week,
    # 20 escort days.
    assert cells == ["Kayes escorted", "5.0", "10", "3.5", "4.0", "20", "100"]
    # What the table says and cannot say: the need of the plan with the fewest escort
    # unit-days, not the fewest units on the busiest day.
    assert ("Escort units in use and convoys are what the plan's flows need: each escort unit-day "
            "has a small price") in page
    assert "The busiest day is not minimised" in page
    assert "Fleet: 0 tankers destroyed with 0 m³ of cargo; at most 30 tankers on the road on one day." in page


def test_escort_table_says_its_days_are_the_rules_not_the_units(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    # "Escorted days 10" with no escort unit before day 3 read as 10 days of escorted convoys:
    # it counts the days the rule requires an escort. The caption says on how many units exist.
    r = hand_timeline()
    r.escort_units = np.array([0.0] * 3 + [2.0] * (DAYS - 3))
    page = build_report(embedded_network, [baseline], timeline=write(r, tmp_path))
    table = re.search(r'<table[^>]*id="table-timeline-escorts".*?</table>', page, re.S)
    assert table is not None
    heads = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table.group(0), re.S)]
    assert "Days escort required" in heads and "Escorted days" not in heads, heads
    assert _cells(page, "table-timeline-escorts")["Kayes escorted"][2] == "10"
    assert ("Days escort required: the days the stretch's rule requires escorts, counted whether "
            "escort units are available or not; units are available on 7 of the 10 days, from "
            "2026-01-04.") in unescape(table.group(0)), table.group(0)
    said = _escort_caption({"dates": ["2026-01-01", "2026-01-02"], "units": [2.0, 2.0]})
    assert said.endswith("; units are available on all 2 days."), said
    said = _escort_caption({"dates": ["2026-01-01", "2026-01-02"], "units": [0.0, 0.0]})
    assert said.endswith("; no escort unit is available on any day."), said


def test_fleet_sentence_says_what_was_destroyed_before_the_first_day() -> None:
    from supplychain.reports.timeline_section import _fleet_sentence

    summary = {"tankers_lost": 12.0, "cargo_lost_m3": 540.0, "max_tankers_on_road": 30.0}
    assert "before the first day" not in _fleet_sentence(summary)
    text = _fleet_sentence({**summary, "tankers_lost_before_start": 150.0})
    assert text.startswith("Fleet: 12 tankers destroyed with 540 m³ of cargo (150 more destroyed "
                           "before the first day by the file's earlier attacks); at most 30")


def test_cli_timeline_names_its_network_absolutely(
    tiny_network: nx.MultiDiGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Solved in one folder on a network typed relatively, reported on from another: the
    # network it was computed on is named absolutely (the relative name meant nothing there).
    from supplychain.networks import save_network

    solved, other = tmp_path / "solved", tmp_path / "other"
    solved.mkdir()
    other.mkdir()
    save_network(tiny_network, solved / "tiny.parquet")
    # The shipped parameters less the Bamako power-plant block (more than the tiny Bamako's demand).
    shipped = (REPO / "models" / "model.toml").read_text(encoding="utf-8")
    block = shipped[shipped.index("[[priority_block]]"):shipped.index("[cost]")]
    (solved / "model.toml").write_text(shipped.replace(block, ""), encoding="utf-8")
    monkeypatch.chdir(solved)
    run = CliRunner().invoke(main, ["-q", "timeline", "--network", "tiny.parquet", "--params",
                                    "model.toml", "--days", "2", "--out", "tl.parquet"])  # fmt: skip
    assert run.exit_code == 0, run.output
    summary = json.loads((solved / "tl.json").read_text(encoding="utf-8"))
    assert summary["command"]["network"] == str(solved / "tiny.parquet")
    monkeypatch.chdir(other)
    with caplog.at_level("WARNING", logger="supplychain"):
        run = CliRunner().invoke(main, ["report", "--timeline", "../solved/tl.parquet",
                                        "--out", "r.html"])  # fmt: skip
    assert run.exit_code == 0, run.output
    # The summary records the network file (by its content too): the timeline section compares
    # it with the report's (the embedded network) as a sweep's, and names it as recorded.
    recorded = next(r for r in summary["command"]["inputs"] if r["role"] == "network")
    page = (other / "r.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="timeline">'):page.index("</section>", page.index('<section id="timeline">'))]
    assert f"its network file tiny.parquet (SHA-256 {recorded['sha256'][:12]}" in section
    assert "Timeline result tl.parquet was run with the network file 'tiny.parquet'" in caplog.text


def _cells(page: str, table_id: str) -> dict[str, list[str]]:
    """The rows of a table of the page by their first cell (tags stripped)."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S)
    assert table is not None, table_id
    rows = (re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S))
    return {re.sub(r"<[^>]+>", "", r[0]): [re.sub(r"<[^>]+>", "", c) for c in r] for r in rows if r}


def test_city_table_counts_unmet_with_a_backlog_once(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """With a backlog a day's unmet in the Parquet rows is the queue (README, "Demand"): Kati
    gets nothing from day 3, half of each day's queue comes back the next day. The queue sums
    to 120.2 m³, more than Kati's 100 m³ of demand; what is unmet, each m³ once, is 70 m³
    (demand 100 - delivered 30), as the text and the JSON say. The report's table once summed
    the queue."""
    r = hand_timeline()
    kati = r.cities["Kati"]
    queue = np.zeros(DAYS)
    for t in range(3, DAYS):
        queue[t] = 10.0 + 0.5 * queue[t - 1]
    kati["unmet"] = queue
    kati["shortfall"] = np.append(0.5 * queue[:-1], queue[-1])
    summary = r.to_dict()["cities"]["Kati"]
    assert summary["unmet_m3"] == pytest.approx(70.0) and summary["delivered_m3"] == pytest.approx(30.0)
    assert queue.sum() == pytest.approx(120.15625)
    rows = _cells(build_report(embedded_network, [baseline], timeline=write(r, tmp_path)),
                  "table-timeline-cities")  # fmt: skip
    assert rows["Kati"][7:9] == ["70", "100"]  # unmet, demand
    assert rows["Bamako"][7] == "0"


def test_observed_periods_left_out_are_said_as_the_command_says_them(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """A run with --observed whose periods are not all inside the horizon: the report says how
    many were left out (as the printout does) instead of asking for --observed."""
    r = hand_timeline()
    late = pd.DataFrame({"period_start": [date(2026, 1, 1), date(2026, 1, 8), date(2026, 2, 1)],
                         "period_end": [date(2026, 1, 7), date(2026, 1, 14), date(2026, 2, 28)],
                         "tankers": [np.nan] * 3, "litres": [70e6, 70e6, 1e6], "source": ["x"] * 3})  # fmt: skip
    text = "2 observed periods not wholly inside 2026-01-01..2026-01-10 left out (a period is " \
           "compared only when the horizon covers all its days)"
    assert text in r.summary(late)
    out = tmp_path / "some.parquet"
    _write_timeline(r, late, out, {})
    page = build_report(embedded_network, [baseline], timeline=out)
    # Then the note on the period marked as near the horizon's end (7-day tanks, 10 days).
    assert f"<caption>{text}. * arrivals in the horizon" in page
    assert "last 7 days (from 2026-01-04) are low by construction" in page
    assert list(_cells(page, "table-timeline-observed")) == ["2026-01-01 to 2026-01-07 *"]
    # None inside: said so, not "run with --observed".
    out = tmp_path / "none.parquet"
    _write_timeline(r, late.iloc[1:], out, {})
    page = build_report(embedded_network, [baseline], timeline=out)
    assert "No observed period lies inside the horizon: 2 observed periods not wholly inside" in page
    assert "with --observed CSV to compare" not in page
    # Without --observed the page still asks for it.
    out = tmp_path / "without.parquet"
    _write_timeline(r, None, out, {})
    assert "with --observed CSV to compare" in build_report(embedded_network, [baseline], timeline=out)


def test_a_week_shorter_than_seven_days_says_so(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """Weeks are 7 days from day 0 (README, "Weekly totals"): 10 days are a week and 3 days.
    The printout and the report's hover mark the 3-day week (its totals read like a week's
    otherwise: the back-test's last week, 6 days, looked like a 36 % drop in arrivals)."""
    r = hand_timeline()
    weekly = r.to_dict()["weekly"]
    assert [(w["week_start"], w["days"]) for w in weekly] == [("2026-01-01", 7), ("2026-01-08", 3)]
    assert weekly[1]["arrivals_m3"] == pytest.approx(3 * 7000.0)
    lines = [line for line in r.summary().splitlines() if line.startswith("    2026-01-")]
    assert len(lines) == 2
    assert not lines[0].endswith("days)") and lines[1].endswith("1.5  (3 days)")
    assert "(10 days), LP optimal" in r.summary()
    one = replace(r, days=1)
    assert "2026-01-01 to 2026-01-01 (1 day), LP" in one.summary()
    assert one.summary().splitlines()[-1].endswith("  (1 day)")
    fig = figures(build_report(embedded_network, [baseline], timeline=write(r, tmp_path)))["fig-timeline-arrivals"]
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    assert [w for w, _ in bars[0]["customdata"]] == ["2026-01-01", "2026-01-08 (3 days)"]


def test_one_day_short_is_one_day(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """A city short on a single day (the back-test's --min-stock stocks re-run: Mopti short by
    2.4 m³ on 2025-10-31) reads "1 day", not "1 days", in the printout and the report."""
    r = hand_timeline()
    bamako = r.cities["Bamako"]
    bamako["unmet"] = np.where(np.arange(DAYS) == 4, 2.0, 0.0)
    bamako["delivered"] = bamako["demand"] - bamako["unmet"]
    assert "never dry; short of demand on 1 day from 2026-01-05" in r.summary()
    html = build_report(embedded_network, [baseline], timeline=write(r, tmp_path))
    assert "Bamako is short of demand from 2026-01-05 (1 day) while" in html


def test_a_period_with_nothing_observed_has_its_error_in_million_litres() -> None:
    """Observed 0 litres (a week of full blockade): no percentage of nothing ("+nan %" once),
    the error in million litres as the report's table gives it; JSON null for the %."""
    r = hand_timeline()  # 7,000 m³ a day into Mali
    zero = pd.DataFrame({"period_start": [date(2026, 1, 1)], "period_end": [date(2026, 1, 2)],
                         "tankers": [0.0], "litres": [0.0], "source": ["blockade week"]})  # fmt: skip
    text = r.summary(zero)
    assert "2026-01-01 to 2026-01-02: observed 0.0, simulated 14.0, error +14.0 (nothing observed)" in text
    assert "nan" not in text
    row = r.to_dict(zero)["observed"][0]
    assert row["error_litres"] == pytest.approx(14e6) and math.isnan(row["error_pct"])


def test_the_error_per_period_has_the_sign_the_command_prints() -> None:
    """The report's error columns read "9.0" and "22" where the command printed "+22 %", and
    "0" for an error the command printed "-0 %" (simulated a little below observed): the sign
    is the answer's direction, written the same way in both (audit, 2026-12-04). Both with one
    decimal since 2026-12-05: "-0 %" read as an exact fit where the error was -0.5 %."""
    from supplychain.reports.timeline_section import TimelineData, timeline_data

    r = hand_timeline()  # 7,000 m³ a day into Mali
    observed = pd.DataFrame({"period_start": [date(2026, 1, 1), date(2026, 1, 8)],
                             "period_end": [date(2026, 1, 7), date(2026, 1, 10)],
                             "tankers": [np.nan, np.nan], "litres": [40e6, 21.1e6],
                             "source": ["over", "a little under"]})  # fmt: skip
    printed = re.findall(r"error ([+-]\d+\.\d) %", r.summary(observed))
    assert printed == ["+22.5", "-0.5"]
    data = timeline_data(load_timeline_result(TimelineData(r.to_frame(), r.to_dict(observed), "t.parquet")))
    heads = [h["label"] for h in data["observed"]["head"]]
    rows = [[c["text"] for c in row["cells"]] for row in data["observed"]["rows"]]
    assert [row[heads.index("Error (%)")] for row in rows] == printed
    assert [row[heads.index("Error (million litres)")] for row in rows] == ["+9.0", "-0.1"]


def test_one_is_singular_in_the_text_and_the_report() -> None:
    """One day and one tanker: "(1 tankers)" in the command's arrivals line, "1 days" in the
    report's heading and "1 tankers destroyed" in its fleet sentence (audit, 2026-12-04)."""
    from supplychain.reports.timeline_section import TimelineData, timeline_data

    r = TimelineResult("one", "optimal", START, 1, tanker_m3=50.0)
    r.cities = {"Kati": {"stock": np.array([30.0, 20.0]), "demand": np.array([10.0]),
                         "delivered": np.array([10.0]), "unmet": np.array([0.0])}}  # fmt: skip
    r.storage = {"Kati": (70.0, 30.0, 0.0)}
    r.borders = {"Diboli": np.array([50.0])}
    r.escort_units = r.escort_units_used = np.zeros(1)
    r.tankers_on_road, r.fleet = np.array([1.0]), np.array([1.0])
    r.tankers_lost, r.cargo_lost_m3 = np.array([1.0]), np.array([50.0])
    text = r.summary()
    assert "arrivals into Mali 50 m3 (1 tanker): Diboli 50" in text, text
    data = timeline_data(load_timeline_result(TimelineData(r.to_frame(), r.to_dict(), "one.parquet")))
    assert "2026-01-01 to 2026-01-01, 1 day," in data["facts"], data["facts"]
    assert data["fleet_sentence"].startswith("Fleet: 1 tanker destroyed with 50 m³ of cargo; at most 1 "
                                             "tanker on the road on one day. The fleet goes from 2 "
                                             "tankers on day 0 to 1 after the last day."), data["fleet_sentence"]


def test_fleet_sentence_says_when_the_fleet_was_not_limited() -> None:
    # "[fleet] enabled = false": the figures limit nothing; the sentence said so nowhere.
    from supplychain.reports.timeline_section import _fleet_sentence

    summary = {"tankers_lost": 0.0, "cargo_lost_m3": 0.0, "max_tankers_on_road": 50.0}
    assert _fleet_sentence(summary).endswith("on one day.")
    assert _fleet_sentence({**summary, "fleet_limited": False}).endswith(
        "at most 50 tankers on the road on one day (the fleet was not limited in this run).")


def test_cost_goal_sentence_only_when_the_second_goal_did_not_run() -> None:
    from supplychain.reports.timeline_section import _cost_goal_sentence

    assert _cost_goal_sentence({}) == "" and _cost_goal_sentence({"cost_goal": "solved"}) == ""
    assert "was skipped on a linear program (LP) this large" in _cost_goal_sentence({"cost_goal": "skipped"})
    assert "did not finish" in _cost_goal_sentence({"cost_goal": "not finished"})


# --- date ticks on the weeks' starts ---------------------------------------------------------

WEEK_MS = 7 * 86_400_000


def _ms(day: str) -> int:
    return int(pd.Timestamp(day).value // 1_000_000)


@pytest.mark.parametrize(("start", "days", "weeks", "laptop", "printed"),
                         [(date(2025, 9, 1), 181, 26, 2, 3), (date(2025, 9, 1), 20, 3, 1, 1),
                          (START, DAYS, 2, 1, 1)])  # fmt: skip
def test_date_ticks_fall_on_the_weeks_starts(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path,
    start: date, days: int, weeks: int, laptop: int, printed: int,
) -> None:
    """Every timeline chart ticks the weeks' starts (7 days from day 0, as the weekly bars
    count them): a labelled tick every ``laptop`` weeks (``printed`` on paper; the page
    redoes it for the drawn width from ``meta.weeks``), a minor
    tick each week, so each weekly bar stands between two ticks and the tick before it names
    its first day. Plotly chose the ticks before (month starts, Sundays: the back-test's
    'Oct 2025' fell in the middle of a bar)."""
    r = _stretched(replace(hand_timeline(), start=start), days)
    figs = figures(build_report(embedded_network, [baseline], timeline=write(r, tmp_path)))
    for fid in ("cover", "arrivals", "escorts", "events"):
        fig = figs[f"fig-timeline-{fid}"]
        axes = [k for k in fig["layout"] if k.startswith("xaxis")]
        meta = fig["layout"]["meta"]
        assert meta["weeks"]["axes"] == axes and meta["weeks"]["weeks"] == weeks
        assert meta["weeks"]["week_ms"] == WEEK_MS and meta["weeks"]["steps"][0] == 1
        assert meta["narrow"]["meta.weeks.label_px"] < meta["weeks"]["label_px"]
        for ax in axes:
            x = fig["layout"][ax]
            assert x["tick0"] == start.isoformat(), (fid, ax)
            assert (x["dtick"], x["minor"]["dtick"]) == (laptop * WEEK_MS, WEEK_MS), (fid, ax)
            assert x["minor"]["tick0"] == start.isoformat()
            assert meta["print"][f"{ax}.dtick"] == printed * WEEK_MS
            assert x["hoverformat"] == "%Y-%m-%d"
    bars = [t for t in figs["fig-timeline-arrivals"]["data"] if t["type"] == "bar"]
    assert bars
    for bar in bars:
        for mid, width, (week, _) in zip(bar["x"], bar["width"], bar["customdata"], strict=True):
            first = _ms(week.split(" ")[0])
            assert (first - _ms(start.isoformat())) % WEEK_MS == 0  # a week starts on a tick
            assert first < _ms(mid) - width / 2 < _ms(mid) + width / 2 < first + WEEK_MS


@settings(max_examples=80, deadline=None)
@given(days=st.integers(1, 800), plot_px=st.floats(100.0, 2000.0),
       label_px=st.floats(20.0, 80.0))  # fmt: skip
def test_week_step_leaves_each_label_its_room(days: int, plot_px: float, label_px: float) -> None:
    from supplychain.reports.figures.timeline import _WEEK_STEPS, _week_step

    span = ("2025-09-01", (date(2025, 9, 1) + timedelta(days=days)).isoformat())
    k = _week_step(span, plot_px, label_px)
    weeks = -(-days // 7)
    room = max(1, int(plot_px // label_px))
    assert -(-weeks // k) <= room  # the labels fit
    smaller = [s for s in _WEEK_STEPS if s < k]
    assert all(-(-weeks // s) > room for s in smaller)  # and no fewer weeks between them do


def test_browser_week_ticks_are_readable_on_a_laptop_and_a_phone(
    chromium: Any, embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """On the back-test's 181 days from 2025-09-01, drawn at 1366, 700 and 390 px: every
    labelled tick of the four charts is a week's start (13 labels on the laptop, 9 on a
    tablet, 5 on the phone), the labels lie level, overlap neither each other nor the legend
    and stay inside the figure, and a hover names the ISO day. Before, plotly's ticks fell on
    month starts ("Oct 2025" inside a week's bar) and a phone's charts were squeezed to 150 px
    above their legends; with ticks fixed for 1,000 px, the tablet's 13 labels stood upright
    and ran into the legend."""
    from .test_report_browser import _BOX, _open, _overlap

    r = _stretched(replace(hand_timeline(), start=date(2025, 9, 1)), 181)
    # Ten corridors, as the back-test has: a legend of many rows squeezes the plot above it.
    r.corridors = {f"Corridor {i} via somewhere": np.full(181, 100.0 * (i + 1)) for i in range(10)}
    report = write_report(
        tmp_path / "r.html",
        build_report(embedded_network, [baseline], timeline=write(r, tmp_path)),
    )
    start = _ms("2025-09-01")
    for width, labels in ((1366, 13), (700, 9), (390, 5)):
        o = _open(chromium, report, width=width)
        try:
            charts = o.page.evaluate(f"""() => {{ const b = {_BOX};
                return ['cover', 'arrivals', 'escorts', 'events'].map(k => {{
                    const gd = document.getElementById('fig-timeline-' + k);
                    const ax = gd._fullLayout[k === 'cover' ? 'xaxis2' : 'xaxis'];
                    const legend = gd.querySelector('g.legend');
                    return {{name: k, div: b(gd), legend: legend ? b(legend) : null,
                             angle: (gd._fullLayout[k === 'cover' ? 'xaxis2' : 'xaxis']
                                     ._tickAngles || {{}}),
                             ticks: ax._vals.filter(v => !v.minor).map(v => v.x),
                             labels: Array.from(gd.querySelectorAll(
                                 '.xaxislayer-above g.xtick text, .xaxislayer-above g.x2tick text'))
                                 .filter(t => t.textContent).map(b)}}; }}); }}""")
            for c in charts:
                assert all((t - start) % WEEK_MS == 0 for t in c["ticks"]), c
                assert len(c["labels"]) == labels, (width, c)
                assert not any(c["angle"].values()), (width, c)  # level, not rotated
                boxes, div = c["labels"], c["div"]
                assert not any(_overlap(a, b) for i, a in enumerate(boxes)
                               for b in boxes[i + 1 :]), (width, c)  # fmt: skip
                assert all(div[0] - 0.5 <= b[0] and b[2] <= div[2] + 0.5 for b in boxes), c
                if c["legend"]:
                    assert not any(_overlap(b, c["legend"]) for b in boxes), (width, c)
            hover = o.page.evaluate("""() => { const gd = document.getElementById('fig-timeline-cover');
                Plotly.Fx.hover(gd, [{curveNumber: 1, pointNumber: 3}], 'x2y2');
                return gd.querySelector('.hoverlayer .hovertext').textContent; }""")
            assert hover.startswith("2025-09-04"), hover
            assert o.console_errors == [] and o.page_errors == []
        finally:
            o.page.context.close()


def test_browser_tablet_and_printed_charts_keep_their_plot_height(
    chromium: Any, embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """With ten corridors (as the back-test has), the charts with a legend below them keep a
    plot area of at least ``meta.min_plot_px`` on a tablet (700 px) and on paper (680 px),
    growing taller as needed, and a laptop's (1366 px) keep their height, also after printing.
    Before, the weekly arrivals were 144 px tall above their 210 px legend at 700 px and in
    print (the phone's rule, a figure that grows with its legend, applied only below 600 px)."""
    from .test_report_browser import _open

    r = _stretched(replace(hand_timeline(), start=date(2025, 9, 1)), 181)
    r.corridors = {f"Corridor {i} via somewhere": np.full(181, 100.0 * (i + 1)) for i in range(10)}
    report = write_report(
        tmp_path / "r.html",
        build_report(embedded_network, [baseline], timeline=write(r, tmp_path)),
    )
    # The least plot heights (px) of the cover, arrivals and escort charts.
    least = {"cover": 360, "arrivals": 220, "escorts": 180}
    sizes = f"""() => Object.entries({json.dumps(least)}).map(([k, least]) => {{
        const gd = document.getElementById('fig-timeline-' + k);
        return [k, gd._fullLayout._size.h, least, gd._fullLayout.height,
                gd.getBoundingClientRect().height]; }})"""
    o = _open(chromium, report, width=700)
    try:
        charts = o.page.evaluate(sizes)
        assert all(h >= least - 0.5 for _, h, least, _, _ in charts), charts
        assert all(abs(drawn - full) < 1.5 for *_, full, drawn in charts), charts  # box fits
        assert o.console_errors == [] and o.page_errors == []
    finally:
        o.page.context.close()
    o = _open(chromium, report, width=1366)
    try:
        laptop = o.page.evaluate(sizes)
        assert [c[3] for c in laptop] == [560, 420, 320], laptop
        o.page.emulate_media(media="print")
        o.page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        printed = o.page.evaluate(sizes)
        assert all(h >= least - 0.5 for _, h, least, _, _ in printed), printed
        o.page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        o.page.emulate_media(media="screen")
        assert [c[3] for c in o.page.evaluate(sizes)] == [560, 420, 320]
        assert o.console_errors == [] and o.page_errors == []
    finally:
        o.page.context.close()


_DRAWN_AT_WIDTH = """() => Array.from(document.querySelectorAll('div.plot[data-figure]'))
    .every(d => d.getAttribute('data-drawn-width') === String(d.clientWidth))"""


def test_browser_charts_are_fitted_again_after_a_window_resize(
    chromium: Any, embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """A laptop window (1366 px) narrowed to a phone's (390 px) redraws the charts as a phone
    draws them at first (narrow layout, week ticks, height fitted to the legend) and widened
    again gives the laptop's heights back. Before, plotly's own resizing dropped the fitted
    height: each chart's box fell to 0 px high, the charts drawn over what follows; the
    laptop's 13 week labels crowded a 210 px plot and its legend covered the arrivals'
    labels."""
    from .test_report_browser import _BOX, _open, _overlap

    r = _stretched(replace(hand_timeline(), start=date(2025, 9, 1)), 181)
    r.corridors = {f"Corridor {i} via somewhere": np.full(181, 100.0 * (i + 1)) for i in range(10)}
    report = write_report(
        tmp_path / "r.html",
        build_report(embedded_network, [baseline], timeline=write(r, tmp_path)),
    )
    probe = f"""() => {{ const b = {_BOX};
        return ['cover', 'arrivals', 'escorts', 'events'].map(k => {{
            const gd = document.getElementById('fig-timeline-' + k);
            const legend = gd.querySelector('g.legend');
            return {{name: k, div: b(gd), svg: b(gd.querySelector('.main-svg')),
                     height: gd._fullLayout.height, plot: [gd._fullLayout._size.w, gd._fullLayout._size.h],
                     legend: legend ? b(legend) : null,
                     labels: Array.from(gd.querySelectorAll(
                         '.xaxislayer-above g.xtick text, .xaxislayer-above g.x2tick text'))
                         .filter(t => t.textContent).map(b)}}; }}); }}"""

    def settled(page: Any) -> list[dict[str, Any]]:
        page.wait_for_timeout(400)  # past the resize's debounce
        page.wait_for_function(_DRAWN_AT_WIDTH, timeout=30_000)
        page.wait_for_timeout(300)
        charts: list[dict[str, Any]] = page.evaluate(probe)
        return charts

    o = _open(chromium, report, width=390)
    try:
        phone = settled(o.page)
    finally:
        o.page.context.close()
    o = _open(chromium, report, width=1366)
    try:
        laptop = settled(o.page)
        o.page.set_viewport_size({"width": 390, "height": 900})
        narrowed = settled(o.page)
        for first, now in zip(phone, narrowed, strict=True):
            name = now["name"]
            # The box holds the drawn figure (not 0 px high under it).
            assert now["div"][3] - now["div"][1] == pytest.approx(now["svg"][3] - now["svg"][1], abs=1.5), now
            assert now["height"] == pytest.approx(first["height"], abs=1), (name, first, now)
            assert now["plot"] == pytest.approx(first["plot"], abs=1), (name, first, now)
            assert len(now["labels"]) == len(first["labels"]), (name, first, now)
            if now["legend"]:
                assert not any(_overlap(b, now["legend"]) for b in now["labels"]), now
                assert now["legend"][3] <= now["div"][3] + 0.5, now
        o.page.set_viewport_size({"width": 1366, "height": 900})
        widened = settled(o.page)
        assert [c["height"] for c in widened] == [c["height"] for c in laptop]
        assert [len(c["labels"]) for c in widened] == [len(c["labels"]) for c in laptop] == [13] * 4
        assert o.console_errors == [] and o.page_errors == []
    finally:
        o.page.context.close()


def test_browser_printed_cover_chart_leaves_room_above_its_lower_title(
    chromium: Any, embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """Printed (report.js draws plots 680 px wide) and on a laptop, the cover chart's lower
    panel title ("Days of cover ...") starts below the upper panel's 0 tick label, a few px
    apart. Before, the panels stood 6 % of the plot apart (23 px printed with the back-test's
    eleven cities' legend): the 22 px title sat on the upper panel's bottom line, its top 7 px
    above the bottom of the "0" label."""
    from .test_report_browser import _BOX, _open

    r = _stretched(replace(hand_timeline(), start=date(2025, 9, 1)), 181)
    # Eleven cities, as the back-test has: their legend rows take the plot's height.
    r.cities = {f"City {i}": c for i in range(11) for c in r.cities.values()}
    r.storage = {f"City {i}": s for i in range(11) for s in r.storage.values()}
    report = write_report(
        tmp_path / "r.html",
        build_report(embedded_network, [baseline], timeline=write(r, tmp_path)),
    )
    gap = f"""() => {{ const b = {_BOX};
        const gd = document.getElementById('fig-timeline-cover');
        const title = Array.from(gd.querySelectorAll('g.annotation'))
            .find(a => a.textContent.startsWith('Days of cover'));
        const zero = Array.from(gd.querySelectorAll('g.ytick text'))
            .find(t => t.textContent === '0');
        return [b(title)[1] - b(zero)[3], gd._fullLayout._size.h]; }}"""
    o = _open(chromium, report, width=1366)
    try:
        laptop, _ = o.page.evaluate(gap)
        o.page.emulate_media(media="print")
        o.page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        o.page.wait_for_timeout(300)
        printed, plot_h = o.page.evaluate(gap)
        assert printed >= 4, (printed, plot_h)
        assert laptop >= 4, laptop
        assert o.console_errors == [] and o.page_errors == []
    finally:
        o.page.context.close()


def test_arrivals_by_crossing_table(page: str) -> None:
    # The text, the JSON and the Parquet gave arrivals by crossing; the report gave only
    # corridors (a corridor's name can hide which post carries the fuel on an imported layer).
    cells = _cells(page, "table-timeline-crossings")
    # Diboli 5,000 m3 a day for 10 days, Zégoua 2,000 (hand_timeline), 50 m3 tankers.
    assert list(cells) == ["Diboli", "Zégoua"]
    assert cells["Diboli"] == ["Diboli", "50,000", "1,000", "71.4", "10"]
    assert cells["Zégoua"] == ["Zégoua", "20,000", "400", "28.6", "10"]


def test_the_min_stock_sentence_names_what_the_plan_stores_above_the_tank_later() -> None:
    # Tank limits are lifted on every day: the report says where the plan stores more than the
    # tank and the initial stock after day 0 (Kayes on 45 days of the back-test, West Africa).
    from supplychain.reports.timeline_section import _min_stock_sentence

    cities = [{"name": "Kayes", "min_stock_m3": 2479.5, "capacity_m3": 1050.0, "max_stock_m3": 6450.0,
               "max_stock_date": "2025-09-03"},
              {"name": "Kita", "min_stock_m3": 2700.0, "capacity_m3": 420.0, "max_stock_m3": 2640.0,
               "max_stock_date": "2025-09-02"},
              {"name": "Old", "min_stock_m3": 10.0, "capacity_m3": 20.0}]  # a summary without it
    text = _min_stock_sentence(cities)
    assert "More than the tank holds at Kayes, Kita" in text
    assert ("After day 0 the plan stores more than the tank and the initial stock at Kayes (up to 6,450 m³ on "
            "2025-09-03): it serves every city from these stocks with tanks that hold that too; smaller "
            "tanks may not do (run the timeline with the stocks as initial_m3 in a --storage file to "
            "check).") in text
    assert "only with" not in text  # they may serve in smaller tanks too, with another plan (user36)
    assert "After day 0" not in _min_stock_sentence(cities[1:])


def test_a_day_with_arrivals_is_one_the_table_shows() -> None:
    # The interior point leaves 1e-3 to 0.09 m3 a day at crossings that carry nothing: on the
    # West-African layer the table listed "Pogo-Zégoua border | 0 | 0 | 0 | 1" (0 m3 over
    # 1 day with arrivals). A day counts from half a m3, what the table rounds to 1.
    from supplychain.reports.timeline_section import _crossings

    days = pd.date_range("2026-01-01", periods=3)
    frame = pd.DataFrame({"date": list(days) * 2, "kind": "border",
                          "place": ["A"] * 3 + ["B"] * 3,
                          "arrivals_m3": [0.02, 0.0, 100.0, 0.0019, 0.09, 0.0]})
    frame["arrivals_tankers"] = frame["arrivals_m3"] / 46.0
    rows = {r["crossing"]: r for r in _crossings(frame)}
    assert rows["A"]["days"] == 1 and rows["B"]["days"] == 0
    assert rows["B"]["arrivals_m3"] == pytest.approx(0.0919)


def _headline_section(html: str) -> str:
    found = re.search(r'<section id="headline">.*?</section>', html, re.S)
    assert found is not None
    return found.group(0)


def test_the_headline_says_what_the_timeline_found(page: str) -> None:
    # Hand figures of hand_timeline: 2 cities x 10 days x 10 m3 = 200 m3 of demand; Kati
    # delivers 10, 10, 10 from its 30 m3 and nothing after: 70 m3 unmet, dry from day 3.
    head = _headline_section(page)
    assert "<h3>Day by day: hand</h3>" in head
    assert ("From 2026-01-01 to 2026-01-10 (10 days), 35.0 % of demand goes unmet (70 of 200 m³); "
            "1 of 2 cities runs dry, the first on 2026-01-04 (day 3: Kati); Bamako, the largest "
            "demand, is never short.") in head  # fmt: skip
    assert '<a href="#timeline">' in head
    for label, value in (("Unmet over 10 days", "35.0 %"), ("First city dry", "2026-01-04"),
                         ("Cities that run dry", "1 of 2"), ("Bamako (largest demand)", "never short")):
        assert re.search(rf">{re.escape(label)}<.*?>{re.escape(value)}<", head, re.S), label  # fmt: skip


def test_a_report_without_a_timeline_has_no_such_headline(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult
) -> None:
    head = _headline_section(build_report(embedded_network, [baseline]))
    assert "Day by day" not in head and "First city dry" not in head


def test_the_headline_without_a_summary_counts_from_the_rows(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    path = write(hand_timeline(), tmp_path)
    path.with_suffix(".json").unlink()
    head = _headline_section(build_report(embedded_network, [baseline], timeline=path))
    assert "35.0 % of demand goes unmet (70 of 200 m³)" in head
    assert "Arrivals against observed" not in head  # the observed series is in the summary


def test_the_headline_escapes_hostile_names(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    path = write(hand_timeline(city=HOSTILE["city"]), tmp_path, "x.parquet")
    head = _headline_section(build_report(embedded_network, [baseline], timeline=path))
    assert HOSTILE["city"] not in head
    assert "(day 3: &lt;script&gt;alert(1)&lt;/script&gt;)" in head


def _city(name: str, dry: str | None, demand: float = 10.0, short: str | None = None,
          short_days: int = 0) -> dict[str, Any]:  # fmt: skip
    return {"name": name, "dry_date": dry, "demand_m3": demand, "unmet_m3": 1.0,
            "short_date": short or dry, "short_days": short_days}  # fmt: skip


def test_the_headline_names_the_first_dry_cities_and_leaves_out_the_horizons_end() -> None:
    from supplychain.reports.timeline_section import _headline

    cities = [_city("Kayes", "2026-01-05"), _city("Kati", "2026-01-05"),
              _city("Bamako", "2026-01-09", demand=50.0, short="2026-01-03", short_days=4),
              _city("Mopti", "2026-01-05"), _city("San", None)]  # fmt: skip
    observed = [{"simulated_ml": 8.0, "observed_ml": 10.0, "near_end": False},
                {"simulated_ml": 1.0, "observed_ml": 5.0, "near_end": True}]  # fmt: skip
    head = _headline(cities, {"demand_m3": 400.0, "unmet_m3": 100.0}, observed,
                     date(2026, 1, 1), date(2026, 1, 10))  # fmt: skip
    assert head["sentence"] == (
        "From 2026-01-01 to 2026-01-10 (10 days), 25.0 % of demand goes unmet (100 of 400 m³); "
        "4 of 5 cities run dry, the first on 2026-01-05 (day 4: Kati, Kayes and 1 more); Bamako, "
        "the largest demand, is short on 4 days from 2026-01-03 and runs dry on 2026-01-09.")
    (arrivals,) = [k for k in head["kpis"] if k["label"] == "Arrivals against observed"]
    assert arrivals["value"] == "-20.0 %"  # 8 against 10 ML; the period at the end left out
    assert arrivals["sub"] == ("8.0 simulated against 10.0 million litres observed over 1 period "
                               "(1 near the horizon's end left out)")  # fmt: skip
    # One decimal, as the period table and the text: a 0.4 % error is not "-0 %" (an exact fit).
    near = _headline(cities, {"demand_m3": 400.0, "unmet_m3": 100.0},
                     [{"simulated_ml": 9.96, "observed_ml": 10.0, "near_end": False}],
                     date(2026, 1, 1), date(2026, 1, 10))  # fmt: skip
    assert [k["value"] for k in near["kpis"] if k["label"] == "Arrivals against observed"] == ["-0.4 %"]
    calm = _headline([_city("San", None)], {"demand_m3": 100.0, "unmet_m3": 0.0}, [],
                     date(2026, 1, 1), date(2026, 1, 1))  # fmt: skip
    assert calm["sentence"] == ("From 2026-01-01 to 2026-01-01 (1 day), 0.0 % of demand goes unmet "
                                "(0 of 100 m³); no city runs dry; San, the largest demand, is never "
                                "short.")  # fmt: skip
    assert [k["cls"] for k in calm["kpis"]] == ["good", "good", "good", "good"]


def test_the_headlines_totals_are_checked_on_load() -> None:
    from supplychain.reports.timeline_section import _summary_problem

    assert _summary_problem({"demand_m3": "lots"}) == "'demand_m3' = 'lots' is not a number"
    assert _summary_problem({"unmet_m3": [1]}) == "'unmet_m3' = [1] is not a number"


def test_the_headline_sums_overlapping_periods_once() -> None:
    # Observed periods may overlap (a month and a week in it, README): the headline's total
    # summed both, counting the week's litres twice (-23.1 % here where the month alone, which
    # holds the week, is -10 %; found by a review, 2026-12-05). The earlier period is kept (the
    # longer on a tie), one overlapping it left out and said so.
    from supplychain.reports.timeline_section import _headline

    month = {"start": "2026-01-01", "end": "2026-01-31", "days": 31, "simulated_ml": 9.0,
             "observed_ml": 10.0, "near_end": False}  # fmt: skip
    week = {"start": "2026-01-01", "end": "2026-01-07", "days": 7, "simulated_ml": 1.0,
            "observed_ml": 3.0, "near_end": False}  # fmt: skip
    later = {"start": "2026-02-01", "end": "2026-02-07", "days": 7, "simulated_ml": 2.0,
             "observed_ml": 2.0, "near_end": False}  # fmt: skip
    for rows in ([week, month], [month, week]):
        head = _headline([_city("San", None)], {"demand_m3": 100.0, "unmet_m3": 0.0}, rows,
                         date(2026, 1, 1), date(2026, 2, 28))  # fmt: skip
        (arrivals,) = [k for k in head["kpis"] if k["label"] == "Arrivals against observed"]
        assert arrivals["value"] == "-10.0 %"
        assert arrivals["sub"] == ("9.0 simulated against 10.0 million litres observed over 1 period "
                                   "(1 overlapping another period left out)")  # fmt: skip
    head = _headline([_city("San", None)], {"demand_m3": 100.0, "unmet_m3": 0.0},
                     [month, {**week, "near_end": True}, later, {**later, "start": "2026-02-07", "end": "2026-02-09"}],
                     date(2026, 1, 1), date(2026, 2, 9))  # fmt: skip
    (arrivals,) = [k for k in head["kpis"] if k["label"] == "Arrivals against observed"]
    assert arrivals["value"] == "-8.3 %"  # 11 against 12 ML
    assert arrivals["sub"] == ("11.0 simulated against 12.0 million litres observed over 2 periods (1 near "
                               "the horizon's end and 1 overlapping another period left out)")  # fmt: skip


def test_weekly_bars_keep_a_net_outflow_as_the_text_counts_it() -> None:
    # Fuel going on through Mali to a place beyond a crossing is a net outflow there (README,
    # tests/test_timeline_model.py): the text's weekly arrivals count it, and the chart's
    # simulated line too (from the same net arrivals), but the bars dropped it (clipped at 0):
    # 35,000 m3 in the first week where the text says 31,500 (found by a review, 2026-12-05).
    # Drawn below 0, the bars of a week sum to the text's arrivals.
    from supplychain.reports.figures.timeline import arrivals_figure
    from supplychain.reports.timeline_section import _weekly_corridors

    r = hand_timeline()
    r.borders = {"Diboli": np.full(DAYS, 5000.0), "Kourémalé": np.full(DAYS, -500.0)}
    r.corridors = {"Dakar-Bamako": np.full(DAYS, 5000.0), "Conakry-Bamako": np.full(DAYS, -500.0)}
    weekly = _weekly_corridors(r.to_frame(), START)
    assert weekly["corridors"] == {"Dakar-Bamako": [35_000.0, 15_000.0], "Conakry-Bamako": [-3_500.0, -1_500.0]}
    totals = [sum(v[w] for v in weekly["corridors"].values()) for w in range(2)]
    assert totals == pytest.approx(r.weekly()["arrivals_m3"].tolist()) == [31_500.0, 13_500.0]
    fig = arrivals_figure(weekly, [], ("2026-01-01", "2026-01-11"))
    assert fig.layout.barmode == "relative"  # negative values below the axis, the rest stacked


def test_a_timeline_with_a_net_outflow_at_a_crossing_is_reported(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    # `supplychain timeline` keeps a crossing's net outflow (README; the back-test with
    # --integer-convoys writes -0.05 m3 at Mandiana-Yanfolila on a day), and the report draws it
    # below 0 (above); its table check refused it as "below 0: the table was edited or
    # damaged" until 2026-12-08, so such a timeline had no report. An infinite one still is.
    r = hand_timeline()
    r.borders = {"Diboli": np.full(DAYS, 5000.0), "Kourémalé": np.full(DAYS, -500.0)}
    r.corridors = {"Dakar-Bamako": np.full(DAYS, 5000.0), "Conakry-Bamako": np.full(DAYS, -500.0)}
    path = write(r, tmp_path)
    data = load_timeline_result(path)
    assert (data.frame["arrivals_m3"] == -500.0).sum() == 2 * DAYS
    assert "Conakry-Bamako" in build_report(embedded_network, [baseline], timeline=path)
    frame = pd.read_parquet(path)
    frame.loc[frame["arrivals_m3"] == -500.0, "arrivals_m3"] = -math.inf
    frame.to_parquet(path)
    with pytest.raises(DataFileError, match=r"column arrivals_m3 holds -inf at row \d+ \(from 0\), infinite"):
        load_timeline_result(path)


def test_short_again_after_running_dry_is_said_in_the_report_as_in_the_text(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """A city first short on the day it runs dry and short again later with stock in its tank:
    the text said "short of demand on N days" (more short days than dry ones) and the report
    nothing, as it spoke only of a city short *before* its dry day. Both now use the text's
    rule."""
    r = hand_timeline()
    kati = r.cities["Kati"]
    stock = kati["stock"].copy()
    stock[8:] = 50.0  # supplied again, then short on day 8 with 50 m³ in the tank
    kati["stock"] = stock
    kati["delivered"] = np.where(np.arange(DAYS) == 8, 5.0, np.where(np.arange(DAYS) > 8, 10.0, kati["delivered"]))
    kati["unmet"] = kati["demand"] - kati["delivered"]
    text = r.summary()
    assert "Kati: " in text and "dry from 2026-01-04 (day 3)" in text
    assert "; short of demand on 6 days from 2026-01-04" in text
    html = build_report(embedded_network, [baseline], timeline=write(r, tmp_path))
    assert "Kati runs dry on 2026-01-04. Kati is short of demand from 2026-01-04 (6 days)" in html


def test_weekly_bars_keep_a_corridor_whose_in_and_outflows_cancel() -> None:
    # A corridor with arrivals one week and a net outflow the next (3,000 m3/day for 7 days,
    # then -7,000 m3/day for 3) has bars in both weeks. Kept by its total alone (|total| >=
    # 0.5 m3), one whose weeks cancel (0 m3 here) was left out of the chart, and the weeks'
    # bars no longer summed to the text's weekly arrivals (found by review18c).
    from supplychain.reports.timeline_section import _weekly_corridors

    r = hand_timeline()
    swing = np.where(np.arange(DAYS) < 7, 3000.0, -7000.0)
    r.borders = {"Diboli": np.full(DAYS, 1000.0), "Kourémalé": swing}
    r.corridors = {"Dakar-Bamako": np.full(DAYS, 1000.0), "Conakry-Bamako": swing}
    weekly = _weekly_corridors(r.to_frame(), START)
    assert weekly["corridors"]["Conakry-Bamako"] == [21_000.0, -21_000.0]
    totals = [sum(v[w] for v in weekly["corridors"].values()) for w in range(2)]
    assert totals == pytest.approx(r.weekly()["arrivals_m3"].tolist()) == [28_000.0, -18_000.0]
