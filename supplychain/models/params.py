"""Parameters of the fuel routing LP: priorities, costs, fleet and solver (``models/model.toml``)."""

from __future__ import annotations

import logging
import math
import numbers
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from supplychain._paths import MODELS_DIR, as_path
from supplychain._toml import Checker, past_any_float, read_toml
from supplychain.errors import ArgumentError, ArgumentTypeError, ParameterError

__all__ = [
    "DEFAULT_MODEL_PARAMS_PATH",
    "SOLVERS",
    "FleetParameters",
    "ModelParameters",
    "PriorityBlock",
    "canonical_parameters",
    "load_model_parameters",
    "tanker_volume",
]

logger = logging.getLogger(__name__)

#: Most hours a tanker may spend loading, unloading or at one border post (assumption: a year;
#: FACTS gives a day at a post). border_hours = 1e9 made the timeline's border lag 4e7 days
#: and the command ran for minutes without an answer.
_MAX_STOP_HOURS = 24.0 * 365

#: Fewest hours a tanker may drive a day (assumption: less is a units slip, minutes for hours).
#: 1e-9 made a road's transit 2e10 days and the timeline ran out of memory listing them.
_MIN_DRIVING_HOURS = 1.0

#: The model parameter file shipped with the project.
DEFAULT_MODEL_PARAMS_PATH: Path = MODELS_DIR / "model.toml"
#: Solvers the LP can use.
SOLVERS: tuple[str, ...] = ("highs", "cbc")


def _number_problems(owner: str, checks: list[tuple[str, object, float, bool, float | None]]) -> list[str]:
    """Problems of numbers ``(name, value, minimum, exclusive, maximum)``, for objects built in
    code (files are checked by :func:`load_model_parameters`, naming file and key)."""
    problems = []
    for name, value, minimum, exclusive, maximum in checks:
        ok = not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)
        if ok:
            number = float(value)  # type: ignore[arg-type]
            ok = (number > minimum if exclusive else number >= minimum) and (maximum is None or number <= maximum)
        if not ok:
            bound = ("> " if exclusive else ">= ") + f"{minimum:g}" + (f" and <= {maximum:g}" if maximum is not None else "")
            problems.append(f"{owner}.{name} = {value!r}: give a finite number {bound}")
    return problems


@dataclass(frozen=True)
class PriorityBlock:
    """A slice of a city's demand with its own priority weight (e.g. Bamako's power plants).

    Parameters
    ----------
    city : str
        Demand city (a place name).
    name : str
        Label of the block.
    volume_m3_per_day : float
        Part of the city's demand in this block.
    weight : float
        Value of one m3 delivered to the block.

    Examples
    --------
    >>> PriorityBlock("Bamako", "power plants", 2500.0, 3.0).weight
    3.0
    """

    city: str
    name: str
    volume_m3_per_day: float
    weight: float

    def __post_init__(self) -> None:
        problems = _number_problems(f"priority block {self.name!r}", [
            ("volume_m3_per_day", self.volume_m3_per_day, 0.0, False, None),
            ("weight", self.weight, 0.0, True, None)])  # fmt: skip
        if problems:
            raise ParameterError("Priority block is not valid", problems=problems)


