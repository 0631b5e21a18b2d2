"""Save and load corridor networks: GraphML, GeoPackage, GeoJSON and a fast GeoParquet cache.

All formats round-trip the schema attributes and the graph attributes. GraphML is the
interchange format of osmnx but slow (about 10 s for 100k edges); the GeoParquet cache
(``.parquet``) is the fast format. Pickle is never used: a network file may come from a user.
Every writer goes through a temporary file and a rename, so a failure never leaves a
half-written network.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import re
import shlex
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely
from shapely.geometry import LineString, MultiLineString, Point, mapping, shape

from supplychain._atomic import atomic_path
from supplychain._json import loads as load_json
from supplychain._paths import as_path
from supplychain._toml import past_any_float, refuse_not_a_file, windows_path_hint

if TYPE_CHECKING:  # geopandas and osmnx are imported where used: loading a Parquet network
    import geopandas as gpd  # needs neither (about a second of start-up)
from supplychain.errors import DataFileError, SchemaError
from supplychain.networks.geo import haversine_km
from supplychain.networks.provenance import BUILT_WITH_PYTHON, _strings, rebuild_command
from supplychain.networks.schema import (
    BUILD_REVISION,
    EDGE_ATTRIBUTES,
    NODE_ATTRIBUTES,
    ROAD_CLASSES,
    AttributeSpec,
    check_network_argument,
    validate_network,
)

__all__ = ["NETWORK_FORMATS", "holds_network", "load_network", "parquet_contents", "save_network"]

logger = logging.getLogger(__name__)

#: Supported file suffixes.
NETWORK_FORMATS: tuple[str, ...] = (".graphml", ".gpkg", ".geojson", ".parquet")

_FORMAT_TAG = "supplychain-network/1"
_SPECS: dict[str, AttributeSpec] = {s.name: s for s in (*NODE_ATTRIBUTES, *EDGE_ATTRIBUTES)}
_EDGE_SPECS = {s.name: s for s in EDGE_ATTRIBUTES}
_NODE_SPECS = {s.name: s for s in NODE_ATTRIBUTES}

#: Column of a saved segment row holding the great-circle length of its line as written
#: (km): the loader compares it with the line it reads to notice a line redrawn in a GIS.
#: A file column, not a graph attribute (``length_km`` is the road length the model uses).
_LINE_KM = "line_km"

#: A node whose point lies farther than this from its ``x``/``y`` was moved in a GIS (its
#: point is used), and a line whose length differs by more than this from the length written
#: with it was redrawn (a warning). 1 m is far above the rounding of a re-save and far below a
#: move made on a map: a GeoPackage keeps doubles; a GeoJSON written with 5 decimals (1.1 m)
#: moves a point by at most 0.8 m, and rounding every vertex of whole-Africa's 4,710 lines
#: (up to 478 vertices each) changed none of their lengths by more than 0.6 m at 5 decimals,
#: 5 cm at 6 and 6 mm at 7 (GDAL's RFC 7946 default).
_GIS_TOLERANCE_M = 1.0

#: How many moved nodes or redrawn segments a warning names before "and N more".
_NAMED = 6


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if path.name.lower() in NETWORK_FORMATS:  # "has an unsupported suffix ''; use one of ..., .parquet"
        raise DataFileError(f"Network file '{path}' has no name before {path.name} (an unset shell "
                            f"variable?); name it, e.g. '{path.with_name('network' + path.name)}'.")
    if suffix not in NETWORK_FORMATS:
        raise DataFileError(
            f"Network file '{path}' has an unsupported suffix '{path.suffix}'; use one of "
            f"{', '.join(NETWORK_FORMATS)}."
        )
    return suffix


def _plain(value: Any) -> Any:
    """A JSON-safe scalar (lists kept, numpy scalars unwrapped)."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()
    return value


def _rows(graph: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    nodes = []
    for n, d in graph.nodes(data=True):
        row = {k: _plain(v) for k, v in d.items() if k != "geometry"}
        row["id"] = _plain(n)
        row["geometry"] = Point(d["x"], d["y"])
        nodes.append(row)
    edges = []
    for u, v, k, d in graph.edges(keys=True, data=True):
        row = {key: _plain(val) for key, val in d.items() if key != "geometry"}
        row.update(u=_plain(u), v=_plain(v), key=_plain(k))
        geom = d.get("geometry")
        if not isinstance(geom, LineString):
            nu, nv = graph.nodes[u], graph.nodes[v]
            geom = LineString([(nu["x"], nu["y"]), (nv["x"], nv["y"])])
        row["geometry"] = geom
        edges.append(row)
    for row, km in zip(edges, _line_lengths_km([r["geometry"] for r in edges]), strict=True):
        row[_LINE_KM] = float(km)
    return nodes, edges


def _line_lengths_km(geometries: list[Any]) -> npt.NDArray[np.float64]:
    """Great-circle length (km) of each line, summed over its vertices and, for a
    MultiLineString (a GIS may save a line so), over its parts; NaN for anything else."""
    out = np.full(len(geometries), np.nan)
    index = [i for i, g in enumerate(geometries)
             if isinstance(g, LineString | MultiLineString) and not g.is_empty]  # fmt: skip
    if not index:
        return out
    parts, line_of_part = shapely.get_parts(
        np.asarray([geometries[i] for i in index], dtype=object), return_index=True
    )
    coords, part = shapely.get_coordinates(parts, return_index=True)
    same = part[1:] == part[:-1]  # consecutive vertices of one part
    step = haversine_km(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])
    per_part = np.bincount(part[1:][same], weights=step[same], minlength=len(parts))
    out[index] = np.bincount(line_of_part, weights=per_part, minlength=len(index))
    return out


def _node_text(graph: nx.MultiDiGraph, node: Any) -> str:
    data = graph.nodes[node]
    return f"{data['name']} ({node})" if data.get("name") else f"node {node}"


