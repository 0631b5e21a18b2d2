"""HTML report: sections, figure data read back from the page, escaping, size, atomic write."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html as htmllib
import json
import math
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest

from supplychain.errors import DataFileError
from supplychain.models import (
    Effect,
    Scenario,
    build_model,
    load_model_parameters,
    load_scenario,
    run_scenario,
    solve,
)
from supplychain.networks import build_network
from supplychain.reports import (
    MAX_BYTES,
    ScenarioRun,
    StressData,
    build_report,
    edge_flows,
    file_record,
    load_stress,
    write_report,
)
from supplychain.reports.builder import _topojson
from supplychain.reports.data import segment_geometry, segment_views
from supplychain.reports.figures import MIN_WIDTH, map_figure
from supplychain.reports.figures.stress import monte_carlo_figure
from supplychain.reports.markup import json_for_script, plot_text
from supplychain.scenarios import load_threat
from supplychain.scenarios.sweeps import (
    SweepContext,
    monte_carlo,
    n_minus_1,
    n_minus_k,
    worst_case_sweep,
)

from .conftest import REPO

THREAT = REPO / "models" / "threat-blockade-2025.toml"
BLOCKADE = REPO / "models" / "scenario-blockade-2025.toml"

#: Hostile strings put into names, refs, ids and labels.
HOSTILE = {
    "city": "<script>alert(1)</script>",
    "border": '"><img src=x onerror=alert(2)>',
    "port": "<b onmouseover=alert(3)>Dakar</b>",
    "segment": "</script><script>alert(4)</script>",
    "ref": "<svg onload=alert(5)>",
    "road": "<!--<script>alert(6)</script>",
    "source": "<iframe src=javascript:alert(7)>",
    "scenario": "<script>alert(8)</script>&amp;",
    "corridor": "<img src=x onerror=alert(9)>",
}


# --- shared builders (also used by tests/test_report_browser.py) -----------------------------


def make_stress(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    """Real sweeps written as ``supplychain stress`` writes them: N-1 and Monte Carlo on the
    threat scenario, worst case on the undisturbed network, N-2 with only the RN6 into Bamako
    open (the skeleton has no single point of failure undisturbed, nor with one or two entries
    to Bamako closed since the roads of the redundancy comparison; with one entry left, pairs
    of closures are, so the report must mark them)."""
    params = load_model_parameters()
    threat = load_threat(THREAT).resolve(graph)
    ctx = SweepContext.create(
        graph, params, threat.scenario, attack_probability=threat.attack_probability, seed=7
    )
    base = SweepContext.create(graph, params)
    paths = [out / "n-1.parquet", out / "worst.parquet", out / "mc.parquet", out / "n-2.parquet"]
    n_minus_1(ctx, progress=False, out=paths[0])
    worst_case_sweep(base, k=2, out=paths[1])
    monte_carlo(ctx, draws=400, chunk_size=100, progress=False, out=paths[2])
    entries = ("RN3:Kati-Bamako", "RN5:Siby-Bamako", "RN7:Bamako-Ouéléssébougou")
    # At 10 driving hours a day, as written (models/model.toml's until 2026-12-07): at 4.3 h the
    # fleet binds here: 20 closures lose throughput (the detours take more tanker-days) and rank
    # before the RN6 and RN12 ones on Bamako's last way in (21st and later, losing none), so the
    # pairs of the top 5 leave Bamako its demand and none is a single point of failure.
    at_10_h = dataclasses.replace(params, fleet=dataclasses.replace(params.fleet, driving_hours_per_day=10.0))
    west_closed = SweepContext.create(
        graph, at_10_h, Scenario("only the RN6 open", segments={s: Effect(closed=True) for s in entries})
    )
    n_minus_k(west_closed, k=2, top=5, progress=False, out=paths[3])
    return paths


def make_runs(graph: nx.MultiDiGraph) -> list[ScenarioRun]:
    """Baseline and the illustrative threat scenario, as the CLI would pass them."""
    params = load_model_parameters()
    threat = load_threat(THREAT).resolve(graph)
    return [
        ScenarioRun(run_scenario(graph, params), Scenario.baseline()),
        ScenarioRun(
            run_scenario(graph, params, threat.scenario),
            threat.scenario,
            threat.attack_probability,
            threat.node_attack_probability,
        ),
    ]


def make_report(graph: nx.MultiDiGraph, runs: list[ScenarioRun], stress: list[Path]) -> str:
    return build_report(
        graph,
        runs,
        stress=stress,
        provenance={
            "files": [
                file_record(REPO / "models" / "model.toml", role="parameters"),
                file_record(THREAT, role="scenario"),
            ],
            "command": "supplychain report --scenario models/threat-blockade-2025.toml",
        },
    )


def hostile_network() -> tuple[nx.MultiDiGraph, str]:
    """The embedded network with hostile place names, segment id, road ref and name."""
    g = build_network("embedded").copy()
    g.graph["source"] = HOSTILE["source"]
    renames = {
        "Kayes": HOSTILE["city"],
        "Kidira-Diboli border": HOSTILE["border"],
        "Dakar": HOSTILE["port"],
    }
    for _, d in g.nodes(data=True):
        if d.get("name") in renames:
            d["name"] = renames[d["name"]]
    for _, _, d in g.edges(data=True):
        if d["segment_id"] == "N1:Dakar-Rufisque":  # carries Dakar's fuel
            d["segment_id"] = HOSTILE["segment"]
            d["ref"] = HOSTILE["ref"]
            d["name"] = HOSTILE["road"]
            d["corridors"] = [HOSTILE["corridor"], *d["corridors"]]
    return g, HOSTILE["segment"]


def hostile_report() -> str:
    g, seg = hostile_network()
    params = load_model_parameters()
    scenario = Scenario(
        HOSTILE["scenario"], segments={seg: Effect(capacity_factor=0.5, loss_probability=0.01)}
    )
    runs = [
        ScenarioRun(run_scenario(g, params), Scenario.baseline()),
        ScenarioRun(run_scenario(g, params, scenario), scenario, {seg: 0.2}),
    ]
    n1 = pd.DataFrame(
        {
            "rank": [1, 2],
            "kind": ["segment", "border"],
            "id": [seg, HOSTILE["border"]],
            "throughput_lost_m3_per_day": [4600.0, 10.0],
            "throughput_lost_tankers_per_day": [100.0, 0.2],
            "throughput_lost_pct": [43.0, 0.1],
            "served_lost_m3_per_day": [0.0, 0.0],
            "served_lost_tankers_per_day": [0.0, 0.0],
            "served_lost_pct": [0.0, 0.0],
            "single_point_of_failure": [True, False],
            "status": ["optimal", HOSTILE["road"]],
        }
    )
    mc = pd.DataFrame(
        {
            "draw": [0, 1, 2],
            "closed": [seg, "", seg],
            "n_closed": [1, 0, 1],
            "throughput_m3_per_day": [6000.0, 10626.0, 6000.0],
            "served_m3_per_day": [5000.0, 5500.0, 5000.0],
        }
    )
    mc_summary = {
        "sweep": "monte-carlo",
        "scenario": HOSTILE["scenario"],
        "seed": 1,
        "draws": 3,
        "worst_5pct_share": [
            {"segment_id": seg, "share_of_worst_draws": 1.0, "attack_probability": 0.2, "lift": 5.0}
        ],
    }
    stress = [
        StressData(
            "n-1", "", n1, {"sweep": "n-1", "scenario": HOSTILE["scenario"]}, HOSTILE["city"]
        ),
        StressData("monte-carlo", "", mc, mc_summary, ""),
    ]
    return build_report(
        g,
        runs,
        stress=stress,
        title=HOSTILE["scenario"],
        provenance={"command": HOSTILE["city"], HOSTILE["ref"]: HOSTILE["road"]},
    )


def figures(page: str) -> dict[str, dict[str, Any]]:
    """Every embedded figure, parsed back from its JSON script block."""
    found = re.findall(
        r'<script type="application/json" id="(fig-[^"]+)-json">(.*?)</script>', page, re.S
    )
    return {fid: json.loads(text) for fid, text in found}


def traces(fig: dict[str, Any], kind: str, run: int | None = None) -> list[dict[str, Any]]:
    return [
        t
        for t in fig["data"]
        if (t.get("meta") or {}).get("kind") == kind
        and (run is None or t["meta"].get("run") == run)
    ]


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stress_files(
    embedded_network: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory
) -> list[Path]:
    return make_stress(embedded_network, tmp_path_factory.mktemp("stress"))


@pytest.fixture(scope="module")
def runs(embedded_network: nx.MultiDiGraph) -> list[ScenarioRun]:
    return make_runs(embedded_network)


@pytest.fixture(scope="module")
def report(
    embedded_network: nx.MultiDiGraph, runs: list[ScenarioRun], stress_files: list[Path]
) -> str:
    return make_report(embedded_network, runs, stress_files)


@pytest.fixture(scope="module")
def figs(report: str) -> dict[str, dict[str, Any]]:
    return figures(report)


@pytest.fixture(scope="module")
def hostile() -> str:
    return hostile_report()


# --- structure -------------------------------------------------------------------------------


def test_every_section_present_in_order(report: str) -> None:
    positions = [
        report.index(f'<section id="{s}">')
        for s in ("headline", "map", "routes", "stress", "comparison", "provenance")
    ]
    assert positions == sorted(positions)
    for s in ("headline", "map", "routes", "stress", "comparison", "provenance"):
        assert f'<a href="#{s}">' in report
    assert report.startswith("<!DOCTYPE html>") and report.rstrip().endswith("</html>")


def test_the_header_date_is_one_piece(report: str) -> None:
    """On a phone "generated 2026-12-05T11:24:46+00:00" broke after "2026-12-"."""
    header = report[report.index('<header class="top">') : report.index("</header>")]
    assert re.search(r' · <span class="nowrap">generated \d{4}-\d\d-\d\dT[^<]+</span></p>$', header)
    assert ".nowrap { white-space: nowrap; }" in report


def test_stress_on_another_scenario_is_flagged(
    embedded_network: nx.MultiDiGraph, runs: list[ScenarioRun], stress_files: list[Path],
    report: str, caplog: pytest.LogCaptureFixture,
) -> None:
    # The N-1 and Monte Carlo sweeps ran on the threat scenario: shown with the baseline only,
    # they are flagged (page and log); with the threat scenario in the report they are not,
    # and only the N-2 (run with only the RN6 into Bamako open) is.
    note = "Run on another scenario than this report"
    assert report.count(note) == 1
    n2 = report.index('data-kind="n-k"')
    assert report.index(note, n2) < report.index("</div>", n2)
    with caplog.at_level("WARNING", logger="supplychain.reports.stress_section"):
        page = build_report(embedded_network, runs[:1], stress=stress_files[:1])
    assert page.count(note) == 1 and "(“baseline”)" in page
    assert "was run on scenario '2025 blockade pattern, ILLUSTRATIVE threat" in caplog.text


def test_stress_section_only_when_given(
    embedded_network: nx.MultiDiGraph, runs: list[ScenarioRun]
) -> None:
    page = build_report(embedded_network, runs[:1])
    assert '<section id="stress">' not in page and '<section id="comparison">' in page


def test_headline_numbers_and_sentence(report: str, runs: list[ScenarioRun]) -> None:
    r = runs[-1].result
    head = report[report.index('<section id="headline">') : report.index('<section id="map">')]
    assert f"{r.delivered_m3_per_day:,.0f} m³/day" in head
    assert f"{r.unmet_m3_per_day:,.0f} m³/day" in head
    assert f"{r.served.lost_pct:.1f} %" in head and f"{r.throughput.lost_pct:.1f} %" in head
    lede = re.search(r'<p class="lede">(.*?)</p>', head).group(1)
    assert "Nioro du Sahel" in lede and "cut off" in lede and lede.endswith(".")
    for city in r.by_city["city"]:
        assert f"<td>{htmllib.escape(city)}</td>" in head


def test_plotly_inline_and_no_remote_reference(report: str) -> None:
    import plotly.offline

    js = plotly.offline.get_plotlyjs()
    assert js in report
    # Outside plotly.js nothing points anywhere: no src/href to a URL, no CDN.
    rest = report.replace(js, "")
    assert not re.search(r'\b(src|href)\s*=\s*"?(https?:)?//', rest)
    assert "cdn.plot.ly" not in rest and "http://" not in rest and "https://" not in rest


def test_csp_allows_exactly_the_page_scripts(report: str) -> None:
    csp = htmllib.unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', report).group(1)
    )
    assert "default-src 'none'" in csp and "connect-src" not in csp  # default-src covers fetches
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    scripts = re.findall(r"<script>(.*?)</script>", report, re.S)
    assert len(scripts) == 3
    digests = {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts}
    assert digests == allowed


def test_topojson_embedded_for_plotly(report: str) -> None:
    block = re.search(
        r'<script type="application/json" id="geo-africa_50m">(.*?)</script>', report, re.S
    )
    src = json.loads(
        (REPO / "supplychain" / "data" / "africa_50m.topojson").read_text(encoding="utf-8")
    )
    assert json.loads(block.group(1)) == src
    assert 'window.PlotlyGeoAssets={topojson:{"africa_50m":' in report
    # Before plotly.js, which only creates PlotlyGeoAssets when it is undefined.
    assert report.index("window.PlotlyGeoAssets") < report.index("plotly.js v")


# --- figures ---------------------------------------------------------------------------------


def test_map_geo_settings(figs: dict[str, dict[str, Any]]) -> None:
    geo = figs["fig-map"]["layout"]["geo"]
    assert geo["scope"] == "africa" and geo["resolution"] == 50 and geo["showcountries"]
    assert geo["lonaxis"]["range"][0] < -17.4 and geo["lataxis"]["range"][1] > 18.1
    labels = traces(figs["fig-map"], "country-labels")[0]["text"]
    assert {"MALI", "SENEGAL", "GUINEA", "MAURITANIA"} <= set(labels)


def test_map_frames_places_and_flows_not_far_roads(
    embedded_network: nx.MultiDiGraph, runs: list[ScenarioRun]
) -> None:
    # A continental layer holds roads far from Mali's corridors (Tunisia, the Cape): the map
    # frames the places and the segments with flow, not every node of the network.
    g = embedded_network.copy()
    data = dict(next(iter(g.edges(data=True)))[2])
    data.pop("geometry", None)
    g.add_node("tunis", x=10.2, y=36.8)
    g.add_node("cape", x=18.4, y=-33.9)
    g.add_edge("tunis", "cape", **{**data, "segment_id": "far:Tunis-Cape Town"})
    geometry = segment_geometry(g)
    views = [segment_views(geometry, run, edge_flows(g, run)) for run in runs]
    geo = map_figure(g, runs, views, active=1, topojson=_topojson()).layout.geo
    (west, east), (south, north) = geo.lonaxis.range, geo.lataxis.range
    places = [d for _, d in g.nodes(data=True) if d.get("role") in ("port", "depot", "border", "city")]
    assert places
    for d in places:
        assert west <= d["x"] - 0.5 and d["x"] + 0.5 <= east, d["name"]
        assert south <= d["y"] - 0.5 and d["y"] + 0.5 <= north, d["name"]
    assert east < 18.4 and north < 36.8 and south > -33.9
    # The embedded network's own frame is unchanged by the far roads.
    plain = [segment_views(segment_geometry(embedded_network), run, edge_flows(embedded_network, run))
             for run in runs]  # fmt: skip
    same = map_figure(embedded_network, runs, plain, active=1, topojson=_topojson()).layout.geo
    assert (list(same.lonaxis.range), list(same.lataxis.range)) == ([west, east], [south, north])


def _segment_flows(
    graph: nx.MultiDiGraph, flows: dict[tuple[Hashable, ...], float]
) -> dict[str, float]:
    out: dict[str, float] = {}
    for (u, v, k), f in flows.items():
        seg = graph.edges[u, v, k]["segment_id"]
        out[seg] = out.get(seg, 0.0) + f
    return out


def test_map_line_widths_follow_flows(
    figs: dict[str, dict[str, Any]], runs: list[ScenarioRun], embedded_network: nx.MultiDiGraph
) -> None:
    fig = figs["fig-map"]
    active = fig["layout"]["meta"]["active"]
    assert active == len(runs) - 1
    for i, run in enumerate(runs):
        lines = traces(fig, "segment", i)
        assert lines and all(t["visible"] is (i == active) for t in lines)
        flows = [t["meta"]["flow_m3_per_day"] for t in lines]
        widths = [t["line"]["width"] for t in lines]
        order = sorted(range(len(lines)), key=lambda j: flows[j])
        assert [widths[j] for j in order] == sorted(widths)  # wider line, more flow
        big, small = order[-1], order[0]
        if flows[big] > flows[small] + 1.0:
            assert widths[big] > widths[small] > MIN_WIDTH
        # Per-segment flows are the result's (both directions summed).
        expected = _segment_flows(embedded_network, edge_flows(embedded_network, run))
        assert {
            t["meta"]["segment_id"]: t["meta"]["flow_m3_per_day"] for t in lines
        } == pytest.approx({s: f for s, f in expected.items() if f > 1e-3})
        hover = traces(fig, "segment-hover", i)[0]
        segs = {d["segment_id"] for _, _, d in embedded_network.edges(data=True)}
        assert sorted(hover["meta"]["segments"]) == sorted(segs)
        assert len(hover["hovertext"]) == len(segs)


@pytest.mark.parametrize(("ref", "line"), [("N1", "road N1"), ("", "unnumbered road")])
def test_segment_hover_names_the_road_once(ref: str, line: str) -> None:
    """A segment without road number or name reads "unnumbered road" in its hover, not
    "road unnumbered road" (every segment of the flownet West-African layer did)."""
    from supplychain.models._examples import dakar_bamako
    from supplychain.reports.data import as_run, edge_flows

    g, params = dakar_bamako()
    for _, _, d in g.edges(data=True):
        d["ref"], d["name"] = ref, ""
    run = as_run(run_scenario(g, params))
    views = [segment_views(segment_geometry(g), run, edge_flows(g, run))]
    fig = map_figure(g, [run], views, active=0, topojson={"objects": {}}).to_plotly_json()
    (hover,) = [t for t in fig["data"] if t["meta"]["kind"] == "segment-hover"]
    assert [text.split("<br>")[1] for text in hover["hovertext"]] == [line]


def test_place_names_have_a_halo(figs: dict[str, dict[str, Any]]) -> None:
    """Place names are drawn over the roads with a white outline: on the West-African layer a
    12 px flow line ran through "Moussala border" and "Koloko-Hérémakono border"."""
    nodes = [t for t in figs["fig-map"]["data"] if t["meta"]["kind"] == "nodes"]
    assert nodes and all("#fff" in t["textfont"]["shadow"] for t in nodes)


def test_map_has_a_tablet_and_print_placement(figs: dict[str, dict[str, Any]]) -> None:
    """Each run's place names come placed three times: the laptop's, a phone's and a tablet's
    (``meta.medium``: 600 px wide, which report.js draws on a tablet and on paper), the tablet
    naming fewer places than the laptop and more than the phone, the capital and the ports
    always; the map's layout says where the tablet's ends (where the laptop's map fills its
    height) and prints its legend anchored at its left, below the map. Before, paper and
    tablets drew the laptop's names at 0.57-0.65 of their scale, and the print legend stood
    left of the map."""
    fig = figs["fig-map"]
    meta = fig["layout"]["meta"]
    for run in (0, 1):
        named = {k: set() for k in ("laptop", "narrow", "medium")}
        for t in traces(fig, "nodes", run):
            named["laptop"] |= {x for x in t["text"] if x}
            for k in ("narrow", "medium"):
                assert len(t["meta"][k]["text"]) == len(t["text"])
                named[k] |= {x for x in t["meta"][k]["text"] if x}
        assert {"Bamako", "Dakar", "Abidjan", "Conakry"} <= named["medium"]
        assert len(named["narrow"]) < len(named["medium"]) < len(named["laptop"]), named
    lon, lat = meta["lon_range"], meta["lat_range"]
    aspect = math.radians(lon[1] - lon[0]) / (
        math.log(math.tan(math.pi / 4 + math.radians(lat[1]) / 2))
        - math.log(math.tan(math.pi / 4 + math.radians(lat[0]) / 2))
    )
    assert meta["fit_map"] == pytest.approx(aspect)
    top = fig["layout"]["margin"]["t"]
    assert meta["medium_below"] == math.ceil(aspect * (fig["layout"]["height"] - top))
    assert 600 < meta["medium_below"] < 1180  # a laptop-wide page keeps the laptop's map
    assert meta["print"]["legend.xanchor"] == meta["medium"]["legend.xanchor"] == "left"
    countries = traces(fig, "country-labels")[0]["meta"]
    assert "MALI" in countries["medium"]["text"]


def test_map_colours_closures_and_threats(
    figs: dict[str, dict[str, Any]], runs: list[ScenarioRun]
) -> None:
    fig = figs["fig-map"]
    threat = runs[1]
    status: dict[str, str] = {}
    for t in traces(fig, "segment", 1):
        status[t["meta"]["segment_id"]] = t["meta"]["status"]
    for t in traces(fig, "idle", 1):
        for s in t["meta"]["segments"]:
            status[s] = t["meta"]["status"]
    assert threat.scenario is not None
    closed = {s for s, e in threat.scenario.segments.items() if e.closed}
    assert closed and {s for s, st in status.items() if st == "closed"} == closed
    assert status["RN7:Bougouni-Sikasso"] == "threatened"
    assert set(traces(fig, "segment", 0)[0]["meta"].values()) >= {"open"}
    # Closed segments drawn dotted; buttons switch runs.
    assert all(
        t["line"]["dash"] == "dot"
        for t in traces(fig, "idle", 1)
        if t["meta"]["status"] == "closed"
    )
    buttons = fig["layout"]["updatemenus"][0]["buttons"]
    assert [b["label"] for b in buttons] == [plot_text(r.name) for r in runs]
    for i, b in enumerate(buttons):
        vis = b["args"][0]["visible"]
        for j, t in enumerate(fig["data"]):
            run = (t.get("meta") or {}).get("run")
            assert vis[j] is (run is None or run == i)


def test_edge_flows_take_what_run_scenario_returns(embedded_network: nx.MultiDiGraph) -> None:
    # fuzz33: edge_flows(graph, run_scenario(...)) met an AttributeError ('FlowResult' object
    # has no attribute 'result'); build_report and headline_sentence take a FlowResult too.
    from supplychain.errors import ArgumentTypeError

    result = run_scenario(embedded_network, load_model_parameters())
    assert edge_flows(embedded_network, result) == edge_flows(embedded_network, ScenarioRun(result))
    with pytest.raises(ArgumentTypeError, match="Expected a FlowResult or ScenarioRun, got a dict"):
        edge_flows(embedded_network, {})  # type: ignore[arg-type]


def test_edge_flows_from_routes_match_the_lp(embedded_network: nx.MultiDiGraph) -> None:
    """Without FlowResult.edge_flow_m3 the report rebuilds edge flows from the routes, losses
    included; they equal the LP's."""
    params = load_model_parameters()
    scenario = load_scenario(BLOCKADE)
    lossy = Scenario(
        "lossy",
        segments={**scenario.segments, "N1:Dakar-Rufisque": Effect(loss_probability=0.05)},
        # Bamako's loss cannot be routed around (a dangerous post now can: it is costed).
        nodes={"Kourémalé border": Effect(loss_probability=0.02),
               "Bamako": Effect(loss_probability=0.01)},
    )
    for scen in (scenario, lossy):
        result = run_scenario(embedded_network, params, scen)
        result.__dict__.pop("edge_flow_m3", None)  # exercise the reconstruction
        sol = solve(build_model(embedded_network, params, scen))
        truth = {e: f for e, f in sol.edge_flow_m3.items() if f > 1e-6}
        rebuilt = edge_flows(embedded_network, ScenarioRun(result, scen))
        assert set(rebuilt) == set(truth)
        assert rebuilt == pytest.approx(truth, rel=1e-6, abs=1e-6)
    assert result.losses_m3_per_day > 1.0


