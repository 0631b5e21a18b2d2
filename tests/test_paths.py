"""Flow decomposition, minimum cut and alternative routes: hand answers and networkx oracles."""

from __future__ import annotations

import json
import logging
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplychain.models.paths import (
    PathFlow,
    alternative_routes,
    decompose_flows,
    minimum_cut,
)

Edge = tuple[Any, Any, Any]
TANKER_M3 = 46.0
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _graph(
    edges: Iterable[tuple[Any, ...]],
    nodes: dict[Hashable, dict[str, Any]] | None = None,
) -> nx.MultiDiGraph:
    """Tiny network: edges ``(u, v, segment_id, length_km[, capacity[, travel_time_h]])``.

    Nodes are named after their id unless ``nodes`` says otherwise.
    """
    g = nx.MultiDiGraph()
    for u, v, sid, km, *rest in edges:
        cap = rest[0] if rest else 100.0
        hours = rest[1] if len(rest) > 1 else km / 50.0
        for n in (u, v):
            if n not in g:
                g.add_node(n, name=str(n), role="junction")
        g.add_edge(
            u, v, segment_id=sid, length_km=km, travel_time_h=hours, capacity_trucks_per_day=cap
        )
    for n, attrs in (nodes or {}).items():
        g.add_node(n, **{"name": str(n), "role": "junction", **attrs})
    return g


def _shares(path: PathFlow, p: dict[Any, float], q: dict[Any, float]) -> tuple[list, float]:
    """Share of the loaded volume entering each edge, and the share delivered (the definition)."""
    share, entering = 1.0, []
    for node, edge in zip(path.nodes, [*path.edges, None], strict=True):
        share *= 1.0 - q.get(node, 0.0)
        if edge is None:
            break
        entering.append(share)
        share *= 1.0 - p.get(edge, 0.0)
    return entering, share


def _assert_decomposition(
    graph: nx.MultiDiGraph,
    paths: list[PathFlow],
    flow: dict[Any, float],
    loaded: dict[Any, float],
    delivered: dict[Any, float],
    p: dict[Any, float] | None = None,
    q: dict[Any, float] | None = None,
    tol: float = 1e-6,
) -> None:
    """Paths reproduce every edge flow, load and delivery; each path is consistent."""
    p, q = p or {}, q or {}
    got_flow: dict[Any, float] = defaultdict(float)
    got_loaded: dict[Any, float] = defaultdict(float)
    got_delivered: dict[Any, float] = defaultdict(float)
    for path in paths:
        assert path.loaded_m3_per_day > 0
        assert len(path.nodes) == len(path.edges) + 1
        for (u, v, k), a, b in zip(path.edges, path.nodes[:-1], path.nodes[1:], strict=True):
            assert (u, v) == (a, b) and graph.has_edge(u, v, k)
        entering, arriving = _shares(path, p, q)
        for edge, share in zip(path.edges, entering, strict=True):
            got_flow[edge] += path.loaded_m3_per_day * share
        got_loaded[path.nodes[0]] += path.loaded_m3_per_day
        if path.is_lost:
            assert path.delivered_m3_per_day == 0.0
            # everything is gone on the last edge or at the last node
            assert arriving == 0.0 or (path.edges and p.get(path.edges[-1], 0.0) == 1.0)
        else:
            assert path.destination == graph.nodes[path.nodes[-1]]["name"]
            assert math.isclose(
                path.delivered_m3_per_day, path.loaded_m3_per_day * arriving, rel_tol=1e-9
            )
            got_delivered[path.nodes[-1]] += path.delivered_m3_per_day
        assert math.isclose(
            path.lost_m3_per_day,
            path.loaded_m3_per_day - path.delivered_m3_per_day,
            rel_tol=1e-9,
            abs_tol=1e-12,
        )
        assert path.origin == graph.nodes[path.nodes[0]]["name"]
        assert path.segments == [graph.edges[e]["segment_id"] for e in path.edges]
        assert math.isclose(
            path.length_km, sum(graph.edges[e]["length_km"] for e in path.edges), abs_tol=1e-9
        )
    for expected, got in ((flow, got_flow), (loaded, got_loaded), (delivered, got_delivered)):
        for item in {*expected, *got}:
            assert abs(expected.get(item, 0.0) - got.get(item, 0.0)) <= tol, item
    json.dumps([path.to_dict() for path in paths])


# --------------------------------------------------------------------------------------------
# decompose_flows: hand answers