@dataclass(frozen=True)
class FleetParameters:
    """Tanker fleet limit: tanker-days used per day must not exceed the tankers in service.

    Parameters
    ----------
    enabled : bool
    tankers : float
        Tankers in service.
    driving_hours_per_day : float
        Hours a tanker drives per day (travel time in days = hours / this).
    loading_hours, unloading_hours : float
        Time at the loading point and at the destination, per trip.
    border_hours : float
        Time at each border post crossed, each way.

    Examples
    --------
    >>> FleetParameters(True, 100, 10, 12, 12, 24).tankers
    100
    """

    enabled: bool
    tankers: float
    driving_hours_per_day: float
    loading_hours: float
    unloading_hours: float
    border_hours: float

    def __post_init__(self) -> None:
        # Built in code (dataclasses.replace): tankers=-5 came back "infeasible" with a message
        # about capacities, driving_hours_per_day=0 as a ZeroDivisionError.
        problems = _number_problems("fleet", [
            ("tankers", self.tankers, 0.0, False, None),
            ("driving_hours_per_day", self.driving_hours_per_day, _MIN_DRIVING_HOURS, False, 24.0),
            ("loading_hours", self.loading_hours, 0.0, False, _MAX_STOP_HOURS),
            ("unloading_hours", self.unloading_hours, 0.0, False, _MAX_STOP_HOURS),
            ("border_hours", self.border_hours, 0.0, False, _MAX_STOP_HOURS)])  # fmt: skip
        if not isinstance(self.enabled, bool):
            problems.append(f"fleet.enabled = {self.enabled!r}: give True or False")
        if problems:
            raise ParameterError("Fleet parameters are not valid", problems=problems)


@dataclass(frozen=True)
class ModelParameters:
    """All parameters of the routing LP besides the network itself.

    Parameters
    ----------
    default_weight : float
        Priority weight of one m3 delivered to a city not listed.
    city_weights : dict of str to float
        Priority weight by city.
    blocks : tuple of PriorityBlock
        Demand slices with their own weight.
    cost_per_truck_km : float
        Transport cost of a loaded tanker per km (above 0: with none a plan could loop fuel
        at no cost, which no route explains).
    fuel_value_per_m3 : float
        Value of fuel destroyed in an attack.
    currency : str
    fleet : FleetParameters
    solver : {"highs", "cbc"}
    time_limit_s : float
    source : str
        File the parameters came from.

    Examples
    --------
    >>> load_model_parameters().solver
    'highs'
    """

    default_weight: float
    city_weights: dict[str, float]
    blocks: tuple[PriorityBlock, ...]
    cost_per_truck_km: float
    fuel_value_per_m3: float
    currency: str
    fleet: FleetParameters
    solver: str = "highs"
    time_limit_s: float = 60.0
    source: str = ""

    def __post_init__(self) -> None:
        problems = _number_problems("parameters", [
            ("default_weight", self.default_weight, 0.0, True, None),
            # Above 0: with no transport cost a plan may carry fuel round a loop at no cost, which
            # no route explains (the routes then missed the looped flow, or decomposing the plan
            # failed on a loop with losses).
            ("cost_per_truck_km", self.cost_per_truck_km, 0.0, True, None),
            ("fuel_value_per_m3", self.fuel_value_per_m3, 0.0, False, None),
            ("time_limit_s", self.time_limit_s, 0.0, False, None),
            *((f"city_weights[{city!r}]", w, 0.0, True, None) for city, w in self.city_weights.items())])  # fmt: skip
        if self.solver not in SOLVERS:
            problems.append(f"parameters.solver = {self.solver!r}: give one of {', '.join(SOLVERS)}")
        if problems:
            raise ParameterError("Model parameters are not valid", problems=problems)

    def weight(self, city: str) -> float:
        """Priority weight of a city's ordinary demand (outside the priority blocks).

        Parameters
        ----------
        city : str
            City name, as in the network's ``name`` attribute.

        Returns
        -------
        float
            ``city_weights[city]``, or ``default_weight`` for a city not listed.
        """
        return self.city_weights.get(city, self.default_weight)


def _parameter_values(params: ModelParameters) -> ModelParameters:
    """The parameters without the file they came from (:func:`canonical_parameters`)."""
    return replace(params, source="")


def canonical_parameters(params: ModelParameters) -> str:
    """The canonical form of a parameter file's values: the text
    :func:`~supplychain.models.results.model_fingerprint` hashes for the parameters (the run
    keys), also recorded by value for the report (``values_sha256`` of a result's parameter
    file), so that the report compares a parameter file by value.

    Comments, blank lines and the order of tables and keys are not in it, nor the file's path;
    the order of the ``priority.cities`` entries is (a dict), and that of the
    ``[[priority_block]]`` tables (a tuple), as the run keys have them.

    Parameters
    ----------
    params : ModelParameters

    Returns
    -------
    str
        ``repr`` of the parameters with ``source`` emptied.

    Examples
    --------
    >>> p = load_model_parameters()
    >>> canonical_parameters(p) == canonical_parameters(replace(p, source="copy.toml"))
    True
    >>> canonical_parameters(p) == canonical_parameters(replace(p, time_limit_s=5.0))
    False
    """
    return repr(_parameter_values(params))