def test_edge_flows_prefers_the_result_attribute(
    runs: list[ScenarioRun], embedded_network: nx.MultiDiGraph
) -> None:
    """Once FlowResult carries edge_flow_m3 (the LP's flows), the report uses it as it is."""
    result = dataclasses.replace(runs[1].result)
    edge = next(iter(embedded_network.edges(keys=True)))
    result.edge_flow_m3 = {edge: 12.5, ("x", "y", 0): 0.0}  # type: ignore[attr-defined]
    assert edge_flows(embedded_network, ScenarioRun(result)) == {edge: 12.5}


def test_unsolved_scenario_is_reported_not_crashed(
    embedded_network: nx.MultiDiGraph, runs: list[ScenarioRun]
) -> None:
    bad = dataclasses.replace(
        runs[1].result,
        status="infeasible",
        routes=[],
        bottlenecks=[],
        message="demand cannot be met",
        by_border=pd.DataFrame(),
        by_corridor=pd.DataFrame(),
    )
    bad.__dict__.pop("edge_flow_m3", None)
    page = build_report(embedded_network, [runs[0], ScenarioRun(bad)])
    assert "could not be solved (infeasible): demand cannot be met" in page
    assert "Not solved (infeasible)" in page
    assert traces(figures(page)["fig-map"], "segment", 1) == []