def test_two_origins_share_a_junction() -> None:
    g = _graph(
        [
            ("P1", "J", "a", 10.0),
            ("P2", "J", "b", 20.0),
            ("J", "C1", "c", 30.0),
            ("J", "C2", "d", 40.0),
        ]
    )
    flow = {("P1", "J", 0): 6.0, ("P2", "J", 0): 4.0, ("J", "C1", 0): 7.0, ("J", "C2", 0): 3.0}
    loaded, delivered = {"P1": 6.0, "P2": 4.0}, {"C1": 7.0, "C2": 3.0}
    paths = decompose_flows(g, flow, loaded, delivered)
    # greedy by hand: P1 takes the larger out-edge J->C1 (6); P2 then J->C2 (3), J->C1 (1)
    assert [(pf.origin, pf.destination, pf.loaded_m3_per_day) for pf in paths] == [
        ("P1", "C1", 6.0),
        ("P2", "C2", 3.0),
        ("P2", "C1", 1.0),
    ]
    assert paths[1].segments == ["b", "d"] and paths[1].length_km == 60.0
    _assert_decomposition(g, paths, flow, loaded, delivered)


def test_partial_and_total_losses() -> None:
    g = _graph([("P", "A", "PA", 10.0), ("P", "B", "PB", 20.0), ("B", "C", "BC", 30.0)])
    flow = {("P", "A", 0): 4.0, ("P", "B", 0): 6.0, ("B", "C", 0): 3.0}
    p = {("P", "A", 0): 1.0, ("P", "B", 0): 0.5}
    paths = decompose_flows(g, flow, {"P": 10.0}, {"C": 3.0}, edge_loss=p)
    delivered, lost = paths
    assert (delivered.nodes, delivered.loaded_m3_per_day, delivered.delivered_m3_per_day) == (
        ["P", "B", "C"],
        6.0,
        3.0,
    )
    assert delivered.lost_m3_per_day == 3.0 and not delivered.is_lost
    # the p = 1 edge: a lost path ending at the edge's head, nothing delivered, no destination
    assert (lost.nodes, lost.edges, lost.destination) == (["P", "A"], [("P", "A", 0)], "")
    assert (lost.loaded_m3_per_day, lost.delivered_m3_per_day, lost.lost_m3_per_day) == (
        4.0,
        0.0,
        4.0,
    )
    assert lost.is_lost and lost.to_dict()["is_lost"] is True
    _assert_decomposition(g, paths, flow, {"P": 10.0}, {"C": 3.0}, p)


def test_node_losses_apply_at_origin_border_and_destination() -> None:
    g = _graph(
        [("P", "B", "PB", 100.0), ("B", "C", "BC", 50.0)],
        {"B": {"name": "Border post", "role": "border"}},
    )
    q = {"P": 0.1, "B": 0.5, "C": 0.2}
    # loaded 10 -> 9 enter P->B -> 4.5 enter B->C -> 3.6 delivered
    flow = {("P", "B", 0): 9.0, ("B", "C", 0): 4.5}
    [path] = decompose_flows(g, flow, {"P": 10.0}, {"C": 3.6}, node_loss=q)
    assert math.isclose(path.delivered_m3_per_day, 3.6)
    assert path.border_posts == ["Border post"] and path.length_km == 150.0
    # 9 reach the post; its own loss comes after the crossing, as in the border table (mut34)
    assert path.crossed_m3_per_day == [pytest.approx(9.0)]
    _assert_decomposition(g, [path], flow, {"P": 10.0}, {"C": 3.6}, q=q)


def test_node_that_destroys_everything_ends_a_lost_path() -> None:
    g = _graph([("P", "B", "PB", 10.0), ("B", "C", "BC", 10.0)])
    [path] = decompose_flows(g, {("P", "B", 0): 10.0}, {"P": 10.0}, {}, node_loss={"B": 1.0})
    assert (path.nodes, path.destination, path.lost_m3_per_day) == (["P", "B"], "", 10.0)


def test_delivery_at_the_loading_node_is_a_path_without_edges() -> None:
    g = _graph([("C", "D", "CD", 10.0)])
    [path] = decompose_flows(g, {}, {"C": 5.0}, {"C": 4.0}, node_loss={"C": 0.2})
    assert (path.nodes, path.edges, path.origin, path.destination) == (["C"], [], "C", "C")
    assert (path.delivered_m3_per_day, path.length_km, path.travel_time_h) == (4.0, 0.0, 0.0)


def test_rounding_noise_within_tolerance_is_absorbed() -> None:
    g = _graph([("P", "C", "PC", 10.0)])
    flow = {("P", "C", 0): 10.0 + 3e-9}
    paths = decompose_flows(g, flow, {"P": 10.0}, {"C": 10.0 - 2e-9})
    assert len(paths) == 1
    _assert_decomposition(g, paths, flow, {"P": 10.0}, {"C": 10.0})


