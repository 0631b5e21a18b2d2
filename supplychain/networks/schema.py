"""The one attribute schema of a corridor network.

Every source (embedded skeleton, OSM XML, PBF, Overpass, GIS layer) ends in a networkx
``MultiDiGraph`` in the osmnx convention whose nodes and edges carry the attributes listed
here. The schema drives validation (:func:`validate_network`) and the documentation table in
the README (:func:`schema_markdown`). Units live in the attribute names.
"""

from __future__ import annotations

import logging
import math
import numbers
import sys
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any, Literal, cast

import networkx as nx

from supplychain._toml import past_any_float
from supplychain.errors import ArgumentError, ArgumentTypeError, SchemaError

__all__ = [
    "BUILD_REVISION",
    "EDGE_ATTRIBUTES",
    "GRAPH_ATTRIBUTES",
    "LAT_RANGE",
    "LON_RANGE",
    "MODEL_EDGE_INPUTS",
    "MODEL_GRAPH_INPUTS",
    "MODEL_NODE_INPUTS",
    "NODE_ATTRIBUTES",
    "ROAD_CLASSES",
    "ROLES",
    "AttributeSpec",
    "check_network_argument",
    "schema_markdown",
    "validate_model_inputs",
    "validate_network",
]

logger = logging.getLogger(__name__)

#: OSM ``highway`` values of roads a tanker can use (a saved network with another class is
#: refused on load: a typo or a column mapped by mistake).
ROAD_CLASSES: frozenset[str] = frozenset(
    c + link
    for c in ("motorway", "trunk", "primary", "secondary", "tertiary")
    for link in ("", "_link")
) | frozenset({"unclassified", "residential", "road", "track", "service", "living_street"})

#: Roles a node can play. ``junction`` is every node that is not a named place.
ROLES: tuple[str, ...] = ("port", "depot", "border", "city", "junction")

Kind = Literal["str", "float", "int", "bool", "list[str]", "list[int]", "dict"]


@dataclass(frozen=True)
class AttributeSpec:
    """One attribute of the network schema.

    Parameters
    ----------
    name : str
        Attribute name; the unit is part of it (``length_km``).
    kind : {"str", "float", "int", "bool", "list[str]", "list[int]", "dict"}
        Python type of the value.
    unit : str
        Unit, or ``""`` for unitless values.
    required : bool
        Whether every element must carry the attribute.
    default : Any
        Value used when a source does not provide it (``None``: no default).
    description : str
        One sentence for the documentation.
    minimum : float or None
        Smallest allowed value for numbers.
    exclusive : bool, default False
        The value must be strictly greater than ``minimum`` (lengths and speeds).
    maximum : float or None
        Largest plausible value for numbers; a larger one is refused as a unit or typing
        mistake (``1e300`` km built, then failed inside the solver).
    reason : str
        Why ``maximum`` (and, for coordinates, ``minimum``) is the bound: the assumption,
        quoted in the error.

    Examples
    --------
    >>> AttributeSpec("length_km", "float", "km", True, None, "Road length.", 0.0).unit
    'km'
    """

    name: str
    kind: Kind
    unit: str
    required: bool
    default: Any
    description: str
    minimum: float | None = None
    exclusive: bool = False
    maximum: float | None = None
    reason: str = ""


