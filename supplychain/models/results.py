"""Run a scenario and read its results: a typed result object, tables and JSON.

:func:`run_scenario` builds and solves the served-demand LP, the throughput LP (demand caps
dropped) and an unweighted LP for shadow prices, compares with the undisturbed baseline
(solved once per network and parameters, then cached) and assembles a :class:`FlowResult`:
delivered and unmet by city, loaded by port, crossed by border post, carried by corridor,
capacity lost, routes, bottlenecks, minimum cut and resilient alternatives.

Over 500 lines on purpose: the :class:`FlowResult` record (about 200 lines of documented
fields, tables and JSON) and :func:`run_scenario`, which fills every field, are kept together
so a field and where it comes from are read in one place.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import numbers
from collections.abc import Hashable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from supplychain._json import as_written as _w
from supplychain.errors import ArgumentError, ArgumentTypeError
from supplychain.models.lp import (
    _NO_EFFECT,
    FlowModel,
    Solution,
    _node_effect,
    _with_town_roads,
    build_model,
    check_model_arguments,
    hub_as_destination,
    node_loss_cost_per_m3,
    solve,
)
from supplychain.models.params import ModelParameters, _parameter_values
from supplychain.models.paths import (
    Alternatives,
    CutResult,
    PathFlow,
    alternative_routes,
    decompose_flows,
    minimum_cut,
)
from supplychain.models.scenario import Effect, Scenario
from supplychain.networks.places import HUB, LOOK_UP, hub_node
from supplychain.networks.schema import MODEL_EDGE_INPUTS, MODEL_GRAPH_INPUTS, MODEL_NODE_INPUTS

__all__ = [
    "MIN_SHOWN_ROUTE_M3_PER_DAY",
    "NO_BORDER_POST",
    "Bottleneck",
    "CapacityLost",
    "FlowResult",
    "clear_baseline_cache",
    "model_fingerprint",
    "network_fingerprint",
    "run_scenario",
]

logger = logging.getLogger(__name__)

#: How a route's border post is written when it passes none (the text and the report's table).
NO_BORDER_POST = "(no border post)"

#: Routes the text of a result lists (the JSON and the report list every shown route).
_ROUTES_IN_TEXT = 8

#: Columns of the result's tables that only a plan gives (null in ``to_dict`` without one).
_PLAN_FIELDS = ("delivered_", "unmet_", "loaded_")

_BASELINE: dict[str, tuple[float, float]] = {}

#: Routes loading less than this (m³/day) are solver noise (2e-6 m³/day seen with HiGHS):
#: the printed and reported route lists leave them out; the JSON keeps every route.
MIN_SHOWN_ROUTE_M3_PER_DAY = 0.05


@dataclass(frozen=True)
class CapacityLost:
    """One capacity measure of a scenario against the undisturbed baseline.

    Parameters
    ----------
    baseline_m3_per_day, scenario_m3_per_day, lost_m3_per_day : float
        NaN where the measure is not known (its LP did not solve): the scenario's, and the
        loss, when either LP failed; null in the JSON, "unknown" in the text and the report.
    lost_tankers_per_day : float
    lost_pct : float
        Percent of the baseline (0 when the baseline is 0; NaN when not known).

    Examples
    --------
    >>> CapacityLost.of(100.0, 75.0, 50.0).lost_pct
    25.0
    """

    baseline_m3_per_day: float
    scenario_m3_per_day: float
    lost_m3_per_day: float
    lost_tankers_per_day: float
    lost_pct: float

    @classmethod
    def of(cls, baseline: float, scenario: float, tanker_m3: float) -> CapacityLost:
        """Compare two volumes (losses below 1e-6 m³/day count as none).

        Parameters
        ----------
        baseline, scenario : float
            The measure without and with the scenario's disturbances (m³/day).
        tanker_m3 : float
            Tanker volume (m³), for ``lost_tankers_per_day``.

        Returns
        -------
        CapacityLost
            ``lost_pct`` is 0 when the baseline is not positive. A NaN measure (not known)
            makes the loss and its percent NaN, and a NaN baseline the scenario's too.

        Examples
        --------
        >>> c = CapacityLost.of(1000.0, 908.0, 46.0)
        >>> c.lost_m3_per_day, c.lost_tankers_per_day, round(c.lost_pct, 1)
        (92.0, 2.0, 9.2)
        >>> CapacityLost.of(1000.0, 1000.0 - 1e-9, 46.0).lost_m3_per_day
        0.0
        >>> CapacityLost.of(1000.0, float("nan"), 46.0).known
        False
        """
        if math.isnan(baseline) or math.isnan(scenario):
            nan = math.nan
            return cls(baseline, nan if math.isnan(baseline) else scenario, nan, nan, nan)
        lost = baseline - scenario
        lost = 0.0 if abs(lost) < 1e-6 else lost
        pct = 100.0 * lost / baseline if baseline > 0 else 0.0
        return cls(baseline, scenario, lost, lost / tanker_m3, pct)

    @property
    def known(self) -> bool:
        """Whether the loss is a measure (False when an LP behind it did not solve).

        Examples
        --------
        >>> CapacityLost.of(1000.0, 908.0, 46.0).known
        True
        """
        return not math.isnan(self.lost_m3_per_day)


@dataclass(frozen=True)
class Bottleneck:
    """A binding capacity and what one more unit of it would serve.

    Only capacities above 0 that the plan uses in full are listed: a closed segment or place
    (capacity 0) is not a bottleneck, and the dual value of its zero row is not a marginal
    value (solvers return different ones for the same plan).

    Parameters
    ----------
    kind : str
        ``"segment"``; the role of a place whose capacity binds (``"border"``, ``"city"``,
        ``"junction"``, ``"depot"``, ``"port"``); ``"supply"`` (a loading point's supply binds,
        below its loading capacity), ``"loading"`` (its loading capacity binds, below its
        supply) or ``"supply_and_loading"`` (both are equal: raising one alone gains
        nothing); ``"fleet"``.
    name : str
        Segment id, place name or ``"fleet"``.
    unit : {"trucks/day", "m3/day", "tankers"}
        Unit of ``capacity`` and ``used``: trucks/day for segments, places and loading
        capacity, m³/day for a supply, tankers in service for the fleet.
    capacity : float
        The capacity under the scenario, in ``unit``.
    used : float
        What the plan uses of it, in ``unit`` (equal to ``capacity``: it binds).
    shadow_price_m3_per_day_per_unit : float
        m³/day of demand served gained per extra ``unit`` of capacity (per extra truck/day,
        m³/day of supply or tanker in service), from the unweighted served-demand LP.

    Examples
    --------
    >>> Bottleneck("border", "Gogui border", "trucks/day", 100.0, 100.0, 46.0).unit
    'trucks/day'
    """

    kind: str
    name: str
    unit: str
    capacity: float
    used: float
    shadow_price_m3_per_day_per_unit: float


@dataclass
class FlowResult:
    """Everything a planner reads about one scenario.

    Parameters
    ----------
    scenario : str
    status : str
        ``optimal`` or a failure status (then ``message`` explains).
    solver : str
    solve_time_s : float
    objective : float or None
        Priority-weighted delivery.
    cost : float or None
        Transport cost plus value of expected losses (``currency`` per day).
    currency : str
    tanker_m3 : float
    by_city : pandas.DataFrame
        demand, delivered, unmet (m³/day and tankers/day) per demand city.
    by_port, by_border, by_corridor : pandas.DataFrame
    throughput, served : CapacityLost
        Throughput capacity (demand caps dropped) and served demand (the most demand the
        network can serve, every m³ worth 1) against the baseline.
    losses_m3_per_day : float
        Expected fuel destroyed per day by the plan.
    routes : list of PathFlow
    bottlenecks : list of Bottleneck
    min_cut : CutResult or None
    alternatives : list of Alternatives
    message : str
    unreachable : list of str
        Demand cities no open road connects to a supply point.
    edge_flow_m3 : dict
        Flow entering each directed edge ``(u, v, key)`` in the plan (m³/day).
    segment_effects, node_effects : dict of str to Effect
        The scenario's effects (for maps: closed, degraded, dangerous).
    fleet_tankers : float or None
        Tankers in service (None when the fleet constraint is off).
    fleet_limits_throughput : bool
        The fleet binds in the throughput LP (one more tanker would carry more): throughput
        is then below what the capacities alone (the minimum cut) allow.
    hub_throughput_m3_per_day : float or None
        When Bamako has no demand (the throughput LP then leaves it out): the throughput with
        Bamako a destination too, which the minimum cut to Bamako is compared with; NaN when
        that LP did not solve. None when Bamako has a demand (the throughput is compared).
    fleet_limits_hub_throughput : bool
        The fleet binds in that LP.
    by_block : pandas.DataFrame
        demand, delivered, unmet (m³/day and tankers/day) and priority weight per demand
        block of the plan: a city's priority blocks (``models/model.toml``, e.g. Bamako's
        power plants) and the rest of its demand, named after the city (``"Bamako (other
        demand)"`` beside a priority block). Summed per city it gives ``by_city``.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models.params import load_model_parameters
    >>> r = run_scenario(build_network(), load_model_parameters())
    >>> r.status, round(r.served.lost_m3_per_day)
    ('optimal', 0)
    """

    scenario: str
    status: str
    solver: str
    solve_time_s: float
    objective: float | None
    cost: float | None
    currency: str
    tanker_m3: float
    by_city: pd.DataFrame
    by_port: pd.DataFrame
    by_border: pd.DataFrame
    by_corridor: pd.DataFrame
    throughput: CapacityLost
    served: CapacityLost
    losses_m3_per_day: float
    routes: list[PathFlow] = field(default_factory=list)
    bottlenecks: list[Bottleneck] = field(default_factory=list)
    min_cut: CutResult | None = None
    alternatives: list[Alternatives] = field(default_factory=list)
    message: str = ""
    unreachable: list[str] = field(default_factory=list)
    edge_flow_m3: dict[tuple[Hashable, Hashable, Hashable], float] = field(default_factory=dict)
    segment_effects: dict[str, Effect] = field(default_factory=dict)
    node_effects: dict[str, Effect] = field(default_factory=dict)
    fleet_tankers: float | None = None
    fleet_limits_throughput: bool = False
    by_block: pd.DataFrame = field(default_factory=pd.DataFrame)
    hub_throughput_m3_per_day: float | None = None
    fleet_limits_hub_throughput: bool = False

    def __repr__(self) -> str:
        """One line: the scenario, the status and the volumes (m³/day), as ``summary()`` heads.

        The dataclass's own repr printed every table, route and alternative (54 kB in 57
        lines for the embedded network's baseline), which a notebook shows for ``result``
        alone (api37). ``summary()`` is the text ``supplychain solve`` prints.

        Examples
        --------
        >>> from supplychain.networks import build_network
        >>> from supplychain.models.params import load_model_parameters
        >>> run_scenario(build_network(), load_model_parameters())
        FlowResult(scenario='baseline', status='optimal', solver='highs', demand_m3_per_day=4750.0, delivered_m3_per_day=4750.0, unmet_m3_per_day=0.0, throughput_m3_per_day=10626.0, throughput_lost_m3_per_day=0.0, served_lost_m3_per_day=0.0, routes=14, bottlenecks=0)
        """
        return (f"FlowResult(scenario={self.scenario!r}, status={self.status!r}, solver={self.solver!r}, "
                f"demand_m3_per_day={self.demand_m3_per_day:.1f}, delivered_m3_per_day={self.delivered_m3_per_day:.1f}, "
                f"unmet_m3_per_day={self.unmet_m3_per_day:.1f}, "
                f"throughput_m3_per_day={self.throughput.scenario_m3_per_day:.1f}, "
                f"throughput_lost_m3_per_day={self.throughput.lost_m3_per_day:.1f}, "
                f"served_lost_m3_per_day={self.served.lost_m3_per_day:.1f}, "
                f"routes={len(self.routes)}, bottlenecks={len(self.bottlenecks)})")  # fmt: skip

    @property
    def demand_m3_per_day(self) -> float:
        """Total demand of the demand cities (m³/day; 0 without cities)."""
        return float(self.by_city["demand_m3_per_day"].sum()) if len(self.by_city) else 0.0

    @property
    def delivered_m3_per_day(self) -> float:
        """Total delivered to the demand cities by the plan (m³/day; 0 without cities)."""
        return float(self.by_city["delivered_m3_per_day"].sum()) if len(self.by_city) else 0.0

    @property
    def unmet_m3_per_day(self) -> float:
        """Total unmet demand of the demand cities (m³/day; 0 without cities)."""
        return float(self.by_city["unmet_m3_per_day"].sum()) if len(self.by_city) else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dictionary with the keys documented in the README.

        Returns
        -------
        dict of str to object
            Status, solver and timing; totals in m³/day (and tankers/day); throughput and
            served demand against the baseline (``baseline_``, ``scenario_``, ``_lost_``
            keys); ``losses_``, the fleet; ``hub_throughput_m3_per_day`` and
            ``fleet_limits_hub_throughput`` (None and False when Bamako has a demand); the tables ``by_city``, ``by_block``, ``by_port``,
            ``by_border``, ``by_corridor`` as lists of records; ``routes`` (with tankers/day
            and their share of the delivered volume), ``bottlenecks``, ``min_cut``,
            ``alternatives`` and ``segment_flows`` (each directed edge with a positive flow).
            Without a plan (a status other than ``optimal``) what only a plan gives is None:
            delivered, unmet and losses, and the tables' ``delivered_``, ``unmet_`` and
            ``loaded_`` fields.

        Examples
        --------
        Dakar to Bamako by one road of 20 tankers of 40 m³ a day, 1,000 m³/day demanded
        (``supplychain.models._examples.road_short_of_demand``):

        >>> from supplychain.models._examples import road_short_of_demand
        >>> r = road_short_of_demand()
        >>> d = r.to_dict()
        >>> d["status"], round(d["delivered_m3_per_day"]), d["min_cut"]["segments"]
        ('optimal', 800, ['R1'])
        >>> [round(row["unmet_m3_per_day"]) for row in d["by_city"]]
        [200]
        """
        planned = self.status == "optimal"

        def records(df: pd.DataFrame) -> list[dict[str, Any]]:
            rows: list[dict[str, Any]] = json.loads(df.to_json(orient="records", force_ascii=False))
            if not planned:  # what a plan would have delivered, unmet or loaded: unknown
                rows = [{k: None if k.startswith(_PLAN_FIELDS) else v for k, v in r.items()} for r in rows]
            return rows

        def plan(value: float) -> float | None:
            # Without a plan the JSON held delivered 0 and every city's demand unmet beside
            # status time_limit, figures no solve found (the text says "unknown" since fuzz30).
            return value if planned else None

        return {
            "scenario": self.scenario,
            "status": self.status,
            "message": self.message,
            "solver": self.solver,
            "solve_time_s": self.solve_time_s,
            "objective": self.objective,
            "cost_per_day": self.cost,
            "currency": self.currency,
            "tanker_m3": self.tanker_m3,
            "demand_m3_per_day": self.demand_m3_per_day,
            "delivered_m3_per_day": plan(self.delivered_m3_per_day),
            "unmet_m3_per_day": plan(self.unmet_m3_per_day),
            "delivered_tankers_per_day": plan(self.delivered_m3_per_day / self.tanker_m3),
            "baseline_throughput_m3_per_day": self.throughput.baseline_m3_per_day,
            "scenario_throughput_m3_per_day": self.throughput.scenario_m3_per_day,
            "throughput_lost_m3_per_day": self.throughput.lost_m3_per_day,
            "throughput_lost_tankers_per_day": self.throughput.lost_tankers_per_day,
            "throughput_lost_pct": self.throughput.lost_pct,
            "baseline_served_m3_per_day": self.served.baseline_m3_per_day,
            "scenario_served_m3_per_day": self.served.scenario_m3_per_day,
            "served_lost_m3_per_day": self.served.lost_m3_per_day,
            "served_lost_tankers_per_day": self.served.lost_tankers_per_day,
            "served_lost_pct": self.served.lost_pct,
            "losses_m3_per_day": plan(self.losses_m3_per_day),
            "losses_tankers_per_day": plan(self.losses_m3_per_day / self.tanker_m3),
            "fleet_tankers": self.fleet_tankers,
            "fleet_limits_throughput": self.fleet_limits_throughput,
            "hub_throughput_m3_per_day": self.hub_throughput_m3_per_day,
            "fleet_limits_hub_throughput": self.fleet_limits_hub_throughput,
            "unreachable_cities": self.unreachable,
            "by_city": records(self.by_city),
            "by_block": records(self.by_block),
            "by_port": records(self.by_port),
            "by_border": records(self.by_border),
            "by_corridor": records(self.by_corridor),
            "routes": [self._route_dict(r) for r in self.routes],
            "bottlenecks": [asdict(b) for b in self.bottlenecks],
            "min_cut": self.min_cut.to_dict() if self.min_cut else None,
            "alternatives": [a.to_dict() for a in self.alternatives],
            "segment_flows": self._segment_flows(),
        }

    def cut_items(self) -> list[str]:
        """What the minimum cut to Bamako goes through, as the text and the report name it: its
        open border posts and places, segments and loading points; when the closures alone
        cut Bamako off, the closed ones, each marked ``(closed)``. Empty without a cut.

        Returns
        -------
        list of str

        Examples
        --------
        >>> from supplychain.networks import build_network
        >>> from supplychain.models.params import load_model_parameters
        >>> run_scenario(build_network(), load_model_parameters()).cut_items()[:2]
        ['Abidjan', 'Conakry']
        """
        if self.min_cut is None:
            return []
        cut = [*self.min_cut.nodes, *self.min_cut.segments, *self.min_cut.sources_cut]
        if not cut:  # the closures alone cut Bamako off: say which
            cut = [f"{c} (closed)" for c in (*self.min_cut.closed_nodes, *self.min_cut.closed_segments)]
        return cut

    def below_cut(self) -> str:
        """``"throughput (3,600 m3/day) is below the cut: the fleet ... limits it"`` when the
        throughput is more than 0.5 m³/day below the minimum cut to Bamako (which counts
        capacities only), else ``""``.

        Returns
        -------
        str
            The note the text and the report print under the minimum cut, or ``""``.

        Examples
        --------
        >>> from supplychain.networks import build_network
        >>> from supplychain.models.params import load_model_parameters
        >>> run_scenario(build_network(), load_model_parameters()).below_cut()
        ''
        """
        if self.min_cut is None:
            return ""
        # Without a demand at Bamako the throughput leaves Bamako out: compare the cut with
        # the throughput that has Bamako a destination (hub_throughput_m3_per_day).
        hub = self.hub_throughput_m3_per_day
        value = self.throughput.scenario_m3_per_day if hub is None else hub
        if not self.min_cut.value_m3_per_day - value > 0.5:  # NaN: no note
            return ""
        what = "throughput" if hub is None else f"throughput with {HUB} a destination"
        return f"{what} ({_w(value):,.0f} m3/day) is below the cut: {self._throughput_limit()}"

    def shown_routes(self) -> list[PathFlow]:
        """The routes the text and the report list: those loading at least
        :data:`MIN_SHOWN_ROUTE_M3_PER_DAY`, most delivered first (ties by origin, city).

        Returns
        -------
        list of PathFlow

        Examples
        --------
        >>> from supplychain.networks import build_network
        >>> from supplychain.models.params import load_model_parameters
        >>> r = run_scenario(build_network(), load_model_parameters())
        >>> r.shown_routes()[0].delivered_m3_per_day >= r.shown_routes()[-1].delivered_m3_per_day
        True
        """
        shown = [r for r in self.routes if r.loaded_m3_per_day >= MIN_SHOWN_ROUTE_M3_PER_DAY]
        return sorted(shown, key=lambda p: (-p.delivered_m3_per_day, p.origin, p.destination or ""))

    @property
    def delivers_less_than_served(self) -> bool:
        """Whether the plan delivers less than the served demand (the most demand the network
        can serve, every m³ worth 1) by half an m³/day or more: priority demand comes first,
        and a plan that serves it can deliver less in all, so served lost is not the drop in
        delivered (the text and the report then say so). False when not solved or not known.

        Examples
        --------
        >>> from supplychain.networks import build_network
        >>> from supplychain.models.params import load_model_parameters
        >>> run_scenario(build_network(), load_model_parameters()).delivers_less_than_served
        False
        """
        gap = self.served.scenario_m3_per_day - self.delivered_m3_per_day
        return self.status == "optimal" and gap >= 0.5  # NaN (not known): False

    def _served_note(self) -> list[str]:
        """The text's line when :attr:`delivers_less_than_served`."""
        served = self.served.scenario_m3_per_day
        if not self.delivers_less_than_served:
            return []
        return [f"    (served demand = the most the network can serve, every m3 worth 1: "
                f"{_w(served):,.0f} m3/day, {_w(self.served.baseline_m3_per_day):,.0f} in the baseline; "
                f"the plan delivers {_w(self.delivered_m3_per_day):,.0f}, priority demand first)"]

    def _blocks_text(self, city: str) -> str:
        """``" (Bamako power plants 0 of 1,750, Bamako (other demand) 813 of 1,800)"``: unmet per
        priority block of a city that has more than one; ``""`` otherwise."""
        if self.by_block.empty:
            return ""
        rows = self.by_block[self.by_block["city"] == city]
        if len(rows) < 2:
            return ""
        parts = [f"{r.block} {_w(r.unmet_m3_per_day):,.0f} of {_w(r.demand_m3_per_day):,.0f}" for r in rows.itertuples()]
        return f" ({', '.join(parts)})"

    def _throughput_limit(self) -> str:
        """What keeps throughput below the minimum cut (which counts capacities only)."""
        fleet = self.fleet_limits_throughput if self.hub_throughput_m3_per_day is None else self.fleet_limits_hub_throughput
        if fleet:
            return f"the fleet ({_w(self.fleet_tankers or 0):,.0f} tankers in service) limits it"
        effects = [*self.segment_effects.values(), *self.node_effects.values()]
        if any(e.loss_probability > 0 for e in effects):
            return "fuel expected to be lost to attacks on the way (not counted in the cut)"
        return "the cut counts road, border and loading capacities only"

    def _segment_flows(self) -> list[dict[str, Any]]:
        return [
            {"u": _plain(u), "v": _plain(v), "key": _plain(k), "flow_m3_per_day": f}
            for (u, v, k), f in self.edge_flow_m3.items()
            if f > 0
        ]

    def _route_dict(self, route: PathFlow) -> dict[str, Any]:
        out = route.to_dict()
        total = self.delivered_m3_per_day
        out["loaded_tankers_per_day"] = route.loaded_m3_per_day / self.tanker_m3
        out["delivered_tankers_per_day"] = route.delivered_m3_per_day / self.tanker_m3
        out["lost_tankers_per_day"] = route.lost_m3_per_day / self.tanker_m3
        out["share_of_delivered_pct"] = 100 * route.delivered_m3_per_day / total if total > 0 else 0.0
        return out

    def summary(self) -> str:
        """Readable multi-line summary for the terminal.

        Returns
        -------
        str
            Status, totals (m³/day and tankers/day), throughput and served demand lost, the
            expected losses, closures, cities short of demand, up to 8 routes
            (:meth:`shown_routes`), up to 6 bottlenecks and the minimum cut to Bamako.

        Examples
        --------
        Dakar to Bamako by one road of 20 tankers of 40 m³ a day, 1,000 m³/day demanded
        (``supplychain.models._examples.road_short_of_demand``):

        >>> from supplychain.models._examples import road_short_of_demand
        >>> r = road_short_of_demand()
        >>> for line in r.summary().splitlines()[1:]:  # the first line has the solve time
        ...     print(line)
          binding: R1
          demand 1,000 m3/day (25 tankers/day), delivered 800 (20), unmet 200 (5)
          throughput capacity 800 m3/day; lost 0 m3/day (0.0 tankers/day, 0.0 % of baseline)
          served demand lost 0 m3/day (0.0 tankers/day, 0.0 %)
          expected losses to attacks 0.0 m3/day (0.00 tankers/day)
            Bamako: 200 m3/day unmet of 1,000
          main routes (port -> border -> city), delivered (loaded if losses):
            Dakar -> (no border post) -> Bamako: 800 m3/day delivered (20.0 tankers/day), 1,200 km, 24 h
          bottlenecks (binding capacity: demand served per unit added):
            segment R1 (20.0 trucks/day): 40.0 m3/day per extra truck/day
          minimum cut to Bamako (road, border and loading capacities): 800 m3/day through R1
        """
        v = self.tanker_m3
        lines = [f"Scenario: {self.scenario}  [{self.status}, {self.solver}, {self.solve_time_s:.2f} s]"]
        if self.message:
            lines.append(f"  {self.message}")
        planned = self.status == "optimal"
        # Without a plan the text said "delivered 0 (0), unmet 4,750 (103)" and listed every
        # city's demand as unmet, figures no solve found (a time limit of 1e-300 s: fuzz30).
        delivery = (f"delivered {_w(self.delivered_m3_per_day):,.0f} ({_w(self.delivered_m3_per_day / v):,.0f}), "
                    f"unmet {_w(self.unmet_m3_per_day):,.0f} ({_w(self.unmet_m3_per_day / v):,.0f})" if planned
                    else "delivered and unmet unknown (no plan)")  # fmt: skip
        # Throughput counts fuel into any city: with a city cut off it may stay whole, carried to
        # the others. "throughput capacity 10,626 m3/day; lost 0" beside "cut off from every
        # supply point: Bamako" read as a contradiction; the report's headline said this (user36).
        whole = self.unreachable and self.throughput.known and self.throughput.lost_m3_per_day <= 0.5
        lines += [
            f"  demand {_w(self.demand_m3_per_day):,.0f} m3/day ({_w(self.demand_m3_per_day / v):,.0f} tankers/day), "
            f"{delivery}",
            f"  throughput capacity {_or_unknown(self.throughput.scenario_m3_per_day, ',.0f', ' m3/day')}"
            f"{' (into the cities still reachable)' if whole else ''}; "
            f"lost {_loss_text(self.throughput, ' of baseline')}",
            f"  served demand lost {_loss_text(self.served)}",
            *self._served_note(),
            f"  expected losses to attacks {_w(self.losses_m3_per_day):,.1f} m3/day "
            f"({_w(self.losses_m3_per_day / v):.2f} tankers/day)" if planned else "  expected losses to attacks unknown",
        ]
        closed = [k for k, e in [*self.segment_effects.items(), *self.node_effects.items()]
                  if e.effective_capacity_factor == 0.0]  # fmt: skip
        if closed:
            lines.append(f"  closed: {', '.join(closed)}")
        if self.unreachable:
            lines.append(f"  cut off from every supply point: {', '.join(self.unreachable)}")
        if len(self.by_city) and planned:
            short = self.by_city[self.by_city["unmet_m3_per_day"] > 0.5]
            for row in short.itertuples():
                lines.append(f"    {row.city}: {_w(row.unmet_m3_per_day):,.0f} m3/day unmet of "
                             f"{_w(row.demand_m3_per_day):,.0f}{self._blocks_text(str(row.city))}")  # fmt: skip
        if self.routes:
            lines.append("  main routes (port -> border -> city), delivered (loaded if losses):")
            shown = self.shown_routes()
            for r in shown[:_ROUTES_IN_TEXT]:
                volume = (f"{_w(r.delivered_m3_per_day):,.0f} m3/day delivered "
                          f"({_w(r.delivered_m3_per_day / v):.1f} tankers/day)")  # fmt: skip
                if r.lost_m3_per_day > 1e-6:
                    volume += (f", {_w(r.loaded_m3_per_day):,.0f} loaded "
                               f"({_w(r.loaded_m3_per_day / v):.1f} tankers/day)")  # fmt: skip
                # A route passing no post (an imported layer's road across the border away
                # from them) says so, as the timeline's arrivals do; it printed "-" before.
                lines.append(
                    f"    {r.origin} -> {', '.join(r.border_posts) or NO_BORDER_POST} -> {r.destination}: "
                    f"{volume}, {_w(r.length_km):,.0f} km, {r.travel_time_h:.0f} h"
                )
            if len(shown) > _ROUTES_IN_TEXT:  # the text showed 8 of 14 without a word
                lines.append(f"    ... and {len(shown) - _ROUTES_IN_TEXT} smaller route(s): the JSON's \"routes\" and the "
                             "report list them all")  # fmt: skip
        if self.bottlenecks:
            lines.append("  bottlenecks (binding capacity: demand served per unit added):")
            for b in self.bottlenecks[:6]:
                unit = {"trucks/day": "truck/day", "tankers": "tanker"}.get(b.unit, b.unit)
                unit += " of both" if b.kind == "supply_and_loading" else ""
                what = "fleet" if b.kind == "fleet" else f"{b.kind.replace('_', ' ')} {b.name}"
                lines.append(
                    f"    {what} ({b.capacity:,.1f} {b.unit}): "
                    f"{_w(b.shadow_price_m3_per_day_per_unit):,.1f} m3/day per extra {unit}"
                )
        if self.min_cut is not None:
            cut = self.cut_items()
            lines.append(
                f"  minimum cut to {HUB} (road, border and loading capacities): "
                f"{_w(self.min_cut.value_m3_per_day):,.0f} m3/day through {', '.join(cut) or '-'}"
            )
            if below := self.below_cut():
                lines.append(f"    {below}")
        return "\n".join(lines)


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def clear_baseline_cache() -> None:
    """Forget cached baselines (they are keyed by network and parameter content).

    The baselines (throughput and served demand with nothing closed, m³/day) are solved once
    per network and parameters and kept for the process; after this call the next result
    solves them again.

    Examples
    --------
    >>> _BASELINE["example"] = (10.0, 8.0)
    >>> clear_baseline_cache()
    >>> _BASELINE
    {}
    """
    _BASELINE.clear()