def test_lossless_cycle_is_cancelled_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    g = _graph(
        [("P", "A", "PA", 1.0), ("A", "C", "AC", 1.0), ("A", "B", "AB", 1.0), ("B", "A", "AB", 1.0)]
    )
    flow = {("P", "A", 0): 5.0, ("A", "C", 0): 5.0, ("A", "B", 0): 7.0, ("B", "A", 0): 7.0}
    with caplog.at_level(logging.WARNING, logger="supplychain.models.paths"):
        paths = decompose_flows(g, flow, {"P": 5.0}, {"C": 5.0})
    assert [(pf.nodes, pf.loaded_m3_per_day) for pf in paths] == [(["P", "A", "C"], 5.0)]
    assert "circulation of 7" in caplog.text
    # a circulation no walk from a loading point reaches is cancelled too
    flow[("A", "B", 0)] = flow[("B", "A", 0)] = 2.0
    with caplog.at_level(logging.WARNING, logger="supplychain.models.paths"):
        assert len(decompose_flows(g, flow, {"P": 5.0}, {"C": 5.0})) == 1
    assert "circulation of 2" in caplog.text


def test_lossy_cycle_raises() -> None:
    g = _graph(
        [("P", "A", "PA", 1.0), ("A", "C", "AC", 1.0), ("A", "B", "AB", 1.0), ("B", "A", "AB", 1.0)]
    )
    flow = {("P", "A", 0): 10.0, ("A", "B", 0): 10.0, ("B", "A", 0): 10.0, ("A", "C", 0): 5.0}
    with pytest.raises(ValueError, match="cycle with losses"):
        decompose_flows(g, flow, {"P": 10.0}, {"C": 5.0}, edge_loss={("B", "A", 0): 0.5})


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"delivered_m3": {"C": 7.0}}, ValueError, "not conserved at 1 node.*'C'"),
        ({"edge_flow_m3": {("P", "C", 0): -1.0}}, ValueError, "finite and >= 0"),
        ({"edge_flow_m3": {("P", "X", 0): 1.0}}, KeyError, "not in the network"),
        ({"loaded_m3": {"X": 1.0}}, nx.NodeNotFound, "'X'"),
        ({"edge_loss": {("P", "C", 0): 1.5}}, ValueError, r"\[0, 1\]"),
        ({"tol": -1.0}, ValueError, "tol"),
    ],
)
def test_bad_input_raises(kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    g = _graph([("P", "C", "PC", 10.0)])
    args: dict[str, Any] = {
        "edge_flow_m3": {("P", "C", 0): 10.0},
        "loaded_m3": {"P": 10.0},
        "delivered_m3": {"C": 10.0},
    }
    args.update(kwargs)
    with pytest.raises(error, match=match):
        decompose_flows(g, **args)


# --------------------------------------------------------------------------------------------
# decompose_flows: properties


@st.composite
def _dag_path_flows(draw: st.DrawFn) -> tuple:
    """A random DAG with losses and flows summed from random paths (some lost)."""
    n = draw(st.integers(2, 7))
    edges = []
    for i in range(n):
        for j in range(i + 1, n):
            for k in range(draw(st.sampled_from([0, 0, 1, 2]))):
                edges.append((i, j, f"s{i}-{j}-{k}", float(draw(st.integers(1, 100)))))
    g = _graph(edges, {i: {} for i in range(n)})
    p = {e: draw(st.sampled_from([0.0, 0.0, 0.1, 0.5, 1.0])) for e in g.edges(keys=True)}
    q = {v: draw(st.sampled_from([0.0, 0.0, 0.0, 0.2, 1.0])) for v in g.nodes}
    flow: dict[Any, float] = defaultdict(float)
    loaded: dict[Any, float] = defaultdict(float)
    delivered: dict[Any, float] = defaultdict(float)
    for _ in range(draw(st.integers(1, 6))):
        node = draw(st.integers(0, n - 1))
        volume = draw(st.floats(1.0, 100.0))
        loaded[node] += volume
        share = 1.0
        while True:
            share *= 1.0 - q[node]
            out = sorted(g.out_edges(node, keys=True))
            if share == 0.0:
                break
            if not out or draw(st.booleans()):
                delivered[node] += volume * share
                break
            edge = draw(st.sampled_from(out))
            flow[edge] += volume * share
            share *= 1.0 - p[edge]
            node = edge[1]
            if share == 0.0:
                break
    return g, dict(flow), dict(loaded), dict(delivered), p, q


@FAST
@given(_dag_path_flows())
def test_decomposition_reproduces_summed_path_flows(case: tuple) -> None:
    g, flow, loaded, delivered, p, q = case
    paths = decompose_flows(g, flow, loaded, delivered, edge_loss=p, node_loss=q)
    _assert_decomposition(g, paths, flow, loaded, delivered, p, q)
    # what is lost is what the edges and nodes destroy
    inflow: dict[Any, float] = defaultdict(float)
    for (u, v, k), f in flow.items():
        inflow[v] += (1.0 - p[(u, v, k)]) * f
    destroyed = sum(p[e] * f for e, f in flow.items()) + sum(
        q[v] * (inflow[v] + loaded.get(v, 0.0)) for v in g.nodes
    )
    assert math.isclose(
        sum(pf.lost_m3_per_day for pf in paths), destroyed, rel_tol=1e-9, abs_tol=1e-6
    )


@FAST
@given(st.data())
def test_decomposition_of_networkx_min_cost_flow(data: st.DataObject) -> None:
    n = data.draw(st.integers(3, 7))
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
    chosen = data.draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=14, unique=True))
    g = nx.MultiDiGraph()
    g.add_nodes_from((i, {"name": f"N{i}", "role": "junction"}) for i in range(n))
    net = nx.DiGraph()
    for u, v in chosen:
        caps = data.draw(st.lists(st.integers(0, 10), min_size=1, max_size=2))
        for k, cap in enumerate(caps):
            g.add_edge(
                u,
                v,
                k,
                segment_id=f"{u}-{v}",
                length_km=1.0,
                travel_time_h=1.0,
                capacity_trucks_per_day=float(cap),
            )
        # positive costs: a min-cost flow has no cycles
        net.add_edge(u, v, capacity=sum(caps), weight=data.draw(st.integers(1, 5)))
    supply = data.draw(st.dictionaries(st.integers(0, n - 1), st.integers(1, 15), min_size=1))
    demand = data.draw(st.dictionaries(st.integers(0, n - 1), st.integers(1, 15), min_size=1))
    for s, cap in supply.items():
        net.add_edge("S", ("in", s), capacity=cap, weight=0)
        net.add_edge(("in", s), s, capacity=cap, weight=0)
    for t, cap in demand.items():
        net.add_edge(t, ("out", t), capacity=cap, weight=0)
        net.add_edge(("out", t), "T", capacity=cap, weight=0)
    best = nx.max_flow_min_cost(net, "S", "T")
    flow: dict[Any, float] = {}
    for u, v in chosen:
        left = best[u][v]
        for k in sorted(g[u][v]):  # fill the parallel edges in key order
            flow[(u, v, k)] = float(min(left, g.edges[u, v, k]["capacity_trucks_per_day"]))
            left -= flow[(u, v, k)]
    loaded = {s: float(best["S"][("in", s)]) for s in supply}
    delivered = {t: float(best[("out", t)]["T"]) for t in demand}
    paths = decompose_flows(g, flow, loaded, delivered)
    _assert_decomposition(g, paths, flow, loaded, delivered)
    total = sum(pf.delivered_m3_per_day for pf in paths)
    assert math.isclose(total, nx.maximum_flow_value(net, "S", "T"), abs_tol=1e-6)


