"""Arcs priced in (column generation by arc): the exact model's optimum, proved, on fewer arcs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pulp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplychain.models import load_model_parameters
from supplychain.models.scenario import Effect
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeexp_arcs import edge_lags_days, reduce_arcs
from supplychain.models.timeexp_price import (
    price_arcs,
    solve_priced,
    starting_arcs,
    steady_state_arcs,
)
from supplychain.models.timeline import Attack, DatedEffects
from tests.test_timeline_reduction import graph, params, timeline


def _delivered(result: object) -> float:
    return sum(float(np.sum(c["delivered"])) for c in result.cities.values())  # type: ignore[attr-defined]


def _full(g: nx.MultiDiGraph, tl: object) -> tuple[float, float]:
    model = build_timeline_model(g, params(), tl)  # type: ignore[arg-type]
    result = solve_timeline(model, lexicographic=False)
    assert result.status == "optimal"
    return float(pulp.value(model.stage1)), _delivered(result)


def _two_routes(short_capacity: float) -> nx.MultiDiGraph:
    """P - A - C (2 days) and P - B1 - B2 - C (4 days, through two junctions with a spur each,
    so the long way is three arcs); the short way carries ``short_capacity`` tankers a day."""
    g = graph([("P", "A", 24), ("A", "C", 24), ("P", "B1", 24), ("B1", "B2", 24), ("B2", "C", 48),
               ("B1", "S1", 24), ("S1", "C", 96), ("B2", "S2", 24), ("S2", "C", 96)],
              supply=10.0, demand={"C": 6.0})  # fmt: skip
    for u, v in (("P", "A"), ("A", "P"), ("A", "C"), ("C", "A")):
        g.edges[u, v, 0]["capacity_trucks_per_day"] = short_capacity
    return g


def test_a_saturated_short_route_brings_the_long_one_in() -> None:
    # The short way carries 2 of the 6 m3 a day: the detour (twice as long, outside the
    # starting corridors) is needed; its junctions have no row in the first model, so the dual
    # pass over row-less places must bring the whole chain in at once.
    g, tl = _two_routes(2.0), timeline(12)
    lags = edge_lags_days(g, params())
    arcs, _ = reduce_arcs(g, lags, tl, 1.0)
    start = starting_arcs(g, lags, tl, arcs)
    assert 0 < len(start) < len(arcs)
    assert all(arcs[i].tail not in ("B1", "B2") and arcs[i].head not in ("B1", "B2") for i in start)
    model, result = solve_priced(g, params(), tl, lexicographic=False, start="corridors")
    value, delivered = _full(g, tl)
    assert result.status == "optimal" and result.arc_pricing["certified"]
    assert result.arc_pricing["start"] == "corridors" and result.arc_pricing["detour_start"] == 0.5
    # Round 1 brings in the whole long way (P-B1, B1-B2, B2-C) at once; later rounds may bring
    # in arcs that only looked better under the interior point's duals (degenerate ties).
    first = result.arc_pricing["history"][0]
    assert first["arcs"] == len(start) and first["brought_in"] >= 3
    assert {("P", "B1"), ("B1", "B2"), ("B2", "C")} <= {(arcs[i].tail, arcs[i].head) for i in model.active}
    assert result.arc_pricing["arcs_used"] < len(arcs)
    assert float(pulp.value(model.stage1)) == pytest.approx(value, rel=1e-7)
    assert _delivered(result) == pytest.approx(delivered, rel=1e-7)
    assert delivered > 2.0 * 12  # the long way carried fuel


def test_a_degraded_town_on_the_short_route_is_priced_as_the_full_model() -> None:
    # A at 2 % of each road into it: 2 of the 6 m3 a day come the short way (the sum of A's
    # roads in, 200 trucks/day, would let 4 through), the rest by the long way the pricing
    # brings in; its town_road rows are read as a border post's.
    town = DatedEffects(0, 11, {}, {"A": Effect(capacity_factor=0.02)}, "A degraded")
    g, tl = _two_routes(100.0), timeline(12, effects=(town,))
    model, result = solve_priced(g, params(), tl, lexicographic=False, start="corridors")
    value, delivered = _full(g, tl)
    assert result.status == "optimal" and result.arc_pricing["certified"]
    assert model.town_road_rows
    assert float(pulp.value(model.stage1)) == pytest.approx(value, rel=1e-7)
    assert _delivered(result) == pytest.approx(delivered, rel=1e-7)
    a_in = sum(var.varValue or 0.0 for (i, _t), var in model.x.items()
               if (model.arcs[i].tail, model.arcs[i].head) == ("P", "A"))  # fmt: skip
    assert a_in <= 2.0 * 12 + 1e-6 and delivered > 2.0 * 12


def test_an_unsaturated_short_route_needs_no_long_way() -> None:
    g, tl = _two_routes(100.0), timeline(12)
    model, result = solve_priced(g, params(), tl, lexicographic=False)
    assert result.arc_pricing["certified"]
    assert not {("B1", "B2"), ("B2", "C")} & {(model.arcs[i].tail, model.arcs[i].head) for i in model.active}
    assert float(pulp.value(model.stage1)) == pytest.approx(_full(g, tl)[0], rel=1e-7)


def test_reduced_costs_match_the_full_models_columns(embedded_network: nx.MultiDiGraph) -> None:
    # Oracle: the full model's own columns (PuLP's rows), priced with the restricted model's
    # duals, wherever the rows they enter exist in the restricted model.
    from supplychain.scenarios.timeline_stress import load_timeline

    p = load_model_parameters()
    tl = load_timeline(Path("models/timeline-blockade-2025-26.toml"), embedded_network, days=20)
    lags = edge_lags_days(embedded_network, p)
    arcs, _ = reduce_arcs(embedded_network, lags, tl, 46.0)
    start = starting_arcs(embedded_network, lags, tl, arcs)
    model = build_timeline_model(embedded_network, p, tl, arcs=arcs, active=start)
    assert solve_timeline(model, lexicographic=False).status == "optimal"
    duals = np.asarray(model.problem.solverModel.getSolution().row_dual)
    y = {name: duals[con.index] for name, con in model.problem.constraints.items()}
    full = build_timeline_model(embedded_network, p, tl, arcs=arcs)
    column: dict[str, list[tuple[str, float]]] = {}
    for name, con in full.problem.constraints.items():
        for var, coef in con.items():
            column.setdefault(var.name, []).append((name, coef))
    cost = {var.name: -c for var, c in full.problem.objective.items()}  # HiGHS minimises -goal
    worst = 0.0
    compared = 0
    for (i, _t), var in full.x.items():
        rows = column.get(var.name, [])
        if i in start or any(n.startswith("conservation") and n not in y for n, _ in rows):
            continue
        compared += 1
        worst = min(worst, cost.get(var.name, 0.0) - sum(c * y.get(n, 0.0) for n, c in rows))
    assert compared > 100
    # The oracle prices with the solver's duals as they are: so does price_arcs without its
    # idle-junction rule (tested on its own below), which gives such rows other optimal duals.
    assert price_arcs(model, idle_rule=False).worst_reduced_cost == pytest.approx(
        worst, rel=1e-9, abs=1e-9)


def test_every_arc_in_needs_no_pricing() -> None:
    g, tl = _two_routes(2.0), timeline(5)
    model = build_timeline_model(g, params(), tl)
    solve_timeline(model, lexicographic=False)
    assert price_arcs(model).certified and price_arcs(model).columns == 0


def test_attacked_arcs_start_in_the_model() -> None:
    # An attack on the long way: its arcs (and the roads into its ends) are in from the start,
    # so no arc left out ever enters an attack's rows.
    g = _two_routes(100.0)
    tl = timeline(6, attacks=(Attack("a", 2, 1.0, frozenset({"R:B1-B2"})),))
    lags = edge_lags_days(g, params())
    arcs, _ = reduce_arcs(g, lags, tl, 1.0)
    start = starting_arcs(g, lags, tl, arcs)
    assert {i for i, a in enumerate(arcs) if "R:B1-B2" in a.segments} <= start
    model, result = solve_priced(g, params(), tl, lexicographic=False)
    assert result.arc_pricing["certified"]
    assert float(pulp.value(model.stage1)) == pytest.approx(_full(g, tl)[0], rel=1e-7)


def ladder_roads(draw: st.DrawFn, hours_from: list[float]) -> tuple[int, list[tuple[str, str, float]]]:
    """The ways of a ladder (two or three, P - Wa - Wb - C, legs of ``hours_from``), a road
    from W0b to a second city E, and random rungs: ``(ways, roads)``. Shared with
    tests/test_timeline_pricing_events.py."""
    ways = draw(st.integers(2, 3))
    roads: list[tuple[str, str, float]] = []
    for w in range(ways):
        a, b = f"W{w}a", f"W{w}b"
        hours = draw(st.lists(st.sampled_from(hours_from), min_size=3, max_size=3))
        roads += [("P", a, hours[0]), (a, b, hours[1]), (b, "C", hours[2])]
    roads.append(("W0b", "E", 24.0))
    for w in range(ways - 1):
        if draw(st.booleans()):
            roads.append((f"W{w}a", f"W{w + 1}b", 24.0))
    return ways, roads


@st.composite
def ladders(draw: st.DrawFn) -> nx.MultiDiGraph:
    """Two or three parallel ways from P to C of 1-4 days with random capacities, rungs between
    them, and a second city E on one of them."""
    _, roads = ladder_roads(draw, [24.0, 48.0])
    g = graph(roads, supply=draw(st.sampled_from([6.0, 12.0])),
              demand={"C": draw(st.sampled_from([4.0, 8.0])), "E": 2.0})  # fmt: skip
    for u, v, k in list(g.edges(keys=True)):
        g.edges[u, v, k]["capacity_trucks_per_day"] = draw(st.sampled_from([1.0, 3.0, 100.0]))
    return g


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=ladders(), days=st.integers(5, 9))
def test_priced_optimum_is_the_full_models(g: nx.MultiDiGraph, days: int) -> None:
    tl = timeline(days)
    model, result = solve_priced(g, params(), tl, lexicographic=False)
    value, delivered = _full(g, tl)
    assert result.status == "optimal" and result.arc_pricing["certified"]
    assert float(pulp.value(model.stage1)) == pytest.approx(value, rel=1e-6, abs=1e-6)
    assert _delivered(result) == pytest.approx(delivered, rel=1e-6, abs=1e-6)


def test_cli_arc_pricing_prints_the_proof_and_refuses_detour(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from supplychain.cli import main

    out = tmp_path / "p.parquet"
    result = CliRunner().invoke(main, ["timeline", "--days", "5", "--start", "2026-01-01",
                                       "--arc-pricing", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "arcs priced in:" in result.output and "no arc left out improves delivery" in result.output
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert summary["arc_pricing"]["certified"] is True
    assert summary["command"]["arc_pricing"] is True
    assert summary["arc_pricing"]["start"] == "steady"
    corridors = tmp_path / "c.parquet"
    result = CliRunner().invoke(main, ["timeline", "--days", "5", "--start", "2026-01-01", "--arc-pricing",
                                       "--pricing-start", "corridors", "--out", str(corridors)])
    assert result.exit_code == 0, result.output
    other = json.loads(corridors.with_suffix(".json").read_text(encoding="utf-8"))
    assert other["arc_pricing"]["start"] == "corridors" and other["arc_pricing"]["certified"] is True
    assert other["delivered_m3"] == pytest.approx(summary["delivered_m3"], rel=1e-7)
    bad = CliRunner().invoke(main, ["timeline", "--days", "5", "--arc-pricing", "--detour", "0.5",
                                    "--out", str(tmp_path / "x.parquet")])
    assert bad.exit_code == 1 and "--arc-pricing" in bad.output
    assert not (tmp_path / "x.parquet").exists()


def test_min_stock_priced_is_the_full_models() -> None:
    # The pre-positioning question (minimise the initial stocks): the same prices and proof.
    g, tl = _two_routes(2.0), timeline(8)
    model, result = solve_priced(g, params(), tl, lexicographic=False, min_stock=True, start="corridors")
    full = build_timeline_model(g, params(), tl, min_stock=True)
    assert solve_timeline(full, lexicographic=False).status == "optimal"
    assert result.status == "optimal" and result.arc_pricing["certified"]
    assert result.arc_pricing["rounds"] >= 2  # the starting arcs need 28 m3 of stock, all 20
    assert float(pulp.value(model.stage1)) == pytest.approx(float(pulp.value(full.stage1)), rel=1e-6, abs=1e-6)


def test_cli_prices_arcs_by_default_on_large_networks_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from click.testing import CliRunner

    import supplychain.models.timeexp_price as tp
    from supplychain.cli import main

    def run(name: str, *extra: str) -> dict:
        out = tmp_path / f"{name}.parquet"
        result = CliRunner().invoke(main, ["timeline", "--days", "4", "--start", "2026-01-01", *extra,
                                           "--out", str(out)])  # fmt: skip
        assert result.exit_code == 0, result.output
        return dict(json.loads(out.with_suffix(".json").read_text(encoding="utf-8")))

    # The embedded network (about 200 arcs) is below the threshold: the exact model, unpriced.
    assert run("small")["arc_pricing"] is None
    monkeypatch.setattr(tp, "PRICING_MIN_ARCS", 100)  # as if it were an imported network
    priced = run("large")
    assert priced["arc_pricing"]["certified"] is True and priced["command"]["arc_pricing"] is True
    assert run("off", "--no-arc-pricing")["arc_pricing"] is None
    assert run("detour", "--detour", "0.5")["arc_pricing"] is None


def _idle_junction_model() -> tuple[object, list[int], dict[tuple[str, str], int]]:
    """P - A - C carries everything; A - J - C (a day longer) is in the model and idle; P - B - J
    (three days) keeps J a junction."""
    g = graph([("P", "A", 24), ("A", "C", 24), ("A", "J", 24), ("J", "C", 24), ("P", "B", 48), ("B", "J", 24)],
              demand={"C": 4.0})
    tl = timeline(8)
    arcs, _ = reduce_arcs(g, edge_lags_days(g, params()), tl, 1.0)
    index = {(a.tail, a.head): i for i, a in enumerate(arcs)}
    active = {index[e] for e in (("P", "A"), ("A", "C"), ("A", "J"), ("J", "C"))}
    model = build_timeline_model(g, params(), tl, arcs=arcs, active=frozenset(active))
    assert solve_timeline(model, lexicographic=False).status == "optimal"
    j_rows = [con.index for (n, _t), con in model.conservation_rows.items() if n == "J"]
    assert j_rows and all(abs(model.x[(i, t)].varValue or 0.0) < 1e-6 for (i, t) in model.x
                          if model.arcs[i].tail == "J" or model.arcs[i].head == "J")  # fmt: skip
    return model, j_rows, index


def _with_duals(model: object, rows: list[int], value: float) -> None:
    """Give the model's solved HiGHS instance the dual ``value`` on ``rows`` (a stand-in)."""
    from types import SimpleNamespace

    highs = model.problem.solverModel  # type: ignore[attr-defined]
    solution = highs.getSolution()
    duals = np.asarray(solution.row_dual, dtype=float)
    duals[rows] = value
    fake = SimpleNamespace(row_dual=duals, col_value=np.asarray(solution.col_value, dtype=float))
    model.problem.solverModel = SimpleNamespace(getSolution=lambda: fake)  # type: ignore[attr-defined]


