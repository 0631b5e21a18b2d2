"""The country of the segments beside a border post: the post's two sides, not the coarse map's."""

from __future__ import annotations

import itertools

import networkx as nx

from supplychain.networks.borders import label_junction_countries, label_post_sides

from .conftest import segment


def _sides(graph: nx.MultiDiGraph) -> dict[str, dict[str, str]]:
    """Each border post's segments and their country."""
    return {
        d["name"]: {e["segment_id"]: e["country"] for _, _, e in graph.out_edges(n, data=True)}
        for n, d in graph.nodes(data=True) if d.get("role") == "border"
    }  # fmt: skip


def test_kidira_town_to_the_post_is_in_senegal(tiny_network: nx.MultiDiGraph) -> None:
    """Kidira (14.46N 12.21W in tests/data/tiny.osm) lies on the Senegal bank of the Falémé,
    the post (MLI, 12.195W) on the bridge, Diboli (12.18W) on the Mali bank. The 1:50m boundary
    runs about 2 km west of Kidira, so the segment Kidira - post was labelled MLI like the one
    beyond the post: the road crossed no border at the post."""
    assert _sides(tiny_network)["Kidira-Diboli border"] == {
        "N1:Kidira-Kidira-Diboli border": "SEN", "RN1:Kidira-Diboli border-Diboli": "MLI"}
    assert segment(tiny_network, "N1:Tambacounda-Kidira")["country"] == "SEN"  # untouched
    post = next(n for n, d in tiny_network.nodes(data=True) if d.get("role") == "border")
    assert tiny_network.nodes[post]["border_crossing"]


def test_every_embedded_post_separates_its_two_countries(embedded_network: nx.MultiDiGraph) -> None:
    # Kidira-Diboli (both sides MLI), Rosso (both MRT) and Kourémalé (both MLI) crossed no
    # border on the 1:50m map; the others were already split at the post and stay as they were.
    sides = _sides(embedded_network)
    assert sides["Kidira-Diboli border"]["N1:Kidira-Kidira-Diboli border"] == "SEN"
    assert sides["Rosso border"] == {"N2:Rosso border-Rosso-Sénégal": "SEN", "N2:Rosso-Rosso border": "MRT"}
    assert sides["Kourémalé border"] == {"RN5:Kourémalé border-Kourémalé": "MLI",
                                         "N6:Kourémalé (Guinée)-Kourémalé border": "GIN"}
    assert sides["Moussala border"] == {"N7:Moussala-Moussala border": "SEN",
                                        "RN24:Moussala border-Mahinamine": "MLI"}
    for name, segs in sides.items():
        post_country = next(d["country"] for _, d in embedded_network.nodes(data=True) if d.get("name") == name)
        assert post_country in segs.values() and len(set(segs.values())) == 2, (name, segs)


def test_a_post_already_split_by_the_map_is_left_alone() -> None:
    # SEN - Post (MLI) - MLI: the map already puts the two roads in two countries.
    g = nx.MultiDiGraph()
    for n, x, iso, role in (("A", -12.6, "SEN", "junction"), ("P", -12.2, "MLI", "border"),
                            ("B", -11.8, "MLI", "junction")):
        g.add_node(n, x=x, y=14.46, country=iso, role=role, border_crossing=False)
    for u, v, iso in (("A", "P", "SEN"), ("P", "B", "MLI")):
        for a, b in ((u, v), (v, u)):
            g.add_edge(a, b, segment_id=f"R:{u}-{v}", country=iso)
    assert label_post_sides(g) == []
    assert {d["segment_id"]: d["country"] for _, _, d in g.edges(data=True)} == {"R:A-P": "SEN", "R:P-B": "MLI"}