EDGE_ATTRIBUTES: tuple[AttributeSpec, ...] = (
    AttributeSpec(
        "segment_id",
        "str",
        "",
        True,
        None,
        "Stable readable id `REF:From-To` of the road segment; both directions share it.",
    ),
    AttributeSpec("osmid", "list[int]", "", True, [], "OSM way ids the segment was built from."),
    # Assumption: a segment runs between junctions, places or class changes; 5,000 km is
    # longer than any road from a West African port to Mali (the longest is about 2,000 km).
    AttributeSpec("length_km", "float", "km", True, None, "Road length.", 0.0, True, 5_000.0,
                  "no road segment is longer; check the unit (metres?)"),
    AttributeSpec("highway", "str", "", True, None, "OSM road class (trunk, primary, ...)."),
    AttributeSpec("ref", "str", "", True, "", "Road number (`N1`, `RN7`, ...); empty if none."),
    AttributeSpec("name", "str", "", True, "", "Road name; empty if none."),
    AttributeSpec("country", "str", "ISO3", True, None,
                  "Country of the segment's midpoint; beside a border post whose segments the "
                  "1:50m map puts in one country, the post's side (its country or the nearest "
                  "neighbour)."),
    # Assumption: a loaded tanker truck does not average more than 200 km/h (legal limits are
    # 80-130 km/h).
    AttributeSpec("speed_kph", "float", "km/h", True, None, "Tanker truck speed.", 0.0, True,
                  200.0, "no tanker truck is faster; check the unit (m/s? m/h?)"),
    # Assumption: 1,000 h (six weeks) is longer than any segment at the slowest speed
    # (5,000 km at 5 km/h).
    AttributeSpec("travel_time_h", "float", "h", True, None, "length_km / speed_kph.", 0.0,
                  False, 1_000.0, "no segment takes longer; check length_km and speed_kph"),
    # Assumption: 100,000 trucks/day is more than a motorway lane carries of all traffic
    # (about 2,000 vehicles/h); larger values are typos or "unlimited" placeholders.
    AttributeSpec(
        "capacity_trucks_per_day",
        "float",
        "trucks/day",
        True,
        None,
        "Tanker trucks per day the segment can carry in this direction.",
        0.0,
        False,
        100_000.0,
        "no road carries more tanker trucks",
    ),
    AttributeSpec("surface", "str", "", True, "unknown", "OSM surface (asphalt, unpaved, ...)."),
    AttributeSpec("lanes", "int", "", True, 2, "Number of lanes (both directions).", 1),
    AttributeSpec(
        "corridors", "list[str]", "", True, [], "Names of the corridors the segment belongs to."
    ),
)

#: WGS84 longitude and latitude in degrees, (smallest, largest): the bounds of the node
#: attributes ``x`` and ``y``, which the OSM and GIS readers and the places files check too.
LON_RANGE: tuple[float, float] = (-180.0, 180.0)
LAT_RANGE: tuple[float, float] = (-90.0, 90.0)

NODE_ATTRIBUTES: tuple[AttributeSpec, ...] = (
    # Assumption: coordinates are WGS84 degrees (the schema's crs); anything else is projected
    # metres or swapped columns.
    AttributeSpec("x", "float", "deg", True, None, "Longitude (WGS84).", LON_RANGE[0], False, LON_RANGE[1],
                  "WGS84 longitude; projected coordinates or swapped x/y?"),
    AttributeSpec("y", "float", "deg", True, None, "Latitude (WGS84).", LAT_RANGE[0], False, LAT_RANGE[1],
                  "WGS84 latitude; projected coordinates or swapped x/y?"),
    AttributeSpec("name", "str", "", True, "", "Place name, or empty for an unnamed junction."),
    AttributeSpec("role", "str", "", True, "junction", "One of port, depot, border, city, junction."),
    AttributeSpec("country", "str", "ISO3", True, None,
                  "Country the node lies in: a place's from its file; a junction's from the "
                  "1:50m map, or the country of its roads where its two or more segments all "
                  "lie in one other (border towns such as Kidira)."),
    # Assumption: 1,000,000 m3/day is more than the largest refinery ships (about 200,000) and
    # 200 times Mali's whole demand (about 5,000); larger values are typos or placeholders.
    AttributeSpec(
        "supply_m3_per_day", "float", "m3/day", False, None, "Fuel a loading point can supply.", 0.0,
        False, 1_000_000.0, "no loading point supplies more",
    ),
    AttributeSpec(
        "demand_m3_per_day", "float", "m3/day", False, None, "Fuel a demand city consumes.", 0.0,
        False, 1_000_000.0, "no city consumes more",
    ),
    AttributeSpec(
        "capacity_trucks_per_day",
        "float",
        "trucks/day",
        False,
        None,
        "Tanker trucks per day a border post or loading point can process.",
        0.0,
        False,
        # Assumption: as for segments, more is a typo or an "unlimited" placeholder.
        100_000.0,
        "no border post or loading point processes more tanker trucks",
    ),
    AttributeSpec(
        "snap_distance_km", "float", "km", False, None, "Distance from the place to this node.", 0.0
    ),
    AttributeSpec(
        "border_crossing", "bool", "", True, False, "The road changes country at this node."
    ),
)