def model_fingerprint(graph: nx.MultiDiGraph, params: ModelParameters, solver: str) -> str:
    """Hash of everything a model built from ``graph`` and ``params`` depends on.

    Every attribute of :data:`~supplychain.networks.schema.MODEL_EDGE_INPUTS`,
    ``MODEL_NODE_INPUTS`` and ``MODEL_GRAPH_INPUTS`` (one list, in the schema, of what the
    models read), so a graph edited in code (a border post made a junction, a supply changed)
    is not answered from a cache filled before the edit. Keys the baseline cache here and the
    sweeps' stored runs (:mod:`supplychain.scenarios.sweep_common`).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The corridor network.
    params : ModelParameters
        The model parameters.
    solver : str
        The solver's name (``"highs"`` or ``"cbc"``).

    Returns
    -------
    str
        A SHA-256 hex digest: equal for equal model inputs, different when any of them changes.

    Examples
    --------
    >>> from supplychain.models.params import load_model_parameters
    >>> from supplychain.networks.build import build_network
    >>> g, p = build_network("embedded"), load_model_parameters()
    >>> key = model_fingerprint(g, p, "highs")
    >>> len(key), key == model_fingerprint(g.copy(), p, "highs"), key == model_fingerprint(g, p, "cbc")
    (64, True, False)
    """
    h = _graph_hash(graph)
    # The parameters' values, not the file they came from: a copy of the file elsewhere (a
    # sweep resumed from another folder, `--params` pointing at an identical copy) is the same
    # model; its path made a resume recompute every closure before 2026-12-05.
    values = _parameter_values(params)
    h.update(repr((values, solver, *_graph_inputs(graph))).encode())
    return h.hexdigest()


