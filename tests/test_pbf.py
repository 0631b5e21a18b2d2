"""OSM PBF and bzip2 XML sources: corridor-buffer clipping, connectivity, bad files.

PBF extracts are filtered by :func:`supplychain.networks.osm.filter_osm_file`, which streams
the file with pyosmium (tag filter, then a back-reference pass for the nodes of the kept
ways), so memory does not grow with the extract; the PBFs here are small copies of the
embedded network written with pyosmium.
"""

from __future__ import annotations

import bz2
import itertools
from pathlib import Path

import networkx as nx
import osmium
import pytest
import shapely
from shapely.geometry import Point

from supplychain.errors import ConnectivityError, DataFileError
from supplychain.networks import (
    EMBEDDED_NETWORK_PATH,
    BuildOptions,
    build_network,
    summarize_network,
)
from supplychain.networks.osm import filter_osm_file
from supplychain.networks.places import HUB, corridor_buffer

PORTS = {"Dakar", "Abidjan", "San-Pédro", "Conakry", "Nouakchott"}

#: One corridor, Dakar to Bamako along the Senegal route: the Ivorian, Guinean and
#: Mauritanian roads of the embedded network lie outside its buffer.
DAKAR_ONLY = """
[[corridor]]
name = "Dakar-Bamako via Kayes"
waypoints = [
  { name = "Dakar", lat = 14.69, lon = -17.44 },
  { name = "Thiès", lat = 14.79, lon = -16.93 },
  { name = "Kaolack", lat = 14.15, lon = -16.07 },
  { name = "Tambacounda", lat = 13.77, lon = -13.67 },
  { name = "Kidira", lat = 14.46, lon = -12.21 },
  { name = "Kayes", lat = 14.45, lon = -11.44 },
  { name = "Diéma", lat = 14.54, lon = -9.19 },
  { name = "Didiéni", lat = 13.88, lon = -8.08 },
  { name = "Kati", lat = 12.74, lon = -8.07 },
  { name = "Bamako", lat = 12.64, lon = -8.00 },
]
"""

#: Dakar to Tambacounda only: the buffer stops some 400 km short of Bamako.
SENEGAL_ONLY = """
[[corridor]]
name = "Dakar-Tambacounda"
waypoints = [
  { name = "Dakar", lat = 14.69, lon = -17.44 },
  { name = "Kaolack", lat = 14.15, lon = -16.07 },
  { name = "Tambacounda", lat = 13.77, lon = -13.67 },
]
"""


def write_pbf(src: Path, dst: Path) -> Path:
    """Copy an OSM file to PBF with pyosmium: all nodes, then all ways, each sorted by id."""
    nodes: list[tuple[int, tuple[float, float], dict[str, str]]] = []
    ways: list[tuple[int, list[int], dict[str, str]]] = []
    for obj in osmium.FileProcessor(str(src), osmium.osm.NODE | osmium.osm.WAY):
        tags = {tag.k: tag.v for tag in obj.tags}
        if isinstance(obj, osmium.osm.Node):
            nodes.append((obj.id, (obj.location.lon, obj.location.lat), tags))
        elif isinstance(obj, osmium.osm.Way):
            ways.append((obj.id, [n.ref for n in obj.nodes], tags))
    with osmium.SimpleWriter(str(dst), overwrite=True) as writer:
        for node_id, location, tags in sorted(nodes, key=lambda n: n[0]):
            writer.add_node(
                osmium.osm.mutable.Node(id=node_id, location=location, tags=tags, version=1)
            )
        for way_id, refs, tags in sorted(ways, key=lambda w: w[0]):
            writer.add_way(osmium.osm.mutable.Way(id=way_id, nodes=refs, tags=tags, version=1))
    return dst


@pytest.fixture(scope="module")
def embedded_pbf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pbf(EMBEDDED_NETWORK_PATH, tmp_path_factory.mktemp("pbf") / "west-africa.osm.pbf")


@pytest.fixture(scope="module")
def xml_network() -> nx.MultiDiGraph:
    """The embedded XML read as a file source (never clipped)."""
    return build_network(EMBEDDED_NETWORK_PATH, options=BuildOptions.default())


def _options(tmp_path: Path, corridors_toml: str) -> BuildOptions:
    path = tmp_path / "corridors.toml"
    path.write_text(corridors_toml, encoding="utf-8")
    return BuildOptions.default(corridors_path=path)


def _names(graph: nx.MultiDiGraph) -> set[str]:
    return {d["name"] for _, d in graph.nodes(data=True) if d.get("name")}


def test_pbf_copy_is_sorted_and_complete(embedded_pbf: Path) -> None:
    kinds = [obj.type_str() for obj in osmium.FileProcessor(str(embedded_pbf))]
    assert kinds == sorted(kinds, key="nwr".index)  # all nodes before all ways
    ids = [obj.id for obj in osmium.FileProcessor(str(embedded_pbf), osmium.osm.WAY)]
    assert ids == sorted(ids)
    expected = sum(1 for _ in osmium.FileProcessor(str(EMBEDDED_NETWORK_PATH), osmium.osm.WAY))
    assert len(ids) == expected


def test_default_corridors_keep_every_port_connected(
    embedded_pbf: Path, xml_network: nx.MultiDiGraph
) -> None:
    graph = build_network(embedded_pbf, options=BuildOptions.default())
    summary = summarize_network(graph)
    routes = {r.name: r for r in summary.routes}
    assert set(routes) >= PORTS
    assert all(routes[p].reachable for p in PORTS), summary.to_text()
    assert summary.source.startswith("west-africa.osm.pbf (")
    # Clipping never adds a road; whatever it keeps comes from the full network.
    assert summary.road_km <= summarize_network(xml_network).road_km + 1e-6