def _kidira_graph() -> nx.MultiDiGraph:
    """Tambacounda (port, SEN) - Goudiry - Kidira - the post (MLI) - Diboli - Kayes (city, MLI)
    and a depot at Diboli's side (MLI), every node labelled as the 1:50m map puts it: Kidira
    (12.21W), on the Senegal bank, inside the map's Mali."""
    g = nx.MultiDiGraph()
    nodes = (("Tambacounda", -13.67, 13.77, "SEN", "port", 100.0, 0.0),
             ("Goudiry", -12.72, 14.18, "SEN", "junction", 0.0, 0.0),
             ("Kidira", -12.21, 14.46, "MLI", "junction", 0.0, 0.0),
             ("Kidira-Diboli border", -12.195, 14.465, "MLI", "border", 0.0, 0.0),
             ("Diboli", -12.18, 14.47, "MLI", "junction", 0.0, 0.0),
             ("Depot", -12.0, 14.4, "MLI", "depot", 50.0, 0.0),
             ("Kayes", -11.44, 14.45, "MLI", "city", 0.0, 80.0))  # fmt: skip
    for n, x, y, iso, role, supply, demand in nodes:
        g.add_node(n, name=n, x=x, y=y, country=iso, role=role, supply_m3_per_day=supply,
                   demand_m3_per_day=demand, border_crossing=False)  # fmt: skip
    roads = (("Tambacounda", "Goudiry", "SEN"), ("Goudiry", "Kidira", "SEN"),
             ("Kidira", "Kidira-Diboli border", "MLI"), ("Kidira-Diboli border", "Diboli", "MLI"),
             ("Diboli", "Kayes", "MLI"), ("Depot", "Diboli", "MLI"))  # fmt: skip
    for u, v, iso in roads:
        for a, b in ((u, v), (v, u)):
            g.add_edge(a, b, segment_id=f"R:{u}-{v}", country=iso)
    return g


def test_a_junction_takes_the_country_its_roads_all_lie_in() -> None:
    """Kidira kept the map's MLI once its road to the post was relabelled SEN: every road
    there in Senegal, the town in Mali. A junction whose two or more segments all lie in one
    country now takes it; places keep their file's country, a dead end its point's."""
    g = _kidira_graph()
    g.add_node("End", name="End", x=-12.3, y=14.5, country="MLI", role="junction")
    for a, b in (("Kidira", "End"), ("End", "Kidira")):
        g.add_edge(a, b, segment_id="R:Kidira-End", country="SEN")
    assert label_post_sides(g) == ["R:Kidira-Kidira-Diboli border"]
    assert label_junction_countries(g) == ["Kidira"]
    assert {n: d["country"] for n, d in g.nodes(data=True)} == {
        "Tambacounda": "SEN", "Goudiry": "SEN", "Kidira": "SEN", "Kidira-Diboli border": "MLI",
        "Diboli": "MLI", "Depot": "MLI", "Kayes": "MLI", "End": "MLI"}
    assert label_junction_countries(g) == []  # nothing left to relabel


def test_fuel_into_mali_is_counted_at_the_post_not_before_kidira() -> None:
    """With a loading point inside Mali the timeline names the crossings from node countries:
    with Kidira labelled MLI the arc Goudiry - Kidira entered Mali, "R:Goudiry-Kidira (no border
    post)" (on the embedded network with a depot at Diboli and every other post closed, all
    59,840 m3 of 20 days' arrivals were "N1:Tambacounda-Goudiry (no border post)")."""
    from supplychain.models.timeexp_arcs import Arc
    from supplychain.models.timeline_result import _mali_entries

    g = _kidira_graph()
    label_post_sides(g)
    label_junction_countries(g)
    chain = ["Tambacounda", "Goudiry", "Kidira", "Kidira-Diboli border", "Diboli", "Kayes"]
    arcs = [Arc(u, v, (i,), (f"R:{u}-{v}",), 40.0, 1.0, 10.0, ()) for i, (u, v) in enumerate(itertools.pairwise(chain))]
    assert _mali_entries(g, arcs) == [(2, "Kidira-Diboli border")]


def test_embedded_border_towns_take_their_roads_country(embedded_network: nx.MultiDiGraph) -> None:
    """The map put Kidira and Kourémalé (Guinée) in Mali, Rosso-Sénégal and Saint-Louis in
    Mauritania, every road at each in the other country."""
    towns = {d["name"]: d["country"] for _, d in embedded_network.nodes(data=True)}
    assert {t: towns[t] for t in ("Kidira", "Kourémalé (Guinée)", "Rosso-Sénégal", "Saint-Louis", "Diboli")} == {
        "Kidira": "SEN", "Kourémalé (Guinée)": "GIN", "Rosso-Sénégal": "SEN", "Saint-Louis": "SEN", "Diboli": "MLI"}
    for n, d in embedded_network.nodes(data=True):
        segs = {e["segment_id"]: e["country"] for _, _, e in embedded_network.out_edges(n, data=True)}
        if d["role"] == "junction" and len(segs) >= 2 and len(set(segs.values())) == 1:
            assert d["country"] in segs.values(), (d["name"], d["country"], segs)