def network_fingerprint(graph: nx.MultiDiGraph) -> str:
    """Hash of what :func:`model_fingerprint` hashes for the graph: the network's content as
    the models read it.

    Equal for a network rebuilt from the same source or saved to another file (whose bytes hold
    its build time), different when a capacity, length, supply or any other model input
    changes. The report compares network files by it (``values_sha256`` of a result's
    ``network`` input), as the run keys do.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The corridor network.

    Returns
    -------
    str
        A SHA-256 hex digest.

    Examples
    --------
    >>> from supplychain.networks.build import build_network
    >>> g = build_network("embedded")
    >>> edited = g.copy()
    >>> u, v, k = next(iter(edited.edges(keys=True)))
    >>> edited.edges[u, v, k]["capacity_trucks_per_day"] = 7.0
    >>> key = network_fingerprint(g)
    >>> len(key), key == network_fingerprint(g.copy()), key == network_fingerprint(edited)
    (64, True, False)
    """
    h = _graph_hash(graph)
    h.update(repr(_graph_inputs(graph)).encode())
    return h.hexdigest()


def _graph_hash(graph: nx.MultiDiGraph) -> Any:
    """A SHA-256 object fed with the graph's edges and nodes, each with the attributes the
    models read (:data:`~supplychain.networks.schema.MODEL_EDGE_INPUTS`, ``MODEL_NODE_INPUTS``),
    in a fixed order: the part of :func:`model_fingerprint` and :func:`network_fingerprint`
    that is the graph's."""
    h = hashlib.sha256()
    for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: str(e[:3])):
        h.update(repr((u, v, k, *(d.get(a) for a in MODEL_EDGE_INPUTS))).encode())
    for n, d in sorted(graph.nodes(data=True), key=lambda nd: str(nd[0])):
        h.update(repr((n, *(d.get(a) for a in MODEL_NODE_INPUTS))).encode())
    return h