#: What ``network build`` puts into a network, as a number it writes in the graph attribute
#: ``build_revision``; raised when a change to the build changes what a built network holds, so
#: that :func:`~supplychain.networks.io.load_network` can tell a saved network built before it
#: (a warning saying to rebuild). 1 (2026-12-05): corridors left unlabelled where their road
#: misses a waypoint, segment ids by coordinates, crossings without a post named after the
#: segment that crosses (CHANGELOG.md); files without the attribute were built before. 2
#: (2026-12-05): a GIS line cut where another ends on it and a multi-part feature's length
#: shared by its parts, a stretch a corridor walks out and back not labelled with it. 3
#: (2026-12-05): a border post on a junction where traffic passes without crossing moved onto
#: the one road to the other side, or onto a crossing between the junction's two halves
#: (Kidira-Diboli and Rosso on the West-African layer).
BUILD_REVISION = 3

GRAPH_ATTRIBUTES: tuple[AttributeSpec, ...] = (
    AttributeSpec("crs", "str", "", True, "epsg:4326", "Coordinate reference system."),
    AttributeSpec("source", "str", "", True, None, "Where the network came from."),
    AttributeSpec("created", "str", "", True, None, "ISO 8601 time the network was built."),
    AttributeSpec("build_revision", "int", "", False, None,
                  "What the build that wrote it puts into a network (raised when that changes); "
                  "loading an older one warns to rebuild it."),
    AttributeSpec("build", "dict", "", False, None,
                  "How it was built: `supplychain_version`, `built_with` (`command line` or "
                  "`Python`), `source` as given with `source_sha256` and `source_bytes` (a "
                  "shapefile's other files in `source_sidecars`), "
                  "`options` (those that change the result, as `network build` takes them) "
                  "and `command` (the command that rebuilds it, without `--out`; null for a "
                  "Python build)."),
)

_PY_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "float": (float, int),
    "int": (int,),
    "bool": (bool,),
    "list[str]": (list,),
    "list[int]": (list,),
    "dict": (dict,),
}


def _attribute_problems(
    graph: nx.MultiDiGraph,
    node_specs: Callable[[dict[str, Any]], Iterable[AttributeSpec]],
    edge_specs: Iterable[AttributeSpec],
) -> list[str]:
    """The problems of :func:`_check_value` over every node (the specs ``node_specs`` gives for
    its attributes) and every directed edge, each named as the errors name it: ``Node 12
    'Kayes'``, ``Segment 'N1:Kayes-Diéma'``. Shared by :func:`validate_model_inputs` and the
    summary's check (:mod:`supplychain.networks.info`), which wrote the same two loops."""
    problems: list[str] = []
    for node, data in graph.nodes(data=True):
        label = f"Node {node}" + (f" '{data['name']}'" if data.get("name") else "")
        for spec in node_specs(data):
            if (msg := _check_value(spec, data.get(spec.name), label)) is not None:
                problems.append(msg)
    edge_specs = list(edge_specs)
    for u, v, data in graph.edges(data=True):
        label = f"Segment '{data.get('segment_id', f'{u}-{v}')}'"
        for spec in edge_specs:
            if (msg := _check_value(spec, data.get(spec.name), label)) is not None:
                problems.append(msg)
    return problems