def test_an_idle_junctions_dual_is_lowered_to_what_leaves_it() -> None:
    # An interior point may give a junction nothing passes through any dual above what the
    # arcs leaving it are worth (seen: 3,000-8,800 on West Africa's day 0): every arc into it
    # then looks improving. Pricing lowers it to the value of the arcs leaving it (here J - C,
    # in the model), so the way back C - J left out does not come in.
    model, j_rows, index = _idle_junction_model()
    assert price_arcs(model).certified
    _with_duals(model, j_rows, 1.0e4)
    found = price_arcs(model)
    assert found.certified and index[("C", "J")] not in found.violating


def test_an_idle_junctions_dual_is_never_raised() -> None:
    # The lowered dual stays at most the one the model gave: a dual too low for an arc left
    # out of the junction (J - A) is kept, and that arc is reported as improving.
    model, j_rows, index = _idle_junction_model()
    _with_duals(model, j_rows, -1.0e4)
    found = price_arcs(model)
    assert not found.certified and index[("J", "A")] in found.violating


def test_the_steady_state_start_is_the_roads_the_steady_state_uses() -> None:
    # With room on the short way (one arc P - C: A is contracted) the steady state uses it
    # alone (no way back, no long way); saturated (2 of 6 m3 a day), the long way too.
    tl = timeline(12)
    for capacity, long_way in ((100.0, False), (2.0, True)):
        g = _two_routes(capacity)
        arcs, _ = reduce_arcs(g, edge_lags_days(g, params()), tl, 1.0)
        ends = {(arcs[i].tail, arcs[i].head) for i in steady_state_arcs(g, params(), tl, arcs)}
        assert ("P", "C") in ends and ("C", "P") not in ends
        assert (("B1", "B2") in ends) is long_way


