"""Reducing the network before the time expansion: exact reductions and the detour bound."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pulp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplychain.models.params import FleetParameters, ModelParameters, load_model_parameters
from supplychain.models.scenario import Effect
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeexp_arcs import Reduction, _contract, edge_lags_days, reduce_arcs
from supplychain.models.timeline import DatedEffects, EscortStretch, StorageParameters, Timeline

STOCK = StorageParameters(3.0, 1.0, 0.0, earliness=1e-3)


def params() -> ModelParameters:
    fleet = FleetParameters(False, 0.0, 24.0, 0.0, 0.0, 0.0)
    return ModelParameters(1.0, {}, (), 1.0, 100.0, "X", fleet)


def timeline(days: int = 4, **kw: object) -> Timeline:
    return Timeline("t", "", date(2026, 1, 1), days, storage=STOCK, **kw)  # type: ignore[arg-type]


def graph(roads: list[tuple[str, str, float]], *, one_way: tuple[tuple[str, str], ...] = (),
          supply: float = 10.0, demand: dict[str, float] | None = None) -> nx.MultiDiGraph:
    """Nodes named in ``roads``; P is the port, C (or ``demand``'s keys) the cities; roads both
    ways (``one_way`` pairs only one way), ``hours`` of driving each, tanker = 1 m3."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    for a, b, _ in roads:
        for n in (a, b):
            g.add_node(n, name=n, role="junction", x=0.0, y=0.0, country="MLI")
    g.nodes["P"].update(role="port", supply_m3_per_day=supply, capacity_trucks_per_day=supply)
    for city, d in (demand or {"C": 4.0}).items():
        g.nodes[city].update(role="city", demand_m3_per_day=d)
    for a, b, h in roads:
        for u, v in ((a, b),) if (a, b) in one_way else ((a, b), (b, a)):
            g.add_edge(u, v, segment_id=f"R:{a}-{b}", capacity_trucks_per_day=100.0,
                       length_km=h * 50.0, travel_time_h=h, corridors=["P-C"])
    return g


def arcs_of(g: nx.MultiDiGraph, tl: Timeline | None = None, detour: float | None = None) -> set:
    arcs, _ = reduce_arcs(g, edge_lags_days(g, params()), tl or timeline(), 1.0, detour=detour)
    return {(a.tail, a.head, a.segments) for a in arcs}


def test_dead_ends_and_hanging_regions_are_dropped() -> None:
    # P - J - C with a dead end J - D and a loop X - Y - Z hanging on C by one road.
    g = graph([("P", "J", 24), ("J", "C", 24), ("J", "D", 5), ("C", "X", 5), ("X", "Y", 5),
               ("Y", "Z", 5), ("Z", "X", 5)])
    arcs, red = reduce_arcs(g, edge_lags_days(g, params()), timeline(), 1.0)
    assert (red.edges, red.edges_on_routes) == (14, 4)
    # J has one neighbour left each way: contracted; one arc each way, both segments traceable.
    assert {(a.tail, a.head, a.segments, a.lag_days) for a in arcs} == {
        ("P", "C", ("R:P-J", "R:J-C"), 2.0), ("C", "P", ("R:J-C", "R:P-J"), 2.0)}


def test_a_parallel_route_through_a_cycle_is_kept() -> None:
    # Two ways from P to C (via A or via B): both lie on a simple path, both kept.
    g = graph([("P", "A", 10), ("A", "C", 10), ("P", "B", 20), ("B", "C", 20)])
    assert {(t, h) for t, h, _ in arcs_of(g)} == {("P", "C"), ("C", "P")}
    assert len(arcs_of(g)) == 4


def test_a_one_way_chain_is_contracted() -> None:
    g = graph([("P", "J", 24), ("J", "K", 12), ("K", "C", 12)], one_way=(("P", "J"), ("J", "K"), ("K", "C")))
    assert arcs_of(g) == {("P", "C", ("R:P-J", "R:J-K", "R:K-C"))}


def test_a_parallel_arc_with_less_capacity_is_kept() -> None:
    # Its capacity adds to the other's (it was dropped as "dominated" before 2026-12-03: see
    # tests/test_timeline_oracle.py, test_two_parallel_roads_carry_both_their_capacities).
    g = graph([("P", "C", 24)])
    g.add_edge("P", "C", segment_id="R:P-C bis", capacity_trucks_per_day=50.0, length_km=1200.0,
               travel_time_h=24.0, corridors=["P-C"])
    arcs, _ = reduce_arcs(g, edge_lags_days(g, params()), timeline(), 1.0)
    assert sorted(a.segments for a in arcs if a.tail == "P") == [("R:P-C",), ("R:P-C bis",)]


def test_escorted_segment_on_a_dead_end_is_kept_for_its_round_trip() -> None:
    g = graph([("P", "J", 24), ("J", "C", 24), ("J", "D", 5)])
    stretch = EscortStretch("e", frozenset({"R:J-D"}), 0, 3, 10.0, 1.0)
    segments = {s for *_, segs in arcs_of(g, timeline(escorts=(stretch,))) for s in segs}
    assert "R:J-D" in segments


def test_detour_bound_keeps_the_short_route_and_the_detour_when_the_short_one_closes() -> None:
    # Short route via A (20 h), long one via B (60 h): 3 x the shortest.
    g = graph([("P", "A", 10), ("A", "C", 10), ("P", "B", 30), ("B", "C", 30)])
    assert {s for *_, s in arcs_of(g, detour=0.5)} == {("R:P-A", "R:A-C")}
    assert len({s for *_, s in arcs_of(g, detour=2.5)}) == 2
    closed = DatedEffects(2, 3, {"R:P-A": Effect(closed=True)}, {})
    kept = {s for *_, s in arcs_of(g, timeline(effects=(closed,)), detour=0.5)}
    # The closure splits the rule's segment from the rest of the route: traceable arcs.
    assert kept == {("R:P-A",), ("R:A-C",), ("R:P-B", "R:B-C")}


@pytest.mark.parametrize(("effect", "routes"), [
    (Effect(capacity_factor=0.0), {("R:P-D",), ("R:D-C",)}),  # D open: the short way only
    (Effect(closed=True), {("R:P-B", "R:B-C")}),  # D closed: the long way only
])  # fmt: skip
def test_detour_keeps_the_routes_through_a_loading_point_at_factor_0(effect: Effect, routes: set) -> None:
    # README: a loading point's capacity_factor scales only what it loads; closed = true
    # passes nothing. D (a depot loading 2 m3/day) on the short route at factor 0: fuel from
    # P still passes it (the model's rows let it), but the detour's routes read the factor of 0
    # as a closure and kept only the long way via B.
    g = graph([("P", "D", 10), ("D", "C", 10), ("P", "B", 30), ("B", "C", 30)])
    g.nodes["D"].update(role="depot", supply_m3_per_day=2.0, capacity_trucks_per_day=2.0)
    rule = DatedEffects(0, 3, {}, {"D": effect})
    kept = {s for *_, s in arcs_of(g, timeline(effects=(rule,)), detour=0.5)}
    assert kept == routes


def test_negative_detour_is_refused() -> None:
    g = graph([("P", "C", 24)])
    with pytest.raises(ValueError, match=r"detour = -1\.0; give 0 or more"):
        reduce_arcs(g, edge_lags_days(g, params()), timeline(), 1.0, detour=-1.0)


def test_embedded_back_test_arcs_are_unchanged(embedded_network: nx.MultiDiGraph) -> None:
    from supplychain.scenarios.timeline_stress import load_timeline

    tl = load_timeline("models/timeline-blockade-2025-26.toml", embedded_network)
    lags = edge_lags_days(embedded_network, load_model_parameters())
    arcs, red = reduce_arcs(embedded_network, lags, tl, 46.0)
    assert red.edges_on_routes == red.edges
    assert arcs == _contract(embedded_network, lags, tl, 46.0)


def _solve(g: nx.MultiDiGraph, tl: Timeline, monkeypatch: pytest.MonkeyPatch | None) -> tuple:
    if monkeypatch is not None:  # the model without reduction: every edge, contracted
        import supplychain.models.timeexp as te

        def plain(graph: nx.MultiDiGraph, lags: list[float], timeline: Timeline, volume: float,
                  *, detour: float | None = None) -> tuple:
            arcs = _contract(graph, lags, timeline, volume)
            n = graph.number_of_edges()
            return arcs, Reduction(n, n, n, len(arcs), None)

        monkeypatch.setattr(te, "reduce_arcs", plain)
    model = build_timeline_model(g, params(), tl)
    result = solve_timeline(model, lexicographic=False)
    assert result.status == "optimal"
    delivered = sum(float(np.sum(c["delivered"])) for c in result.cities.values())
    dry = result.first_dry_day()
    return pulp.value(model.stage1), delivered, dry, len(model.arcs)


@st.composite
def networks(draw: st.DrawFn) -> nx.MultiDiGraph:
    """A road P - ... - C, a second city E off it, dead ends and loops hanging on it. Whole-day
    legs: contracting a junction then sums lags without changing when fuel arrives (with
    fractional lags the rounding happens once per arc, a different model, by design)."""
    n = draw(st.integers(1, 3))
    hours = draw(st.lists(st.sampled_from([24.0, 48.0]), min_size=n + 6, max_size=n + 6))
    names = ["P", *[f"J{i}" for i in range(1, n)], "C"]
    roads = [(a, b, hours[i]) for i, (a, b) in enumerate(itertools.pairwise(names))]
    at = draw(st.lists(st.sampled_from(names), min_size=3, max_size=3))
    roads += [(at[0], "E", hours[n]), (at[1], "D1", hours[n + 1]), ("D1", "D2", hours[n + 2]),
              (at[2], "L1", hours[n + 3]), ("L1", "L2", hours[n + 4]), ("L2", at[2], hours[n + 5])]
    if draw(st.booleans()):  # a second way round: a cycle on the route
        roads.append((names[0], "K", 24.0))
        roads.append(("K", names[-1], 24.0))
    demand = {"C": draw(st.sampled_from([3.0, 6.0, 12.0])), "E": draw(st.sampled_from([2.0, 5.0]))}
    return graph(roads, supply=draw(st.sampled_from([4.0, 10.0])), demand=demand)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(g=networks(), days=st.integers(4, 8))
def test_exact_reductions_keep_the_optimum(g: nx.MultiDiGraph, days: int,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    tl = timeline(days)
    reduced = _solve(g, tl, None)
    with monkeypatch.context() as m:
        full = _solve(g, tl, m)
    assert reduced[3] < full[3]  # the dead end and the loop are gone
    assert reduced[0] == pytest.approx(full[0], rel=1e-6, abs=1e-6)
    assert reduced[1] == pytest.approx(full[1], rel=1e-6, abs=1e-6)
    assert reduced[2] == full[2]


def test_cli_detour_option_is_logged_and_a_negative_one_refused(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from click.testing import CliRunner

    from supplychain.cli import main

    out = tmp_path / "d.parquet"
    with caplog.at_level(logging.INFO, logger="supplychain.models.timeexp"):
        result = CliRunner().invoke(main, ["timeline", "--days", "5", "--start", "2026-01-01",
                                           "--detour", "0.5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert any("within 1.5 x the shortest" in r.getMessage() and "dropped" in r.getMessage()
               for r in caplog.records)
    bad = CliRunner().invoke(main, ["timeline", "--days", "5", "--detour", "-1", "--out",
                                    str(tmp_path / "x.parquet")])
    assert bad.exit_code != 0 and "--detour" in bad.output
    assert not (tmp_path / "x.parquet").exists()


def _delivered(g: nx.MultiDiGraph, tl: Timeline, detour: float | None) -> tuple[float, float]:
    model = build_timeline_model(g, params(), tl, detour=detour)
    result = solve_timeline(model, lexicographic=False)
    assert result.status == "optimal"
    return pulp.value(model.stage1), sum(float(np.sum(c["delivered"])) for c in result.cities.values())


def test_detour_counts_a_shared_roads_capacity_once() -> None:
    # P - J carries 3 a day to two cities beyond J. Cut only at cities, the two corridors were
    # two arcs P-J-C1 and P-J-C2 with 3 a day each: 56 m3 in 10 days against the exact 32.
    g = graph([("P", "J", 24), ("J", "C1", 24), ("J", "C2", 24)], demand={"C1": 4.0, "C2": 4.0})
    for u, v, d in g.edges(data=True):
        if {u, v} == {"P", "J"}:
            d["capacity_trucks_per_day"] = 3.0
    tl = timeline(10)
    assert _delivered(g, tl, 0.5)[1] == pytest.approx(_delivered(g, tl, None)[1]) == pytest.approx(32.0)
    assert ("P", "J", ("R:P-J",)) in arcs_of(g, tl, detour=0.5)


@settings(max_examples=20, deadline=None)
@given(g=networks(), days=st.integers(4, 7), detour=st.sampled_from([0.0, 0.5, 1.0]),
       caps=st.lists(st.sampled_from([1.0, 2.0, 3.0, 100.0]), min_size=12, max_size=12),
       closed=st.booleans())
def test_detour_never_delivers_more_than_the_exact_model(g: nx.MultiDiGraph, days: int, detour: float,
                                                        caps: list[float], closed: bool) -> None:  # fmt: skip
    # Whole-day legs (see networks): the corridors' arcs are then a restriction of the exact
    # model's, so the approximation can only lose delivery, never gain it.
    segments = sorted({d["segment_id"] for *_, d in g.edges(data=True)})
    for _, _, d in g.edges(data=True):
        d["capacity_trucks_per_day"] = caps[segments.index(d["segment_id"]) % len(caps)]
    effects: tuple[DatedEffects, ...] = ()
    if closed:  # the first road out of P closed for the first two days
        first = next(d["segment_id"] for u, _, d in g.edges(data=True) if u == "P")
        effects = (DatedEffects(0, 1, {first: Effect(closed=True)}, {}),)
    tl = timeline(days, effects=effects)
    goal, delivered = _delivered(g, tl, detour)
    exact_goal, exact = _delivered(g, tl, None)
    assert goal <= exact_goal + 1e-6 * max(abs(exact_goal), 1.0)
    assert delivered <= exact + 1e-5