def _reconcile_geometry(
    graph: nx.MultiDiGraph,
    node_points: list[tuple[Any, Any]],
    edge_lines: list[tuple[tuple[Any, Any, Any], Any, Any]],
    path: Path,
) -> None:
    """Use the points of nodes moved in a GIS; warn about segment lines redrawn in one.

    ``node_points`` is ``(node id, point)`` per node row, ``edge_lines`` ``((u, v, key),
    saved line km, line)`` per segment row. A node whose point lies more than 1 m from its
    ``x``/``y`` (or that has none) takes the point's coordinates: in QGIS the point is what
    the user sees and drags, ``x``/``y`` are a copy for tools that read attributes only. A
    line whose length differs by more than 1 m from the length written with it was
    redrawn; ``length_km`` is kept (it may be longer than the line: a detour factor, a
    length column of the source) and the warning says so.
    """
    not_numbers = [str(graph.edges[e].get("segment_id", f"{e[0]}->{e[1]}")) for e, _, line in edge_lines
                   if isinstance(line, LineString | MultiLineString)
                   and not np.isfinite(shapely.get_coordinates(line)).all()]  # fmt: skip
    if not_numbers:  # a NaN in a GeoJSON line was kept for the maps, after a RuntimeWarning (fuzz29)
        named = list(dict.fromkeys(not_numbers))
        raise DataFileError(
            f"Network file '{path}' has {len(named)} segment line(s) with a coordinate that is not a "
            f"number (NaN or infinite): {_first_named(named)}; redraw them in a GIS, or rebuild the "
            "network with `supplychain network build`."
        )
    points = [(n, p) for n, p in node_points if isinstance(p, Point) and not p.is_empty]
    px = np.fromiter((p.x for _, p in points), dtype=float, count=len(points))
    py = np.fromiter((p.y for _, p in points), dtype=float, count=len(points))
    # A point of NaN, NaN is no point, as GEOS reads one from a GeoPackage (POINT EMPTY): the
    # node stays at its x/y.
    kept = ~(np.isnan(px) & np.isnan(py))
    if not kept.all():
        points = [pt for pt, keep in zip(points, kept, strict=True) if keep]
        px, py = px[kept], py[kept]
    # A point with one NaN or an infinite coordinate (1e400, or 401 digits) was taken as the
    # node's position, with numpy's "invalid value" warning, before the schema refused the
    # node's x: refused as lines are (2026-12-07).
    not_placed = [_node_text(graph, points[i][0]) for i in np.flatnonzero(~(np.isfinite(px) & np.isfinite(py)))]
    if not_placed:
        raise DataFileError(
            f"Network file '{path}' has {len(not_placed)} node point(s) with a coordinate that is not "
            f"a number (NaN or infinite): {_first_named(not_placed)}; move them in a GIS, delete "
            "their geometry to keep them at their x/y, or rebuild the network with `supplychain "
            "network build`."
        )
    if points:
        ids = [n for n, _ in points]
        # An x of 401 digits (or text) is no x/y, as NaN is: the point is used ("int too large
        # to convert to float": fuzz29; "could not convert string to float" before 2026-12-07)
        nx_ = np.array([_float_or_nan(graph.nodes[n].get("x")) for n in ids])
        ny_ = np.array([_float_or_nan(graph.nodes[n].get("y")) for n in ids])
        with np.errstate(invalid="ignore"):  # an infinite x/y: no x/y, as NaN is
            gap_m = 1000.0 * haversine_km(nx_, ny_, px, py)
        moved = np.flatnonzero(~(gap_m <= _GIS_TOLERANCE_M))  # NaN: no x/y, take the point
        named = []
        for i in moved:
            data = graph.nodes[ids[i]]
            label = _node_text(graph, ids[i])
            named.append(f"{label} {_distance(gap_m[i])}" if np.isfinite(gap_m[i]) else f"{label} without usable x/y")
            data["x"], data["y"] = float(px[i]), float(py[i])
        if named:
            logger.warning(
                "Network file '%s': the point of %d node(s) is away from their x/y columns "
                "(%s): the point (the map position) is used and x/y ignored, so move a node "
                "by moving its point. Its segments' lines and length_km are not moved with "
                "it: edit them too if the road changed; copy the points into x/y to silence this.",
                path, len(named), _first_named(named),
            )  # fmt: skip
    saved = np.array([_float_or_nan(km) for _, km, _ in edge_lines], dtype=float)
    if not np.isfinite(saved).any():
        return  # written before line lengths were saved (or by hand): nothing to compare
    now = _line_lengths_km([line for _, _, line in edge_lines])
    redrawn: dict[str, tuple[float, float]] = {}
    for i in np.flatnonzero(~(np.abs(now - saved) * 1000.0 <= _GIS_TOLERANCE_M) & np.isfinite(saved)):
        (u, v, k), _, _ = edge_lines[i]
        seg = str(graph.edges[u, v, k].get("segment_id", f"{u}->{v}"))
        redrawn.setdefault(seg, (float(now[i]), float(saved[i])))
    if redrawn:
        # To the metre: the tolerance is 1 m, and "line 18.7 km, was 18.7 km" told no change.
        named = [f"{seg}: line {a:,.3f} km, was {b:,.3f} km" if np.isfinite(a) else f"{seg}: no line"
                 for seg, (a, b) in redrawn.items()]  # fmt: skip
        logger.warning(
            "Network file '%s': the lines of %d segment(s) were redrawn since the network was "
            "saved (%s); their length_km and travel_time_h, which the model uses, are kept: "
            "set them to the road's length and time if the road changed.",
            path, len(named), _first_named(named),
        )  # fmt: skip


def _first_named(named: list[str]) -> str:
    """The first :data:`_NAMED` items joined by "; ", and how many more (a warning's list)."""
    more = f"; and {len(named) - _NAMED} more" if len(named) > _NAMED else ""
    return "; ".join(named[:_NAMED]) + more