def test_sankey_sums_to_delivered_and_loaded(
    figs: dict[str, dict[str, Any]], runs: list[ScenarioRun]
) -> None:
    for i, run in enumerate(runs):
        sankey = figs[f"fig-sankey-s{i}"]["data"][0]
        roles = sankey["meta"]["roles"]
        link = sankey["link"]
        into_cities = sum(
            v for t, v in zip(link["target"], link["value"], strict=True) if roles[t] == "city"
        )
        assert into_cities == pytest.approx(run.result.delivered_m3_per_day, rel=1e-9, abs=1e-6)
        out_of_ports = sum(
            v for s, v in zip(link["source"], link["value"], strict=True) if roles[s] == "port"
        )
        assert out_of_ports == pytest.approx(
            run.result.by_port["loaded_m3_per_day"].sum(), abs=1e-6
        )
        labels = sankey["node"]["label"]
        assert {
            plot_text(c)
            for c, d in zip(
                run.result.by_city["city"], run.result.by_city["delivered_m3_per_day"], strict=True
            )
            if d > 1e-6
        } <= set(labels)


def _stress_fig(
    figs: dict[str, dict[str, Any]], report: str, kind: str
) -> tuple[int, dict[str, Any]]:
    idx = int(
        re.search(
            rf'<div class="stress-block" id="stress-(\d+)" data-kind="{kind}">', report
        ).group(1)
    )
    return idx, figs[f"fig-stress-{idx}"]