def load_model_parameters(path: str | Path | None = None) -> ModelParameters:
    """Read and validate an LP parameter file.

    Parameters
    ----------
    path : str or Path, optional
        TOML file; default ``models/model.toml``.

    Returns
    -------
    ModelParameters

    Raises
    ------
    DataFileError
        If the file is missing or not TOML.
    ParameterError
        Listing every unknown key, bad type and out-of-range value with file and key.

    Examples
    --------
    >>> load_model_parameters().fleet.enabled
    True
    """
    path = as_path(path) if path is not None else DEFAULT_MODEL_PARAMS_PATH
    data = read_toml(path)
    chk = Checker(path)
    chk.unknown_keys(data, {"priority", "priority_block", "cost", "fleet", "solver"}, "")

    prio = chk.table(data, "priority")
    chk.unknown_keys(prio, {"default", "cities"}, "priority.")
    default_weight = chk.number(prio, "default", "priority.", positive=True)
    cities = chk.table(prio, "cities", "priority.")
    city_weights = {}
    for city in cities:
        w = chk.number(cities, city, "priority.cities.", positive=True)
        if w is not None:
            city_weights[city] = w

    blocks = []
    named: dict[tuple[str, str], str] = {}
    raw_blocks = data.get("priority_block", [])
    if not isinstance(raw_blocks, list):
        chk.add("priority_block", "expected [[priority_block]] tables")
        raw_blocks = []
    for i, block in enumerate(raw_blocks):
        prefix = f"priority_block[{i}]."
        if not isinstance(block, dict):
            chk.add(f"priority_block[{i}]", "expected a table")
            continue
        chk.unknown_keys(block, {"city", "name", "volume_m3_per_day", "weight"}, prefix)
        block_city = chk.string(block, "city", prefix, one_line=True)
        label = chk.string(block, "name", prefix, one_line=True)
        volume = chk.number(block, "volume_m3_per_day", prefix, required=True)
        weight = chk.number(block, "weight", prefix, positive=True, required=True)
        if block_city and label and (block_city, label) in named:  # two output rows of one name
            chk.add(f"{prefix}name", f"{label!r} is also the name of {named[block_city, label]} of "
                    f"{block_city}; name each block of a city once")  # fmt: skip
            continue
        if block_city and label:
            named[block_city, label] = f"priority_block[{i}]"
        if block_city and label and volume is not None and weight is not None:
            blocks.append(PriorityBlock(block_city, label, volume, weight))

    cost = chk.table(data, "cost")
    chk.unknown_keys(cost, {"per_truck_km", "fuel_value_per_m3", "currency"}, "cost.")
    per_km = chk.number(cost, "per_truck_km", "cost.", positive=True, required=True)  # see ModelParameters
    fuel_value = chk.number(cost, "fuel_value_per_m3", "cost.", required=True)
    currency = chk.string(cost, "currency", "cost.", required=False, one_line=True) or ""

    fleet_t = chk.table(data, "fleet")
    fleet_keys = {"enabled", "tankers", "driving_hours_per_day", "loading_hours",
                  "unloading_hours", "border_hours"}  # fmt: skip
    chk.unknown_keys(fleet_t, fleet_keys, "fleet.")
    # Not true or false: read as on (tankers then required), the problem recorded.
    enabled = chk.flag(fleet_t, "enabled", "fleet.", default=True) is not False
    tankers = chk.number(fleet_t, "tankers", "fleet.", required=bool(enabled), whole=True)  # "fleet 2 -> 2" of 2.5
    driving = chk.number(fleet_t, "driving_hours_per_day", "fleet.", minimum=_MIN_DRIVING_HOURS, maximum=24)
    loading = chk.number(fleet_t, "loading_hours", "fleet.", maximum=_MAX_STOP_HOURS)
    unloading = chk.number(fleet_t, "unloading_hours", "fleet.", maximum=_MAX_STOP_HOURS)
    border = chk.number(fleet_t, "border_hours", "fleet.", maximum=_MAX_STOP_HOURS)

    solver_t = chk.table(data, "solver")
    chk.unknown_keys(solver_t, {"name", "time_limit_s"}, "solver.")
    solver = chk.string(solver_t, "name", "solver.", required=False) or "highs"
    if solver not in SOLVERS:
        chk.add("solver.name", f"{solver!r}; expected one of {', '.join(SOLVERS)}")
    time_limit = chk.number(solver_t, "time_limit_s", "solver.", positive=True)

    if chk.problems:
        raise ParameterError(
            f"Model parameter file '{path}' has {len(chk.problems)} problem(s)",
            problems=chk.problems,
        )
    # Fallbacks for keys a file leaves out, none a FACTS.md figure: weight 1, no stop hours, a
    # tanker driving round the clock, a minute per LP (models/model.toml's assumption).
    params = ModelParameters(
        default_weight=1.0 if default_weight is None else default_weight,
        city_weights=city_weights,
        blocks=tuple(blocks),
        cost_per_truck_km=float(per_km or 0.0),
        fuel_value_per_m3=float(fuel_value or 0.0),
        currency=currency,
        fleet=FleetParameters(
            enabled=bool(enabled),
            tankers=float(tankers or 0.0),
            driving_hours_per_day=24.0 if driving is None else driving,
            loading_hours=loading or 0.0,
            unloading_hours=unloading or 0.0,
            border_hours=border or 0.0,
        ),
        solver=solver,
        time_limit_s=60.0 if time_limit is None else time_limit,
        source=str(path),
    )
    logger.debug("Loaded model parameters from %s", path)
    return params