@FAST
@given(_dag_path_flows(), st.randoms(use_true_random=False))
def test_decomposition_absorbs_solver_rounding_noise(case: tuple, rnd: Any) -> None:
    g, flow, loaded, delivered, p, q = case

    def noisy(values: dict) -> dict:
        return {k: max(0.0, v + rnd.uniform(-3e-8, 3e-8)) for k, v in values.items()}

    flow, loaded, delivered = noisy(flow), noisy(loaded), noisy(delivered)
    paths = decompose_flows(g, flow, loaded, delivered, edge_loss=p, node_loss=q)
    _assert_decomposition(g, paths, flow, loaded, delivered, p, q)


# --------------------------------------------------------------------------------------------
# minimum_cut


def _two_ports() -> nx.MultiDiGraph:
    return _graph(
        [
            ("P1", "B", "P1-B", 10.0),
            ("B", "C", "B-C", 10.0),
            ("P2", "C", "P2-C", 10.0),
            ("C", "P2", "P2-C", 10.0),
        ],
        {
            "P1": {"name": "Port 1", "role": "port"},
            "P2": {"name": "Port 2", "role": "port"},
            "B": {"name": "Border", "role": "border"},
            "C": {"name": "City", "role": "city"},
        },
    )


def test_minimum_cut_hand_answers() -> None:
    g = _two_ports()
    caps = {("P1", "B", 0): 200.0, ("B", "C", 0): 200.0, ("P2", "C", 0): 20.0, ("C", "P2", 0): 20.0}
    # Port 1's 100 pass a border of 50; Port 2's 30 a road of 20
    cut = minimum_cut(
        g,
        sources={"P1": 100.0, "P2": 30.0},
        sink="C",
        edge_capacity_m3=caps,
        node_capacity_m3={"B": 50.0},
    )
    assert (cut.value_m3_per_day, cut.nodes, cut.segments, cut.sources_cut) == (
        70.0,
        ["Border"],
        ["P2-C"],
        [],
    )
    # Port 2 supplying 10: its supply is the limit
    cut = minimum_cut(
        g,
        sources={"P1": 100.0, "P2": 10.0},
        sink="C",
        edge_capacity_m3=caps,
        node_capacity_m3={"B": 50.0},
    )
    assert (cut.value_m3_per_day, cut.segments, cut.sources_cut) == (60.0, [], ["Port 2"])
    # an edge missing from the capacities is closed and shows as such
    open_caps = {e: c for e, c in caps.items() if e != ("P2", "C", 0)}
    cut = minimum_cut(
        g,
        sources={"P1": 100.0, "P2": 30.0},
        sink="C",
        edge_capacity_m3=open_caps,
        node_capacity_m3={"B": 50.0},
    )
    assert (cut.value_m3_per_day, cut.closed_segments) == (50.0, ["P2-C"])
    # the sink's own capacity counts
    cut = minimum_cut(
        g,
        sources={"P1": 100.0, "P2": 30.0},
        sink="C",
        edge_capacity_m3=caps,
        node_capacity_m3={"B": 50.0, "C": 40.0},
    )
    assert (cut.value_m3_per_day, cut.nodes) == (40.0, ["City"])
    assert json.loads(json.dumps(cut.to_dict()))["nodes"] == ["City"]


