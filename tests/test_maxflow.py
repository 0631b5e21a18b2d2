"""ArrayMaxFlow (scipy, capacities changed in place) against networkx's max flow as the oracle."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supplychain.models.maxflow import ArrayMaxFlow
from supplychain.models.paths import minimum_cut

TANKER = 46.0


def _closed(graph: nx.MultiDiGraph, caps: dict, ncap: dict, src: dict, segs, nodes):
    """Capacities with the closure applied, for the networkx oracle."""
    caps = dict(caps)
    ncap = dict(ncap)
    src = dict(src)
    for u, v, k, sid in graph.edges(keys=True, data="segment_id"):
        if sid in segs:
            caps[(u, v, k)] = 0.0
    for n in nodes:  # a closed node passes nothing: a supply point also stops loading
        if n in src:
            src[n] = 0.0
        ncap[n] = 0.0
    return caps, ncap, src


def _diamond() -> tuple[nx.MultiDiGraph, dict, dict, dict]:
    g = nx.MultiDiGraph(tanker_volume_m3=TANKER)
    g.add_node("P", name="Port")
    g.add_node("Q", name="Depot")
    g.add_node("X", name="Post", role="border")
    g.add_node("Y", name="")
    g.add_node("B", name="Bamako")
    roads = [("P", "X", "R1", 10), ("Q", "X", "R2", 4), ("X", "B", "R3", 8), ("P", "Y", "R4", 3),
             ("Y", "B", "R5", 2), ("Q", "Y", "R6", 1)]  # fmt: skip
    caps = {}
    for u, v, sid, trucks in roads:
        for a, b in ((u, v), (v, u)):
            k = g.add_edge(a, b, segment_id=sid)
            caps[(a, b, k)] = trucks * TANKER
    # A parallel road of another segment between X and B.
    k = g.add_edge("X", "B", segment_id="R7")
    caps[("X", "B", k)] = 1.5 * TANKER
    return g, caps, {"X": 6 * TANKER}, {"P": 20 * TANKER, "Q": 5 * TANKER}


def test_values_and_cuts_match_networkx_on_every_closure() -> None:
    g, caps, ncap, src = _diamond()
    mf = ArrayMaxFlow(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3=ncap,
                      closable_nodes=["X", "P"])  # fmt: skip
    closures = [((), ())] + [((s,), ()) for s in ("R1", "R2", "R3", "R4", "R5", "R6", "R7")]
    closures += [((), ("X",)), ((), ("P",)), (("R3", "R5"), ()), (("R4",), ("X",))]
    for segs, nodes in closures:
        c, n, s = _closed(g, caps, ncap, src, segs, nodes)
        oracle = minimum_cut(g, sources=s, sink="B", edge_capacity_m3=c, node_capacity_m3=n)
        assert mf.value(closed_segments=segs, closed_nodes=nodes) == pytest.approx(
            oracle.value_m3_per_day, abs=1e-9
        )
        cut = mf.minimum_cut(closed_segments=segs, closed_nodes=nodes)
        assert cut == oracle, (segs, nodes)
    # Closures are undone: the base value comes back.
    assert mf.value() == pytest.approx(minimum_cut(g, sources=src, sink="B", edge_capacity_m3=caps,
                                                   node_capacity_m3=ncap).value_m3_per_day)  # fmt: skip


def test_hand_computed_values() -> None:
    g, caps, ncap, src = _diamond()
    mf = ArrayMaxFlow(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3=ncap,
                      closable_nodes=["X"])  # fmt: skip
    # Into Bamako: through the post (6 trucks) and via Y (2 trucks) = 8 trucks.
    assert mf.base_value_m3_per_day == pytest.approx(8 * TANKER)
    assert mf.value(closed_nodes=["Post"]) == pytest.approx(2 * TANKER)  # by name
    assert mf.value(closed_segments=["R5"]) == pytest.approx(6 * TANKER)
    # R3 closed: the parallel R7 (1.5 trucks) still runs X -> B.
    assert mf.value(closed_segments=["R3"]) == pytest.approx(3.5 * TANKER)
    assert mf.rounding_m3_per_day == 0.0  # whole and half trucks convert exactly


def test_a_closed_supply_point_passes_no_fuel_from_elsewhere() -> None:
    # PortA (20 trucks/day) -> Depot (4) -> Bamako, roads 50 trucks/day: with the depot closed,
    # PortA's fuel cannot drive through it either (it stopped only the depot's loading).
    g = nx.MultiDiGraph(tanker_volume_m3=TANKER)
    g.add_nodes_from([("P", {"name": "PortA"}), ("D", {"name": "Depot"}), ("B", {"name": "Bamako"})])
    caps = {}
    for u, v in (("P", "D"), ("D", "B")):
        for a, b in ((u, v), (v, u)):
            caps[(a, b, g.add_edge(a, b, segment_id=f"{u}{v}"))] = 50 * TANKER
    src = {"P": 20 * TANKER, "D": 4 * TANKER}
    mf = ArrayMaxFlow(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3={},
                      closable_nodes=["P", "D"])  # fmt: skip
    assert mf.base_value_m3_per_day == pytest.approx(24 * TANKER)
    assert mf.value(closed_nodes=["Depot"]) == 0.0
    assert mf.value(closed_nodes=["PortA"]) == pytest.approx(4 * TANKER)
    assert mf.minimum_cut(closed_nodes=["Depot"]).value_m3_per_day == 0.0


def test_rounding_is_bounded_and_reported() -> None:
    g, caps, ncap, src = _diamond()
    caps = {e: c + 0.01 for e, c in caps.items()}  # 0.01 m3 is 0.217 of a unit
    mf = ArrayMaxFlow(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3=ncap)
    exact = minimum_cut(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3=ncap)
    assert 0 < mf.rounding_m3_per_day < 1.0
    assert abs(mf.base_value_m3_per_day - exact.value_m3_per_day) <= mf.rounding_m3_per_day


def test_skip_rule_counts_and_unknown_items() -> None:
    g, caps, ncap, src = _diamond()
    mf = ArrayMaxFlow(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3=ncap)
    mf.value(
        closed_segments=["R6"]
    )  # R6 (Q-Y) is not needed by any max flow here? solved or skipped
    assert mf.stats["solves"] + mf.stats["skipped"] == 1
    with pytest.raises(KeyError, match="segment 'nope'"):
        mf.value(closed_segments=["nope"])
    with pytest.raises(KeyError, match="not closable"):
        mf.value(closed_nodes=["Y"])


def test_the_skip_rule_solves_a_closure_leaving_one_unit_less_than_the_base_flow() -> None:
    # Port -> Bamako on R1 (10 trucks/day) and a parallel R2 of 1/1000 truck/day: one unit of
    # the array (default 1000 units a truck), so no rounding. The base flow fills both (10.001
    # trucks); closing R2 leaves the merged arc one unit short of it: 10 trucks, by hand. A
    # skip rule one unit too lenient returned the base value, and closing both roads took
    # only one's capacity off the merged arc (mutation testing, mut34).
    g = nx.MultiDiGraph(tanker_volume_m3=TANKER)
    g.add_nodes_from([("P", {"name": "Port"}), ("B", {"name": "Bamako"})])
    caps = {("P", "B", g.add_edge("P", "B", segment_id="R1")): 10 * TANKER,
            ("P", "B", g.add_edge("P", "B", segment_id="R2")): 0.001 * TANKER}  # fmt: skip
    mf = ArrayMaxFlow(g, sources={"P": 20 * TANKER}, sink="B", edge_capacity_m3=caps, node_capacity_m3={})
    assert mf.rounding_m3_per_day == 0.0
    assert mf.base_value_m3_per_day == pytest.approx(10.001 * TANKER, rel=1e-12)
    assert mf.value(closed_segments=["R2"]) == pytest.approx(10 * TANKER, rel=1e-12)
    assert mf.stats == {"solves": 1, "skipped": 0}
    # Both parallel roads closed: their capacities come off the one merged arc together.
    assert mf.value(closed_segments=["R1", "R2"]) == 0.0
    assert mf.minimum_cut(closed_segments=["R2", "R1"]).value_m3_per_day == 0.0


def test_infinite_capacities_and_bad_input() -> None:
    g, caps, _, src = _diamond()
    caps = {e: math.inf for e in caps}
    mf = ArrayMaxFlow(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3={})
    assert mf.base_value_m3_per_day == pytest.approx(25 * TANKER)  # all supply arrives
    with pytest.raises(ValueError, match="capacities must be >= 0"):
        ArrayMaxFlow(
            g, sources=src, sink="B", edge_capacity_m3={("P", "X", 0): -1.0}, node_capacity_m3={}
        )
    with pytest.raises(ValueError, match="finite"):
        ArrayMaxFlow(g, sources={"P": math.inf}, sink="B", edge_capacity_m3={}, node_capacity_m3={})
    with pytest.raises(nx.NodeNotFound):
        ArrayMaxFlow(g, sources=src, sink="Nowhere", edge_capacity_m3={}, node_capacity_m3={})


def test_scale_shrinks_when_supply_is_huge() -> None:
    g, caps, ncap, _ = _diamond()
    mf = ArrayMaxFlow(g, sources={"P": 1e9, "Q": 1e9}, sink="B", edge_capacity_m3=caps,
                      node_capacity_m3=ncap)  # fmt: skip
    assert mf.units_per_truck < 1000
    assert mf.base_value_m3_per_day == pytest.approx(8 * TANKER)


@st.composite
def _networks(draw: st.DrawFn) -> tuple[nx.MultiDiGraph, dict, dict, dict, tuple, tuple]:
    n = draw(st.integers(3, 7))
    g = nx.MultiDiGraph(tanker_volume_m3=TANKER)
    for i in range(n):
        g.add_node(i, name=f"N{i}", role="border" if i % 3 == 1 else "junction")
    caps = {}
    m = draw(st.integers(1, 14))
    for j in range(m):
        u = draw(st.integers(0, n - 1))
        v = draw(st.integers(0, n - 1))
        trucks = draw(st.integers(0, 40)) / 2  # half trucks, as unpaved roads give
        both = draw(st.booleans())
        for a, b in [(u, v), (v, u)] if both else [(u, v)]:
            k = g.add_edge(a, b, segment_id=f"S{j}")
            caps[(a, b, k)] = trucks * TANKER
    sources = {i: draw(st.integers(0, 30)) * TANKER for i in range(n - 1) if draw(st.booleans())}
    ncap = {
        i: draw(st.integers(0, 20)) * TANKER for i in range(n) if i % 3 == 1 and i not in sources
    }
    segs = tuple(sorted({d for _, _, d in g.edges(data="segment_id")}))
    closed = tuple(draw(st.lists(st.sampled_from(segs), max_size=3, unique=True))) if segs else ()
    posts = tuple(i for i in ncap if draw(st.booleans()))
    return g, caps, ncap, sources, closed, posts


@settings(max_examples=150, deadline=None)
@given(_networks())
def test_property_matches_networkx(case: tuple) -> None:
    g, caps, ncap, src, segs, nodes = case
    sink = max(g.nodes)
    mf = ArrayMaxFlow(g, sources=src, sink=sink, edge_capacity_m3=caps, node_capacity_m3=ncap)
    c, n, s = _closed(g, caps, ncap, src, segs, nodes)
    oracle = minimum_cut(g, sources=s, sink=sink, edge_capacity_m3=c, node_capacity_m3=n)
    assert mf.value(closed_segments=segs, closed_nodes=nodes) == pytest.approx(
        oracle.value_m3_per_day, abs=1e-6
    )
    assert mf.minimum_cut(closed_segments=segs, closed_nodes=nodes) == oracle
    assert mf.value() == pytest.approx(
        minimum_cut(
            g, sources=src, sink=sink, edge_capacity_m3=caps, node_capacity_m3=ncap
        ).value_m3_per_day,
        abs=1e-6,
    )


def test_closed_nodes_on_the_cut_line_are_listed_apart() -> None:
    # A closed post (by the call or in the base capacities) is not open capacity: the cut lists
    # it under closed_nodes, as closed roads under closed_segments (it was listed as a post
    # limiting the flow, and hub_cut_after named it without "(closed)").
    g, caps, ncap, src = _diamond()
    mf = ArrayMaxFlow(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3=ncap,
                      closable_nodes=["X"])  # fmt: skip
    cut = mf.minimum_cut(closed_nodes=["Post"], closed_segments=["R5"])
    assert cut.value_m3_per_day == 0.0
    assert "Post" not in cut.nodes and cut.closed_nodes == ["Post"]
    shut = ArrayMaxFlow(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3={"X": 0.0})
    base_cut = shut.minimum_cut(closed_segments=["R5"])
    assert base_cut.closed_nodes == ["Post"] and base_cut.nodes == []
    oracle = minimum_cut(g, sources=src, sink="B", edge_capacity_m3=_closed(g, caps, ncap, src, ("R5",), ())[0],
                         node_capacity_m3={"X": 0.0})  # fmt: skip
    assert oracle == base_cut


def test_closures_given_as_one_shot_iterables_read_as_lists() -> None:
    # minimum_cut read its closures twice (for the flow and for the cut's lists): a generator
    # was used up by the first, and the closed post and road were then listed as open.
    g, caps, ncap, src = _diamond()
    mf = ArrayMaxFlow(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3=ncap,
                      closable_nodes=["X"])  # fmt: skip
    listed = mf.minimum_cut(closed_nodes=["Post"], closed_segments=["R5"])
    assert mf.minimum_cut(closed_nodes=iter(["Post"]), closed_segments=iter(["R5"])) == listed
    assert mf.value(closed_nodes=iter(["Post"]), closed_segments=iter(["R5"])) == listed.value_m3_per_day


def test_a_supply_point_that_may_load_nothing_is_closed_on_the_cut_line() -> None:
    # fuzz33: a port whose loading is 0 (capacity_factor 0, a loading capacity of 0) was in no
    # list of the cut: a cut it alone made was empty ("0 m3/day through -"); it is closed, in
    # both cuts alike.
    g, caps, ncap, _ = _diamond()
    src = {"P": 0.0, "Q": 0.0}
    mf = ArrayMaxFlow(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3=ncap)
    cut = mf.minimum_cut()
    assert cut.value_m3_per_day == 0.0
    assert cut.closed_nodes == ["Depot", "Port"] and not cut.nodes and not cut.sources_cut and not cut.segments
    assert minimum_cut(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3=ncap) == cut
    # One loading point left: the cut is at its roads and the post, the empty one listed apart.
    src = {"P": 0.0, "Q": 5 * TANKER}
    one = ArrayMaxFlow(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3=ncap).minimum_cut()
    assert one == minimum_cut(g, sources=src, sink="B", edge_capacity_m3=caps, node_capacity_m3=ncap)
    assert "Port" in one.closed_nodes and "Port" not in one.sources_cut
