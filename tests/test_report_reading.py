"""The report as a reader meets it: words for the jargon, units spelt out, legends and axes
that do not mislead (what a look at the whole report on a laptop and a phone found, 2026-12-05).

The same checks in a browser (the phone's width, tick labels as drawn) are in
tests/test_report_browser.py.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from supplychain.models import load_model_parameters, run_scenario
from supplychain.models.results import FlowResult
from supplychain.reports import build_report
from supplychain.reports.data import as_run
from supplychain.reports.figures import comparison_figure, monte_carlo_figure, ranking_figure
from supplychain.reports.markup import HOVER_LINE_CHARS
from supplychain.reports.stress import StressData, load_stress

from .test_report import figures
from .test_report_timeline import hand_timeline, write


def _text(page: str) -> str:
    """The page's visible text, tags and scripts dropped, spaces collapsed."""
    page = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def _ranking(kind: str) -> StressData:
    table = pd.DataFrame({
        "rank": [1, 2], "id": ["RN1:Dakar-Kayes", "RN7:Bamako-Bougouni"],
        "throughput_lost_m3_per_day": [4600.0, 0.4], "throughput_lost_tankers_per_day": [100.0, 0.0],
        "throughput_lost_pct": [43.3, 0.0], "served_lost_m3_per_day": [1200.0, 0.0],
        "served_lost_tankers_per_day": [26.1, 0.0], "served_lost_pct": [25.3, 0.0],
        "single_point_of_failure": [False, False], "status": ["optimal", "optimal"],
    })  # fmt: skip
    return load_stress(StressData(kind, f"{kind}.parquet", table, {"sweep": kind}))


def _monte_carlo() -> StressData:
    t = pd.DataFrame({"draw": range(4), "throughput_m3_per_day": [9000.0, 9500.0, 10626.0, 10626.0],
                      "served_m3_per_day": [4000.0, 4690.0, 4690.0, 4690.0]})  # fmt: skip
    return load_stress(StressData("monte-carlo", "mc.parquet", t, {"sweep": "monte-carlo"}))


@pytest.fixture(scope="module")
def baseline(embedded_network: nx.MultiDiGraph) -> FlowResult:
    return run_scenario(embedded_network, load_model_parameters())


@pytest.fixture(scope="module")
def stress_page(embedded_network: nx.MultiDiGraph, baseline: FlowResult) -> str:
    return build_report(embedded_network, [baseline],
                        stress=[_ranking("n-1"), _ranking("n-k"), _monte_carlo()])  # fmt: skip


def test_jargon_is_said_in_plain_words_where_it_first_appears(stress_page: str) -> None:
    text = _text(stress_page)
    # The headline's measures, under its figures.
    assert "the throughput capacity is the most fuel the open network can carry" in text
    assert "the served demand is the most of the cities' demand it can meet" in text
    # Each sweep under its heading, before its figures.
    for said in ("N-1 closes one road segment or border post at a time",
                 "N-k closes k road segments or border posts at once",
                 "Monte Carlo draws many random attacks from the threat file",
                 "P5, P50 and P95 are the values 5 %, 50 % (the median) and 95 % of the draws "
                 "fall below"):  # fmt: skip
        assert said in text, said
    assert text.index("N-1 closes one road") < text.index("closures ranked by throughput lost")


def test_a_chained_n1_ranking_says_its_rows_are_chains(embedded_network: nx.MultiDiGraph,
                                                       baseline: FlowResult) -> None:
    """It read "3 closures grouped into 2 chains ... 2 closures ranked by throughput lost"."""
    n1 = _ranking("n-1")
    table = pd.concat([n1.table, n1.table.iloc[[1]].assign(rank=3, id="RN7:Bougouni-Sikasso")])
    table["chain_id"] = ["RN1:Dakar-Kayes", "RN7:Bamako-Bougouni..RN7:Bougouni-Sikasso",
                         "RN7:Bamako-Bougouni..RN7:Bougouni-Sikasso"]  # fmt: skip
    chained = load_stress(StressData("n-1", "n-1.parquet", table.reset_index(drop=True), {"sweep": "n-1"}))
    text = _text(build_report(embedded_network, [baseline], stress=[chained]))
    assert ("3 closures grouped into 2 chains of serial segments and border posts (segments with no "
            "junction between them fail together). The 2 are ranked by throughput lost, then served "
            "demand lost.") in text, text
    assert "closures ranked" not in text


def test_ranking_headers_name_their_measure(stress_page: str) -> None:
    """"(tankers/day)" and "(%)" stood twice each, saying not which loss they were."""
    heads = re.findall(r'<th scope="col"[^>]*>(?:<button type="button">)?([^<]*)',
                       stress_page.split('id="stress-0"')[1].split("</thead>")[0])  # fmt: skip
    heads = [h.replace("\u00ad", "") for h in heads]
    assert {"Throughput lost (m³/day)", "Throughput lost (tankers/day)", "Throughput lost (%)",
            "Served demand lost (m³/day)", "Served demand lost (tankers/day)",
            "Served demand lost (%)"} <= set(heads)  # fmt: skip
    assert not [h for h in heads if h.startswith("(")]


