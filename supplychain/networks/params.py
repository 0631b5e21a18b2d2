"""Network parameters: tanker size, capacities and speeds by road class, snapping tolerances.

The defaults live in ``models/network.toml``; every value there cites a row of
``../shared/FACTS.md`` or is marked as an assumption. Any segment or node can be overridden.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from supplychain._paths import MODELS_DIR, as_path
from supplychain._toml import Checker, read_toml
from supplychain.errors import ParameterError

__all__ = [
    "DEFAULT_PARAMS_PATH",
    "DetourStretch",
    "NetworkParameters",
    "load_network_parameters",
]

logger = logging.getLogger(__name__)

#: The parameter file shipped with the project.
DEFAULT_PARAMS_PATH: Path = MODELS_DIR / "network.toml"

#: Tanker volumes (m³) outside which a parameter file's ``[tanker] volume_m3`` is warned about,
#: most likely a unit slip (litres: 46000; thousands of m³: 0.046). Assumption: Mali's
#: tankers carry 45.6-46.1 m³ on average (FACTS: Tankers / "Litres per tanker (official weekly
#: arrival figures)"); a road tanker of under 10 m³ (a small rigid truck) or over 80 m³ (past
#: any semi-trailer on these roads) is taken as implausible. A warning, not a refusal: a small
#: test network may use a tanker of 1 or 2 m³ on purpose.
_PLAUSIBLE_TANKER_M3: tuple[float, float] = (10.0, 80.0)

_SEGMENT_OVERRIDES = {"capacity_trucks_per_day", "speed_kph", "length_km"}
_NODE_OVERRIDES = {"capacity_trucks_per_day", "supply_m3_per_day", "demand_m3_per_day"}


@dataclass(frozen=True)
class DetourStretch:
    """A stretch of the embedded skeleton with its own detour index (road km / chord km).

    Parameters
    ----------
    refs : tuple of str
        Road numbers the stretch follows.
    start, end : str
        Names of the skeleton nodes it runs between (along roads with those numbers).
    factor : float
        Detour index applied to the chords of the stretch instead of the global one.

    Examples
    --------
    >>> DetourStretch(("N2",), "Nouakchott", "Rosso", 1.15).factor
    1.15
    """

    refs: tuple[str, ...]
    start: str
    end: str
    factor: float


@dataclass(frozen=True)
class NetworkParameters:
    """Parameters that turn roads into a capacitated corridor graph.

    Parameters
    ----------
    tanker_volume_m3 : float
        Fuel carried by one tanker truck.
    capacity_trucks_per_day : dict of str to float
        Capacity per direction of a two-lane paved road, by OSM ``highway`` class.
    speed_kph : dict of str to float
        Average loaded tanker speed on a paved road, by class.
    unpaved_surfaces : tuple of str
        OSM ``surface`` values treated as unpaved.
    unpaved_capacity_factor, unpaved_speed_factor : float
        Multipliers applied on unpaved surfaces.
    reference_lanes : int
        Lane count the class capacities refer to; capacity scales with ``lanes / reference_lanes``.
    classes : tuple of str
        Road classes kept by default when reading OSM data.
    place_tolerance_km : float
        Largest distance between a place and the node it snaps to.
    detours : tuple of DetourStretch
        Per-stretch detour indices of the embedded skeleton (replace the global factor there).
    road_tolerance_km : float
        Largest distance between a place matching no node and the road it is inserted onto;
        places farther from every road are dropped.
    corridor_buffer_km : float
        Width of the buffer around the corridor skeleton used to clip PBF and Overpass data.
    embedded_detour_factor : float
        Road length / straight-line length for the authored skeleton, whose ways are straight
        chords between towns and bends 20-60 km apart (>= 1; real OSM geometry needs none).
    segment_overrides, node_overrides : dict
        Per-segment (by ``segment_id``) and per-node (by place name) attribute overrides.
    source : str
        The file the parameters came from.

    Examples
    --------
    >>> p = load_network_parameters()
    >>> p.tanker_volume_m3 > 0
    True
    """

    tanker_volume_m3: float
    capacity_trucks_per_day: dict[str, float]
    speed_kph: dict[str, float]
    unpaved_surfaces: tuple[str, ...]
    unpaved_capacity_factor: float
    unpaved_speed_factor: float
    reference_lanes: int
    classes: tuple[str, ...]
    place_tolerance_km: float
    corridor_buffer_km: float
    embedded_detour_factor: float = 1.0
    road_tolerance_km: float = 25.0
    detours: tuple[DetourStretch, ...] = ()
    segment_overrides: dict[str, dict[str, float]] = field(default_factory=dict)
    node_overrides: dict[str, dict[str, float]] = field(default_factory=dict)
    source: str = ""

    def class_capacity(self, highway: str) -> float | None:
        """Two-lane paved capacity of a road class (``*_link`` falls back to its class).

        Parameters
        ----------
        highway : str
            OSM ``highway`` value, e.g. ``trunk`` or ``trunk_link``.

        Returns
        -------
        float or None
            Tanker trucks per day and direction; None for a class the parameters do not list.
        """
        return self.capacity_trucks_per_day.get(
            highway, self.capacity_trucks_per_day.get(highway.removesuffix("_link"))
        )

    def class_speed(self, highway: str) -> float | None:
        """Paved tanker speed of a road class (``*_link`` falls back to its class).

        Parameters
        ----------
        highway : str
            OSM ``highway`` value, e.g. ``trunk`` or ``trunk_link``.

        Returns
        -------
        float or None
            km/h; None for a class the parameters do not list.
        """
        return self.speed_kph.get(highway, self.speed_kph.get(highway.removesuffix("_link")))


def load_network_parameters(path: str | Path | None = None) -> NetworkParameters:
    """Read and validate a network parameter file.

    Parameters
    ----------
    path : str or Path, optional
        TOML file; default ``models/network.toml``.

    Returns
    -------
    NetworkParameters

    Raises
    ------
    DataFileError
        If the file is missing or not TOML.
    ParameterError
        Listing every unknown key, bad type and out-of-range value, each with file and key.

    Examples
    --------
    >>> load_network_parameters().class_capacity("trunk_link") > 0
    True
    """
    path = as_path(path) if path is not None else DEFAULT_PARAMS_PATH
    data = read_toml(path)
    chk = Checker(path)
    chk.unknown_keys(
        data,
        {"tanker", "capacity_trucks_per_day", "speed_kph", "surface", "lanes", "network",
         "segments", "nodes"},
        "",
    )
    tanker = chk.table(data, "tanker")
    chk.unknown_keys(tanker, {"volume_m3"}, "tanker.")
    volume = chk.number(tanker, "volume_m3", "tanker.", positive=True, required=True)
    low, high = _PLAUSIBLE_TANKER_M3
    if volume is not None and volume > 0 and not low <= volume <= high:
        # 0.001 and 1e6 m3 built and ran without a word: every tanker figure off by as much.
        logger.warning("Parameter file '%s': tanker.volume_m3 = %g m3 is outside the plausible %g-%g m3 "
                       "of a road tanker (46 m3 in Mali); check its unit (m3, not litres)", path, volume, low, high)

    def _class_table(key: str) -> dict[str, float]:
        table = chk.table(data, key)
        out: dict[str, float] = {}
        for cls in table:
            value = chk.number(table, cls, f"{key}.")
            if value is not None:
                out[cls] = value
        if not table:
            chk.add(key, "empty; give a value for each road class, e.g. trunk = 2000")
        return out

    capacities = _class_table("capacity_trucks_per_day")
    speeds = _class_table("speed_kph")
    for cls, speed in speeds.items():
        if speed == 0:
            chk.add(f"speed_kph.{cls}", "0 km/h makes travel times infinite; use a positive speed")

    surface = chk.table(data, "surface")
    chk.unknown_keys(surface, {"unpaved", "unpaved_capacity_factor", "unpaved_speed_factor"}, "surface.")
    unpaved = chk.string_list(surface, "unpaved", "surface.") or []
    cap_f = chk.number(surface, "unpaved_capacity_factor", "surface.", maximum=1.0)
    speed_f = chk.number(surface, "unpaved_speed_factor", "surface.", positive=True, maximum=1.0)

    lanes = chk.table(data, "lanes")
    chk.unknown_keys(lanes, {"reference_lanes"}, "lanes.")
    ref_lanes = chk.number(lanes, "reference_lanes", "lanes.", minimum=1)

    net = chk.table(data, "network")
    chk.unknown_keys(
        net,
        {"classes", "place_tolerance_km", "road_tolerance_km", "corridor_buffer_km",
         "embedded_detour_factor", "detour"},
        "network.",
    )
    classes = chk.string_list(net, "classes", "network.")
    if classes is not None:
        missing = [c for c in classes if c.removesuffix("_link") not in capacities]
        if missing and capacities:
            chk.add("network.classes", f"no capacity_trucks_per_day for {', '.join(missing)}")
    tol = chk.number(net, "place_tolerance_km", "network.", positive=True)
    road_tol = chk.number(net, "road_tolerance_km", "network.", positive=True)
    if tol is not None and road_tol is not None and road_tol < tol:
        chk.add("network.road_tolerance_km",
                f"{road_tol:g} is below place_tolerance_km ({tol:g}); give at least that")
    buf = chk.number(net, "corridor_buffer_km", "network.", positive=True)
    detour = chk.number(net, "embedded_detour_factor", "network.", minimum=1.0, maximum=2.0)

    detours: list[DetourStretch] = []
    raw_detours = net.get("detour", [])
    if not isinstance(raw_detours, list):  # was ignored: every detour stretch dropped, unsaid
        chk.add("network.detour", f"{raw_detours!r} is not a list of [[network.detour]] tables")
        raw_detours = []
    for i, entry in enumerate(raw_detours):
        prefix = f"network.detour[{i}]."
        if not isinstance(entry, dict):
            chk.add(f"network.detour[{i}]", "expected a {refs, from, to, factor} table")
            continue
        chk.unknown_keys(entry, {"refs", "from", "to", "factor"}, prefix)
        refs = chk.string_list(entry, "refs", prefix)
        start = chk.string(entry, "from", prefix)
        end = chk.string(entry, "to", prefix)
        factor = chk.number(entry, "factor", prefix, minimum=1.0, maximum=2.0, required=True)
        if refs and start and end and factor is not None:
            detours.append(DetourStretch(tuple(refs), start, end, factor))
    seg_over = _overrides(chk, data, "segments", _SEGMENT_OVERRIDES)
    node_over = _overrides(chk, data, "nodes", _NODE_OVERRIDES)

    if chk.problems:
        raise ParameterError(
            f"Parameter file '{path}' has {len(chk.problems)} problem(s)", problems=chk.problems
        )
    # Fallbacks for keys a file leaves out: no effect (factors 1.0, no detour) or the assumptions
    # models/network.toml writes beside them (2 lanes, 10, 50 and 25 km); none is a FACTS.md figure.
    params = NetworkParameters(
        tanker_volume_m3=float(volume or 0.0),
        capacity_trucks_per_day=capacities,
        speed_kph=speeds,
        unpaved_surfaces=tuple(unpaved),
        unpaved_capacity_factor=1.0 if cap_f is None else cap_f,
        unpaved_speed_factor=1.0 if speed_f is None else speed_f,
        reference_lanes=int(ref_lanes or 2),
        classes=tuple(classes or sorted(capacities)),
        place_tolerance_km=10.0 if tol is None else tol,
        corridor_buffer_km=50.0 if buf is None else buf,
        embedded_detour_factor=1.0 if detour is None else detour,
        road_tolerance_km=25.0 if road_tol is None else road_tol,
        detours=tuple(detours),
        segment_overrides=seg_over,
        node_overrides=node_over,
        source=str(path),
    )
    logger.debug("Loaded network parameters from %s", path)
    return params


def _overrides(
    chk: Checker, data: dict[str, Any], key: str, allowed: set[str]
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for item, table in chk.table(data, key).items():
        prefix = f"{key}.{item}."
        if not isinstance(table, dict):
            chk.add(f"{key}.{item}", "expected a table of attribute = value")
            continue
        chk.unknown_keys(table, allowed, prefix)
        values = {a: chk.number(table, a, prefix) for a in allowed if a in table}
        out[item] = {a: v for a, v in values.items() if v is not None}
    return out
