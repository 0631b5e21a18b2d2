"""The report shows `stress closure-days` and `stress timeline-mc` results with the figures
their commands print (refused as "not shown" before 2026-12-05).

Both results are made by the library on the embedded network as the commands write them
(Parquet + JSON summary): closure-days on 20 days with 3 corridors, a timeline Monte Carlo of
5 draws of 20 days with one attack risk on the RN6 between Bamako and Mopti.
"""

from __future__ import annotations

import html as htmllib
import json
import math
import re
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from supplychain.cli import main
from supplychain.cli._timeline_mc import _text as timeline_mc_text
from supplychain.cli.stress import _closure_lines
from supplychain.errors import DataFileError
from supplychain.models import load_model_parameters, run_scenario
from supplychain.models.scenario import Scenario
from supplychain.reports import build_report, write_report
from supplychain.reports.data import ScenarioRun
from supplychain.reports.markup import plot_text
from supplychain.reports.stress import StressData, load_stress
from supplychain.scenarios.timeline_mc import AttackRisk, TimelineMCContext, timeline_monte_carlo
from supplychain.scenarios.timeline_stress import closure_days, load_timeline

from .test_report import HOSTILE, figures
from .test_report_browser import _open, browser  # noqa: F401  (browser: the fixture)

DAYS = 20
START = date(2026, 1, 1)
CORRIDORS = ["Bamako-Ségou-San-Mopti", "Nouakchott-Bamako via Nioro", "Conakry-Bamako"]
DRAWS = 5