def _graph_inputs(graph: nx.MultiDiGraph) -> tuple[Any, ...]:
    """The graph-level attributes the models read (:data:`~supplychain.networks.schema.MODEL_GRAPH_INPUTS`)."""
    return tuple(graph.graph.get(a) for a in MODEL_GRAPH_INPUTS)


def _baseline(
    graph: nx.MultiDiGraph, params: ModelParameters, solver: str,
    solved: tuple[Solution, Solution] | None = None,
) -> tuple[float, float, dict[str, str]]:
    """Baseline throughput and served demand (m³/day) and the status of each LP that failed
    (``{"throughput": "time_limit"}``; its measure is then NaN). Only a baseline whose two LPs
    both solved is cached: a failure (a time limit) is not kept for later results.

    ``solved``: the (throughput, served_unweighted) solutions of LPs that are the baseline's
    (a scenario that changes nothing, :func:`_changes_nothing`), read instead of solving the
    same LPs again when nothing is cached.
    """
    key = model_fingerprint(graph, params, solver)
    if key in _BASELINE:
        return (*_BASELINE[key], {})
    if solved is not None:
        through, served = solved
    else:
        served = solve(build_model(graph, params, mode="served_unweighted"), solver=solver,
                       lexicographic=False)  # fmt: skip
        through = solve(build_model(graph, params, mode="throughput"), solver=solver, lexicographic=False)
    value = (_delivered_total(through), _delivered_total(served))
    failed = {k: s.status for k, s in (("throughput", through), ("served", served)) if s.status != "optimal"}
    if not failed:
        _BASELINE[key] = value
    logger.info("Baseline: throughput %.0f m3/day, served %.0f m3/day", *value)
    return (*value, failed)


