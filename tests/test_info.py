"""`network info`: the summary's figures against a hand count on tiny graphs."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from supplychain.networks import summarize_network


def _two_roads() -> nx.MultiDiGraph:
    """Dakar -> Bamako by two roads: a short slow one and a longer fast one."""
    g = nx.MultiDiGraph(source="tiny")
    g.add_node(1, x=-17.4, y=14.7, name="Dakar", role="port", country="SEN", supply_m3_per_day=1.0)
    g.add_node(2, x=-8.0, y=12.6, name="Bamako", role="city", country="MLI", demand_m3_per_day=1.0)
    for key, (km, hours, surface) in enumerate(((100.0, 3.0, "unpaved"), (120.0, 2.2, "asphalt"))):
        for u, v in ((1, 2), (2, 1)):
            g.add_edge(u, v, key=key, segment_id=f"r{key}", length_km=km, travel_time_h=hours,
                       highway="primary", country="SEN", surface=surface)  # fmt: skip
    return g


def test_route_hours_are_those_of_the_road_its_km_are_measured_on() -> None:
    # The shortest route (by km) runs on the 100 km road, 3.0 h; the hours were the fastest
    # parallel road's (2.2 h, on a road of 120 km), a route no truck drives.
    (route,) = summarize_network(_two_roads()).routes
    assert (route.length_km, route.travel_time_h) == (100.0, 3.0)


def test_a_graph_without_segment_ids_is_a_schema_error_naming_them_capacities_not_needed() -> None:
    # A graph built or edited in code without segment ids met a bare KeyError ('segment_id').
    # The summary counts segments by their ids (both directions share one), so it names what
    # it lacks, every problem at once; it still needs no capacity (_two_roads has none).
    import pytest

    from supplychain.errors import SchemaError

    g = _two_roads()
    for u, v in ((1, 2), (2, 1)):
        del g.edges[u, v, 0]["segment_id"]
    g.edges[1, 2, 1]["length_km"] = "120"
    with pytest.raises(SchemaError) as err:
        summarize_network(g)
    assert str(err.value) == (
        "The network has 3 problem(s) in the attributes its summary reads; fix the attribute or "
        "rebuild the network with supplychain.networks: Segment '1-2' has no 'segment_id'; "
        "Segment 'r1' has 'length_km' = '120' of type str; expected float; Segment '2-1' has no "
        "'segment_id'"
    )
    del g.nodes[1]["name"]  # the route's port: its name is what the summary prints
    with pytest.raises(SchemaError, match=r"Node 1 has no 'name'"):
        summarize_network(g)
    assert summarize_network(_two_roads()).segments == 2


def test_json_with_segments_is_one_json_document(tiny_network: nx.MultiDiGraph, tmp_path: Path) -> None:
    # `network info --json --segments` printed the segments as tab-separated lines after the
    # JSON: the output was no JSON document (`| jq` failed). They are a list inside it (fuzz31).
    import json

    from click.testing import CliRunner

    from supplychain.cli import main
    from supplychain.networks import save_network

    save_network(tiny_network, tmp_path / "net.parquet")
    result = CliRunner().invoke(main, ["network", "info", str(tmp_path / "net.parquet"), "--json", "--segments"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)["segment_list"]
    assert len(listed) == json.loads(result.stdout)["segments"] == 8
    assert listed[0].keys() == {"id", "length_km", "highway", "country", "capacity_trucks_per_day"}
    assert [s["id"] for s in listed] == sorted(s["id"] for s in listed)


def test_a_city_with_no_demand_is_not_counted_among_the_demand_cities(
    embedded_network: nx.MultiDiGraph,
) -> None:
    """Kati with a demand of 0 (a places file may give a city none) was listed among the
    "demand cities (11)" of `network info` and `solve`'s header, where the LP, the timeline
    and the text serve 10. It is now listed apart (cons35)."""
    g = embedded_network.copy()
    kati = next(n for n, d in g.nodes(data=True) if d["name"] == "Kati")
    g.nodes[kati]["demand_m3_per_day"] = 0.0
    s = summarize_network(g)
    served = sorted(d["name"] for _, d in g.nodes(data=True) if (d.get("demand_m3_per_day") or 0) > 0)
    assert s.cities == served and len(s.cities) == 10 and "Kati" not in s.cities
    assert s.cities_without_demand == ["Kati"] and s.to_dict()["cities_without_demand"] == ["Kati"]
    text = s.to_text()
    assert "  demand cities (10): Bamako, Bougouni, Kayes," in text
    assert "\n  cities without demand (1): Kati\n" in text
    # With every city given a demand, no such line.
    assert "without demand" not in summarize_network(embedded_network).to_text()


def test_a_port_that_loads_nothing_is_not_counted_among_the_loading_points(
    embedded_network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    """San-Pédro with a supply of 0 and Nouakchott with a loading capacity of 0 trucks/day load
    nothing in the LP, yet `solve`'s "Network:" line counted 6 loading points, by role, where
    demand cities count only those with a demand. They are listed apart in `network info`."""
    from click.testing import CliRunner

    from supplychain.cli import main
    from supplychain.networks import save_network

    g = embedded_network.copy()
    for _, d in g.nodes(data=True):
        if d["name"] == "San-Pédro":
            d["supply_m3_per_day"] = 0.0
        if d["name"] == "Nouakchott":
            d["capacity_trucks_per_day"] = 0.0
    s = summarize_network(g)
    assert s.loading_points == 4 and s.loading_nothing == ["Nouakchott", "San-Pédro"]
    assert len(s.ports) == 5  # still ports, by role
    assert "\n  ports and depots that load nothing (2): Nouakchott, San-Pédro\n  border posts (12)" in s.to_text()
    assert "load nothing" not in summarize_network(embedded_network).to_text()
    save_network(g, tmp_path / "net.parquet")
    result = CliRunner().invoke(main, ["solve", "--network", str(tmp_path / "net.parquet")])
    assert result.exit_code == 0, result.output
    assert ", 4 loading points, 12 border posts," in result.output.splitlines()[0]