def test_minimum_cut_sums_parallel_edges_and_allows_unlimited_ones() -> None:
    g = _graph([("P", "C", "a", 1.0), ("P", "C", "b", 1.0)])
    caps = {("P", "C", 0): 10.0, ("P", "C", 1): 15.0}
    cut = minimum_cut(g, sources={"P": 100.0}, sink="C", edge_capacity_m3=caps, node_capacity_m3={})
    assert (cut.value_m3_per_day, cut.segments) == (25.0, ["a", "b"])
    caps[("P", "C", 1)] = math.inf
    cut = minimum_cut(g, sources={"P": 100.0}, sink="C", edge_capacity_m3=caps, node_capacity_m3={})
    assert (cut.value_m3_per_day, cut.segments, cut.sources_cut) == (100.0, [], ["P"])


def _oracle_max_flow(
    graph: nx.MultiDiGraph,
    sources: dict[Any, float],
    sink: Hashable,
    edge_cap: dict[Any, float],
    node_cap: dict[Any, float],
) -> float:
    """Independent construction: every node split, parallel edges as separate arcs via hubs."""
    net = nx.DiGraph()
    for n in graph.nodes:
        net.add_edge(f"{n}|in", f"{n}|out", **({"capacity": node_cap[n]} if n in node_cap else {}))
    for u, v, k in graph.edges(keys=True):
        mid = f"{u}|{v}|{k}"  # one arc per parallel edge through its own midpoint
        net.add_edge(f"{u}|out", mid, capacity=edge_cap.get((u, v, k), 0.0))
        net.add_edge(mid, f"{v}|in")
    for s, supply in sources.items():
        net.add_edge("super", f"{s}|in", capacity=supply)
    return float(nx.maximum_flow_value(net, "super", f"{sink}|out"))


def _assert_cut_disconnects(
    graph: nx.MultiDiGraph,
    cut: Any,
    sources: dict[Any, float],
    sink: Hashable,
    edge_cap: dict[Any, float],
    node_cap: dict[Any, float],
) -> None:
    """Removing what the cut names leaves nothing reaching the sink."""
    by_name = {graph.nodes[n]["name"]: n for n in graph.nodes}
    cut_nodes = {by_name[name] for name in cut.nodes}
    cut_sources = {by_name[name] for name in cut.sources_cut}
    edge_cap = {
        e: 0.0 if graph.edges[e]["segment_id"] in cut.segments else c for e, c in edge_cap.items()
    }
    node_cap = {**node_cap, **dict.fromkeys(cut_nodes, 0.0)}
    sources = {s: 0.0 if s in cut_sources else v for s, v in sources.items()}
    assert _oracle_max_flow(graph, sources, sink, edge_cap, node_cap) == 0.0


