"""Roads into the demand country that pass no border post (supplychain.networks.borders)."""

from __future__ import annotations

import logging

import networkx as nx
import pytest

from supplychain.networks.borders import POST_REACH_KM, unposted_entries
from supplychain.networks.info import summarize_network

from .conftest import REPO


def _two_roads(post_km: float) -> nx.MultiDiGraph:
    """Port P (SEN) to Bamako (MLI) by two roads: P - X - W - Post - Bamako, crossing into Mali
    between X and W with a post ``post_km`` beyond W, and P - Y - Z - Bamako with no post."""
    g = nx.MultiDiGraph()
    nodes = {
        "P": ("SEN", "port", 0.0), "X": ("SEN", "junction", 0.0), "W": ("MLI", "junction", 0.0),
        "Post": ("MLI", "border", 0.0),
        "Y": ("SEN", "junction", 0.0), "Z": ("MLI", "junction", 0.0), "Bamako": ("MLI", "city", 100.0),
    }
    for i, (n, (iso, role, demand)) in enumerate(nodes.items()):
        g.add_node(n, country=iso, role=role, demand_m3_per_day=demand, x=-10.0 + i, y=13.0)
    for u, v, km in (("P", "X", 50.0), ("X", "W", 5.0), ("W", "Post", post_km), ("Post", "Bamako", 200.0),
                     ("P", "Y", 60.0), ("Y", "Z", 40.0), ("Z", "Bamako", 150.0)):
        for a, b in ((u, v), (v, u)):
            g.add_edge(a, b, length_km=km, segment_id=f"R:{u}-{v}")
    return g


def test_the_road_without_a_post_is_listed_once() -> None:
    entries = unposted_entries(_two_roads(post_km=10.0))
    assert [(e.segment_id, e.from_country, e.to_country) for e in entries] == [("R:Y-Z", "SEN", "MLI")]
    assert entries[0].describe() == "R:Y-Z (from SEN, at 13.00N 5.00W)"


def test_a_post_farther_than_the_reach_leaves_its_road_unposted() -> None:
    # W, the crossing's end in Mali, 10 km from the post: posted. At 45 km it is beyond the
    # 30 km reach (X, in Senegal, 50 km).
    assert POST_REACH_KM == 30.0
    far = {e.segment_id for e in unposted_entries(_two_roads(post_km=45.0))}
    assert far == {"R:X-W", "R:Y-Z"}
    assert {e.segment_id for e in unposted_entries(_two_roads(post_km=45.0), reach_km=50.0)} == {"R:Y-Z"}


def test_the_embedded_network_has_none(embedded_network: nx.MultiDiGraph) -> None:
    assert unposted_entries(embedded_network) == []
    assert summarize_network(embedded_network).unposted_entries == []


def test_the_real_layer_lists_its_roads_into_mali(caplog: pytest.LogCaptureFixture) -> None:
    # The trimmed West-African layer (tests/data/real): Kayes from Senegal, San from Burkina
    # Faso and a Guinean road, among others, enter Mali away from the 12 posts of places.toml.
    from supplychain.networks import build_network

    with caplog.at_level(logging.WARNING, logger="supplychain.networks.build"):
        g = build_network(REPO / "tests" / "data" / "real" / "flownet_west_africa.geojson")
    entries = unposted_entries(g)
    assert {e.from_country for e in entries} >= {"SEN", "BFA", "GIN"}
    assert any(e.segment_id.startswith("primary:Kayes-") and e.from_country == "SEN" for e in entries)
    assert f"{len(entries)} road(s) enter MLI with no border post within 30 km" in caplog.text
    text = summarize_network(g).to_text()
    assert f"roads into the country with no border post within 30 km ({len(entries)})" in text
