"""GIS road layers (GeoPackage, GeoJSON, Shapefile) to a raw road graph.

A GIS layer holds one feature per road segment; this module turns it into the raw graph that
:func:`supplychain.networks.build.finalize_network` expects (see its docstring for the
contract): nodes with ``x``/``y`` in WGS84, one edge per direction of each segment, with
``length_km``, ``highway`` and whatever optional attributes the layer provides.

Columns
    A column named like a schema attribute (``length_km``, ``highway``, ``ref``, ``name``,
    ``surface``, ``lanes``, ``maxspeed``, ``speed_kph``, ``capacity_trucks_per_day``,
    ``oneway``, ``osmid``) is used automatically; ``column_map`` maps attributes to other
    columns (``{"length_m": "distance"}``), or to ``""`` to ignore a column. ``length_m`` is
    a length in metres, converted to km. Without a length column the geodesic length of the
    geometry is used; without a ``highway`` column every feature gets ``default_highway``
    so that the class defaults of ``models/network.toml`` apply. Empty cells of the optional
    attributes (speed, capacity, lanes, ...) also fall back to the class defaults; negative or
    non-finite lengths, speeds and capacities flow through to the schema check, which rejects
    them.

Filters
    ``where`` is an OGR SQL expression evaluated by GDAL while reading
    (``where="highway <> 'track'"``). The ``exclude`` attribute names a boolean column whose
    true rows are dropped. By default that is a column named ``exclude`` or, when it is
    boolean, ``add``: the flownet / optimal-african-roads convention that marks *proposed*
    links (``add = TRUE``), which are not real roads. Map ``exclude`` to ``""`` to keep them.
    ``classes`` then keeps the listed road classes (when the layer has a class column).

Topology
    Line ends closer than ``snap_tolerance_m`` are merged into one node (single linkage: a
    chain of close ends becomes one node) placed at their centroid, and the line ends are
    moved onto it. Ends are compared in geocentric (ECEF) coordinates with a k-d tree, so the
    tolerance is a true distance in metres anywhere on Earth; a UTM projection would distort
    it by several percent on a layer spanning a continent. osmnx's
    ``consolidate_intersections`` is not used: it splits clusters whose nodes are not already
    connected by an edge, which is exactly the gap this step must close.

Over 500 lines on purpose: reading the layer, resolving its columns, filtering, reprojecting,
merging line ends and building the graph are one pipeline whose steps share the column
conventions documented above (about 100 lines of it), so a reader follows a feature from the
file to the graph in one place.
"""

from __future__ import annotations

import itertools
import logging
import math
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyogrio
import shapely
from pyproj import Geod, Transformer
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree
from shapely.ops import substring

from supplychain._toml import refuse_not_a_file
from supplychain.errors import DataFileError, NetworkSourceError, ParameterError
from supplychain.networks.schema import LAT_RANGE, LON_RANGE

__all__ = [
    "DEFAULT_HIGHWAY",
    "EXCLUDE_COLUMNS",
    "GIS_ATTRIBUTES",
    "GIS_SUFFIXES",
    "MAX_SNAP_TOLERANCE_M",
    "graph_from_gis_layer",
]

logger = logging.getLogger(__name__)

from supplychain.networks.gis_attributes import GIS_ATTRIBUTES, GIS_SUFFIXES  # noqa: E402  (re-exported)

#: Columns used for ``exclude`` when the mapping does not name one (``add``: flownet's flag
#: for proposed links; used only when it is boolean).
EXCLUDE_COLUMNS: tuple[str, ...] = ("exclude", "add")

#: Road class given to every feature of a layer without a class column.
DEFAULT_HIGHWAY = "primary"

#: Largest ``snap_tolerance_m`` accepted (assumption): a gap left by digitising a road layer
#: is metres to tens of metres (default 50 m), while line ends a kilometre apart are distinct
#: junctions (the junctions of a town's through roads, Kati's beside Bamako's). Ends merge by
#: single linkage, so a chain of ends merges over more than the tolerance: 100 km turned the
#: 341 nodes of the flownet West-African layer into 54, putting distinct towns on one node.
MAX_SNAP_TOLERANCE_M: float = 1_000.0

_NUMERIC = ("length_km", "length_m", "speed_kph", "capacity_trucks_per_day", "osmid")
_TEXT = ("ref", "name", "surface")
_RAW = ("lanes", "maxspeed")  # parsed by finalize_network (values like "2;3" or "50 mph")
_TRUE = {"true", "yes", "y", "t", "1"}
_FALSE = {"false", "no", "n", "f", "0", ""}
_GEOD = Geod(ellps="WGS84")
_TO_ECEF = Transformer.from_crs("EPSG:4326", "EPSG:4978", always_xy=True)
_FROM_ECEF = Transformer.from_crs("EPSG:4978", "EPSG:4326", always_xy=True)


