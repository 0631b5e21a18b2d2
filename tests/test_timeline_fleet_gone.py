"""Trips that would need tankers after attacks destroyed the whole fleet get no variable.

From the day the fleet is gone, that day's fleet row (tankers on the road, loading and
unloading, each term >= 0) must stay <= 0 tankers, so fuel entering an arc whose trip reaches
that day can only be 0: :func:`~supplychain.models.timeexp.arc_days` leaves those entries out,
except the ones an attack may find (its destroyed tankers leave the road). The reduction is
exact: the oracle is the same model with every entry kept (``_DROP_FLEETLESS_TRIPS`` off).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
import pulp
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import supplychain.models.timeexp as timeexp
from supplychain.models.params import ModelParameters
from supplychain.models.timeexp import TimelineModel, build_timeline_model, solve_timeline
from supplychain.models.timeexp_price import solve_priced
from supplychain.models.timeline import Attack, Timeline
from supplychain.models.timeline_result import TimelineResult
from tests.test_timeline_model import NO_STOCK, line
from tests.test_timeline_model import params as fleet_of
from tests.test_timeline_properties_more import cases, graph, params, timeline


def solved(g: nx.MultiDiGraph, p: ModelParameters, tl: Timeline, *, drop: bool,
           monkeypatch: pytest.MonkeyPatch) -> tuple[TimelineModel, TimelineResult]:  # fmt: skip
    with monkeypatch.context() as m:
        m.setattr(timeexp, "_DROP_FLEETLESS_TRIPS", drop)
        model = build_timeline_model(g, p, tl)
    result = solve_timeline(model, lexicographic=False)
    assert result.status == "optimal", result.message
    return model, result


def stage1(model: TimelineModel) -> float:
    return float(pulp.value(model.stage1))


def test_a_two_day_road_after_the_fleet_is_destroyed_on_day_3(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fleet of 10 tankers of 1 m3, a 2-day road (4 tanker-days a m3: 2.5 m3 a day), demand 2
    # m3 a day; an attack on day 3 destroys all 10 with their cargo. Fuel entering on day t is
    # on the road on days t and t + 1: from day 2 on, that reaches day 3 (fleet 0), so only
    # days 0 and 1 keep a variable, and day 3's entry, which the attack may find (on both
    # arcs: the road the attack names is kept both ways).
    tl = Timeline("t", "", date(2026, 1, 1), 8, storage=NO_STOCK,
                  attacks=(Attack("a", 3, 10.0, frozenset({"R:P-C"})),))  # fmt: skip
    g, p = line([48.0], demand=2.0), fleet_of(10.0)
    model, result = solved(g, p, tl, drop=True, monkeypatch=monkeypatch)
    assert model.fleet_gone_day == 3
    assert len(model.arcs) == 2
    assert sorted(model.x) == [(i, t) for i in (0, 1) for t in (0, 1, 3)]
    full, full_result = solved(g, p, tl, drop=False, monkeypatch=monkeypatch)
    assert full.fleet_gone_day is None and len(full.x) == 16
    assert stage1(model) == pytest.approx(stage1(full), rel=1e-9)
    # Delivered on days 2 and 3 (what entered on days 0 and 1), nothing after; the attack
    # found its 10 m3 (the 10 tankers on the road on day 3 are those it destroys).
    for r in (result, full_result):
        np.testing.assert_allclose(r.cities["C"]["delivered"], [0, 0, 2, 2, 0, 0, 0, 0], atol=1e-6)
        np.testing.assert_allclose(r.cargo_lost_m3, [0, 0, 0, 10, 0, 0, 0, 0], atol=1e-6)
        assert r.unmatched_attacks == []


def test_nothing_is_left_out_while_a_tanker_is_left(monkeypatch: pytest.MonkeyPatch) -> None:
    # The attack leaves 1 of the 10 tankers: every day keeps its variable.
    tl = Timeline("t", "", date(2026, 1, 1), 6, storage=NO_STOCK,
                  attacks=(Attack("a", 2, 9.0, frozenset({"R:P-C"})),))  # fmt: skip
    model, _ = solved(line([48.0], demand=2.0), fleet_of(10.0), tl, drop=True, monkeypatch=monkeypatch)
    assert model.fleet_gone_day is None and len(model.x) == 2 * 6  # both arcs, every day


def test_a_fleet_of_none_from_day_0_moves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # No tanker at all: no flow variable, and the city gets nothing (its demand unmet).
    tl = Timeline("t", "", date(2026, 1, 1), 4, storage=NO_STOCK)
    model, result = solved(line([12.0, 12.0], demand=1.0), fleet_of(0.0), tl, drop=True, monkeypatch=monkeypatch)
    assert model.fleet_gone_day == 0 and model.x == {}
    np.testing.assert_allclose(result.cities["C"]["delivered"], 0.0)


@st.composite
def fleet_destroyed(draw: st.DrawFn) -> dict[str, Any]:
    """A case of test_timeline_properties_more's two-corridor graph with a fleet that one to
    three attacks destroy whole (on roads of either corridor, any day)."""
    case = draw(cases())
    days = case["days"]
    fleet = draw(st.sampled_from([1.0, 3.0, 8.0, 20.0]), label="fleet")
    segments = sorted({seg for seg, *_ in case["attacks"]} | {"R:P-X", "R:K-B", "R:Q-Y", "R:S-B"})
    attacks = draw(st.lists(st.tuples(st.sampled_from(segments), st.integers(0, days - 1),
                                      st.sampled_from([fleet / 2, fleet])), min_size=1, max_size=3),
                   label="attacks")  # fmt: skip
    if sum(n for *_, n in attacks) < fleet:
        attacks.append((attacks[0][0], attacks[0][1], fleet))
    return {**case, "fleet": fleet, "attacks": attacks}


@given(fleet_destroyed())
@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
def test_leaving_the_fleetless_trips_out_keeps_the_optimum(case: dict[str, Any]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        model, result = solved(graph(case), params(case), timeline(case), drop=True, monkeypatch=monkeypatch)
        full, full_result = solved(graph(case), params(case), timeline(case), drop=False, monkeypatch=monkeypatch)
    note(f"gone from day {model.fleet_gone_day}; {len(model.x)} of {len(full.x)} flow variables")
    assert model.fleet_gone_day is not None and full.fleet_gone_day is None
    assert len(model.x) <= len(full.x)
    # The interior point stops at a relative gap of 1e-10: the optima agree to its tolerance.
    assert stage1(model) == pytest.approx(stage1(full), rel=1e-6, abs=1e-5)
    assert result.tankers_lost.tolist() == full_result.tankers_lost.tolist()


@given(fleet_destroyed())
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
def test_arcs_priced_in_reach_the_full_optimum_when_the_fleet_is_destroyed(case: dict[str, Any]) -> None:
    # The pricing reads arc_days for the arcs left out: it must leave out the same trips (its
    # shortcut for timelines without effects took every day of every arc).
    with pytest.MonkeyPatch.context() as monkeypatch:
        full, _ = solved(graph(case), params(case), timeline(case), drop=False, monkeypatch=monkeypatch)
    priced, result = solve_priced(graph(case), params(case), timeline(case), lexicographic=False)
    assert result.status == "optimal" and result.arc_pricing["certified"], result.message
    assert priced.fleet_gone_day is not None
    assert stage1(priced) == pytest.approx(stage1(full), rel=1e-6, abs=1e-5)


def test_the_reduction_is_on_for_every_fleet_that_is_destroyed() -> None:
    # Not only a Monte Carlo draw's: a timeline file's attacks that destroy the fleet too.
    tl = replace(Timeline("t", "", date(2026, 1, 1), 5, storage=NO_STOCK),
                 attacks=(Attack("a", 1, 4.0, frozenset({"R:P-C"})),))  # fmt: skip
    model = build_timeline_model(line([24.0], demand=1.0), fleet_of(4.0), tl)
    assert model.fleet_gone_day == 1