def _distance(metres: float) -> str:
    """``"11 m"`` below a kilometre, else ``"5.38 km"``: a move of metres read "0.0108 km"."""
    return f"{metres:.0f} m" if metres < 999.5 else f"{metres / 1000.0:.3g} km"


def _one_line(geom: Any) -> Any:
    """A segment's line as a LineString when a GIS re-saved it as a MultiLineString whose
    parts join (QGIS stores line layers so); parts that do not join stay as they are."""
    if isinstance(geom, MultiLineString) and not geom.is_empty:
        merged = shapely.line_merge(geom)
        if isinstance(merged, LineString):
            return merged
    return geom


def _float_or_nan(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        return float("nan")


def _restore(value: Any, spec: AttributeSpec | None) -> Any:
    """Undo the string/JSON encodings a format imposed, guided by the schema."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if spec is None:
        return _plain(value)
    if spec.kind.startswith("list"):
        if isinstance(value, str):
            value = load_json(value) if value.startswith("[") else [value]
        items = list(value)
        if spec.kind == "list[int]":
            return [_whole(i) for i in items]
        return [str(i) for i in items]
    if spec.kind == "int":
        return _whole(value)
    if spec.kind == "float":
        if isinstance(value, bool | np.bool_):
            # As written, for the schema check to refuse: float(True) loaded a capacity or a
            # demand of ``true`` as 1.0.
            return _plain(value)
        try:
            return float(value)
        except (TypeError, ValueError, OverflowError):
            # As written: "abc" for a capacity (or an integer past any float: fuzz29) failed
            # the whole load with a bare conversion message; the schema check names the
            # element and the attribute.
            return _plain(value)
    if spec.kind == "bool":
        if isinstance(value, bool | np.bool_):
            return bool(value)
        word = str(value).strip().lower()
        if word in _TRUE_WORDS or word in _FALSE_WORDS:
            return word in _TRUE_WORDS
        # As written, for the schema check to refuse: "yes" read as False before, silently, and
        # so did any other word ("oui", "2").
        return _plain(value)
    return str(value)


def _whole(value: Any) -> Any:
    """An ``int`` attribute (``lanes``) or an item of a ``list[int]`` one (``osmid``) as an int
    when it is one (``12``, ``12.0``, ``"12"``), else as written for the schema check to
    refuse: ``int()`` read a lanes count of 2.5 as 2, ``true`` as 1 and ``[1.5]`` as ``[1]``.

    >>> _whole(2.0), _whole("7"), _whole(1.5), _whole(True), _whole("x"), _whole(2**60)
    (2, 7, 1.5, True, 'x', 1152921504606846976)
    """
    value = _plain(value)
    if isinstance(value, bool | int):
        return value  # an int as it is (a float would round a large one); a bool refused
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return int(number) if number.is_integer() else value


#: The words a GIS or a spreadsheet writes for a yes/no attribute (OSM's own ``yes``/``no``
#: among them), read case-insensitively.
_TRUE_WORDS = frozenset({"true", "1", "yes", "y", "t"})
_FALSE_WORDS = frozenset({"false", "0", "no", "n", "f"})


def _graph_from_rows(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], graph_attrs: dict[str, Any], path: Path
) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(**graph_attrs)
    points = []
    for row in nodes:
        attrs = {
            k: _restore(v, _NODE_SPECS.get(k))
            for k, v in row.items()
            if k not in ("id", "geometry", "element")
        }
        node = _node_id(row["id"])
        graph.add_node(node, **{k: v for k, v in attrs.items() if v is not None})
        points.append((node, row.get("geometry")))
    lines = []
    for row in edges:
        attrs = {
            k: _restore(v, _EDGE_SPECS.get(k))
            for k, v in row.items()
            if k not in ("u", "v", "key", "element", "geometry", _LINE_KM)
        }
        attrs = {k: v for k, v in attrs.items() if v is not None}
        if row.get("geometry") is not None:
            attrs["geometry"] = _one_line(row["geometry"])
        u, v = _node_id(row["u"]), _node_id(row["v"])
        key = graph.add_edge(u, v, key=_plain(row["key"]), **attrs)
        lines.append(((u, v, key), row.get(_LINE_KM), row.get("geometry")))
    _reconcile_geometry(graph, points, lines, path)
    return graph


def _node_id(value: Any) -> Any:
    """A node id as read from a typed column: a whole float (``1000005.0``, a column of ids
    written as floats because one id was not whole, or re-saved as Real by a GIS) is the
    integer it stands for."""
    value = _plain(value)
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _uniform_ids(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows with the node ids (``id``, ``u``, ``v``) of one type, for formats whose columns
    have one type (GeoPackage, Parquet): integers when every id is a whole number, floats when
    every id is a number, else text.

    Each column took its own type: a text id on a node without segments made the ``id``
    column text while ``u`` and ``v`` stayed numbers, and the saved network loaded as
    segments between new nodes without attributes; a float id (1.5) failed the Parquet save.

    Examples
    --------
    >>> _uniform_ids([{"id": 1}, {"id": "depot"}], [{"u": 1, "v": 1}])
    ([{'id': '1'}, {'id': 'depot'}], [{'u': '1', 'v': '1'}])
    """
    ids = [r["id"] for r in nodes] + [r[c] for r in edges for c in ("u", "v")]
    numbers = all(isinstance(i, int | float) and not isinstance(i, bool) for i in ids)
    if numbers and all(isinstance(i, int) or float(i).is_integer() for i in ids):
        cast: Any = int
    else:
        cast = float if numbers else str
    return ([{**r, "id": cast(r["id"])} for r in nodes],
            [{**r, "u": cast(r["u"]), "v": cast(r["v"])} for r in edges])  # fmt: skip


def _jsonify_lists(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {k: json.dumps(v) if isinstance(v, list) else v for k, v in row.items()} for row in rows
    ]


def save_network(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write a network; the format follows the suffix.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A corridor network.
    path : str or Path
        ``.graphml``, ``.gpkg`` (layers ``nodes``, ``edges``, ``graph``), ``.geojson`` (one
        FeatureCollection, an ``element`` property tells nodes from edges) or ``.parquet``
        (fast cache, GeoParquet with nodes and edges in one table).

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    DataFileError
        If the suffix is unsupported, the network has no road segment, or the file cannot be
        written.
    SchemaError
        If a node, segment or graph attribute violates the schema, as :func:`load_network`
        would refuse it (every problem listed in one error); nothing is written.
    ArgumentTypeError
        If ``graph`` is not a ``networkx.MultiDiGraph`` (None, a path).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from supplychain.networks.build import build_network
    >>> out = save_network(build_network(), pathlib.Path(tempfile.mkdtemp()) / "n.parquet")
    >>> out.suffix
    '.parquet'
    """
    check_network_argument(graph)
    path = as_path(path)
    fmt = _suffix(path)
    if graph.number_of_edges() == 0:  # Parquet and GeoPackage failed on it with a bare error
        raise DataFileError(f"The network has no road segment ({graph.number_of_nodes()} node(s)): "
                            f"nothing to save to '{path}'; build it from a source with roads "
                            "(`supplychain network build`).")  # fmt: skip
    # What load_network refuses is not written: the error comes now, not on a later load.
    _check_schema(graph, f"The network violates the schema, so it was not saved to '{path}' "
                  "(load_network would refuse the file); fix the attributes named or rebuild it "
                  "with `supplychain network build`")  # fmt: skip
    return _write_network(graph, path, fmt)


def _check_schema(graph: nx.MultiDiGraph, refusal: str) -> None:
    """:func:`validate_network` with the road classes a network file may hold, its problems
    raised under ``refusal`` (what :func:`save_network` and :func:`load_network` refuse alike)."""
    try:
        validate_network(graph, known_classes=ROAD_CLASSES)
    except SchemaError as exc:
        raise SchemaError(refusal, problems=exc.problems) from exc


def _write_network(graph: nx.MultiDiGraph, path: Path, fmt: str) -> Path:
    """Write ``graph`` to ``path`` in format ``fmt`` (a suffix) unchecked: :func:`save_network`
    after its checks, and tests that need a damaged file to load."""
    graph_attrs = {k: _plain(v) for k, v in graph.graph.items()}
    try:
        with atomic_path(path) as tmp:
            if fmt == ".graphml":
                _save_graphml(graph, tmp)
            else:
                nodes, edges = _rows(graph)
                if fmt == ".geojson":
                    _save_geojson(nodes, edges, graph_attrs, tmp)
                elif fmt == ".gpkg":
                    try:
                        _save_gpkg(nodes, edges, graph_attrs, tmp)
                    except RuntimeError as exc:  # pyogrio's: a full disk was "unexpected FeatureError:
                        # ... no such table: gpkg_contents" (fuzz32)
                        raise DataFileError(
                            f"Network file '{path}' cannot be written ({' '.join(str(exc).split())[:300]}); "
                            "check the free space and the permissions of its folder, or choose another output."
                        ) from exc
                else:
                    _save_parquet(nodes, edges, graph_attrs, tmp)
    except OSError as exc:
        raise DataFileError(f"Network file '{path}' cannot be written: {exc}.") from exc
    logger.info("Saved network to %s", path)
    return path


def load_network(path: str | Path) -> nx.MultiDiGraph:
    """Read a network written by :func:`save_network`.

    A GeoPackage or GeoJSON network may have been edited in a GIS: a node whose point lies
    more than 1 m from its ``x``/``y`` columns is placed at its point (a warning names it),
    and a segment line whose length moved by more than 1 m from the ``line_km`` written with
    it is named in a warning (its ``length_km`` and ``travel_time_h`` are kept). A GeoJSON
    feature without geometry (null) is a node at its ``x``/``y``, a segment without a line.

    Parameters
    ----------
    path : str or Path
        ``.graphml``, ``.gpkg``, ``.geojson`` or ``.parquet`` file.

    Returns
    -------
    networkx.MultiDiGraph

    Raises
    ------
    DataFileError
        If the file is missing, not a supplychain network, corrupt, holds no road segment,
        a segment line or a node point with a coordinate that is not a number (NaN, infinite,
        an integer past any float; a point of NaN, NaN is no point: the node keeps its x/y),
        or an integer of over 4,000 digits.
    SchemaError
        If a node or segment violates the schema (the same check as ``network build``: types,
        capacities >= 0, lengths and speeds finite and > 0, known road classes); every problem
        is listed in one error.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from supplychain.networks.build import build_network
    >>> g = build_network()
    >>> out = save_network(g, pathlib.Path(tempfile.mkdtemp()) / "n.geojson")
    >>> load_network(out).number_of_edges() == g.number_of_edges()
    True
    """
    path = as_path(path)
    if path.is_dir():
        raise DataFileError(f"Network file '{path}' is a directory; give a network file "
                            "(.parquet, .gpkg, .geojson or .graphml) in it.")
    fmt = _suffix(path)
    refuse_not_a_file(path, f"Network file '{path}'")  # a named pipe "does not exist"
    if not path.is_file():
        raise DataFileError(f"Network file '{path}' does not exist{windows_path_hint(path)}; build it with "
                            "`supplychain network build`.")
    try:
        if fmt == ".graphml":
            graph = _load_graphml(path)
        elif fmt == ".geojson":
            graph = _load_geojson(path)
        elif fmt == ".gpkg":
            graph = _load_gpkg(path)
        else:
            graph = _load_parquet(path)
    except DataFileError:
        raise
    except Exception as exc:
        raise DataFileError(
            f"Network file '{path}' cannot be read as a supplychain network ({exc}); rebuild it "
            "with `supplychain network build`."
        ) from exc
    if graph.number_of_edges() == 0:  # a network of nothing: every figure would be 0
        raise DataFileError(f"Network file '{path}' has no road segment ({graph.number_of_nodes()} "
                            "node(s)); rebuild it with `supplychain network build`.")  # fmt: skip
    _check_schema(graph, f"Network file '{path}' violates the schema; fix it or rebuild it with "
                  "`supplychain network build`")  # fmt: skip
    _warn_if_built_before(graph, path)
    _warn_if_times_disagree(graph, path)
    logger.info("Loaded network %s: %d nodes, %d edges", path, graph.number_of_nodes(), graph.number_of_edges())
    return graph


#: A segment's ``travel_time_h`` further than this share from ``length_km / speed_kph`` was not
#: set with them (every build sets it so, to the last bit; a GeoJSON's 17 digits keep it).
_TIME_TOLERANCE = 1e-3


def _warn_if_times_disagree(graph: nx.MultiDiGraph, path: Path) -> None:
    """Warn about segments whose ``travel_time_h`` is not ``length_km / speed_kph``.

    The models use ``travel_time_h`` (transit days, the fleet) and ``length_km`` (cost), never
    ``speed_kph``: a speed edited in a GIS without the time changed nothing, without a word
    (fuzz33: ``speed_kph`` 55 -> 5 on a 242 km segment, every figure as before).
    """
    named: dict[str, str] = {}
    for _, _, data in graph.edges(data=True):
        length, speed, time_h = (float(data[k]) for k in ("length_km", "speed_kph", "travel_time_h"))
        expected = length / speed
        if abs(time_h - expected) > _TIME_TOLERANCE * expected:
            seg = str(data.get("segment_id"))
            named.setdefault(seg, f"{seg}: {time_h:,.3g} h, {expected:,.3g} h at {speed:g} km/h")
    if named:
        logger.warning(
            "Network file '%s': the travel_time_h of %d segment(s) is not length_km / speed_kph (%s); "
            "the models use travel_time_h and length_km, not speed_kph: set travel_time_h if the "
            "speed or the length changed.",
            path, len(named), _first_named(list(named.values())),
        )  # fmt: skip


#: The modification time a file source's label ends with (``roads.geojson (file modified
#: 2026-12-04T22:13:08+00:00)``, :func:`~supplychain.networks.build.build_network`; without
#: "file modified" before 2026-12-05).
_LABEL_TIME = re.compile(r" \((?:file modified )?\d{4}-\d\d-\d\dT[^()]*\)$")


def _warn_if_built_before(graph: nx.MultiDiGraph, path: Path) -> None:
    """Warn when ``graph`` was built by an older ``network build`` than this one (its
    ``build_revision`` missing or lower than :data:`~supplychain.networks.schema.BUILD_REVISION`)
    or by a newer one: its labels and ids may not be what a build gives today."""
    revision = graph.graph.get("build_revision")
    if revision == BUILD_REVISION:
        return
    record = graph.graph.get("build")
    command = rebuild_command(record)
    if command is None and isinstance(record, dict) and record.get("built_with") == BUILT_WITH_PYTHON:
        options = _strings(record.get("options"))
        rebuild = (f"rebuild it as it was built, in Python (build_network from source "
                   f"{str(record.get('source'))!r}"
                   + (f", options as `network build` takes them: {shlex.join(options)}" if options else "")
                   + "; no command recorded)")  # fmt: skip
    elif command is not None:
        # The command it was built with, recorded in the file (relative paths are the build
        # folder's): rebuilt without its --map length_m=distance, a GIS layer came out 5-14 %
        # shorter on the West-African layer (README).
        rebuild = (f"rebuild it with `{shlex.join([*command, '--out', str(path)])}` (the command "
                   "it was built with; relative paths are from the folder it was built in)")  # fmt: skip
    else:
        # Built before builds were recorded (or the record was damaged): options unknown. The
        # source's label is "NAME (its modification time)": the time is not part of a command.
        source = _LABEL_TIME.sub("", str(graph.graph.get("source") or "")) or "SOURCE"
        rebuild = (f"rebuild it with `supplychain network build --source {shlex.quote(source)} --out NEW_FILE` and the "
                   "options it was built with (--map, --classes, --where, --layer, --places, ...)")  # fmt: skip
    if isinstance(revision, int) and revision > BUILD_REVISION:
        logger.warning("Network file '%s' was built by a newer supplychain (build revision %d; this "
                       "one reads up to %d): upgrade supplychain, or %s.", path, revision,
                       BUILD_REVISION, rebuild)  # fmt: skip
        return
    was = "no build revision recorded" if revision is None else f"build revision {revision}"
    logger.warning("Network file '%s' was built by an earlier supplychain (%s; this one builds "
                   "revision %d): its corridor labels, segment ids and crossings may differ from "
                   "what a build gives today (CHANGELOG.md); %s.", path, was, BUILD_REVISION,
                   rebuild)  # fmt: skip


# --- GraphML ---------------------------------------------------------------------------------


def _save_graphml(graph: nx.MultiDiGraph, tmp: Path) -> None:
    copy = graph.copy()
    for _, data in copy.nodes(data=True):
        for k, v in list(data.items()):
            if isinstance(v, list):
                data[k] = json.dumps(_plain(v))
    for _, _, data in copy.edges(data=True):
        for k, v in list(data.items()):
            if isinstance(v, list):
                data[k] = json.dumps(_plain(v))
    copy.graph = {k: json.dumps(_plain(v)) for k, v in graph.graph.items()}
    copy.graph["format"] = json.dumps(_FORMAT_TAG)
    import osmnx as ox

    ox.save_graphml(copy, tmp.with_suffix(".graphml"))
    tmp.with_suffix(".graphml").replace(tmp)


def _load_graphml(path: Path) -> nx.MultiDiGraph:
    raw = nx.read_graphml(path, force_multigraph=True)
    graph_attrs = {k: load_json(v) for k, v in raw.graph.items() if k not in ("node_default", "edge_default")}
    if graph_attrs.pop("format", None) != _FORMAT_TAG:
        raise DataFileError(f"'{path}' is a GraphML file but not a supplychain network.")
    nodes = [{"id": int(n) if str(n).lstrip("-").isdigit() else n, **d} for n, d in raw.nodes(data=True)]
    edges = []
    for u, v, k, d in raw.edges(keys=True, data=True):
        row = dict(d)
        geom = row.pop("geometry", None)
        row["geometry"] = shapely.from_wkt(geom) if geom else None
        row.update(
            u=int(u) if str(u).lstrip("-").isdigit() else u,
            v=int(v) if str(v).lstrip("-").isdigit() else v,
            key=int(k) if str(k).isdigit() else k,
        )
        edges.append(row)
    return _graph_from_rows(nodes, edges, graph_attrs, path)


# --- GeoJSON ---------------------------------------------------------------------------------


def _save_geojson(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], attrs: dict[str, Any], tmp: Path) -> None:
    features = []
    for element, rows in (("node", nodes), ("edge", edges)):
        for row in rows:
            props = {k: v for k, v in row.items() if k != "geometry"}
            props["element"] = element
            features.append({"type": "Feature", "properties": props, "geometry": mapping(row["geometry"])})
    doc = {"type": "FeatureCollection", "supplychain": {"format": _FORMAT_TAG, "graph": attrs}, "features": features}
    tmp.write_text(json.dumps(doc, ensure_ascii=False, allow_nan=False), encoding="utf-8")


def _past_any_float_infinite(value: Any) -> Any:
    """``value`` (GeoJSON) with every integer past any float made infinite, as a coordinate
    of 1e400 is read: :func:`_reconcile_geometry` names the node or segment."""
    if isinstance(value, dict):
        return {k: _past_any_float_infinite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_past_any_float_infinite(v) for v in value]
    return (math.inf if value > 0 else -math.inf) if past_any_float(value) else value


def _load_geojson(path: Path) -> nx.MultiDiGraph:
    doc = load_json(path.read_text(encoding="utf-8-sig"))  # a byte-order mark read past (fuzz29)
    meta = doc.get("supplychain") if isinstance(doc, dict) else None
    if not meta or meta.get("format") != _FORMAT_TAG:
        raise DataFileError(
            f"'{path}' is a GeoJSON file but not a supplychain network; to build a network from "
            "a GIS road layer use `supplychain network build --source FILE`."
        )
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for feat in doc["features"]:
        row = dict(feat["properties"])
        with warnings.catch_warnings():  # a NaN coordinate: named by _reconcile_geometry
            warnings.filterwarnings("ignore", "invalid value encountered", RuntimeWarning)
            # A feature without geometry (null) is a node at its x/y, a segment without a line,
            # as in a network written without lines: "('NoneType' object has no attribute 'get')".
            try:
                row["geometry"] = shape(feat["geometry"]) if feat.get("geometry") else None
            except OverflowError:  # "int too large to convert to float", nothing named (fuzz29)
                row["geometry"] = shape(_past_any_float_infinite(feat["geometry"]))
        (nodes if row.pop("element") == "node" else edges).append(row)
    return _graph_from_rows(nodes, edges, meta["graph"], path)


# --- GeoPackage ------------------------------------------------------------------------------


#: The layers of a network GeoPackage (:func:`_save_gpkg`), by which one is known.
_GPKG_LAYERS = frozenset({"nodes", "edges", "graph"})


def _save_gpkg(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], attrs: dict[str, Any], tmp: Path) -> None:
    import geopandas as gpd

    nodes, edges = _uniform_ids(nodes, edges)
    gpd.GeoDataFrame(_jsonify_lists(nodes), geometry="geometry", crs="EPSG:4326").to_file(
        tmp, layer="nodes", driver="GPKG"
    )
    gpd.GeoDataFrame(_jsonify_lists(edges), geometry="geometry", crs="EPSG:4326").to_file(
        tmp, layer="edges", driver="GPKG", mode="a"
    )
    meta = pd.DataFrame({"format": [_FORMAT_TAG], "graph": [json.dumps(attrs)]})
    gpd.GeoDataFrame(meta, geometry=[None], crs="EPSG:4326").to_file(
        tmp, layer="graph", driver="GPKG", mode="a"
    )


def _load_gpkg(path: Path) -> nx.MultiDiGraph:
    import geopandas as gpd
    import pyogrio

    layers = {name for name, _ in pyogrio.list_layers(path)}
    if not _GPKG_LAYERS.issubset(layers):
        raise DataFileError(
            f"'{path}' is a GeoPackage but not a supplychain network (layers: "
            f"{', '.join(sorted(layers))}); to build a network from a GIS road layer use "
            "`supplychain network build --source FILE`."
        )
    meta = gpd.read_file(path, layer="graph")
    if meta["format"].iloc[0] != _FORMAT_TAG:
        raise DataFileError(f"'{path}' is not a supplychain network GeoPackage.")
    nodes_df = _wgs84(gpd.read_file(path, layer="nodes"))
    edges_df = _wgs84(gpd.read_file(path, layer="edges"))
    return _graph_from_rows(
        _records(nodes_df), _records(edges_df), load_json(meta["graph"].iloc[0]), path
    )


def _wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A layer in longitude/latitude (a GIS may have re-saved it in another CRS)."""
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        return gdf.to_crs("EPSG:4326")
    return gdf


def _records(gdf: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    geoms = list(gdf.geometry)
    records: list[dict[str, Any]] = [
        {str(k): v for k, v in rec.items()}
        for rec in pd.DataFrame(gdf.drop(columns="geometry")).to_dict("records")
    ]
    for rec, geom in zip(records, geoms, strict=True):
        rec["geometry"] = geom
    return records


# --- GeoParquet cache ------------------------------------------------------------------------


def _save_parquet(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], attrs: dict[str, Any], tmp: Path) -> None:
    nodes, edges = _uniform_ids(nodes, edges)
    rows = [{**r, "element": "node"} for r in nodes] + [{**r, "element": "edge"} for r in edges]
    frame = pd.DataFrame(_jsonify_lists(rows))
    frame["geometry"] = shapely.to_wkb(frame["geometry"].to_numpy())
    for col in ("id", "u", "v", "key"):
        values = frame[col]
        if not pd.api.types.is_numeric_dtype(values):
            frame[col] = values.astype(str)
        elif bool((values.dropna() % 1 == 0).all()):  # whole numbers (NaN: the other element's rows)
            frame[col] = values.astype("Int64")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    geo = {
        "version": "1.0.0",
        "primary_column": "geometry",
        "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point", "LineString"], "crs": None}},
    }
    meta = dict(table.schema.metadata or {})
    meta[b"geo"] = json.dumps(geo).encode()
    meta[b"supplychain"] = json.dumps({"format": _FORMAT_TAG, "graph": attrs}).encode()
    pq.write_table(table.replace_schema_metadata(meta), tmp, compression="zstd")


