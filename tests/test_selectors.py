"""Selectors on a tiny hand-made graph in Mali: known answers, errors naming the bad item."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import LineString

from supplychain._names import suggest
from supplychain.errors import DataFileError, ParameterError
from supplychain.networks.geo import haversine_km
from supplychain.scenarios.selectors import (
    ref_codes,
    segment_geometries,
    select_bbox,
    select_border_posts,
    select_corridor,
    select_near,
    select_polygon_file,
    select_ref,
    select_segments,
)

#: Distances are checked against geodesics on the WGS84 ellipsoid.
GEOD = Geod(ellps="WGS84")

KAYES_AXIS = "Dakar-Bamako via Kayes"
NIORO = "Nouakchott-Bamako via Nioro"

#: name -> (role, lon, lat)
NODES: dict[str, tuple[str, float, float]] = {
    "Kayes": ("city", -11.44, 14.45),
    "Sandaré": ("junction", -10.30, 14.70),
    "Diéma": ("junction", -9.19, 14.54),
    "Nioro du Sahel": ("city", -9.59, 15.23),
    "Gogui border": ("border", -9.44, 15.49),
    "Kati": ("city", -8.07, 12.74),
    "Bamako": ("city", -8.00, 12.64),
    "Fana": ("junction", -6.95, 13.13),
}

#: segment_id -> (from, to, ref, corridors, geometry or None)
EDGES: dict[str, tuple[str, str, str, list[str], LineString | None]] = {
    # Bends north through (-10.9, 14.75): the geometry is used, not the straight line.
    "RN1:Kayes-Sandaré": (
        "Kayes", "Sandaré", "N1;RN1", [KAYES_AXIS],
        LineString([(-11.44, 14.45), (-10.9, 14.75), (-10.30, 14.70)]),
    ),
    "RN1:Sandaré-Diéma": ("Sandaré", "Diéma", "RN1", [KAYES_AXIS], None),
    "RN4:Nioro du Sahel-Diéma": ("Nioro du Sahel", "Diéma", "RN4", [NIORO], None),
    "RN4:Gogui border-Nioro du Sahel": ("Gogui border", "Nioro du Sahel", "RN4", [NIORO], None),
    "RN3:Diéma-Kati": ("Diéma", "Kati", "RN3", [KAYES_AXIS, NIORO], None),
    "RN3:Kati-Bamako": ("Kati", "Bamako", "RN3", [KAYES_AXIS, NIORO], None),
    # An RN1 fragment that does not join the Kayes axis.
    "RN1:Bamako-Fana": ("Bamako", "Fana", "RN1", [], None),
}  # fmt: skip


def mali_graph() -> nx.MultiDiGraph:
    """Tiny network in the project schema (both directions of every segment)."""
    g = nx.MultiDiGraph(crs="epsg:4326")
    ids = {name: i for i, name in enumerate(NODES, start=1)}
    for name, (role, lon, lat) in NODES.items():
        g.add_node(ids[name], name=name, role=role, x=lon, y=lat, country="MLI")
    for sid, (a, b, ref, corridors, geom) in EDGES.items():
        na, nb = NODES[a], NODES[b]
        length = float(haversine_km(na[1], na[2], nb[1], nb[2]))
        attrs = {"segment_id": sid, "ref": ref, "name": "", "length_km": length,
                 "corridors": list(corridors)}  # fmt: skip
        if geom is not None:
            g.add_edge(ids[a], ids[b], geometry=geom, **attrs)
            g.add_edge(ids[b], ids[a], geometry=LineString(geom.coords[::-1]), **attrs)
        else:
            g.add_edge(ids[a], ids[b], **attrs)
            g.add_edge(ids[b], ids[a], **attrs)
    return g


@pytest.fixture()
def g() -> nx.MultiDiGraph:
    return mali_graph()


def test_segment_geometries_use_geometry_or_straight_line(g: nx.MultiDiGraph) -> None:
    lines = segment_geometries(g)
    assert set(lines) == set(EDGES)
    assert len(lines["RN1:Kayes-Sandaré"].coords) == 3
    assert list(lines["RN3:Kati-Bamako"].coords) == [(-8.07, 12.74), (-8.0, 12.64)]


def test_select_segments_and_unknown_id(g: nx.MultiDiGraph) -> None:
    assert select_segments(g, ["RN3:Kati-Bamako"]) == {"RN3:Kati-Bamako": "segment RN3:Kati-Bamako"}
    with pytest.raises(ParameterError) as err:
        select_segments(g, ["RN3:Kati-Bamako", "RN3:Kati-Bamakoo", "XX:nowhere"])
    msg = str(err.value)
    assert "segment 'RN3:Kati-Bamakoo' is not in the network; did you mean 'RN3:Kati-Bamako'" in msg
    assert "'XX:nowhere'" in msg


def test_unknown_ids_without_a_near_miss_share_one_list(g: nx.MultiDiGraph) -> None:
    # A scenario written for another network: one list of known segments, not one per id.
    with pytest.raises(ParameterError) as err:
        select_segments(g, ["XX:nowhere", "YY:elsewhere", "ZZ:far away"])
    msg = str(err.value)
    assert msg.startswith("segments 'XX:nowhere', 'YY:elsewhere', 'ZZ:far away' are not in the network; known segments: ")
    assert msg.count("known segments") == 1


def test_ref_codes_split_osm_lists() -> None:
    assert ref_codes("N1;RN1") == {"N1", "RN1"}
    assert ref_codes(" rn7 ") == {"RN7"}


def test_select_ref_whole_road(g: nx.MultiDiGraph) -> None:
    assert set(select_ref(g, "RN1")) == {"RN1:Kayes-Sandaré", "RN1:Sandaré-Diéma", "RN1:Bamako-Fana"}
    assert set(select_ref(g, "N1")) == {"RN1:Kayes-Sandaré"}  # ref "N1;RN1"
    assert set(select_ref(g, "rn4")) == {"RN4:Nioro du Sahel-Diéma", "RN4:Gogui border-Nioro du Sahel"}


def test_select_ref_between_places(g: nx.MultiDiGraph) -> None:
    got = select_ref(g, "RN1", between=("Kayes", "Diéma"))
    assert got == {
        "RN1:Kayes-Sandaré": "road RN1 between Kayes and Diéma",
        "RN1:Sandaré-Diéma": "road RN1 between Kayes and Diéma",
    }
    assert set(select_ref(g, "RN1", between=("Diéma", "Sandaré"))) == {"RN1:Sandaré-Diéma"}
    assert set(select_ref(g, "RN3", between=("Diéma", "Bamako"))) == {"RN3:Diéma-Kati", "RN3:Kati-Bamako"}


def test_select_ref_between_places_takes_the_shorter_of_parallel_segments() -> None:
    # Two RN1 segments join Kayes and Sandaré (76 and 80 km): the shortest path by length_km
    # takes the 76 km one only (mutation testing, mut34: taking the longer was unguarded).
    road = nx.MultiDiGraph()
    road.add_node(0, x=-11.4, y=14.5, name="Kayes")
    road.add_node(1, x=-10.7, y=14.5, name="Sandaré")
    road.add_edge(0, 1, segment_id="RN1:old", ref="RN1", length_km=80.0)
    road.add_edge(0, 1, segment_id="RN1:new", ref="RN1", length_km=76.0)
    assert select_ref(road, "RN1", between=("Kayes", "Sandaré")) == {"RN1:new": "road RN1 between Kayes and Sandaré"}


def test_select_ref_errors(g: nx.MultiDiGraph) -> None:
    with pytest.raises(ParameterError, match=r"Road 'RN99' is not in the network; .*'RN1'"):
        select_ref(g, "RN99")
    with pytest.raises(ParameterError, match=r"Road RN1 does not join 'Kayes' and 'Fana'"):
        select_ref(g, "RN1", between=("Kayes", "Fana"))
    with pytest.raises(ParameterError, match=r"Place 'Nioro du Sahel' is not on road RN1; .*Diéma"):
        select_ref(g, "RN1", between=("Kayes", "Nioro du Sahel"))
    with pytest.raises(ParameterError, match=r"Place 'Kayess' is not a named node.*'Kayes'"):
        select_ref(g, "RN1", between=("Kayess", "Diéma"))


def test_select_ref_on_a_network_without_road_numbers(g: nx.MultiDiGraph) -> None:
    # Real GIS layers often have no `ref`: the message says so and how to select instead.
    for _, _, data in g.edges(data=True):
        data["ref"] = ""
    with pytest.raises(ParameterError) as err:
        select_ref(g, "RN1")
    text = str(err.value)
    assert "Road 'RN1' is not in the network; the network has no road numbers" in text
    assert "'near'" in text and "'bbox'" in text and "'segments'" in text
    assert "--map ref=COLUMN" in text and "network has no roads" not in text


def test_select_corridor(g: nx.MultiDiGraph) -> None:
    assert set(select_corridor(g, NIORO)) == {
        "RN4:Nioro du Sahel-Diéma", "RN4:Gogui border-Nioro du Sahel",
        "RN3:Diéma-Kati", "RN3:Kati-Bamako",
    }  # fmt: skip
    with pytest.raises(ParameterError, match=r"Corridor 'Abidjan-Bamako' labels no segment.*Kayes"):
        select_corridor(g, "Abidjan-Bamako")


def test_a_corridor_named_by_a_part_of_its_name_lists_those_that_hold_it(g: nx.MultiDiGraph) -> None:
    # corridor = "Nouakchott" (for the Nouakchott corridors) listed the first 12 corridors
    # alphabetically, which need not include those holding "Nouakchott", nor said them.
    with pytest.raises(ParameterError) as err:
        select_corridor(g, "nouakchott")
    assert str(err.value).endswith(f"did you mean {NIORO!r}?"), str(err.value)
    assert suggest("Dakar", ["Abidjan-Bamako", "Dakar-Bamako via Kayes", "Dakar-Bamako via Kita"],
                   "corridors") == "did you mean 'Dakar-Bamako via Kayes', 'Dakar-Bamako via Kita'?"
    # Two letters match too much to be a name's part: the known names as before.
    assert suggest("Da", ["Dakar", "Kayes"], "places") == "known places: 'Dakar', 'Kayes'"


def test_select_border_posts(g: nx.MultiDiGraph) -> None:
    assert select_border_posts(g, ["Gogui border"]) == {"Gogui border": "border post Gogui border"}
    with pytest.raises(ParameterError, match=r"'Kayes' is not a border post.*'Gogui border'"):
        select_border_posts(g, ["Kayes"])


def test_select_bbox_around_diema(g: nx.MultiDiGraph) -> None:
    got = select_bbox(g, [-9.3, 14.4, -9.1, 14.7])
    assert set(got) == {"RN1:Sandaré-Diéma", "RN4:Nioro du Sahel-Diéma", "RN3:Diéma-Kati"}
    assert got["RN3:Diéma-Kati"] == "crosses bbox [-9.3, 14.4, -9.1, 14.7]"
    # an empty box (min_lon == max_lon) too: it was unguarded (mutation testing, mut34)
    for bad in ([1, 2, 3], [-9.1, 14.4, -9.3, 14.7], [0, -95, 1, 0], [-9.3, 14.4, -9.3, 14.7]):
        with pytest.raises(ParameterError, match=r"bbox .*min_lon, min_lat, max_lon, max_lat"):
            select_bbox(g, bad)


def test_bbox_uses_the_geometry_not_the_straight_line(g: nx.MultiDiGraph) -> None:
    # The RN1 geometry bends north to 14.75 at lon -10.9; the straight line passes at ~14.59.
    assert set(select_bbox(g, [-10.95, 14.72, -10.85, 14.8])) == {"RN1:Kayes-Sandaré"}
    assert select_bbox(g, [-10.95, 14.55, -10.85, 14.62]) == {}


def test_select_polygon_file(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    ring = [[-9.3, 14.4], [-9.1, 14.4], [-9.1, 14.7], [-9.3, 14.7], [-9.3, 14.4]]
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}},
    ]}  # fmt: skip
    path = tmp_path / "diema.geojson"
    path.write_text(json.dumps(fc))
    got = select_polygon_file(g, path)
    assert set(got) == {"RN1:Sandaré-Diéma", "RN4:Nioro du Sahel-Diéma", "RN3:Diéma-Kati"}
    assert got["RN3:Diéma-Kati"] == "crosses polygon 'diema.geojson'"


def test_polygon_file_errors(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"GeoJSON file '.*missing.geojson' does not exist"):
        select_polygon_file(g, tmp_path / "missing.geojson")
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    with pytest.raises(DataFileError, match=r"is not readable GeoJSON"):
        select_polygon_file(g, bad)
    point = tmp_path / "point.geojson"
    point.write_text(json.dumps({"type": "Point", "coordinates": [-9.2, 14.5]}))
    with pytest.raises(DataFileError, match=r"geometry 0 is 'Point'; expected Polygon or MultiPolygon"):
        select_polygon_file(g, point)


def test_a_polygon_crossing_itself_is_mended_with_a_warning(
    g: nx.MultiDiGraph, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A "bowtie" ring (its edges cross at -9.2, 14.55) was mended without a word.
    bowtie = [[-9.3, 14.4], [-9.1, 14.7], [-9.1, 14.4], [-9.3, 14.7], [-9.3, 14.4]]
    path = tmp_path / "bowtie.geojson"
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [bowtie]}))
    with caplog.at_level("WARNING", logger="supplychain.scenarios.selectors"):
        got = select_polygon_file(g, path)
    assert "bowtie.geojson': one geometry is not a valid polygon: geometry 0 (Self-intersection[-9.2 14.55])" \
        in caplog.text
    assert got  # both loops of the bowtie select, as before
    caplog.clear()
    square = [[-9.3, 14.4], [-9.1, 14.4], [-9.1, 14.7], [-9.3, 14.7], [-9.3, 14.4]]
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [square]}))
    with caplog.at_level("WARNING", logger="supplychain.scenarios.selectors"):
        select_polygon_file(g, path)
    assert caplog.text == ""


def test_a_multipolygon_whose_parts_nest_reads_as_their_union(
    g: nx.MultiDiGraph, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # make_valid of the whole MultiPolygon read the inner part as a hole in the outer one:
    # RN3:Kati-Bamako, inside both, was no longer selected, with a warning of "Nested shells".
    big = [[-8.3, 12.4], [-7.8, 12.4], [-7.8, 13.0], [-8.3, 13.0], [-8.3, 12.4]]
    small = [[-8.1, 12.6], [-7.97, 12.6], [-7.97, 12.78], [-8.1, 12.78], [-8.1, 12.6]]
    path = tmp_path / "nested.geojson"
    path.write_text(json.dumps({"type": "MultiPolygon", "coordinates": [[big], [small]]}))
    with caplog.at_level("WARNING", logger="supplychain.scenarios.selectors"):
        got = select_polygon_file(g, path)
    assert sorted(got) == ["RN1:Bamako-Fana", "RN3:Diéma-Kati", "RN3:Kati-Bamako"]
    assert caplog.text == ""


@pytest.mark.parametrize("crs", [
    *({"type": "name", "properties": {"name": name}} for name in [
        "urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326",
        # Refused by d030003: the EPSG URN with the registry's version, the OGC URL of EPSG:4326.
        "urn:ogc:def:crs:EPSG:6.6:4326", "http://www.opengis.net/def/crs/EPSG/0/4326",
        "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "WGS 84"]),
    {"type": "EPSG", "properties": {"code": 4326}},  # GeoJSON's drafts before 2008 (GeoServer)
    {"type": "link", "properties": {"href": "http://spatialreference.org/ref/epsg/4326/", "type": "proj4"}},
])  # fmt: skip
def test_a_wgs84_crs_member_is_read(g: nx.MultiDiGraph, tmp_path: Path, crs: dict[str, Any]) -> None:
    square = [[-9.3, 14.4], [-9.1, 14.4], [-9.1, 14.7], [-9.3, 14.7], [-9.3, 14.4]]
    path = tmp_path / "a.geojson"
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [square], "crs": crs}))
    assert select_polygon_file(g, path)


@pytest.mark.parametrize("crs", [
    {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32629"}},
    {"type": "name", "properties": {"name": "EPSG:14326"}},
    {"type": "EPSG", "properties": {"code": 32629}},
])  # fmt: skip
def test_another_crs_member_in_any_form_is_refused(g: nx.MultiDiGraph, tmp_path: Path, crs: dict[str, Any]) -> None:
    square = [[-9.3, 14.4], [-9.1, 14.4], [-9.1, 14.7], [-9.3, 14.7], [-9.3, 14.4]]
    path = tmp_path / "a.geojson"
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [square], "crs": crs}))
    with pytest.raises(DataFileError, match="give its polygons in WGS84 longitude/latitude"):
        select_polygon_file(g, path)


def test_a_crs_member_on_a_feature_or_its_geometry_is_checked(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    """GeoJSON 2008 allowed ``crs`` on a feature and on a geometry: only the file's object's was
    looked at, so a feature in UTM was read as degrees (review31)."""
    square = [[-9.3, 14.4], [-9.1, 14.4], [-9.1, 14.7], [-9.3, 14.7], [-9.3, 14.4]]
    utm = {"type": "name", "properties": {"name": "EPSG:32629"}}
    polygon = {"type": "Polygon", "coordinates": [square]}
    for feature in ({"type": "Feature", "geometry": polygon, "crs": utm},
                    {"type": "Feature", "geometry": {**polygon, "crs": utm}}):
        for doc in (feature, {"type": "FeatureCollection", "features": [feature]}):
            path = tmp_path / "f.geojson"
            path.write_text(json.dumps(doc))
            with pytest.raises(DataFileError, match=r"f\.geojson' has the crs .*EPSG:32629"):
                select_polygon_file(g, path)


@pytest.mark.parametrize("crs, refused", [({}, False), ("EPSG:4326", False), ("urn:ogc:def:crs:OGC:1.3:CRS84", False),
                                          ("EPSG:32629", True),
                                          # Empty too: refused as another system (review32).
                                          ("", False), (" ", False), ([], False)])  # fmt: skip
def test_an_empty_or_bare_string_crs_member(g: nx.MultiDiGraph, tmp_path: Path, crs: Any, refused: bool) -> None:
    """``"crs": {}`` names nothing and was refused; a bare string is read as a name (it was
    refused whatever it named)."""
    square = [[-9.3, 14.4], [-9.1, 14.4], [-9.1, 14.7], [-9.3, 14.7], [-9.3, 14.4]]
    path = tmp_path / "a.geojson"
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [square], "crs": crs}))
    if refused:
        with pytest.raises(DataFileError, match="give its polygons in WGS84 longitude/latitude"):
            select_polygon_file(g, path)
    else:
        assert select_polygon_file(g, path)


def test_another_crs_member_is_refused(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    # Coordinates in another system that happen to fit in degrees' ranges were read as degrees.
    square = [[-9.3, 14.4], [-9.1, 14.4], [-9.1, 14.7], [-9.3, 14.7], [-9.3, 14.4]]
    path = tmp_path / "utm.geojson"
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [square],
                                "crs": {"type": "name", "properties": {"name": "EPSG:32629"}}}))
    with pytest.raises(DataFileError, match=r"utm\.geojson' has the crs .*EPSG:32629.*; give its polygons in "
                                            r"WGS84 longitude/latitude"):
        select_polygon_file(g, path)


def test_select_near_place(g: nx.MultiDiGraph) -> None:
    got = select_near(g, "Nioro du Sahel", 5)
    assert set(got) == {"RN4:Nioro du Sahel-Diéma", "RN4:Gogui border-Nioro du Sahel"}
    assert got["RN4:Nioro du Sahel-Diéma"] == "0.0 km from Nioro du Sahel (within the 5 km radius)"
    with pytest.raises(ParameterError, match=r"Place 'Niono' is not a named node"):
        select_near(g, "Niono", 5)
    with pytest.raises(ParameterError, match=r"radius_km -1 must be a number >= 0"):
        select_near(g, "Kayes", -1)


def _probe_graph(offset_km: float) -> nx.MultiDiGraph:
    """A segment along 14 N from -8.5 to -8.0 and a place ``offset_km`` north of its middle."""
    g = nx.MultiDiGraph()
    g.add_node(1, x=-8.5, y=14.0, name="West", role="junction")
    g.add_node(2, x=-8.0, y=14.0, name="East", role="junction")
    lon, lat, _ = GEOD.fwd(-8.25, 14.0, 0.0, offset_km * 1000.0)  # due north, on WGS84
    g.add_node(3, x=lon, y=lat, name="Probe", role="city")
    g.add_edge(1, 2, segment_id="s", ref="RN9", length_km=54.0, corridors=[])
    return g


def test_near_distance_is_true_km() -> None:
    g = _probe_graph(12.0)
    assert select_near(g, "Probe", 11.8) == {}
    got = select_near(g, "Probe", 12.2)
    assert got == {"s": "12.0 km from Probe (within the 12.2 km radius)"}


def test_near_to_end_node_matches_haversine() -> None:
    g = _probe_graph(0.0)
    g.add_node(4, x=-7.7, y=14.1, name="Beyond", role="city")
    d = GEOD.inv(-7.7, 14.1, -8.0, 14.0)[2] / 1000.0  # nearest point is the end node East
    assert d == pytest.approx(float(haversine_km(-7.7, 14.1, -8.0, 14.0)), rel=0.005)
    assert select_near(g, "Beyond", d + 0.05).keys() == {"s"}
    assert select_near(g, "Beyond", d - 0.05) == {}


@settings(max_examples=25, deadline=None)
@given(r1=st.floats(0, 400), r2=st.floats(0, 400))
def test_near_grows_with_radius(r1: float, r2: float) -> None:
    g = mali_graph()
    small, large = sorted((r1, r2))
    assert set(select_near(g, "Diéma", small)) <= set(select_near(g, "Diéma", large))


@settings(max_examples=25, deadline=None)
@given(
    lon=st.floats(-12.0, -6.0), lat=st.floats(12.0, 16.0),
    w=st.floats(0.01, 3.0), h=st.floats(0.01, 3.0),
)  # fmt: skip
def test_bbox_inside_larger_bbox(lon: float, lat: float, w: float, h: float) -> None:
    g = mali_graph()
    inner = set(select_bbox(g, [lon, lat, lon + w, lat + h]))
    outer = set(select_bbox(g, [lon - 0.5, lat - 0.5, lon + w + 0.5, lat + h + 0.5]))
    assert inner <= outer


def test_selectors_refuse_arguments_of_another_kind(tiny_network: nx.MultiDiGraph) -> None:
    # fuzz33: a graph of None met an AttributeError in the segments' geometries, a ref of None
    # one in str.strip, a corridor or place of None a TypeError in the close-name suggestions.
    from supplychain.errors import ArgumentTypeError
    from supplychain.scenarios import selectors as sel

    calls = [(sel.segment_geometries, ()), (sel.select_segments, (["RN1:Diboli-Kayes"],)),
             (sel.select_ref, ("RN1",)), (sel.select_corridor, ("x",)), (sel.select_border_posts, ([],)),
             (sel.select_unposted, ()), (sel.select_bbox, ([-20, 0, 10, 30],)),
             (sel.select_near, ("Kayes", 10.0))]  # fmt: skip
    for func, args in calls:
        with pytest.raises(ArgumentTypeError, match=r"graph is a NoneType, not a networkx\.MultiDiGraph"):
            func(None, *args)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="ref = None: give a string"):
        sel.select_ref(tiny_network, None)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="corridor = None: give a name"):
        sel.select_corridor(tiny_network, None)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="place = None: give a name"):
        sel.select_near(tiny_network, None, 10.0)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="radius_km = None: give a number of km"):
        sel.select_near(tiny_network, "Kayes", None)  # type: ignore[arg-type]
    assert sel.select_near(tiny_network, "Kayes", 10.0)
