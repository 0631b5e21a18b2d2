"""FastSolver: the same optimum as the PuLP path under closures, skips, restores, pickling."""

from __future__ import annotations

import logging
import math
import pickle
import random
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplychain.errors import ParameterError
from supplychain.models import (
    Effect,
    ModelParameters,
    Scenario,
    build_model,
    load_model_parameters,
    load_scenario,
    solve,
)
from supplychain.models.fast import Closure, FastMode, FastSolver, FastSolverSpec
from supplychain.models.params import FleetParameters

from .conftest import REPO
from .test_lp import depot_chain, diamond, node, params, random_networks, road

MODES: tuple[FastMode, ...] = ("throughput", "served_unweighted")
BLOCKADE = REPO / "models" / "scenario-blockade-2025.toml"


def pulp_value(
    graph: nx.MultiDiGraph,
    p: ModelParameters,
    mode: FastMode,
    base: Scenario | None = None,
    closed_segments: Iterable[str] = (),
    closed_nodes: Iterable[str] = (),
    capacity_factors: Mapping[str, float] | None = None,
) -> float:
    """Delivered m3/day of the PuLP path with the closures folded into one scenario."""
    base = base or Scenario.baseline()
    segments = dict(base.segments)
    nodes = dict(base.nodes)

    def add(target: dict[str, Effect], key: str, effect: Effect) -> None:
        target[key] = target[key].combine(effect) if key in target else effect

    for s in closed_segments:
        add(segments, s, Effect(closed=True))
    for s, f in (capacity_factors or {}).items():
        add(segments, s, Effect(capacity_factor=f))
    for n in closed_nodes:
        add(nodes, n, Effect(closed=True))
    scenario = Scenario("closures", segments, nodes)
    sol = solve(build_model(graph, p, scenario, mode=mode), lexicographic=False)
    assert sol.status == "optimal"
    return sum(sol.delivered_m3.values())


def same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


# -- tiny hand-made graphs ----------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_diamond_by_hand_and_against_pulp(mode: FastMode) -> None:
    g = diamond()
    p = params()
    fast = FastSolver(g, p, mode=mode)
    # A branch 5 + border post B 3 (demand 8 caps nothing in either mode).
    assert fast.base_value_m3_per_day == pytest.approx(8.0)
    assert set(fast.segment_ids) == {"R:P-A", "R:A-C", "R:P-B", "R:B-C"}
    assert set(fast.node_names) == {"P", "A", "B", "C"}
    by_hand = {
        (("R:P-A",), ()): 3.0,
        (("R:B-C",), ()): 5.0,
        (("R:P-A", "R:P-B"), ()): 0.0,
        ((), ("B",)): 5.0,  # border post
        ((), ("P",)): 0.0,  # loading point
        ((), ("A",)): 3.0,  # plain town
        ((), ("C",)): 0.0,  # the demand city
    }
    for (segs, nodes), expected in by_hand.items():
        value = fast.solve(closed_segments=segs, closed_nodes=nodes)
        assert value == pytest.approx(expected, abs=1e-9)
        assert same(value, pulp_value(g, p, mode, closed_segments=segs, closed_nodes=nodes))
    # Degradation: A-C at 20 % carries 1.
    factors = {"R:A-C": 0.2}
    assert fast.solve(capacity_factors=factors) == pytest.approx(4.0)
    assert same(
        fast.solve(capacity_factors=factors), pulp_value(g, p, mode, capacity_factors=factors)
    )