def _result_table(path: Path, columns: list[str]) -> str | None:
    """What a Parquet file without a network's metadata holds when supplychain wrote it: a
    timeline result or a stress table (named by its columns and the ``sweep`` of the JSON
    summary beside it), else None."""
    found = _result_kind(path, columns)
    return None if found is None else found[1]


def _result_kind(path: Path, columns: list[str]) -> tuple[str, str] | None:
    """:func:`_result_table`'s answer with its kind (``timeline`` or ``stress:SWEEP``)."""
    sweep = None
    with contextlib.suppress(OSError, ValueError, RecursionError):
        summary = load_json(path.with_suffix(".json").read_text(encoding="utf-8"))
        # closure-days' summary names itself by "kind"
        sweep = (summary.get("sweep") or summary.get("kind")) if isinstance(summary, dict) else None
    if isinstance(sweep, str) and len(sweep) <= 40:
        return f"stress:{sweep}", f"a `supplychain stress {sweep}` result"
    if {"date", "place", "days_of_cover"} <= set(columns):
        return "timeline", "a `supplychain timeline` result"
    if "days_to_dry" in columns:
        return "stress:closure-days", "a `supplychain stress closure-days` result"
    return None


def parquet_contents(path: str | Path) -> tuple[str, str] | None:
    """What an existing Parquet file holds, read from its schema (not its rows) and the JSON
    summary beside it: for a command about to write over it (``network build --out``,
    ``stress ... --out``, ``timeline --out``), which replaces only a file of its own kind.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    tuple of (str, str) or None
        None when nothing is there; else the kind and a phrase naming it: ``network`` (a
        network written by ``network build``, of this or another format version),
        ``timeline`` (a ``timeline`` result), ``stress:SWEEP`` (a ``stress`` result whose
        summary names its ``sweep``: ``n-1``, ``n-2``, ``monte-carlo``, ``closure-days``...),
        ``other`` (a Parquet file supplychain cannot name: another tool's, or a stress table
        whose summary is gone) or ``unreadable`` (not a Parquet file, or not one that can be
        read).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> pd.DataFrame({"date": ["2026-12-05"], "place": ["Kayes"], "days_of_cover": [3.0]}).to_parquet(
    ...     folder / "t.parquet")
    >>> parquet_contents(folder / "t.parquet")
    ('timeline', 'a `supplychain timeline` result')
    >>> _ = (folder / "x.parquet").write_text("id,name\\n", encoding="utf-8")
    >>> parquet_contents(folder / "x.parquet")[0], parquet_contents(folder / "none.parquet")
    ('unreadable', None)
    """
    path = Path(path)
    try:
        if not path.is_file():  # a folder or a name too long is for the writer to name
            return None
    except OSError:
        return None
    try:
        schema = pq.read_schema(path)
    except (OSError, ValueError, pa.ArrowException) as exc:
        logger.debug("'%s' is not a readable Parquet file: %s", path, exc)
        return "unreadable", "a file that is not a readable Parquet file"
    raw_meta = (schema.metadata or {}).get(b"supplychain")
    if raw_meta:
        return "network", "a supplychain network"
    found = _result_kind(path, list(schema.names))
    return found if found is not None else ("other", "a Parquet file that supplychain did not write, or whose summary is gone")


