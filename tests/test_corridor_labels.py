"""Corridor labels on coarse layers: a corridor names only its own road.

A waypoint with no node within the snapping tolerance is not a stop of the corridor; the
corridor's road between the stops around it must still pass it (within the road tolerance),
else the corridor is left unlabelled rather than another road carrying its name.
"""

from __future__ import annotations

import logging

import networkx as nx
import pytest
from shapely.geometry import LineString

from supplychain.networks.places import Corridor, assign_corridors

#: About 111 km per degree: nodes 2 degrees apart are far beyond the 20 km tolerance.
_TOL_KM = 20.0


def _two_roads() -> nx.MultiDiGraph:
    """Port 1 (0, 0) and Bamako 2 (2, 0): a straight road (222 km) and a road bent north
    through (1, 0.5) with no node on it (260 km), as a simplified GIS layer draws it."""
    g = nx.MultiDiGraph()
    g.add_node(1, x=0.0, y=0.0)
    g.add_node(2, x=2.0, y=0.0)
    straight = LineString([(0.0, 0.0), (2.0, 0.0)])
    bent = LineString([(0.0, 0.0), (1.0, 0.5), (2.0, 0.0)])
    for seg, geom, km in (("straight", straight, 222.0), ("bent", bent, 260.0)):
        g.add_edge(1, 2, segment_id=seg, length_km=km, geometry=geom, corridors=[])
        g.add_edge(2, 1, segment_id=seg, length_km=km, geometry=LineString(geom.coords[::-1]),
                   corridors=[])  # fmt: skip
    return g


def _labelled(g: nx.MultiDiGraph, corridor: str) -> set[str]:
    return {d["segment_id"] for _, _, d in g.edges(data=True) if corridor in d["corridors"]}


def test_a_corridor_whose_road_misses_its_via_town_is_not_labelled(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # "via North" lies on the bent road, 55 km from the straight one and 124 km from either
    # node. The shortest road between the stops is the straight one: it is not the corridor's.
    g = _two_roads()
    via = Corridor("Port-Bamako via North",
                   (("Port", 0.0, 0.0), ("North", 0.5, 1.0), ("Bamako", 0.0, 2.0)))  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="supplychain.networks.places"):
        km = assign_corridors(g, [via], tolerance_km=_TOL_KM)
    assert km == {}
    assert _labelled(g, via.name) == set()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "1 corridor(s) not labelled" in warnings[0]
    assert "Port-Bamako via North (North 56 km)" in warnings[0]


def test_a_waypoint_beside_a_long_segment_is_on_the_corridor(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # 5.6 km north of the straight road's middle, 111 km from its ends: the road passes it.
    g = _two_roads()
    beside = Corridor("Port-Bamako", (("Port", 0.0, 0.0), ("Town", 0.05, 1.0), ("Bamako", 0.0, 2.0)))
    with caplog.at_level(logging.INFO, logger="supplychain.networks.places"):
        km = assign_corridors(g, [beside], tolerance_km=_TOL_KM)
    assert km == {"Port-Bamako": pytest.approx(222.0)}
    assert _labelled(g, beside.name) == {"straight"}
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("Port-Bamako: Town 111 km from a node, 5.6 km from its road" in r.getMessage()
               for r in caplog.records)  # fmt: skip


def test_the_road_tolerance_decides_and_defaults_to_the_snapping_tolerance() -> None:
    # North is 55.6 km from the straight road: on it with a 60 km road tolerance, not with
    # the default (the 20 km snapping tolerance).
    chain = (("Port", 0.0, 0.0), ("North", 0.5, 1.0), ("Bamako", 0.0, 2.0))
    g = _two_roads()
    assert assign_corridors(g, [Corridor("c", chain)], tolerance_km=_TOL_KM,
                            road_tolerance_km=60.0) == {"c": pytest.approx(222.0)}  # fmt: skip
    g = _two_roads()
    assert assign_corridors(g, [Corridor("c", chain)], tolerance_km=_TOL_KM) == {}


def test_ends_off_the_network_shorten_the_corridor(caplog: pytest.LogCaptureFixture) -> None:
    # A port 3 degrees west of the network (an extract of one country): the corridor is
    # labelled from its first waypoint on the network, with a warning naming the port.
    g = _two_roads()
    chain = (("Far port", 0.0, -3.0), ("Border", 0.0, 0.0), ("Bamako", 0.0, 2.0))
    with caplog.at_level(logging.WARNING, logger="supplychain.networks.places"):
        km = assign_corridors(g, [Corridor("c", chain)], tolerance_km=_TOL_KM)
    assert km == {"c": pytest.approx(222.0)}
    assert _labelled(g, "c") == {"straight"}
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "c: Far port 334 km" in warning and "not labelled" not in warning


def test_other_corridors_keep_their_labels() -> None:
    # One corridor missing its road does not take the others' labels with it.
    g = _two_roads()
    missed = Corridor("via North", (("Port", 0.0, 0.0), ("North", 0.5, 1.0), ("Bamako", 0.0, 2.0)))
    direct = Corridor("direct", (("Port", 0.0, 0.0), ("Bamako", 0.0, 2.0)))
    km = assign_corridors(g, [missed, direct], tolerance_km=_TOL_KM)
    assert set(km) == {"direct"}
    assert _labelled(g, "direct") == {"straight"} and _labelled(g, "via North") == set()


def test_real_layer_leaves_the_tengrela_corridor_without_a_road_unlabelled(
    real_network: nx.MultiDiGraph,
) -> None:
    # The flownet layer has no Kadiana - Kolondiéba road: between its Tengréla-Kadiana post
    # and Bougouni the shortest road runs east by Zégoua and Sikasso, 35 km from Kolondiéba.
    # Before, that road was labelled "via Korhogo and Tengréla" and solve's flows by corridor
    # gave the corridor the Manankoro routes' fuel.
    corridor_km = real_network.graph["corridor_km"]
    labelled = {c for _, _, d in real_network.edges(data=True) for c in d["corridors"]}
    assert "Abidjan-Bamako via Korhogo and Tengréla" not in corridor_km
    assert "Abidjan-Bamako via Korhogo and Tengréla" not in labelled
    assert labelled == set(corridor_km)
    # The corridors whose skipped waypoints the road passes keep their labels.
    for name in ("Dakar-Bamako via Kayes", "Abidjan-Bamako via Divo and Korhogo",
                 "Conakry-Bamako via Kissidougou and Yanfolila", "San-Pédro-Bamako"):  # fmt: skip
        assert name in corridor_km, name