def graph_from_gis_layer(
    path: str | Path,
    *,
    column_map: dict[str, str] | None = None,
    classes: Sequence[str] | None = None,
    snap_tolerance_m: float = 50.0,
    layer: str | None = None,
    where: str | None = None,
    default_highway: str = DEFAULT_HIGHWAY,
    max_text_length: int = 255,
    warn_unused_classes: bool = False,
) -> nx.MultiDiGraph:
    """Read a road line layer into a raw road graph for :func:`finalize_network`.

    Parameters
    ----------
    path : str or Path
        GeoPackage, GeoJSON or Shapefile with LineString or MultiLineString features (multi
        parts become separate edges). Reprojected to WGS84; a layer without CRS is assumed
        to be WGS84 (with a warning).
    column_map : dict of str to str, optional
        Attribute (a key of :data:`GIS_ATTRIBUTES`) -> column name; ``""`` ignores the
        column of that name. Columns named like an attribute are used without a mapping.
    classes : sequence of str, optional
        Road classes to keep, if the layer has a class (``highway``) column.
    snap_tolerance_m : float, default 50.0
        Line ends closer than this (metres) become one node, and a line ending this close
        to another, away from its ends, cuts it there (a length column shared by the pieces);
        at most :data:`MAX_SNAP_TOLERANCE_M` (1,000 m).
    layer : str, optional
        Layer of a multi-layer file (GeoPackage); default the only line layer.
    where : str, optional
        OGR SQL filter evaluated while reading, e.g. ``"add = 0"`` or ``"class IN (1, 2)"``.
    default_highway : str, default "primary"
        Road class of features without one (no class column, or an empty cell).
    max_text_length : int, default 255
        Longest text cell accepted (class, road number, name, surface, lanes, maxspeed), in
        characters (see :mod:`supplychain.networks.limits`).
    warn_unused_classes : bool, default False
        Warn when ``classes`` is given but the layer has no class column (``--classes`` has
        then no effect).

    Returns
    -------
    networkx.MultiDiGraph
        Integer nodes with ``x``, ``y``; edges with ``length_km``, ``highway``, ``osmid``,
        ``geometry`` (oriented u -> v), ``reversed`` and the mapped attributes; both
        directions of two-way roads. ``graph["simplified"]`` is True (a GIS segment is
        already a segment) and ``graph["crs"]`` is ``"epsg:4326"``.

    Raises
    ------
    DataFileError
        If the file is missing, unreadable or corrupt (or a shapefile without its .dbf), or
        has coordinates that are not longitude/latitude or not numbers (NaN, infinite).
    ParameterError
        If the mapping names unknown attributes or missing columns (all listed, with the
        available columns), a column holds values of the wrong kind, ``where`` is not valid
        OGR SQL, ``layer`` does not exist, or ``snap_tolerance_m`` is not a number of metres
        from 0 to :data:`MAX_SNAP_TOLERANCE_M`.
    NetworkSourceError
        If no line feature is left after the filters (the classes present are named).

    Examples
    --------
    >>> import geopandas as gpd, tempfile, pathlib
    >>> from shapely.geometry import LineString
    >>> tmp = pathlib.Path(tempfile.mkdtemp()) / "roads.geojson"
    >>> gpd.GeoDataFrame(
    ...     {"highway": ["trunk", "trunk"]},
    ...     geometry=[LineString([(-8.0, 12.6), (-8.1, 12.7)]),
    ...               LineString([(-8.1, 12.7001), (-8.2, 12.8)])],
    ...     crs=4326,
    ... ).to_file(tmp)
    >>> g = graph_from_gis_layer(tmp)
    >>> g.number_of_nodes(), g.number_of_edges()
    (3, 4)
    """
    path = Path(path)
    if not (isinstance(snap_tolerance_m, int | float) and math.isfinite(snap_tolerance_m)
            and snap_tolerance_m >= 0):  # fmt: skip
        raise ParameterError(
            f"Snap tolerance {snap_tolerance_m!r} m is invalid; give a non-negative number of metres."
        )
    if snap_tolerance_m > MAX_SNAP_TOLERANCE_M:
        raise ParameterError(
            f"Snap tolerance {snap_tolerance_m:g} m is above {MAX_SNAP_TOLERANCE_M:g} m and would merge "
            "distinct junctions and towns into one node; give the width of the gaps between "
            "line ends that should meet (default 50 m)."
        )
    refuse_not_a_file(path, f"GIS layer file '{path}'")  # GDAL waited for ever on a named pipe
    _check_shapefile_parts(path)
    _check_where(where)
    layer_name, fields = _layer_info(path, layer)
    columns = _resolve_columns(column_map or {}, fields, path, layer_name)
    gdf = _read(path, layer_name, where, sorted(set(columns.values())), fields)
    notes: list[str] = []
    if where:
        notes.append(f"where {where!r}")
    crs_name = "none: taken as EPSG:4326" if gdf.crs is None else gdf.crs.to_string()
    gdf = _to_wgs84(gdf, path)
    gdf = _line_features(gdf, path)
    gdf = _flatten_lists(gdf, columns, path)
    gdf = _apply_exclude(gdf, columns.get("exclude"), path, notes)
    highway = _highway(gdf, columns.get("highway"), default_highway, notes)
    # A layer the filters (--where, exclude) left empty is said so below: "has one of the
    # classes ...; the layer has no feature. Pass --classes with classes present" (fuzz29).
    if classes and "highway" in columns and not gdf.empty:
        keep = highway.isin([str(c) for c in classes]).to_numpy()
        if not keep.any():
            present = ", ".join(f"{c} ({n})" for c, n in highway.value_counts().items())
            raise NetworkSourceError(
                f"No feature of '{path}' (column '{columns['highway']}') has one of the classes "
                f"{', '.join(classes)}; the layer has {present or 'no feature'}. Pass "
                "--classes with classes present, or map another column with --map highway=COLUMN."
            )
        if not keep.all():
            notes.append(f"{int((~keep).sum())} features outside the classes dropped")
        gdf, highway = gdf[keep], highway[keep]
    elif classes and "highway" not in columns and warn_unused_classes:
        logger.warning(
            "'%s' has no road class column, so --classes %s has no effect (every road is "
            "'%s'); map the class column with --map highway=COLUMN, or drop --classes",
            path, ",".join(classes), default_highway,
        )  # fmt: skip
    if gdf.empty and not notes:  # a layer of no row: "left after the filters ()"
        raise NetworkSourceError(f"'{path}' holds no feature; give a layer of road lines.")
    if gdf.empty:
        raise NetworkSourceError(
            f"'{path}' has no road feature left after the filters ({'; '.join(notes)})."
        )
    _check_text_lengths(gdf, highway, columns, path, max_text_length)
    gdf, highway = _split_at_junctions(gdf, highway, snap_tolerance_m, notes)
    graph = _build_graph(gdf, highway, columns, path, snap_tolerance_m, notes)
    if graph.number_of_edges() == 0:
        # Every line shorter than the snap tolerance became a loop on one node and was dropped;
        # the build then said the source "has no road segment of the requested classes", where
        # the classes were right and the coordinates were not (a layer whose CRS says metres,
        # such as EPSG:3857, holding degrees: reprojected into a few metres at 0°N 0°E) (fuzz30).
        minx, miny, maxx, maxy = gdf.total_bounds
        raise NetworkSourceError(
            f"Every line of '{path}' is shorter than the snap tolerance (--snap-m) {snap_tolerance_m:g} m: its "
            f"{len(gdf)} line(s) lie within lon {minx:.6g}..{maxx:.6g}, lat {miny:.6g}..{maxy:.6g} "
            f"(after reprojection from its CRS, {crs_name}). If its coordinates are degrees, "
            "set its CRS to EPSG:4326; else give a smaller --snap-m."
        )
    logger.info(
        "Read %d road features from %s: %d nodes, %d directed edges%s",
        len(gdf),
        path.name,
        graph.number_of_nodes(),
        graph.number_of_edges(),
        f" ({'; '.join(notes)})" if notes else "",
    )
    return graph