def _check_value(spec: AttributeSpec, value: Any, where: str) -> str | None:
    if value is None:
        return f"{where} has no '{spec.name}'" if spec.required else None
    if spec.kind in ("float", "int") and isinstance(value, bool):
        return f"{where} has '{spec.name}' = {value!r}; expected a number"
    if not isinstance(value, _PY_TYPES[spec.kind]):
        return f"{where} has '{spec.name}' = {value!r} of type {type(value).__name__}; expected {spec.kind}"
    if spec.kind.startswith("list"):  # the elements too: ["x"] for OSM way ids passed as a list
        element = int if spec.kind == "list[int]" else str
        bad = [v for v in cast(list[Any], value) if not isinstance(v, element) or isinstance(v, bool)]
        if bad:
            return f"{where} has '{spec.name}' = {value!r} with {bad[0]!r}; expected {spec.kind}"
    if spec.kind in ("float", "int"):
        if past_any_float(value):  # float() overflowed (fuzz29)
            return (f"{where} has {spec.name} {str(value)[:12]}... ({len(str(value))} digits), past any "
                    "number a model holds; it must be a finite number")
        number = float(cast(float, value))
        if not math.isfinite(number):
            return f"{where} has non-finite {spec.name} {number}; it must be a finite number"
        too_small = spec.minimum is not None and (
            number <= spec.minimum if spec.exclusive else number < spec.minimum
        )
        unit = f" {spec.unit}" if spec.unit else ""
        if spec.maximum is not None and spec.minimum is not None and spec.minimum < 0:
            if not spec.minimum <= number <= spec.maximum:  # a range (coordinates)
                return (
                    f"{where} has {spec.name} {number:g}{unit} outside {spec.minimum:g}.."
                    f"{spec.maximum:g} ({spec.reason})"
                )
            return None
        if spec.minimum is not None and too_small:
            bound = f"> {spec.minimum:g}" if spec.exclusive else f">= {spec.minimum:g}"
            return (
                f"{where} has {'negative' if number < 0 else 'too small'} {spec.name} "
                f"{number:g}{unit}; it must be {bound}"
            )
        if spec.maximum is not None and number > spec.maximum:
            return (
                f"{where} has implausible {spec.name} {number:g}{unit}; it must be <= "
                f"{spec.maximum:,.0f} ({spec.reason})"
            )
    return None


def _listed(problems: list[str], most: int) -> list[str]:
    """The first ``most`` of ``problems``, then ``"... and N more"`` when some are left out: what
    a schema error lists (the count in its message is always complete)."""
    return problems[:most] + ([f"... and {len(problems) - most} more"] if len(problems) > most else [])


def check_network_argument(graph: object) -> None:
    """Refuse a ``graph`` given in code that is not a network, before anything reads it.

    ``save_network``, ``snap_places``, ``summarize_network``, ``validate_network``,
    ``worst_case`` and ``greedy_worst_case`` met an ``AttributeError`` on None or a path
    ("'NoneType' object has no attribute 'graph'") (api37); the selectors and the model builders
    already said so in these words.

    Parameters
    ----------
    graph : object
        What the caller gave as the network.

    Raises
    ------
    ArgumentTypeError
        If ``graph`` is not a ``networkx.MultiDiGraph`` (a ``TypeError`` too).

    Examples
    --------
    >>> check_network_argument(nx.MultiDiGraph())
    >>> check_network_argument("net.parquet")
    Traceback (most recent call last):
    ...
    supplychain.errors.ArgumentTypeError: graph is a str, not a networkx.MultiDiGraph; give supplychain.networks.build_network() or load_network(path)
    """
    if not isinstance(graph, nx.MultiDiGraph):
        raise ArgumentTypeError(f"graph is a {type(graph).__name__}, not a networkx.MultiDiGraph; give "
                                "supplychain.networks.build_network() or load_network(path)")  # fmt: skip