def test_skip_rule_is_counted_and_right() -> None:
    g = diamond()
    node(g, "X")
    road(g, "P", "X", 7)  # a dead end: no optimal plan needs it
    fast = FastSolver(g, params())
    base = fast.base_value_m3_per_day
    assert fast.solve() == base
    assert fast.solve(closed_segments=["R:P-X"]) == base
    assert fast.solve(closed_nodes=["X"]) == base
    # P-B carries at most 3 (the border post): half its capacity (5) still fits.
    assert fast.solve(capacity_factors={"R:P-B": 0.5}) == base
    assert (fast.stats.solves, fast.stats.skipped) == (0, 4)
    # ... 20 % (2) does not: re-solved.
    assert fast.solve(capacity_factors={"R:P-B": 0.2}) == pytest.approx(7.0)
    assert (fast.stats.solves, fast.stats.skipped, fast.stats.failed) == (1, 4, 0)
    assert fast.stats.calls == 5


def test_closures_on_top_of_a_base_scenario() -> None:
    g = diamond()
    p = params()
    base = Scenario(
        "base",
        segments={"R:A-C": Effect(capacity_factor=0.6, loss_probability=0.1)},
        nodes={"B": Effect(capacity_factor=0.5)},
    )
    fast = FastSolver(g, p, base, mode="throughput")
    assert same(fast.base_value_m3_per_day, pulp_value(g, p, "throughput", base))
    for kwargs in (
        {"capacity_factors": {"R:A-C": 0.5}},
        {"closed_segments": ["R:A-C"]},
        {"closed_nodes": ["B"], "capacity_factors": {"R:P-A": 0.3}},
    ):
        assert same(fast.solve(**kwargs), pulp_value(g, p, "throughput", base, **kwargs))


@pytest.mark.parametrize("mode", MODES)
def test_a_closed_depot_passes_nothing_as_in_pulp(mode: FastMode) -> None:
    # Closed, a loading point stops loading and lets no fuel through (0 m3/day delivered);
    # degraded, it loads less and lets everything through (1,000 + 20 m3/day of throughput).
    g, p = depot_chain(), params()
    fast = FastSolver(g, p, mode=mode)
    assert fast.solve(closed_nodes=["Depot"]) == 0.0 == pulp_value(g, p, mode, closed_nodes=["Depot"])
    for base in (Scenario("closed", nodes={"Depot": Effect(closed=True)}),
                 Scenario("degraded", nodes={"Depot": Effect(capacity_factor=0.1)})):
        on_base = FastSolver(g, p, base, mode=mode)
        assert same(on_base.base_value_m3_per_day, pulp_value(g, p, mode, base))
        assert same(on_base.solve(closed_nodes=["PortA"]), pulp_value(g, p, mode, base, closed_nodes=["PortA"]))
    degraded = FastSolver(g, p, Scenario("degraded", nodes={"Depot": Effect(capacity_factor=0.1)}),
                          mode="throughput")  # fmt: skip
    assert degraded.base_value_m3_per_day == pytest.approx(1020.0)


# -- random networks ----------------------------------------------------------------------

PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def closure_sets(draw: st.DrawFn, segs: list[str], names: list[str]) -> dict[str, object]:
    closed = draw(st.lists(st.sampled_from(segs), max_size=3, unique=True))
    factors = draw(
        st.dictionaries(
            st.sampled_from(segs), st.sampled_from([0.0, 0.1, 0.5, 0.9, 1.0]), max_size=3
        )
    )
    nodes = draw(st.lists(st.sampled_from(names), max_size=1, unique=True))
    return {"closed_segments": closed, "capacity_factors": factors, "closed_nodes": nodes}


@PROPS
@given(random_networks(), st.sampled_from(MODES), st.booleans(), st.data())
def test_random_networks_match_pulp(
    g: nx.MultiDiGraph, mode: FastMode, fleet_on: bool, data: st.DataObject
) -> None:
    if not g.number_of_edges():
        return
    fleet = FleetParameters(fleet_on, 3.0, 10.0, 1.0, 1.0, 2.0)
    p = params(fleet=fleet)
    segs = sorted({d["segment_id"] for _, _, d in g.edges(data=True)})
    names = sorted(g.nodes)
    loss = data.draw(st.sampled_from([0.0, 0.3]))
    base = Scenario("base", segments={segs[0]: Effect(capacity_factor=0.7, loss_probability=loss)})
    fast = FastSolver(g, p, base, mode=mode)
    assert same(fast.base_value_m3_per_day, pulp_value(g, p, mode, base))
    # Several closures in a row: each warm-started from the last, none leaking into the next.
    for closure in data.draw(st.lists(closure_sets(segs, names), min_size=1, max_size=3)):
        expected = pulp_value(g, p, mode, base, **closure)  # type: ignore[arg-type]
        assert same(fast.solve(**closure), expected), closure  # type: ignore[arg-type]
    assert fast.stats.failed == 0


