"""The tiny networks the docstring examples use, built in one place.

A port ``P`` (``Port``, 100 m³/day) feeding a city ``C`` (``Kayes``) by road, tankers of
1 m³, neutral model parameters (:func:`example_params`), the solved "closed road for a
week" timeline (:func:`closed_road_week`), the Dakar-Bamako road with coordinates the report
examples draw (:func:`dakar_bamako`), a steady-state plan short of demand
(:func:`road_short_of_demand`) and a two-column LP loaded into HiGHS (:func:`x_plus_y_highs`).
Private: only the docstring examples use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

from supplychain.models.params import FleetParameters, ModelParameters

if TYPE_CHECKING:
    from supplychain.models.results import FlowResult
    from supplychain.models.timeline_result import TimelineResult

__all__: list[str] = []


def port_city(
    *,
    border: bool = False,
    demand_m3_per_day: float = 30.0,
    road_hours: float = 12.0,
    capacity_trucks_per_day: float = 20.0,
) -> nx.MultiDiGraph:
    """A port ``P`` (100 m³/day) and the city ``C`` (``Kayes``), tankers of 1 m³.

    Parameters
    ----------
    border : bool, default False
        Without: one road ``R`` from ``P`` to ``C``. With: a border post ``X`` (``Post``, 15
        trucks/day) between them, roads ``RPX`` and ``RXC``.
    demand_m3_per_day : float, default 30.0
        Kayes's demand.
    road_hours : float, default 12.0
        Travel time of each road (all roads are 1 km long).
    capacity_trucks_per_day : float, default 20.0
        Capacity of each road.

    Returns
    -------
    networkx.MultiDiGraph
        The network, graph attribute ``tanker_volume_m3`` = 1.0.

    Examples
    --------
    >>> g = port_city(border=True, road_hours=1.0)
    >>> sorted(g.nodes), sorted(d["segment_id"] for _, _, d in g.edges(data=True))
    (['C', 'P', 'X'], ['RPX', 'RXC'])
    """
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    g.add_node("P", name="Port", role="port", supply_m3_per_day=100.0)
    if border:
        g.add_node("X", name="Post", role="border", capacity_trucks_per_day=15.0)
    g.add_node("C", name="Kayes", role="city", demand_m3_per_day=demand_m3_per_day)
    hops = (("P", "X"), ("X", "C")) if border else (("P", "C"),)
    for u, v in hops:
        g.add_edge(u, v, segment_id=f"R{u}{v}" if border else "R",
                   capacity_trucks_per_day=capacity_trucks_per_day, length_km=1.0,
                   travel_time_h=road_hours)
    return g


def dakar_bamako() -> tuple[nx.MultiDiGraph, ModelParameters]:
    """One two-way road of 20 trucks/day (tankers of 1 m³, 1,200 km, 30 h) from the port
    ``P`` (``Dakar``, 100 m³/day) to ``B`` (``Bamako``, 30 m³/day), with coordinates, a road
    number and a corridor, and parameters with the fleet limit off: what the report examples
    draw.

    Returns
    -------
    tuple of (networkx.MultiDiGraph, ModelParameters)
        The network and the parameters.

    Examples
    --------
    >>> g, params = dakar_bamako()
    >>> sorted(d["segment_id"] for _, _, d in g.edges(data=True)), params.fleet.enabled
    (['N1:Dakar-Bamako', 'N1:Dakar-Bamako'], False)
    """
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    g.add_node("P", name="Dakar", role="port", supply_m3_per_day=100.0, x=-17.4, y=14.7)
    g.add_node("B", name="Bamako", role="city", demand_m3_per_day=30.0, x=-8.0, y=12.6)
    for u, v in (("P", "B"), ("B", "P")):
        g.add_edge(u, v, segment_id="N1:Dakar-Bamako", ref="N1", length_km=1200.0,
                   capacity_trucks_per_day=20.0, travel_time_h=30.0, corridors=["Dakar"])
    params = ModelParameters(1.0, {}, (), 1.0, 1.0, "XOF", FleetParameters(False, 0.0, 12.0, 0.0, 0.0, 0.0))
    return g, params


def example_params(*, fleet_tankers: float = 10.0) -> ModelParameters:
    """Neutral model parameters: no losses, no priorities, a fleet driving 12 h/day.

    Parameters
    ----------
    fleet_tankers : float, default 10.0
        Tankers in the fleet (the fleet limit is on).

    Returns
    -------
    ModelParameters
        ``ModelParameters(1.0, {}, (), 1.0, 1.0, "XOF", FleetParameters(True,
        fleet_tankers, 12.0, 0.0, 0.0, 0.0))``.

    Examples
    --------
    >>> example_params(fleet_tankers=2.0).fleet.tankers
    2.0
    """
    fleet = FleetParameters(True, fleet_tankers, 12.0, 0.0, 0.0, 0.0)
    return ModelParameters(1.0, {}, (), 1.0, 1.0, "XOF", fleet)


def closed_road_week() -> TimelineResult:
    """Kayes (10 m³/day, 5 days of stock) behind road ``R`` closed for the whole week, solved.

    The network is ``port_city(demand_m3_per_day=10.0)``; the timeline ``blockade`` starts on
    2026-01-01, lasts 7 days, closes ``R`` on days 0 to 6 and gives cities storage of 10 days
    of demand with 5 days in stock.

    Returns
    -------
    TimelineResult
        The solved timeline.

    Examples
    --------
    >>> r = closed_road_week()
    >>> r.days, round(r.to_dict()["unmet_m3"], 6)
    (7, 20.0)
    """
    import datetime

    from supplychain.models.scenario import Effect
    from supplychain.models.timeexp import build_timeline_model
    from supplychain.models.timeexp_solve import solve_timeline
    from supplychain.models.timeline import DatedEffects, StorageParameters, Timeline

    tl = Timeline("blockade", "", datetime.date(2026, 1, 1), 7,
                  effects=(DatedEffects(0, 6, {"R": Effect(closed=True)}, {}),),
                  storage=StorageParameters(10.0, 5.0, 0.0))
    return solve_timeline(build_timeline_model(port_city(demand_m3_per_day=10.0),
                                               example_params(), tl))


def road_short_of_demand() -> FlowResult:
    """Dakar (``P``, 2,000 m³/day) to Bamako (``C``, 1,000 m³/day) by one road ``R1`` of 20
    trucks/day (tankers of 40 m³, 1,200 km, 24 h), no border post, the fleet limit off:
    the steady-state plan, 800 m³/day delivered and 200 unmet.

    Returns
    -------
    FlowResult
        The solved baseline.

    Examples
    --------
    >>> round(road_short_of_demand().unmet_m3_per_day)
    200
    """
    from supplychain.models.results import run_scenario

    g = nx.MultiDiGraph(tanker_volume_m3=40.0)
    g.add_node("P", name="Dakar", role="port", supply_m3_per_day=2000.0)
    g.add_node("C", name="Bamako", role="city", demand_m3_per_day=1000.0)
    g.add_edge("P", "C", segment_id="R1", capacity_trucks_per_day=20.0, length_km=1200.0,
               travel_time_h=24.0, corridors=["Dakar"])
    params = ModelParameters(1.0, {}, (), 1.0, 1.0, "XOF", FleetParameters(False, 10.0, 12.0, 0.0, 0.0, 0.0))
    return run_scenario(g, params)


def x_plus_y_highs() -> Any:
    """Maximise x + y with x + y <= 4 and both in [0, 3], loaded into HiGHS, unsolved, quiet.

    Returns
    -------
    highspy.Highs
        Its optimum is -4 (HiGHS minimises -x - y).

    Examples
    --------
    >>> x_plus_y_highs().getNumCol()
    2
    """
    import highspy
    import numpy as np

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.addVars(2, np.array([0.0, 0.0]), np.array([3.0, 3.0]))
    h.changeColsCost(2, np.array([0, 1]), np.array([-1.0, -1.0]))
    h.addRow(-highspy.kHighsInf, 4.0, 2, np.array([0, 1]), np.array([1.0, 1.0]))
    return h