def _check_max_problems(max_problems: Any) -> None:
    """Refuse a ``max_problems`` that is not a whole number >= 1: -1 or 0 listed no problem
    (only "... and N more"), 2.5 or "3" failed with a bare TypeError, all without a word."""
    if isinstance(max_problems, bool) or not isinstance(max_problems, numbers.Integral):
        raise ArgumentTypeError(f"max_problems = {max_problems!r}: give how many problems the error "
                                "lists, a whole number >= 1 (default 20)")  # fmt: skip
    if max_problems < 1:
        raise ArgumentError(f"max_problems = {max_problems!r}; give how many problems the error "
                            "lists, a whole number >= 1 (default 20)")  # fmt: skip


def validate_network(
    graph: nx.MultiDiGraph,
    *,
    max_problems: int = 20,
    known_classes: Collection[str] | None = None,
) -> None:
    """Check every node, edge and graph attribute against the schema.

    All problems are collected first, then raised once.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A corridor network.
    max_problems : int, default 20
        How many problems the error lists, 1 or more (the count is always complete).
    known_classes : collection of str, optional
        Road classes (``highway``) accepted; default: any (a build has already checked that
        every class has speed and capacity defaults). :func:`load_network` passes
        :data:`ROAD_CLASSES`.

    Raises
    ------
    SchemaError
        If any attribute is missing, of the wrong type, not finite, out of range, or a road
        class is not known.
    ArgumentTypeError
        If ``graph`` is not a ``networkx.MultiDiGraph``, or ``max_problems`` not a whole number.
    ArgumentError
        If ``max_problems`` is below 1.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(crs="epsg:4326", source="test", created="2026-01-01")
    >>> validate_network(g)
    """
    check_network_argument(graph)
    _check_max_problems(max_problems)
    problems: list[str] = []
    for spec in GRAPH_ATTRIBUTES:
        if (msg := _check_value(spec, graph.graph.get(spec.name), "The network")) is not None:
            problems.append(msg)
    for node, data in graph.nodes(data=True):
        label = f"Node {node}" + (f" '{data['name']}'" if data.get("name") else "")
        for spec in NODE_ATTRIBUTES:
            if (msg := _check_value(spec, data.get(spec.name), label)) is not None:
                problems.append(msg)
        role = data.get("role")
        if role is not None and role not in ROLES:
            problems.append(f"{label} has role {role!r}; expected one of {', '.join(ROLES)}")
    for u, v, data in graph.edges(data=True):
        label = f"Segment '{data.get('segment_id', f'{u}-{v}')}'"
        for spec in EDGE_ATTRIBUTES:
            if (msg := _check_value(spec, data.get(spec.name), label)) is not None:
                problems.append(msg)
        highway = data.get("highway")
        if known_classes is not None and isinstance(highway, str) and highway not in known_classes:
            problems.append(
                f"{label} has unknown road class highway={highway!r}; expected one of "
                f"{', '.join(sorted(known_classes))}"
            )
    # Once each: both directions of a segment share its id, and so its messages.
    problems = list(dict.fromkeys(problems))
    if problems:
        raise SchemaError(
            f"The network has {len(problems)} schema problem(s); fix the source data or the "
            "parameter overrides",
            problems=_listed(problems, max_problems),
        )
    logger.debug(
        "Schema valid: %d nodes, %d edges", graph.number_of_nodes(), graph.number_of_edges()
    )


#: The attributes the optimisation models read, checked whenever one is built from a graph.
MODEL_EDGE_ATTRIBUTES = ("segment_id", "length_km", "travel_time_h", "capacity_trucks_per_day")
MODEL_NODE_ATTRIBUTES = ("supply_m3_per_day", "demand_m3_per_day", "capacity_trucks_per_day")

#: Every attribute a model's answer depends on: what a cached answer (``run_scenario``'s
#: baseline, a sweep's solvers) is keyed by. The numbers checked above, plus the roles (which
#: capacities limit traffic, which nodes are border posts), names and countries (scenarios,
#: threat rules, priority blocks and the hub are matched by them), speeds and corridors.
MODEL_EDGE_INPUTS = ("segment_id", "length_km", "speed_kph", "travel_time_h",
                     "capacity_trucks_per_day", "corridors")  # fmt: skip