@pytest.fixture(scope="module")
def results(embedded_network: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The two results written as the commands write them, and the tables they return."""
    folder = tmp_path_factory.mktemp("closure-mc")
    g, params = embedded_network, load_model_parameters()
    tl = load_timeline(None, g, start=START, days=DAYS)
    cd = folder / "cd.parquet"
    table = closure_days(g, params, tl, corridors=CORRIDORS, out=cd)
    segs = frozenset(d["segment_id"] for *_, d in g.edges(data=True)
                     if "Bamako-Ségou-San-Mopti" in (d.get("corridors") or []))  # fmt: skip
    ctx = TimelineMCContext.create(g, params, tl, [AttackRisk("RN6 Bamako-Mopti", 0.3, segs, 0, DAYS - 1)],
                                   seed=3, tankers_per_attack=300)  # fmt: skip
    mc = folder / "mc.parquet"
    result = timeline_monte_carlo(ctx, draws=DRAWS, out=mc, progress=False)
    return {"folder": folder, "cd": cd, "mc": mc, "cd_table": table, "mc_result": result}


@pytest.fixture(scope="module")
def baseline(embedded_network: nx.MultiDiGraph) -> list[ScenarioRun]:
    return [ScenarioRun(run_scenario(embedded_network, load_model_parameters()), Scenario.baseline())]


@pytest.fixture(scope="module")
def page(embedded_network: nx.MultiDiGraph, baseline: list[ScenarioRun], results: dict[str, Any]) -> str:
    return build_report(embedded_network, baseline, stress=[results["cd"], results["mc"]])


def _rows(page: str, table_id: str) -> list[list[str]]:
    """The cells' texts of a table's body rows."""
    body = re.search(rf'<table class="[^"]*" id="{table_id}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert body, table_id
    return [[htmllib.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)]  # fmt: skip


def _block(page: str, kind: str) -> str:
    start = page.index(f'data-kind="{kind}"')
    return page[start : page.find('<div class="stress-block"', start) % (len(page) + 1)]


# --- closure-days ------------------------------------------------------------------------------


def test_closure_days_rows_give_the_text_outputs_figures(page: str, results: dict[str, Any]) -> None:
    table = results["cd_table"]
    assert table["days_to_dry"].notna().any() and table["days_to_dry"].isna().any()  # both kinds
    rows = {r[0]: r for r in _rows(page, "table-stress-0")}
    lines = _closure_lines(table, DAYS)
    assert len(lines) == len(rows) == len(CORRIDORS) + 1
    for line in lines:
        m = re.match(r"  (.+?): (?:first city dry on day (\d+) \(([\d-]+)\): (.+)|no city dry within "
                     r"(\d+) days); unmet ([\d,]+) m3 \(([\d.]+) %\)$", line)  # fmt: skip
        assert m, line
        corridor, day, when, city, never, unmet, pct = m.groups()
        row = rows["(none: no corridor closed)" if corridor == "(none)" else corridor]
        # corridor, segments, day, date, city, unmet m3, unmet %, status, method
        if day is not None:
            assert row[2:5] == [day, when, city]
        else:
            assert row[2] == f"never within {never} days" and row[3:5] == ["", ""]
        assert row[5:7] == [unmet, pct]


def test_closure_days_chart_is_shortest_first_with_the_horizon(page: str, results: dict[str, Any]) -> None:
    fig = figures(page)["fig-stress-0"]
    order = fig["layout"]["meta"]["order"]
    days = results["cd_table"].set_index("corridor")["days_to_dry"]
    shown = [days[c] if not math.isnan(days[c]) else math.inf for c in order]
    assert shown == sorted(shown) and set(order) == set(days.index)
    assert [s["x0"] for s in fig["layout"]["shapes"] if s.get("name") == "horizon"] == [DAYS]
    assert any(a["text"] == f"horizon: {DAYS} days" for a in fig["layout"]["annotations"])
    # One bar per row: its day in the "closed" or "none" trace, or the horizon in "never".
    bars = {t["meta"]["rows"]: t["x"] for t in fig["data"]}
    for i, c in enumerate(order):
        drawn = {k: x[i] for k, x in bars.items() if x[i] is not None}
        want = ({"never": float(DAYS)} if math.isnan(days[c]) else
                {"none" if c == "(none)" else "closed": days[c]})  # fmt: skip
        assert drawn == want, c
    never = next(t for t in fig["data"] if t["meta"]["rows"] == "never")
    hovers = [c[0] for c in never["customdata"]]
    assert f"no city dry within {DAYS} days" in hovers


def test_closure_days_caption_and_sorting(page: str) -> None:
    block = _block(page, "closure-days")
    assert f"Horizon {DAYS} days from {START} on scenario “baseline”" in block
    assert '<table class="data sortable" id="table-stress-0">' in block
    # What the % is of (stress37): the column said "Unmet (%)".
    assert "Unmet (% of the demand over the horizon)" in block
    # "never" sorts after every day: its data-sort lies past the horizon.
    body = block[block.index("<tbody>") : block.index("</tbody>")]
    days = [re.findall(r'<td[^>]*?(?: data-sort="([^"]*)")?>', row)[2] for row in body.split("<tr")[1:]]
    assert days[-1] == repr(DAYS + 0.5) and max(float(d) for d in days) == DAYS + 0.5


def test_closure_days_below_none_and_no_plan_are_said(baseline: list[ScenarioRun],
                                                      embedded_network: nx.MultiDiGraph) -> None:  # fmt: skip
    t = pd.DataFrame({"corridor": ["(none)", "A", "B"], "segments": [0, 3, 4],
                      "days_to_dry": [5.0, None, None], "first_dry_date": ["2026-01-06", None, None],
                      "first_dry_city": ["Kayes", "", ""], "unmet_m3": [900.0, 100.0, math.nan],
                      "unmet_pct": [9.0, 1.0, math.nan], "status": ["optimal", "optimal", "time_limit"]})
    page = build_report(embedded_network, baseline, stress=[
        StressData("closure-days", "", t, {"kind": "closure-days", "days": 10, "start": "2026-01-01"})])
    block = _block(page, "closure-days")
    assert "A leaves less demand unmet than no closure" in block
    assert "1 closure without a plan" in block
    rows = {r[0]: r for r in _rows(page, "table-stress-0")}
    assert rows["B"][2] == "no plan (status time_limit): unknown" and rows["B"][5] == "-"
    assert [r[0] for r in _rows(page, "table-stress-0")] == ["(none: no corridor closed)", "A", "B"]


def test_closure_days_table_puts_no_closure_first_as_the_text(baseline: list[ScenarioRun],
                                                              embedded_network: nx.MultiDiGraph) -> None:  # fmt: skip
    """The unclosed timeline, never dry here, heads the table as it heads the text, not by its
    day among the closures never dry (it sat between B and C: walkthrough, 2026-12-07); the
    chart still places it by its day."""
    t = pd.DataFrame({"corridor": ["(none)", "A", "B", "C"], "segments": [0, 3, 4, 2],
                      "days_to_dry": [None, 4.0, None, None], "first_dry_date": [None, "2026-01-05", None, None],
                      "first_dry_city": ["", "Kayes", "", ""], "unmet_m3": [0.0, 500.0, 30.0, 0.0],
                      "unmet_pct": [0.0, 5.0, 0.3, 0.0], "status": ["optimal"] * 4})  # fmt: skip
    page = build_report(embedded_network, baseline, stress=[
        StressData("closure-days", "", t, {"kind": "closure-days", "days": 10, "start": "2026-01-01"})])
    text = [line.split(":")[0].strip() for line in _closure_lines(t, 10)]
    shown = [r[0].replace("(none: no corridor closed)", "(none)") for r in _rows(page, "table-stress-0")]
    assert shown == text == ["(none)", "A", "B", "C"]
    assert figures(page)["fig-stress-0"]["layout"]["meta"]["order"] == ["A", "B", "(none)", "C"]
    assert "the unclosed timeline first, then the closures, the shortest first" in _block(page, "closure-days")


# --- timeline-mc -------------------------------------------------------------------------------


def test_timeline_mc_gives_the_text_outputs_figures(page: str, results: dict[str, Any]) -> None:
    summary = json.loads(results["mc"].with_suffix(".json").read_text(encoding="utf-8"))
    text = timeline_mc_text(summary)
    unmet = re.search(r"unmet m3: mean ([\d,]+)  P5 ([\d,]+)  P50 ([\d,]+)  P95 ([\d,]+)", text).groups()
    tankers = re.search(r"tankers lost: mean ([\d,]+)  P5 ([\d,]+)  P50 ([\d,]+)  P95 ([\d,]+)", text).groups()
    dist = {r[0]: [c.split(" (")[0] for c in r[1:]] for r in _rows(page, "table-stress-1")}
    assert tuple(dist["Unmet demand over the horizon (m³)"]) == unmet
    assert tuple(dist["Tankers lost"]) == tankers  # the text had no P50 (the report had)
    cities = _rows(page, "table-stress-1-cities")
    printed = re.findall(r"    (.+?): (\d+) %; (?:first dry day P5 ([\d.]+)  P50 ([\d.]+)  P95 ([\d.]+)|never dry) "
                         r"\(base run: (never|day \d+)\)", text)  # fmt: skip
    assert len(printed) == len(cities) == len(summary["cities"])
    assert any(p[1] != "0" for p in printed)  # some city runs dry in some draw
    for p, row in zip(printed, cities, strict=True):  # the same order: most likely dry first
        name, pct, p5, p50, p95, base = p
        assert row[0] == name and row[1] == pct and row[5] == base
        assert row[2:5] == ([p5, p50, p95] if p5 else ["never dry"] * 3)
    # Going short (demand unmet, stock or not), since 2026-12-06: the text's figures too.
    short = re.findall(r"    (.+?): .*; short of demand in (\d+) %, P50 ([\d.]+) days \(base run: (\d+)\)", text)
    assert [s[0] for s in short] == [row[0] for row in cities]
    for (_, pct, p50, base), row in zip(short, cities, strict=True):
        assert row[6:9] == [pct, p50, base]
        assert int(pct) >= int(row[1])  # a dry day is a short day
    assert "<h4>Chance of running dry or going short, per city</h4>" in _block(page, "timeline-mc")
    # Unlike the first dry day's, over every draw with a plan (review24: a city short in 40 % of
    # the draws has a P50 of 0 short days, which the caption did not say).
    assert "The P50 of short days is over every draw with a plan, those without a short day counting 0" in page


def test_timeline_mc_histogram_and_facts(page: str, results: dict[str, Any]) -> None:
    s = results["mc_result"].summary
    fig = figures(page)["fig-stress-1"]
    bars = [t for t in fig["data"] if t["meta"]["kind"] == "tmc-histogram"]
    assert len(bars) == 1 and sum(bars[0]["y"]) == DRAWS
    marks = {sh["name"]: sh["x0"] for sh in fig["layout"]["shapes"]}
    for q in marks:
        assert marks[q] == pytest.approx(s["unmet_m3"][q])
    block = _block(page, "timeline-mc")
    assert f"{DRAWS} draws of {DAYS} days from {START}, seed 3" in htmllib.unescape(block)
    # 5 draws cannot bound P5 and P95: the page says so.
    assert f"Only {DRAWS} draws: too few to bound the P5 and P95 with 95 % confidence (it takes 72)" in block


def test_timeline_mc_enough_draws_has_no_warning(embedded_network: nx.MultiDiGraph,
                                                 baseline: list[ScenarioRun]) -> None:  # fmt: skip
    n = 80
    t = pd.DataFrame({"draw": range(n), "city": ["Kayes"] * n, "status": ["optimal"] * n,
                      "unmet_m3": [float(i % 7) for i in range(n)],
                      "first_dry_day": [float(i % 5) if i % 2 else math.nan for i in range(n)],
                      "tankers_lost": [40.0] * n})
    page = build_report(embedded_network, baseline, stress=[StressData("timeline-mc", "", t, {"seed": 1})])
    block = _block(page, "timeline-mc")
    assert "too few to bound" not in block and "80 draws, seed 1" in block
    row = _rows(page, "table-stress-0-cities")[0]
    # No summary: the table's figures; the base run is not in the table.
    assert row[:2] == ["Kayes", "50"] and row[5] == "unknown (no JSON summary)"
    assert len(row) == 6  # a table written before 2026-12-06: no short_days, no short columns
    assert "<h4>Chance of running dry, per city</h4>" in block


def test_timeline_mc_without_summary_leaves_the_base_run_unknown(results: dict[str, Any], tmp_path: Path,
                                                                embedded_network: nx.MultiDiGraph,
                                                                baseline: list[ScenarioRun]) -> None:  # fmt: skip
    """A table without its summary has no base run: its column said "never" for every city,
    against the text's "base run: day N" for a city dry without any drawn attack."""
    summary = results["mc_result"].summary
    table = pd.read_parquet(results["mc"])
    table.loc[table["city"] == "Kayes", "first_dry_day"] = 2.0  # dry in every draw
    bare = _write(tmp_path, "bare", table, None)
    page = build_report(embedded_network, baseline, stress=[load_stress(bare)])
    rows = _rows(page, "table-stress-0-cities")
    assert rows[0][:2] == ["Kayes", "100"]
    assert {r[5] for r in rows} == {"unknown (no JSON summary)"}
    assert {r[8] for r in rows} == {"unknown"}  # the base run's short days too ("-" before; review24)
    # With its summary, each city's base run as the summary (and the text) gives it.
    known = build_report(embedded_network, baseline, stress=[results["mc"]])
    for row in _rows(known, "table-stress-0-cities"):
        b = summary["cities"][row[0]]["base_first_dry_day"]
        assert row[5] == ("never" if b is None else f"day {b}")
        assert row[8] == str(summary["cities"][row[0]]["base_short_days"])


# --- both: page, navigation, headline, escaping, errors -------------------------------------------


def test_section_in_the_navigation_and_headline_untouched(page: str, embedded_network: nx.MultiDiGraph,
                                                          baseline: list[ScenarioRun]) -> None:  # fmt: skip
    assert '<a href="#stress">' in page and '<section id="stress">' in page
    plain = build_report(embedded_network, baseline)

    def head(p: str) -> str:
        return p[p.index('<section id="headline">') : p.index('<section id="map">')]

    assert head(page) == head(plain)
    assert "cdn" not in page.replace(__import__("plotly.offline").offline.get_plotlyjs(), "").lower()


def test_hostile_corridor_and_city_names_are_escaped(embedded_network: nx.MultiDiGraph,
                                                     baseline: list[ScenarioRun]) -> None:  # fmt: skip
    bad_corridor, bad_city = HOSTILE["corridor"], HOSTILE["city"]
    cd = pd.DataFrame({"corridor": ["(none)", bad_corridor], "days_to_dry": [None, 3.0],
                       "first_dry_date": [None, "2026-01-04"], "first_dry_city": ["", bad_city],
                       "unmet_m3": [0.0, 5.0], "unmet_pct": [0.0, 1.0], "status": ["optimal", "optimal"]})
    mc = pd.DataFrame({"draw": [0, 1], "city": [HOSTILE["border"]] * 2, "status": ["optimal"] * 2,
                       "unmet_m3": [3.0, 0.0], "first_dry_day": [2.0, math.nan], "tankers_lost": [40.0, 0.0]})
    page = build_report(embedded_network, baseline, stress=[
        StressData("closure-days", "", cd, {"kind": "closure-days", "days": 5, "timeline": HOSTILE["scenario"]}),
        StressData("timeline-mc", "", mc, {"sweep": "timeline-mc", "scenario": HOSTILE["scenario"]}),
    ])  # fmt: skip
    outside = re.sub(r"<script>.*?</script>", "<script></script>", page, flags=re.S)
    for bad in ("<script>alert", "<img", "onerror=alert(2)>"):
        assert bad not in outside, bad
    assert htmllib.escape(bad_corridor) in outside and htmllib.escape(bad_city) in outside
    assert htmllib.escape(HOSTILE["border"]) in outside and htmllib.escape(HOSTILE["scenario"]) in outside
    bars = figures(page)["fig-stress-0"]["data"][0]
    assert plot_text(bad_corridor) in bars["y"]
    assert all(plot_text(bad_city) in c[0] for c in bars["customdata"] if "dry on day" in c[0])


def _write(folder: Path, name: str, table: pd.DataFrame, summary: dict[str, Any] | None) -> Path:
    path = folder / f"{name}.parquet"
    table.to_parquet(path)
    if summary is not None:
        path.with_suffix(".json").write_text(json.dumps(summary), encoding="utf-8")
    return path


def test_damaged_tables_and_summaries_are_one_error(results: dict[str, Any], tmp_path: Path) -> None:
    cd = pd.read_parquet(results["cd"])
    mc = pd.read_parquet(results["mc"])
    cd_summary = json.loads(results["cd"].with_suffix(".json").read_text(encoding="utf-8"))
    mc_summary = json.loads(results["mc"].with_suffix(".json").read_text(encoding="utf-8"))
    cases = [
        ("cd", cd.drop(columns=["first_dry_city"]), cd_summary, r"'.*cd\.parquet' \(closure-days\) lacks "
         r"the column\(s\) first_dry_city"),
        ("mc", mc.drop(columns=["first_dry_day"]), mc_summary, r"'.*mc\.parquet' \(timeline-mc\) lacks "
         r"the column\(s\) first_dry_day"),
        ("cd", cd, {**cd_summary, "days": "20"}, r"summary '.*cd\.json' beside stress result '.*cd\.parquet' "
         r"is not as 'supplychain stress closure-days' writes it: 'days' = '20' is not a number"),
        ("mc", mc, {**mc_summary, "cities": {"Kayes": {"p_dry": [1]}}},
         r"'cities\.Kayes\.p_dry' = \[1\] is not a number; write both again with 'supplychain stress "
         r"timeline-mc \.\.\. --out"),
        ("mc", mc, {**mc_summary, "draws": 7}, r"gives 7 draws but '.*mc\.parquet' has 5: they are of "
         r"different runs"),
        # A summary of the same draws over another horizon (fuzz23: it was accepted, the
        # table's draws labelled with the other run's horizon and percentiles).
        ("mc", mc, {**mc_summary, "demand_m3": mc_summary["demand_m3"] * 1.5}, r"summary '.*mc\.json' gives a "
         r"demand of [\d,]+ m3 over the horizon but draw 0 of '.*mc\.parquet' has [\d,]+ m3 delivered and "
         r"unmet: they are of different runs \(another horizon or network\)"),
        # Found by fuzzing the summaries and tables: "unexpected IndexError / ValueError".
        ("mc", mc, {**mc_summary, "tankers_lost": {**mc_summary["tankers_lost"], "p50_ci95": [None]}},
         r"'tankers_lost\.p50_ci95' = \[None\] is not a pair of numbers"),
        ("mc", mc.assign(unmet_m3="a"), mc_summary, r"'.*mc\.parquet' \(timeline-mc\) column unmet_m3 holds "
         r"'a', not a number"),
        ("cd", cd.assign(days_to_dry="x"), cd_summary, r"\(closure-days\) column days_to_dry holds 'x'"),
        # Its optional dry_days column too ("unexpected ValueError" before; review18c).
        ("mc", mc.assign(dry_days="x"), mc_summary, r"\(timeline-mc\) column dry_days holds 'x', not a number"),
        # Its short days (2026-12-06) as well, in the table and in the summary.
        ("mc", mc.assign(short_days="x"), mc_summary, r"\(timeline-mc\) column short_days holds 'x', not a number"),
        ("mc", mc, {**mc_summary, "cities": {"Kayes": {**mc_summary["cities"]["Kayes"], "p_short": "all"}}},
         r"'cities\.Kayes\.p_short' = 'all' is not a number"),
        ("mc", mc, {**mc_summary, "cities": {"Kayes": {**mc_summary["cities"]["Kayes"], "short_days": {"p5": 1}}}},
         r"'cities\.Kayes\.short_days\.p50' is missing"),
        # fuzz24: a planned draw's row without its delivered m3 (or with a text there) was summed
        # as 0 and called a summary of another horizon; a hand-edited demand of 1e300 was
        # written out in 301 digits.
        ("mc", mc.assign(delivered_m3=mc["delivered_m3"].where(mc.index != 3)), mc_summary,
         rf"'.*mc\.parquet' has no delivered_m3 for '{mc['city'][3]}' in draw {mc['draw'][3]}, whose status "
         r"'optimal' says it has a plan: the table was edited or damaged"),
        ("mc", mc.assign(delivered_m3="x"), mc_summary, r"\(timeline-mc\) column delivered_m3 holds 'x'"),
        ("mc", mc, {**mc_summary, "demand_m3": 1e300}, r"gives a demand of 1e\+300 m3 over the horizon but"),
        # fuzz24: a summary of the same draws and horizon but another seed (or threat,
        # --tankers-per-attack, --drop-recorded-attacks) was shown beside the table's histogram.
        ("mc", mc, {**mc_summary, "unmet_m3": {**mc_summary["unmet_m3"], "mean": mc_summary["unmet_m3"]["mean"] + 5}},
         r"gives a mean unmet demand of [\d,]+ m3 a draw but the draws of '.*mc\.parquet' average [\d,]+ m3: they "
         r"are of different runs \(another seed, threat, --tankers-per-attack or --drop-recorded-attacks\)"),
        ("mc", mc, {**mc_summary, "tankers_lost": {**mc_summary["tankers_lost"], "mean": 1.0}},
         r"gives a mean of 1 tankers lost a draw but the draws of '.*mc\.parquet' average [\d,]+ tankers lost"),
        ("mc", mc, {**mc_summary, "failed_draws": 2}, r"gives 2 draws without a plan but '.*mc\.parquet' has 0: "
         r"they are of different runs"),
    ]  # fmt: skip
    for name, table, summary, message in cases:
        path = _write(tmp_path, name, table, summary)
        with pytest.raises(DataFileError, match=message):
            load_stress(path)


def test_number_columns_written_as_text_are_read_as_numbers(results: dict[str, Any], tmp_path: Path) -> None:
    # fuzz24: unmet_m3 as text ("40.0") passed the column check, then each draw's cities were
    # summed as texts joined end to end: "unexpected ValueError: could not convert string".
    mc = pd.read_parquet(results["mc"])
    summary = json.loads(results["mc"].with_suffix(".json").read_text(encoding="utf-8"))
    text = mc.astype({c: str for c in ("draw", "unmet_m3", "delivered_m3", "tankers_lost")})
    data = load_stress(_write(tmp_path, "text", text, summary))
    assert data.table["unmet_m3"].tolist() == mc["unmet_m3"].tolist()
    assert data.table["draw"].tolist() == mc["draw"].tolist()


def test_command_shows_both_and_checks_the_network(results: dict[str, Any], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(results["folder"])
    out = tmp_path / "r.html"
    run = CliRunner().invoke(main, ["-q", "report", "--stress", "cd.parquet", "--stress", "mc.parquet",
                                    "--out", str(out)])  # fmt: skip
    assert run.exit_code == 0, run.output
    page = out.read_text(encoding="utf-8")
    assert 'data-kind="closure-days"' in page and 'data-kind="timeline-mc"' in page
    # A corridor the network does not have: the table is of another network.
    other = pd.read_parquet(results["cd"]).replace({"corridor": {"Conakry-Bamako": "Lomé-Ouagadougou"}})
    _write(tmp_path, "other", other, None)
    run = CliRunner().invoke(main, ["report", "--stress", str(tmp_path / "other.parquet"), "--out",
                                    str(tmp_path / "o.html")])  # fmt: skip
    assert run.exit_code == 1
    assert "names 1 corridor(s) that network 'embedded' does not have (e.g. 'Lomé-Ouagadougou')" in run.output


# --- in a browser (cheap: one report, two widths) --------------------------------------------------


def test_in_a_browser_drawn_offline_and_sortable(page: str, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    path = write_report(tmp_path / "r.html", page)
    for width in (1366, 390):  # a laptop and a phone
        o = _open(browser, path, width=width)
        try:
            assert o.requests == [o.url] and o.console_errors == [] and o.page_errors == []
            assert o.page.evaluate("document.documentElement.scrollWidth") <= width + 1
            drawn = o.page.evaluate("['fig-stress-0', 'fig-stress-1'].map(i => "
                                    "document.getElementById(i).dataset.rendered)")
            assert drawn == ["true", "true"]
            if width == 1366:  # the day column sorts, "never" after every day
                o.page.locator("#table-stress-0 thead th").nth(2).locator("button").click()
                sorts = o.page.evaluate("Array.from(document.querySelectorAll('#table-stress-0 tbody tr'))"
                                        ".map(r => parseFloat(r.cells[2].dataset.sort))")
                assert sorts == sorted(sorts, reverse=True) and sorts[0] == DAYS + 0.5
        finally:
            o.page.context.close()


def test_timeline_mc_warm_draws_are_said_warm_with_or_without_the_summary() -> None:
    """The text says "(seed 2, warm, ...)" of a perfect-foresight --warm run; the report said
    nothing of it, with its summary or without (README: a table without its summary is said
    myopic or warm from its method column) (cons34)."""
    from supplychain.reports import StressData, load_stress
    from supplychain.reports.stress_section import stress_data

    table = pd.DataFrame({"draw": [0, 0, 1, 1], "status": ["optimal"] * 4, "attacks": [1, 1, 0, 0],
                          "attack_days": ["r@3"] * 2 + [""] * 2, "method": ["warm"] * 4,
                          "tankers_lost": [40.0, 40.0, 0.0, 0.0], "cargo_lost_m3": [1840.0, 1840.0, 0.0, 0.0],
                          "city": ["Bamako", "Kayes"] * 2, "delivered_m3": [90.0, 10.0, 95.0, 10.0],
                          "unmet_m3": [10.0, 0.0, 5.0, 0.0], "first_dry_day": [float("nan")] * 4,
                          "dry_days": [0] * 4, "first_short_day": [float("nan")] * 4, "short_days": [0] * 4})  # fmt: skip
    for summary in ({"sweep": "timeline-mc", "draws": 2, "warm": True, "foresight": "perfect",
                     "methods": {"warm": 2}}, {}):  # fmt: skip
        block = stress_data([load_stress(StressData("timeline-mc", "mc.parquet", table, summary))])["blocks"][0]
        assert "re-solved warm (--warm)" in block["facts"], summary
    cold = table.assign(method="cold")
    block = stress_data([load_stress(StressData("timeline-mc", "mc.parquet", cold, {}))])["blocks"][0]
    assert "warm" not in block["facts"]