def test_the_steady_state_start_reaches_the_full_models_optimum() -> None:
    g, tl = _two_routes(2.0), timeline(12)
    model, result = solve_priced(g, params(), tl, lexicographic=False)
    assert result.arc_pricing["start"] == "steady" and result.arc_pricing["detour_start"] is None
    assert result.status == "optimal" and result.arc_pricing["certified"]
    value, delivered = _full(g, tl)
    assert float(pulp.value(model.stage1)) == pytest.approx(value, rel=1e-7)
    assert _delivered(result) == pytest.approx(delivered, rel=1e-7)
    assert result.arc_pricing["history"][0]["arcs"] < len(model.arcs)


def test_the_corridors_start_when_the_steady_state_has_no_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    import supplychain.models.lp as lp

    solve = lp.solve
    monkeypatch.setattr(lp, "solve", lambda model, **kw: replace(solve(model, **kw), status="time_limit"))
    g, tl = _two_routes(2.0), timeline(6)
    _, result = solve_priced(g, params(), tl, lexicographic=False)
    assert result.arc_pricing["start"] == "corridors" and result.arc_pricing["certified"]
    with pytest.raises(ValueError, match="start = 'everything'; give 'steady' or 'corridors'"):
        solve_priced(g, params(), tl, start="everything")


