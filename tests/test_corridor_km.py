"""``corridor_km``: the length of road a corridor uses, each segment counted once."""

from __future__ import annotations

import networkx as nx
import pytest

from supplychain.networks.places import Corridor, assign_corridors


def _road(edges: list[tuple[int, int, float, str]]) -> nx.MultiDiGraph:
    """Nodes 1..4 on a line of longitude 0 (0.1 degree apart); both directions of each edge."""
    g = nx.MultiDiGraph()
    for n in range(1, 5):
        g.add_node(n, x=0.0, y=0.1 * n)
    for u, v, km, seg in edges:
        g.add_edge(u, v, length_km=km, segment_id=seg, corridors=[])
        g.add_edge(v, u, length_km=km, segment_id=seg, corridors=[])
    return g


def test_a_waypoint_reached_out_and_back_leaves_its_spur_unlabelled(caplog: pytest.LogCaptureFixture) -> None:
    # Port 1 - 2 (100 km) - Bamako 3 (50 km), and a spur 3 - 4 (8 km) to Kati. The waypoints
    # go port, Kati, Bamako: the path runs 1-2-3-4 and back 4-3. The spur is no part of the
    # corridor's road: labelled (before 2026-12-05), closing the corridor closed it, and with
    # it every other route's last kilometres into Bamako (the West-African layer's Kita road
    # for three corridors that reach Kati so). The corridor uses 150 km of road.
    g = _road([(1, 2, 100.0, "a"), (2, 3, 50.0, "b"), (3, 4, 8.0, "spur")])
    chain = (("Port", 0.1, 0.0), ("Kati", 0.4, 0.0), ("Bamako", 0.3, 0.0))
    with caplog.at_level("INFO", logger="supplychain.networks.places"):
        km = assign_corridors(g, [Corridor("c", chain)], tolerance_km=5)
    assert km == {"c": pytest.approx(150.0)}
    assert {d["segment_id"] for _, _, d in g.edges(data=True) if d["corridors"] == ["c"]} == {"a", "b"}
    assert "Corridor 'c' reaches a waypoint off its road by 1 segment(s) out and back (8.0 km: spur)" in caplog.text


def test_straight_corridor_is_the_sum_of_its_segments() -> None:
    g = _road([(1, 2, 100.0, "a"), (2, 3, 50.0, "b"), (3, 4, 8.0, "spur")])
    chain = (("Port", 0.1, 0.0), ("Bamako", 0.3, 0.0))
    assert assign_corridors(g, [Corridor("c", chain)], tolerance_km=5) == {"c": pytest.approx(150.0)}
