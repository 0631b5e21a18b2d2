"""OSM files (XML, XML.bz2, PBF) to a raw road graph: stream-filter with pyosmium, load with osmnx.

osmnx's ``graph_from_xml`` turns every way into edges, waterways and power lines included, so
road ways of the chosen classes are filtered out first. pyosmium does that filtering as a
stream (``TagFilter`` + ``BackReferenceWriter``), which keeps memory bounded for country
extracts of hundreds of MB, and it reads XML, bzip2-compressed XML and PBF alike.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
import osmium
import osmnx as ox
import shapely
from shapely.geometry.base import BaseGeometry
from tqdm.auto import tqdm

from supplychain.errors import DataFileError, NetworkSourceError

__all__ = [
    "OSM_SUFFIXES",
    "FilterStats",
    "filter_osm_file",
    "graph_from_osm_file",
    "osmnx_settings",
]

logger = logging.getLogger(__name__)

#: File name endings read as OSM data.
OSM_SUFFIXES: tuple[str, ...] = (".osm", ".osm.bz2", ".osm.gz", ".xml", ".osm.pbf", ".pbf")

_WAY_TAGS = ["highway", "ref", "name", "surface", "lanes", "maxspeed", "oneway", "junction"]
_NODE_TAGS = ["name", "place", "barrier", "highway", "ref"]


@contextlib.contextmanager
def osmnx_settings(**overrides: object) -> Iterator[None]:
    """Temporarily set osmnx settings, restoring them afterwards.

    The defaults kept for supplychain: node tags ``name, place, barrier`` (towns and border
    posts) and way tags ``surface, lanes, maxspeed, ref, name`` are retained.

    Parameters
    ----------
    **overrides
        Further ``osmnx.settings`` attributes to set (e.g. ``overpass_url``).

    Yields
    ------
    None

    Examples
    --------
    >>> with osmnx_settings(use_cache=False):
    ...     ox.settings.use_cache
    False
    """
    values: dict[str, object] = {
        "useful_tags_node": _NODE_TAGS,
        "useful_tags_way": _WAY_TAGS,
        **overrides,
    }
    saved = {key: getattr(ox.settings, key) for key in values}
    try:
        for key, value in values.items():
            setattr(ox.settings, key, value)
        yield
    finally:
        for key, value in saved.items():
            setattr(ox.settings, key, value)


@dataclass(frozen=True)
class FilterStats:
    """What a filtering pass kept.

    Parameters
    ----------
    ways_kept : int
        Road ways of the requested classes (inside the clip area, if any).
    ways_outside : int
        Road ways dropped because no node lay inside the clip area.

    Examples
    --------
    >>> FilterStats(3, 1).ways_kept
    3
    """

    ways_kept: int
    ways_outside: int


def _file_label(path: Path) -> str:
    return f"OSM file '{path}'"


def filter_osm_file(
    src: str | Path,
    dst: str | Path,
    *,
    classes: Sequence[str],
    clip: BaseGeometry | None = None,
    progress: bool = False,
) -> FilterStats:
    """Keep only ways whose ``highway`` tag is one of ``classes`` (and the nodes they use).

    Parameters
    ----------
    src : str or Path
        OSM XML (``.osm``, ``.osm.bz2``) or PBF file.
    dst : str or Path
        Output OSM file; the format follows its suffix (write ``.osm`` for osmnx).
    classes : sequence of str
        OSM ``highway`` values to keep.
    clip : shapely geometry, optional
        WGS84 area; a way is kept when at least one of its nodes lies inside.
    progress : bool, default False
        Show a progress bar (ways read; the total of a stream is unknown).

    Returns
    -------
    FilterStats

    Raises
    ------
    DataFileError
        If the file is missing, unreadable or corrupt (the message names the file).

    Examples
    --------
    >>> from supplychain.networks.build import EMBEDDED_NETWORK_PATH
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "roads.osm"
    >>> filter_osm_file(EMBEDDED_NETWORK_PATH, out, classes=["trunk"]).ways_kept > 0
    True
    """
    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise DataFileError(f"{_file_label(src)} does not exist; check the path.")
    keep_ids: list[int] = []
    outside = 0
    tag_filter = osmium.filter.TagFilter(*[("highway", c) for c in classes])
    prepared = clip
    if prepared is not None:
        shapely.prepare(prepared)
    try:
        processor = osmium.FileProcessor(str(src), osmium.osm.NODE | osmium.osm.WAY)
        if clip is not None:
            processor = processor.with_locations()
        # Nodes pass through untouched so that the location store sees them; only ways are
        # tag-filtered (the filter is applied to ways alone).
        processor = processor.with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
        processor = processor.with_filter(tag_filter)
        for way in tqdm(processor, desc=f"reading {src.name}", unit=" ways", disable=not progress,
                        leave=False):  # fmt: skip
            if clip is not None:
                assert isinstance(way, osmium.osm.Way)  # the entity filter lets only ways through
                coords = np.array(
                    [(n.lon, n.lat) for n in way.nodes if n.location.valid()], dtype=np.float64
                )
                if coords.size == 0 or not shapely.contains_xy(
                    prepared, coords[:, 0], coords[:, 1]
                ).any():
                    outside += 1
                    continue
            keep_ids.append(way.id)
        dst.parent.mkdir(parents=True, exist_ok=True)
        with osmium.BackReferenceWriter(str(dst), ref_src=str(src), overwrite=True, remove_tags=False) as writer:
            for obj in osmium.FileProcessor(str(src), osmium.osm.WAY).with_filter(
                osmium.filter.IdFilter(keep_ids)
            ):
                writer.add(obj)
    except RuntimeError as exc:
        raise DataFileError(
            f"{_file_label(src)} cannot be read ({exc}); check that it is a complete OSM XML "
            "or PBF file (re-download it if it was truncated)."
        ) from exc
    logger.info(
        "Filtered %s: kept %d road ways of classes %s (%d outside the clip area)",
        src.name, len(keep_ids), ",".join(classes), outside,
    )  # fmt: skip
    return FilterStats(len(keep_ids), outside)


def graph_from_osm_file(
    path: str | Path,
    *,
    classes: Sequence[str],
    clip: BaseGeometry | None = None,
    progress: bool = False,
) -> nx.MultiDiGraph:
    """Read an OSM XML/PBF file into an unsimplified osmnx graph of road ways.

    Parameters
    ----------
    path : str or Path
        OSM XML (``.osm``, ``.osm.bz2``) or PBF file.
    classes : sequence of str
        OSM ``highway`` values to keep.
    clip : shapely geometry, optional
        Keep only ways with a node inside this WGS84 area.
    progress : bool, default False
        Show a progress bar while the file is filtered.

    Returns
    -------
    networkx.MultiDiGraph
        osmnx graph, both directions of two-way roads, ``length`` in metres, not simplified.

    Raises
    ------
    DataFileError
        If the file is unreadable or corrupt.
    NetworkSourceError
        If it holds no road of the requested classes.

    Examples
    --------
    >>> from supplychain.networks.build import EMBEDDED_NETWORK_PATH
    >>> g = graph_from_osm_file(EMBEDDED_NETWORK_PATH, classes=["trunk", "primary"])
    >>> g.number_of_edges() > 100
    True
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="supplychain-") as tmp:
        filtered = Path(tmp) / "roads.osm"
        stats = filter_osm_file(path, filtered, classes=classes, clip=clip, progress=progress)
        if stats.ways_kept == 0:
            where = " inside the corridor buffer" if clip is not None else ""
            raise NetworkSourceError(
                f"{_file_label(path)} has no road of classes {', '.join(classes)}{where}; "
                "choose other --classes or a file that covers the corridors."
            )
        try:
            with osmnx_settings():
                graph = ox.graph_from_xml(filtered, bidirectional=False, simplify=False, retain_all=True)
        except ET.ParseError as exc:
            raise DataFileError(f"{_file_label(path)} is not valid OSM XML: {exc}.") from exc
    graph.graph["crs"] = "epsg:4326"
    logger.info(
        "Read %s: %d nodes, %d directed edges",
        path.name, graph.number_of_nodes(), graph.number_of_edges(),
    )  # fmt: skip
    return graph