def test_n1_bars_equal_parquet_top_rows(
    figs: dict[str, dict[str, Any]], report: str, stress_files: list[Path]
) -> None:
    from supplychain.scenarios.chains import chain_ranking

    _, fig = _stress_fig(figs, report, "n-1")
    # The report ranks chains of serial segments (one bar per chain): the parquet's chain ranking.
    table = chain_ranking(pd.read_parquet(stress_files[0]))
    bars = traces(fig, "n-1")
    thr = next(t for t in bars if t["meta"]["measure"] == "throughput_lost_m3_per_day")
    srv = next(t for t in bars if t["meta"]["measure"] == "served_lost_m3_per_day")
    # Bars for the closures that lose something (or are single points of failure), at most 15.
    losing = table[(table["throughput_lost_m3_per_day"] > 0.5) | (table["served_lost_m3_per_day"] > 0.5)
                   | table["single_point_of_failure"].astype(bool)]  # fmt: skip
    top = losing.head(len(thr["x"]))
    assert 0 < len(thr["x"]) == min(15, len(losing)) < min(15, len(table))
    assert thr["x"] == pytest.approx(top["throughput_lost_m3_per_day"].tolist())
    assert srv["x"] == pytest.approx(top["served_lost_m3_per_day"].tolist())
    assert thr["meta"]["ids"] == top["id"].tolist()
    assert thr["y"] == [plot_text(f"{r}. {i}") for r, i in zip(top["rank"], top["id"], strict=True)]