# -- the embedded network -----------------------------------------------------------------


@pytest.fixture(scope="module")
def model_params() -> ModelParameters:
    p = load_model_parameters()
    assert p.fleet.enabled
    return p


@pytest.fixture(scope="module")
def fast_solvers(
    embedded_network: nx.MultiDiGraph, model_params: ModelParameters
) -> dict[str, FastSolver]:
    return {mode: FastSolver(embedded_network, model_params, mode=mode) for mode in MODES}


@pytest.mark.parametrize("mode", MODES)
def test_embedded_every_single_closure(
    embedded_network: nx.MultiDiGraph,
    model_params: ModelParameters,
    fast_solvers: dict[str, FastSolver],
    mode: FastMode,
) -> None:
    fast = fast_solvers[mode]
    assert same(fast.base_value_m3_per_day, pulp_value(embedded_network, model_params, mode))
    assert len(fast.segment_ids) == len(
        {d["segment_id"] for *_, d in embedded_network.edges(data=True)}
    )
    bad = []
    for s in fast.segment_ids:
        a = fast.solve(closed_segments=[s])
        b = pulp_value(embedded_network, model_params, mode, closed_segments=[s])
        if not same(a, b):
            bad.append((s, a, b))
    assert not bad
    assert fast.stats.skipped > 0 and fast.stats.solves > 0 and fast.stats.failed == 0


@pytest.mark.parametrize("mode", MODES)
def test_embedded_random_pairs_and_nodes(
    embedded_network: nx.MultiDiGraph,
    model_params: ModelParameters,
    fast_solvers: dict[str, FastSolver],
    mode: FastMode,
) -> None:
    fast = fast_solvers[mode]
    rng = random.Random(20250)
    for _ in range(30):
        pair = rng.sample(fast.segment_ids, 2)
        expected = pulp_value(embedded_network, model_params, mode, closed_segments=pair)
        assert same(fast.solve(closed_segments=pair), expected), pair
    # Border posts, loading points, the depot and the cities.
    key_nodes = [
        d["name"] for _, d in embedded_network.nodes(data=True) if d.get("role") != "junction"
    ]
    for name in key_nodes:
        expected = pulp_value(embedded_network, model_params, mode, closed_nodes=[name])
        assert same(fast.solve(closed_nodes=[name]), expected), name


def test_embedded_under_the_blockade_scenario(
    embedded_network: nx.MultiDiGraph, model_params: ModelParameters
) -> None:
    blockade = load_scenario(BLOCKADE)
    fast = FastSolver(embedded_network, model_params, blockade)
    assert same(
        fast.base_value_m3_per_day,
        pulp_value(embedded_network, model_params, "throughput", blockade),
    )
    rng = random.Random(7)
    for s in rng.sample(fast.segment_ids, 15):
        factors = {s: 0.5}
        expected = pulp_value(
            embedded_network, model_params, "throughput", blockade, capacity_factors=factors
        )
        assert same(fast.solve(capacity_factors=factors), expected), s


# -- restoring, failures, pickling, errors ------------------------------------------------


