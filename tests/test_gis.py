"""GIS road layers: column mapping, filters, reprojection, endpoint snapping, bad input, real data."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString

from supplychain.cli import main
from supplychain.errors import (
    ConnectivityError,
    DataFileError,
    NetworkSourceError,
    ParameterError,
    SchemaError,
)
from supplychain.networks import BuildOptions, build_network, load_places, summarize_network
from supplychain.networks.geo import haversine_km
from supplychain.networks.gis import MAX_SNAP_TOLERANCE_M, _cluster_ends, graph_from_gis_layer

from .conftest import DATA

# Places of tests/data/tiny_places.toml as (lon, lat).
TAMBA = (-13.67, 13.77)
BORDER = (-12.195, 14.465)
KAYES = (-11.44, 14.45)
BAMAKO = (-8.0, 12.64)
#: About 14 m north (0.00013 degree of latitude).
NEAR = 0.00013
#: About 500 m north.
FAR = 0.0045
GEOD = Geod(ellps="WGS84")

FLOWNET = "flownet_west_africa.geojson"  # tests/data/real, see its SOURCE.md


def _write(path: Path, rows: list[dict[str, Any]], *, crs: Any = 4326, **kwargs: Any) -> Path:
    gpd.GeoDataFrame(rows, geometry="geometry", crs=crs).to_file(path, **kwargs)
    return path


def _shift(point: tuple[float, float], dlat: float) -> tuple[float, float]:
    return (point[0], point[1] + dlat)


def _corridor(gap: float = NEAR, **extra: Any) -> list[dict[str, Any]]:
    """Tambacounda - border - Kayes - Bamako, the second line starting ``gap`` degrees off."""
    mid = ((TAMBA[0] + BORDER[0]) / 2, (TAMBA[1] + BORDER[1]) / 2 + 0.05)
    rows = [
        {"highway": "trunk", "geometry": LineString([TAMBA, mid, BORDER])},
        {"highway": "trunk", "geometry": LineString([_shift(BORDER, gap), KAYES])},
        {"highway": "primary", "geometry": LineString([KAYES, BAMAKO])},
    ]
    for row in rows:
        row.update(extra)
    return rows


def _geodesic_km(line: LineString) -> float:
    return GEOD.geometry_length(line) / 1000.0


# --- topology ---------------------------------------------------------------------------------


def test_ends_within_tolerance_become_one_node(tmp_path: Path) -> None:
    g = graph_from_gis_layer(_write(tmp_path / "r.geojson", _corridor(NEAR)))
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 6
    assert all(isinstance(n, int) for n in g.nodes)
    assert nx.is_strongly_connected(g)
    border = next(n for n, d in g.nodes(data=True) if abs(d["y"] - BORDER[1]) < 0.001)
    # centroid of the two ends, about 7 m from each
    assert g.nodes[border]["y"] == pytest.approx(BORDER[1] + NEAR / 2, abs=1e-7)
    for u, v, d in g.edges(data=True):
        coords = list(d["geometry"].coords)
        assert coords[0] == pytest.approx((g.nodes[u]["x"], g.nodes[u]["y"]))
        assert coords[-1] == pytest.approx((g.nodes[v]["x"], g.nodes[v]["y"]))
    assert g.graph["simplified"] is True and g.graph["crs"] == "epsg:4326"


def test_ends_500_m_apart_stay_apart(tmp_path: Path) -> None:
    g = graph_from_gis_layer(_write(tmp_path / "r.geojson", _corridor(FAR)))
    assert g.number_of_nodes() == 5
    assert nx.number_weakly_connected_components(g) == 2
    # a wider tolerance closes the gap
    wide = graph_from_gis_layer(tmp_path / "r.geojson", snap_tolerance_m=600)
    assert wide.number_of_nodes() == 4


def test_gap_cuts_the_port_off_in_a_build(tmp_path: Path, tiny_options: BuildOptions) -> None:
    with pytest.raises(ConnectivityError, match="Tambacounda"):
        build_network(_write(tmp_path / "r.geojson", _corridor(FAR)), options=tiny_options)


def test_a_port_cut_off_by_a_one_way_road_names_that_road_alone(tmp_path: Path, tiny_options: BuildOptions) -> None:
    # review35: every one-way segment of Bamako's roads was named as one the port's fuel passes
    # the wrong way, the road one-way from Tambacounda towards the border (the right way) too.
    rows = _corridor()
    rows[0]["oneway"] = "yes"  # Tambacounda -> border: the way to Bamako
    rows[1]["oneway"] = "-1"  # Kayes -> border only: the port's fuel cannot pass
    rows[2]["oneway"] = "no"
    rows[0]["ref"], rows[1]["ref"], rows[2]["ref"] = "N1", "RN1", "RN3"
    with pytest.raises(ConnectivityError) as err:
        build_network(_write(tmp_path / "r.geojson", rows), options=tiny_options)
    (problem,) = err.value.problems
    assert "one-way road the wrong way (1 one-way segment(s) there: RN1:" in problem, problem
    assert "N1:Tambacounda" not in problem, problem


def test_both_directions_and_reversed_geometry(tmp_path: Path) -> None:
    g = graph_from_gis_layer(_write(tmp_path / "r.geojson", _corridor()))
    for u, v, d in g.edges(data=True):
        back = next(iter(g[v][u].values()))
        assert list(back["geometry"].coords) == list(reversed(d["geometry"].coords))
        assert back["osmid"] == d["osmid"] and back["reversed"] != d["reversed"]
    # without a length column the length is the geodesic length of the line
    first = next(d for _, _, d in g.edges(data=True) if d["osmid"] == [0])
    assert first["length_km"] == pytest.approx(_geodesic_km(first["geometry"]), rel=1e-9)


def test_zero_length_self_loop_dropped(tmp_path: Path) -> None:
    rows = [
        *_corridor(),
        {"highway": "trunk", "geometry": LineString([KAYES, _shift(KAYES, NEAR)])},
    ]
    g = graph_from_gis_layer(_write(tmp_path / "r.geojson", rows))
    assert g.number_of_edges() == 6 and nx.number_of_selfloops(g) == 0


def _corridor_geojson(path: Path, *extra: dict[str, Any]) -> Path:
    """The corridor as raw GeoJSON plus ``extra`` features (geometries shapely cannot build)."""
    import json

    features = [
        {"type": "Feature", "properties": {"highway": r["highway"]},
         "geometry": {"type": "LineString", "coordinates": [list(c) for c in r["geometry"].coords]}}
        for r in _corridor()
    ]  # fmt: skip
    features += [{"type": "Feature", "properties": {"highway": "trunk"}, "geometry": g} for g in extra]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def test_line_of_one_point_is_dropped_with_its_feature_id(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """GEOS refuses a LineString of one point: the read failed as 'unexpected GEOSException'."""
    path = _corridor_geojson(tmp_path / "r.geojson", {"type": "LineString", "coordinates": [list(KAYES)]})
    with caplog.at_level(logging.WARNING, logger="supplychain.networks.gis"):
        g = graph_from_gis_layer(path)
    assert "dropped 1 features with an invalid geometry, such as a line of one point (feature ids 3)" in caplog.text
    assert g.number_of_edges() == 6


def test_null_and_one_point_geometries_are_counted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _corridor_geojson(tmp_path / "r.geojson", None, None,
                             {"type": "LineString", "coordinates": [list(KAYES)] * 3})  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="supplychain.networks.gis"):
        g = graph_from_gis_layer(path)
    assert "dropped 3 features without geometry (2), with all points identical (1)" in caplog.text
    assert g.number_of_edges() == 6


def test_layer_of_null_geometries_holds_no_line(tmp_path: Path) -> None:
    import json

    path = tmp_path / "r.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"highway": "trunk"}, "geometry": None}]}))
    with pytest.raises(NetworkSourceError, match=r"holds no line: its features are without geometry \(1\)"):
        graph_from_gis_layer(path)


def test_oneway(tmp_path: Path) -> None:
    rows = _corridor()
    rows[0]["oneway"], rows[1]["oneway"], rows[2]["oneway"] = "yes", "-1", "no"
    g = graph_from_gis_layer(_write(tmp_path / "r.geojson", rows))
    by_id: dict[int, list[tuple[Any, Any]]] = {}
    for u, v, d in g.edges(data=True):
        by_id.setdefault(d["osmid"][0], []).append((u, v))
    assert len(by_id[0]) == 1 and len(by_id[1]) == 1 and len(by_id[2]) == 2
    ((u, v),) = by_id[1]  # -1: drawn border -> Kayes, driven Kayes -> border
    assert g.nodes[u]["x"] == pytest.approx(KAYES[0])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-17.0, -5.0), st.floats(5.0, 20.0)), min_size=1, max_size=12),
    st.floats(0.0, 1e-3),
    st.floats(1.0, 200.0),
)
def test_clusters_are_single_linkage(
    base: list[tuple[float, float]], jitter: float, tol: float
) -> None:
    """Points closer than the tolerance share a node; points in different nodes are farther."""
    pts = np.array(base + [(x + jitter, y - jitter) for x, y in base])
    labels, cx, _ = _cluster_ends(pts[:, 0], pts[:, 1], tol)
    assert len(cx) == labels.max() + 1
    for i in range(len(pts)):
        for j in range(i + 1, len(pts)):
            _, _, d = GEOD.inv(pts[i, 0], pts[i, 1], pts[j, 0], pts[j, 1])
            if d <= tol * 0.999:
                assert labels[i] == labels[j]
            if labels[i] != labels[j]:
                assert d > tol * 0.999


# --- a full build ---------------------------------------------------------------------------


def test_build_from_geojson(tmp_path: Path, tiny_options: BuildOptions) -> None:
    g = build_network(_write(tmp_path / "r.geojson", _corridor()), options=tiny_options)
    summary = summarize_network(g)
    assert {"Tambacounda", "Kidira-Diboli border", "Kayes", "Bamako"} <= {
        d.get("name") for _, d in g.nodes(data=True)
    }
    (route,) = summary.routes
    assert route.name == "Tambacounda" and route.reachable
    assert route.border_posts == ["Kidira-Diboli border"]
    expected = sum(_geodesic_km(r["geometry"]) for r in _corridor())
    assert route.length_km == pytest.approx(expected, abs=0.2)
    trunk = next(d for _, _, d in g.edges(data=True) if d["highway"] == "trunk")
    assert trunk["speed_kph"] == 55.0 and trunk["capacity_trucks_per_day"] == 2000.0


def test_a_line_drawn_twice_is_one_road(
    tmp_path: Path, tiny_options: BuildOptions, caplog: pytest.LogCaptureFixture
) -> None:
    """A feature repeated (two tiles merged with their overlap), or repeated drawn the other
    way, was a second parallel segment: the road's capacity counted twice and the border post,
    now on a junction of three roads, moved 3.9 km onto a crossing, unsaid (fuzz34)."""
    rows = _corridor()
    once = build_network(_write(tmp_path / "once.geojson", rows), options=tiny_options)
    again = [{**rows[1]}, {**rows[1], "geometry": LineString(rows[1]["geometry"].coords[::-1])}]
    with caplog.at_level(logging.WARNING, logger="supplychain.networks.build"):
        twice = build_network(_write(tmp_path / "twice.geojson", rows + again), options=tiny_options)
    assert "2 road line(s) repeat another exactly" in caplog.text
    assert sorted(d["segment_id"] for *_, d in twice.edges(data=True)) == \
        sorted(d["segment_id"] for *_, d in once.edges(data=True))  # fmt: skip
    assert summarize_network(twice).routes == summarize_network(once).routes


def test_repeated_lines_are_counted_as_dropped_when_the_id_column_repeats(
    tmp_path: Path, tiny_options: BuildOptions, caplog: pytest.LogCaptureFixture
) -> None:
    """The repeated lines were counted by distinct osmid: a layer whose id column repeats
    across different features (a road number as the id) had two different lines pasted twice
    and warned of "1 road line(s)". A line pasted twice more counts 2; drawn either way, once."""
    rows = _corridor(osmid=7)
    with caplog.at_level(logging.WARNING, logger="supplychain.networks.build"):
        build_network(_write(tmp_path / "twice.geojson", [*rows, {**rows[0]}, {**rows[1]}]), options=tiny_options)
    assert "2 road line(s) repeat another exactly" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="supplychain.networks.build"):
        build_network(_write(tmp_path / "thrice.geojson", [*rows, {**rows[2]}, {**rows[2]}]), options=tiny_options)
    assert "2 road line(s) repeat another exactly" in caplog.text


def test_an_osm_way_mapped_twice_is_one_road(tmp_path: Path, tiny_options: BuildOptions) -> None:
    """OSM's overlapping ways (a way's nodes in another way): the stretch was two segments of
    twice the capacity (fuzz34)."""
    text = (DATA / "tiny.osm").read_text(encoding="utf-8")
    way = ('<way id="107" version="1"><nd ref="4"/><nd ref="5"/><nd ref="6"/>'
           '<tag k="highway" v="trunk"/><tag k="ref" v="RN1"/></way>\n</osm>')  # fmt: skip
    (tmp_path / "twice.osm").write_text(text.replace("</osm>", way), encoding="utf-8")
    once = build_network(DATA / "tiny.osm", options=tiny_options)
    twice = build_network(tmp_path / "twice.osm", options=tiny_options)
    assert sorted((d["segment_id"], d["capacity_trucks_per_day"]) for *_, d in twice.edges(data=True)) == \
        sorted((d["segment_id"], d["capacity_trucks_per_day"]) for *_, d in once.edges(data=True))  # fmt: skip


def test_unnamed_junctions_are_named_by_coordinates_whatever_the_extent(
    tmp_path: Path, tiny_options: BuildOptions
) -> None:
    # Junctions of a GIS layer are numbered in the layer's order: the same road was
    # 'primary:Conakry-n35' in the West-African layer and 'primary:Conakry-n37' in the
    # whole-Africa one, so a scenario naming it broke. Their coordinates name them instead.
    spur = {"highway": "primary", "geometry": LineString([KAYES, (-11.2, 14.9)])}
    extra = {"highway": "primary", "geometry": LineString([(-20.0, 20.0), (-20.5, 20.5)])}
    ids = []
    for name, rows in (("a", [*_corridor(), spur]), ("b", [extra, spur, *_corridor()])):
        g = build_network(_write(tmp_path / f"{name}.geojson", rows), options=tiny_options)
        ids.append({d["segment_id"] for _, _, d in g.edges(data=True)})
    assert "primary:Kayes-14.900N 11.200W" in ids[0]
    assert ids[0] <= ids[1]


def test_no_class_column_gets_default_class(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rows = [{k: v for k, v in r.items() if k != "highway"} for r in _corridor()]
    with caplog.at_level(logging.INFO, logger="supplychain.networks.gis"):
        g = graph_from_gis_layer(_write(tmp_path / "r.geojson", rows), classes=["motorway"])
    assert {d["highway"] for _, _, d in g.edges(data=True)} == {"primary"}
    assert "every road is 'primary'" in caplog.text


# --- columns ----------------------------------------------------------------------------------


def test_column_map(tmp_path: Path, tiny_options: BuildOptions) -> None:
    rows = _corridor()
    for i, row in enumerate(rows):
        row["class"] = row.pop("highway")
        row["len"] = 300_000.0 + i
        row["road"] = ["N1", "RN1", "RN7"][i]
        row["trucks"] = 123.0
        row["kmh"] = 45.0
        row["road_id"] = 900 + i
    path = _write(tmp_path / "r.gpkg", rows)
    column_map = {"highway": "class", "length_m": "len", "ref": "road", "speed_kph": "kmh",
                  "capacity_trucks_per_day": "trucks", "osmid": "road_id"}  # fmt: skip
    raw = graph_from_gis_layer(path, column_map=column_map)
    e = next(d for _, _, d in raw.edges(data=True) if d["osmid"] == [901])
    assert (e["length_km"], e["highway"], e["ref"]) == (300.001, "trunk", "RN1")
    assert (e["speed_kph"], e["capacity_trucks_per_day"]) == (45.0, 123.0)
    g = build_network(path, options=tiny_options, column_map=column_map)
    segs = {d["segment_id"] for _, _, d in g.edges(data=True)}
    assert "RN1:Kidira-Diboli border-Kayes" in segs
    assert all(d["speed_kph"] == 45.0 for _, _, d in g.edges(data=True))


def test_schema_named_columns_are_used_without_mapping(tmp_path: Path) -> None:
    rows = _corridor(length_km=12.5, speed_kph=33.0, capacity_trucks_per_day=77.0, name="Route")
    g = graph_from_gis_layer(_write(tmp_path / "r.geojson", rows))
    for _, _, d in g.edges(data=True):
        assert (d["length_km"], d["speed_kph"], d["capacity_trucks_per_day"]) == (12.5, 33.0, 77.0)
        assert d["name"] == "Route"


def test_empty_optional_cells_fall_back_to_class_defaults(
    tmp_path: Path, tiny_options: BuildOptions
) -> None:
    rows = _corridor()
    for row, cap in zip(rows, [None, 300.0, None], strict=True):
        row["capacity_trucks_per_day"] = cap
    g = build_network(_write(tmp_path / "r.geojson", rows), options=tiny_options)
    caps = {d["osmid"][0]: d["capacity_trucks_per_day"] for _, _, d in g.edges(data=True)}
    assert caps == {0: 2000.0, 1: 300.0, 2: 1500.0}


def test_empty_length_cells_take_the_geodesic_length(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A null or blank length cell (GeoPackage stores NaN as NULL) is an empty cell, as for speed
    # and capacity: the line's own length is used and a note counts them (before: "non-finite
    # length_km" for every such feature, or "must hold numbers" for "").
    rows = _corridor()
    for row, length in zip(rows, [None, 300.0, ""], strict=True):
        row["len"] = length
    with caplog.at_level("INFO", logger="supplychain.networks.gis"):
        g = graph_from_gis_layer(_write(tmp_path / "r.geojson", rows),
                                 column_map={"length_km": "len"})
    lengths = {d["osmid"][0]: (d["length_km"], d["geometry"]) for _, _, d in g.edges(data=True)}
    assert lengths[1][0] == 300.0
    for fid in (0, 2):
        assert lengths[fid][0] == pytest.approx(_geodesic_km(lengths[fid][1]), rel=1e-9)
    assert "2 empty 'len' cells: the geodesic length of the line used" in caplog.text


def test_unknown_attributes_and_missing_columns_listed(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.geojson", _corridor(width=7.0))
    with pytest.raises(ParameterError) as err:
        graph_from_gis_layer(path, column_map={"lenght_km": "len", "ref": "nr", "speed_kph": "v"})
    text = str(err.value)
    assert "unknown attribute 'lenght_km'" in text
    assert "column 'nr' (for ref)" in text and "column 'v' (for speed_kph)" in text
    assert "available columns: highway, width" in text and "r.geojson" in text


def test_both_length_units_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.geojson", _corridor(a=1.0, b=1000.0))
    with pytest.raises(ParameterError, match="either length_km or length_m"):
        graph_from_gis_layer(path, column_map={"length_km": "a", "length_m": "b"})


def test_non_numeric_column_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.geojson", _corridor(dist="far"))
    with pytest.raises(
        ParameterError, match=r"Column 'dist' .* \(for length_m\) must hold numbers"
    ):
        graph_from_gis_layer(path, column_map={"length_m": "dist"})


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("length_km", -5.0, "negative length_km"),
        ("length_km", math.inf, "non-finite length_km"),
        ("capacity_trucks_per_day", -10.0, "negative capacity_trucks_per_day"),
        ("speed_kph", -1.0, "negative speed_kph"),
    ],
)
def test_bad_values_fail_the_schema(
    tmp_path: Path, tiny_options: BuildOptions, column: str, value: float, problem: str
) -> None:
    rows = _corridor()
    for i, row in enumerate(rows):
        row[column] = value if i == 1 else 100.0
    with pytest.raises(SchemaError, match=problem):
        build_network(_write(tmp_path / "r.gpkg", rows), options=tiny_options)


# --- filters ----------------------------------------------------------------------------------


def _with_proposed(tmp_path: Path) -> Path:
    rows = [*_corridor(add=False)]
    # a proposed shortcut Tambacounda - Bamako that is not a real road
    rows.append({"highway": "trunk", "add": True, "geometry": LineString([TAMBA, BAMAKO])})
    return _write(tmp_path / "r.geojson", rows)


def test_boolean_add_column_drops_proposed_links(tmp_path: Path) -> None:
    path = _with_proposed(tmp_path)
    g = graph_from_gis_layer(path)
    assert g.number_of_edges() == 6  # the shortcut is gone
    kept = graph_from_gis_layer(path, column_map={"exclude": ""})
    assert kept.number_of_edges() == 8


def test_exclude_column_mapping_and_non_boolean_add(tmp_path: Path) -> None:
    rows = _corridor(add=1.0, planned="no")
    rows[2]["planned"] = "yes"
    path = _write(tmp_path / "r.geojson", rows)
    # a numeric 'add' is not the flownet flag: nothing dropped
    assert graph_from_gis_layer(path).number_of_edges() == 6
    assert graph_from_gis_layer(path, column_map={"exclude": "planned"}).number_of_edges() == 4
    bad = _write(tmp_path / "b.geojson", _corridor(planned="maybe"))
    with pytest.raises(ParameterError, match=r"'planned'.*maybe"):
        graph_from_gis_layer(bad, column_map={"exclude": "planned"})


def test_where_filter(tmp_path: Path) -> None:
    path = _with_proposed(tmp_path)
    g = graph_from_gis_layer(path, where="highway = 'trunk'", column_map={"exclude": ""})
    assert g.number_of_edges() == 6  # two trunk lines + the trunk shortcut, both directions
    with pytest.raises(ParameterError, match="not a valid OGR SQL expression"):
        graph_from_gis_layer(path, where="nosuch = 1")


def test_classes_filter(tmp_path: Path) -> None:
    rows = [*_corridor(), {"highway": "track", "geometry": LineString([KAYES, TAMBA])}]
    path = _write(tmp_path / "r.geojson", rows)
    g = graph_from_gis_layer(path, classes=["trunk", "primary"])
    assert {d["highway"] for _, _, d in g.edges(data=True)} == {"trunk", "primary"}
    with pytest.raises(NetworkSourceError, match=r"r\.geojson.*trunk \(2\).*track \(1\)"):
        graph_from_gis_layer(path, classes=["motorway"])


def test_classes_on_a_layer_without_class_column_warn_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """--classes on a layer without a class column used to be ignored silently."""
    rows = [{"geometry": r["geometry"]} for r in _corridor()]
    path = _write(tmp_path / "r.geojson", rows)
    with caplog.at_level(logging.WARNING, logger="supplychain.networks.gis"):
        g = graph_from_gis_layer(path, classes=["trunk"], warn_unused_classes=True)
    assert caplog.text.count("has no road class column, so --classes trunk has no effect") == 1
    assert g.number_of_edges() == 6
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="supplychain.networks.gis"):
        graph_from_gis_layer(path, classes=["trunk"])  # the parameter file's default classes
    assert "no effect" not in caplog.text


def test_unknown_class_names_are_refused() -> None:
    """--classes trunk,primay built trunk only and said nothing."""
    with pytest.raises(ParameterError, match=r"Unknown road class\(es\) 'primay' in --classes; "
                                             r"known classes: .*primary, .*trunk"):
        BuildOptions.default(classes=["trunk", "primay"])
    assert BuildOptions.default(classes=["trunk"]).classes_given
    assert not BuildOptions.default().classes_given


# --- geometry and CRS -------------------------------------------------------------------------


def test_layer_in_web_mercator_is_reprojected(tmp_path: Path) -> None:
    gdf = gpd.GeoDataFrame(_corridor(), geometry="geometry", crs=4326).to_crs(3857)
    gdf.to_file(tmp_path / "r.gpkg")
    g = graph_from_gis_layer(tmp_path / "r.gpkg")
    xs = sorted(round(d["x"], 6) for _, d in g.nodes(data=True))
    assert xs == sorted([TAMBA[0], BORDER[0], KAYES[0], BAMAKO[0]])


def test_layer_without_crs_is_assumed_wgs84(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path / "r.shp", _corridor())
    path.with_suffix(".prj").unlink()
    with caplog.at_level(logging.WARNING, logger="supplychain.networks.gis"):
        g = graph_from_gis_layer(path)
    assert "no CRS" in caplog.text and g.number_of_nodes() == 4


def test_projected_coordinates_without_crs_rejected(tmp_path: Path) -> None:
    gdf = gpd.GeoDataFrame(_corridor(), geometry="geometry", crs=4326).to_crs(3857)
    gdf.to_file(tmp_path / "r.shp")
    (tmp_path / "r.prj").unlink()
    with pytest.raises(DataFileError, match="not longitude/latitude"):
        graph_from_gis_layer(tmp_path / "r.shp")


def test_multilinestring_is_exploded(tmp_path: Path) -> None:
    rows = _corridor()
    multi = MultiLineString([rows[1]["geometry"].coords, rows[2]["geometry"].coords])
    path = _write(tmp_path / "r.geojson", [rows[0], {"highway": "trunk", "geometry": multi}])
    g = graph_from_gis_layer(path)
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 6
    assert sorted({d["osmid"][0] for _, _, d in g.edges(data=True)}) == [0, 1]


def test_a_multilinestring_length_is_shared_by_its_parts(tmp_path: Path) -> None:
    # A feature's length column is the length of the whole feature: each part of a
    # MultiLineString takes its share by geodesic length (before, every part took the whole
    # length, so a two-part 600 km road became 1,200 km of road).
    rows = _corridor()
    multi = MultiLineString([rows[1]["geometry"].coords, rows[2]["geometry"].coords])
    path = _write(tmp_path / "r.geojson", [{**rows[0], "len": 200.0},
                                           {"highway": "trunk", "geometry": multi, "len": 600.0}])
    g = graph_from_gis_layer(path, column_map={"length_km": "len"})
    parts = {round(d["geometry"].coords[0][0], 3): d["length_km"]
             for u, v, d in g.edges(data=True) if d["osmid"] == [1] and not d["reversed"]}
    assert sum(parts.values()) == pytest.approx(600.0)
    geo = [_geodesic_km(rows[i]["geometry"]) for i in (1, 2)]
    assert parts[round(BORDER[0], 3)] == pytest.approx(600.0 * geo[0] / sum(geo), rel=1e-4)
    assert [d["length_km"] for _, _, d in g.edges(data=True) if d["osmid"] == [0]] == [200.0] * 2


def test_a_line_ending_on_an_inner_vertex_of_another_is_joined_there(
    tmp_path: Path, tiny_options: BuildOptions
) -> None:
    # An OSM way exported whole runs through junctions: a road ending on one of its inner
    # vertices must meet it there. Before, lines met only at their ends: the branch from the
    # north was a separate road, the Kidira-Diboli post snapped to its end, off the main road,
    # and the whole main road was a road into Mali with no post.
    north = (BORDER[0], BORDER[1] + 1.0)
    rows = [
        {"highway": "trunk", "len": 900.0, "geometry": LineString([TAMBA, BORDER, KAYES, BAMAKO])},
        {"highway": "trunk", "len": 120.0, "geometry": LineString([north, BORDER])},
    ]
    path = _write(tmp_path / "r.geojson", rows)
    g = graph_from_gis_layer(path, column_map={"length_km": "len"})
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 6
    (junction,) = [n for n in g if g.degree(n) == 6]
    assert haversine_km(g.nodes[junction]["x"], g.nodes[junction]["y"], *BORDER) < 0.001
    main_km = [d["length_km"] for _, _, d in g.edges(data=True) if d["osmid"] == [0]]
    assert sum(main_km) == pytest.approx(2 * 900.0)
    built = build_network(path, options=tiny_options, column_map={"length_km": "len"})
    post = next(n for n, d in built.nodes(data=True) if d.get("role") == "border")
    assert built.degree(post) == 6


def test_a_line_ending_between_two_vertices_of_another_cuts_it_at_the_nearest_point(
    tmp_path: Path,
) -> None:
    # A hand-digitised branch ending 10 m short of the middle of a straight road (no vertex
    # there): the road is cut at the point nearest to the branch's end, which joins it.
    mid = ((KAYES[0] + BAMAKO[0]) / 2, (KAYES[1] + BAMAKO[1]) / 2)
    rows = [
        {"highway": "primary", "len": 500.0, "geometry": LineString([KAYES, BAMAKO])},
        {"highway": "trunk", "geometry": LineString([(mid[0], mid[1] + 1.0),
                                                     (mid[0], mid[1] + 0.00009)])},
    ]
    g = graph_from_gis_layer(_write(tmp_path / "r.geojson", rows), column_map={"length_km": "len"})
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 6
    assert nx.is_weakly_connected(g)
    road = [d["length_km"] for _, _, d in g.edges(data=True) if d["osmid"] == [0]]
    assert sum(road) == pytest.approx(2 * 500.0)
    assert sorted(road) == pytest.approx([250.0] * 4, rel=0.01)


def test_lines_already_meeting_at_their_ends_are_not_cut(tmp_path: Path) -> None:
    # The main road's vertex 20 m before its end is within the 50 m tolerance of the other
    # line's start, which already meets the main road at its end: no cut (a cut would leave a
    # 20 m piece collapsing onto one node and its share of the length lost).
    before = (BORDER[0] - 0.00018, BORDER[1])
    rows = [
        {"highway": "trunk", "len": 300.0, "geometry": LineString([TAMBA, before, BORDER])},
        {"highway": "trunk", "len": 80.0, "geometry": LineString([BORDER, KAYES])},
    ]
    g = graph_from_gis_layer(_write(tmp_path / "r.geojson", rows), column_map={"length_km": "len"})
    assert g.number_of_nodes() == 3 and g.number_of_edges() == 4
    assert sorted(d["length_km"] for _, _, d in g.edges(data=True)) == [80.0, 80.0, 300.0, 300.0]


def test_multi_layer_geopackage(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.gpkg", _corridor(), layer="roads")
    _write(path, _corridor(FAR), layer="other")
    with pytest.raises(ParameterError, match=r"2 layers .*choose the road layer with --layer NAME"):
        graph_from_gis_layer(path)
    assert graph_from_gis_layer(path, layer="roads").number_of_nodes() == 4
    with pytest.raises(ParameterError, match=r"no layer 'nope'.*roads"):
        graph_from_gis_layer(path, layer="nope")


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"{not json", b"\x00\x01garbage" * 20])
def test_corrupt_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.geojson"
    path.write_bytes(content)
    with pytest.raises(DataFileError, match=r"broken\.geojson"):
        graph_from_gis_layer(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"nothere\.gpkg"):
        build_network(tmp_path / "nothere.gpkg")


@pytest.mark.parametrize("tol", [-1.0, math.nan, math.inf])
def test_bad_snap_tolerance(tmp_path: Path, tol: float) -> None:
    with pytest.raises(ParameterError, match="Snap tolerance"):
        graph_from_gis_layer(_write(tmp_path / "r.geojson", _corridor()), snap_tolerance_m=tol)


def test_snap_tolerance_upper_bound(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.geojson", _corridor())
    assert graph_from_gis_layer(path, snap_tolerance_m=MAX_SNAP_TOLERANCE_M).number_of_nodes() > 0
    with pytest.raises(ParameterError, match=r"Snap tolerance 1000\.5 m is above 1000 m"):
        graph_from_gis_layer(path, snap_tolerance_m=MAX_SNAP_TOLERANCE_M + 0.5)


def test_no_line_features(tmp_path: Path) -> None:
    from shapely.geometry import Point

    path = _write(tmp_path / "p.geojson", [{"highway": "trunk", "geometry": Point(BAMAKO)}])
    with pytest.raises(NetworkSourceError, match=r"holds no line: its features are Point \(1\)"):
        graph_from_gis_layer(path)


# --- real data: the flownet West Africa network (trimmed copy in tests/data/real) ------------

PORTS = ("Dakar", "Abidjan", "Conakry", "Nouakchott")


@pytest.fixture(scope="module")
def flownet_network(real_data: Path) -> nx.MultiDiGraph:
    return build_network(
        real_data / FLOWNET, column_map={"length_m": "distance", "speed_kph": "speed_kmh"}
    )


def test_flownet_ports_reach_bamako(flownet_network: nx.MultiDiGraph) -> None:
    routes = {r.name: r for r in summarize_network(flownet_network).routes}
    for port in PORTS:
        assert port in routes, f"{port} did not snap onto the flownet network"
        assert routes[port].reachable, f"{port} cannot reach Bamako"
    if "San-Pédro" in routes:
        assert routes["San-Pédro"].reachable
    # OSRM road distances ('distance' column) are longer than the great circle, but not wildly
    places = {p.name: p for p in load_places()}
    hub = places["Bamako"]
    for port in PORTS:
        crow = float(haversine_km(places[port].lon, places[port].lat, hub.lon, hub.lat))
        length = routes[port].length_km
        assert length is not None and 1.05 * crow < length < 1.6 * crow, port


def test_flownet_proposed_links_are_not_roads(real_data: Path) -> None:
    raw = graph_from_gis_layer(real_data / FLOWNET)
    real = gpd.read_file(real_data / FLOWNET, where='"add" = 0')
    assert raw.number_of_edges() == 2 * len(real)


def test_flownet_cli_build(real_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "flownet.gpkg"
    result = CliRunner().invoke(
        main, ["network", "build", "--source", str(real_data / FLOWNET), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.is_file()
    for port in PORTS:
        line = next(x for x in result.output.splitlines() if x.strip().startswith(port))
        assert "NOT CONNECTED" not in line


def test_an_unmapped_length_column_is_pointed_out(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # flownet's layers hold the OSRM road length in `distance` (metres); unmapped, the
    # simplified lines' geodesic lengths made ports to Bamako 7-14 % short, silently.
    path = _write(tmp_path / "r.geojson", _corridor(distance=123456.0))
    with caplog.at_level("WARNING", logger="supplychain.networks.gis"):
        graph_from_gis_layer(path)
    assert "column named like a road length (distance) that is not used" in caplog.text
    assert "--map length_m=distance (metres)" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="supplychain.networks.gis"):
        g = graph_from_gis_layer(path, column_map={"length_m": "distance"})
    assert "named like a road length" not in caplog.text
    assert {d["length_km"] for _, _, d in g.edges(data=True)} == {123.456}


def test_a_class_without_defaults_builds_when_its_speed_and_capacity_are_given(
    tmp_path: Path, tiny_options: BuildOptions
) -> None:
    # models/network.toml has no defaults for 'track'; a layer that gives every road's speed
    # and capacity needs none (the class defaults must be asked for only where a cell is empty).
    rows = [*_corridor(speed_kph=40.0, capacity_trucks_per_day=500.0),
            {"highway": "track", "speed_kph": 20.0, "capacity_trucks_per_day": 50.0,
             "geometry": LineString([KAYES, (-10.5, 13.1), BAMAKO])}]  # fmt: skip
    options = BuildOptions.default(
        places_path=DATA / "tiny_places.toml", corridors_path=DATA / "tiny_corridors.toml",
        classes=["trunk", "primary", "track"],
    )
    g = build_network(_write(tmp_path / "r.geojson", rows), options=options)
    track = [d for _, _, d in g.edges(data=True) if d["highway"] == "track"]
    assert len(track) == 2
    assert all(d["speed_kph"] == 20.0 and d["capacity_trucks_per_day"] == 50.0 for d in track)


def test_a_maxspeed_with_an_exponent_is_read_whole(tmp_path: Path, tiny_options: BuildOptions) -> None:
    """A float maxspeed column holding 1e+20 (or a text "1.2e1") was read "1": a speed limit of
    1 km/h on that road, unsaid (fuzz30). 1e+20 km/h caps nothing; 1.2e1 is 12 km/h."""
    for value, speed in (("1e+20", 55.0), ("1.2e1", 12.0), (1e20, 55.0)):
        rows = _corridor()
        rows[1]["maxspeed"] = value
        g = build_network(_write(tmp_path / "r.geojson", rows), options=tiny_options)
        first = {d["speed_kph"] for _, _, d in g.edges(data=True) if d["osmid"] == [1]}
        assert first == {speed}, (value, first)


@pytest.mark.parametrize("value", ["2.5", "0.7", 0.7, -2, "-2", 0, "0"])
def test_a_lane_count_not_whole_or_below_one_takes_the_class_lanes_with_a_warning(
    tmp_path: Path, tiny_options: BuildOptions, caplog: pytest.LogCaptureFixture, value: object
) -> None:
    """lanes "2.5" was read as 2 lanes and "0.7" as 0, refused as "too small lanes 0", both
    unsaid (fuzz30); lanes -2 (a number column) or "0" were left out without that warning
    (fuzz34): a count that is not a whole number of 1 or more is left out, the class's
    reference lanes used, in one warning."""
    rows = _corridor()
    rows[1]["lanes"] = value
    with caplog.at_level("WARNING", logger="supplychain"):
        g = build_network(_write(tmp_path / "r.geojson", rows), options=tiny_options)
    first = {d["lanes"] for _, _, d in g.edges(data=True) if d["osmid"] == [1]}
    assert first == {2}, (value, first)
    said = [r.getMessage() for r in caplog.records if "lanes tag(s)" in r.getMessage()]
    assert len(said) == 1 and f"(such as '{value}" in said[0], (value, said)  # -2 read as -2.0


def test_features_sharing_an_id_are_one_warning_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Two GeoJSON features with one id printed pyogrio's RuntimeWarning and its source line
    ("return ogr_read(") on stderr (fuzz30); it is one supplychain warning, GDAL's renumbering
    (the segments' osmid) said."""
    import json
    import warnings

    path = _write(tmp_path / "r.geojson", _corridor())
    doc = json.loads(path.read_text(encoding="utf-8"))
    for feature in doc["features"]:
        feature["id"] = 7
    path.write_text(json.dumps(doc), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught, caplog.at_level("WARNING", logger="supplychain"):
        warnings.simplefilter("always")
        result = CliRunner().invoke(main, ["network", "build", "--source", str(path), "--places",
                                           str(DATA / "tiny_places.toml"), "--corridors",
                                           str(DATA / "tiny_corridors.toml"), "--out",
                                           str(tmp_path / "x.parquet")])  # fmt: skip
    assert result.exit_code == 0, result.output
    # The command logs another library's warnings.warn on "py.warnings", where `caught` does
    # not see it (it recorded pyogrio's before the command logged them): none is logged there.
    assert [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)] == []
    assert [r.getMessage() for r in caplog.records if r.name == "py.warnings"] == []
    assert "ogr_read" not in result.stderr
    said = [r.getMessage() for r in caplog.records if "Several features with id = 7" in r.getMessage()]
    assert len(said) == 1 and "give each feature its own id" in said[0], said