def holds_network(path: str | Path) -> bool:
    """Whether an existing GeoJSON, GeoPackage or GraphML file is a network ``save_network``
    wrote (of any format version): its format tag is where that writer puts it (a GeoJSON's
    first bytes, a GraphML's last, a GeoPackage's ``nodes``, ``edges`` and ``graph`` layers).

    For ``network build --out``, which replaced any file of those suffixes: an area's polygon
    (``--out models/areas/kadiana.geojson``), a road layer or another GeoPackage, unsaid
    (fuzz30). A file that cannot be read is not a network.

    Parameters
    ----------
    path : str or Path
        An existing ``.geojson``, ``.gpkg`` or ``.graphml`` file.

    Returns
    -------
    bool

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "area.geojson").write_text('{"type": "Polygon", "coordinates": []}')
    >>> holds_network(folder / "area.geojson")
    False
    """
    import pyogrio

    path = Path(path)

    tag = _FORMAT_TAG.split("/")[0].encode() + b"/"
    try:
        if _suffix(path) == ".gpkg":
            return _GPKG_LAYERS.issubset(str(name) for name, _ in pyogrio.list_layers(path))
        with path.open("rb") as handle:
            if _suffix(path) == ".geojson":
                return re.search(rb'"supplychain"\s*:\s*\{\s*"format"\s*:\s*"' + re.escape(tag),
                                 handle.read(1 << 16)) is not None  # fmt: skip
            handle.seek(max(path.stat().st_size - (1 << 20), 0))
            return tag in handle.read()
    except (OSError, ValueError, pyogrio.errors.DataSourceError) as exc:  # unreadable: not a network
        logger.debug("'%s' is not a readable network file: %s", path, exc)
        return False