def _delivered_total(sol: Solution) -> float:
    """What a capacity measure's LP delivers in all (m³/day), or NaN when it did not solve."""
    return sum(sol.delivered_m3.values()) if sol.status == "optimal" else math.nan


def _changes_nothing(scenario: Scenario) -> bool:
    """Whether a scenario's LPs are the baseline's: it has no effect, or only effects that
    change nothing (open, capacity factor 1, no loss), which
    :func:`~supplychain.models.lp.build_model` reads as no effect."""
    return all(e == _NO_EFFECT for e in (*scenario.segments.values(), *scenario.nodes.values()))


def _failed_measures(base_failed: dict[str, str], through: Solution, served: Solution) -> list[str]:
    """``"throughput LP ended time_limit (baseline and scenario): throughput and its loss are
    not known"``: one note per capacity measure whose LP did not solve, in the
    baseline, the scenario or both (its 0 is not a measure)."""
    notes = []
    for what, sol in (("throughput", through), ("served", served)):
        where = [w for w, status in (("baseline", base_failed.get(what)), ("scenario", sol.status))
                 if status is not None and status != "optimal"]  # fmt: skip
        if where:
            status = base_failed.get(what) if sol.status == "optimal" else sol.status
            measure = "throughput" if what == "throughput" else "served demand"
            notes.append(f"{what} LP ended {status} ({' and '.join(where)}): {measure} and its loss "
                         "are not known")  # fmt: skip
    return notes