def test_list_cells_are_read_as_one_value(tmp_path: Path, tiny_options: BuildOptions,
                                          caplog: pytest.LogCaptureFixture) -> None:
    """One GeoJSON array cell (osmnx's merged roads: ``"highway": ["trunk", "primary"]``) made
    GDAL read its whole column as lists: every class was ``['trunk']``, none requested, and a
    road number column's lists crashed the build ("unexpected ValueError: The truth value of
    an array ...") (fuzz30). The class is the first value, a text the values joined with ';'."""
    import json

    path = _write(tmp_path / "r.geojson", _corridor(ref="RN1"))
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["properties"].update(highway=["trunk", "primary"], ref=["N1", "RN1"])
    doc["features"][1]["properties"]["ref"] = ["RN1"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    with caplog.at_level("WARNING", logger="supplychain.networks.gis"):
        g = build_network(path, options=tiny_options)
    assert "2 cell(s) hold a list of several values, read as one" in caplog.text
    assert {d["highway"] for _, _, d in g.edges(data=True)} == {"trunk", "primary"}
    refs = {d["ref"] for _, _, d in g.edges(data=True)}
    assert refs == {"N1;RN1", "RN1"}, refs
    assert not any("[" in d["segment_id"] for _, _, d in g.edges(data=True))