def test_duals_creeping_up_a_cycle_settle(embedded_network: nx.MultiDiGraph) -> None:
    # Same-day arcs in a cycle with split arrivals raise places' duals geometrically (steps of
    # 1e-7, then 1e-10: the back-test's first days): pricing waits for them to settle instead
    # of giving up and bringing in every arc.
    from supplychain.scenarios.timeline_stress import load_timeline

    tl = load_timeline(Path("models/timeline-blockade-2025-26.toml"), embedded_network, days=10)
    model, result = solve_priced(embedded_network, load_model_parameters(), tl, lexicographic=False, max_rounds=1)
    first = result.arc_pricing["history"][0]
    assert np.isfinite(first["worst_reduced_cost"])
    assert first["arcs"] + first["brought_in"] < len(model.arcs)


def test_rows_with_an_attacks_cargo_keep_their_dual() -> None:
    # A lower dual at the head of an attacked arc would make its `lost` column improving:
    # such rows are never treated as idle, even with everything at 0 (the long way unused).
    from supplychain.models.timeexp_price import _idle_junction_rows

    g = _two_routes(100.0)
    tl = timeline(6, attacks=(Attack("a", 2, 1.0, frozenset({"R:B1-B2"})),))
    model = build_timeline_model(g, params(), tl)
    assert solve_timeline(model, lexicographic=False).status == "optimal"
    values = np.asarray(model.problem.solverModel.getSolution().col_value)
    lost = {id(v) for v in model.lost.values()}
    with_lost = [k for k, con in model.conservation_rows.items()
                 if any(id(v) in lost for v in con) and all(abs(values[v.index]) <= 1e-6 for v in con)]  # fmt: skip
    assert with_lost  # the case arises
    assert not set(with_lost) & set(_idle_junction_rows(model, values))