def _name(graph: nx.MultiDiGraph, n: Hashable) -> str:
    return str(graph.nodes[n].get("name") or n)


def run_scenario(
    graph: nx.MultiDiGraph,
    params: ModelParameters,
    scenario: Scenario | None = None,
    *,
    solver: str | None = None,
    k_alternatives: int = 3,
    hub: Hashable | None = LOOK_UP,
) -> FlowResult:
    """Solve a scenario and assemble its results against the baseline.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A corridor network.
    params : ModelParameters
    scenario : Scenario, optional
        Default: the baseline.
    solver : {"highs", "cbc"}, optional
        Default: the parameter file's.
    k_alternatives : int, default 3
        Routes per port in the resilient alternatives.
    hub : node id or None, optional
        The network's Bamako node when the caller has looked it up
        (:func:`~supplychain.networks.places.hub_node`; None: it has none); default: looked up
        here, once for the hub flow's cap, the minimum cut and the alternatives.

    Returns
    -------
    FlowResult
        A non-optimal solve gives a result with that status and an explanation.

    Raises
    ------
    ParameterError
        If the scenario or the parameters do not match the network.
    ArgumentError
        If ``k_alternatives`` is below 0 (an :class:`~supplychain.errors.ArgumentTypeError`
        if it is not a whole number).

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models.params import load_model_parameters
    >>> r = run_scenario(build_network(), load_model_parameters())
    >>> r.throughput.lost_pct
    0.0
    """
    check_model_arguments(graph, params, scenario)
    wrong = f"k_alternatives = {k_alternatives!r}: give a whole number of routes per port, 0 or more"
    if isinstance(k_alternatives, bool) or not isinstance(k_alternatives, numbers.Integral):
        raise ArgumentTypeError(wrong)
    if k_alternatives < 0:
        raise ArgumentError(wrong)
    scenario = scenario or Scenario.baseline()
    solver = solver or params.solver
    hub = hub_node(graph, hub=hub)
    model = build_model(graph, params, scenario)
    sol = solve(model, solver=solver)
    same_lps = _changes_nothing(scenario)
    if not same_lps:
        base_through, base_served, base_failed = _baseline(graph, params, solver)
    through_sol = solve(build_model(graph, params, scenario, mode="throughput"), solver=solver,
                        lexicographic=False)  # fmt: skip
    # Served demand is measured with every m3 worth 1 (the most demand the network can serve):
    # unlike the prioritised plan's total, it does not depend on which of several equally good
    # prioritised plans a solver returns. The same solve gives the shadow prices.
    unweighted_model = build_model(graph, params, scenario, mode="served_unweighted")
    unweighted = solve(unweighted_model, solver=solver, lexicographic=False)
    hub_through = None
    if (marked := hub_as_destination(graph, hub=hub)) is not None:  # Bamako has no demand
        hub_through = solve(build_model(marked, params, scenario, mode="throughput"), solver=solver,
                            lexicographic=False)  # fmt: skip
    if same_lps:  # the baseline's LPs, just solved: not solved again as the baseline
        base_through, base_served, base_failed = _baseline(graph, params, solver,
                                                           (through_sol, unweighted))  # fmt: skip
    volume = model.tanker_m3
    through_now = _delivered_total(through_sol)
    served_now = _delivered_total(unweighted)
    by_city = _by_city(graph, model, sol)
    result = FlowResult(
        scenario=scenario.name,
        status=sol.status,
        solver=solver,
        solve_time_s=sol.solve_time_s,
        objective=sol.objective,
        cost=sol.cost,
        currency=params.currency,
        tanker_m3=volume,
        by_city=by_city,
        by_block=_by_block(graph, model, sol),
        by_port=_by_port(graph, model, sol),
        by_border=pd.DataFrame(),
        by_corridor=pd.DataFrame(),
        throughput=CapacityLost.of(base_through, through_now, volume),
        served=CapacityLost.of(base_served, served_now, volume),
        losses_m3_per_day=0.0,
        message=sol.message,
        unreachable=_unreachable(graph, model),
        edge_flow_m3={e: f for e, f in sol.edge_flow_m3.items() if f > 1e-9},
        segment_effects=dict(scenario.segments),
        node_effects=dict(scenario.nodes),
        fleet_tankers=params.fleet.tankers if params.fleet.enabled else None,
        fleet_limits_throughput=_fleet_binds(through_sol, params),
        hub_throughput_m3_per_day=None if hub_through is None else _delivered_total(hub_through),
        fleet_limits_hub_throughput=hub_through is not None and _fleet_binds(hub_through, params),
    )
    if sol.status != "optimal":
        return result
    result.routes = decompose_flows(
        graph, sol.edge_flow_m3, sol.loaded_m3, sol.delivered_m3,
        edge_loss=model.edge_loss, node_loss=model.node_loss,
    )  # fmt: skip
    # Loaded less delivered: the sums' round-off left -5e-15 where nothing is lost, printed
    # "expected losses to attacks -0.0 m3/day" (fuzz33: a fleet of one tanker); no loss is
    # negative.
    result.losses_m3_per_day = max(0.0, sum(sol.loaded_m3.values()) - sum(sol.delivered_m3.values()))
    result.by_border = _by_border(graph, model, sol)
    result.by_corridor = _by_corridor(graph, result.routes, volume)
    result.bottlenecks = _bottlenecks(graph, model, sol, unweighted_model, unweighted)
    result.min_cut = _min_cut(graph, model, hub)
    result.alternatives = _alternatives(graph, model, k_alternatives, hub)
    if result.unmet_m3_per_day > 0.5:
        parts = []
        if result.unreachable:
            parts.append(f"{', '.join(result.unreachable)} cannot be reached from any open supply point")
        if result.bottlenecks:
            parts.append("binding: " + ", ".join(b.name for b in result.bottlenecks[:5]))
        result.message = "; ".join(parts)
    # A capacity LP that did not solve leaves its measure 0: say so rather than print a loss.
    result.message = "; ".join(m for m in (result.message, *_failed_measures(base_failed, through_sol, unweighted)) if m)
    logger.info(
        "Scenario '%s': delivered %.0f of %.0f m3/day, throughput lost %.1f %%",
        scenario.name, result.delivered_m3_per_day, result.demand_m3_per_day, result.throughput.lost_pct,
    )  # fmt: skip
    return result


def _by_city(graph: nx.MultiDiGraph, model: FlowModel, sol: Solution) -> pd.DataFrame:
    v = model.tanker_m3
    rows = []
    for n, demand in model.demand_m3.items():
        delivered = sol.delivered_m3.get(n, 0.0)
        unmet = sol.unmet_m3.get(n, demand - delivered) if sol.status == "optimal" else demand
        rows.append({
            "city": _name(graph, n), "demand_m3_per_day": demand, "delivered_m3_per_day": delivered,
            "unmet_m3_per_day": unmet, "demand_tankers_per_day": demand / v,
            "delivered_tankers_per_day": delivered / v, "unmet_tankers_per_day": unmet / v,
        })  # fmt: skip
    return pd.DataFrame(rows)