def test_value_axes_separate_thousands() -> None:
    """"4,600" in the table and the text, "4500" on the axis: the axes now separate thousands
    (the draws' log axis read "10k" above "1000")."""
    bars = ranking_figure(_ranking("n-1"))
    assert bars.layout.xaxis.tickformat == ",~f"
    mc = monte_carlo_figure(_monte_carlo())
    logs = [a for k, a in mc.layout.to_plotly_json().items()
            if k.startswith("yaxis") and a.get("type") == "log"]  # fmt: skip
    assert len(logs) == 2 and all(a["tickformat"] == ",~f" for a in logs)


def test_comparison_legend_names_go_in_lines_on_a_phone(baseline: FlowResult) -> None:
    """The threat's name in one line ran 60 px past a 390 px screen, its end cut."""
    name = "2025 blockade pattern, ILLUSTRATIVE threat (not a forecast)"
    fig = comparison_figure([as_run(baseline), as_run(dataclasses.replace(baseline, scenario=name))])
    narrow = [t.meta["narrow"]["name"] for t in fig.data]
    assert narrow[0] == "baseline"
    lines = narrow[1].split("<br>")
    assert len(lines) == 2 and max(len(x) for x in lines) <= HOVER_LINE_CHARS
    assert " ".join(lines) == name == fig.data[1].name  # the laptop's legend keeps one line


def test_arrival_bars_never_take_the_observed_lines_colour(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """The eighth corridor's bars were black, the observed arrivals' line's colour: on the
    West-African layer "Dakar-Bamako via Kayes" read as the observed series in the legend."""
    r = hand_timeline()
    r.corridors = {f"Corridor {i:02d}": np.full(10, 100.0 * (i + 1)) for i in range(10)}
    fig = figures(build_report(embedded_network, [baseline], timeline=write(r, tmp_path)))[
        "fig-timeline-arrivals"]
    (observed,) = [t for t in fig["data"] if (t.get("meta") or {}).get("kind") == "observed"]
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    assert len(bars) == 10
    assert observed["line"]["color"] not in {t["marker"]["color"] for t in bars}


def test_shared_corridor_names_and_litres_are_spelt_out(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path: Path
) -> None:
    """"(+2 more)" in the legend is said in words when a crossing has several corridors, and
    the observed arrivals are in "million litres", not "ML" (millilitres to a reader; the
    headline's figure: tests/test_report_timeline.py)."""
    plain = _text(build_report(embedded_network, [baseline],
                               timeline=write(hand_timeline(), tmp_path, "plain.parquet")))  # fmt: skip
    shared = _text(build_report(
        embedded_network, [baseline],
        timeline=write(hand_timeline(corridor="Dakar-Bamako / Nouakchott-Bamako"), tmp_path,
                       "shared.parquet")))  # fmt: skip
    note = "named after the first of them, \"(+2 more)\" counting the others"
    assert note not in plain and note in shared
    for header in ("Observed (million litres)", "Simulated (million litres)",
                   "Error (million litres)"):  # fmt: skip
        assert header in plain
    assert not re.search(r"\bML\b", plain)


def test_a_monte_carlo_without_a_loss_says_so(embedded_network: nx.MultiDiGraph, baseline: FlowResult) -> None:
    """Every draw of the illustrative threat on the embedded network gives the scenario's own
    figures: a table of equal percentiles, a flat chart and an empty table said nothing."""
    summary = {"sweep": "monte-carlo", "draws": 4, "base_throughput_m3_per_day": 10626.0,
               "base_served_m3_per_day": 4690.0}  # fmt: skip
    flat = pd.DataFrame({"draw": range(4), "throughput_m3_per_day": [10626.0] * 4,
                         "served_m3_per_day": [4690.0, 4689.8, 4690.0, 4690.0]})  # fmt: skip
    said = "None of the 4 draws lowers throughput (10,626 m³/day) or served demand (4,690 m³/day)"
    page = build_report(embedded_network, [baseline],
                        stress=[load_stress(StressData("monte-carlo", "mc.parquet", flat, summary))])  # fmt: skip
    assert said in _text(page)
    lower = flat.assign(served_m3_per_day=[4690.0, 4688.0, 4690.0, 4690.0])  # one draw 2 m³/day short
    page = build_report(embedded_network, [baseline],
                        stress=[load_stress(StressData("monte-carlo", "mc.parquet", lower, summary))])  # fmt: skip
    assert "None of the" not in _text(page)