def test_single_points_of_failure_marked(
    figs: dict[str, dict[str, Any]], report: str, stress_files: list[Path]
) -> None:
    idx, fig = _stress_fig(figs, report, "n-k")
    table = pd.read_parquet(stress_files[3]).sort_values("rank")
    thr = next(
        t for t in traces(fig, "n-k") if t["meta"]["measure"] == "throughput_lost_m3_per_day"
    )
    flags = table.head(len(thr["x"]))["single_point_of_failure"].tolist()
    assert any(flags) and thr["meta"]["spof"] == flags
    assert [c == "#b2182b" for c in thr["marker"]["color"]] == flags
    block = report[report.index(f'id="table-stress-{idx}"') :]
    block = block[: block.index("</table>")]
    assert block.count('<tr class="spof">') == sum(table.head(20)["single_point_of_failure"])
    assert "N-2" in report


def test_worst_case_next_to_greedy(
    figs: dict[str, dict[str, Any]], report: str, stress_files: list[Path]
) -> None:
    _, fig = _stress_fig(figs, report, "worst-case")
    table = pd.read_parquet(stress_files[1])
    for method in ("exact", "greedy"):
        bar = next(t for t in traces(fig, "worst-case") if t["meta"]["method"] == method)
        rows = table[table["method"] == method].sort_values("k")
        assert bar["y"] == pytest.approx(rows["remaining_m3_per_day"].tolist())
        assert bar["meta"]["k"] == rows["k"].tolist()
    exact = table[table["method"] == "exact"].set_index("k")["remaining_m3_per_day"]
    greedy = table[table["method"] == "greedy"].set_index("k")["remaining_m3_per_day"]
    assert (greedy >= exact - 1e-6).all()


def test_monte_carlo_histogram_cdf_and_quantiles(
    figs: dict[str, dict[str, Any]], report: str, stress_files: list[Path]
) -> None:
    _, fig = _stress_fig(figs, report, "monte-carlo")
    table = pd.read_parquet(stress_files[2])
    summary = json.loads(stress_files[2].with_suffix(".json").read_text(encoding="utf-8"))
    lines = {s["name"]: s["x0"] for s in fig["layout"]["shapes"]}
    for measure in ("served_m3_per_day", "throughput_m3_per_day"):
        hist = next(t for t in traces(fig, "mc-histogram") if t["meta"]["measure"] == measure)
        assert sum(hist["y"]) == len(table) == summary["draws"]
        cdf = next(t for t in traces(fig, "mc-cdf") if t["meta"]["measure"] == measure)
        assert cdf["y"][-1] == pytest.approx(1.0) and cdf["x"] == sorted(cdf["x"])
        assert cdf["x"][0] == pytest.approx(table[measure].min())
        if table[measure].nunique() == 1:  # every draw equal: one line, one label, one tick
            assert f"{measure}:p5" not in lines and f"{measure}:p95" not in lines
            assert lines[f"{measure}:p50"] == pytest.approx(summary[measure]["p50"])
            value = f"{summary[measure]['p50']:,.0f}"
            labels = [a["text"] for a in fig["layout"]["annotations"] if value in str(a.get("text"))]
            assert labels.count(f"P5 = P50 = P95 {value}") == 1
            assert not any(re.match(r"P(5|50|95) \d", t) for t in labels)
            row = 1 if measure == "throughput_m3_per_day" else 2
            for i in (2 * row - 1, 2 * row):
                assert fig["layout"][f"xaxis{i if i > 1 else ''}"]["tickvals"] == [table[measure].iloc[0]]
            continue
        for q in ("p5", "p50", "p95"):
            assert lines[f"{measure}:{q}"] == pytest.approx(summary[measure][q])
            assert f"{summary[measure][q]:,.0f}" in report
    assert all(fig["layout"][f"xaxis{i if i > 1 else ''}"]["tickformat"] == ",.0f" for i in range(1, 5))
    # A measure no draw changes is said in its histogram's panel (throughput, on the skeleton).
    notes = [a["text"] for a in fig["layout"]["annotations"] if str(a.get("text", "")).startswith("all ")]
    assert notes == [f"all {len(table):,} draws: {table[m].iloc[0]:,.0f} m³/day"
                     for m in ("throughput_m3_per_day", "served_m3_per_day") if table[m].nunique() == 1]
    assert table["throughput_m3_per_day"].nunique() == 1  # so the note above is checked


def test_monte_carlo_one_label_and_tick_when_every_draw_is_equal() -> None:
    # Throughput the same in every draw, served demand spread: one line, label and tick for
    # the first (three labels overlapped, the ticks all read "10,626"), three for the second.
    table = pd.DataFrame({"draw": range(40), "throughput_m3_per_day": [10626.0] * 40,
                          "served_m3_per_day": [4000.0 + 25.0 * i for i in range(40)]})  # fmt: skip
    fig = monte_carlo_figure(StressData("monte-carlo", "Monte Carlo", table, {"draws": 40}, "mc.parquet"))
    lines = sorted(sh.name for sh in fig.layout.shapes)
    assert lines == sorted(["throughput_m3_per_day:p50"] * 2 + [
        f"served_m3_per_day:{q}" for q in ("p5", "p50", "p95") for _ in (1, 2)])  # fmt: skip
    texts = [a.text for a in fig.layout.annotations]
    assert texts.count("P5 = P50 = P95 10,626") == 1
    assert sum(t.startswith(("P5 4", "P50 4", "P95 4")) for t in texts) == 3
    assert fig.layout.xaxis.tickvals == (10626.0,) and fig.layout.xaxis2.tickvals == (10626.0,)
    assert fig.layout.xaxis3.tickvals is None


def test_comparison_side_by_side(
    figs: dict[str, dict[str, Any]], report: str, runs: list[ScenarioRun]
) -> None:
    comp = report[
        report.index('<section id="comparison">') : report.index('<section id="provenance">')
    ]
    head = re.search(
        r'<table class="data compare" id="table-comparison"><thead><tr>(.*?)</tr>', comp
    ).group(1)
    assert [
        htmllib.unescape(x) for x in re.findall(r'<th scope="col" class="num">(.*?)</th>', head)
    ] == [r.name for r in runs]
    for i, run in enumerate(runs):
        bar = traces(figs["fig-comparison"], "comparison", i)[0]
        assert bar["meta"]["delivered_m3_per_day"] == pytest.approx(
            run.result.by_city["delivered_m3_per_day"].tolist(), abs=1e-6
        )
    assert f"{runs[1].result.served.lost_m3_per_day:,.0f}" in comp


def test_provenance(report: str, stress_files: list[Path]) -> None:
    import plotly

    prov = report[report.index('<section id="provenance">') :]
    for f in stress_files:
        assert hashlib.sha256(f.read_bytes()).hexdigest() in prov
        assert hashlib.sha256(f.with_suffix(".json").read_bytes()).hexdigest() in prov
    assert hashlib.sha256(THREAT.read_bytes()).hexdigest() in prov
    assert hashlib.sha256((REPO / "models" / "model.toml").read_bytes()).hexdigest() in prov
    for word in (
        "supplychain 0.1.0",
        f"plotly {plotly.__version__}",
        "pulp ",
        "highspy ",
        "solver highs, status optimal",
        "Monte Carlo: seed 7",
        "Generated",
        "embedded",
    ):
        assert word in prov, word