def _by_block(graph: nx.MultiDiGraph, model: FlowModel, sol: Solution) -> pd.DataFrame:
    """Demand, delivered and unmet per demand block (priority blocks first, then the rest of
    the city's demand, named after the city), in the cities' order of ``by_city``."""
    v = model.tanker_m3
    rows = []
    for n in model.demand_m3:
        blocks = {k: b for k, b in model.blocks.items() if b[0] == n}
        for key, (_, label, volume, weight) in blocks.items():
            if label == _name(graph, n) and len(blocks) > 1:
                label = f"{label} (other demand)"  # not read as the whole city
            demand = float(volume or 0.0)
            delivered = sol.block_delivered_m3.get(key, 0.0) if sol.status == "optimal" else 0.0
            unmet = max(demand - delivered, 0.0)
            rows.append({
                "city": _name(graph, n), "block": label, "weight": weight,
                "demand_m3_per_day": demand, "delivered_m3_per_day": delivered,
                "unmet_m3_per_day": unmet, "demand_tankers_per_day": demand / v,
                "delivered_tankers_per_day": delivered / v, "unmet_tankers_per_day": unmet / v,
            })  # fmt: skip
    return pd.DataFrame(rows)


def _by_port(graph: nx.MultiDiGraph, model: FlowModel, sol: Solution) -> pd.DataFrame:
    v = model.tanker_m3
    rows = []
    for n, limit in model.supply_limit_m3.items():
        loaded = sol.loaded_m3.get(n, 0.0)
        rows.append({
            "port": _name(graph, n), "role": graph.nodes[n].get("role"),
            "country": graph.nodes[n].get("country"), "supply_limit_m3_per_day": limit,
            "loaded_m3_per_day": loaded, "loaded_tankers_per_day": loaded / v,
        })  # fmt: skip
    return pd.DataFrame(rows)


def _by_border(graph: nx.MultiDiGraph, model: FlowModel, sol: Solution) -> pd.DataFrame:
    v = model.tanker_m3
    rows = []
    for n, data in graph.nodes(data=True):
        if data.get("role") != "border":
            continue
        crossed = sum(
            (1 - model.edge_loss[e]) * sol.edge_flow_m3.get(e, 0.0)
            for e in graph.in_edges(n, keys=True)
        )
        # What limits the fuel crossing it: a post that loads has a loading capacity only
        # (README: traffic through a loading point is not limited), and was utilised against
        # it (400 % for 8 m3/day through a post loading 2 trucks/day).
        cap = model.through_capacity_m3.get(n)
        rows.append({
            "border_post": data.get("name"), "crossed_m3_per_day": crossed,
            "crossed_tankers_per_day": crossed / v,
            "capacity_trucks_per_day": None if cap is None else cap / v,
            "utilisation_pct": None if not cap else 100 * crossed / cap,
        })  # fmt: skip
    return pd.DataFrame(rows)


def _by_corridor(graph: nx.MultiDiGraph, routes: list[PathFlow], volume: float) -> pd.DataFrame:
    """Each route counts for the corridor it crosses the border on, the one of those it
    shares the most km with.

    The corridors a route may count for are those labelling its road into and out of the
    last border post it passes (the one into the destination's country): a route shares most
    of its km with the corridor of the trunk road it leaves (Yamoussoukro - Boundiali on the
    West-African layer, then Odienné and the Manankoro post) and counted for that corridor it
    put fuel on a corridor that crosses elsewhere, beside ``by_border``'s figures. A route
    through a post that no corridor passes is ``(off corridor)``; one through no post at all
    counts for the corridor it shares the most km with, as does every route of a network
    with no posts."""
    carried: dict[str, float] = {}
    for route in routes:
        km: dict[str, float] = {}
        for u, v, k in route.edges:
            data = graph.edges[u, v, k]
            for c in data.get("corridors") or ():  # the schema's default: none
                km[c] = km.get(c, 0.0) + float(data["length_km"])
        posts = [i for i, n in enumerate(route.nodes) if graph.nodes[n].get("role") == "border"]
        if posts:
            i = posts[-1]
            at_post = route.edges[max(i - 1, 0):i + 1]
            crossing = {c for u, v, k in at_post for c in graph.edges[u, v, k].get("corridors") or ()}
            km = {c: x for c, x in km.items() if c in crossing}
        corridor = max(km, key=lambda c: km[c]) if km else "(off corridor)"
        carried[corridor] = carried.get(corridor, 0.0) + route.delivered_m3_per_day
    rows = [
        {"corridor": c, "delivered_m3_per_day": m3, "delivered_tankers_per_day": m3 / volume}
        for c, m3 in sorted(carried.items(), key=lambda kv: -kv[1])
    ]
    return pd.DataFrame(rows)


def _bottlenecks(
    graph: nx.MultiDiGraph, model: FlowModel, sol: Solution, priced: FlowModel, prices: Solution
) -> list[Bottleneck]:
    """Capacities the plan fills, with shadow prices from the unweighted served-demand LP.

    A row is a bottleneck when its capacity is above 0, the plan (``model`` solved as
    ``sol``: the prioritised plan the routes come from) uses all of it and its dual in
    ``priced`` (the same rows with every m³ worth 1, solved as ``prices``) is positive.
    Closed elements (capacity 0) are left out: the dual of a zero row is degenerate (HiGHS
    and CBC return different values for one plan) and says nothing of what reopening one
    truck/day would serve. Each row's capacity, use and shadow price are in the unit of what
    binds (see :class:`Bottleneck`). Sorted by m³/day gained per truck/day (a supply per
    46 m³/day, i.e. per truckload; the fleet per tanker).
    """
    if sol.status != "optimal" or prices.status != "optimal":
        return []
    v = model.tanker_m3
    values = _plan_values(model, sol)
    out: dict[tuple[str, str], tuple[float, Bottleneck]] = {}
    for cname, (kind, ref) in model.constraint_kind.items():
        if kind not in ("segment", "node", "town", "supply", "fleet"):
            continue
        price = prices.duals.get(cname, 0.0)
        con = model.problem.constraints.get(cname)
        if price < 1e-7 or con is None or priced.constraint_kind.get(cname) != (kind, ref):
            continue
        rhs_m3 = -float(con.constant)  # capacity (tankers for the fleet)
        lhs = sum(coef * values.get(var.name, 0.0) for var, coef in con.items())  # the plan's use
        if not rhs_m3 > 1e-9 or lhs < rhs_m3 - 1e-6 * max(1.0, rhs_m3):
            continue  # closed (capacity 0: no marginal value) or not filled by the plan
        rank = price * v  # m3/day per truck/day (or per truckload of supply)
        side = _loading_limit(graph, model, ref, rhs_m3) if kind == "supply" else None
        if kind == "fleet":
            b = Bottleneck("fleet", "fleet", "tankers", rhs_m3, lhs, price)
            rank = price
        elif side == "supply":
            b = Bottleneck("supply", _name(graph, ref), "m3/day", rhs_m3, lhs, price)
        else:
            if kind == "segment":
                label, name = "segment", str(graph.edges[ref]["segment_id"])
            elif kind == "town":  # one road into a degraded town: its share of that road
                town = ref[1]
                label = str(graph.nodes[town].get("role") or "junction")
                name = f"{_name(graph, town)} via {graph.edges[ref]['segment_id']}"
            elif side is not None:
                label, name = side, _name(graph, ref)
            else:
                label, name = str(graph.nodes[ref].get("role") or "junction"), _name(graph, ref)
            b = Bottleneck(label, name, "trucks/day", rhs_m3 / v, lhs / v, price * v)
        key = (b.kind, b.name)
        if key not in out or out[key][0] < rank:
            out[key] = (rank, b)
    return [b for _, b in sorted(out.values(), key=lambda rb: -rb[0])]