def test_huge_buffer_keeps_the_whole_network(
    embedded_pbf: Path, xml_network: nx.MultiDiGraph
) -> None:
    graph = build_network(
        embedded_pbf,
        options=BuildOptions.default(buffer_km=5000),
    )
    assert summarize_network(graph).segments == summarize_network(xml_network).segments
    assert summarize_network(graph).road_km == pytest.approx(summarize_network(xml_network).road_km)


def test_partial_buffer_drops_ways_outside(embedded_pbf: Path, tmp_path: Path) -> None:
    opts = _options(tmp_path, DAKAR_ONLY)
    area = corridor_buffer(opts.corridors, opts.buffer_km)
    stats = filter_osm_file(embedded_pbf, tmp_path / "roads.osm", classes=opts.classes, clip=area)
    full = filter_osm_file(embedded_pbf, tmp_path / "all.osm", classes=opts.classes)
    assert stats.ways_outside > 0
    assert stats.ways_kept + stats.ways_outside == full.ways_kept

    graph = build_network(embedded_pbf, options=opts)
    summary = summarize_network(graph)
    routes = {r.name: r for r in summary.routes}
    assert routes["Dakar"].reachable
    assert not {"Abidjan", "San-Pédro", "Conakry"} & set(summary.ports)
    assert not {"Abidjan", "Bouaké", "Ferkessédougou", "Conakry", "Kankan"} & _names(graph)
    assert {"Dakar", "Kayes", "Bamako"} <= _names(graph)


def test_buffer_without_bamako_names_bamako(embedded_pbf: Path, tmp_path: Path) -> None:
    opts = _options(tmp_path, SENEGAL_ONLY)
    with pytest.raises(ConnectivityError, match="Bamako") as info:
        build_network(embedded_pbf, options=opts)
    message = str(info.value)
    assert "west-africa.osm.pbf" in message
    assert "corridor buffer must include Bamako" in message


def test_truncated_pbf_names_the_file(embedded_pbf: Path, tmp_path: Path) -> None:
    broken = tmp_path / "truncated.osm.pbf"
    data = embedded_pbf.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataFileError, match=r"truncated\.osm\.pbf") as info:
        build_network(broken, options=BuildOptions.default())
    assert "re-download" in str(info.value)


def test_garbage_pbf_names_the_file(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.osm.pbf"
    garbage.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(DataFileError, match=r"garbage\.osm\.pbf"):
        build_network(garbage, options=BuildOptions.default())


def test_missing_pbf(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.osm.pbf"
    with pytest.raises(DataFileError, match=r"nowhere\.osm\.pbf") as info:
        build_network(missing, options=BuildOptions.default())
    assert "does not exist" in str(info.value)


def test_bz2_xml_builds_the_same_network(tmp_path: Path, xml_network: nx.MultiDiGraph) -> None:
    compressed = tmp_path / "west-africa.osm.bz2"
    compressed.write_bytes(bz2.compress(EMBEDDED_NETWORK_PATH.read_bytes()))
    graph = build_network(compressed, options=BuildOptions.default())
    expected = summarize_network(xml_network)
    summary = summarize_network(graph)
    assert summary.segments == expected.segments
    assert summary.road_km == pytest.approx(expected.road_km)
    assert {d["segment_id"] for *_, d in graph.edges(data=True)} == {
        d["segment_id"] for *_, d in xml_network.edges(data=True)
    }


def test_default_corridor_buffer_contains_every_port() -> None:
    """The clip area itself must hold the ports, or no source can connect them."""
    opts = BuildOptions.default()
    area = corridor_buffer(opts.corridors, opts.buffer_km)
    outside = [
        p.name for p in opts.places if p.name in PORTS and not area.contains(Point(p.lon, p.lat))
    ]
    assert outside == []


def test_default_buffer_holds_each_port_route(xml_network: nx.MultiDiGraph) -> None:
    """Each loading point's shortest route on the unclipped network lies inside the buffer.

    The embedded ways are hundreds of km long, so a clipped PBF keeps them whole even when the
    corridor skeleton strays from the road; real OSM ways are short and would be cut (as
    Overpass downloads are), so the skeleton itself must follow the roads.
    """
    opts = BuildOptions.default()
    area = corridor_buffer(opts.corridors, opts.buffer_km)
    shapely.prepare(area)
    graph = xml_network
    hub = next(n for n, d in graph.nodes(data=True) if d.get("name") == HUB)
    outside: dict[str, set[str]] = {}
    for node, data in graph.nodes(data=True):
        if data.get("role") not in ("port", "depot"):
            continue
        path = nx.shortest_path(graph, node, hub, weight="length_km")
        for u, v in itertools.pairwise(path):
            edge = min(graph[u][v].values(), key=lambda d: d["length_km"])
            geom = edge.get("geometry")
            xy = (
                shapely.get_coordinates(geom)
                if geom is not None
                else [(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in (u, v)]
            )
            if not all(area.contains(Point(x, y)) for x, y in xy):
                outside.setdefault(data["name"], set()).add(edge["segment_id"])
    assert outside == {}, f"segments outside the default corridor buffer: {outside}"


def test_clipping_keeps_every_corridor_road(
    embedded_pbf: Path, xml_network: nx.MultiDiGraph
) -> None:
    """Each corridor is as long on the clipped PBF as on the whole network (no road lost)."""
    clipped = build_network(embedded_pbf, options=BuildOptions.default()).graph["corridor_km"]
    full = xml_network.graph["corridor_km"]
    changed = {
        name: (round(km), round(clipped.get(name, 0.0)))
        for name, km in full.items()
        if clipped.get(name) != pytest.approx(km, rel=1e-6)
    }
    assert changed == {}, f"corridor km (whole network, clipped PBF) differ: {changed}"
