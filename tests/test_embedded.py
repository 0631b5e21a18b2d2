"""The embedded corridor skeleton: coverage, spacing, labelling and connectivity."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from supplychain.networks import (
    EMBEDDED_NETWORK_PATH,
    BuildOptions,
    build_network,
    load_corridors,
    load_places,
    summarize_network,
)
from supplychain.networks.geo import haversine_km

REQUIRED_TOWNS = [
    # Senegal corridor
    "Dakar", "Thiès", "Kaolack", "Tambacounda", "Kidira", "Diboli", "Kayes", "Diéma", "Didiéni",
    "Kati", "Bamako", "Kita", "Kédougou", "Kéniéba",
    # Guinea
    "Conakry", "Kindia", "Mamou", "Kankan", "Siguiri",
    # Côte d'Ivoire
    "Abidjan", "Yamoussoukro", "Bouaké", "Ferkessédougou", "Kadiolo", "Sikasso", "Bougouni",
    "San-Pédro", "Soubré", "Odienné", "Manankoro",
    # Mauritania
    "Nouakchott", "Boutilimit", "Aleg", "Kiffa", "Ayoun el Atrous", "Nioro du Sahel", "Rosso",
    # Mali demand centres
    "Koutiala", "Ségou", "San", "Mopti",
]  # fmt: skip
MAX_GAP_KM = 80.0


@pytest.fixture(scope="module")
def osm_tree() -> ET.ElementTree:
    return ET.parse(EMBEDDED_NETWORK_PATH)


def test_file_says_it_is_an_authored_skeleton() -> None:
    head = EMBEDDED_NETWORK_PATH.read_text(encoding="utf-8")[:3000].lower()
    assert "authored" in head and "skeleton" in head
    assert "not an openstreetmap extract" in head


def test_required_towns_are_named_nodes(osm_tree: ET.ElementTree) -> None:
    names = {
        tag.get("v")
        for node in osm_tree.getroot().iter("node")
        for tag in node.iter("tag")
        if tag.get("k") == "name"
    }
    missing = [t for t in REQUIRED_TOWNS if not any(t == n or n.startswith(t) for n in names)]
    assert not missing, f"towns missing from the skeleton: {missing}"


def test_no_gap_longer_than_80_km(osm_tree: ET.ElementTree) -> None:
    root = osm_tree.getroot()
    coords = {n.get("id"): (float(n.get("lon")), float(n.get("lat"))) for n in root.iter("node")}
    worst = 0.0
    for way in root.iter("way"):
        refs = [nd.get("ref") for nd in way.iter("nd")]
        for a, b in itertools.pairwise(refs):
            gap = float(haversine_km(*coords[a], *coords[b]))
            worst = max(worst, gap)
            assert gap <= MAX_GAP_KM, f"way {way.get('id')}: {gap:.0f} km between nodes {a} and {b}"
    assert worst > 10  # the check actually measured something


def test_ways_carry_standard_tags(osm_tree: ET.ElementTree) -> None:
    for way in osm_tree.getroot().iter("way"):
        tags = {t.get("k"): t.get("v") for t in way.iter("tag")}
        assert tags.get("highway") in {"trunk", "primary", "secondary"}, way.get("id")
        assert tags.get("ref"), f"way {way.get('id')} has no ref"
        assert tags.get("surface"), f"way {way.get('id')} has no surface"


def test_every_place_snaps_and_every_port_reaches_bamako(embedded_network: nx.MultiDiGraph) -> None:
    assert embedded_network.graph["unmatched_places"] == []
    summary = summarize_network(embedded_network)
    assert {p.name for p in load_places() if p.role == "port"} == set(summary.ports)
    for route in summary.routes:
        assert route.reachable, route.name
        assert route.length_km is not None and 400 < route.length_km < 2000


def test_every_corridor_is_on_the_network(embedded_network: nx.MultiDiGraph) -> None:
    corridor_km = embedded_network.graph["corridor_km"]
    for corridor in load_corridors():
        assert corridor.name in corridor_km, corridor.name
    labelled = {c for _, _, d in embedded_network.edges(data=True) for c in d["corridors"]}
    assert labelled == set(corridor_km)


def test_countries_and_border_crossings(embedded_network: nx.MultiDiGraph) -> None:
    countries = {d["country"] for _, _, d in embedded_network.edges(data=True)}
    assert {"SEN", "MLI", "GIN", "CIV", "MRT"} <= countries
    crossings = [n for n, d in embedded_network.nodes(data=True) if d["border_crossing"]]
    assert len(crossings) >= 6


def test_classes_keep_those_roads_with_the_detour_indices_of_the_full_skeleton(
    embedded_network: nx.MultiDiGraph,
) -> None:
    # --classes trunk,primary on the embedded source failed: the detour stretches on the
    # secondary roads it leaves out (San-Pédro - Manankoro, Odienné - Kankan, ...) were read
    # as errors of the parameter file ("do not match the skeleton").
    g = build_network("embedded", options=BuildOptions.default(classes=["trunk", "primary"]))
    assert {d["highway"] for _, _, d in g.edges(data=True)} == {"trunk", "primary"}
    full = {(d["segment_id"], tuple(d["osmid"])): d["length_km"]
            for _, _, d in embedded_network.edges(data=True)}  # fmt: skip
    kept = {(d["segment_id"], tuple(d["osmid"])): d["length_km"] for _, _, d in g.edges(data=True)}
    shared = kept.keys() & full.keys()
    assert len(shared) > 150  # all 191 today; a segment merged anew would have other osmids
    assert {k: kept[k] for k in shared} == pytest.approx({k: full[k] for k in shared}, rel=1e-12)


def test_options_a_source_does_not_read_are_warned_about(caplog: pytest.LogCaptureFixture) -> None:
    # `network build --snap-m 5 --where ...` on the embedded source ignored both without a word.
    import logging

    from supplychain.networks import build_network

    with caplog.at_level(logging.WARNING, logger="supplychain.networks.build"):
        build_network("embedded", where="add = 0", snap_tolerance_m=5.0, cache_dir="x")
    (line,) = [r.getMessage() for r in caplog.records if "does not read" in r.getMessage()]
    assert "--where, --snap-m, --cache-dir" in line and line.startswith("Source 'embedded'")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="supplychain.networks.build"):
        build_network("embedded")  # the defaults are no warning
    assert not [r for r in caplog.records if "does not read" in r.getMessage()]
