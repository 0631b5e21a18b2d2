"""Fidelity of the embedded skeleton: port -> Bamako road distances against the real OSRM network.

The references are ``tests/data/real/osrm_port_to_bamako_km.csv``, derived from the OSRM-routed
network of OptimalAfricanRoads (see ``tests/data/real/SOURCE.md``). When ``../shared/data`` is
beside the checkout, an optional check recomputes them from the full ``graph_orig.csv``.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from .conftest import REPORT_LINES

#: Port name in the places file -> ``city_country`` label in graph_nodes.csv.
PORTS = {
    "Dakar": "Dakar - Senegal",
    "Abidjan": "Abidjan - Cote d'Ivoire",
    "San-Pédro": "San-Pedro - Cote d'Ivoire",
    "Conakry": "Conakry - Guinea",
    "Nouakchott": "Nouakchott - Mauritania",
}
TOLERANCE = 0.05


@pytest.fixture(scope="module")
def osrm_km(real_data: Path) -> dict[str, float]:
    table = pd.read_csv(real_data / "osrm_port_to_bamako_km.csv")
    return dict(zip(table["port"], table["osrm_km"].astype(float), strict=True))


def _recompute_osrm_km(shared_data: Path) -> dict[str, float]:
    """Shortest OSRM road km port -> Bamako over the existing roads of graph_orig.csv."""
    folder = shared_data / "optimal-african-roads"
    nodes = pd.read_csv(folder / "graph_nodes.csv")
    edges = pd.read_csv(folder / "graph_orig.csv")
    nodes["id"] = range(1, len(nodes) + 1)  # node id = 1-based row number (SOURCE.md)
    named = nodes[nodes["city_port"].astype(str).str.upper() == "TRUE"]
    ids = dict(zip(named["city_country"], named["id"], strict=True))
    real = nx.Graph()
    for u, v, dist in zip(edges["from"], edges["to"], edges["distance"], strict=True):
        km = dist / 1000.0
        if not real.has_edge(u, v) or real[u][v]["km"] > km:
            real.add_edge(u, v, km=km)
    hub = ids["Bamako - Mali"]
    dist = nx.single_source_dijkstra_path_length(real, hub, weight="km")
    return {port: float(dist[ids[label]]) for port, label in PORTS.items()}


@pytest.mark.shared
def test_reference_distances_match_the_full_osrm_network(
    shared_data: Path, osrm_km: dict[str, float]
) -> None:
    recomputed = _recompute_osrm_km(shared_data)
    assert recomputed.keys() == osrm_km.keys()
    for port, km in recomputed.items():
        assert osrm_km[port] == pytest.approx(km, abs=0.05), port


def test_port_to_bamako_within_5_percent(
    embedded_network: nx.MultiDiGraph, osrm_km: dict[str, float]
) -> None:
    hub = next(n for n, d in embedded_network.nodes(data=True) if d["name"] == "Bamako")
    to_hub = nx.single_source_dijkstra_path_length(
        embedded_network.reverse(copy=False), hub, weight="length_km"
    )
    failures = []
    REPORT_LINES.append("fidelity: shortest road km port -> Bamako, embedded vs OSRM (optimal-african-roads)")
    for port, real in osrm_km.items():
        node = next(n for n, d in embedded_network.nodes(data=True) if d["name"] == port)
        ours = to_hub[node]
        deviation = (ours - real) / real
        line = f"  {port:<11} embedded {ours:7.0f} km  OSRM {real:7.0f} km  deviation {deviation:+6.1%}"
        print(line)
        REPORT_LINES.append(line)
        if abs(deviation) > TOLERANCE:
            failures.append(line)
    assert not failures, "outside ±5 %:\n" + "\n".join(failures)