def test_tables_are_sortable_markup(report: str) -> None:
    assert report.count('class="data sortable"') >= 10
    cell = re.search(r'<td class="num" data-sort="([^"]+)">3,550</td>', report)
    assert cell and float(cell.group(1)) == 3550.0


# --- budget ----------------------------------------------------------------------------------


def test_size_for_the_embedded_default(tmp_path: Path) -> None:
    # Size only: the build time (< 10 s asked) is measured in BENCHMARKS.md, never asserted here.
    graph = build_network("embedded")
    params = load_model_parameters()
    scenario = load_scenario(BLOCKADE)
    results = [
        run_scenario(graph, params),
        ScenarioRun(run_scenario(graph, params, scenario), scenario),
    ]
    path = write_report(tmp_path / "r.html", build_report(graph, results))
    assert path.stat().st_size < MAX_BYTES == 8 * 1024 * 1024


def test_report_with_stress_is_under_budget(report: str) -> None:
    assert len(report.encode("utf-8")) < MAX_BYTES


# --- escaping --------------------------------------------------------------------------------


def _outside_data_blocks(page: str) -> str:
    """The page without the three trusted script bodies (plotly.js and the report's own)."""
    return re.sub(r"<script>.*?</script>", "<script></script>", page, flags=re.S)


def test_hostile_names_are_escaped_everywhere(hostile: str) -> None:
    page = _outside_data_blocks(hostile)
    # Only the page's own tags: 3 code scripts + JSON blocks; no injected element.
    opened = re.findall(r"<script\b[^>]*>", page)
    assert all(t in ("<script>",) or 'type="application/json"' in t for t in opened)
    assert page.count("<script>") == 3
    for bad in (
        "<script>alert",
        "<img",
        "<svg",
        "<iframe",
        "<b onmouseover",
        "onerror=alert(2)>",
        "<!--<script",
    ):
        assert bad not in page, bad
    # Shown as text in HTML ...
    assert htmllib.escape(HOSTILE["city"]) in page
    assert htmllib.escape(HOSTILE["border"]) in page
    assert htmllib.escape(HOSTILE["scenario"]) in page  # "&amp;amp;": shown literally
    assert f"<title>{htmllib.escape(HOSTILE['scenario'])}</title>" in page
    # ... and kept intact (escaped for plotly's pseudo-HTML) inside the figure JSON.
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(4)" in page  # the segment id in meta
    fig = figures(hostile)
    hover = traces(fig["fig-map"], "segment-hover", 1)[0]
    seg_text = hover["hovertext"][hover["meta"]["segments"].index(HOSTILE["segment"])]
    assert plot_text(HOSTILE["segment"]) in seg_text and plot_text(HOSTILE["ref"]) in seg_text
    assert "<svg" not in seg_text and "<script" not in seg_text
    nodes = [t for t in traces(fig["fig-map"], "nodes", 1)]
    shown = {x for t in nodes for x in t["text"]}
    assert {
        plot_text(HOSTILE["city"]),
        plot_text(HOSTILE["border"]),
        plot_text(HOSTILE["port"]),
    } <= shown
    assert plot_text(HOSTILE["port"]) in figs_labels(fig["fig-sankey-s0"])
    assert fig["fig-map"]["layout"]["updatemenus"][0]["buttons"][1]["label"] == plot_text(
        HOSTILE["scenario"]
    )


def figs_labels(fig: dict[str, Any]) -> list[str]:
    return list(fig["data"][0]["node"]["label"])


