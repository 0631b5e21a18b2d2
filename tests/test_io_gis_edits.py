"""A saved network edited in a GIS: moved node points are used, redrawn lines are reported.

Each network is the tiny fixture written by ``save_network`` and then edited as QGIS would
(the GeoPackage layers rewritten with geopandas; the GeoJSON features' geometries replaced).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import networkx as nx
import pytest
from shapely.geometry import LineString, MultiLineString, Point, mapping, shape

from supplychain.networks import load_network, save_network

IO_LOGGER = "supplychain.networks.io"


def _diema(g: nx.MultiDiGraph) -> int:
    return next(n for n, d in g.nodes(data=True) if d.get("name") == "Diéma")


def _edit_gpkg(path: Path, layer: str, edit: Callable[[gpd.GeoDataFrame], None]) -> None:
    frame = gpd.read_file(path, layer=layer)
    edit(frame)
    frame.to_file(path, layer=layer, driver="GPKG")


def _edit_geojson(path: Path, element: str, edit: Callable[[gpd.GeoDataFrame], None]) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    feats = [f for f in doc["features"] if f["properties"]["element"] == element]
    frame = gpd.GeoDataFrame([f["properties"] for f in feats],
                             geometry=[shape(f["geometry"]) for f in feats], crs=4326)  # fmt: skip
    edit(frame)
    for feat, (_, row) in zip(feats, frame.iterrows(), strict=True):
        feat["geometry"] = mapping(row.geometry)
        feat["properties"] = {k: v for k, v in row.items() if k != "geometry"}
    path.write_text(json.dumps(doc), encoding="utf-8")


def _edit(path: Path, element: str, edit: Callable[[gpd.GeoDataFrame], None]) -> None:
    if path.suffix == ".gpkg":
        _edit_gpkg(path, "nodes" if element == "node" else "edges", edit)
    else:
        _edit_geojson(path, element, edit)


def _move(node: int, dlon: float) -> Callable[[gpd.GeoDataFrame], None]:
    def edit(frame: gpd.GeoDataFrame) -> None:
        i = frame.index[frame["id"] == node][0]
        p = frame.geometry[i]
        frame.loc[i, "geometry"] = Point(p.x + dlon, p.y)

    return edit


def _io_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == IO_LOGGER and r.levelno >= logging.WARNING]


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson"])
def test_file_rewritten_unchanged_loads_as_saved(
    tiny_network: nx.MultiDiGraph, tmp_path: Path, suffix: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = save_network(tiny_network, tmp_path / f"net{suffix}")
    _edit(path, "node", lambda frame: None)
    _edit(path, "edge", lambda frame: None)
    with caplog.at_level(logging.WARNING):
        back = load_network(path)
    assert _io_warnings(caplog) == []
    assert dict(back.nodes(data=True)) == dict(tiny_network.nodes(data=True))


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson"])
def test_node_moved_on_the_map_takes_its_point(
    tiny_network: nx.MultiDiGraph, tmp_path: Path, suffix: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = save_network(tiny_network, tmp_path / f"net{suffix}")
    diema = _diema(tiny_network)
    x, y = tiny_network.nodes[diema]["x"], tiny_network.nodes[diema]["y"]
    _edit(path, "node", _move(diema, 0.05))  # east, by 0.05 degree of longitude:
    km = math.radians(0.05) * 6371.009 * math.cos(math.radians(y))  # 5.38 km at 14.5 N
    with caplog.at_level(logging.WARNING):
        back = load_network(path)
    assert back.nodes[diema]["x"] == pytest.approx(x + 0.05, abs=1e-12)
    assert back.nodes[diema]["y"] == y
    others = [n for n in tiny_network.nodes if n != diema]
    assert all(back.nodes[n]["x"] == tiny_network.nodes[n]["x"] for n in others)
    (warning,) = _io_warnings(caplog)
    assert f"the point of 1 node(s) is away from their x/y columns (Diéma ({diema}) {km:.3g} km)" in warning
    assert "the point (the map position) is used and x/y ignored" in warning


def test_node_moved_less_than_a_metre_keeps_its_x_y(
    tiny_network: nx.MultiDiGraph, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = save_network(tiny_network, tmp_path / "net.gpkg")
    diema = _diema(tiny_network)
    _edit(path, "node", _move(diema, 5e-6))  # 0.54 m: rounding of a re-save, not a move
    with caplog.at_level(logging.WARNING):
        back = load_network(path)
    assert back.nodes[diema]["x"] == tiny_network.nodes[diema]["x"]
    assert _io_warnings(caplog) == []


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson"])
def test_redrawn_line_is_reported_and_length_kept(
    tiny_network: nx.MultiDiGraph, tmp_path: Path, suffix: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = save_network(tiny_network, tmp_path / f"net{suffix}")
    u, v, k, data = next(iter(tiny_network.edges(keys=True, data=True)))
    segment = data["segment_id"]

    def detour(frame: gpd.GeoDataFrame) -> None:
        i = frame.index[(frame["u"] == u) & (frame["v"] == v) & (frame["key"] == k)][0]
        a, b = frame.geometry[i].coords[0], frame.geometry[i].coords[-1]
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + 0.1)  # a bend 11 km off the chord
        frame.loc[i, "geometry"] = LineString([a, mid, b])

    _edit(path, "edge", detour)
    with caplog.at_level(logging.WARNING):
        back = load_network(path)
    assert back.edges[u, v, k]["length_km"] == data["length_km"]
    assert "line_km" not in back.edges[u, v, k]
    (warning,) = _io_warnings(caplog)
    assert f"the lines of 1 segment(s) were redrawn since the network was saved ({segment}: line " in warning
    assert "length_km and travel_time_h, which the model uses, are kept" in warning


def test_file_without_saved_line_lengths_is_not_compared(
    tiny_network: nx.MultiDiGraph, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A network written before line lengths were saved: nothing to compare lines with.
    path = save_network(tiny_network, tmp_path / "net.gpkg")

    def older(frame: gpd.GeoDataFrame) -> None:
        del frame["line_km"]
        frame.loc[0, "geometry"] = LineString([frame.geometry[0].coords[0], (0.0, 0.0),
                                               frame.geometry[0].coords[-1]])  # fmt: skip

    _edit(path, "edge", older)
    with caplog.at_level(logging.WARNING):
        load_network(path)
    assert _io_warnings(caplog) == []


def test_layers_reprojected_by_a_gis_are_read_in_lon_lat(
    tiny_network: nx.MultiDiGraph, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = save_network(tiny_network, tmp_path / "net.gpkg")
    for layer in ("nodes", "edges"):
        gpd.read_file(path, layer=layer).to_crs(3857).to_file(path, layer=layer, driver="GPKG")
    with caplog.at_level(logging.WARNING):
        back = load_network(path)
    assert _io_warnings(caplog) == []
    diema = _diema(tiny_network)
    assert back.nodes[diema]["x"] == tiny_network.nodes[diema]["x"]


def test_lines_resaved_as_multilinestrings_are_not_redrawn(
    tiny_network: nx.MultiDiGraph, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # QGIS may store a line layer as MultiLineString: same road, one part each.
    path = save_network(tiny_network, tmp_path / "net.gpkg")
    saved = load_network(path)

    def multi(frame: gpd.GeoDataFrame) -> None:
        frame["geometry"] = [MultiLineString([line]) for line in frame.geometry]

    _edit(path, "edge", multi)
    with caplog.at_level(logging.WARNING):
        back = load_network(path)
    assert _io_warnings(caplog) == []
    # Read back as the lines they are: the report's map read a MultiLineString's .coords and
    # stopped ("unexpected NotImplementedError: ... multi-part geometries do not").
    for u, v, k, d in saved.edges(keys=True, data=True):
        line = back.edges[u, v, k]["geometry"]
        assert isinstance(line, LineString) and list(line.coords) == list(d["geometry"].coords)
    from supplychain.reports.data import segment_geometry

    assert segment_geometry(back).keys() == segment_geometry(tiny_network).keys()


def test_map_draws_a_line_of_two_parts(tiny_network: nx.MultiDiGraph) -> None:
    # A line edited into two parts that do not join (a gap left in QGIS) stays a
    # MultiLineString; the map draws its parts in order instead of stopping the report.
    from supplychain.reports.data import segment_geometry

    g = tiny_network.copy()
    d = next(iter(g.edges(data=True)))[2]
    (x0, y0), (x1, y1) = d["geometry"].coords[0], d["geometry"].coords[-1]
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    d["geometry"] = MultiLineString([[(x0, y0), (mx, my)], [(mx + 0.01, my), (x1, y1)]])
    lines = segment_geometry(g)[d["segment_id"]].lines
    assert ((x0, y0), (mx, my), (mx + 0.01, my), (x1, y1)) in lines


def test_small_edits_are_reported_with_numbers_that_differ(
    tiny_network: nx.MultiDiGraph, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A node moved 11 m and a line bent 0.5 km off its chord (metres longer) were reported as
    # "0.0108 km" and "line 18.7 km, was 18.7 km": the same figure twice for a changed line.
    path = save_network(tiny_network, tmp_path / "net.gpkg")
    diema = _diema(tiny_network)
    _edit(path, "node", _move(diema, 1e-4))  # 10.8 m east at 14.5 N
    u, v, k, data = next(iter(tiny_network.edges(keys=True, data=True)))

    def nudge(frame: gpd.GeoDataFrame) -> None:
        i = frame.index[(frame["u"] == u) & (frame["v"] == v) & (frame["key"] == k)][0]
        a, b = frame.geometry[i].coords[0], frame.geometry[i].coords[-1]
        frame.loc[i, "geometry"] = LineString([a, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + 5e-3), b])

    _edit(path, "edge", nudge)
    with caplog.at_level(logging.WARNING):
        back = load_network(path)
    moved, redrawn = _io_warnings(caplog)
    assert f"(Diéma ({diema}) 11 m)" in moved
    line = back.edges[u, v, k]["geometry"]
    now_km = sum(
        2 * 6371.009 * math.asin(math.sqrt(math.sin(math.radians(y2 - y1) / 2) ** 2 + math.cos(
            math.radians(y1)) * math.cos(math.radians(y2)) * math.sin(math.radians(x2 - x1) / 2) ** 2))
        for (x1, y1), (x2, y2) in zip(line.coords[:-1], line.coords[1:], strict=True)
    )  # fmt: skip
    assert f"{data['segment_id']}: line {now_km:,.3f} km, was " in redrawn
    shown = redrawn.split(f"{data['segment_id']}: line ")[1].split(")")[0]
    assert len(set(shown.replace(" km", "").replace("was ", "").split(", "))) == 2, shown


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".parquet"])
def test_a_speed_edited_without_its_travel_time_is_said(
    tiny_network: nx.MultiDiGraph, tmp_path: Path, suffix: str, caplog: pytest.LogCaptureFixture
) -> None:
    # fuzz33: the models read travel_time_h and length_km, never speed_kph: RN1:Kayes-Diéma's
    # speed set from 55 to 5 km/h changed no figure, without a word.
    edited = tiny_network.copy()
    for _, _, data in edited.edges(data=True):
        if data["segment_id"] == "RN1:Kayes-Diéma":
            data["speed_kph"] = 5.0
            expected, kept = data["length_km"] / 5.0, data["travel_time_h"]
    path = save_network(edited, tmp_path / f"net{suffix}")
    with caplog.at_level(logging.WARNING):
        back = load_network(path)
    (warning,) = _io_warnings(caplog)
    assert ("the travel_time_h of 1 segment(s) is not length_km / speed_kph (RN1:Kayes-Diéma: "
            f"{kept:,.3g} h, {expected:,.3g} h at 5 km/h); the models use travel_time_h") in warning  # fmt: skip
    assert {d["travel_time_h"] for _, _, d in back.edges(data=True)} == {
        d["travel_time_h"] for _, _, d in tiny_network.edges(data=True)}  # kept, as a redrawn line's length
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        load_network(save_network(tiny_network, tmp_path / f"same{suffix}"))
    assert _io_warnings(caplog) == []