def _stage1_methods(caplog: pytest.LogCaptureFixture) -> list[str]:
    """How each round's stage 1 was solved, from solve_timeline's log lines."""
    return [r.getMessage().rsplit("(", 1)[-1].rstrip(")") for r in caplog.records
            if r.getMessage().startswith("Timeline stage 1 (delivery)")]  # fmt: skip


def test_later_rounds_start_from_the_last_rounds_basis(caplog: pytest.LogCaptureFixture) -> None:
    # The saturated short way needs the long one: two rounds at least. The first is solved by
    # the interior point with crossover, the later ones by the primal simplex from the last
    # round's basis, and the optimum is the full model's and the cold rounds' own.
    g, tl = _two_routes(2.0), timeline(12)
    with caplog.at_level("INFO", logger="supplychain.models.timeexp_solve"):
        model, result = solve_priced(g, params(), tl, lexicographic=False, start="corridors", warm=True)
    methods = _stage1_methods(caplog)
    assert result.arc_pricing["certified"] and result.arc_pricing["rounds"] >= 2
    assert methods[0] == "interior point + crossover"
    assert methods[1:] == ["primal simplex from a basis"] * (len(methods) - 1)
    caplog.clear()
    with caplog.at_level("INFO", logger="supplychain.models.timeexp_solve"):
        cold_model, cold = solve_priced(g, params(), tl, lexicographic=False, start="corridors", warm=False)
    assert set(_stage1_methods(caplog)) == {"interior point"}
    value, delivered = _full(g, tl)
    for m, r in ((model, result), (cold_model, cold)):
        assert float(pulp.value(m.stage1)) == pytest.approx(value, rel=1e-7)
        assert _delivered(r) == pytest.approx(delivered, rel=1e-7)