MODEL_NODE_INPUTS = ("name", "role", "country", "supply_m3_per_day", "demand_m3_per_day",
                     "capacity_trucks_per_day")  # fmt: skip
MODEL_GRAPH_INPUTS = ("tanker_volume_m3",)


def validate_model_inputs(graph: nx.MultiDiGraph, *, max_problems: int = 20) -> None:
    """Check what the models read (lengths, times, capacities, supplies, demands) before a
    model is built from ``graph``.

    A graph loaded from a file was checked whole by :func:`validate_network`; one built or
    edited in code was not, and a NaN length then failed inside PuLP, a negative supply or
    travel time solved as "optimal" and a NaN demand dropped its city silently. The same
    rules as :func:`validate_network` on those attributes only (other attributes, such as
    OSM tags, do not change a plan), every problem collected and raised once.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    max_problems : int, default 20
        How many problems the error lists, 1 or more (the count is always complete).

    Raises
    ------
    SchemaError
        If ``graph`` is not a MultiDiGraph, or one of those attributes is missing where
        required, of the wrong type, not finite or out of range; or the graph's
        ``tanker_volume_m3`` is not a positive number.
    ArgumentError
        If ``max_problems`` is below 1 (an ``ArgumentTypeError`` if not a whole number).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge(1, 2, segment_id="a", length_km=float("nan"), travel_time_h=1.0,
    ...            capacity_trucks_per_day=10.0)
    0
    >>> try:
    ...     validate_model_inputs(g)
    ... except SchemaError as err:
    ...     print(err)
    The network has 1 problem(s) a model cannot use; fix the attribute or rebuild the network with supplychain.networks: Segment 'a' has non-finite length_km nan; it must be a finite number
    """
    if not isinstance(graph, nx.MultiDiGraph):
        raise SchemaError(f"The network is a {type(graph).__name__}, not a networkx.MultiDiGraph; "
                          "build or load it with supplychain.networks")  # fmt: skip
    _check_max_problems(max_problems)
    edge_specs = [spec for spec in EDGE_ATTRIBUTES if spec.name in MODEL_EDGE_ATTRIBUTES]
    node_specs = [spec for spec in NODE_ATTRIBUTES if spec.name in MODEL_NODE_ATTRIBUTES]
    problems: list[str] = []
    volume = graph.graph.get("tanker_volume_m3")
    if volume is not None and (isinstance(volume, bool) or not isinstance(volume, int | float)
                               or not abs(volume) <= sys.float_info.max or volume <= 0):  # fmt: skip
        # An integer past any float shortened as the attributes' are (401 digits were printed).
        given = f"{str(volume)[:12]}... ({len(str(volume))} digits)" if past_any_float(volume) else repr(volume)
        problems.append(f"The network has tanker_volume_m3 = {given}; it must be a number > 0")
    problems += _attribute_problems(graph, lambda data: node_specs, edge_specs)
    if problems:
        raise SchemaError(f"The network has {len(problems)} problem(s) a model cannot use; fix the "
                          "attribute or rebuild the network with supplychain.networks",
                          problems=_listed(problems, max_problems))  # fmt: skip


def schema_markdown() -> str:
    """Render the schema as a Markdown table (used for the README).

    Returns
    -------
    str
        One table with a row per attribute.

    Examples
    --------
    >>> schema_markdown().splitlines()[0]
    '| element | attribute | type | unit | required | default | description |'
    """
    lines = [
        "| element | attribute | type | unit | required | default | description |",
        "|---|---|---|---|---|---|---|",
    ]
    for element, specs in (
        ("graph", GRAPH_ATTRIBUTES),
        ("node", NODE_ATTRIBUTES),
        ("edge", EDGE_ATTRIBUTES),
    ):
        for s in specs:
            default = "" if s.default is None else f"`{s.default!r}`"
            lines.append(
                f"| {element} | `{s.name}` | {s.kind} | {s.unit} | "
                f"{'yes' if s.required else 'no'} | {default} | {s.description} |"
            )
    return "\n".join(lines)
