"""The stage-1 LP of :func:`~supplychain.models.lp.build_model` built directly as arrays.

:class:`~supplychain.models.fast.FastSolver` holds the stage-1 LP in HiGHS. Building it
through PuLP first (an object per variable and per term, then read back term by term) took
about 1 s per solver on the whole-Africa network (2,344 segments) and 45 s on a 100k-arc grid,
more than all the closures of an N-1 sweep. :func:`stage_one_arrays` writes the same LP
straight into NumPy arrays: the same columns in the same order (PuLP's, sorted by variable
name: ``deliver_*``, ``flow_*``, ``load_*``, ``unmet_*``), the same kept rows in the same
order and with the same coefficients (computed with the same floating-point operations in the
same order), and the single-variable capacity rows (``segment_capacity_<i>``,
``supply_<i>``) folded into column upper bounds as
:func:`~supplychain.models.fast_highs._highs_model` does. ``tests/test_lp_arrays.py`` checks
that the two are equal array for array and give the same optimum per closure.

Hand-written rather than through a modelling library on purpose: the point is to skip the
per-term objects such libraries create; the definitions stay in
:mod:`supplychain.models.lp` (the effective capacities and losses come from its
``_scenario_data``), and the test above keeps the two in step.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx
import numpy as np
import numpy.typing as npt
import pulp

from supplychain.models.lp import (
    Edge,
    FlowModel,
    _check_inputs,
    _node_effect,
    _scenario_data,
    _with_town_roads,
    node_loss_cost_per_m3,
)
from supplychain.models.params import ModelParameters, tanker_volume
from supplychain.models.scenario import Scenario

__all__ = ["StageOneArrays", "effective_capacities", "stage_one_arrays"]

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]

#: Modes whose every delivered m³ is worth 1 (the ones the fast path offers).
ArrayMode = Literal["throughput", "served_unweighted"]


@dataclass
class StageOneArrays:
    """The stage-1 LP (maximise delivered m³) as row-wise arrays, with what each index means.

    Parameters
    ----------
    n_col : int
    col_cost : numpy.ndarray
        Objective coefficient per column (1 for deliveries, 0 elsewhere).
    col_lower, col_upper : numpy.ndarray
        Column bounds; segment capacities and loading limits are folded in as upper bounds.
    row_lower, row_upper : numpy.ndarray
    starts, index, value : numpy.ndarray
        Row-wise sparse matrix (``starts`` has ``n_row + 1`` entries).
    row_names : list of str
        PuLP constraint name of each kept row (``demand_3``, ``conservation_7``, ...).
    flow_cols : numpy.ndarray
        Column of the flow on edge ``i`` (edge order of ``graph.edges(keys=True)``).
    load_col : dict
        Supply node -> its loading column.
    deliver_cols : numpy.ndarray
        Delivery columns.
    node_row : dict
        Node with a through capacity (border post, closed town, transit depot, closed node
        of any role; not an open loading point nor a degraded town, whose roads in have a
        ``town_road`` row each) -> its ``node_capacity`` row.
    cost : numpy.ndarray
        Stage-2 cost per column (transport and the value of expected losses).
    edges : list of Edge
    edge_segment : list of str
        Segment id of each edge.
    edge_capacity_m3, node_capacity_m3, supply_limit_m3, through_capacity_m3 : dict
        The scenario's effective capacities (m³/day), as in :class:`FlowModel`.
    scenario_name : str

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models.params import load_model_parameters
    >>> lp = stage_one_arrays(build_network(), load_model_parameters())
    >>> lp.n_col == len(lp.col_cost) and len(lp.starts) == len(lp.row_lower) + 1
    True
    """

    n_col: int
    col_cost: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    row_lower: FloatArray
    row_upper: FloatArray
    starts: IntArray
    index: IntArray
    value: FloatArray
    row_names: list[str]
    flow_cols: IntArray
    load_col: dict[Hashable, int]
    deliver_cols: IntArray
    node_row: dict[Hashable, int]
    cost: FloatArray
    edges: list[Edge]
    edge_segment: list[str]
    edge_capacity_m3: dict[Edge, float]
    node_capacity_m3: dict[Hashable, float]
    supply_limit_m3: dict[Hashable, float]
    scenario_name: str
    through_capacity_m3: dict[Hashable, float]

    def highs_lp(self) -> Any:
        """The LP as a :class:`highspy.HighsLp` (maximised, row-wise matrix).

        Returns
        -------
        highspy.HighsLp
            A new object on each call, built from these arrays.
        """
        from supplychain._highs import quiet_highs_banner
        from supplychain.models.highs_lp import row_wise_lp

        quiet_highs_banner()
        return row_wise_lp(col_cost=self.col_cost, col_lower=self.col_lower,
                           col_upper=self.col_upper, row_lower=self.row_lower,
                           row_upper=self.row_upper, starts=self.starts, index=self.index,
                           value=self.value, maximize=True)  # fmt: skip


def _rhs(value: float) -> float:
    """A right-hand side as PuLP stores it: ``-(0 - value)``, so ``0.0`` becomes ``-0.0``."""
    return -(0.0 - float(value))


class _Rows:
    """Row-wise matrix under construction; coefficients of a repeated column add up in the
    order given (as PuLP's expressions do) and zeros are dropped (as ``_highs_model`` does)."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.names: list[str] = []
        self.starts: list[int] = [0]
        self.index: list[int] = []
        self.value: list[float] = []

    def add(self, name: str, terms: list[tuple[int, float]], lower: float, upper: float) -> int:
        merged: dict[int, float] = {}
        for j, c in terms:
            merged[j] = merged[j] + c if j in merged else c
        for j, c in merged.items():
            if c != 0:
                self.index.append(j)
                self.value.append(c)
        self.starts.append(len(self.index))
        self.names.append(name)
        self.lower.append(lower)
        self.upper.append(upper)
        return len(self.lower) - 1


def _effective_data(
    graph: nx.MultiDiGraph,
    params: ModelParameters,
    scenario: Scenario | None,
    mode: str,
    tanker_m3: float | None,
) -> FlowModel:
    """A :class:`FlowModel` without variables: build_model's checks, the scenario's effective
    capacities and losses, and the loading limits (``supply_limit_m3``, in ``load_<i>`` order),
    computed by the same code."""
    scenario = scenario or Scenario.baseline()
    scenario.check_against(graph)
    volume = tanker_volume(graph, tanker_m3)
    _check_inputs(graph, params)
    data = FlowModel(
        problem=pulp.LpProblem("arrays", pulp.LpMaximize), graph=graph,
        edges=list(graph.edges(keys=True)), flow={}, load={}, deliver={}, unmet={}, blocks={},
        edge_capacity_m3={}, node_capacity_m3={}, supply_limit_m3={}, demand_m3={}, edge_loss={},
        node_loss={}, cost=0, mode=mode, tanker_m3=volume, params=params, scenario=scenario,  # type: ignore[arg-type]
    )  # fmt: skip
    _scenario_data(data)
    for n, attrs in graph.nodes(data=True):  # define_supply
        if (attrs.get("supply_m3_per_day") or 0) > 0:
            effect = _node_effect(scenario, attrs)
            limit = float(attrs["supply_m3_per_day"]) * effect.effective_capacity_factor
            if n in data.node_capacity_m3:
                limit = min(limit, data.node_capacity_m3[n])
            data.supply_limit_m3[n] = limit
    return data


def effective_capacities(
    graph: nx.MultiDiGraph,
    params: ModelParameters,
    scenario: Scenario | None = None,
    *,
    tanker_m3: float | None = None,
) -> tuple[dict[Edge, float], dict[Hashable, float], dict[Hashable, float]]:
    """The LP's capacities under a scenario (m³/day), without building the LP.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
    scenario : Scenario, optional
    tanker_m3 : float, optional

    Returns
    -------
    (edge capacities, through capacities, loading limits)
        As ``build_model(...).edge_capacity_m3`` (each road into a degraded town capped at
        the town's share of it, ``.town_road_capacity_m3``), ``.through_capacity_m3`` (what
        may enter a node from the roads: border posts, transit depots, every closed node at 0;
        an open loading point's capacity is in its loading limit only) and
        ``.supply_limit_m3``: the capacities of a max flow that agrees with the LP.

    Raises
    ------
    ParameterError
        As :func:`~supplychain.models.lp.build_model`.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models.params import load_model_parameters
    >>> edge_cap, node_cap, supply = effective_capacities(build_network(), load_model_parameters())
    >>> all(c >= 0 for c in edge_cap.values())
    True
    """
    data = _effective_data(graph, params, scenario, "throughput", tanker_m3)
    return _with_town_roads(data.edge_capacity_m3, data.town_road_capacity_m3), data.through_capacity_m3, data.supply_limit_m3


def stage_one_arrays(
    graph: nx.MultiDiGraph,
    params: ModelParameters,
    scenario: Scenario | None = None,
    *,
    mode: ArrayMode = "throughput",
    tanker_m3: float | None = None,
) -> StageOneArrays:
    """The stage-1 LP of ``build_model(graph, params, scenario, mode=mode)`` as arrays.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
    scenario : Scenario, optional
        Baseline when omitted.
    mode : {"throughput", "served_unweighted"}, default "throughput"
    tanker_m3 : float, optional
        Default ``graph.graph["tanker_volume_m3"]`` (46 when absent).

    Returns
    -------
    StageOneArrays

    Raises
    ------
    ParameterError
        As :func:`~supplychain.models.lp.build_model`: unknown scenario items, no supply or
        no demand, bad priority blocks.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models.params import load_model_parameters
    >>> g = build_network()
    >>> len(stage_one_arrays(g, load_model_parameters()).flow_cols) == g.number_of_edges()
    True
    """
    data = _effective_data(graph, params, scenario, mode, tanker_m3)
    scenario, volume = data.scenario, data.tanker_m3
    nodes = list(graph.nodes)
    node_attrs = graph.nodes
    edges = data.edges
    edge_attrs = [attrs for _, _, attrs in graph.edges(data=True)]  # in the order of edges

    # Variables with their bounds, named as build_model names them.
    lower: dict[str, float] = {}
    upper: dict[str, float] = {}
    for i in range(len(edges)):
        lower[f"flow_{i}"], upper[f"flow_{i}"] = 0.0, math.inf
    load_name: dict[Hashable, str] = {}
    for i, n in enumerate(data.supply_limit_m3):  # define_supply
        load_name[n] = f"load_{i}"
        lower[f"load_{i}"], upper[f"load_{i}"] = 0.0, math.inf
    demand_nodes = [n for n in nodes if (node_attrs[n].get("demand_m3_per_day") or 0) > 0]
    deliver_at: dict[Hashable, list[str]] = {}
    demand_rows: list[tuple[str, list[str], float]] = []
    for i, n in enumerate(demand_nodes):  # define_demand
        name = node_attrs[n].get("name") or str(n)
        total = float(node_attrs[n]["demand_m3_per_day"])
        names = deliver_at.setdefault(n, [])
        if mode == "throughput":
            names.append(f"deliver_{i}")
            lower[f"deliver_{i}"], upper[f"deliver_{i}"] = 0.0, math.inf
            continue
        rest = total
        for j, block in enumerate(b for b in params.blocks if b.city == name):
            v = f"deliver_{i}_{j}"
            names.append(v)
            lower[v], upper[v] = 0.0, float(block.volume_m3_per_day)
            rest -= block.volume_m3_per_day
        names.append(f"deliver_{i}")
        lower[f"deliver_{i}"], upper[f"deliver_{i}"] = 0.0, float(max(rest, 0.0))
        lower[f"unmet_{i}"], upper[f"unmet_{i}"] = 0.0, math.inf
        demand_rows.append((f"demand_{i}", [*names, f"unmet_{i}"], total))

    col_names = sorted(lower)  # PuLP's column order: variables sorted by name
    col = {name: j for j, name in enumerate(col_names)}
    n_col = len(col_names)
    col_lower = np.array([lower[v] for v in col_names], dtype=float)
    col_upper = np.array([upper[v] for v in col_names], dtype=float)
    flow_cols = np.array([col[f"flow_{i}"] for i in range(len(edges))], dtype=np.int32)
    load_col = {n: col[v] for n, v in load_name.items()}
    deliver_of = {n: [col[v] for v in vs] for n, vs in deliver_at.items()}
    deliver_cols = np.array(sorted(j for js in deliver_of.values() for j in js), dtype=np.int32)

    # Folded capacity rows (define_supply, define_segment_capacity): column upper bounds.
    for n, j in load_col.items():
        col_upper[j] = min(col_upper[j], _rhs(data.supply_limit_m3[n]) / 1.0)
    for i, e in enumerate(edges):
        j = int(flow_cols[i])
        col_upper[j] = min(col_upper[j], _rhs(data.edge_capacity_m3[e]) / 1.0)

    rows = _Rows()
    for name, vs, total in demand_rows:
        rows.add(name, [(col[v], 1.0) for v in vs], _rhs(total), _rhs(total))
    fcol = flow_cols.tolist()
    edge_loss = [data.edge_loss[e] for e in edges]
    # Edge indices entering and leaving each node, in the order of graph.in_edges/out_edges.
    edge_index = {e: i for i, e in enumerate(edges)}
    pred, succ = graph.pred, graph.succ
    in_of = {n: [edge_index[(u, n, k)] for u, keys in pred[n].items() for k in keys] for n in nodes}
    out_of = {n: [edge_index[(n, v, k)] for v, keys in succ[n].items() for k in keys] for n in nodes}
    for i, n in enumerate(nodes):  # define_flow_conservation
        keep = 1.0 - data.node_loss[n]
        terms = [(fcol[x], (1.0 - edge_loss[x]) * keep) for x in in_of[n]]
        if n in load_col:
            terms.append((load_col[n], 1.0 * keep))
        terms += [(fcol[x], -1.0) for x in out_of[n]]
        terms += [(j, -1.0) for j in deliver_of.get(n, [])]
        rows.add(f"conservation_{i}", terms, _rhs(0.0), _rhs(0.0))
    node_row: dict[Hashable, int] = {}
    for i, n in enumerate(nodes):  # define_node_capacity
        if n not in data.through_capacity_m3:
            continue
        cap = data.through_capacity_m3[n]
        if math.isinf(cap):
            continue
        terms = [(fcol[x], 1.0 - edge_loss[x]) for x in in_of[n]]
        node_row[n] = rows.add(f"node_capacity_{i}", terms, -math.inf, _rhs(cap))
    for x, e in enumerate(edges):  # define_node_capacity's rows of the roads into degraded towns
        if e in data.town_road_capacity_m3:
            rows.add(f"town_road_{x}", [(fcol[x], 1.0 - edge_loss[x])], -math.inf,
                     _rhs(data.town_road_capacity_m3[e]))  # fmt: skip
    fleet = params.fleet
    if fleet.enabled:  # define_fleet
        terms = []
        for x, attrs in enumerate(edge_attrs):
            days = 2.0 * float(attrs["travel_time_h"]) / fleet.driving_hours_per_day
            terms.append((fcol[x], days / volume))
        terms += [(j, fleet.loading_hours / 24.0 / volume) for j in load_col.values()]
        terms += [(j, fleet.unloading_hours / 24.0 / volume) for n in demand_nodes
                  for j in deliver_of[n]]  # fmt: skip
        border = 2.0 * fleet.border_hours / 24.0 / volume
        for n in nodes:
            if node_attrs[n].get("role") == "border":
                terms += [(fcol[x], border) for x in in_of[n]]
        rows.add("fleet", terms, -math.inf, _rhs(fleet.tankers))

    col_cost = np.zeros(n_col)
    col_cost[deliver_cols] = 1.0
    cost = np.zeros(n_col)
    per_m3_km = params.cost_per_truck_km / volume
    for x, attrs in enumerate(edge_attrs):  # with the fuel reaching a dangerous node, as in _define_objectives
        length = float(attrs["length_km"])
        cost[fcol[x]] = (length * per_m3_km + edge_loss[x] * params.fuel_value_per_m3
                         + node_loss_cost_per_m3(data.node_loss[edges[x][1]], edge_loss[x], params.fuel_value_per_m3))
    for n, j in load_col.items():
        cost[j] = data.node_loss[n] * params.fuel_value_per_m3
    return StageOneArrays(
        n_col=n_col, col_cost=col_cost, col_lower=col_lower, col_upper=col_upper,
        row_lower=np.array(rows.lower, dtype=float), row_upper=np.array(rows.upper, dtype=float),
        starts=np.array(rows.starts, dtype=np.int32), index=np.array(rows.index, dtype=np.int32),
        value=np.array(rows.value, dtype=float), row_names=rows.names, flow_cols=flow_cols,
        load_col=load_col, deliver_cols=deliver_cols, node_row=node_row, cost=cost, edges=edges,
        edge_segment=[attrs["segment_id"] for attrs in edge_attrs],
        edge_capacity_m3=data.edge_capacity_m3, node_capacity_m3=data.node_capacity_m3,
        supply_limit_m3=data.supply_limit_m3, scenario_name=scenario.name,
        through_capacity_m3=data.through_capacity_m3,
    )  # fmt: skip