def _plan_values(model: FlowModel, sol: Solution) -> dict[str, float]:
    """The plan's value of each of ``model``'s variables, by name, from ``sol`` (not from the
    variables, which hold whatever the model's last solve left in them)."""
    values = {model.flow[e].name: f for e, f in sol.edge_flow_m3.items()}
    values.update({model.load[n].name: x for n, x in sol.loaded_m3.items()})
    values.update({model.deliver[k].name: x for k, x in sol.block_delivered_m3.items()})
    values.update({model.unmet[n].name: x for n, x in sol.unmet_m3.items()})
    return values


def _loading_limit(graph: nx.MultiDiGraph, model: FlowModel, node: Hashable, limit_m3: float) -> str:
    """Which side of a loading point's limit ``min(supply, loading capacity)`` binds.

    Returns
    -------
    str
        ``"supply"`` (the supply is below the loading capacity, or there is none),
        ``"loading"`` (the loading capacity is below the supply) or ``"supply_and_loading"``
        (equal, as on every port of the embedded network).
    """
    loading_m3 = model.node_capacity_m3.get(node, math.inf)
    effect = _node_effect(model.scenario, graph.nodes[node])
    supply_m3 = float(graph.nodes[node]["supply_m3_per_day"]) * effect.effective_capacity_factor
    tol = 1e-9 * max(1.0, limit_m3)
    if supply_m3 < loading_m3 - tol:
        return "supply"
    return "supply_and_loading" if supply_m3 <= loading_m3 + tol else "loading"


def _or_unknown(value: float, spec: str, unit: str = "") -> str:
    """``format(value, spec) + unit``, or ``"unknown"`` for NaN (a measure whose LP failed)."""
    return "unknown" if math.isnan(value) else format(_w(value), spec) + unit


def _loss_text(c: CapacityLost, of: str = "") -> str:
    """``"92 m3/day (2.0 tankers/day, 9.2 %)"`` (``of`` after the percent), or ``"unknown"``."""
    if not c.known:
        return "unknown"
    return (f"{_w(c.lost_m3_per_day):,.0f} m3/day ({_w(c.lost_tankers_per_day):,.1f} tankers/day, "
            f"{_w(c.lost_pct):.1f} %{of})")


def _fleet_binds(sol: Solution, params: ModelParameters) -> bool:
    """The fleet row is full with a positive dual (one more tanker would carry more)."""
    if sol.status != "optimal" or not params.fleet.enabled or "fleet" not in sol.slacks:
        return False
    full = abs(sol.slacks["fleet"]) <= 1e-6 * max(1.0, params.fleet.tankers)
    return full and sol.duals.get("fleet", 0.0) > 1e-7


def _min_cut(graph: nx.MultiDiGraph, model: FlowModel, hub: Hashable | None) -> CutResult | None:
    if hub is None:
        return None
    # Through capacities: border posts, transit depots and closed nodes (a closed port or depot
    # passes nothing); an open loading point's capacity is in its loading limit only.
    return minimum_cut(
        graph, sources=dict(model.supply_limit_m3), sink=hub,
        edge_capacity_m3=_with_town_roads(model.edge_capacity_m3, model.town_road_capacity_m3),
        node_capacity_m3=dict(model.through_capacity_m3),
    )  # fmt: skip


#: Edge attribute of the alternatives' working copy of the graph: a truck's cost on the edge.
_RISK_COST = "_risk_cost_per_truck"


def _alternatives(graph: nx.MultiDiGraph, model: FlowModel, k: int, hub: Hashable | None) -> list[Alternatives]:
    if hub is None or k <= 0:
        return []
    params = model.params
    per_truck_km = params.cost_per_truck_km
    loss_value = params.fuel_value_per_m3 * model.tanker_m3
    closed_segments = {
        s for s, e in model.scenario.segments.items() if e.effective_capacity_factor == 0.0
    }
    closed_nodes = {n for n, c in model.through_capacity_m3.items() if c == 0.0}

    # Route capacities under the scenario: degraded segments and posts carry their reduced
    # capacity (closed ones are excluded above).
    scenario_graph = graph.copy()
    for e, p in model.edge_loss.items():
        # Cost of one truck on the edge plus the value of the fuel it is expected to lose, on
        # the segment and at the node it leads to (valued as in the LP's cost).
        scenario_graph.edges[e][_RISK_COST] = (
            float(graph.edges[e]["length_km"]) * per_truck_km + p * loss_value
            + node_loss_cost_per_m3(model.node_loss[e[1]], p, params.fuel_value_per_m3) * model.tanker_m3
        )  # fmt: skip
    # A road into a degraded town carries the town's share of it (the town has no capacity
    # attribute of its own, so a route through it was given its roads' full capacity).
    for e, cap in _with_town_roads(model.edge_capacity_m3, model.town_road_capacity_m3).items():
        scenario_graph.edges[e]["capacity_trucks_per_day"] = cap / model.tanker_m3
    for n, cap in model.node_capacity_m3.items():
        if "capacity_trucks_per_day" in scenario_graph.nodes[n] and not math.isinf(cap):
            scenario_graph.nodes[n]["capacity_trucks_per_day"] = cap / model.tanker_m3
    for n, limit in model.supply_limit_m3.items():
        # A route is bound by its origin's loading limit, a port's without a loading capacity
        # of its own too (its supply times its factor; it was left unbounded).
        scenario_graph.nodes[n]["capacity_trucks_per_day"] = limit / model.tanker_m3
    out = []
    for port, limit in model.supply_limit_m3.items():
        if limit <= 0.0:  # closed (a closed port loads nothing) or no supply left
            continue
        out.append(alternative_routes(
            scenario_graph, port, hub, k=k, weight=_RISK_COST, excluded_segments=closed_segments,
            excluded_nodes=closed_nodes, tanker_m3=model.tanker_m3,
        ))  # fmt: skip
    return out


def _unreachable(graph: nx.MultiDiGraph, model: FlowModel) -> list[str]:
    """Demand cities no fuel can reach: every way from every loading point is closed or loses
    all its fuel (a segment's, or a place's, ``loss_probability`` of 1; a place that loses all
    the fuel reaching it passes nothing on and delivers nothing, as a road that does)."""
    def keeps(n: Hashable) -> bool:
        return model.node_loss[n] < 1.0

    open_graph = nx.DiGraph()
    open_graph.add_nodes_from(graph.nodes)
    for e, cap in _with_town_roads(model.edge_capacity_m3, model.town_road_capacity_m3).items():
        u, v, _ = e
        if (cap > 0 and model.edge_loss[e] < 1.0 and model.through_capacity_m3.get(v, 1.0) > 0
                and keeps(v)):  # fmt: skip
            open_graph.add_edge(u, v)
    sources = [n for n, lim in model.supply_limit_m3.items() if lim > 0 and keeps(n)]
    reach: set[Hashable] = set(sources)
    for s in sources:
        reach |= nx.descendants(open_graph, s)
    return sorted(_name(graph, n) for n in model.demand_m3 if n not in reach)