def test_minimum_cut_on_embedded_network_matches_networkx(
    embedded_network: nx.MultiDiGraph,
) -> None:
    g = embedded_network
    hub = next(n for n, d in g.nodes(data=True) if d["name"] == "Bamako")
    sources = {
        n: d["supply_m3_per_day"] for n, d in g.nodes(data=True) if d.get("supply_m3_per_day")
    }
    edge_cap = {
        (u, v, k): d["capacity_trucks_per_day"] * TANKER_M3
        for u, v, k, d in g.edges(keys=True, data=True)
    }
    node_cap = {
        n: d["capacity_trucks_per_day"] * TANKER_M3
        for n, d in g.nodes(data=True)
        if d.get("capacity_trucks_per_day") is not None and d["role"] == "border"
    }
    cut = minimum_cut(
        g, sources=sources, sink=hub, edge_capacity_m3=edge_cap, node_capacity_m3=node_cap
    )
    assert 0 < cut.value_m3_per_day <= sum(sources.values())
    assert math.isclose(
        cut.value_m3_per_day, _oracle_max_flow(g, sources, hub, edge_cap, node_cap), rel_tol=1e-9
    )
    _assert_cut_disconnects(g, cut, sources, hub, edge_cap, node_cap)


@FAST
@given(st.data())
def test_minimum_cut_matches_networkx_on_random_graphs(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 6))
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
    chosen = data.draw(st.lists(st.sampled_from(pairs), max_size=12))  # repeats: parallel edges
    g = _graph(
        [(u, v, f"{min(u, v)}-{max(u, v)}", 1.0) for u, v in chosen], {i: {} for i in range(n)}
    )
    cap = st.integers(0, 20).map(float)
    edge_cap = {e: data.draw(cap) for e in g.edges(keys=True)}
    node_cap = data.draw(st.dictionaries(st.integers(0, n - 1), cap))
    sources = data.draw(st.dictionaries(st.integers(0, n - 1), cap, min_size=1))
    sink = data.draw(st.integers(0, n - 1))
    cut = minimum_cut(
        g, sources=sources, sink=sink, edge_capacity_m3=edge_cap, node_capacity_m3=node_cap
    )
    assert cut.value_m3_per_day == _oracle_max_flow(g, sources, sink, edge_cap, node_cap)
    _assert_cut_disconnects(g, cut, sources, sink, edge_cap, node_cap)


# --------------------------------------------------------------------------------------------
# alternative_routes


def _diamond() -> nx.MultiDiGraph:
    """P -> X -> C (200 km, slow), P -> Y -> C (300 km, fast), a 90 km bypass parallel to P-X."""
    return _graph(
        [
            ("P", "X", "PX", 100.0, 40.0, 4.0),
            ("P", "X", "PX-bypass", 90.0, 30.0, 4.5),
            ("X", "C", "XC", 100.0, 50.0, 4.0),
            ("P", "Y", "PY", 150.0, 60.0, 2.0),
            ("Y", "C", "YC", 150.0, 60.0, 2.0),
            ("C", "P", "CP", 10.0, 60.0, 1.0),
        ],
        {
            "P": {"name": "Port", "role": "port", "capacity_trucks_per_day": 35.0},
            "Y": {"name": "Border", "role": "border", "capacity_trucks_per_day": 45.0},
            "C": {"name": "City", "role": "city", "capacity_trucks_per_day": 1.0},
        },
    )


def test_routes_by_length_with_parallel_edges_collapsed() -> None:
    alt = alternative_routes(_diamond(), "P", "C", k=5, tanker_m3=TANKER_M3)
    assert (alt.origin, alt.destination) == ("Port", "City")
    first, second = alt.routes
    assert (first.segments, first.cost, first.length_km) == (["PX-bypass", "XC"], 190.0, 190.0)
    assert first.edges == [("P", "X", 1), ("X", "C", 0)]
    assert first.travel_time_h == 8.5
    # the bypass (30) limits; the port's 35 counts, the city's own 1 does not
    assert (first.capacity_trucks_per_day, first.capacity_m3_per_day) == (30.0, 30.0 * TANKER_M3)
    assert (second.segments, second.border_posts) == (["PY", "YC"], ["Border"])
    assert second.capacity_trucks_per_day == 35.0
    assert alt.disjoint is not None and alt.disjoint.segments == ["PY", "YC"]
    json.dumps(alt.to_dict())


