"""Worst-case interdiction: hand answers, exhaustive search and an independent max-flow oracle."""

from __future__ import annotations

import itertools
import json
import logging
import math
from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from networkx.algorithms.flow import edmonds_karp

from supplychain.errors import ParameterError
from supplychain.models.lp import build_model
from supplychain.models.params import load_model_parameters
from supplychain.models.paths import minimum_cut
from supplychain.scenarios import interdiction
from supplychain.scenarios.interdiction import Interdiction, greedy_worst_case, worst_case

FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
THROUGH_ROLES = ("border", "port", "depot")


# --------------------------------------------------------------------------------------------
# Helpers: tiny networks and an oracle written independently of the module


def _net(
    nodes: dict[Hashable, dict[str, Any]], roads: Iterable[tuple[Any, ...]]
) -> nx.MultiDiGraph:
    """Network with tanker volume 1 (capacities are m3/day); roads ``(u, v, sid, cap[, 1way])``."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    for n, attrs in nodes.items():
        g.add_node(n, **{"name": str(n), "role": "junction", **attrs})
    for u, v, sid, cap, *one_way in roads:
        pairs = [(u, v)] if one_way and one_way[0] else [(u, v), (v, u)]
        for a, b in pairs:
            g.add_edge(a, b, segment_id=sid, capacity_trucks_per_day=float(cap), length_km=1.0)
    return g


def _oracle(
    g: nx.MultiDiGraph,
    sink: Hashable,
    closed_segments: Iterable[str] = (),
    closed_nodes: Iterable[Hashable] = (),
) -> float:
    """Max flow to ``sink`` with segments/nodes closed: every node split, Edmonds-Karp."""
    tanker = g.graph["tanker_volume_m3"]
    segs, shut = set(closed_segments), set(closed_nodes)
    d = nx.DiGraph()
    for n, data in g.nodes(data=True):
        cap = data.get("capacity_trucks_per_day")
        supply = data.get("supply_m3_per_day") or 0.0
        through = math.inf
        if cap is not None and data.get("role") in THROUGH_ROLES and supply <= 0:
            through = cap * tanker
        if n in shut:
            through = 0.0
        d.add_edge((n, "in"), (n, "out"), **({} if math.isinf(through) else {"capacity": through}))
        if supply > 0:
            limit = min(supply, math.inf if cap is None else cap * tanker)
            d.add_edge("SOURCE", (n, "in"), capacity=limit)
    for u, v, data in g.edges(data=True):
        if u == v or data["segment_id"] in segs:
            continue
        cap = data["capacity_trucks_per_day"] * tanker
        arc = ((u, "out"), (v, "in"))
        if d.has_edge(*arc):
            d.edges[arc]["capacity"] += cap
        else:
            d.add_edge(*arc, capacity=cap)
    if "SOURCE" not in d:
        return 0.0
    return float(nx.maximum_flow_value(d, "SOURCE", (sink, "out"), flow_func=edmonds_karp))


def _exhaustive(
    g: nx.MultiDiGraph, sink: Hashable, k: int, nodes: bool = False
) -> tuple[float, tuple[Any, ...]]:
    """Smallest max flow over every closure of at most ``k`` segments (and border posts)."""
    items: list[tuple[str, Any]] = [
        ("segment", s) for s in sorted({str(d) for *_, d in g.edges(data="segment_id")})
    ]
    if nodes:
        items += [("node", n) for n, role in g.nodes(data="role") if role == "border"]
    best: tuple[float, tuple[Any, ...]] = (_oracle(g, sink), ())
    for size in range(1, k + 1):
        for combo in itertools.combinations(items, size):
            value = _oracle(
                g,
                sink,
                [i for kind, i in combo if kind == "segment"],
                [i for kind, i in combo if kind == "node"],
            )
            if value < best[0] - 1e-9:
                best = (value, combo)
    return best


def _certify(g: nx.MultiDiGraph, sink: Hashable, r: Interdiction) -> None:
    """The reported closure leaves exactly the reported flow, within the budget."""
    names = {data.get("name"): n for n, data in g.nodes(data=True)}
    closed_nodes = [names[name] for name in r.nodes]
    assert len(r.segments) + len(r.nodes) <= r.k
    assert _oracle(g, sink, r.segments, closed_nodes) == pytest.approx(r.remaining_m3_per_day)
    assert r.baseline_m3_per_day == pytest.approx(_oracle(g, sink))
    assert r.lost_m3_per_day == pytest.approx(r.baseline_m3_per_day - r.remaining_m3_per_day)


PORT = {"name": "Port", "role": "port", "supply_m3_per_day": 100.0}
BAMAKO = {"name": "Bamako", "role": "city"}


@pytest.fixture
def parallel() -> nx.MultiDiGraph:
    """Two roads from a port to Bamako carrying 5 and 3 m3/day (through a junction each)."""
    return _net(
        {"P": PORT, "a": {}, "b": {}, "B": BAMAKO},
        [("P", "a", "A1", 5), ("a", "B", "A2", 9), ("P", "b", "B1", 3), ("b", "B", "B2", 3)],
    )


@pytest.fixture
def greedy_trap() -> nx.MultiDiGraph:
    """Greedy closes the busy feeder Z first (10 -> 3); the best pair is the two exits (-> 0).

    Port S feeds hub w (Z, 7) and the towns u (W1, 1) and v (W2, 2); w reaches u and v freely;
    Bamako is reached only from u (A, 5) and v (B, 5). Alone: Z leaves 3, A or B leaves 5.
    After Z, the best second closure (W2) leaves 1; closing A and B leaves 0.
    """
    return _net(
        {"S": PORT, "w": {}, "u": {}, "v": {}, "T": BAMAKO},
        [
            ("S", "w", "Z", 7),
            ("S", "u", "W1", 1),
            ("S", "v", "W2", 2),
            ("w", "u", "Wu", 100),
            ("w", "v", "Wv", 100),
            ("u", "T", "A", 5),
            ("v", "T", "B", 5),
        ],
    )


# --------------------------------------------------------------------------------------------
# Hand answers


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_two_parallel_roads(parallel: nx.MultiDiGraph, solver: str) -> None:
    one = worst_case(parallel, k=1, solver=solver)
    assert (one.baseline_m3_per_day, one.remaining_m3_per_day, one.lost_m3_per_day) == (
        pytest.approx(8.0),
        pytest.approx(3.0),
        pytest.approx(5.0),
    )
    assert one.segments in (["A1"], ["A2"])  # either closes the 5-road
    assert (one.nodes, one.status, one.solver, one.gap, one.k) == ([], "optimal", solver, None, 1)
    two = worst_case(parallel, k=2, solver=solver)
    assert two.remaining_m3_per_day == pytest.approx(0.0)
    assert len(two.segments) == 2
    _certify(parallel, "B", two)


def test_k_zero_closes_nothing(parallel: nx.MultiDiGraph) -> None:
    for r in (worst_case(parallel, k=0), greedy_worst_case(parallel, k=0)):
        assert r.segments == [] and r.nodes == []
        assert r.remaining_m3_per_day == r.baseline_m3_per_day == pytest.approx(8.0)
        assert r.lost_m3_per_day == 0.0


def test_budget_beyond_need_closes_only_what_matters(parallel: nx.MultiDiGraph) -> None:
    r = worst_case(parallel, k=5)
    assert r.remaining_m3_per_day == pytest.approx(0.0)
    assert len(r.segments) == 2  # idle closures are dropped


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_fewest_closures_of_equal_worst_cases(solver: str) -> None:
    # Two parallel roads R1 (10) and R2 (20) from the port to a junction X, then one road R3
    # (100) to Bamako. Closing R1 and R2, or R3 alone, both leave 0: the answer closes R3 only.
    g = _net(
        {"P": PORT, "X": {}, "B": BAMAKO},
        [("P", "X", "R1", 10), ("P", "X", "R2", 20), ("X", "B", "R3", 100)],
    )
    for k in (2, 3):
        r = worst_case(g, k=k, solver=solver)
        assert (r.remaining_m3_per_day, r.segments, r.status) == (0.0, ["R3"], "optimal")
        assert r.baseline_m3_per_day == pytest.approx(30.0)


def test_fewest_closures_needs_optimal_status(monkeypatch: pytest.MonkeyPatch) -> None:
    # A stopped solver's attack is not swapped: the second solve only runs on a proven optimum.
    g = _net(
        {"P": PORT, "X": {}, "B": BAMAKO},
        [("P", "X", "R1", 10), ("P", "X", "R2", 20), ("X", "B", "R3", 100)],
    )
    monkeypatch.setattr(interdiction, "_solve_mip", lambda *a, **kw: interdiction._MipOutcome(
        [("segment", "R1"), ("segment", "R2")], "feasible", 0.1, 0.0, 0.0))  # fmt: skip
    r = worst_case(g, k=2)
    assert (r.segments, r.status, r.remaining_m3_per_day) == (["R1", "R2"], "feasible", 0.0)


def test_greedy_closes_nothing_that_leaves_the_flow_as_it_is() -> None:
    # Two parallel roads of 10 from a port of 10: closing either leaves 10, so the greedy
    # stops with nothing closed rather than spend its budget on a closure that loses nothing
    # (mutation testing, mut34).
    port = {"name": "Port", "role": "port", "supply_m3_per_day": 10.0}
    g = _net({"P": port, "B": BAMAKO}, [("P", "B", "R1", 10, True), ("P", "B", "R2", 10, True)])
    r = greedy_worst_case(g, k=1)
    assert (r.segments, r.remaining_m3_per_day, r.lost_m3_per_day) == ([], 10.0, 0.0)


def test_greedy_weighs_every_closure_within_the_array_rounding_exactly() -> None:
    # Route X: road A then two parallel roads of 2.5004 m3/day; route Y: road B1 then D of
    # 5.0006. In array units (1/1000 m3 here) closing B1 or D leaves 2 x 2.500 = 5.000 and
    # closing A leaves 5.001; exactly, A leaves 5.0006 and B1 or D 5.0008. The closures within
    # twice the array's rounding of its lowest are weighed exactly: A (mut34: a mutant weighing
    # only the array's lowest closed B1).
    g = _net({"P": PORT, "X": {}, "Y": {}, "B": BAMAKO},
             [("P", "X", "A", 100, True), ("X", "B", "C1", 2.5004, True), ("X", "B", "C2", 2.5004, True),
              ("P", "Y", "B1", 100, True), ("Y", "B", "D", 5.0006, True)])  # fmt: skip
    r = greedy_worst_case(g, k=1)
    assert r.baseline_m3_per_day == pytest.approx(10.0014, abs=1e-9)
    assert (r.segments, r.remaining_m3_per_day) == (["A"], pytest.approx(5.0006, abs=1e-9))
    assert worst_case(g, k=1).segments == ["A"]


def test_greedy_is_beaten_by_the_exact_pair(greedy_trap: nx.MultiDiGraph) -> None:
    g1 = greedy_worst_case(greedy_trap, k=1)
    assert (g1.segments, g1.remaining_m3_per_day) == (["Z"], pytest.approx(3.0))
    greedy = greedy_worst_case(greedy_trap, k=2)
    assert greedy.remaining_m3_per_day == pytest.approx(1.0)
    assert greedy.segments == ["W2", "Z"]
    assert (greedy.status, greedy.solver, greedy.gap) == ("heuristic", "greedy", None)
    for solver in ("highs", "cbc"):
        exact = worst_case(greedy_trap, k=2, solver=solver)
        assert exact.remaining_m3_per_day == pytest.approx(0.0)
        assert exact.segments == ["A", "B"]
        assert exact.remaining_m3_per_day < greedy.remaining_m3_per_day
    _certify(greedy_trap, "T", greedy)


def test_both_directions_close_together() -> None:
    # All fuel to Bamako uses two-way segment R against its first direction (v -> u); the
    # other legs are doubled, so closing R (both directions) is the only single cut.
    g = _net(
        {"P": PORT, "u": {}, "v": {}, "B": BAMAKO},
        [
            ("P", "v", "R0a", 4, True),
            ("P", "v", "R0b", 4, True),
            ("u", "v", "R", 9),
            ("u", "B", "R2a", 6, True),
            ("u", "B", "R2b", 6, True),
        ],
    )
    for r in (worst_case(g, k=1), greedy_worst_case(g, k=1)):
        assert r.baseline_m3_per_day == pytest.approx(8.0)
        assert (r.segments, r.remaining_m3_per_day) == (["R"], 0.0)


def test_parallel_edges_of_one_segment_and_self_loops() -> None:
    g = _net({"P": PORT, "B": BAMAKO}, [("P", "B", "R", 2, True), ("P", "B", "S", 3, True)])
    g.add_edge("P", "B", segment_id="R", capacity_trucks_per_day=4.0, length_km=1.0)
    g.add_edge("P", "P", segment_id="L", capacity_trucks_per_day=50.0, length_km=1.0)
    r = worst_case(g, k=1)
    assert (r.baseline_m3_per_day, r.remaining_m3_per_day, r.segments) == (9.0, 3.0, ["R"])
    # S at 5: R's two edges (2 + 4 = 6) still carry more than S, so R is the worst closure. A
    # MIP counting one of R's edges only (4 < 5) closed S (mutation testing, mut34).
    g.edges["P", "B", 1]["capacity_trucks_per_day"] = 5.0
    assert g.edges["P", "B", 1]["segment_id"] == "S"
    r = worst_case(g, k=1)
    assert (r.baseline_m3_per_day, r.remaining_m3_per_day, r.segments) == (11.0, 5.0, ["R"])


def test_a_capacity_on_a_town_does_not_limit_the_flow() -> None:
    # A capacity_trucks_per_day on a city or junction is not a through capacity (the LP reads
    # one on border posts, ports and depots only): 10 pass J's "1" (mutation testing, mut34).
    g = _net({"P": PORT, "J": {"role": "city", "capacity_trucks_per_day": 1.0}, "B": BAMAKO},
             [("P", "J", "R1", 10), ("J", "B", "R2", 10)])  # fmt: skip
    for r in (worst_case(g, k=1), greedy_worst_case(g, k=1)):
        assert (r.baseline_m3_per_day, r.remaining_m3_per_day) == (10.0, 0.0)


def test_border_posts_can_be_closed() -> None:
    # Two roads into and out of one border post (capacity 6): closing the post cuts all.
    g = _net(
        {"P": PORT, "X": {"name": "Post", "role": "border", "capacity_trucks_per_day": 6.0},
         "B": BAMAKO},
        [("P", "X", "R1", 4), ("P", "X", "R2", 4), ("X", "B", "R3", 5), ("X", "B", "R4", 5)],
    )  # fmt: skip
    roads_only = worst_case(g, k=1)
    assert roads_only.baseline_m3_per_day == pytest.approx(6.0)
    assert roads_only.remaining_m3_per_day == pytest.approx(4.0)
    with_posts = worst_case(g, k=1, interdict_nodes=True)
    assert (with_posts.nodes, with_posts.segments) == (["Post"], [])
    assert with_posts.remaining_m3_per_day == 0.0
    greedy = greedy_worst_case(g, k=1, interdict_nodes=True)
    assert (greedy.nodes, greedy.remaining_m3_per_day) == (["Post"], 0.0)
    # A border post without a capacity of its own can be closed too.
    del g.nodes["X"]["capacity_trucks_per_day"]
    r = worst_case(g, k=1, interdict_nodes=True)
    assert (r.baseline_m3_per_day, r.remaining_m3_per_day, r.nodes) == (8.0, 0.0, ["Post"])


def test_loading_capacity_limits_supply_not_through_traffic() -> None:
    # Depot D loads at most 2 (capacity) of its 50 but passes the port's 10 through.
    g = _net(
        {"P": PORT, "D": {"role": "depot", "supply_m3_per_day": 50.0,
                          "capacity_trucks_per_day": 2.0}, "B": BAMAKO},
        [("P", "D", "R1", 10, True), ("D", "B", "R2", 20, True)],
    )  # fmt: skip
    r = worst_case(g, k=1)
    assert r.baseline_m3_per_day == pytest.approx(12.0)
    assert (r.segments, r.remaining_m3_per_day) == (["R2"], 0.0)


def test_overrides_replace_defaults(parallel: nx.MultiDiGraph) -> None:
    # Degrade road A2 to 1 m3/day: the 5-road now carries 1, the worst single closure is B1.
    r = worst_case(parallel, k=1, edge_capacity_m3={("a", "B", 0): 1.0})
    assert (r.baseline_m3_per_day, r.remaining_m3_per_day) == (4.0, 1.0)
    assert r.segments in (["B1"], ["B2"])
    r = worst_case(parallel, k=1, supply_limit_m3={"P": 2.0})
    assert (r.baseline_m3_per_day, r.remaining_m3_per_day) == (2.0, 2.0)
    assert r.segments == []  # either road alone carries the 2 m3: no closure helps
    r = worst_case(parallel, k=1, node_capacity_m3={"a": 0.0})  # a closed town
    assert (r.baseline_m3_per_day, r.remaining_m3_per_day) == (3.0, 0.0)


def test_sink_by_id_or_name(parallel: nx.MultiDiGraph) -> None:
    by_id = worst_case(parallel, k=1, sink="B").to_dict()
    by_name = worst_case(parallel, k=1, sink="Bamako").to_dict()
    del by_id["solve_time_s"], by_name["solve_time_s"]
    assert by_id == by_name
    with pytest.raises(nx.NodeNotFound, match="Timbuktu"):
        worst_case(parallel, k=1, sink="Timbuktu")


def test_bad_arguments(parallel: nx.MultiDiGraph) -> None:
    for k in (-1, 1.5, True):
        with pytest.raises(ValueError, match="budget"):
            worst_case(parallel, k=k)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="budget"):
            greedy_worst_case(parallel, k=k)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="gurobi"):
        worst_case(parallel, k=1, solver="gurobi")
    with pytest.raises(ValueError, match="time_limit_s"):
        worst_case(parallel, k=1, time_limit_s=0)
    with pytest.raises(ValueError, match=">= 0"):
        worst_case(parallel, k=1, edge_capacity_m3={("P", "a", 0): -1.0})
    with pytest.raises(ValueError, match="finite"):
        worst_case(parallel, k=1, supply_limit_m3={"P": math.inf})
    with pytest.raises(KeyError, match="not in the network"):
        worst_case(parallel, k=1, edge_capacity_m3={("P", "B", 0): 1.0})
    with pytest.raises(nx.NodeNotFound):
        worst_case(parallel, k=1, node_capacity_m3={"nowhere": 1.0})


def test_no_supply_or_unreachable_sink() -> None:
    g = _net({"P": PORT, "a": {}, "B": BAMAKO}, [("P", "a", "R", 5)])
    r = worst_case(g, k=2)
    assert (r.baseline_m3_per_day, r.remaining_m3_per_day, r.segments) == (0.0, 0.0, [])
    assert greedy_worst_case(g, k=2).segments == []


def test_to_dict_is_json(greedy_trap: nx.MultiDiGraph) -> None:
    d = worst_case(greedy_trap, k=2).to_dict()
    assert json.loads(json.dumps(d)) == d
    assert set(d) == {
        "k", "baseline_m3_per_day", "remaining_m3_per_day", "lost_m3_per_day", "segments",
        "nodes", "status", "solver", "solve_time_s", "gap",
    }  # fmt: skip


def test_stopped_solver_reports_gap_and_certified_flow(
    greedy_trap: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A solver stopped at its time limit with the weaker attack {Z, W2} and a bound of 0.
    def stopped(*args: Any, **kwargs: Any) -> Any:
        return interdiction._MipOutcome([("segment", "Z"), ("segment", "W2")], "feasible", 0.5,
                                        1.0, 0.0)  # fmt: skip

    monkeypatch.setattr(interdiction, "_solve_mip", stopped)
    r = worst_case(greedy_trap, k=2)
    assert (r.status, r.remaining_m3_per_day, r.gap) == ("feasible", 1.0, pytest.approx(1.0))
    assert r.segments == ["W2", "Z"]

    def wrong(*args: Any, **kwargs: Any) -> Any:  # an objective the closure does not achieve
        return interdiction._MipOutcome([("segment", "Z")], "optimal", 0.5, 0.5, 0.5)

    monkeypatch.setattr(interdiction, "_solve_mip", wrong)
    with caplog.at_level(logging.WARNING, logger=interdiction.__name__):
        r = worst_case(greedy_trap, k=2)
    assert r.remaining_m3_per_day == 3.0  # the recomputed value, not the claimed 0.5
    assert "differs from the recomputed max flow" in caplog.text

    def nothing(*args: Any, **kwargs: Any) -> Any:
        return interdiction._MipOutcome(None, "no_solution", 0.5, None, None)

    monkeypatch.setattr(interdiction, "_solve_mip", nothing)
    r = worst_case(greedy_trap, k=2)
    assert (r.status, r.segments, r.lost_m3_per_day, r.gap) == ("no_solution", [], 0.0, None)


def test_one_info_line(parallel: nx.MultiDiGraph, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=interdiction.__name__):
        worst_case(parallel, k=1)
    lines = [r for r in caplog.records if r.name == interdiction.__name__]
    assert [r.levelno for r in lines] == [logging.INFO]
    assert "8.0 -> 3.0 m3/day" in lines[0].getMessage()


# --------------------------------------------------------------------------------------------
# Exhaustive search on random small networks


@st.composite
def small_networks(draw: st.DrawFn) -> nx.MultiDiGraph:
    n = draw(st.integers(3, 6))
    nodes: dict[Hashable, dict[str, Any]] = {i: {} for i in range(n)}
    nodes[0] = dict(PORT)
    nodes[n - 1] = dict(BAMAKO)
    if draw(st.booleans()):
        nodes[1] = {
            "name": "Port 2",
            "role": "port",
            "supply_m3_per_day": float(draw(st.integers(0, 9))),
            "capacity_trucks_per_day": float(draw(st.integers(1, 9))),
        }
    for i in range(1, n - 1):
        if not nodes[i] and draw(st.booleans()):
            cap = draw(st.none() | st.integers(0, 12).map(float))
            nodes[i] = {"name": f"Post {i}", "role": "border"}
            if cap is not None:
                nodes[i]["capacity_trucks_per_day"] = cap
    pairs = st.tuples(
        st.integers(0, n - 1), st.integers(0, n - 1), st.integers(0, 9), st.booleans()
    )
    roads = draw(st.lists(pairs, min_size=1, max_size=8))
    return _net(nodes, [(u, v, f"S{i}", cap, one) for i, (u, v, cap, one) in enumerate(roads)])


@FEW
@given(small_networks(), st.booleans())
def test_mip_equals_exhaustive_search(g: nx.MultiDiGraph, nodes: bool) -> None:
    sink = max(g.nodes)
    for k in (1, 2):
        exact = worst_case(g, k=k, sink=sink, interdict_nodes=nodes)
        assert exact.status == "optimal"
        best, combo = _exhaustive(g, sink, k, nodes)
        assert exact.remaining_m3_per_day == pytest.approx(best, abs=1e-6)
        # _exhaustive tries smaller closures first: its combo is a smallest worst-case attack
        assert len(exact.segments) + len(exact.nodes) == len(combo)
        _certify(g, sink, exact)
        greedy = greedy_worst_case(g, k=k, sink=sink, interdict_nodes=nodes)
        _certify(g, sink, greedy)
        assert greedy.remaining_m3_per_day >= exact.remaining_m3_per_day - 1e-6


# --------------------------------------------------------------------------------------------
# The embedded network


def test_embedded_defaults_match_the_lp_and_minimum_cut(embedded_network: nx.MultiDiGraph) -> None:
    g = embedded_network
    model = build_model(g, load_model_parameters(), mode="throughput")
    hub = next(n for n, name in g.nodes(data="name") if name == "Bamako")
    node_caps = {n: c for n, c in model.node_capacity_m3.items() if n not in model.load}
    cut = minimum_cut(g, sources=dict(model.supply_limit_m3), sink=hub,
                      edge_capacity_m3=model.edge_capacity_m3, node_capacity_m3=node_caps)  # fmt: skip
    default = worst_case(g, k=2)
    explicit = worst_case(
        g, k=2, edge_capacity_m3=model.edge_capacity_m3, node_capacity_m3=node_caps,
        supply_limit_m3=model.supply_limit_m3,
    )  # fmt: skip
    assert default.baseline_m3_per_day == pytest.approx(cut.value_m3_per_day)
    assert default.baseline_m3_per_day == pytest.approx(_oracle(g, hub))
    assert explicit.remaining_m3_per_day == pytest.approx(default.remaining_m3_per_day)


def test_embedded_k1_equals_exhaustive_search(embedded_network: nx.MultiDiGraph) -> None:
    g = embedded_network
    hub = next(n for n, name in g.nodes(data="name") if name == "Bamako")
    r = worst_case(g, k=1)
    best, _ = _exhaustive(g, hub, 1)
    assert r.remaining_m3_per_day == pytest.approx(best)
    assert r.remaining_m3_per_day < r.baseline_m3_per_day
    _certify(g, hub, r)
    assert greedy_worst_case(g, k=1).remaining_m3_per_day == pytest.approx(best)


@pytest.mark.parametrize("k", [2, 3])
def test_embedded_highs_and_cbc_agree(embedded_network: nx.MultiDiGraph, k: int) -> None:
    g = embedded_network
    hub = next(n for n, name in g.nodes(data="name") if name == "Bamako")
    highs = worst_case(g, k=k, solver="highs")
    cbc = worst_case(g, k=k, solver="cbc")
    assert highs.status == cbc.status == "optimal"
    assert highs.remaining_m3_per_day == pytest.approx(cbc.remaining_m3_per_day)
    _certify(g, hub, highs)
    _certify(g, hub, cbc)
    fewer = worst_case(g, k=k - 1)
    assert highs.remaining_m3_per_day <= fewer.remaining_m3_per_day
    assert highs.remaining_m3_per_day <= greedy_worst_case(g, k=k).remaining_m3_per_day
    with_posts = worst_case(g, k=k, interdict_nodes=True)
    assert with_posts.remaining_m3_per_day <= highs.remaining_m3_per_day + 1e-6
    _certify(g, hub, with_posts)


def test_bad_arguments_are_in_the_error_family(parallel: nx.MultiDiGraph) -> None:
    # Still the ValueError / NodeNotFound / KeyError documented before, and a ParameterError,
    # so `except SupplyChainError` catches every bad input.
    from supplychain.errors import ArgumentError

    for call, kind in (
        (lambda: worst_case(parallel, k=-1), ValueError),
        (lambda: worst_case(parallel, k=1, sink="Timbuktu"), nx.NodeNotFound),
        (lambda: worst_case(parallel, k=1, edge_capacity_m3={("P", "B", 0): 1.0}), KeyError),
        (lambda: worst_case(parallel, k=1, edge_capacity_m3={("P", "a", 0): math.nan}), ValueError),
    ):
        with pytest.raises(ParameterError) as err:
            call()
        assert isinstance(err.value, kind)
    assert str(ArgumentError("k = -1")) == "k = -1"
    with pytest.raises(ParameterError, match=r"^edge_capacity_m3 names edge \('P', 'B', 0\), which "
                       r"is not in the network; key edges by \(u, v, key\) of this graph$"):
        worst_case(parallel, k=1, edge_capacity_m3={("P", "B", 0): 1.0})
