"""What one sweep leaves in its process does not change the next one's figures.

A long-lived Dask worker (``dask worker``) or a notebook runs many sweeps in one process, one
after the other; each keeps its solvers in per-process caches (``sweep_common._SOLVER_CACHE``,
``_HUB_CACHE``, ``_MAXFLOW_CACHE``; ``timeline_mc._WORKER_CACHE``, ``_MYOPIC_CACHE``;
``timeline_stress._WARM_CACHE``). Each test runs sweep A, then B (differing from A in one
input), then A again in this process, and compares each with the same sweep run alone (every
cache emptied first), on the embedded network and horizons of 10 days.

Found 2026-12-06: an N-1 or N-k run with ``hub=None`` after one with Bamako (same network,
parameters and scenario, so the same ``ctx.key``) was given the earlier run's max flows to
Bamako, and a worst case with ``hub=None`` ran on Bamako instead of refusing; a warm timeline
Monte Carlo interrupted in a draw's interior point left its cached HiGHS instance on the
interior point, so the next run in the process (a resume) solved every draw by it, written
"warm".
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import networkx as nx
import pandas as pd
import pytest

from supplychain.errors import ParameterError
from supplychain.models import Effect, Scenario, load_model_parameters
from supplychain.models.params import FleetParameters, ModelParameters
from supplychain.models.timeline import load_storage_parameters
from supplychain.scenarios import sweep_common, timeline_mc, timeline_stress
from supplychain.scenarios.sweeps import (
    SweepContext,
    SweepResult,
    monte_carlo,
    n_minus_1,
    n_minus_k,
    worst_case_sweep,
)
from supplychain.scenarios.timeline_mc import AttackRisk, TimelineMCContext, timeline_monte_carlo
from supplychain.scenarios.timeline_stress import closure_days, load_timeline

DAYS = 10
#: Segments of the embedded network the timeline risks and the Monte Carlo attack (each of
#: these changes the figures of a 10-day timeline when attacked).
RISKY = ("RN1:Kayes-Sandaré", "RN3:Kati-Bamako", "RN7:Bougouni-Sikasso")


def _forget() -> None:
    """A fresh process's caches."""
    for cache in (sweep_common._SOLVER_CACHE, sweep_common._SOLVER_RUN, sweep_common._HUB_CACHE,
                  sweep_common._MAXFLOW_CACHE, timeline_mc._WORKER_CACHE, timeline_mc._MYOPIC_CACHE,
                  timeline_stress._WARM_CACHE):  # fmt: skip
        cache.clear()


