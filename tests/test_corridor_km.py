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


def test_doubled_back_waypoint_counts_the_spur_once() -> None:
    # Port 1 - 2 (100 km) - Bamako 3 (50 km), and a spur 3 - 4 (8 km) to Kati. The waypoints
    # go port, Kati, Bamako: the path runs 1-2-3-4 and back 4-3, so the spur is walked twice
    # but the corridor uses 158 km of road.
    g = _road([(1, 2, 100.0, "a"), (2, 3, 50.0, "b"), (3, 4, 8.0, "spur")])
    chain = (("Port", 0.1, 0.0), ("Kati", 0.4, 0.0), ("Bamako", 0.3, 0.0))
    km = assign_corridors(g, [Corridor("c", chain)], tolerance_km=5)
    assert km == {"c": pytest.approx(158.0)}
    assert {d["segment_id"] for _, _, d in g.edges(data=True) if d["corridors"] == ["c"]} == {
        "a", "b", "spur"
    }


def test_straight_corridor_is_the_sum_of_its_segments() -> None:
    g = _road([(1, 2, 100.0, "a"), (2, 3, 50.0, "b"), (3, 4, 8.0, "spur")])
    chain = (("Port", 0.1, 0.0), ("Bamako", 0.3, 0.0))
    assert assign_corridors(g, [Corridor("c", chain)], tolerance_km=5) == {"c": pytest.approx(150.0)}
