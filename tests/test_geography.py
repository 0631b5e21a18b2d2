"""Geography of the networks: lengths against straight lines, posts between countries.

Checks a planner relies on before trusting the network's distances: no road is shorter than the
geodesic between its ends, the Senegal route from Bamako to the Kidira-Diboli border has the
length Doing Business 2020 gives it, every border post joins two countries, and each loading
point's shortest road to Bamako is a plausible detour of the straight line. On the embedded
network, and for lengths on the trimmed real layer of tests/data/real (no shared data).
"""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from pyproj import Geod

#: FACTS: Corridors, ports and borders / "Bamako to Diboli-Kidira border": 708 km
#: (Doing Business 2020, DB20_domestic_transport.csv).
DB20_BAMAKO_KIDIRA_KM = 708.0
#: FACTS: Corridors, ports and borders / "Senegal route": Kidira-Diboli border -> Kayes -> Diema ->
#: Didieni -> Kati -> Bamako; the towns the route passes, in order from Bamako.
SENEGAL_ROUTE = ["Bamako", "Kati", "Didiéni", "Diéma", "Kayes", "Kidira-Diboli border"]
#: Assumption: road km over geodesic km between a port and Bamako, 1.1-1.5 (a typical detour
#: band for national roads over 700-1,100 km).
DETOUR_BAND = (1.1, 1.5)
#: Slack for a length equal to its chord (1 m): the crossing that joins a split junction is its
#: chord, 0.1 km on the WGS84 ellipsoid, and a spherical formula reads it 0.5 % longer.
CHORD_SLACK_KM = 1e-3
_GEOD = Geod(ellps="WGS84")


def _by_name(graph: nx.MultiDiGraph) -> dict[str, int]:
    return {d["name"]: n for n, d in graph.nodes(data=True) if d.get("name")}


def _chord_km(graph: nx.MultiDiGraph, u: int, v: int) -> float:
    """Geodesic (WGS84) km between the ends of a segment."""
    a, b = graph.nodes[u], graph.nodes[v]
    return float(_GEOD.inv(a["x"], a["y"], b["x"], b["y"])[2]) / 1000.0


def test_no_segment_is_shorter_than_the_straight_line(embedded_network: nx.MultiDiGraph) -> None:
    short = sorted(
        (d["segment_id"], round(d["length_km"], 3), round(_chord_km(embedded_network, u, v), 3))
        for u, v, d in embedded_network.edges(data=True)
        if d["length_km"] < _chord_km(embedded_network, u, v) - CHORD_SLACK_KM
    )
    assert short == []


def test_senegal_route_matches_doing_business(embedded_network: nx.MultiDiGraph) -> None:
    names = _by_name(embedded_network)
    km = sum(
        nx.shortest_path_length(embedded_network, names[a], names[b], weight="length_km")
        for a, b in itertools.pairwise(SENEGAL_ROUTE)
    )
    assert km == pytest.approx(DB20_BAMAKO_KIDIRA_KM, rel=0.05)


def test_every_border_post_joins_two_countries(embedded_network: nx.MultiDiGraph) -> None:
    wrong = {}
    for n, d in embedded_network.nodes(data=True):
        if d["role"] != "border":
            continue
        sides = {embedded_network.nodes[m]["country"] for m in nx.all_neighbors(embedded_network, n)}
        if len(sides) != 2:
            wrong[d["name"]] = sorted(sides)
    assert wrong == {}


def test_port_to_bamako_is_a_plausible_detour(embedded_network: nx.MultiDiGraph) -> None:
    hub = _by_name(embedded_network)["Bamako"]
    to_hub = nx.single_source_dijkstra_path_length(
        embedded_network.reverse(copy=False), hub, weight="length_km"
    )
    ratios = {
        d["name"]: round(to_hub[n] / _chord_km(embedded_network, n, hub), 3)
        for n, d in embedded_network.nodes(data=True)
        if d["role"] in ("port", "depot")
    }
    low, high = DETOUR_BAND
    assert len(ratios) == 6
    assert {name: r for name, r in ratios.items() if not low <= r <= high} == {}


def test_real_layer_has_no_segment_shorter_than_the_straight_line(
    real_network: nx.MultiDiGraph,
) -> None:
    short = sorted(
        (d["segment_id"], round(d["length_km"], 3), round(_chord_km(real_network, u, v), 3))
        for u, v, d in real_network.edges(data=True)
        if d["length_km"] < _chord_km(real_network, u, v) - CHORD_SLACK_KM
    )
    assert short == []


def test_real_layer_bamako_to_kidira_matches_doing_business(real_network: nx.MultiDiGraph) -> None:
    names = _by_name(real_network)
    km = nx.shortest_path_length(
        real_network, names["Bamako"], names["Kidira-Diboli border"], weight="length_km"
    )
    assert km == pytest.approx(DB20_BAMAKO_KIDIRA_KM, rel=0.05)