def _plain(value: Any) -> Any:
    """A summary without its timings (``*_s``, ``draws_per_s``)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not str(k).endswith("_s")}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _figures(result: SweepResult | pd.DataFrame) -> str:
    """Every figure of a sweep to the last bit (``repr`` of each float; NaN equal to NaN)."""
    table, summary = (result, {}) if isinstance(result, pd.DataFrame) else (result.table, result.summary)
    return repr(table.to_dict("list")) + json.dumps(_plain(summary), sort_keys=True, default=repr)


def _in_turn(a: Callable[[], Any], b: Callable[[], Any]) -> None:
    """A, B and A again in one process give what each gives alone (and A differs from B)."""
    alone = []
    for run in (a, b):
        _forget()
        alone.append(_figures(run()))
    assert alone[0] != alone[1], "the input does not change the figures: the test would prove nothing"
    _forget()
    for i, run in enumerate((a, b, a)):
        assert _figures(run()) == alone[i % 2], f"run {i + 1} of A, B, A differs from the same run alone"


@pytest.fixture(autouse=True)
def _fresh() -> Any:
    _forget()
    yield
    _forget()


def _ctx(graph: nx.MultiDiGraph, params: ModelParameters | None = None, scenario: Scenario | None = None,
         **kw: Any) -> SweepContext:  # fmt: skip
    return SweepContext.create(graph, params or load_model_parameters(), scenario, **kw)


def _no_hub(ctx: SweepContext) -> SweepContext:
    """``ctx`` with no hub and the same ``key``: a context made without ``create``, which puts
    the hub in the key (the caches are keyed by the hub too)."""
    return replace(ctx, hub=None)


def test_a_hub_given_other_than_bamako_is_part_of_the_key(embedded_network: nx.MultiDiGraph) -> None:
    # The key is what an --out's chunks are fingerprinted by: a run with no hub interrupted and
    # resumed with Bamako took the first run's chunks (hub flows NaN) as its own.
    from supplychain.networks.places import hub_node

    g = embedded_network
    assert _ctx(g, hub=hub_node(g)).key == _ctx(g).key  # the command's (it passes the hub) and Python's
    assert _ctx(g, hub=None).key != _ctx(g).key
    assert _no_hub(_ctx(g)).key == _ctx(g).key and _no_hub(_ctx(g)).hub is None


def test_n_minus_1_with_no_hub_after_bamako_and_back(embedded_network: nx.MultiDiGraph) -> None:
    # Same ctx.key (network, parameters, scenario); no hub. Before the fix the no-hub run read
    # the cached max flow to Bamako: hub flows of the Bamako run, not NaN.
    g = embedded_network
    _in_turn(lambda: n_minus_1(_ctx(g), progress=False), lambda: n_minus_1(_no_hub(_ctx(g)), progress=False))


def test_n_minus_1_with_no_hub_after_bamako_without_demand_and_back(embedded_network: nx.MultiDiGraph) -> None:
    # Bamako without demand: its hub flow is capped by a throughput solver with Bamako a
    # destination, cached too (keyed by the hub as the max flow is).
    g = embedded_network.copy()
    for _, d in g.nodes(data=True):
        if d.get("name") == "Bamako":
            d["demand_m3_per_day"] = 0.0
    p = ModelParameters(1.0, {}, (), 1.0, 100.0, "X", FleetParameters(False, 0.0, 24.0, 0.0, 0.0, 0.0))
    _in_turn(lambda: n_minus_1(_ctx(g, p), include_nodes=False, progress=False),
             lambda: n_minus_1(_no_hub(_ctx(g, p)), include_nodes=False, progress=False))  # fmt: skip


def test_n_minus_1_with_two_hubs_without_demand_in_turn() -> None:
    # The test above cannot see the cap solver's key: with no hub there is no max flow, so the
    # cap is never read. Two hubs without demand on one key: keyed by ``ctx.key`` alone, the
    # second read the first's cap solver (the throughput with the first a destination), and
    # its hub flow was capped by it: X's 10 trucks a day read min(10, 1 + 3) (review27).
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    g.add_node("P", name="Port", role="port", supply_m3_per_day=100.0)
    g.add_node("B", name="Bamako", role="city", demand_m3_per_day=3600.0)
    g.add_node("X", name="X", role="junction")
    g.add_node("Y", name="Y", role="junction")
    for seg, head, trucks in (("PB", "B", 1.0), ("PX", "X", 10.0), ("PY", "Y", 3.0)):
        g.add_edge("P", head, segment_id=seg, capacity_trucks_per_day=trucks, length_km=1.0,
                   travel_time_h=1.0, corridors=[])  # fmt: skip
    hub_x, hub_y = (lambda hub=hub: n_minus_1(replace(_ctx(g), hub=hub), progress=False) for hub in ("X", "Y"))
    _in_turn(hub_x, hub_y)
    _in_turn(hub_y, hub_x)


def test_n_minus_k_with_no_hub_after_bamako_and_back(embedded_network: nx.MultiDiGraph) -> None:
    g = embedded_network
    _in_turn(lambda: n_minus_k(_ctx(g), k=2, top=3, include_nodes=False, progress=False),
             lambda: n_minus_k(_no_hub(_ctx(g)), k=2, top=3, include_nodes=False, progress=False))  # fmt: skip


def test_a_worst_case_with_no_hub_is_refused_after_one_with_bamako(embedded_network: nx.MultiDiGraph) -> None:
    worst_case_sweep(_ctx(embedded_network), k=1)
    with pytest.raises(ParameterError, match="no node named 'Bamako'"):
        worst_case_sweep(_no_hub(_ctx(embedded_network)), k=1)


def test_n_minus_1_on_another_scenario_and_back(embedded_network: nx.MultiDiGraph) -> None:
    closed = Scenario("RN3 closed", segments={"RN3:Kati-Bamako": Effect(closed=True)})
    g = embedded_network
    _in_turn(lambda: n_minus_1(_ctx(g), include_nodes=False, progress=False),
             lambda: n_minus_1(_ctx(g, scenario=closed), include_nodes=False, progress=False))  # fmt: skip


def test_monte_carlo_with_other_parameters_and_back(embedded_network: nx.MultiDiGraph) -> None:
    p = load_model_parameters()
    small_fleet = replace(p, fleet=replace(p.fleet, enabled=True, tankers=300.0))
    probs = dict.fromkeys(RISKY, 0.3)
    g = embedded_network
    _in_turn(lambda: monte_carlo(_ctx(g, p, attack_probability=probs, seed=3), draws=40, progress=False),
             lambda: monte_carlo(_ctx(g, small_fleet, attack_probability=probs, seed=3), draws=40,
                                 progress=False))  # fmt: skip


def _timeline(graph: nx.MultiDiGraph, initial_days: float | None = None) -> Any:
    storage = load_storage_parameters()
    if initial_days is not None:
        storage = replace(storage, initial_days=initial_days)
    return load_timeline(None, graph, start=date(2026, 1, 1), days=DAYS, storage=storage)


def _mc(graph: nx.MultiDiGraph, *, draws: int = 4, initial_days: float | None = None, **kw: Any) -> SweepResult:
    risks = [AttackRisk(s, 0.3, frozenset({s}), 0, DAYS - 1) for s in RISKY]
    ctx = TimelineMCContext.create(graph, load_model_parameters(), _timeline(graph, initial_days), risks,
                                   seed=1, **kw)  # fmt: skip
    return timeline_monte_carlo(ctx, draws=draws, progress=False)


@pytest.mark.parametrize(("a", "b"), [
    ({"warm": True}, {"warm": True, "initial_days": 1.0}),  # the storage parameters
    ({"warm": True}, {"warm": True, "tankers_per_attack": 5.0}),  # read by the cached draw solver
    ({"warm": True}, {"warm": True, "time_limit_s": 1e-9}),  # no plan: the cache keeps the limit
    ({"warm": True, "foresight": "myopic"}, {"warm": True}),
    ({"foresight": "myopic", "draws": 1}, {"foresight": "myopic", "draws": 1, "initial_days": 1.0}),  # its start
])  # fmt: skip
def test_timeline_monte_carlo_with_one_input_changed_and_back(embedded_network: nx.MultiDiGraph,
                                                              a: dict[str, Any], b: dict[str, Any]) -> None:  # fmt: skip
    _in_turn(lambda: _mc(embedded_network, **a), lambda: _mc(embedded_network, **b))


def test_warm_closure_days_on_another_timeline_and_back(embedded_network: nx.MultiDiGraph) -> None:
    g = embedded_network
    _in_turn(lambda: closure_days(g, load_model_parameters(), _timeline(g), corridors=["Dakar-Bamako via Kayes"], warm=True),
             lambda: closure_days(g, load_model_parameters(), _timeline(g, 1.0), corridors=["Dakar-Bamako via Kayes"],
                                  warm=True))  # fmt: skip


def test_a_warm_run_interrupted_in_a_draws_interior_point_leaves_no_option_behind(
        embedded_network: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # An iteration cap of 1 sends every draw with an attack past the dual simplex to the interior
    # point. A Ctrl-C there (a notebook) left the cached instance on the interior point: the
    # run after it in the process (its resume) solved every draw by it and wrote "warm".
    monkeypatch.setattr(timeline_mc, "_CAP_PER_ROW", 1e-9)
    alone = _mc(embedded_network, draws=3, warm=True)
    assert set(alone.table["method"]) == {"interior point"}
    _forget()
    real = timeline_mc.run_interruptible

    def interrupted(highs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(timeline_mc, "run_interruptible", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _mc(embedded_network, draws=3, warm=True)
    monkeypatch.setattr(timeline_mc, "run_interruptible", real)
    again = _mc(embedded_network, draws=3, warm=True)
    assert _figures(again) == _figures(alone)
    assert not math.isnan(float(again.table["unmet_m3"].sum()))
