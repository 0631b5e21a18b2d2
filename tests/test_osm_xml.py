"""OSM XML source: road filtering, simplification, derived attributes, bad input."""

from __future__ import annotations

import bz2
from pathlib import Path

import networkx as nx
import pytest

from supplychain.errors import ConnectivityError, DataFileError, NetworkSourceError
from supplychain.networks import BuildOptions, build_network
from supplychain.networks.geo import haversine_km
from supplychain.networks.osm import filter_osm_file, graph_from_osm_file

from .conftest import DATA, segment


def test_filter_drops_waterways_and_unlisted_classes(tiny_osm: Path, tmp_path: Path) -> None:
    stats = filter_osm_file(tiny_osm, tmp_path / "roads.osm", classes=["trunk", "secondary"])
    assert stats.ways_kept == 4  # 100, 101, 102 (trunk), 103 (secondary); not 104, 105, 106
    text = (tmp_path / "roads.osm").read_text()
    assert "waterway" not in text and "residential" not in text and 'id="106"' not in text


def test_raw_graph_has_no_waterway_edges(tiny_osm: Path) -> None:
    raw = graph_from_osm_file(tiny_osm, classes=["trunk", "secondary", "residential"])
    assert {d["highway"] for _, _, d in raw.edges(data=True)} == {"trunk", "secondary", "residential"}
    assert all("waterway" not in d for _, _, d in raw.edges(data=True))


def test_tiny_network_segments(tiny_network: nx.MultiDiGraph) -> None:
    ids = {d["segment_id"] for _, _, d in tiny_network.edges(data=True)}
    # Simplification keeps places, towns and the border post as segment ends and keeps the
    # N1 (Senegal) / RN1 (Mali) ref change apart.
    assert "N1:Tambacounda-Kidira" in ids
    assert "RN1:Kayes-Diéma" in ids
    assert "RN3:Kayes-Kita" in ids
    # residential street, river and the place-less fragment are gone
    names = {d.get("name") for _, d in tiny_network.nodes(data=True)}
    assert "Rue du marché" not in {d["name"] for _, _, d in tiny_network.edges(data=True)}
    assert {"Tambacounda", "Kidira-Diboli border", "Kayes", "Bamako"} <= names
    assert not any(n in tiny_network for n in (30, 31))


def test_both_directions_share_segment_id(tiny_network: nx.MultiDiGraph) -> None:
    counts: dict[str, int] = {}
    for _, _, d in tiny_network.edges(data=True):
        counts[d["segment_id"]] = counts.get(d["segment_id"], 0) + 1
    assert set(counts.values()) == {2}


def test_derived_attributes_by_hand(tiny_network: nx.MultiDiGraph) -> None:
    params_cap_trunk, params_cap_secondary = 2000.0, 800.0
    n1 = segment(tiny_network, "N1:Tambacounda-Kidira")
    assert n1["country"] == "SEN" and n1["osmid"] == [100]
    assert n1["speed_kph"] == 55.0  # class speed below maxspeed 90
    assert n1["capacity_trucks_per_day"] == params_cap_trunk
    assert n1["travel_time_h"] == pytest.approx(n1["length_km"] / 55.0)
    rn1 = segment(tiny_network, "RN1:Kayes-Diéma")
    assert rn1["speed_kph"] == 40.0  # maxspeed 40 < class speed 55
    assert rn1["country"] == "MLI"
    # Kayes -> Diéma: two straight legs via (14.50, -10.30); haversine by hand ~242.4 km
    assert rn1["length_km"] == pytest.approx(242.43, abs=0.05)
    rn3 = segment(tiny_network, "RN3:Kayes-Kita")
    assert rn3["surface"] == "unpaved"
    assert rn3["capacity_trucks_per_day"] == params_cap_secondary * 0.5
    assert rn3["speed_kph"] == pytest.approx(40 * 0.6)


def test_places_and_roles(tiny_network: nx.MultiDiGraph) -> None:
    by_name = {d["name"]: d for _, d in tiny_network.nodes(data=True) if d["name"]}
    assert by_name["Tambacounda"]["role"] == "port"
    assert by_name["Tambacounda"]["supply_m3_per_day"] == 1000.0
    assert by_name["Kidira-Diboli border"]["role"] == "border"
    assert by_name["Kidira-Diboli border"]["capacity_trucks_per_day"] == 400
    assert by_name["Bamako"]["demand_m3_per_day"] == 900.0
    assert by_name["Diéma"]["role"] == "junction"
    assert any(d["border_crossing"] for _, d in tiny_network.nodes(data=True))


def test_corridor_labels(tiny_network: nx.MultiDiGraph) -> None:
    corridor = "Tambacounda-Bamako via Kayes"
    assert corridor in segment(tiny_network, "RN1:Kayes-Diéma")["corridors"]
    assert segment(tiny_network, "RN3:Kayes-Kita")["corridors"] == []
    assert tiny_network.graph["corridor_km"][corridor] == pytest.approx(
        sum(
            segment(tiny_network, s)["length_km"]
            for s in ("N1:Tambacounda-Kidira", "N1:Kidira-Kidira-Diboli border",
                      "RN1:Kidira-Diboli border-Diboli", "RN1:Diboli-Kayes",
                      "RN1:Kayes-Diéma", "RN1:Diéma-Bamako")
        )
    )