def test_routes_by_callable_weight_and_exclusions() -> None:
    g = _diamond()
    alt = alternative_routes(
        g, "P", "C", k=1, weight=lambda d: d["travel_time_h"], tanker_m3=TANKER_M3
    )
    assert [r.segments for r in alt.routes] == [["PY", "YC"]] and alt.routes[0].cost == 4.0
    # ... the disjoint route may use the slower parallel edge
    assert alt.disjoint is not None and alt.disjoint.segments == ["PX", "XC"]
    alt = alternative_routes(g, "P", "C", excluded_segments={"PX-bypass"}, tanker_m3=TANKER_M3)
    assert [r.segments for r in alt.routes] == [["PX", "XC"], ["PY", "YC"]]
    # An excluded segment stays excluded from the disjoint route too: PY is the only way
    # around PX-bypass and XC, so there is none (mut34: it was unguarded)
    alt = alternative_routes(g, "P", "C", excluded_segments={"PY"}, tanker_m3=TANKER_M3)
    assert [r.segments for r in alt.routes] == [["PX-bypass", "XC"]] and alt.disjoint is None
    alt = alternative_routes(g, "P", "C", excluded_nodes={"X"}, tanker_m3=TANKER_M3)
    assert [r.segments for r in alt.routes] == [["PY", "YC"]] and alt.disjoint is None
    g.edges["P", "Y", 0]["capacity_trucks_per_day"] = 0.0  # closed road
    alt = alternative_routes(g, "P", "C", tanker_m3=TANKER_M3)
    assert [r.segments for r in alt.routes] == [["PX-bypass", "XC"]] and alt.disjoint is None
    alt = alternative_routes(g, "P", "C", excluded_nodes={"P"}, tanker_m3=TANKER_M3)
    assert (alt.routes, alt.disjoint) == ([], None)
    alt = alternative_routes(g, "C", "Y", excluded_segments={"CP"}, tanker_m3=TANKER_M3)
    assert (alt.routes, alt.disjoint) == ([], None)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"k": 0}, ValueError),
        ({"tanker_m3": 0.0}, ValueError),
        ({"destination": "P"}, ValueError),
        ({"destination": "nowhere"}, nx.NodeNotFound),
        ({"weight": "toll"}, ValueError),
        ({"weight": lambda d: -1.0}, ValueError),
    ],
)
def test_alternative_routes_bad_input(kwargs: dict[str, Any], error: type[Exception]) -> None:
    args: dict[str, Any] = {"origin": "P", "destination": "C", "tanker_m3": TANKER_M3, **kwargs}
    with pytest.raises(error):
        alternative_routes(_diamond(), **args)


def test_alternatives_from_every_loading_point_to_bamako(
    embedded_network: nx.MultiDiGraph,
) -> None:
    g = embedded_network
    hub = next(n for n, d in g.nodes(data=True) if d["name"] == "Bamako")
    origins = [n for n, d in g.nodes(data=True) if d["role"] in ("port", "depot")]
    sikasso = next(n for n, d in g.nodes(data=True) if d["name"] == "Sikasso")
    assert len(origins) == 6
    for origin in [*origins, sikasso]:
        alt = alternative_routes(g, origin, hub, k=3, tanker_m3=TANKER_M3)
        assert alt.routes and alt.destination == "Bamako"
        best = nx.shortest_path_length(g, origin, hub, weight="length_km")
        assert math.isclose(alt.routes[0].cost, best, rel_tol=1e-9)
        costs = [r.cost for r in alt.routes]
        assert costs == sorted(costs)
        for r in alt.routes:
            assert r.nodes[0] == origin and r.nodes[-1] == hub
            assert len(set(r.nodes)) == len(r.nodes) and r.capacity_trucks_per_day > 0
        first = set(alt.routes[0].segments)
        others = nx.subgraph_view(
            g,
            filter_edge=lambda u, v, k, first=first: g.edges[u, v, k]["segment_id"] not in first,
        )
        assert (alt.disjoint is not None) == nx.has_path(others, origin, hub)
        if alt.disjoint is not None:
            assert not first & set(alt.disjoint.segments)
            best = nx.shortest_path_length(others, origin, hub, weight="length_km")
            assert math.isclose(alt.disjoint.cost, best, rel_tol=1e-9)
        json.dumps(alt.to_dict())
    alt = alternative_routes(g, sikasso, hub, tanker_m3=TANKER_M3)
    assert alt.disjoint is not None


def test_to_dict_keeps_numpy_node_ids_as_numbers() -> None:
    """A network built from a table has numpy node ids: the paths' JSON copies turned them into
    strings ('34' where the report's and interdiction's JSON copy, supplychain._json.jsonable,
    gives 34); one JSON copy now serves both (found by review, 2026-12-04)."""
    import numpy as np

    p = PathFlow([np.int64(34), np.int64(35)], [(np.int64(34), np.int64(35), 0)], 10.0, 9.0, 1.0,
                 ["R1"], 100.0, 2.0, [], "P", "C")  # fmt: skip
    d = p.to_dict()
    assert d["nodes"] == [34, 35] and d["edges"] == [[34, 35, 0]]
    assert json.loads(json.dumps(d))["nodes"] == [34, 35]


