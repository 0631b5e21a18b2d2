"""OSM files (XML, XML.bz2, PBF) to a raw road graph: stream-filter with pyosmium, load with osmnx.

osmnx's ``graph_from_xml`` turns every way into edges, waterways and power lines included, so
road ways of the chosen classes are filtered out first. pyosmium does that filtering as a
stream (``TagFilter`` + ``BackReferenceWriter``), which keeps memory bounded for country
extracts of hundreds of MB, and it reads XML, bzip2-compressed XML and PBF alike.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import re
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

from supplychain._toml import refuse_not_a_file
from supplychain.errors import DataFileError, NetworkSourceError
from supplychain.networks.limits import InputLimits, decompress_bounded
from supplychain.networks.schema import LAT_RANGE, LON_RANGE

__all__ = [
    "OSM_SUFFIXES",
    "FilterStats",
    "RepairStats",
    "filter_osm_file",
    "graph_from_osm_file",
    "osmnx_settings",
    "repair_osm_file",
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


@dataclass(frozen=True)
class RepairStats:
    """What :func:`repair_osm_file` changed in a filtered extract.

    Parameters
    ----------
    duplicate_nodes : int
        Node entries whose id was already seen (dropped; the first one is kept).
    missing_refs : int
        Way references to nodes absent from the file (dropped from the way).
    ways_dropped : int
        Ways left with fewer than two nodes (dropped).

    Examples
    --------
    >>> RepairStats(0, 2, 1).changed
    True
    """

    duplicate_nodes: int
    missing_refs: int
    ways_dropped: int

    @property
    def changed(self) -> bool:
        """Whether anything was repaired."""
        return bool(self.duplicate_nodes or self.missing_refs or self.ways_dropped)


def _check_tags(obj: object, kind: str, label: str, max_length: int) -> None:
    for tag in obj.tags:  # type: ignore[attr-defined]
        if len(tag.v) > max_length or len(tag.k) > max_length:
            size = max(len(tag.v), len(tag.k))
            raise DataFileError(
                f"{label}: {kind} {obj.id} has tag '{tag.k[:40]}' of {size:,} characters "  # type: ignore[attr-defined]
                f"(limit {max_length:,}; OSM allows 255). Remove it, or raise the limit with "
                "--max-tag-length or SUPPLYCHAIN_MAX_TAG_LENGTH."
            )


def repair_osm_file(path: Path, *, label: str, max_tag_length: int) -> RepairStats:
    """Check a filtered extract's tags; drop duplicate nodes and references to missing nodes.

    Documented repairs (a warning gives the counts): of several nodes with one id the first is
    kept; a way's references to nodes not in the file (an extract cut at a border) are dropped,
    so the way keeps its nodes that are present, in order (at a border cut these are the part
    inside the extract; an interior gap is bridged by a straight line); a way left with fewer
    than two nodes is dropped. The file is rewritten only when something changed.

    Parameters
    ----------
    path : Path
        A filtered OSM XML file (rewritten in place when repaired).
    label : str
        How messages name the user's file.
    max_tag_length : int
        Longest tag key or value accepted, in characters.

    Returns
    -------
    RepairStats

    Raises
    ------
    DataFileError
        If a tag is longer than ``max_tag_length`` (naming the element and the override).

    Examples
    --------
    A way cut at the extract's edge (its third node is not in the file) keeps its two
    nodes that are; a second pass finds nothing to repair:

    >>> import tempfile
    >>> xml = ('<osm version="0.6">'
    ...        '<node id="1" lat="12.6" lon="-8.0"/><node id="2" lat="12.7" lon="-8.1"/>'
    ...        '<way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/>'
    ...        '<tag k="highway" v="trunk"/></way></osm>')
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d, "cut.osm"); _ = p.write_text(xml)
    ...     first = repair_osm_file(p, label="cut.osm", max_tag_length=255)
    ...     again = repair_osm_file(p, label="cut.osm", max_tag_length=255)
    ...     'ref="3"' in p.read_text()
    False
    >>> first, again.changed
    (RepairStats(duplicate_nodes=0, missing_refs=1, ways_dropped=0), False)
    """
    seen: set[int] = set()
    duplicates = 0
    missing = 0
    dropped = 0
    for obj in osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY):
        if isinstance(obj, osmium.osm.Node):
            _check_tags(obj, "node", label, max_tag_length)
            if obj.id in seen:
                duplicates += 1
            seen.add(obj.id)
        elif isinstance(obj, osmium.osm.Way):
            _check_tags(obj, "way", label, max_tag_length)
            present = sum(1 for n in obj.nodes if n.ref in seen)
            missing += len(obj.nodes) - present
            dropped += int(present < 2)
    stats = RepairStats(duplicates, missing, dropped)
    if not stats.changed:
        return stats
    fixed = path.with_name("repaired-" + path.name)
    written: set[int] = set()
    with osmium.SimpleWriter(str(fixed), overwrite=True) as writer:
        for obj in osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY):
            if isinstance(obj, osmium.osm.Node):
                if obj.id not in written:
                    written.add(obj.id)
                    writer.add_node(obj)
                continue
            if not isinstance(obj, osmium.osm.Way):
                continue
            refs = [n.ref for n in obj.nodes if n.ref in seen]
            if len(refs) >= 2:
                writer.add_way(obj.replace(nodes=refs) if len(refs) < len(obj.nodes) else obj)
    fixed.replace(path)
    logger.warning(
        "%s repaired: %d duplicate node entries dropped (first kept), %d references to missing "
        "nodes dropped, %d ways left with fewer than 2 nodes dropped",
        label, duplicates, missing, dropped,
    )  # fmt: skip
    return stats


def _file_label(path: Path) -> str:
    return f"OSM file '{path}'"


_NODE_TAG = re.compile(rb"<node\b[^>]*>")
#: The coordinate bounds as the errors state them (``-90..90``, ``-180..180``).
_LAT_TEXT = f"{LAT_RANGE[0]:g}..{LAT_RANGE[1]:g}"
_LON_TEXT = f"{LON_RANGE[0]:g}..{LON_RANGE[1]:g}"
_ATTR = re.compile(rb'\b(id|lat|lon)\s*=\s*["\']([^"\']*)["\']')


def _nodes_with_bad_location(path: Path, limit: int = 5) -> list[str]:
    """Ids of the first nodes of an OSM XML file whose lat or lon is not a number in range
    (libosmium's error does not name the node); empty for PBF or if none is found."""
    found: list[str] = []
    with contextlib.suppress(OSError), open(path, "rb") as handle:
        for line in handle:
            for tag in _NODE_TAG.findall(line):
                attrs = {k.decode(): v.decode("utf-8", "replace") for k, v in _ATTR.findall(tag)}
                if not _valid_degrees(attrs.get("lat"), LAT_RANGE) or not _valid_degrees(attrs.get("lon"), LON_RANGE):
                    found.append(attrs.get("id", "?"))
                    if len(found) >= limit:
                        return found
    return found


def _check_node_degrees(graph: nx.MultiDiGraph, path: Path, limit: int = 5) -> None:
    """Refuse nodes whose longitude or latitude is out of range. libosmium checks locations
    only where it needs them (with a buffer clip), so a well-formed but impossible ``lon="200"``
    reached the graph and surfaced, after simplification, as a 29,000 km road."""
    bad = [node for node, data in graph.nodes(data=True)
           if not (LON_RANGE[0] <= data.get("x", 0.0) <= LON_RANGE[1]
                   and LAT_RANGE[0] <= data.get("y", 0.0) <= LAT_RANGE[1])]
    if bad:
        shown = ", ".join(f"{node} (lat {graph.nodes[node]['y']:g}, lon {graph.nodes[node]['x']:g})"
                          for node in bad[:limit])
        more = f" and {len(bad) - limit} more" if len(bad) > limit else ""
        raise DataFileError(
            f"{_file_label(path)} has {len(bad)} node(s) out of range: {shown}{more}; lat must be "
            f"within {_LAT_TEXT} and lon within {_LON_TEXT}: fix or delete those nodes."
        )


def _valid_degrees(text: str | None, bounds: tuple[float, float]) -> bool:
    if text is None:
        return True  # a node without a location (a deleted node in a change file)
    try:
        value = float(text)
    except ValueError:
        return False
    return bounds[0] <= value <= bounds[1]


def filter_osm_file(
    src: str | Path,
    dst: str | Path,
    *,
    classes: Sequence[str],
    clip: BaseGeometry | None = None,
    progress: bool = False,
    limits: InputLimits | None = None,
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
    limits : InputLimits, optional
        Bounds on decompression (``.bz2``, ``.gz`` are decompressed as a stream first); default
        :meth:`InputLimits.from_env`.

    Returns
    -------
    FilterStats

    Raises
    ------
    DataFileError
        If the file is missing, unreadable, corrupt, a decompression bomb, or has a tag value
        longer than libosmium's limit (the message names the file).

    Examples
    --------
    >>> from supplychain.networks.build import EMBEDDED_NETWORK_PATH
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "roads.osm"
    >>> filter_osm_file(EMBEDDED_NETWORK_PATH, out, classes=["trunk"]).ways_kept > 0
    True
    """
    src, dst = Path(src), Path(dst)
    if src.is_dir():
        raise DataFileError(f"{_file_label(src)} is a directory; give the OSM file in it.")
    refuse_not_a_file(src, _file_label(src))  # a named pipe "does not exist"
    if not src.is_file():
        raise DataFileError(f"{_file_label(src)} does not exist; check the path.")
    limits = limits or InputLimits.from_env()
    if not src.name.lower().endswith((".bz2", ".gz")):
        return _filter(src, src, dst, classes=classes, clip=clip, progress=progress)
    # libosmium decompresses without any bound: decompress as a bounded stream first.
    with tempfile.TemporaryDirectory(prefix="supplychain-") as tmp:
        plain = Path(tmp) / "source.osm"
        decompress_bounded(src, plain, limits=limits, progress=progress, label=_file_label(src))
        return _filter(plain, src, dst, classes=classes, clip=clip, progress=progress)


def _write_ways_with_nodes(src: Path, dst: Path, tracker: osmium.IdTracker) -> None:
    """Write the ways ``tracker`` holds and the nodes they reference (tags kept) from ``src`` to
    the OSM XML file ``dst``, nodes first, each kind in the file's order: what
    ``osmium.BackReferenceWriter`` wrote.

    That writer keeps its ways in a PBF file of its own in ``$TMPDIR`` first; a PBF writer that
    fails (a nearly full ``$TMPDIR``: "No space left on device") throws again from its C++
    destructor, which ends the process with SIGABRT ("terminate called after throwing an
    instance of 'osmium::io_error'", status 134, no error line: fuzz32). An XML writer that
    fails raises its ``RuntimeError`` once.
    """
    with osmium.SimpleWriter(str(dst), overwrite=True) as writer:
        # Every node before the first way, as that writer wrote them, even when the source lists
        # a way before its nodes (an unsorted file): a way read before its nodes has no location.
        for kind in (osmium.osm.NODE, osmium.osm.WAY):
            for obj in osmium.FileProcessor(str(src), kind).with_filter(tracker.id_filter()):
                writer.add(obj)


def _filter(
    src: Path,
    label: Path,
    dst: Path,
    *,
    classes: Sequence[str],
    clip: BaseGeometry | None,
    progress: bool,
) -> FilterStats:
    """:func:`filter_osm_file` on a plain (or PBF) file; ``label`` is the file the user gave."""
    # The kept ways and the nodes they reference, recorded as the ways are read (a second read
    # of the source only to find them again was one pass too many on a large extract).
    kept = osmium.IdTracker()
    n_kept = 0
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
        for way in tqdm(processor, desc=f"reading {label.name}", unit=" ways", disable=not progress,
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
            kept.add_way(way.id)
            kept.add_references(way)
            n_kept += 1
        dst.parent.mkdir(parents=True, exist_ok=True)
        _write_ways_with_nodes(src, dst, kept)
    except osmium.InvalidLocationError as exc:
        nodes = _nodes_with_bad_location(src)
        where = f"node {', '.join(nodes)}" if nodes else "a node"
        raise DataFileError(
            f"{_file_label(label)} has an invalid coordinate at {where} ({exc}); lat must be a "
            f"number within {_LAT_TEXT} and lon within {_LON_TEXT}: fix or delete that node."
        ) from exc
    except ValueError as exc:
        if "too long" in str(exc):
            raise DataFileError(
                f"{_file_label(label)} has a tag key or value longer than libosmium's limit of "
                f"1,024 bytes ({exc}); OSM allows 255 characters: remove or shorten that tag."
            ) from exc
        raise DataFileError(
            f"{_file_label(label)} cannot be read ({exc}); check that it is a complete OSM XML "
            "or PBF file (re-download it if it was truncated)."
        ) from exc
    except (RuntimeError, OSError) as exc:
        if str(exc).startswith("Write failed") or getattr(exc, "errno", None) in (errno.ENOSPC, errno.EFBIG):
            # "cannot be read (Write failed: No space left on device); ... re-download it" (fuzz32)
            raise DataFileError(
                f"The roads read from {_file_label(label)} cannot be written to '{dst}' ({exc}); free "
                "space in that folder (a temporary one: set TMPDIR to a folder with room)."
            ) from exc
        raise DataFileError(
            f"{_file_label(label)} cannot be read ({exc}); check that it is a complete OSM XML "
            "or PBF file (re-download it if it was truncated)."
        ) from exc
    logger.info(
        "Filtered %s: kept %d road ways of classes %s (%d outside the clip area)",
        label.name, n_kept, ",".join(classes), outside,
    )  # fmt: skip
    return FilterStats(n_kept, outside)


def graph_from_osm_file(
    path: str | Path,
    *,
    classes: Sequence[str],
    clip: BaseGeometry | None = None,
    progress: bool = False,
    limits: InputLimits | None = None,
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
    limits : InputLimits, optional
        Decompression and tag-length bounds; default :meth:`InputLimits.from_env`.

    Returns
    -------
    networkx.MultiDiGraph
        osmnx graph, both directions of two-way roads, ``length`` in metres, not simplified.
        Duplicate node ids and references to missing nodes are repaired (see
        :func:`repair_osm_file`; a warning gives the counts).

    Raises
    ------
    DataFileError
        If the file is unreadable, corrupt, a decompression bomb or has an over-long tag.
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
    limits = limits or InputLimits.from_env()
    with tempfile.TemporaryDirectory(prefix="supplychain-") as tmp:
        filtered = Path(tmp) / "roads.osm"
        stats = filter_osm_file(path, filtered, classes=classes, clip=clip, progress=progress,
                                limits=limits)  # fmt: skip
        try:
            repair = repair_osm_file(filtered, label=_file_label(path),
                                     max_tag_length=limits.max_tag_length)  # fmt: skip
        except (RuntimeError, ValueError, OSError) as exc:
            raise DataFileError(f"{_file_label(path)} cannot be read ({exc}).") from exc
        if repair.ways_dropped >= stats.ways_kept:
            stats = FilterStats(0, stats.ways_outside)
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
    _check_node_degrees(graph, path)
    graph.graph["crs"] = "epsg:4326"
    logger.info(
        "Read %s: %d nodes, %d directed edges",
        path.name, graph.number_of_nodes(), graph.number_of_edges(),
    )  # fmt: skip
    return graph