def test_the_warm_start_is_off_with_the_environment_variable(monkeypatch: pytest.MonkeyPatch,
                                                            caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    from supplychain.models.timeexp_price import WARM_ENV

    monkeypatch.setenv(WARM_ENV, "0")
    with caplog.at_level("INFO", logger="supplychain.models.timeexp_solve"):
        _, result = solve_priced(_two_routes(2.0), params(), timeline(12), lexicographic=False, start="corridors")
    assert result.arc_pricing["rounds"] >= 2 and set(_stage1_methods(caplog)) == {"interior point"}


@pytest.mark.parametrize(("escorted", "env", "warm"), [(False, None, True), (True, None, False),
                                                        (True, "1", True), (False, "0", False)])
def test_escorted_timelines_are_priced_with_cold_rounds(escorted: bool, env: str | None, warm: bool,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    # Unless told, the rounds are warm except on a timeline with escorted stretches (round 2's
    # warm start passed its cap on every escorted timeline measured); the environment variable
    # forces either way. Both ways reach the full model's optimum.
    from supplychain.models.timeexp_price import WARM_ENV
    from supplychain.models.timeline import EscortStretch

    if env is None:
        monkeypatch.delenv(WARM_ENV, raising=False)
    else:
        monkeypatch.setenv(WARM_ENV, env)
    # Escorts on the short way's first leg from day 0, one unit of 10-tanker convoys.
    escorts = (EscortStretch("short way", frozenset({"R:P-A"}), 0, 11, 10.0, 1.0),) if escorted else ()
    g, tl = _two_routes(2.0), timeline(12, escorts=escorts, escort_units=(1.0,) * 12)
    with caplog.at_level("INFO", logger="supplychain.models.timeexp_solve"):
        _, result = solve_priced(g, params(), tl, lexicographic=False, start="corridors")
    methods = _stage1_methods(caplog)
    assert result.arc_pricing["certified"] and result.arc_pricing["rounds"] >= 2
    assert result.arc_pricing["warm"] is warm
    assert methods == (["interior point + crossover"] + ["primal simplex from a basis"] * (len(methods) - 1)
                       if warm else ["interior point"] * len(methods))  # fmt: skip
    assert _delivered(result) == pytest.approx(_full(g, tl)[1], rel=1e-7)


@pytest.mark.parametrize("unusable", ["none", "refused"])
def test_an_unusable_basis_falls_back_to_the_interior_point(unusable: str, monkeypatch: pytest.MonkeyPatch,
                                                            caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    import highspy

    from supplychain.models import timeexp_price

    def broken(self: object, variables: list[object], rows: list[str]) -> object:
        if unusable == "none":
            return None
        basis = highspy.HighsBasis()  # one status short of the columns: HiGHS refuses it
        basis.col_status = [highspy.HighsBasisStatus.kLower] * (len(variables) - 1)
        basis.row_status = [highspy.HighsBasisStatus.kBasic] * len(rows)
        basis.valid = True
        return basis

    monkeypatch.setattr(timeexp_price._NamedBasis, "for_model", broken)
    g, tl = _two_routes(2.0), timeline(12)
    with caplog.at_level("DEBUG", logger="supplychain.models.timeexp_solve"):
        model, result = solve_priced(g, params(), tl, lexicographic=False, start="corridors", warm=True)
    # Round 1 has no basis either (said at debug level); the later rounds' is unusable.
    later = result.arc_pricing["rounds"] - 1
    if unusable == "none":
        assert later >= 1 and caplog.text.count("No usable starting basis (none given)") == later + 1
    else:
        assert later >= 1 and caplog.text.count("No usable starting basis (refused by HiGHS)") == later
    assert set(_stage1_methods(caplog)) == {"interior point + crossover"}
    assert "primal simplex from a basis" not in caplog.text
    assert result.arc_pricing["certified"]
    assert float(pulp.value(model.stage1)) == pytest.approx(_full(g, tl)[0], rel=1e-7)


def test_a_named_basis_starts_new_columns_at_zero_and_new_rows_basic() -> None:
    import highspy

    from supplychain.models.timeexp_price import _NamedBasis

    lower, basic, upper = (highspy.HighsBasisStatus.kLower, highspy.HighsBasisStatus.kBasic,
                           highspy.HighsBasisStatus.kUpper)  # fmt: skip
    old = _NamedBasis({"x": basic, "y": upper}, {"r1": lower, "r2": basic})
    cols = [pulp.LpVariable(n) for n in ("z", "y", "x")]
    basis = old.for_model(cols, ["r2", "r3", "r1"])
    assert list(basis.col_status) == [lower, upper, basic]
    assert list(basis.row_status) == [basic, basic, lower]
    assert basis.valid
    # A row of the old model gone: one basic status too many for the rows left, so none.
    assert old.for_model(cols, ["r2", "r3"]) is None


def test_absurd_vertex_duals_send_the_round_back_to_the_interior_point(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    # Whole Africa with an escorted, closed-border timeline: the crossover's basis had row duals
    # of 9e170 (a degenerate basis); the pricing brought in arcs on their account and the primal
    # simplex from that basis failed (82-126 s). Such a round is solved again by the interior
    # point and the later rounds from scratch, to the same certified optimum.
    from supplychain.models import timeexp_price

    calls: list[float] = []

    def first_absurd(model: object) -> bool:
        calls.append(timeexp_price._largest_dual(model))
        return len(calls) == 1

    monkeypatch.setattr(timeexp_price, "_absurd_duals", first_absurd)
    g, tl = _two_routes(2.0), timeline(12)
    with caplog.at_level("INFO", logger="supplychain.models"):
        model, result = solve_priced(g, params(), tl, lexicographic=False, start="corridors", warm=True)
    methods = _stage1_methods(caplog)
    assert methods[0] == "interior point + crossover" and set(methods[1:]) == {"interior point"}
    assert "the vertex's duals reach" in caplog.text and len(calls) == 1
    assert result.arc_pricing["certified"]
    assert float(pulp.value(model.stage1)) == pytest.approx(_full(g, tl)[0], rel=1e-7)


def test_absurd_duals_are_measured_against_the_objective() -> None:
    from supplychain.models.timeexp_price import _DUAL_SANITY, _absurd_duals

    model, rows, _ = _idle_junction_model()
    scale = max([1.0, *(abs(c) for c in model.stage1.values())])
    _with_duals(model, rows, 0.5 * _DUAL_SANITY * scale)
    assert not _absurd_duals(model)
    _with_duals(model, rows, 2.0 * _DUAL_SANITY * scale)
    assert _absurd_duals(model)


def test_the_priced_rounds_run_with_the_garbage_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    # @paused() on solve_priced (see supplychain._gc): the decorator once slid onto a helper
    # written above it, and the rounds ran with cyclic collection on.
    import gc

    from supplychain.models import timeexp_price

    seen: list[bool] = []
    real = timeexp_price.solve_timeline

    def recording(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(timeexp_price, "solve_timeline", recording)
    assert gc.isenabled()
    solve_priced(_two_routes(2.0), params(), timeline(6), lexicographic=False, start="corridors")
    assert seen and not any(seen)
    assert gc.isenabled()


@pytest.mark.parametrize(("module", "name"), [("timeexp", "build_timeline_model"),
                                            ("timeexp_solve", "solve_timeline"),
                                            ("timeexp_price", "solve_priced")])  # fmt: skip
def test_the_time_expanded_models_entry_points_pause_the_garbage_collector(module: str, name: str) -> None:
    # The same slide happened to solve_timeline on 2026-12-05: a helper written between
    # @paused() and it took the decorator. Each entry point must be the wrapped function, and
    # run with collection paused.
    import gc
    import importlib

    func = getattr(importlib.import_module(f"supplychain.models.{module}"), name)
    assert func.__name__ == name and hasattr(func, "__wrapped__"), f"{name} is not @paused()"
    if name == "solve_timeline":
        from supplychain.models import timeline_result

        seen: list[bool] = []
        real = timeline_result.read_result

        def recording(*args: object, **kwargs: object) -> object:
            seen.append(gc.isenabled())
            return real(*args, **kwargs)  # type: ignore[arg-type]

        with pytest.MonkeyPatch.context() as m:
            m.setattr(timeline_result, "read_result", recording)
            g, tl = _two_routes(2.0), timeline(6)
            func(build_timeline_model(g, params(), tl), lexicographic=False)
        assert seen and not any(seen) and gc.isenabled()


def test_min_stock_carries_no_fuel_nobody_needs() -> None:
    # --min-stock minimises the initial stock; its flows were free before 2026-12-03, so where
    # stage 2 does not run (LPs above 2,500 rows; lexicographic=False here) the plan carried
    # fuel to no purpose: C held 36.5 m3 at the end in its 12 m3 tank (tank limits are lifted
    # with --min-stock) and the printed arrivals and tankers on the road were arbitrary. The
    # transit price keeps them to need.
    g, tl = graph([("P", "J", 24), ("J", "C", 24)]), timeline(20)
    model = build_timeline_model(g, params(), tl, min_stock=True)
    result = solve_timeline(model, lexicographic=False)
    frame = result.to_frame()
    city = frame[frame.kind == "city"]
    assert result.status == "optimal" and result.min_stock["C"] == pytest.approx(8.0, abs=1e-4)
    assert city.delivered_m3.sum() == pytest.approx(80.0)
    carried = sum(v.varValue or 0.0 for v in model.x.values())
    assert carried == pytest.approx(80.0 - 8.0, rel=0.05)
    assert city.stock_m3.max() < 2 * 12.0


def test_a_warm_start_past_its_cap_starts_the_pricing_again_cold(monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    # A cap of one iteration: round 2's warm start stops with no plan (that round is not solved
    # again by the interior point: the cold pass redoes it) and the pricing starts again with
    # cold rounds, to the cold run's optimum. (West Africa's back-test: round 2's warm start
    # took 173,834 iterations and 151 s.)
    import supplychain.models.timeexp_price as price

    monkeypatch.setattr(price, "WARM_ITERATIONS_PER_ROW", 0.0)
    g, tl = _two_routes(2.0), timeline(12)
    with caplog.at_level("INFO", logger="supplychain.models"):
        model, result = solve_priced(g, params(), tl, lexicographic=False, start="corridors", warm=True)
    methods = _stage1_methods(caplog)
    assert any("stopped at its cap of 1 iterations" in r.getMessage() for r in caplog.records)
    assert methods[0] == "interior point + crossover" and set(methods[1:]) == {"interior point"}
    assert result.arc_pricing["warm_rounds_abandoned"] == 2 and result.arc_pricing["certified"]
    assert "(from scratch after warm rounds stopped at round 2" in result.summary()
    _, cold = solve_priced(g, params(), tl, lexicographic=False, start="corridors", warm=False)
    assert result.arc_pricing["rounds"] == cold.arc_pricing["rounds"]
    assert len(methods) == 1 + cold.arc_pricing["rounds"]  # warm round 1, then the cold pass
    value, delivered = _full(g, tl)
    assert float(pulp.value(model.stage1)) == pytest.approx(value, rel=1e-7)
    assert _delivered(result) == pytest.approx(delivered, rel=1e-7)


def test_the_cold_pass_after_a_capped_warm_round_keeps_the_first_rounds_arcs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The restart solved the steady state's LP again for the same first arcs (about 0.5 s on
    # the imported networks); it now starts from the arcs it had.
    import supplychain.models.timeexp_price as price

    calls: list[int] = []
    real = price.steady_state_arcs

    def counted(*args: Any, **kwargs: Any) -> frozenset[int] | None:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(price, "WARM_ITERATIONS_PER_ROW", 0.0)
    monkeypatch.setattr(price, "steady_state_arcs", counted)
    g, tl = _two_routes(2.0), timeline(12)
    model, result = solve_priced(g, params(), tl, lexicographic=False, start="steady", warm=True)
    assert result.arc_pricing["warm_rounds_abandoned"] == 2 and result.arc_pricing["certified"]
    assert result.arc_pricing["start"] == "steady" and len(calls) == 1
    # It began warm (the cold pass's own "warm": false said every round was cold).
    assert result.arc_pricing["warm"] is True
    _, cold = solve_priced(g, params(), tl, lexicographic=False, start="steady", warm=False)
    assert result.arc_pricing["rounds"] == cold.arc_pricing["rounds"]
    assert float(pulp.value(model.stage1)) == pytest.approx(_full(g, tl)[0], rel=1e-7)


def test_only_the_certified_rounds_plan_is_read(caplog: pytest.LogCaptureFixture) -> None:
    # A round whose plan the pricing rejects is solved again with more arcs: its plan is never
    # written, so it is not read (reading it logged, each round, what read_result says of a
    # plan: on the West-African layer a crossing's net outflow of -0.002 m3 that no output held).
    g, tl = _two_routes(2.0), timeline(12)
    for warm in (True, False):
        caplog.clear()
        with caplog.at_level("INFO", logger="supplychain.models.timeline_result"):
            _, result = solve_priced(g, params(), tl, lexicographic=False, start="corridors", warm=warm)
        assert result.arc_pricing["certified"] and result.arc_pricing["rounds"] >= 2
        reads = [r for r in caplog.records if r.getMessage().startswith(f"Timeline '{tl.name}': optimal,")]
        assert len(reads) == 1
        _, delivered = _full(g, tl)
        assert _delivered(result) == pytest.approx(delivered, rel=1e-7)
