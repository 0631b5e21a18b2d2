"""The country of the segments beside a border post: the post's two sides, not the coarse map's."""

from __future__ import annotations

import networkx as nx

from supplychain.networks.borders import label_post_sides

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