def _load_parquet(path: Path) -> nx.MultiDiGraph:
    # The schema first: a stress table or timeline result given as --network (`--network
    # tl.parquet`) was read whole, then said "re-saved by another tool, such as pandas?".
    schema = pq.read_schema(path)
    raw_meta = (schema.metadata or {}).get(b"supplychain")
    if not raw_meta and (held := _result_table(path, list(schema.names))) is not None:
        raise DataFileError(
            f"'{path}' is {held}, not a network; give a network file (written by `supplychain "
            "network build --out NAME.parquet`) or 'embedded'."
        )
    table = pq.read_table(path)
    meta = load_json(raw_meta) if raw_meta else {}
    if not raw_meta:
        raise DataFileError(
            f"'{path}' is a Parquet file but not a supplychain network cache: its supplychain "
            "metadata is missing (re-saved by another tool, such as pandas?); rebuild it with "
            "`supplychain network build --out NAME.parquet`, or to edit a network write it as "
            ".gpkg or .geojson (`--out NAME.gpkg`), edit that file and pass it as --network "
            "(see `--out` in the README)."
        )
    if meta.get("format") != _FORMAT_TAG:
        raise DataFileError(
            f"'{path}' is a Parquet file but not a supplychain network cache of this version "
            f"(format {meta.get('format')!r}, expected {_FORMAT_TAG!r}); rebuild it with "
            "`supplychain network build --out NAME.parquet`."
        )
    frame = table.to_pandas()
    frame["geometry"] = shapely.from_wkb(frame["geometry"].to_numpy())
    return _graph_from_frame(frame, meta["graph"], path)