def test_bounds_restored(embedded_network: nx.MultiDiGraph, model_params: ModelParameters) -> None:
    fast = FastSolver(embedded_network, model_params)
    lp = fast.highs.getLp()
    col_upper, row_upper = np.array(lp.col_upper_), np.array(lp.row_upper_)
    used = [s for s in fast.segment_ids if fast.base_flow_m3_per_day(s) > 1.0]
    first = [fast.solve(closed_segments=[s]) for s in used]
    again = [fast.solve(closed_segments=[s]) for s in reversed(used)][::-1]
    assert first == pytest.approx(again, rel=1e-9)
    assert fast.solve() == fast.base_value_m3_per_day
    # The model itself is back to the base bounds.
    lp = fast.highs.getLp()
    assert np.array_equal(np.array(lp.col_upper_), col_upper)
    assert np.array_equal(np.array(lp.row_upper_), row_upper)
    # A fresh solver agrees with the one that has been through every closure.
    fresh = FastSolver(embedded_network, model_params)
    assert fresh.solve(closed_segments=[used[-1]]) == pytest.approx(first[-1], rel=1e-9)
    # With the base basis put back after each re-solve: the same values.
    rb = FastSolver(embedded_network, model_params, restore_basis=True)
    assert [rb.solve(closed_segments=[s]) for s in used] == pytest.approx(first, rel=1e-9)


def test_non_optimal_resolve_returns_nan_and_recovers(caplog: pytest.LogCaptureFixture) -> None:
    fast = FastSolver(diamond(), params())
    fast.highs.setOptionValue("simplex_iteration_limit", 0)
    with caplog.at_level(logging.WARNING, logger="supplychain.models.fast"):
        assert math.isnan(fast.solve(closed_segments=["R:P-A"]))
    assert fast.stats.failed == 1
    assert any("returning nan" in r.getMessage() for r in caplog.records)
    fast.highs.setOptionValue("simplex_iteration_limit", 2**31 - 1)
    assert fast.solve(closed_segments=["R:P-A"]) == pytest.approx(3.0)
    assert fast.solve(closed_segments=["R:B-C"]) == pytest.approx(5.0)


def test_pickles_by_rebuilding() -> None:
    fast = FastSolver(diamond(), params(), mode="served_unweighted")
    fast.solve(closed_segments=["R:P-A"])
    clone = pickle.loads(pickle.dumps(fast))
    assert clone.mode == "served_unweighted"
    assert clone.base_value_m3_per_day == fast.base_value_m3_per_day
    assert clone.solve(closed_segments=["R:P-A"]) == fast.solve(closed_segments=["R:P-A"])
    assert clone.stats.calls == 1
    spec = pickle.loads(pickle.dumps(fast.spec()))
    assert isinstance(spec, FastSolverSpec)
    assert spec.build().solve(closed_nodes=["B"]) == pytest.approx(5.0)


def test_solve_many_forms() -> None:
    fast = FastSolver(diamond(), params())
    values = fast.solve_many(
        [
            "R:P-A",
            ["R:P-A"],
            {"closed_segments": ["R:P-A"]},
            Closure(closed_segments=("R:P-A",)),
            Closure(closed_nodes=("B",), capacity_factors=(("R:A-C", 0.2),)),
        ]
    )
    assert values == pytest.approx([3.0, 3.0, 3.0, 3.0, 1.0])


def test_bad_requests_raise() -> None:
    fast = FastSolver(diamond(), params())
    with pytest.raises(ParameterError, match="R:nowhere"):
        fast.solve(closed_segments=["R:nowhere"])
    with pytest.raises(ParameterError, match="Atlantis"):
        fast.solve(closed_nodes=["Atlantis"])
    with pytest.raises(ParameterError, match=r"0\.\.1"):
        fast.solve(capacity_factors={"R:P-A": 1.5})
    with pytest.raises(ParameterError, match="served"):
        FastSolver(diamond(), params(), mode="served")  # type: ignore[arg-type]
    # A bad request changes nothing.
    assert fast.solve(closed_segments=["R:P-A"]) == pytest.approx(3.0)
