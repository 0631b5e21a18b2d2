"""Live road download from the Overpass API (through osmnx) over the corridor buffer.

The corridor buffer spans West Africa (about 600,000 km2 at 50 km). osmnx would replace such an
area by its convex hull (twice as large, mostly desert and roads off the corridors) and cut the
hull into hundreds of 2,500 km2 queries. Instead the buffer is simplified slightly (outwards,
by about 1 km) and cut into tiles of ``tile_deg`` degrees (18 tiles for the default
corridors); each tile is one Overpass query of the ways whose ``highway`` is one of the
requested classes. Every tile is retried on its own with exponential backoff, and osmnx caches
each answered tile, so a run that failed half-way resumes where it stopped.

osmnx retries HTTP 429 and 504 answers by itself, forever, after 55 s pauses, and waits 60 s
before each query when the server's ``/status`` cannot be reached. So the server is probed
once first (an unreachable server fails in seconds), and a requests response hook turns 429,
5xx, non-JSON bodies and Overpass "runtime error" remarks (server-side timeouts, out of
memory: the element list is then partial) into errors that this module retries a bounded
number of times.

Unlike a clipped PBF, where a way with one node in the buffer is kept whole, osmnx cuts ways
at the buffer's edge (it keeps the first node beyond it).
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import networkx as nx
import osmnx as ox
import requests
import shapely
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from supplychain.errors import NetworkSourceError, OverpassError, ParameterError
from supplychain.networks.osm import osmnx_settings

__all__ = ["graph_from_overpass"]

logger = logging.getLogger(__name__)

#: Tolerance (degrees, about 1 km) of the outward simplification of the query area.
_SIMPLIFY_DEG = 0.01
#: osmnx subdivides a query polygon above this area (m2); tiles are far smaller, so never.
_MAX_QUERY_AREA_M2 = 1e13
#: OSM ``highway`` values are lower-case words; anything else could break the query.
_CLASS_RE = re.compile(r"^[a-z0-9_]+$")
#: osmnx's message when a tile's ways have no node inside the tile itself.
_NO_NODES_IN_POLYGON = "no graph nodes within the requested polygon"
_EXCERPT_CHARS = 300
_FIX = (
    "Check the internet connection and try again later, set another Overpass server with "
    "--overpass-url (e.g. https://overpass.private.coffee/api), or build from an OSM extract "
    "with --source FILE.osm.pbf (e.g. from https://download.geofabrik.de/africa.html)."
)


class _TransientResponseError(Exception):
    """The server is busy or failed (HTTP 429/5xx, runtime error, not JSON): worth retrying."""


class _RejectedQueryError(Exception):
    """The server refused the query itself (HTTP 4xx other than 429): retrying will not help."""


_RETRYABLE: tuple[type[Exception], ...] = (
    _TransientResponseError,
    requests.RequestException,
    ox._errors.ResponseStatusCodeError,
)


def graph_from_overpass(
    area: BaseGeometry,
    *,
    classes: Sequence[str],
    retries: int = 3,
    backoff_s: float = 2.0,
    timeout_s: int = 180,
    url: str | None = None,
    cache_dir: str | Path | None = None,
    tile_deg: float = 3.0,
) -> nx.MultiDiGraph:
    """Download the road ways of ``classes`` inside ``area`` from Overpass, unsimplified.

    Parameters
    ----------
    area : shapely Polygon or MultiPolygon
        WGS84 (lon, lat) area, e.g. :func:`~supplychain.networks.places.corridor_buffer`.
    classes : sequence of str
        OSM ``highway`` values to keep (e.g. ``["trunk", "primary"]``).
    retries : int, default 3
        Attempts per query tile before giving up.
    backoff_s : float, default 2.0
        Pause after the first failed attempt; it doubles after each further failure.
    timeout_s : int, default 180
        HTTP timeout and Overpass server-side ``[timeout:]`` of each query, in seconds.
    url : str, optional
        Overpass API base URL (without ``/interpreter``); default ``osmnx.settings.overpass_url``
        (``https://overpass-api.de/api``).
    cache_dir : str or Path, optional
        Folder of the osmnx response cache; default ``osmnx.settings.cache_folder``
        (``./cache``). Delete it to download fresh data.
    tile_deg : float, default 3.0
        Side of the square tiles (degrees) the area is cut into, one query per tile.

    Returns
    -------
    networkx.MultiDiGraph
        osmnx graph like :func:`~supplychain.networks.osm.graph_from_osm_file`: both directions
        of two-way roads, ``length`` in metres, not simplified, ``crs`` EPSG:4326. Roads are
        cut at the area's edge (osmnx keeps the first node beyond it).

    Raises
    ------
    OverpassError
        If a query still fails after ``retries`` attempts (network error, timeout, HTTP 429 or
        5xx, server runtime error) or the server rejects it; the message names the URL.
    NetworkSourceError
        If the area holds no road of ``classes``.
    ParameterError
        If ``area``, ``classes`` or a numeric argument is invalid, ``url`` is not an http(s)
        address, or ``cache_dir`` is (or is under) a file.

    Examples
    --------
    >>> from supplychain.networks.places import corridor_buffer, load_corridors
    >>> area = corridor_buffer(load_corridors(), 50)
    >>> g = graph_from_overpass(area, classes=["trunk", "primary"])  # doctest: +SKIP
    >>> g.graph["crs"]  # doctest: +SKIP
    'epsg:4326'
    """
    _check_arguments(area, classes, retries, backoff_s, timeout_s, tile_deg)
    if url is not None and (urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc):
        # `--overpass-url ""` or "overpass.example.org/api": three attempts (9 s), then
        # "Overpass API at  cannot be reached ... check the internet connection".
        raise ParameterError(f"Overpass URL {url!r} is not an http(s) address; give the API's base URL "
                             "with its scheme, e.g. https://overpass-api.de/api")  # fmt: skip
    tiles = _query_tiles(area, tile_deg)
    custom_filter = f'["highway"~"^({"|".join(classes)})$"]'
    overrides: dict[str, object] = {
        "use_cache": True,
        "requests_timeout": timeout_s,
        "max_query_area_size": _MAX_QUERY_AREA_M2,
        "requests_kwargs": _with_response_hook(ox.settings.requests_kwargs),
    }
    if url is not None:
        overrides["overpass_url"] = url
    if cache_dir is not None:
        # A file as the cache folder (or under one) failed only when the first answer was cached,
        # after its download; with no server, as "cannot be reached".
        folder = Path(cache_dir)
        blocker = next((p for p in (folder, *folder.parents) if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            raise ParameterError(f"Overpass cache folder '{cache_dir}' cannot be used: '{blocker}' is a "
                                 "file; give a folder (--cache-dir; it is made if missing)")  # fmt: skip
        overrides["cache_folder"] = str(cache_dir)
    graphs: list[nx.MultiDiGraph] = []
    with osmnx_settings(**overrides):
        endpoint = str(ox.settings.overpass_url)
        _probe(endpoint, timeout_s=timeout_s, retries=retries, backoff_s=backoff_s)
        for index, tile in enumerate(tiles, start=1):
            graph = _download_tile(
                tile,
                custom_filter=custom_filter,
                label=f"query tile {index}/{len(tiles)} {_bounds_label(tile)}",
                endpoint=endpoint,
                retries=retries,
                backoff_s=backoff_s,
            )
            if graph is not None:
                graphs.append(graph)
    raw = nx.compose_all(graphs) if graphs else nx.MultiDiGraph()
    if raw.number_of_edges() == 0:
        raise NetworkSourceError(
            f"Overpass API at {endpoint} returned no road of classes {', '.join(classes)} "
            f"inside the query area {_bounds_label(area)}; check --classes and the corridor file "
            "(the area is the buffer around its corridors)."
        )
    raw.graph.update({"crs": "epsg:4326", "simplified": False})
    logger.info(
        "Downloaded %d nodes, %d directed edges of classes %s from Overpass %s "
        "(%d tile queries, %d without road)",
        raw.number_of_nodes(), raw.number_of_edges(), ",".join(classes), endpoint,
        len(tiles), len(tiles) - len(graphs),
    )  # fmt: skip
    return raw


def _check_arguments(
    area: BaseGeometry,
    classes: Sequence[str],
    retries: int,
    backoff_s: float,
    timeout_s: int,
    tile_deg: float,
) -> None:
    problems: list[str] = []
    if not isinstance(area, Polygon | MultiPolygon) or area.is_empty:
        problems.append(
            f"area is a {type(area).__name__}; give a non-empty WGS84 Polygon or MultiPolygon"
        )
    else:
        x0, y0, x1, y1 = area.bounds
        if x0 < -180 or x1 > 180 or y0 < -90 or y1 > 90:
            problems.append(
                f"area bounds {area.bounds} are not longitude/latitude degrees; give WGS84"
            )
    if isinstance(classes, str) or not classes:
        problems.append("classes must be a non-empty list of OSM highway values")
    else:
        problems += [
            f"road class {c!r} is not an OSM highway value (lower-case letters, digits, '_')"
            for c in classes
            if not _CLASS_RE.match(str(c))
        ]
    if not (isinstance(retries, int) and retries >= 1):
        problems.append(f"retries={retries!r}; give at least 1 attempt")
    if not (math.isfinite(backoff_s) and backoff_s >= 0):
        problems.append(f"backoff_s={backoff_s!r}; give a non-negative number of seconds")
    if not (math.isfinite(timeout_s) and timeout_s > 0):
        problems.append(f"timeout_s={timeout_s!r}; give a positive number of seconds")
    if not (math.isfinite(tile_deg) and tile_deg > 0):
        problems.append(f"tile_deg={tile_deg!r}; give a positive number of degrees")
    if problems:
        raise ParameterError("Invalid Overpass download arguments", problems=problems)


def _query_tiles(area: BaseGeometry, tile_deg: float) -> list[Polygon | MultiPolygon]:
    """Cut the slightly enlarged, simplified area into (Multi)Polygon tiles, west to east."""
    # Buffering by the tolerance first keeps the simplified outline around the original.
    region = shapely.simplify(shapely.make_valid(area).buffer(_SIMPLIFY_DEG), _SIMPLIFY_DEG)
    x0, y0, x1, y1 = region.bounds
    tiles: list[Polygon | MultiPolygon] = []
    for i in range(math.floor(x0 / tile_deg), math.ceil(x1 / tile_deg)):
        for j in range(math.floor(y0 / tile_deg), math.ceil(y1 / tile_deg)):
            cell = box(i * tile_deg, j * tile_deg, (i + 1) * tile_deg, (j + 1) * tile_deg)
            polygons = _polygons(region.intersection(cell))
            if polygons:
                tiles.append(polygons[0] if len(polygons) == 1 else MultiPolygon(polygons))
    return tiles


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    out: list[Polygon] = []
    for part in shapely.get_parts(geometry):
        if isinstance(part, Polygon):
            if part.area > 0:
                out.append(part)
        elif not part.is_empty and hasattr(part, "geoms"):
            out += _polygons(part)
    return out


def _bounds_label(geometry: BaseGeometry) -> str:
    x0, y0, x1, y1 = geometry.bounds
    return f"(lon {x0:.2f}..{x1:.2f}, lat {y0:.2f}..{y1:.2f})"


def _excerpt(text: str) -> str:
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()
    return plain[:_EXCERPT_CHARS] + ("..." if len(plain) > _EXCERPT_CHARS else "")


def _check_response(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
    """requests response hook: raise on Overpass answers that must not reach osmnx."""
    if not urlparse(response.url).path.rstrip("/").endswith("/interpreter"):
        return response  # e.g. the /status endpoint: osmnx copes with its failures
    status = response.status_code
    if status == 429 or status >= 500:
        raise _TransientResponseError(
            f"HTTP {status} {response.reason} ({_excerpt(response.text) or 'no message'})"
        )
    if status >= 400:
        raise _RejectedQueryError(
            f"HTTP {status} {response.reason} ({_excerpt(response.text) or 'no message'})"
        )
    try:
        payload = response.json()
    except ValueError:
        raise _TransientResponseError(
            f"answer is not Overpass JSON: {_excerpt(response.text) or 'empty body'}"
        ) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("elements"), list):
        raise _TransientResponseError("answer is JSON without an 'elements' list")
    remark = payload.get("remark")
    if isinstance(remark, str) and "error" in remark.lower():
        # Overpass answers 200 with a partial element list when the query timed out or ran
        # out of memory on the server; such data must not be used (or cached).
        raise _TransientResponseError(f"server remark: {_excerpt(remark)}")
    return response


def _with_response_hook(kwargs: dict[str, Any]) -> dict[str, Any]:
    merged = dict(kwargs)
    hooks = dict(merged.get("hooks") or {})
    existing = hooks.get("response") or []
    existing = list(existing) if isinstance(existing, list | tuple) else [existing]
    hooks["response"] = [*existing, _check_response]
    merged["hooks"] = hooks
    return merged


def _probe(endpoint: str, *, timeout_s: float, retries: int, backoff_s: float) -> None:
    """Fail fast on an unreachable server: osmnx would pause 60 s before every attempt."""
    url = endpoint.rstrip("/") + "/status"
    last: Exception | None = None
    for attempt in range(1, retries + 1):
        try:
            requests.get(
                url,
                headers={"User-Agent": str(ox.settings.http_user_agent)},
                timeout=min(timeout_s, 30),
                **ox.settings.requests_kwargs,
            ).close()
            return  # any HTTP answer will do: some servers have no /status
        except requests.RequestException as exc:
            last = exc
            if attempt < retries:
                delay = backoff_s * 2 ** (attempt - 1)
                logger.warning(
                    "Overpass %s: attempt %d of %d to connect failed (%s); retrying in %.1f s",
                    endpoint, attempt, retries, _describe(exc), delay,
                )  # fmt: skip
                time.sleep(delay)
    raise OverpassError(
        f"Overpass API at {endpoint} cannot be reached after {retries} attempt(s); last error: "
        f"{_describe(last)}. {_FIX}"
    ) from last


def _download_tile(
    tile: Polygon | MultiPolygon,
    *,
    custom_filter: str,
    label: str,
    endpoint: str,
    retries: int,
    backoff_s: float,
) -> nx.MultiDiGraph | None:
    """One tile's graph (None if it holds no road), retried with exponential backoff."""
    last: Exception | None = None
    for attempt in range(1, retries + 1):
        try:
            return ox.graph_from_polygon(
                tile,
                custom_filter=custom_filter,
                simplify=False,
                retain_all=True,
                truncate_by_edge=True,
            )
        except ox._errors.InsufficientResponseError:
            return None  # the server answered with no way of these classes
        except _RejectedQueryError as exc:
            raise OverpassError(
                f"Overpass API at {endpoint} rejected the {label}: {exc}. Check that the URL is "
                "an Overpass API base URL (ending in /api) and the road classes are OSM highway "
                "values, or build from an OSM extract with --source FILE.osm.pbf."
            ) from exc
        except _RETRYABLE as exc:
            last = exc
            if attempt < retries:
                delay = backoff_s * 2 ** (attempt - 1)
                logger.warning(
                    "Overpass %s, %s: attempt %d of %d failed (%s); retrying in %.1f s",
                    endpoint, label, attempt, retries, _describe(exc), delay,
                )  # fmt: skip
                time.sleep(delay)
        except ValueError as exc:
            if _NO_NODES_IN_POLYGON in str(exc).lower():
                return None  # ways only touch the tile's 500 m margin
            raise
    raise OverpassError(
        f"Overpass API at {endpoint} failed {retries} time(s) on the {label}; last error: "
        f"{_describe(last)}. {_FIX} Tiles already downloaded are cached in "
        f"'{ox.settings.cache_folder}'."
    ) from last


def _describe(exc: Exception | None) -> str:
    if exc is None:
        return "unknown error"
    if isinstance(exc, requests.Timeout):
        return f"no answer within the timeout ({type(exc).__name__})"
    if isinstance(exc, requests.ConnectionError):
        return f"cannot connect ({_excerpt(str(exc))})"
    return _excerpt(str(exc)) or type(exc).__name__