def _check_text_lengths(
    gdf: gpd.GeoDataFrame, highway: pd.Series, columns: dict[str, str], path: Path, limit: int
) -> None:
    """Refuse text cells longer than ``limit`` characters, naming the column and the row."""
    series = {"highway": highway}
    series.update({attr: gdf[col] for attr, col in columns.items() if attr in (*_TEXT, *_RAW)})
    for attr, values in series.items():
        lengths = values.astype(object).map(lambda v: len(v) if isinstance(v, str) else 0)
        if len(lengths) and int(lengths.max()) > limit:
            row = lengths.idxmax()
            fid = int(gdf["_fid"].loc[row]) if "_fid" in gdf else row
            raise DataFileError(
                f"Feature {fid} of '{path}' has a {attr} cell (column "
                f"'{columns.get(attr, attr)}') of {int(lengths.max()):,} characters (limit "
                f"{limit:,}). Fix the cell, or raise the limit with --max-tag-length or "
                "SUPPLYCHAIN_MAX_TAG_LENGTH."
            )


def _check_where(where: str | None) -> None:
    """A row filter that is one expression, or none.

    ``--where ""`` (an unset shell variable) read every feature, unsaid, and a GeoPackage's
    SQLite ignored what followed a ``;`` outside quotes ("highway = 'trunk'; x" read as
    "highway = 'trunk'", "1=1; DROP TABLE roads" as "1=1"), unsaid too (fuzz30).

    Parameters
    ----------
    where : str or None
        The OGR SQL filter (``--where``); None: no filter.

    Raises
    ------
    ParameterError
        If ``where`` is empty (or only spaces), or holds a ``;`` outside a quoted string.

    Examples
    --------
    >>> _check_where("name = 'a;b'")
    >>> _check_where("highway = 'trunk'; x")
    Traceback (most recent call last):
    ...
    supplychain.errors.ParameterError: Filter "highway = 'trunk'; x" (--where) holds a ';': a filter is one expression (SQLite would ignore what follows the ';'); remove it
    """
    if where is None:
        return
    if not where.strip():
        raise ParameterError(f"Filter {where!r} (--where) is empty; give an OGR SQL expression such as "
                             "\"highway = 'trunk'\", or leave --where out")  # fmt: skip
    quoted = False
    for char in where:  # '' inside a string toggles twice: still quoted
        if char == "'":
            quoted = not quoted
        elif char == ";" and not quoted:
            raise ParameterError(f"Filter {where!r} (--where) holds a ';': a filter is one expression "
                                 "(SQLite would ignore what follows the ';'); remove it")  # fmt: skip


def _check_shapefile_parts(path: Path) -> None:
    """A shapefile without its ``.dbf`` (its attribute table) is refused.

    GDAL reads the lines alone: every road was built 'primary' (the default class), without
    road number, name, speed or capacity columns, and said nothing (fuzz30).

    Parameters
    ----------
    path : Path
        The layer file; only a ``.shp`` is checked.

    Raises
    ------
    DataFileError
        If ``path`` is a ``.shp`` with no ``.dbf`` of the same name beside it.
    """
    if path.suffix.lower() != ".shp" or not path.is_file():
        return
    siblings = {p.name.lower() for p in path.parent.iterdir()} if path.parent.is_dir() else set()
    if f"{path.stem}.dbf".lower() not in siblings:
        raise DataFileError(
            f"Shapefile '{path}' has no '{path.stem}.dbf' beside it: its roads would have no "
            "attributes (class, road number, name, speed); copy the .dbf (and the .shx and .prj) "
            "with the .shp."
        )