def test_bz2_gives_same_network(tiny_osm: Path, tiny_options: BuildOptions, tmp_path: Path,
                                tiny_network: nx.MultiDiGraph) -> None:
    packed = tmp_path / "tiny.osm.bz2"
    packed.write_bytes(bz2.compress(tiny_osm.read_bytes()))
    g = build_network(packed, options=tiny_options)
    assert sorted(d["segment_id"] for _, _, d in g.edges(data=True)) == sorted(
        d["segment_id"] for _, _, d in tiny_network.edges(data=True)
    )


def test_corrupt_xml_names_file(tmp_path: Path, tiny_options: BuildOptions) -> None:
    bad = tmp_path / "broken.osm"
    bad.write_text((DATA / "tiny.osm").read_text()[:900])
    with pytest.raises(DataFileError, match=r"broken\.osm"):
        build_network(bad, options=tiny_options)


def test_missing_file(tmp_path: Path, tiny_options: BuildOptions) -> None:
    with pytest.raises(DataFileError, match="does not exist"):
        build_network(tmp_path / "nope.osm", options=tiny_options)


def test_no_road_of_requested_classes(tiny_osm: Path) -> None:
    opts = BuildOptions.default(
        places_path=DATA / "tiny_places.toml", corridors_path=DATA / "tiny_corridors.toml",
        classes=["motorway"],
    )
    with pytest.raises(NetworkSourceError, match="no road of classes motorway"):
        build_network(tiny_osm, options=opts)


def test_port_not_connected_names_port_and_component(tmp_path: Path) -> None:
    # RN1 cut at Diboli: Tambacounda-Kidira-Diboli is left apart from Kayes-Bamako.
    opts = BuildOptions.default(
        places_path=DATA / "tiny_places.toml", corridors_path=DATA / "tiny_corridors.toml",
        classes=["trunk", "secondary"],
    )
    text = (DATA / "tiny.osm").read_text().replace('<nd ref="4"/><nd ref="5"/><nd ref="6"/>',
                                                   '<nd ref="4"/><nd ref="5"/>')
    cut = tmp_path / "cut.osm"
    cut.write_text(text)
    with pytest.raises(ConnectivityError) as err:
        build_network(cut, options=opts)
    message = str(err.value)
    assert "port 'Tambacounda' cannot reach Bamako" in message
    assert "component of" in message and "Kidira-Diboli border" in message


def test_bamako_missing(tmp_path: Path, tiny_options: BuildOptions) -> None:
    text = (DATA / "tiny.osm").read_text()
    far = text.replace('lat="12.6400" lon="-8.0000"', 'lat="13.6400" lon="-8.5000"')
    path = tmp_path / "nobamako.osm"
    path.write_text(far)
    with pytest.raises(ConnectivityError, match="Bamako matches no node"):
        build_network(path, options=tiny_options)


