"""Fidelity of the embedded skeleton: port -> Bamako road distances against the real OSRM network.

Reads ``../shared/data/optimal-african-roads`` in place (GPL/ODbL data, never copied).
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
TOLERANCE = 0.15


@pytest.fixture(scope="module")
def osrm_km(shared_data: Path) -> dict[str, float]:
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


def test_port_to_bamako_within_15_percent(
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
    assert not failures, "outside ±15 %:\n" + "\n".join(failures)
