"""Build a corridor network: any source -> raw road graph -> the one schema, places snapped.

Every source ends in :func:`finalize_network`, which snaps places, simplifies, derives the
schema attributes (length, speed, travel time, capacity, country, segment id, corridors),
prunes fragments that hold no place, checks that every loading point reaches Bamako and
validates the schema.

Over 500 lines on purpose: the steps of :func:`finalize_network` are one ordered pipeline on
one graph, each helper beside the step that uses it, so a reader follows a source's graph to
the validated schema in one file.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import networkx as nx
import osmnx as ox
from shapely.geometry import LineString

from supplychain._paths import NETWORKS_DIR, as_path
from supplychain.errors import ConnectivityError, DataFileError, NetworkSourceError, ParameterError
from supplychain.networks.borders import (
    label_junction_countries,
    label_post_sides,
    unposted_entries,
)
from supplychain.networks.geo import _mark_border_crossings, country_of_points
from supplychain.networks.gis_attributes import GIS_SUFFIXES
from supplychain.networks.limits import InputLimits
from supplychain.networks.params import NetworkParameters, load_network_parameters
from supplychain.networks.placement import (
    Placement,
    _node_label,
    move_posts_off_junctions,
    place_on_edges,
)
from supplychain.networks.places import (
    HUB,
    Corridor,
    Place,
    assign_corridors,
    corridor_buffer,
    load_corridors,
    load_places,
    snap_places,
)
from supplychain.networks.provenance import build_record, file_digest
from supplychain.networks.schema import BUILD_REVISION, ROAD_CLASSES, validate_network

__all__ = [
    "EMBEDDED_NETWORK_PATH",
    "BuildOptions",
    "build_network",
    "finalize_network",
]

logger = logging.getLogger(__name__)

#: The authored corridor skeleton shipped with the project.
EMBEDDED_NETWORK_PATH: Path = NETWORKS_DIR / "west-africa-corridors.osm"



@dataclass(frozen=True)
class BuildOptions:
    """Inputs shared by every source.

    Parameters
    ----------
    params : NetworkParameters
    places : list of Place
    corridors : list of Corridor
    classes : tuple of str
        Road classes to keep.
    buffer_km : float
        Corridor buffer width for clipping.
    classes_given : bool, default False
        ``classes`` were chosen by the caller (``--classes``), not the parameter file's: a GIS
        layer without a class column then warns that they have no effect.
    given_files : mapping of str to str, optional
        The parameter, places and corridors files given to :meth:`default` (keys ``params``,
        ``places``, ``corridors``; one left out is the project's), as given: a built
        network records them (its ``build`` attribute). None: the options were made
        otherwise, and their files are not recorded. A copy made with
        :func:`dataclasses.replace` keeps them: give another ``given_files`` with other places.

    Examples
    --------
    >>> BuildOptions.default().classes[0]
    'motorway'
    """

    params: NetworkParameters
    places: list[Place]
    corridors: list[Corridor]
    classes: tuple[str, ...]
    buffer_km: float
    classes_given: bool = False
    given_files: Mapping[str, str] | None = None

    @classmethod
    def default(
        cls,
        *,
        params_path: str | Path | None = None,
        places_path: str | Path | None = None,
        corridors_path: str | Path | None = None,
        classes: Sequence[str] | None = None,
        buffer_km: float | None = None,
    ) -> BuildOptions:
        """Load parameters, places and corridors (project defaults unless paths are given).

        Parameters
        ----------
        params_path, places_path, corridors_path : str or Path, optional
            Network parameter, places and corridors files (default: the project's).
        classes : sequence of str, optional
            Road classes to keep (default: the parameter file's).
        buffer_km : float, optional
            Corridor buffer width (default: the parameter file's ``corridor_buffer_km``).

        Returns
        -------
        BuildOptions

        Raises
        ------
        DataFileError
            If a file is missing or not TOML.
        ParameterError
            If a file has a bad key or value, ``buffer_km`` is not a positive number, or a
            class of ``classes`` is not a known road class (a typo kept nothing of it).

        Examples
        --------
        >>> options = BuildOptions.default(classes=["trunk", "primary"], buffer_km=10.0)
        >>> options.classes, options.buffer_km, options.classes_given
        (('trunk', 'primary'), 10.0, True)
        """
        unknown = [c for c in classes or () if c not in ROAD_CLASSES]
        if unknown:
            raise ParameterError(
                f"Unknown road class(es) {', '.join(map(repr, unknown))} in --classes; known "
                f"classes: {', '.join(sorted(ROAD_CLASSES))}."
            )
        params = load_network_parameters(params_path)
        if buffer_km is not None and not (math.isfinite(buffer_km) and buffer_km > 0):
            raise ParameterError(f"Buffer width {buffer_km} km is invalid; give a positive number.")
        return cls(
            params=params,
            places=load_places(places_path),
            corridors=load_corridors(corridors_path),
            classes=tuple(classes) if classes else params.classes,
            buffer_km=params.corridor_buffer_km if buffer_km is None else buffer_km,
            classes_given=bool(classes),
            given_files={name: str(path) for name, path in (
                ("params", params_path), ("places", places_path), ("corridors", corridors_path)
            ) if path is not None},
        )  # fmt: skip


def _file_sha256(path: str) -> str:
    """SHA-256 of a file's content, ``""`` when ``path`` is no readable file (defaults)."""
    return (file_digest(path)[0] or "") if path else ""


def build_network(
    source: str | Path = "embedded",
    *,
    options: BuildOptions | None = None,
    column_map: dict[str, str] | None = None,
    where: str | None = None,
    layer: str | None = None,
    snap_tolerance_m: float = 50.0,
    overpass_url: str | None = None,
    cache_dir: str | Path | None = None,
    progress: bool = False,
    limits: InputLimits | None = None,
) -> nx.MultiDiGraph:
    """Build the corridor network from a source.

    Parameters
    ----------
    source : str or Path, default "embedded"
        ``"embedded"`` (the authored skeleton), ``"overpass"`` (live download over the corridor
        buffer), an OSM file (``.osm``, ``.osm.bz2``, ``.osm.pbf``) or a GIS road layer
        (``.gpkg``, ``.geojson``, ``.shp``).
    options : BuildOptions, optional
        Parameters, places, corridors, classes and buffer; project defaults if omitted.
    column_map : dict of str to str, optional
        For GIS layers: schema attribute -> column name (see :mod:`supplychain.networks.gis`).
    where : str, optional
        For GIS layers: an OGR SQL row filter applied while reading.
    layer : str, optional
        For GIS layers: the layer to read from a multi-layer file.
    snap_tolerance_m : float, default 50
        For GIS layers: line ends closer than this become one node (at most 1,000 m,
        :data:`supplychain.networks.gis.MAX_SNAP_TOLERANCE_M`).
    overpass_url : str, optional
        For Overpass: the API endpoint (default: osmnx's).
    cache_dir : str or Path, optional
        For Overpass: where answered queries are cached (default: osmnx's ``./cache``).
    progress : bool, default False
        For OSM files: show a progress bar while they are filtered.
    limits : InputLimits, optional
        Bounds on decompression and tag lengths (see :mod:`supplychain.networks.limits`);
        default :meth:`InputLimits.from_env`.

    Returns
    -------
    networkx.MultiDiGraph
        A network that satisfies the schema.

    Raises
    ------
    SupplyChainError
        A subclass naming the file or item at fault.

    Examples
    --------
    >>> g = build_network("embedded")
    >>> g.graph["source"]
    'embedded'
    """
    opts = options or BuildOptions.default()
    # Read once and applied to every read (the embedded skeleton is an OSM file too), so the
    # limits recorded with the build (a raised one is one of its options) are those applied;
    # a bad environment variable fails here, before any reading or download.
    recorded_limits = limits or InputLimits.from_env()
    label = str(source)
    _warn_unused_options(source, column_map=column_map, where=where, layer=layer,
                         snap_tolerance_m=snap_tolerance_m, overpass_url=overpass_url,
                         cache_dir=cache_dir)  # fmt: skip
    if str(source) == "embedded":
        # The detour stretches are found on the whole skeleton, every class read: a stretch
        # on a road that --classes leaves out is then no error, and an edge kept scales by
        # the same index as in the full network.
        full = _osm_source(EMBEDDED_NETWORK_PATH, opts, clip=False, classes=sorted(ROAD_CLASSES),
                           limits=recorded_limits)  # fmt: skip
        stretch = _detour_stretches(full, opts.params)
        kept = set(opts.classes)
        raw = full.edge_subgraph(
            [(u, v, k) for u, v, k, d in full.edges(keys=True, data=True) if d["highway"] in kept]
        ).copy()
        if raw.number_of_edges() == 0:
            raise NetworkSourceError(
                f"The embedded skeleton has no road of classes {', '.join(opts.classes)}; choose "
                "--classes among its classes: "
                f"{', '.join(sorted({d['highway'] for _, _, d in full.edges(data=True)}))}."
            )
        # The skeleton's ways are straight chords between authored points; scale them to
        # road length with the documented detour factor (real OSM geometry needs none).
        factor = opts.params.embedded_detour_factor
        for u, v, k, data in raw.edges(keys=True, data=True):
            data["length"] = float(data["length"]) * stretch.get((u, v, k), factor)
        raw.graph["length_factor"] = factor
        label = "embedded"
    elif str(source) == "overpass":
        from supplychain.networks.overpass import graph_from_overpass

        area = corridor_buffer(opts.corridors, opts.buffer_km)
        raw = graph_from_overpass(
            area, classes=opts.classes, url=overpass_url,
            cache_dir=Path(cache_dir) if cache_dir is not None else None,
        )
        label = f"overpass {datetime.now(UTC).date().isoformat()}"
    else:
        if not str(source).strip():  # `--source ""` read as the current folder, "a directory"
            raise DataFileError("Source '' is empty; give 'embedded', 'overpass', an OSM file (.osm, "
                                ".osm.bz2, .osm.pbf) or a GIS layer (.gpkg, .geojson, .shp).")  # fmt: skip
        path = as_path(source, "source")
        if path.is_dir():
            raise DataFileError(
                f"Source '{source}' is a directory; give a file in it: an OSM file (.osm, "
                ".osm.bz2, .osm.pbf) or a GIS layer (.gpkg, .geojson, .shp)."
            )
        name = path.name.lower()
        if name.endswith((".osm", ".osm.bz2", ".osm.gz", ".xml")):
            raw = _osm_source(path, opts, clip=False, progress=progress, limits=recorded_limits)
        elif name.endswith(".pbf"):
            raw = _osm_source(path, opts, clip=True, progress=progress, limits=recorded_limits)
        elif name.endswith(GIS_SUFFIXES):
            from supplychain.networks.gis import graph_from_gis_layer

            raw = graph_from_gis_layer(
                path, column_map=column_map, classes=opts.classes, where=where, layer=layer,
                warn_unused_classes=opts.classes_given,
                snap_tolerance_m=snap_tolerance_m,
                max_text_length=recorded_limits.max_tag_length,
            )
        else:
            raise NetworkSourceError(
                f"Source '{source}' is not recognised; use 'embedded', 'overpass', an OSM file "
                "(.osm, .osm.bz2, .osm.pbf) or a GIS layer (.gpkg, .geojson, .shp)."
            )
        label = f"{path.name} (file modified {datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec='seconds')})"
    graph = finalize_network(raw, options=opts, source=label)
    graph.graph["build"] = build_record(
        source,
        source_file=EMBEDDED_NETWORK_PATH if str(source) == "embedded"
        else None if str(source) == "overpass" else Path(source),
        options=_build_options(source, opts, column_map=column_map, where=where, layer=layer,
                               snap_tolerance_m=snap_tolerance_m, overpass_url=overpass_url,
                               cache_dir=cache_dir, limits=recorded_limits),
    )  # fmt: skip
    return graph


def _build_options(source: str | Path, opts: BuildOptions, *, column_map: dict[str, str] | None,
                   where: str | None, layer: str | None, snap_tolerance_m: float,
                   overpass_url: str | None, cache_dir: str | Path | None,
                   limits: InputLimits) -> list[str]:  # fmt: skip
    """The options of a build that change what it gives, as ``network build`` takes them and
    in its order: those left at their defaults, and those the source does not read (which
    :func:`_warn_unused_options` warned about; the buffer but for a PBF file and Overpass, the
    decompression limits but for a compressed OSM file, any limit for Overpass), are left
    out. The input limits count: a file that needed a higher one fails without it."""
    name = str(source).lower()
    overpass = name == "overpass"
    out: list[str] = []
    if opts.classes_given:
        out += ["--classes", ",".join(opts.classes)]
    if (overpass or name.endswith(".pbf")) and opts.buffer_km != opts.params.corridor_buffer_km:
        out += ["--buffer-km", repr(float(opts.buffer_km))]
    for option, key in (("--params", "params"), ("--places", "places"), ("--corridors", "corridors")):
        if opts.given_files and key in opts.given_files:
            out += [option, opts.given_files[key]]
    if name.endswith(GIS_SUFFIXES):
        for attr, column in (column_map or {}).items():
            out += ["--map", f"{attr}={column}"]
        out += ["--where", where] if where is not None else []
        out += ["--layer", layer] if layer is not None else []
        if snap_tolerance_m != 50.0:
            out += ["--snap-m", repr(float(snap_tolerance_m))]
    if overpass:
        out += ["--overpass-url", _without_password(overpass_url)] if overpass_url is not None else []
        out += ["--cache-dir", str(cache_dir)] if cache_dir is not None else []
        return out  # no file read: no input limit applies
    default = InputLimits()
    compressed = name.endswith((".bz2", ".gz"))  # decompressed with the first two limits
    for option, value, usual, read in (
        ("--max-expansion-ratio", limits.max_expansion_ratio, default.max_expansion_ratio, compressed),
        ("--max-bytes-without-element", limits.max_bytes_without_element,
         default.max_bytes_without_element, compressed),
        ("--max-tag-length", limits.max_tag_length, default.max_tag_length, True),
    ):  # fmt: skip
        if read and value != usual:
            out += [option, repr(value)]
    return out


def _without_password(url: str) -> str:
    """``url`` with the password of its user part replaced by ``PASSWORD``: a built file and its
    report are shared, and the rebuild command then names where the password goes."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:PASSWORD@{host}"))


def _warn_unused_options(source: str | Path, *, column_map: dict[str, str] | None, where: str | None,
                         layer: str | None, snap_tolerance_m: float, overpass_url: str | None,
                         cache_dir: str | Path | None) -> None:
    """One warning naming the options given that the source's kind does not read (they were
    ignored without a word: ``--snap-m 5`` on the embedded network, ``--where`` on an OSM
    file)."""
    name = str(source).lower()
    gis = name.endswith(GIS_SUFFIXES)
    given = {
        "column map (--map)": bool(column_map) and not gis,
        "--where": where is not None and not gis,
        "--layer": layer is not None and not gis,
        "--snap-m": snap_tolerance_m != 50.0 and not gis,
        "--overpass-url": overpass_url is not None and name != "overpass",
        "--cache-dir": cache_dir is not None and name != "overpass",
    }
    unused = [option for option, ignored in given.items() if ignored]
    if unused:
        logger.warning("Source '%s' does not read %s (GIS layers read --map, --where, --layer and "
                       "--snap-m; Overpass reads --overpass-url and --cache-dir): ignored",
                       source, ", ".join(unused))  # fmt: skip


def _detour_stretches(raw: nx.MultiDiGraph, params: NetworkParameters) -> dict[Any, float]:
    """Edge -> detour index for the stretches of ``[[network.detour]]`` (both directions)."""
    by_name = {d.get("name"): n for n, d in raw.nodes(data=True) if d.get("name")}
    out: dict[Any, float] = {}
    problems = []
    for st in params.detours:
        if st.start not in by_name or st.end not in by_name:
            problems.append(f"detour stretch {st.start}-{st.end}: no skeleton node of that name")
            continue
        keep = {
            (u, v, k) for u, v, k, d in raw.edges(keys=True, data=True)
            if set(st.refs) & set(str(d.get("ref", "")).split(";"))
        }  # fmt: skip
        on_road = raw.edge_subgraph(keep)
        try:
            path = nx.shortest_path(on_road, by_name[st.start], by_name[st.end], weight="length")
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            problems.append(
                f"detour stretch {st.start}-{st.end}: not joined by roads {', '.join(st.refs)}"
            )
            continue
        for a, b in itertools.pairwise(path):
            for x, y in ((a, b), (b, a)):
                for k in on_road.get_edge_data(x, y, default={}):
                    out[(x, y, k)] = st.factor
    if problems:
        raise ParameterError(f"Detour stretches in '{params.source}' do not match the skeleton",
                             problems=problems)  # fmt: skip
    return out


def _osm_source(
    path: Path, opts: BuildOptions, *, clip: bool, progress: bool = False,
    limits: InputLimits | None = None, classes: Sequence[str] | None = None,
) -> nx.MultiDiGraph:
    from supplychain.networks.osm import graph_from_osm_file

    area = corridor_buffer(opts.corridors, opts.buffer_km) if clip else None
    return graph_from_osm_file(path, classes=opts.classes if classes is None else classes,
                               clip=area, progress=progress, limits=limits)  # fmt: skip


def finalize_network(
    raw: nx.MultiDiGraph, *, options: BuildOptions, source: str
) -> nx.MultiDiGraph:
    """Turn a raw road graph from any source into a schema-conforming corridor network.

    Parameters
    ----------
    raw : networkx.MultiDiGraph
        Nodes with ``x``, ``y`` (WGS84); edges with ``length`` (m) or ``length_km`` and
        ``highway``; optional ``ref``, ``name``, ``surface``, ``lanes``, ``maxspeed``,
        ``osmid``, ``geometry``, ``speed_kph``, ``capacity_trucks_per_day``. Both directions
        of two-way roads. ``raw.graph["simplified"]`` True skips osmnx simplification.
    options : BuildOptions
    source : str
        Description recorded in ``graph["source"]``.

    Returns
    -------
    networkx.MultiDiGraph

    Raises
    ------
    ConnectivityError
        If Bamako matches no node, or a port or depot cannot reach it.
    ParameterError
        If an override names an unknown segment or place.
    SchemaError
        If a derived attribute is invalid (e.g. a negative length in a GIS layer).

    Examples
    --------
    >>> opts = BuildOptions.default()
    >>> from supplychain.networks.osm import graph_from_osm_file
    >>> raw = graph_from_osm_file(EMBEDDED_NETWORK_PATH, classes=opts.classes)
    >>> finalize_network(raw, options=opts, source="doc").number_of_edges() > 0
    True
    """
    if raw.number_of_edges() == 0:
        raise NetworkSourceError(f"Source {source} has no road segment of the requested classes.")
    graph = raw.copy()
    _drop_repeated_lines(graph, source)
    params = options.params
    snap = snap_places(graph, options.places, tolerance_km=params.place_tolerance_km)
    if HUB not in snap.matched:
        node, dist = snap.unmatched.get(HUB, (None, float("inf")))
        raise ConnectivityError(
            f"{HUB} matches no node of the network from {source}: the nearest node ({node}) is "
            f"{dist:.1f} km away (tolerance {params.place_tolerance_km:g} km); the source or its "
            "corridor buffer must include Bamako."
        )
    # The hub's node, as snapped: kept through simplification (a place node is always an
    # endpoint) and passed on to the connectivity check rather than looked up again.
    hub = snap.matched[HUB][0]
    graph = _keep_components_with_places(graph)
    if not graph.graph.get("simplified", False):
        # Speed and capacity per OSM way piece first: a merged segment takes the sum of its
        # pieces' travel times and its narrowest piece's capacity (merged tags alone would
        # give one slow or unpaved stretch's speed to the whole segment).
        _derive_piece_times(graph, params)
        graph = ox.simplify_graph(
            graph,
            node_attrs_include=["_place", "place", "barrier"],
            edge_attrs_differ=["ref", "highway"],
            edge_attr_aggs={"length": sum, "_time_h": sum, "_capacity": min},
        )
    _derive_edge_attributes(graph, params)
    _derive_node_attributes(graph)
    _assign_segment_ids(graph)
    _apply_segment_overrides(graph, params)
    placements = {
        name: Placement(name, "node", dist, node) for name, (node, dist) in snap.matched.items()
    }
    by_name = {p.name: p for p in options.places}
    placements.update(
        place_on_edges(
            graph, [by_name[name] for name in snap.unmatched],
            snap_tolerance_km=params.place_tolerance_km,
            road_tolerance_km=params.road_tolerance_km,
        )
    )
    # A post on a junction would cap traffic that passes it without crossing: onto the one
    # road to the other side (the Kidira-Diboli post on the West-African layer), or the
    # junction split in two joined by a crossing that holds it (Rosso).
    placements = move_posts_off_junctions(
        graph, options.places, placements, road_tolerance_km=params.road_tolerance_km
    )
    placements = {p.name: placements[p.name] for p in options.places}
    _apply_node_overrides(graph, params)
    # The 1:50m boundaries run a few km off the border: a post's two sides get its two countries,
    # and a junction whose roads all lie in one country that country (the town Kidira).
    label_post_sides(graph)
    label_junction_countries(graph)
    graph.graph.update(
        {
            "crs": "epsg:4326",
            "source": source,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "params_source": params.source,
            # The parameters' content as built: the file may change after (report provenance).
            "params_sha256": _file_sha256(params.source),
            "tanker_volume_m3": params.tanker_volume_m3,
            "unmatched_places": sorted(n for n, p in placements.items() if p.method == "dropped"),
            "placements": [p.to_dict() for p in placements.values()],
            "simplified": True,
            "build_revision": BUILD_REVISION,
            # What is known here; build_network records the source file and its options.
            "build": build_record(source, source_file=None, options=[]),
        }
    )
    # Validate before routing: a negative or NaN length would break shortest paths.
    validate_network(graph)
    # A waypoint with no node this close is checked against the corridor's road instead, with
    # the distance within which a place is put on a road (and not less than the snap).
    waypoint_km = 2 * params.place_tolerance_km
    graph.graph["corridor_km"] = assign_corridors(
        graph, options.corridors, tolerance_km=waypoint_km,
        road_tolerance_km=max(params.road_tolerance_km, waypoint_km),
    )
    _check_connectivity(graph, options.places, hub=hub)
    for _, data in graph.nodes(data=True):
        data.pop("_place", None)
    _warn_unposted_entries(graph)
    graph.graph.pop("_coordinate_labels", None)  # ids given (see placement._node_label)
    logger.info(
        "Built network from %s: %d nodes, %d segments, %.0f km, %d of %d places placed",
        source,
        graph.number_of_nodes(),
        len({d["segment_id"] for _, _, d in graph.edges(data=True)}),
        sum(d["length_km"] for _, _, d in graph.edges(data=True)) / 2,
        sum(p.method != "dropped" for p in placements.values()),
        len(placements),
    )
    return graph


def _drop_repeated_lines(graph: nx.MultiDiGraph, source: str) -> None:
    """Keep one of the road lines that repeat another exactly (same ends, same points in the
    same order, either way along): a GIS layer with a feature twice (two tiles merged with their
    overlap, a line pasted twice) or an OSM way mapped twice. Each copy was a parallel segment,
    and the road's capacity counted twice, unsaid (fuzz34); one warning counts them.

    Lines that share their ends but not their points (two roads between the same towns) are
    kept. Raw OSM edges join consecutive nodes of a way: two of them between the same nodes in
    the same direction are one road drawn twice.
    """
    seen: set[tuple[Any, Any, Any]] = set()
    repeated: list[tuple[Any, Any, Any, dict[str, Any]]] = []
    # Copies dropped of each line, by its two directions: a two-way line is an edge each way.
    dropped: Counter[tuple[Any, bool]] = Counter()
    ways: set[str] = set()
    for u, v, k, data in graph.edges(keys=True, data=True):
        geometry = data.get("geometry")
        line = (u, v, tuple(geometry.coords) if geometry is not None else None)
        if line in seen:
            repeated.append((u, v, k, data))
            if geometry is None:  # a stretch of a raw OSM way: the way counts, by its (unique) id
                ways.add(_as_str(data.get("osmid")))
            else:
                dropped[_undirected_line(u, v, tuple(geometry.coords))] += 1
        seen.add(line)
    if not repeated:
        return
    # A layer's lines: the copies dropped, each counted once whichever way it runs (2, not 4,
    # for a two-way line pasted twice more). They were counted by distinct osmid: different
    # features of a layer whose id column repeats (a road number) were one (review, 2026-12-07).
    lines = Counter[Any]()
    for (key, _), n in dropped.items():
        lines[key] = max(lines[key], n)
    first = repeated[0][3]
    named = _as_str(first.get("ref")) or _as_str(first.get("name"))
    logger.warning(
        "%s: %d road line(s) repeat another exactly (the same points%s); each is kept once: a "
        "road drawn twice counted its capacity twice", source, lines.total() + len(ways),
        f"; such as {named!r}" if named else "",
    )  # fmt: skip
    graph.remove_edges_from([(u, v, k) for u, v, k, _ in repeated])


def _undirected_line(u: Any, v: Any, coords: tuple[Any, ...]) -> tuple[Any, bool]:
    """A line's key the same either way along (its ends and points), and whether ``(u, v,
    coords)`` runs the key's way.

    Examples
    --------
    >>> there, back = _undirected_line(1, 2, ((0, 0), (1, 1))), _undirected_line(2, 1, ((1, 1), (0, 0)))
    >>> there[0] == back[0], there[1], back[1]
    (True, True, False)
    """
    back = coords[::-1]
    return (frozenset((u, v)), min(coords, back)), coords <= back


def _warn_unposted_entries(graph: nx.MultiDiGraph, shown: int = 8) -> None:
    """One warning listing the roads into the demand country that pass no border post."""
    entries = unposted_entries(graph)
    if not entries:
        return
    more = f" and {len(entries) - shown} more" if len(entries) > shown else ""
    logger.warning(
        "%d road(s) into %s let fuel reach its cities without passing any border post: %s%s. "
        "Fuel routed there skips the posts' capacities and border waits; add a post for each to "
        "the places file (role = \"border\"), or close them in a scenario ([[segment]] id = ..., "
        "closed = true). `supplychain network info` lists them.",
        len(entries), "/".join(sorted({e.to_country for e in entries})),
        "; ".join(e.describe() for e in entries[:shown]), more,
    )  # fmt: skip


def _keep_components_with_places(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    keep: set[Any] = set()
    for comp in nx.weakly_connected_components(graph):
        if any("_place" in graph.nodes[n] for n in comp):
            keep |= comp
    dropped = graph.number_of_nodes() - len(keep)
    if dropped:
        logger.info("Dropped %d nodes in road fragments that hold no place", dropped)
    return graph.subgraph(keep).copy() if dropped else graph


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _as_str(value: Any) -> str:
    if isinstance(value, list):
        return ";".join(dict.fromkeys(str(v) for v in value if _present(v)))
    return str(value) if _present(value) else ""


#: Line breaks, tabs and other control characters in a tag or text cell.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _one_line_text(value: Any, repaired: set[str]) -> str:
    r""":func:`_as_str` on one line: a ref or name holding a line break (an OSM ``&#10;``, a GIS
    cell) went into segment ids, whose listing then printed a line of its own, such as an
    ``error:`` line in a build that succeeded (fuzz29). Each run of spaces and control
    characters becomes one space; the text changed is added to ``repaired``.

    >>> seen = set(); _one_line_text("RN3\nerror: x", seen), sorted(seen)
    ('RN3 error: x', ['RN3\nerror: x'])
    """
    text = _as_str(value)
    if not _CONTROL.search(text):
        return text
    repaired.add(text)
    return " ".join(_CONTROL.sub(" ", text).split())


def _warn_repaired_text(repaired: set[str]) -> None:
    if repaired:
        first = sorted(repaired)[0]
        logger.warning("%d road ref or name tag(s) held a line break or another control character; "
                       "each is read with spaces instead (such as %r)", len(repaired), first)


def _lane_counts(value: Any, odd: set[str] | None = None) -> list[float]:
    """The whole lane counts (1 or more) in a ``lanes`` tag or cell (see :func:`_numbers`).

    A count that is not a whole number was cut to one (``2.5`` read as 2 lanes, ``0.7`` as 0,
    which the schema then refused as "too small lanes 0"), unsaid (fuzz30): it is left out, so
    that the class's reference lanes apply, and its tag added to ``odd`` for one warning.

    A count of 0 or below (``-2``, a GIS cell's sign slip) was left out by :func:`_numbers`
    without the warning (fuzz34): it is counted among the odd ones too.

    >>> seen = set(); _lane_counts("2.5;3", seen), _lane_counts("0.7", seen), sorted(seen)
    ([3.0], [], ['0.7', '2.5;3'])
    >>> seen = set(); _lane_counts(-2, seen), _lane_counts("0", seen), _lane_counts("none", seen), sorted(seen)
    ([], [], [], ['-2', '0'])
    """
    numbers = _numbers(value)
    whole = [n for n in numbers if n >= 1 and n == int(n)]
    items = value if isinstance(value, list) else [value]
    below_one = any(re.fullmatch(r"\s*(-\s*\d+(\.\d+)?|0+(\.0*)?)\s*", part)
                    for item in items if _present(item) for part in str(item).split(";"))  # fmt: skip
    if odd is not None and (len(whole) < len(numbers) or below_one):
        odd.add(str(value))
    return whole


def _warn_odd_lanes(odd: set[str], reference_lanes: int) -> None:
    if odd:
        logger.warning("%d road lanes tag(s) held a count that is not a whole number of 1 or more (such as "
                       "%r): it is left out, the class's %d lanes used where no other count is given",
                       len(odd), sorted(odd)[0], reference_lanes)  # fmt: skip


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _numbers(value: Any) -> list[float]:
    """Positive numbers in an OSM value such as ``"2"``, ``"90;80"``, ``["2", "3"]`` or
    ``"50 mph"`` (a 0, a mistake for a speed limit or a lane count, is left out, as is an
    infinite one).

    Examples
    --------
    >>> _numbers("90;50 mph"), _numbers(["2", "3"]), _numbers("none")
    ([90.0, 80.4672], [2.0, 3.0], [])
    >>> _numbers(1e20), _numbers("1.2e2"), _numbers("1e999")
    ([1e+20], [120.0], [])
    """
    items = value if isinstance(value, list) else [value]
    out: list[float] = []
    for item in items:
        if not _present(item):
            continue
        for part in str(item).split(";"):
            # The exponent is part of the number: a GIS layer's float column holding 1e+20 (or
            # a tag "1.2e2") was read "1", a speed limit of 1 km/h on that road, unsaid (fuzz30).
            match = re.match(r"\s*(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(mph)?", part)
            if match:
                number = float(match.group(1))
                if 0 < number < math.inf:
                    out.append(number * 1.609344 if match.group(2) else number)
    return out


def _is_unpaved(data: dict[str, Any], params: NetworkParameters) -> bool:
    surfaces = data.get("surface")
    return any(
        str(s) in params.unpaved_surfaces
        for s in (surfaces if isinstance(surfaces, list) else [surfaces]) if _present(s)
    )  # fmt: skip


def _class_speed(data: dict[str, Any], params: NetworkParameters, problems: list[str]) -> float:
    """Speed (km/h) of a road from its class, surface and maxspeed tags; a merged edge
    (list-valued tags) is as slow as its slowest stretch. A class without a default speed is
    added to ``problems`` and gives NaN."""
    highway = str(_first(data.get("highway")) or "unclassified")
    base = params.class_speed(highway)
    if base is None:
        problems.append(f"road class '{highway}' has no speed_kph in {params.source}")
        base = float("nan")
    speed = base * (params.unpaved_speed_factor if _is_unpaved(data, params) else 1.0)
    maxspeeds = _numbers(data.get("maxspeed"))
    return float(min([speed, *maxspeeds]) if maxspeeds else speed)


def _class_capacity(data: dict[str, Any], params: NetworkParameters, problems: list[str]) -> float:
    """Capacity (trucks/day, this direction) of a road from its class, lanes, oneway and
    surface tags; a merged edge is as narrow as its narrowest stretch. A class without a
    default capacity is added to ``problems`` and gives NaN."""
    highway = str(_first(data.get("highway")) or "unclassified")
    base_cap = params.class_capacity(highway)
    if base_cap is None:
        problems.append(f"road class '{highway}' has no capacity_trucks_per_day in {params.source}")
        base_cap = float("nan")
    lanes = _lane_counts(data.get("lanes"))
    lanes_total = int(min(lanes)) if lanes else params.reference_lanes
    oneway = bool(_first(data.get("oneway")) in (True, "yes", "True", "1"))
    lanes_this_way = lanes_total if oneway else lanes_total / 2
    factor = lanes_this_way / (params.reference_lanes / 2)
    unpaved = params.unpaved_capacity_factor if _is_unpaved(data, params) else 1.0
    return float(base_cap * factor * unpaved)


def _derive_piece_times(graph: nx.MultiDiGraph, params: NetworkParameters) -> None:
    """Before simplification: each way piece's travel time (``_time_h``) and capacity
    (``_capacity``) from its own tags, for the pieces that give no speed or capacity."""
    problems: list[str] = []
    for _, _, data in graph.edges(data=True):
        if not _present(data.get("speed_kph")) and "length_km" not in data:
            speed = _class_speed(data, params, problems)
            length_km = float(data.get("length", float("nan"))) / 1000.0
            data["_time_h"] = length_km / speed if speed > 0 else float("inf")
        if not _present(data.get("capacity_trucks_per_day")):
            data["_capacity"] = _class_capacity(data, params, problems)
    if problems:
        raise ParameterError("Road classes without defaults", problems=sorted(set(problems)))


def _derive_edge_attributes(graph: nx.MultiDiGraph, params: NetworkParameters) -> None:
    unpaved = set(params.unpaved_surfaces)
    mids_x: list[float] = []
    mids_y: list[float] = []
    edges = list(graph.edges(keys=True, data=True))
    problems: list[str] = []
    repaired: set[str] = set()
    odd_lanes: set[str] = set()
    for u, v, _k, data in edges:
        highway = str(_first(data.get("highway")) or "unclassified")
        data["highway"] = highway
        data["ref"] = _one_line_text(data.get("ref"), repaired)
        data["name"] = _one_line_text(data.get("name"), repaired)
        surfaces = data.get("surface")
        surface_list = [str(s) for s in (surfaces if isinstance(surfaces, list) else [surfaces]) if _present(s)]
        # The label names the worst stretch of a merged segment.
        data["surface"] = (
            next((s for s in surface_list if s in unpaved), surface_list[0]) if surface_list else "unknown"
        )
        lanes = _lane_counts(data.get("lanes"), odd_lanes)
        data["lanes"] = int(min(lanes)) if lanes else params.reference_lanes
        if "length_km" not in data:
            data["length_km"] = float(data.get("length", float("nan"))) / 1000.0
        data["length_km"] = float(data["length_km"])
        osmid = data.get("osmid", [])
        # Sorted: osmnx merges a segment's way ids through a set, whose order can differ
        # between the two directions (and then they were not paired under one id).
        data["osmid"] = sorted(
            {int(i) for i in (osmid if isinstance(osmid, list) else [osmid]) if _present(i)}
        )
        time_h = data.pop("_time_h", None)
        if "speed_kph" not in data or not _present(data["speed_kph"]):
            speed = _class_speed(data, params, problems)
            # A segment merged from OSM ways of different speeds: its speed is its length over
            # the sum of its pieces' times (each piece at its own class, surface and maxspeed).
            if (time_h is not None and data["length_km"] > 0 and 0 < time_h < math.inf
                    and not math.isclose(time_h * speed, data["length_km"], rel_tol=1e-9)):
                speed = data["length_km"] / time_h
            data["speed_kph"] = speed
        data["speed_kph"] = float(data["speed_kph"])
        piece_capacity = data.pop("_capacity", None)
        if "capacity_trucks_per_day" not in data or not _present(data["capacity_trucks_per_day"]):
            data["capacity_trucks_per_day"] = (
                _class_capacity(data, params, problems) if piece_capacity is None else piece_capacity
            )
        data["capacity_trucks_per_day"] = float(data["capacity_trucks_per_day"])
        data["travel_time_h"] = (
            data["length_km"] / data["speed_kph"] if data["speed_kph"] > 0 else float("inf")
        )
        data["corridors"] = []
        geom = data.get("geometry")
        if isinstance(geom, LineString):
            mid = geom.interpolate(0.5, normalized=True)
            mids_x.append(mid.x)
            mids_y.append(mid.y)
        else:
            mids_x.append((graph.nodes[u]["x"] + graph.nodes[v]["x"]) / 2)
            mids_y.append((graph.nodes[u]["y"] + graph.nodes[v]["y"]) / 2)
        rev = data.get("reversed", False)
        # osmnx marks the direction opposite to the OSM way as reversed; ids follow the way.
        data["_forward"] = not any(rev) if isinstance(rev, list) else not bool(rev)
        for key in ("length", "reversed", "oneway", "maxspeed", "junction", "access", "bridge",
                    "tunnel", "service", "width", "est_width", "area", "landuse"):  # fmt: skip
            data.pop(key, None)
    if problems:
        raise ParameterError(
            "Road classes without defaults", problems=sorted(set(problems))
        )
    _warn_repaired_text(repaired)
    _warn_odd_lanes(odd_lanes, params.reference_lanes)
    for (_, _, _, data), iso3 in zip(edges, country_of_points(mids_x, mids_y), strict=True):
        data["country"] = iso3


def _derive_node_attributes(graph: nx.MultiDiGraph) -> None:
    nodes = list(graph.nodes)
    isos = country_of_points(
        [graph.nodes[n]["x"] for n in nodes], [graph.nodes[n]["y"] for n in nodes]
    )
    repaired: set[str] = set()
    for node, iso3 in zip(nodes, isos, strict=True):
        data = graph.nodes[node]
        data["x"] = float(data["x"])
        data["y"] = float(data["y"])
        if "_place" not in data:
            data["role"] = "junction"
            data["name"] = _one_line_text(data.get("name"), repaired)
            data["country"] = iso3
        for key in ("street_count", "highway", "ref", "place", "barrier"):
            data.pop(key, None)
    _warn_repaired_text(repaired)
    _mark_border_crossings(graph, nodes)


def _assign_segment_ids(graph: nx.MultiDiGraph) -> None:
    """Give each road segment a readable id shared by its two directions: ``REF:From-To``."""
    ids: dict[tuple[Any, Any, Any], str] = {}
    used: Counter[str] = Counter()
    edges = sorted(
        graph.edges(keys=True, data=True), key=lambda e: (not e[3].get("_forward", True), str(e[:3]))
    )
    for u, v, k, data in edges:
        if (u, v, k) in ids:
            continue
        road = data["ref"].split(";")[0] or data["highway"]
        base = f"{road}:{_node_label(graph, u)}-{_node_label(graph, v)}"
        used[base] += 1
        seg_id = base if used[base] == 1 else f"{base}#{used[base]}"
        ids[(u, v, k)] = seg_id
        # The reverse direction of the same road (same OSM ways) shares the id.
        for k2, rdata in graph.get_edge_data(v, u, default={}).items():
            if (v, u, k2) not in ids and rdata.get("osmid") == data["osmid"]:
                ids[(v, u, k2)] = seg_id
                break
    for u, v, k, data in graph.edges(keys=True, data=True):
        data["segment_id"] = ids[(u, v, k)]
        data.pop("_forward", None)


def _apply_segment_overrides(graph: nx.MultiDiGraph, params: NetworkParameters) -> None:
    # Before places are inserted onto segments, so the pieces keep the overridden values.
    problems: list[str] = []
    by_segment: dict[str, list[dict[str, Any]]] = {}
    for _, _, data in graph.edges(data=True):
        by_segment.setdefault(data["segment_id"], []).append(data)
    for seg_id, values in params.segment_overrides.items():
        if seg_id not in by_segment:
            problems.append(
                f"segment '{seg_id}' in [segments] is not in this network; list segment ids "
                "with `supplychain network info --segments`"
            )
            continue
        for data in by_segment[seg_id]:
            data.update(values)
            data["travel_time_h"] = data["length_km"] / data["speed_kph"] if data["speed_kph"] > 0 else float("inf")
    if problems:
        raise ParameterError(
            f"Overrides in '{params.source}' do not match the network", problems=problems
        )


def _apply_node_overrides(graph: nx.MultiDiGraph, params: NetworkParameters) -> None:
    problems: list[str] = []
    by_name = {d.get("name"): n for n, d in graph.nodes(data=True) if "_place" in d}
    for name, values in params.node_overrides.items():
        if name not in by_name:
            problems.append(f"place '{name}' in [nodes] is not a place snapped onto this network")
            continue
        graph.nodes[by_name[name]].update(values)
    if problems:
        raise ParameterError(
            f"Overrides in '{params.source}' do not match the network", problems=problems
        )


def _component_label(graph: nx.MultiDiGraph, comp: set[Any]) -> str:
    named = sorted(graph.nodes[n]["name"] for n in comp if graph.nodes[n].get("name"))
    sample = ", ".join(named[:4]) + (" ..." if len(named) > 4 else "")
    return f"a component of {len(comp)} nodes ({sample or 'no named place'})"


def _one_way_cause(graph: nx.MultiDiGraph, node: Any, shown: int = 3) -> str:
    """What cuts ``node`` off from the hub on the hub's own roads: the one-way segments into
    what it reaches from outside (no road leads out of there, so each of them is one-way, the
    wrong way for it), each named once.

    Every one-way segment of the hub's roads was named, those the right way too: a road one-way
    from the port towards the border was listed beside the one the wrong way (review35).
    """
    reach = nx.descendants(graph, node) | {node}
    one_way = sorted({str(d["segment_id"]) for u, _, d in graph.in_edges(reach, data=True) if u not in reach})
    more = f" and {len(one_way) - shown} more" if len(one_way) > shown else ""
    return (f"it is on {HUB}'s roads, but every way there passes a one-way road the wrong way "
            f"({len(one_way)} one-way segment(s) there: {', '.join(one_way[:shown])}{more})")


def _check_connectivity(graph: nx.MultiDiGraph, places: list[Place], *, hub: Any) -> None:
    """Refuse loading points cut off from ``hub`` (the node :data:`HUB` snapped to, passed on
    by :func:`finalize_network`: not looked up again by name), and a network without one."""
    reach = nx.ancestors(graph, hub) | {hub}
    problems = []
    comps = list(nx.weakly_connected_components(graph))
    hub_comp = next(c for c in comps if hub in c)
    apart: list[str] = []  # loading points on roads apart from Bamako's
    one_way: list[str] = []  # and those on its roads, cut off by one-way ones
    for node, data in graph.nodes(data=True):
        if data.get("role") in ("port", "depot") and node not in reach:
            comp = next(c for c in comps if node in c)
            # On Bamako's roads, against their one-way direction: "it is in a component of 4
            # nodes (Bamako, ...)" (Bamako's own) and "add the missing roads" said no cause (fuzz34).
            (one_way if comp is hub_comp else apart).append(f"'{data['name']}'")
            where = (_one_way_cause(graph, node) if comp is hub_comp else
                     f"it is in {_component_label(graph, comp)}")  # fmt: skip
            problems.append(f"{data['role']} '{data['name']}' cannot reach {HUB}: {where}")
    if problems:
        # Each advice for its places when both kinds are cut off: the one-way ones were told
        # only to "add the missing roads" (review, 2026-12-07).
        fixes = [("add the missing roads or widen --classes", apart),
                 ("check the roads' oneway tags or column", one_way)]  # fmt: skip
        given = [(advice, names) for advice, names in fixes if names]
        fix = given[0][0] if len(given) == 1 else "; ".join(f"{a} for {', '.join(n)}" for a, n in given)
        raise ConnectivityError(
            f"Loading points are cut off from {HUB} (which is in "
            f"{_component_label(graph, hub_comp)}); {fix}",
            problems=problems,
        )
    unplaced = [p.name for p in places if p.role in ("port", "depot") and not any(
        d.get("name") == p.name for _, d in graph.nodes(data=True))]
    if unplaced:
        logger.warning("Loading points not on this network: %s", ", ".join(unplaced))
    if not any(d.get("role") in ("port", "depot") for _, d in graph.nodes(data=True)):
        raise ConnectivityError(
            "No port or depot is on this network; the source must cover at least one loading point."
        )