def _layer_info(path: Path, layer: str | None) -> tuple[str, dict[str, str]]:
    """The layer to read and its field names with their numpy dtypes."""
    try:
        layers = pyogrio.list_layers(path)
    except (pyogrio.errors.DataSourceError, OSError) as exc:
        raise DataFileError(
            f"GIS layer file '{path}' cannot be read ({exc}); give an existing GeoPackage, "
            "GeoJSON or Shapefile."
        ) from exc
    names = [str(name) for name, _ in layers]
    if layer is None:
        lines = [str(name) for name, gtype in layers if gtype and "LineString" in str(gtype)]
        if len(names) == 1:
            layer = names[0]
        elif len(lines) == 1:
            layer = lines[0]
        else:
            raise ParameterError(
                f"'{path}' has {len(names)} layers ({', '.join(names) or 'none'}); choose the "
                "road layer with --layer NAME."
            )
    elif layer not in names:
        raise ParameterError(
            f"'{path}' has no layer '{layer}'; its layers are {', '.join(names) or 'none'}."
        )
    try:
        info = pyogrio.read_info(path, layer=layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
        raise DataFileError(f"Layer '{layer}' of '{path}' cannot be read ({exc}).") from exc
    return layer, {str(f): str(t) for f, t in zip(info["fields"], info["dtypes"], strict=True)}


def _resolve_columns(
    column_map: dict[str, str], fields: dict[str, str], path: Path, layer: str
) -> dict[str, str]:
    """Attribute -> column, from the mapping and the columns named like an attribute."""
    problems = [
        f"unknown attribute '{attr}' (known: {', '.join(GIS_ATTRIBUTES)})"
        for attr in column_map
        if attr not in GIS_ATTRIBUTES
    ]
    problems += [
        f"column '{col}' (for {attr}) is not in the layer"
        for attr, col in column_map.items()
        if attr in GIS_ATTRIBUTES and col and col not in fields
    ]
    if (
        "length_km" in column_map
        and "length_m" in column_map
        and all(column_map[a] for a in ("length_km", "length_m"))
    ):
        problems.append("map either length_km or length_m, not both")
    if problems:
        raise ParameterError(
            f"Column mapping for '{path}' (layer '{layer}') does not fit; available columns: "
            f"{', '.join(fields) or 'none'}",
            problems=problems,
        )
    columns = {attr: col for attr, col in column_map.items() if col}
    for attr in GIS_ATTRIBUTES:
        if attr in column_map:
            continue
        if attr in ("length_km", "length_m") and {"length_km", "length_m"} & columns.keys():
            continue
        candidates = EXCLUDE_COLUMNS if attr == "exclude" else (attr,)
        # 'add' is flownet's flag only when it is boolean; otherwise it is someone's column.
        found = next(
            (c for c in candidates if c in fields and (c != "add" or fields[c] == "bool")), None
        )
        if found is not None:
            columns[attr] = found
    if not {"length_km", "length_m"} & columns.keys() and "length_km" not in column_map \
            and "length_m" not in column_map:  # fmt: skip
        _hint_length_column(fields, path)
    return columns


#: Column names that hold a road length in common layers (flownet/OSRM's ``distance``, in
#: metres); they are not used unmapped because their unit is not certain.
_LENGTH_LIKE = ("distance", "dist", "length", "len", "length_m", "len_km", "km", "distance_m", "dist_km")


def _hint_length_column(fields: dict[str, str], path: Path) -> None:
    """Warn when the layer has a numeric column named like a length that is not mapped: the
    geodesic length of a simplified line is shorter than the road (flownet's West-African
    layer: ports to Bamako 5-14 % shorter than its OSRM ``distance``)."""
    like = [c for c in fields if c.lower() in _LENGTH_LIKE and fields[c].startswith(("int", "float"))]
    if like:
        logger.warning(
            "'%s' has a column named like a road length (%s) that is not used: segment lengths "
            "are the lines' geodesic lengths, shorter than the road where the lines are "
            "simplified. If it is the road length, map it: --map length_m=%s (metres) or "
            "--map length_km=%s (km).", path.name, ", ".join(like), like[0], like[0],
        )  # fmt: skip


def _read(
    path: Path, layer: str, where: str | None, columns: list[str], fields: dict[str, str]
) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            # a NaN coordinate: said by _to_wgs84, not as a warning
            warnings.filterwarnings("ignore", "invalid value encountered", RuntimeWarning)
            gdf = gpd.read_file(
                path, layer=layer, columns=columns, where=where, engine="pyogrio", fid_as_index=True
            )
        _log_gdal_warnings(caught, path)
    except ValueError as exc:
        if where:
            raise ParameterError(
                f"Filter {where!r} is not a valid OGR SQL expression for '{path}' ({exc}); "
                f"columns: {', '.join(fields)}."
            ) from exc
        raise DataFileError(f"GIS layer '{path}' cannot be read ({exc}).") from exc
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
        if where and "SQL" in str(exc):
            # A GeoPackage's SQLite refusing the filter: "GIS layer 'r.gpkg' cannot be read
            # (Failed to prepare SQL ...)" blamed the file, not --where (fuzz30).
            raise ParameterError(
                f"Filter {where!r} is not a valid SQL expression for '{path}' ({exc}); "
                f"columns: {', '.join(fields)}."
            ) from exc
        raise DataFileError(f"GIS layer '{path}' cannot be read ({exc}).") from exc
    except shapely.errors.GEOSException:
        # A geometry GEOS refuses (a LineString of one point): read it again feature by
        # feature and drop those, like the other degenerate features (counted warning).
        gdf = _read_dropping_invalid(path, layer, where, columns)
    gdf["_fid"] = np.asarray(gdf.index, dtype=np.int64)
    return gdf.reset_index(drop=True)


def _log_gdal_warnings(caught: list[warnings.WarningMessage], path: Path) -> None:
    """Log the warnings GDAL gave while reading ``path`` (pyogrio's RuntimeWarnings) as
    supplychain warnings; other warnings are issued again as they came.

    Two GeoJSON features with one ``id`` printed pyogrio's RuntimeWarning on stderr, two lines
    with its own source line ("return ogr_read("), after which GDAL gave one of them another
    id: the osmid of its segments (fuzz30). It is a repair, said as one warning line.

    Parameters
    ----------
    caught : list of warnings.WarningMessage
        What ``warnings.catch_warnings(record=True)`` recorded.
    path : Path
        The layer file, for the message.
    """
    gdal = [item for item in caught if issubclass(item.category, RuntimeWarning)]
    for item in caught:  # another library's (a pandas FutureWarning): as if not caught
        if not issubclass(item.category, RuntimeWarning):
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    for text in dict.fromkeys(" ".join(str(item.message).split()) for item in gdal):  # once each
        if "Several features with id" in text:
            logger.warning("'%s': %s (the segments' osmid); give each feature its own id to keep "
                           "them", path, text.split(". This warning")[0].rstrip("."))  # fmt: skip
        else:
            logger.warning("'%s': %s", path, text)


def _read_dropping_invalid(
    path: Path, layer: str, where: str | None, columns: list[str]
) -> gpd.GeoDataFrame:
    """The layer with the features whose geometry GEOS cannot build dropped (warning with
    their feature ids)."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            table = gpd.read_file(path, layer=layer, columns=columns, where=where, engine="pyogrio",
                                  fid_as_index=True, read_geometry=False)  # fmt: skip
            meta, fids, wkb, _ = pyogrio.raw.read(
                path, layer=layer, columns=[], where=where, return_fids=True
            )
        _log_gdal_warnings(caught, path)
    except (ValueError, pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
            OSError) as exc:  # fmt: skip
        raise DataFileError(f"GIS layer '{path}' cannot be read ({exc}).") from exc
    geoms = shapely.from_wkb(wkb, on_invalid="ignore")
    bad = np.asarray([g is None for g in geoms]) & np.asarray([b is not None for b in wkb])
    ids = [int(f) for f in np.asarray(fids)[bad]]
    logger.warning(
        "'%s': dropped %d features with an invalid geometry, such as a line of one point "
        "(feature ids %s); give each line two or more points",
        path, len(ids), ", ".join(map(str, ids[:10])) + (" ..." if len(ids) > 10 else ""),
    )  # fmt: skip
    gdf = gpd.GeoDataFrame(table, geometry=list(geoms), crs=meta.get("crs"))
    return gdf[~bad]


def _to_wgs84(gdf: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    coords, index = shapely.get_coordinates(np.asarray(gdf.geometry.array), return_index=True)
    bad = np.unique(index[~np.isfinite(coords).all(axis=1)])
    if len(bad):  # GDAL reads a GeoJSON NaN: "unexpected ValueError: data must be finite" (fuzz29)
        fids = ", ".join(str(int(f)) for f in gdf["_fid"].to_numpy()[bad[:10]]) + (" ..." if len(bad) > 10 else "")
        raise DataFileError(
            f"'{path}' has {len(bad)} feature(s) with a coordinate that is not a number (NaN or "
            f"infinite): feature id(s) {fids}; fix or delete them."
        )
    if gdf.crs is None:
        logger.warning("'%s' has no CRS; assuming WGS84 longitude/latitude (EPSG:4326)", path)
        gdf = gdf.set_crs(4326)
    elif not gdf.crs.equals("EPSG:4326"):
        logger.debug("Reprojecting '%s' from %s to EPSG:4326", path, gdf.crs.to_string())
        gdf = gdf.to_crs(4326)
    bounds = gdf.total_bounds if not gdf.empty else np.full(4, np.nan)
    if np.isfinite(bounds).all():  # NaN: no feature has a geometry (counted when dropped)
        minx, miny, maxx, maxy = bounds
        if not (LON_RANGE[0] <= minx <= maxx <= LON_RANGE[1] and LAT_RANGE[0] <= miny <= maxy <= LAT_RANGE[1]):
            raise DataFileError(
                f"Coordinates of '{path}' span x {minx:g}..{maxx:g}, y {miny:g}..{maxy:g}: not "
                "longitude/latitude. Set the layer's CRS (e.g. write a .prj or reproject it)."
            )
    return gdf


def _line_features(gdf: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    """Single-part 2D lines with at least two distinct points; other features dropped."""
    null = np.asarray(gdf.geometry.isna())
    degenerate = {"without geometry": int(null.sum())}
    gdf = gdf[~null].explode(index_parts=False, ignore_index=True)
    empty = np.asarray(gdf.geometry.is_empty)
    is_line = np.asarray(gdf.geom_type == "LineString") & ~empty
    # All points identical: no length, nothing to route over (geometry length 0 in degrees).
    one_point = is_line & (np.asarray(shapely.length(np.asarray(gdf.geometry.array))) == 0)
    degenerate["empty"] = int(empty.sum())
    degenerate["with all points identical"] = int(one_point.sum())
    if sum(degenerate.values()):
        logger.warning(
            "'%s': dropped %d features %s",
            path,
            sum(degenerate.values()),
            ", ".join(f"{k} ({n})" for k, n in degenerate.items() if n),
        )
    not_line = ~is_line & ~empty
    dropped = not_line.sum()
    if dropped:
        kinds = gdf.geom_type[not_line].value_counts()
        logger.warning(
            "'%s': dropped %d features that are not lines (%s)",
            path,
            dropped,
            ", ".join(f"{k} {n}" for k, n in kinds.items()),
        )
    is_line &= ~one_point
    if not is_line.any() and (dropped or sum(degenerate.values())):
        # "its features are LineString (1)" said of a line whose points are all one (fuzz29).
        kinds = (gdf.geom_type.where(~empty, "empty").where(~one_point, "LineString with all points identical")
                 .value_counts().to_dict())  # fmt: skip
        kinds.update({"without geometry": degenerate["without geometry"]} if null.any() else {})
        raise NetworkSourceError(
            f"'{path}' holds no line: its features are "
            f"{', '.join(f'{k} ({n})' for k, n in kinds.items())}. A road layer must hold "
            "LineString or MultiLineString features; choose the road layer (--layer) or file."
        )
    gdf = gdf[is_line].copy()
    geoms = shapely.force_2d(np.asarray(gdf.geometry.array))
    gdf = gdf.set_geometry(gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs))
    return gdf


def _flatten_lists(gdf: gpd.GeoDataFrame, columns: dict[str, str], path: Path) -> gpd.GeoDataFrame:
    """List cells (a GeoJSON array: osmnx's merged roads, ``"highway": ["trunk", "primary"]``)
    as one value each: the first for the class, as a merged OSM way's class is read, the
    others joined with ``;`` (OSM's multi-value form: ``"N1;RN3"``, ``"2;3"`` lanes).

    One array cell made GDAL read the whole column as lists: every class was then
    ``['trunk']``, none of the requested ones ("No feature ... has one of the classes ...;
    the layer has ['trunk'] (97) ... Pass --classes"), and a road number column's lists went
    into the segment ids ("unexpected ValueError: The truth value of an array ...") (fuzz30).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The layer's features.
    columns : dict of str to str
        Attribute -> column of the layer.
    path : Path
        The layer file, for the warning counting the cells of several values.

    Returns
    -------
    geopandas.GeoDataFrame
        ``gdf`` with those cells replaced (a copy when any was).
    """
    many = 0
    listed = [(attr, column) for attr, column in columns.items() if gdf[column].dtype == object
              and gdf[column].map(lambda v: isinstance(v, list | tuple | np.ndarray)).any()]  # fmt: skip
    if listed:
        gdf = gdf.copy()
    for attr, column in listed:
        values = gdf[column]

        def one(value: Any, attr: str = attr) -> Any:
            nonlocal many
            if not isinstance(value, list | tuple | np.ndarray):
                return value
            items = list(dict.fromkeys(str(v).strip() for v in value if not pd.isna(v) and str(v).strip()))
            many += len(items) > 1
            if not items:
                return None
            return items[0] if attr == "highway" else ";".join(items)

        gdf[column] = values.map(one).astype(object)
    if many:
        logger.warning("'%s': %d cell(s) hold a list of several values, read as one (a class: the "
                       "first; a road number, name or other text: joined with ';')", path, many)  # fmt: skip
    return gdf


def _truth(series: pd.Series, column: str, attr: str, path: Path) -> npt.NDArray[np.int8]:
    """Booleans (and oneway's -1) from bool, 0/1 or yes/no/true/false columns; null -> 0."""
    out = np.zeros(len(series), dtype=np.int8)
    bad: set[str] = set()
    for i, value in enumerate(series.tolist()):
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            continue
        text = str(value).strip().lower()
        if text in ("1.0", "true") or text in _TRUE:
            out[i] = 1
        elif attr == "oneway" and text in ("-1", "-1.0", "reverse"):
            out[i] = -1
        elif text not in _FALSE and text != "0.0":
            bad.add(str(value))
    if bad:
        raise ParameterError(
            f"Column '{column}' of '{path}' (for {attr}) must hold true/false, yes/no or 1/0"
            f"{' or -1' if attr == 'oneway' else ''}; it has {', '.join(sorted(bad)[:5])}."
        )
    return out


def _apply_exclude(
    gdf: gpd.GeoDataFrame, column: str | None, path: Path, notes: list[str]
) -> gpd.GeoDataFrame:
    if column is None:
        return gdf
    drop = _truth(gdf[column], column, "exclude", path) == 1
    if drop.any():
        notes.append(f"{int(drop.sum())} rows with '{column}' true dropped")
    return gdf[~drop]


def _highway(
    gdf: gpd.GeoDataFrame, column: str | None, default: str, notes: list[str]
) -> pd.Series:
    if column is None:
        notes.append(f"no class column, every road is '{default}'")
        return pd.Series(default, index=gdf.index, dtype=object)
    values = gdf[column].astype(object)
    empty = values.isna() | (values.astype(str).str.strip() == "")
    if empty.any():
        notes.append(f"{int(empty.sum())} features without class are '{default}'")
    return values.where(~empty, default).astype(str).str.strip()


def _numbers(series: pd.Series, column: str, attr: str, path: Path) -> npt.NDArray[np.float64]:
    # Blank text cells (a GeoJSON "" or a CSV-derived " ") are empty, like nulls.
    blank = series.map(lambda v: isinstance(v, str) and not v.strip())
    series = series.mask(blank)
    values = pd.to_numeric(series, errors="coerce")
    bad = series.notna() & values.isna()
    if bad.any():
        sample = ", ".join(repr(v) for v in series[bad].unique()[:5])
        raise ParameterError(
            f"Column '{column}' of '{path}' (for {attr}) must hold numbers; it has {sample}."
        )
    return np.asarray(values, dtype=float)


def _cluster_ends(
    lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64], tolerance_m: float
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Cluster points closer than ``tolerance_m`` (single linkage); labels and centroids."""
    x, y, z = _TO_ECEF.transform(lon, lat, np.zeros_like(lon))
    xyz = np.column_stack([x, y, z])
    # Chord distances in ECEF equal ground distances to within micrometres at this scale.
    pairs = cKDTree(xyz).query_pairs(r=tolerance_m, output_type="ndarray")
    n = len(lon)
    adjacency = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    count, labels = connected_components(adjacency, directed=False)
    sums = np.zeros((count, 3))
    np.add.at(sums, labels, xyz)
    centre = sums / np.bincount(labels, minlength=count)[:, None]
    clon, clat, _ = _FROM_ECEF.transform(centre[:, 0], centre[:, 1], centre[:, 2])
    return labels, np.asarray(clon, dtype=float), np.asarray(clat, dtype=float)


def _geodesic_lengths_m(
    coords: npt.NDArray[np.float64], index: npt.NDArray[np.intp], n: int
) -> npt.NDArray[np.float64]:
    # Vectorised over all vertices (Geod.geometry_length loops in Python per feature).
    same = index[:-1] == index[1:]
    a, b = coords[:-1][same], coords[1:][same]
    _, _, dist = _GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    return np.asarray(
        np.bincount(index[:-1][same], weights=np.asarray(dist), minlength=n), dtype=float
    )


def _split_at_junctions(
    gdf: gpd.GeoDataFrame, highway: pd.Series, tolerance_m: float, notes: list[str]
) -> tuple[gpd.GeoDataFrame, pd.Series]:
    """Lines cut where another line ends on them (a T-junction).

    A layer whose lines are not cut at junctions (an OSM way exported whole: roads meet at a
    vertex inside one of them; a hand-digitised road ending on another) would otherwise join
    only at line ends, leaving the road that ends on another unconnected. A line end within
    ``tolerance_m`` of another line, farther than that from the other line's own ends (where
    end snapping joins them), cuts it at its nearest point.
    """
    geoms = np.asarray(gdf.geometry.array)
    n = len(geoms)
    starts = shapely.get_point(geoms, 0)
    stops = shapely.get_point(geoms, -1)
    end_pts = np.r_[starts, stops]
    owner = np.r_[np.arange(n), np.arange(n)]
    end_xy = shapely.get_coordinates(end_pts)
    # Candidates in degrees (a box a little wider than the tolerance), then measured.
    deg = tolerance_m / 111_000.0 / np.maximum(np.cos(np.radians(end_xy[:, 1])), 0.05) * 1.5
    boxes = shapely.box(end_xy[:, 0] - deg, end_xy[:, 1] - deg, end_xy[:, 0] + deg,
                        end_xy[:, 1] + deg)  # fmt: skip
    pair_end, pair_line = shapely.STRtree(geoms).query(boxes, predicate="intersects")
    keep = owner[pair_end] != pair_line
    pair_end, pair_line = pair_end[keep], pair_line[keep]
    if not pair_end.size:
        return gdf, highway
    lines = geoms[pair_line]
    along = shapely.line_locate_point(lines, end_pts[pair_end])
    foot = shapely.get_coordinates(shapely.line_interpolate_point(lines, along))
    ex, ey = end_xy[pair_end, 0], end_xy[pair_end, 1]
    to_foot = _GEOD.inv(ex, ey, foot[:, 0], foot[:, 1])[2]
    host_a = shapely.get_coordinates(starts[pair_line])
    host_b = shapely.get_coordinates(stops[pair_line])
    to_a = _GEOD.inv(foot[:, 0], foot[:, 1], host_a[:, 0], host_a[:, 1])[2]
    to_b = _GEOD.inv(foot[:, 0], foot[:, 1], host_b[:, 0], host_b[:, 1])[2]
    cut = (to_foot <= tolerance_m) & (to_a > tolerance_m) & (to_b > tolerance_m)
    if not cut.any():
        return gdf, highway
    by_line: dict[int, set[float]] = {}
    for line, at in zip(pair_line[cut], along[cut], strict=True):
        by_line.setdefault(int(line), set()).add(float(at))
    rows: list[int] = []
    pieces: list[Any] = []
    for i in range(n):
        if i not in by_line:
            rows.append(i)
            pieces.append(geoms[i])
            continue
        bounds = [0.0, *sorted(by_line[i]), float(geoms[i].length)]
        for a, b in itertools.pairwise(bounds):
            rows.append(i)
            pieces.append(substring(geoms[i], a, b))
    notes.append(f"{len(by_line)} lines cut at {sum(map(len, by_line.values()))} points where "
                 "another line ends on them")
    out = gdf.iloc[rows].copy()
    out = out.set_geometry(gpd.GeoSeries(pieces, index=out.index, crs=gdf.crs))
    return out.reset_index(drop=True), highway.iloc[rows].reset_index(drop=True)


def _share_by_feature(
    length_km: npt.NDArray[np.float64], geo_m: npt.NDArray[np.float64],
    fid: npt.NDArray[np.int64], notes: list[str],
) -> npt.NDArray[np.float64]:
    """A feature's length column split among its lines in proportion to their geodesic lengths.

    The lines of one feature (the parts of a MultiLineString) each carry the whole feature's
    length cell; without this every part would count the whole road.
    """
    _, inverse, counts = np.unique(fid, return_inverse=True, return_counts=True)
    shared = counts[inverse] > 1
    if not shared.any():
        return length_km
    total_m = np.bincount(inverse, weights=geo_m)[inverse]
    share = np.divide(geo_m, total_m, out=1.0 / counts[inverse], where=total_m > 0)
    notes.append(f"{int((counts > 1).sum())} multi-part features: their length shared by the "
                 "parts in proportion to each part's geodesic length")
    return np.where(shared, length_km * share, length_km)


def _build_graph(
    gdf: gpd.GeoDataFrame,
    highway: pd.Series,
    columns: dict[str, str],
    path: Path,
    tolerance_m: float,
    notes: list[str],
) -> nx.MultiDiGraph:
    n = len(gdf)
    geoms = np.asarray(gdf.geometry.array)
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    last = np.cumsum(shapely.get_num_coordinates(geoms)) - 1
    first = np.r_[0, last[:-1] + 1]
    labels, node_x, node_y = _cluster_ends(
        np.r_[coords[first, 0], coords[last, 0]],
        np.r_[coords[first, 1], coords[last, 1]],
        tolerance_m,
    )
    us, vs = labels[:n], labels[n:]
    coords[first] = np.column_stack([node_x[us], node_y[us]])
    coords[last] = np.column_stack([node_x[vs], node_y[vs]])
    lines = np.asarray(shapely.linestrings(coords, indices=index), dtype=object)
    geo_m = _geodesic_lengths_m(coords, index, n)

    values: dict[str, Any] = {}
    for attr, column in columns.items():
        series = gdf[column]
        if attr in _NUMERIC:
            values[attr] = _numbers(series, column, attr, path)
        elif attr == "oneway":
            values[attr] = _truth(series, column, attr, path)
        elif attr in _TEXT or attr in _RAW:
            values[attr] = series.astype(object).tolist()
    if "length_km" in values:
        length_km = np.asarray(values["length_km"], dtype=float)
    elif "length_m" in values:
        length_km = np.asarray(values["length_m"], dtype=float) / 1000.0
    else:
        length_km = geo_m / 1000.0
    if "length_km" in values or "length_m" in values:
        length_km = _share_by_feature(length_km, geo_m, np.asarray(gdf["_fid"]), notes)
    # An empty length cell takes the line's geodesic length, as a layer without the column does
    # (speed and capacity cells fall back to the class defaults the same way); said in a note.
    missing = np.isnan(length_km)
    if missing.any():
        length_km = np.where(missing, geo_m / 1000.0, length_km)
        length_column = columns.get("length_km") or columns.get("length_m")
        notes.append(f"{int(missing.sum())} empty '{length_column}' cells: the geodesic length of the line used")
    osmid = values.get("osmid", np.asarray(gdf["_fid"], dtype=float))
    bad_ids = ~np.isfinite(osmid) | (osmid != np.round(osmid))
    if bad_ids.any():
        raise ParameterError(
            f"Column '{columns.get('osmid')}' of '{path}' (for osmid) must hold integers in "
            f"every row; {int(bad_ids.sum())} rows do not."
        )
    oneway = values.get("oneway", np.zeros(n, dtype=np.int8))
    classes = highway.tolist()

    # Its junctions are numbered in the layer's order, which another extent of the same data
    # changes: segment ids name unnamed junctions by their coordinates instead (see
    # placement._node_label; the key is dropped once the ids are given).
    graph = nx.MultiDiGraph(crs="epsg:4326", simplified=True, source_file=str(path),
                            _coordinate_labels=True)  # fmt: skip
    graph.add_nodes_from(
        (int(i), {"x": float(x), "y": float(y)})
        for i, (x, y) in enumerate(zip(node_x, node_y, strict=True))
    )
    loops = 0
    for i in range(n):
        u, v = int(us[i]), int(vs[i])
        if u == v and geo_m[i] <= tolerance_m:
            loops += 1  # collapsed onto one node by snapping
            continue
        data: dict[str, Any] = {
            "length_km": float(length_km[i]),
            "highway": classes[i],
            "osmid": [int(osmid[i])],
        }
        for attr in ("speed_kph", "capacity_trucks_per_day"):
            if attr in values and not math.isnan(values[attr][i]):
                data[attr] = float(values[attr][i])
        for attr in (*_TEXT, *_RAW):
            value = values.get(attr, [None] * n)[i]
            if value is not None and not pd.isna(value) and str(value).strip() != "":
                data[attr] = value if attr in _RAW else str(value)
        line = lines[i]
        back = shapely.reverse(line)
        if oneway[i] == -1:
            graph.add_edge(v, u, **data, geometry=back, reversed=False, oneway=True)
            continue
        graph.add_edge(u, v, **data, geometry=line, reversed=False, oneway=bool(oneway[i]))
        if oneway[i] == 0:
            graph.add_edge(v, u, **data, geometry=back, reversed=True, oneway=False)
    notes.append(f"{2 * n} line ends merged into {len(node_x)} nodes within {tolerance_m:g} m")
    if loops:
        notes.append(f"{loops} zero-length loops dropped")
    graph.remove_nodes_from([node for node in list(graph.nodes) if graph.degree(node) == 0])
    return graph
