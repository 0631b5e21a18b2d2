"""Geography of the embedded network: lengths against straight lines, posts between countries.

Checks a planner relies on before trusting the network's distances: no road is shorter than the
great circle between its ends, the Senegal route from Bamako to the Kidira-Diboli border has the
length Doing Business 2020 gives it, every border post joins two countries, and each loading
point's shortest road to Bamako is a plausible detour of the straight line. Embedded network
only (no shared data).
"""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from supplychain.networks.geo import haversine_km

#: FACTS: Corridors, ports and borders / "Bamako to Diboli-Kidira border": 708 km
#: (Doing Business 2020, DB20_domestic_transport.csv).
DB20_BAMAKO_KIDIRA_KM = 708.0
#: FACTS: Corridors, ports and borders / "Senegal route": Kidira-Diboli border -> Kayes -> Diema ->
#: Didieni -> Kati -> Bamako; the towns the route passes, in order from Bamako.
SENEGAL_ROUTE = ["Bamako", "Kati", "Didiéni", "Diéma", "Kayes", "Kidira-Diboli border"]
#: Assumption: road km over great-circle km between a port and Bamako, 1.1-1.5 (a typical detour
#: band for national roads over 700-1,100 km).
DETOUR_BAND = (1.1, 1.5)


def _by_name(graph: nx.MultiDiGraph) -> dict[str, int]:
    return {d["name"]: n for n, d in graph.nodes(data=True) if d.get("name")}


def _chord_km(graph: nx.MultiDiGraph, u: int, v: int) -> float:
    a, b = graph.nodes[u], graph.nodes[v]
    return float(haversine_km(a["x"], a["y"], b["x"], b["y"]))


def test_no_segment_is_shorter_than_the_straight_line(embedded_network: nx.MultiDiGraph) -> None:
    short = sorted(
        (d["segment_id"], round(d["length_km"], 3), round(_chord_km(embedded_network, u, v), 3))
        for u, v, d in embedded_network.edges(data=True)
        if d["length_km"] < _chord_km(embedded_network, u, v) - 1e-6
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