#: Column types whose values :func:`_restore` returns unchanged for a schema kind.
_KEPT_AS_IS: dict[str, type] = {"float": float, "str": str}


def _restored_column(values: list[Any], spec: AttributeSpec | None) -> list[Any]:
    """One column's values as :func:`_restore` gives them row by row (None: the row has none:
    None, NaN or NA, as a missing cell of a Parquet table reads)."""
    same = _KEPT_AS_IS.get(spec.kind) if spec is not None else None
    out: list[Any] = []
    for v in values:
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            out.append(None)
        elif type(v) is same:  # float(v) or str(v) would return v itself
            out.append(v)
        else:
            out.append(_restore(v, spec))
    return out


def _graph_from_frame(frame: pd.DataFrame, graph_attrs: dict[str, Any], path: Path) -> nx.MultiDiGraph:
    """The graph :func:`_graph_from_rows` builds from the table's records, column by column.

    Hand-written rather than ``DataFrame.to_dict("records")``: building a dict per row with
    pandas, dropping its missing cells and restoring every value through the schema took
    most of the time of loading a saved network (about 0.5 s of 0.7 s for whole-Africa's
    6,100 rows); here each column is converted once (a float or str column that needs no
    conversion is kept as it is) and the rows are zipped. Same nodes, edges, attributes and
    attribute order as :func:`_graph_from_rows`.
    """
    element = frame["element"]
    is_node = (element == "node").to_numpy(dtype=bool)
    is_edge = (element.notna() & (element != "node")).to_numpy(dtype=bool)  # groupby drops NA
    graph = nx.MultiDiGraph(**graph_attrs)
    points: list[tuple[Any, Any]] = []
    lines: list[tuple[tuple[Any, Any, Any], Any, Any]] = []
    for mask, specs, keys in ((is_node, _NODE_SPECS, ("id",)), (is_edge, _EDGE_SPECS, ("u", "v", "key"))):
        part = frame[mask]
        if part.empty:
            continue
        columns = [c for c in part.columns if c not in ("element", "geometry", _LINE_KM, *keys)]
        values = [_restored_column(part[c].tolist(), specs.get(c)) for c in columns]
        key_values = []
        for k in keys:
            # A missing or empty key column is the KeyError that _graph_from_rows' row[k]
            # raises: internal, load_network turns it into a DataFileError naming the file.
            if k not in part.columns:
                raise KeyError(k)
            column = part[k].tolist()
            if any(v is None or v is pd.NA or (isinstance(v, float) and v != v) for v in column):
                raise KeyError(k)
            key_values.append([_plain(v) if k == "key" else _node_id(v) for v in column])
        rows = ({c: v for c, v in zip(columns, row, strict=True) if v is not None}
                for row in zip(*values, strict=True)) if columns else ({} for _ in range(len(part)))  # fmt: skip
        geometries = part["geometry"].tolist()
        if keys == ("id",):
            graph.add_nodes_from(zip(key_values[0], rows, strict=True))
            points = list(zip(key_values[0], geometries, strict=True))
            continue
        edges = []
        for u, v, key, attrs, geom in zip(*key_values, rows, geometries, strict=True):
            if geom is not None:
                attrs["geometry"] = _one_line(geom)
            edges.append((u, v, key, attrs))
        graph.add_edges_from(edges)
        saved = part[_LINE_KM].tolist() if _LINE_KM in part.columns else [None] * len(part)
        lines = [((u, v, k), km, geom) for u, v, k, km, geom
                 in zip(*key_values, saved, geometries, strict=True)]  # fmt: skip
    _reconcile_geometry(graph, points, lines, path)
    return graph