def test_json_for_script_cannot_close_the_block() -> None:
    value = {"a": "</script><script>alert(1)</script>", "b": "<!-- \u2028 & >"}
    text = json_for_script(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


# --- inputs and output -----------------------------------------------------------------------


def test_atomic_write_leaves_no_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "report.html"
    real = Path.write_text

    def half_then_fail(self: Path, data: str, *args: Any, **kwargs: Any) -> int:
        real(self, data[: len(data) // 2], *args, **kwargs)
        raise OSError("disk full")

    monkeypatch.setattr(Path, "write_text", half_then_fail)
    with pytest.raises(DataFileError, match=r"report\.html' cannot be written \(disk full\)"):
        write_report(target, "<!DOCTYPE html>" + "x" * 1000)
    assert not target.exists() and list(target.parent.iterdir()) == []
    monkeypatch.setattr(Path, "write_text", real)
    write_report(target, "old")
    monkeypatch.setattr(Path, "write_text", half_then_fail)
    with pytest.raises(DataFileError):
        write_report(target, "new" * 100)
    assert target.read_text() == "old" and [p.name for p in target.parent.iterdir()] == [
        "report.html"
    ]


def test_build_report_needs_a_result(embedded_network: nx.MultiDiGraph) -> None:
    with pytest.raises(ValueError, match="at least one"):
        build_report(embedded_network, [])


def test_bad_stress_inputs_are_clear_errors(tmp_path: Path, stress_files: list[Path]) -> None:
    with pytest.raises(DataFileError, match="does not exist"):
        load_stress(tmp_path / "missing.parquet")
    junk = tmp_path / "junk.parquet"
    junk.write_text("not parquet")
    with pytest.raises(DataFileError, match="Parquet"):
        load_stress(junk)
    wrong = tmp_path / "wrong.parquet"
    pd.DataFrame({"rank": [1], "id": ["x"]}).to_parquet(wrong)
    with pytest.raises(DataFileError, match="lacks the column"):
        load_stress(wrong)
    data = load_stress(stress_files[3])
    assert data.kind == "n-k" and data.label == "N-2" and len(data.files) == 2


# --- command line ----------------------------------------------------------------------------


def test_cli_report_command(tmp_path: Path, stress_files: list[Path]) -> None:
    from click.testing import CliRunner

    from supplychain.cli import main

    out = tmp_path / "r.html"
    r = CliRunner().invoke(
        main,
        [
            "-q",
            "report",
            "--scenario",
            str(BLOCKADE),
            "--scenario",
            str(THREAT),
            "--stress",
            str(stress_files[0]),
            "--out",
            str(out),
        ],
    )
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    for s in ("headline", "map", "routes", "stress", "comparison", "provenance"):
        assert f'<section id="{s}">' in page
    assert hashlib.sha256(BLOCKADE.read_bytes()).hexdigest() in page
    incidents = THREAT.parent / "incidents-synthetic.csv"  # read by the threat file
    assert hashlib.sha256(incidents.read_bytes()).hexdigest() in page
    assert f"supplychain report --network embedded --scenario {BLOCKADE} --scenario {THREAT} --stress" in page
    missing = tmp_path / "missing.parquet"
    bad = CliRunner().invoke(
        main, ["-q", "report", "--stress", str(missing), "--out", str(tmp_path / "x.html")]
    )
    assert bad.exit_code == 1 and "does not exist" in bad.output
    assert not (tmp_path / "x.html").exists()


def test_n1_chart_without_losses_says_so() -> None:
    from supplychain.reports.figures import ranking_figure
    from supplychain.reports.stress import StressData

    t = pd.DataFrame({"rank": [1, 2], "id": ["a", "b"], "throughput_lost_m3_per_day": [0.0, 0.0],
                      "throughput_lost_pct": [0.0, 0.0], "served_lost_m3_per_day": [0.0, 0.0],
                      "served_lost_pct": [0.0, 0.0], "single_point_of_failure": [False, False]})  # fmt: skip
    fig = ranking_figure(StressData("n-1", "N-1", t, {}))
    assert all(len(tr.x) == 0 for tr in fig.data)
    assert [a.text for a in fig.layout.annotations] == ["No closure loses throughput or served demand"]


def test_stress_labels_say_what_the_numbers_are() -> None:
    """The worst-case bars are pure max flows (their axis says so): the legend said
    'throughput left'. The Monte Carlo table of the worst draws lists border posts too:
    its column said 'Segment' and no column said which is which. One draw: '1 draws'."""
    from supplychain.reports.stress_section import stress_data

    worst = pd.DataFrame({
        "method": ["exact", "greedy"], "k": [1, 1], "segments": ["N1:Dakar-Rufisque"] * 2,
        "nodes": ["", ""], "baseline_m3_per_day": [8000.0] * 2, "remaining_m3_per_day": [3400.0] * 2,
        "lost_m3_per_day": [4600.0] * 2, "lost_tankers_per_day": [100.0] * 2, "lost_pct": [57.5] * 2,
        "status": ["optimal", "heuristic"], "throughput_after_m3_per_day": [3000.0] * 2,
    })  # fmt: skip
    draws = pd.DataFrame({"draw": [0], "closed": ["N1:Dakar-Rufisque"], "closed_nodes": ["Kourémalé border"],
                          "throughput_m3_per_day": [6026.0], "served_m3_per_day": [4000.0]})  # fmt: skip
    shares = [{"segment_id": "N1:Dakar-Rufisque", "kind": "segment", "share_of_worst_draws": 1.0,
               "attack_probability": 0.3, "lift": 3.3},
              {"segment_id": "Kourémalé border", "kind": "border", "share_of_worst_draws": 0.5,
               "attack_probability": 0.3, "lift": 1.7}]  # fmt: skip
    blocks = stress_data([
        StressData("worst-case", "Worst case", worst, {"sweep": "worst-case"}),
        StressData("monte-carlo", "Monte Carlo", draws,
                   {"sweep": "monte-carlo", "draws": 1, "seed": 0, "worst_5pct_share": shares}),
    ])["blocks"]  # fmt: skip
    names = [t["name"] for t in blocks[0]["figure"]["figure"]["data"]]
    assert names == ["exact: max flow to Bamako left", "greedy: max flow to Bamako left"]
    table = blocks[1]["worst"]
    assert [h["label"] for h in table["head"]][:2] == ["Segment or border post", "Kind"]
    assert [[c["text"] for c in r["cells"][:2]] for r in table["rows"]] == [
        ["N1:Dakar-Rufisque", "segment"], ["Kourémalé border", "border"]]
    assert blocks[1]["facts"].startswith("1 draw, seed 0")
    fig = monte_carlo_figure(StressData("monte-carlo", "Monte Carlo", draws, {"draws": 1}))
    assert "the only draw: 4,000 m³/day" in [a.text for a in fig.layout.annotations]


def test_routes_table_leaves_out_solver_noise_as_the_text_does(embedded_network: nx.MultiDiGraph) -> None:
    """A route of 2e-6 m3/day (HiGHS noise, seen with 500 tankers under the blockade) was a
    row of the report's routes table ('0 m3/day') that the printed routes leave out."""
    from supplychain.models.paths import PathFlow
    from supplychain.reports.sections import _route_rows

    result = run_scenario(embedded_network, load_model_parameters())
    real = result.routes[0]
    noise = PathFlow(real.nodes, real.edges, 2.1e-6, 2.1e-6, 0.0, real.segments, real.length_km,
                     real.travel_time_h, ["Pogo-Zégoua border"], "Yamoussoukro (GESTOCI)", "Bamako")  # fmt: skip
    result = dataclasses.replace(result, routes=[*result.routes, noise])
    rows = _route_rows(ScenarioRun(result, Scenario.baseline()))
    assert len(rows) == len(result.routes) - 1 == len(result.shown_routes())
    assert all(r["delivered_m3_per_day"] >= 0.05 for r in rows)
    assert [r["delivered_m3_per_day"] for r in rows] == sorted((r["delivered_m3_per_day"] for r in rows), reverse=True)
    printed = [line for line in result.summary().splitlines() if " m3/day delivered (" in line]
    assert len(printed) == min(8, len(rows)) and "Pogo-Zégoua border -> Bamako: 0 m3/day" not in result.summary()


def test_minimum_cut_note_says_what_the_text_says(embedded_network: nx.MultiDiGraph) -> None:
    """With Bamako's four roads closed the text names them as the cut, '(closed)'; the report
    said 'through -'. Below the cut (a fleet of 500) the text says why; the report did not."""
    from supplychain.reports.sections import _routes_block

    roads = ("RN3:Kati-Bamako", "RN5:Siby-Bamako", "RN6:Bamako-Fana", "RN7:Bamako-Ouéléssébougou")
    cut_off = Scenario("cut", segments={s: Effect(closed=True) for s in roads})
    params = load_model_parameters()
    result = run_scenario(embedded_network, params, cut_off, k_alternatives=0)
    note = _routes_block(ScenarioRun(result, cut_off), 0, True)["min_cut"]
    assert note["through"] == ", ".join(f"{s} (closed)" for s in sorted(roads))
    assert f"0 m3/day through {note['through']}" in result.summary() and note["below"] == ""
    fleet = dataclasses.replace(params, fleet=dataclasses.replace(params.fleet, tankers=500.0))
    result = run_scenario(embedded_network, fleet, k_alternatives=0)
    note = _routes_block(ScenarioRun(result, Scenario.baseline()), 0, True)["min_cut"]
    below = f"throughput ({result.throughput.scenario_m3_per_day:,.0f} m3/day) is below the cut: the fleet"
    assert below in result.summary() and note["below"].startswith(below.replace("m3/day", "m³/day"))


def test_headline_gives_bamakos_priority_blocks(embedded_network: nx.MultiDiGraph) -> None:
    """The report gave unmet per city only: whether Bamako's power plants were served was not
    on the page. Its table of blocks holds the JSON's by_block rows of cities with several."""
    from supplychain.reports.sections import headline_data

    short = Scenario("short", segments={"N1:Dakar-Rufisque": Effect(closed=True),
                                        "N1:Conakry-Coyah": Effect(closed=True)},
                     nodes={"Abidjan": Effect(capacity_factor=0.3),
                            "Yamoussoukro (GESTOCI)": Effect(capacity_factor=0.5)})  # fmt: skip
    result = run_scenario(embedded_network, load_model_parameters(), short, k_alternatives=0)
    table = headline_data(ScenarioRun(result, short))["by_block"]
    rows = [[c["text"] for c in r["cells"]] for r in table["rows"]]
    bamako = result.to_dict()["by_block"]
    want = [b for b in bamako if b["city"] == "Bamako"]
    assert [r[:2] for r in rows] == [["Bamako", "Bamako power plants"], ["Bamako", "Bamako (other demand)"]]
    assert [float(r["cells"][5]["sort"]) for r in table["rows"]] == pytest.approx([b["unmet_m3_per_day"] for b in want])
    assert rows[0][5] == "0" and [r["cls"] for r in table["rows"]] == ["", "spof"]
    html = build_report(embedded_network, [ScenarioRun(result, short)])
    assert 'id="table-by-block"' in html and "Priority blocks: delivered and unmet" in html


def test_headline_does_not_say_alternative_routes_remain_for_a_city_cut_off(
    embedded_network: nx.MultiDiGraph,
) -> None:
    """Bamako's four roads closed: throughput (fuel into any city) stays whole, carried to the
    other cities; the headline said 'because alternative routes remain', as if Bamako had one."""
    from supplychain.reports.sections import headline_sentence

    roads = ("RN3:Kati-Bamako", "RN5:Siby-Bamako", "RN6:Bamako-Fana", "RN7:Bamako-Ouéléssébougou")
    cut_off = Scenario("cut", segments={s: Effect(closed=True) for s in roads})
    result = run_scenario(embedded_network, load_model_parameters(), cut_off, k_alternatives=0)
    text = headline_sentence(ScenarioRun(result, cut_off))
    assert "Bamako is cut off from every supply point" in text
    assert "alternative routes remain" not in text and "(into the cities still reachable)" in text
    partial = Scenario("one road", segments={"RN3:Kati-Bamako": Effect(closed=True)})
    result = run_scenario(embedded_network, load_model_parameters(), partial, k_alternatives=0)
    assert "because alternative routes remain" in headline_sentence(ScenarioRun(result, partial))


def test_n1_intro_counts_single_points_as_chains_and_their_members(
    embedded_network: nx.MultiDiGraph,
) -> None:
    """Only Dakar loads: its two-segment exit chain is one single point of failure in the
    report, whose JSON lists both segments; the intro says both counts (it said '1 single
    point(s)' beside a JSON list of 2)."""
    from supplychain.reports.stress_section import _ranking_block

    others = ("Abidjan", "San-Pédro", "Conakry", "Nouakchott", "Yamoussoukro (GESTOCI)")
    only_dakar = Scenario("only Dakar", nodes={n: Effect(closed=True) for n in others})
    ctx = SweepContext.create(embedded_network, load_model_parameters(), only_dakar)
    result = n_minus_1(ctx, progress=False)
    listed = result.summary["single_points_of_failure"]
    assert {"N1:Dakar-Rufisque", "N1:Rufisque-Diamniadio"} <= set(listed)
    intro = _ranking_block(StressData("n-1", "N-1", result.table, result.summary), 0)["intro"]
    chains = int(intro.split(" single point")[0].split(". ")[-1])
    assert chains < len(listed)
    assert f"({len(listed)} segments and border posts in all)" in intro


def test_n1_intro_counts_a_border_post_single_point_as_one_element() -> None:
    """Port -> border post -> Bamako: the post and both roads are each a single point of
    failure (3 in the JSON). The intro said '3 single points of failure for Bamako (2 segments
    and border posts in all)': it summed ``chain_members``, which is 0 for a border post."""
    from supplychain.models._examples import example_params, port_city
    from supplychain.reports.stress_section import _ranking_block

    g = port_city(border=True)
    g.nodes["C"]["name"] = "Bamako"
    result = n_minus_1(SweepContext.create(g, example_params(fleet_tankers=1000.0)), progress=False)
    listed = result.summary["single_points_of_failure"]
    assert sorted(listed) == ["Post", "RPX", "RXC"]
    intro = _ranking_block(StressData("n-1", "N-1", result.table, result.summary), 0)["intro"]
    assert "3 single points of failure for Bamako: Post, RPX, RXC" in intro
    assert "in all)" not in intro


def test_monte_carlo_cdf_is_drawn_and_histogram_axis_starts_below_one_draw() -> None:
    """On the embedded blockade every one of 10,000 draws serves 4,690 m³/day: the CDF was one
    point, (4,690, 100 %), which a line trace does not draw (the two CDF panels of the report
    were empty), and the log axis of the histogram started at 1,000 draws, so the bar of
    10,000 read as one decade tall. The CDF now starts at (smallest draw, 0 %) and the
    histogram's axis at half a draw."""
    import math

    table = pd.DataFrame({"draw": range(40), "throughput_m3_per_day": [10626.0] * 40,
                          "served_m3_per_day": [4000.0 + 25.0 * (i % 4) for i in range(40)]})  # fmt: skip
    fig = monte_carlo_figure(StressData("monte-carlo", "Monte Carlo", table, {"draws": 40}, "mc.parquet"))
    cdfs = {t.meta["measure"]: t for t in fig.data if t.meta["kind"] == "mc-cdf"}
    flat = cdfs["throughput_m3_per_day"]
    assert list(flat.x) == [10626.0, 10626.0] and list(flat.y) == [0.0, 1.0]  # a vertical step
    spread = cdfs["served_m3_per_day"]
    assert list(spread.x) == [4000.0, 4000.0, 4025.0, 4050.0, 4075.0]
    assert list(spread.y) == [0.0, 0.25, 0.5, 0.75, 1.0]
    # The first point is the share of draws below the smallest one, and the hover says so.
    assert [[c[0] for c in t.customdata[:2]] for t in (flat, spread)] == [["<", "≤"]] * 2
    for axis, counts in ((fig.layout.yaxis, 40), (fig.layout.yaxis3, 10)):
        assert axis.type == "log" and axis.range[0] == pytest.approx(math.log10(0.5))
        assert axis.range[1] > math.log10(counts)  # the tallest bar fits


def test_headline_percentages_and_shadow_prices_name_their_units(report: str) -> None:
    """'1.3 % of 4,750' and '0.0 % of 10,626' gave no unit; the bottleneck note said every
    shadow price is per truck/day (or tanker), while a supply's is per m³/day."""
    head = report[report.index('<section id="headline">') : report.index('<section id="map">')]
    subs = re.findall(r'<div class="sub">([^<]*)</div>', head)
    assert sum(bool(re.search(r"% of [\d,]+ m³/day$", s)) for s in subs) == 2, subs
    routes = report[report.index('<section id="routes">') : report.index('<section id="stress">')]
    assert "a m³/day for a supply" in routes and "a truck/day for a segment" in routes


def test_a_title_with_line_breaks_reads_as_one_line(
    embedded_network: nx.MultiDiGraph, runs: list[ScenarioRun]
) -> None:
    # `report --title $'Fuel\nMali'` put the line break in the page's <title> and heading.
    page = build_report(embedded_network, runs[:1], title="Fuel\n  supply\tto Mali ")
    assert "<title>Fuel supply to Mali</title>" in page and "Fuel\n" not in page
    blank = build_report(embedded_network, runs[:1], title=" \n ")
    assert f"<title>Fuel supply to Mali: {runs[0].name}</title>" in blank
