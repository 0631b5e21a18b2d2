"""Roads into the demand country that pass no border post (supplychain.networks.borders)."""

from __future__ import annotations

import logging

import networkx as nx
import pytest

from supplychain.networks.borders import unposted_entries
from supplychain.networks.info import summarize_network

from .conftest import REPO


def _roads(post_on_y: bool = False) -> nx.MultiDiGraph:
    """Port P (SEN, supply) to Bamako (MLI) by two roads: P - X - W - Post - Bamako, crossing
    into Mali between X and W with the post 10 km beyond W, and P - Y - Z - Bamako with no post
    (or with one between Z and Bamako). W and Z are 5 km apart but not joined."""
    g = nx.MultiDiGraph()
    nodes = {
        "P": ("SEN", "port", 0.0, 500.0), "X": ("SEN", "junction", 0.0, 0.0),
        "W": ("MLI", "junction", 0.0, 0.0), "Post": ("MLI", "border", 0.0, 0.0),
        "Y": ("SEN", "junction", 0.0, 0.0), "Z": ("MLI", "junction", 0.0, 0.0),
        "Bamako": ("MLI", "city", 100.0, 0.0),
    }
    if post_on_y:
        nodes["Post2"] = ("MLI", "border", 0.0, 0.0)
    for i, (n, (iso, role, demand, supply)) in enumerate(nodes.items()):
        g.add_node(n, country=iso, role=role, demand_m3_per_day=demand, supply_m3_per_day=supply,
                   x=-10.0 + i, y=13.0)
    last = [("Z", "Post2", 5.0), ("Post2", "Bamako", 150.0)] if post_on_y else [("Z", "Bamako", 150.0)]
    for u, v, km in (("P", "X", 50.0), ("X", "W", 5.0), ("W", "Post", 10.0), ("Post", "Bamako", 200.0),
                     ("P", "Y", 60.0), ("Y", "Z", 40.0), *last):
        for a, b in ((u, v), (v, u)):
            g.add_edge(a, b, length_km=km, segment_id=f"R:{u}-{v}")
    return g


def test_the_road_that_passes_no_post_is_listed_once() -> None:
    # The post 10 km inside Mali on the first road covers its crossing; the second road's end Z
    # lies near that post (5 km from W) but fuel on it never passes it (an auditor's case on the
    # West-African layer, missed by a 30 km radius around posts).
    entries = unposted_entries(_roads())
    assert [(e.segment_id, e.from_country, e.to_country) for e in entries] == [("R:Y-Z", "SEN", "MLI")]
    assert entries[0].describe() == "R:Y-Z (from SEN, its end in MLI at 13.00N 5.00W)"


def test_a_post_further_in_covers_the_road() -> None:
    assert unposted_entries(_roads(post_on_y=True)) == []


def test_the_embedded_network_has_none(embedded_network: nx.MultiDiGraph) -> None:
    assert unposted_entries(embedded_network) == []
    assert summarize_network(embedded_network).unposted_entries == []


def test_the_real_layer_lists_its_roads_into_mali(caplog: pytest.LogCaptureFixture) -> None:
    # The trimmed West-African layer (tests/data/real): Kayes from Senegal, San from Burkina
    # Faso and a Guinean road, among others, enter Mali away from the 12 posts of places.toml;
    # with the posts and those roads closed, nothing reaches Mali.
    from supplychain.networks import build_network

    with caplog.at_level(logging.WARNING, logger="supplychain.networks.build"):
        g = build_network(REPO / "tests" / "data" / "real" / "flownet_west_africa.geojson")
    entries = unposted_entries(g)
    assert {e.from_country for e in entries} >= {"SEN", "BFA", "GIN"}
    assert any(e.segment_id.startswith("primary:Kayes-") and e.from_country == "SEN" for e in entries)
    assert f"{len(entries)} road(s) into MLI let fuel reach its cities without passing any border post" \
        in caplog.text
    assert f"roads into the country that pass no border post ({len(entries)})" in summarize_network(g).to_text()
    from supplychain.models import Scenario, load_model_parameters, run_scenario
    from supplychain.models.scenario import Effect

    shut = Scenario("posts and unposted roads closed",
                    {e.segment_id: Effect(closed=True) for e in entries},
                    {d["name"]: Effect(closed=True) for _, d in g.nodes(data=True) if d.get("role") == "border"})
    assert run_scenario(g, load_model_parameters(), shut).delivered_m3_per_day == 0.0
