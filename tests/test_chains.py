"""N-1 chains: serial segments with no junction between them are one weakness."""

from __future__ import annotations

import networkx as nx
import pytest

from supplychain.models import load_model_parameters
from supplychain.scenarios.chains import chain_ranking, segment_chains
from supplychain.scenarios.sweeps import SweepContext, n_minus_1


def _road(g: nx.MultiDiGraph, sid: str, u: str, v: str, km: float = 10.0) -> None:
    for a, b in ((u, v), (v, u)):
        g.add_edge(a, b, segment_id=sid, length_km=km)


def test_chain_stops_at_junctions_places_and_posts() -> None:
    g = nx.MultiDiGraph()
    g.add_node("P", supply_m3_per_day=100.0, role="port")
    g.add_node("C", demand_m3_per_day=10.0, role="city")
    g.add_node("T", demand_m3_per_day=5.0, role="city")  # a town with demand splits a road
    g.add_node("X", role="border", capacity_trucks_per_day=50.0)
    for n in ("a", "b", "c", "d", "e"):
        g.add_node(n, role="junction")
    # P - a - b - X - c - T - d - C, and a spur b - e.
    for sid, u, v, km in [("s1", "P", "a", 5), ("s2", "a", "b", 7), ("s3", "b", "X", 1),
                          ("s4", "X", "c", 2), ("s5", "c", "T", 3), ("s6", "T", "d", 4),
                          ("s7", "d", "C", 6), ("spur", "b", "e", 9)]:  # fmt: skip
        _road(g, sid, u, v, km)
    chains = segment_chains(g)
    assert chains["s1"].members == ("s1", "s2") and chains["s1"].length_km == 12.0
    assert chains["s2"] is chains["s1"] and chains["s1"].chain_id == "s1..s2"
    assert chains["s3"].members == ("s3",)  # b is a junction (spur), X a border post
    assert chains["s4"].members == ("s4", "s5")  # T has demand
    assert chains["s6"].members == ("s6", "s7")
    assert chains["spur"].members == ("spur",)


def test_parallel_roads_and_rings_are_not_series() -> None:
    g = nx.MultiDiGraph()
    g.add_node("P", supply_m3_per_day=1.0)
    g.add_node("m")
    _road(g, "r1", "P", "m")
    _road(g, "r2", "P", "m")  # two roads P-m: m is a dead end, not a link between them
    assert segment_chains(g)["r1"].members == ("r1",)
    ring = nx.MultiDiGraph()
    for n in "abc":
        ring.add_node(n)
    _road(ring, "x", "a", "b")
    _road(ring, "y", "b", "c")
    _road(ring, "z", "c", "a")
    assert segment_chains(ring)["y"].members == ("x", "y", "z")


def test_chain_ranking_keeps_best_member() -> None:
    import pandas as pd

    t = pd.DataFrame({"rank": [1, 2, 3, 4], "id": ["a", "b", "P", "c"],
                      "chain_id": ["a..b", "a..b", "P", "c"]})  # fmt: skip
    r = chain_ranking(t)
    assert list(r["id"]) == ["a..b", "P", "c"] and list(r["rank"]) == [1, 2, 3]
    assert list(r["segment_rank"]) == [1, 3, 4]


@pytest.fixture(scope="module")
def n1(embedded_network: nx.MultiDiGraph):
    return n_minus_1(SweepContext.create(embedded_network, load_model_parameters()), progress=False)


def test_n_minus_1_rows_carry_chains_and_members_fail_alike(
    n1, embedded_network: nx.MultiDiGraph
) -> None:
    t = n1.table
    segments = t[t["kind"] == "segment"]
    n_segments = len({d["segment_id"] for _, _, d in embedded_network.edges(data=True)})
    assert n_segments == 247  # the embedded skeleton (with both passes of the redundancy comparison)
    assert len(segments) == n_segments and segments["chain_id"].ne("").all()  # every row kept
    multi = segments[segments["chain_members"] > 1]
    assert len(multi) > 0
    for _, members in multi.groupby("chain_id"):
        # Closing any piece of a chain closes the chain: every member loses the same.
        for col in ("throughput_lost_m3_per_day", "served_lost_m3_per_day", "hub_flow_lost_m3_per_day"):
            assert members[col].max() - members[col].min() < 1e-6
        assert len(members) == int(members["chain_members"].iloc[0])


def test_top_ten_are_ten_different_weaknesses(n1) -> None:
    chains = chain_ranking(n1.table)
    top = chains.head(10)
    assert top["chain_id"].is_unique
    assert len(chains) < len(n1.table)
    summary = n1.summary["top_chains"]
    assert [c["chain_id"] for c in summary] == list(top["chain_id"])
    first = summary[0]
    assert first["members"][0] == first["first"] and first["members"][-1] == first["last"]
