"""`network info`: the summary's figures against a hand count on tiny graphs."""

from __future__ import annotations

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