def test_filter_with_progress_bar(tiny_osm: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stats = filter_osm_file(tiny_osm, tmp_path / "roads.osm", classes=["trunk"], progress=True)
    assert stats.ways_kept == 3
    assert "ways" in capsys.readouterr().err


def test_merged_segment_sums_the_travel_times_of_its_ways(tmp_path: Path, tiny_options: BuildOptions) -> None:
    # RN1 Kayes -> Diéma drawn as two ways: 6-7 unpaved with maxspeed 40, then 7-8-9-10 paved.
    # Node 7 is no place, so simplification merges 6-7 and 7-8 into RN1:Kayes-Diéma. The
    # unpaved 40 km/h stretch used to set the speed of the whole merged segment (the slowest
    # piece's speed times its total length); the time is the sum of the pieces' times.
    text = (DATA / "tiny.osm").read_text().replace(
        '<way id="102" version="1"><nd ref="6"/><nd ref="7"/><nd ref="8"/><nd ref="9"/><nd ref="10"/>\n'
        '    <tag k="highway" v="trunk"/><tag k="ref" v="RN1"/><tag k="surface" v="asphalt"/><tag k="maxspeed" v="40"/></way>',
        '<way id="102" version="1"><nd ref="6"/><nd ref="7"/>\n'
        '    <tag k="highway" v="trunk"/><tag k="ref" v="RN1"/><tag k="surface" v="unpaved"/><tag k="maxspeed" v="40"/></way>\n'
        '  <way id="107" version="1"><nd ref="7"/><nd ref="8"/><nd ref="9"/><nd ref="10"/>\n'
        '    <tag k="highway" v="trunk"/><tag k="ref" v="RN1"/><tag k="surface" v="asphalt"/></way>',
    )
    assert 'way id="107"' in text
    split = tmp_path / "split.osm"
    split.write_text(text)
    g = build_network(split, options=tiny_options)
    rn1 = segment(g, "RN1:Kayes-Diéma")
    assert sorted(rn1["osmid"]) == [102, 107]
    # Haversine (osmnx's radius 6,371,009 m) of each piece, by hand.
    unpaved_km = float(haversine_km(-11.44, 14.45, -10.30, 14.50))  # Kayes - node 7
    paved_km = float(haversine_km(-10.30, 14.50, -9.19, 14.54))  # node 7 - Diéma
    assert rn1["length_km"] == pytest.approx(unpaved_km + paved_km, rel=1e-6)
    hours = unpaved_km / min(55.0 * 0.6, 40.0) + paved_km / 55.0  # 3.72 + 2.18 h, not 7.35 h
    assert rn1["travel_time_h"] == pytest.approx(hours, rel=1e-6)
    assert rn1["speed_kph"] == pytest.approx(rn1["length_km"] / hours, rel=1e-6)
    # Capacity: the bottleneck piece (unpaved trunk, half of 2,000 trucks/day).
    assert rn1["capacity_trucks_per_day"] == 1000.0


def test_both_directions_of_a_merged_segment_share_its_id_whatever_the_way_ids(
    tmp_path: Path, tiny_options: BuildOptions
) -> None:
    # RN1 Kayes -> Bamako drawn as three ways, ids 200, 208 and 216 (equal modulo 8: the order
    # in which a Python set lists them depends on the order they were added). osmnx merges a
    # segment's way ids through a set, so its two directions listed them in different orders,
    # were not paired, and became two one-way segments, RN1:Kayes-Bamako and RN1:Bamako-Kayes.
    text = (DATA / "tiny.osm").read_text()
    old = ('<way id="102" version="1"><nd ref="6"/><nd ref="7"/><nd ref="8"/><nd ref="9"/><nd ref="10"/>\n'
           '    <tag k="highway" v="trunk"/><tag k="ref" v="RN1"/><tag k="surface" v="asphalt"/><tag k="maxspeed" v="40"/></way>')
    assert old in text
    tags = '<tag k="highway" v="trunk"/><tag k="ref" v="RN1"/>'
    text = text.replace(old, (
        f'<way id="200" version="1"><nd ref="6"/><nd ref="7"/>{tags}</way>\n'
        f'  <way id="208" version="1"><nd ref="7"/><nd ref="9"/>{tags}</way>\n'
        f'  <way id="216" version="1"><nd ref="9"/><nd ref="10"/>{tags}</way>\n'
        '  <node id="8" lat="14.5400" lon="-9.1900" version="1"/>'))  # fmt: skip
    text = text.replace('<node id="8" lat="14.5400" lon="-9.1900" version="1"><tag k="name" v="Diéma"/>'
                        '<tag k="place" v="town"/></node>', "")  # Diéma off the road: one segment
    path = tmp_path / "ways.osm"
    path.write_text(text)
    g = build_network(path, options=tiny_options)
    rn1 = {(u, v): d for u, v, d in g.edges(data=True) if d["ref"] == "RN1" and 200 in d["osmid"]}
    assert len(rn1) == 2, rn1.keys()
    (forward, backward) = rn1.values()
    assert forward["segment_id"] == backward["segment_id"] == "RN1:Kayes-Bamako"
    assert forward["osmid"] == backward["osmid"] == [200, 208, 216]


def test_zero_maxspeed_or_lanes_tag_is_ignored(tmp_path: Path, tiny_options: BuildOptions) -> None:
    # maxspeed=0 and lanes=0 are mistakes in OSM (a road no truck may use is access=no). One
    # such way stopped the whole build of an extract ("speed_kph 0 km/h; it must be > 0",
    # "lanes 0; it must be >= 1"); the class defaults apply, as for an unreadable value.
    text = (DATA / "tiny.osm").read_text()
    old = '<tag k="lanes" v="2"/><tag k="maxspeed" v="90"/>'
    assert old in text
    path = tmp_path / "zero.osm"
    path.write_text(text.replace(old, '<tag k="lanes" v="0"/><tag k="maxspeed" v="0"/>'))
    n1 = segment(build_network(path, options=tiny_options), "N1:Tambacounda-Kidira")
    assert n1["speed_kph"] == 55.0 and n1["lanes"] == 2 and n1["capacity_trucks_per_day"] == 2000.0


def test_ways_listed_before_their_nodes_give_the_same_network(tiny_osm: Path, tiny_options: BuildOptions,
                                                              tiny_network: nx.MultiDiGraph, tmp_path: Path) -> None:
    # An unsorted file (its ways before the nodes they use) built as a sorted one: the filtered
    # file lists every node before the first way (review32b: it kept the source's order and
    # the build said 'has no road of classes ...').
    text = tiny_osm.read_text(encoding="utf-8")
    first_node, first_way, end = text.index("  <node"), text.index("  <way"), text.index("</osm>")
    unsorted = tmp_path / "unsorted.osm"
    unsorted.write_text(text[:first_node] + text[first_way:end] + text[first_node:first_way] + text[end:],
                        encoding="utf-8")
    graph = build_network(unsorted, options=tiny_options)
    assert sorted(graph.edges(keys=True, data="segment_id")) == sorted(tiny_network.edges(keys=True, data="segment_id"))