def tanker_volume(graph: Any, tanker_m3: object = None) -> float:
    """The tanker volume a model uses: ``tanker_m3`` when given, else the network's.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Its ``tanker_volume_m3`` (default 46 m³) is used when ``tanker_m3`` is None; the
        network's own value is checked with the network (:func:`~supplychain.networks.schema.validate_model_inputs`).
    tanker_m3 : float, optional
        Tanker volume in m³ given by the caller.

    Returns
    -------
    float
        The volume in m³.

    Raises
    ------
    ArgumentError
        If ``tanker_m3`` is not a finite number above 0 (0 divided by zero deep in the model
        builders, a negative volume built a model of negative capacities);
        :class:`~supplychain.errors.ArgumentTypeError` if it is not a number.

    Examples
    --------
    >>> import networkx as nx
    >>> tanker_volume(nx.MultiDiGraph(tanker_volume_m3=40.0)), tanker_volume(nx.MultiDiGraph(), 30)
    (40.0, 30.0)
    >>> tanker_volume(nx.MultiDiGraph(), 0)
    Traceback (most recent call last):
    ...
    supplychain.errors.ArgumentError: tanker_m3 = 0: give the tanker volume in m3, a number above 0 (e.g. 46)
    """
    if tanker_m3 is None:
        # 46 m3 when the graph names none: models/network.toml's [tanker], FACTS.md Tankers /
        # "Litres per tanker (official weekly arrival figures)": 45.6-46.1 m3 per tanker.
        given = graph.graph.get("tanker_volume_m3", 46.0)
        # An integer past any float is said by the network check that follows (fuzz29).
        return math.inf if past_any_float(given) else float(given)
    message = f"tanker_m3 = {tanker_m3!r}: give the tanker volume in m3, a number above 0 (e.g. 46)"
    if isinstance(tanker_m3, bool) or not isinstance(tanker_m3, numbers.Real):
        raise ArgumentTypeError(message)
    volume = float(tanker_m3)
    if not 0.0 < volume < math.inf:
        raise ArgumentError(message)
    return volume