def _port_depot_bamako(*, port_capacity: float | None) -> nx.MultiDiGraph:
    """Port P (100 m3/day) -> transit depot D (loads nothing, 5 trucks/day) -> Bamako, roads
    of 50 trucks/day, tankers of 1 m3."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    g.add_node("P", name="Port", role="port", supply_m3_per_day=100.0)
    if port_capacity is not None:
        g.nodes["P"]["capacity_trucks_per_day"] = port_capacity
    g.add_node("D", name="Depot", role="depot", capacity_trucks_per_day=5.0)
    g.add_node("B", name="Bamako", role="city", demand_m3_per_day=30.0)
    for u, v in (("P", "D"), ("D", "B")):
        g.add_edge(u, v, segment_id=f"R{u}{v}", capacity_trucks_per_day=50.0, length_km=1.0,
                   travel_time_h=1.0, corridors=[])  # fmt: skip
    return g


def test_a_transit_depot_on_the_way_binds_a_route_as_in_the_lp() -> None:
    # README: a port or depot that loads nothing limits the traffic through it, as a border
    # post does; the route through it was given the roads' 50 trucks/day (the LP carries 5).
    alt = alternative_routes(_port_depot_bamako(port_capacity=None), "P", "B", k=1, tanker_m3=1.0)
    assert alt.routes[0].capacity_trucks_per_day == pytest.approx(5.0)
    g = _port_depot_bamako(port_capacity=None)
    g.nodes["D"]["supply_m3_per_day"] = 10.0  # a depot that loads: driven through, not a limit
    assert alternative_routes(g, "P", "B", k=1, tanker_m3=1.0).routes[0].capacity_trucks_per_day == pytest.approx(50.0)


def test_a_border_post_that_loads_does_not_bind_a_route_driven_through_as_in_the_lp() -> None:
    # README: a place with a supply is a loading point, its capacity caps its loading only; the
    # LP (and the timeline) let the traffic through such a post pass unlimited, the route
    # through it was given its 5 trucks/day.
    g = _port_depot_bamako(port_capacity=None)
    g.nodes["D"].update(role="border", name="Post")
    assert alternative_routes(g, "P", "B", k=1, tanker_m3=1.0).routes[0].capacity_trucks_per_day == pytest.approx(5.0)
    g.nodes["D"]["supply_m3_per_day"] = 10.0
    assert alternative_routes(g, "P", "B", k=1, tanker_m3=1.0).routes[0].capacity_trucks_per_day == pytest.approx(50.0)


@pytest.mark.parametrize(("port_capacity", "limit_m3"), [(None, 10.0), (80.0, 8.0)])
def test_a_scenarios_routes_are_bound_by_the_ports_loading_limit(port_capacity: float | None,
                                                                 limit_m3: float) -> None:
    # run_scenario's alternatives: a port at a tenth loads min(100, its loading capacity) x 0.1
    # m3/day, and its routes carry no more; a port without a loading capacity of its own kept
    # the roads' 40 (its supply limit was written only on a port with one).
    from supplychain.models import Effect, Scenario
    from supplychain.models._examples import example_params
    from supplychain.models.results import run_scenario

    g = _port_depot_bamako(port_capacity=port_capacity)
    g.nodes["D"]["capacity_trucks_per_day"] = 40.0
    tenth = Scenario("port at a tenth", nodes={"Port": Effect(capacity_factor=0.1)})
    result = run_scenario(g, example_params(fleet_tankers=1e4), tenth)
    assert result.throughput.scenario_m3_per_day == pytest.approx(limit_m3)
    (alternatives,) = result.alternatives
    assert [r.capacity_m3_per_day for r in alternatives.routes] == pytest.approx([limit_m3])


@pytest.mark.parametrize(
    ("end", "capacity"),
    [
        # A border post lets in 20 trucks/day, as the LP caps what enters it (it was 35).
        ({"role": "border", "capacity_trucks_per_day": 20.0}, 20.0),
        # So does a depot that loads nothing (a transit depot).
        ({"role": "depot", "capacity_trucks_per_day": 10.0}, 10.0),
        # A depot that loads: its capacity caps its own loading, not what arrives.
        ({"role": "depot", "capacity_trucks_per_day": 5.0, "supply_m3_per_day": 100.0}, 35.0),
        # A town has no capacity of its own that the LP reads.
        ({"role": "city", "capacity_trucks_per_day": 1.0}, 35.0),
    ],
)
def test_a_route_ending_at_a_place_that_caps_what_enters_it_is_bound_by_it(
    end: dict[str, Any], capacity: float
) -> None:
    """Port P (loads 35 trucks/day) to E over one road of 60: the route carries what the
    port loads, the road carries and E lets in, as the LP would deliver (cons35)."""
    g = _graph([("P", "E", "PE", 100.0, 60.0)],
               {"P": {"role": "port", "capacity_trucks_per_day": 35.0}, "E": end})  # fmt: skip
    route = alternative_routes(g, "P", "E", k=1, tanker_m3=TANKER_M3).routes[0]
    assert route.capacity_trucks_per_day == capacity
    assert route.capacity_m3_per_day == capacity * TANKER_M3
