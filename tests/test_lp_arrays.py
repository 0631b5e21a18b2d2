"""The array-built stage-1 LP equals the PuLP-built one: same arrays, same optimum per closure."""

from __future__ import annotations

import dataclasses

import networkx as nx
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings

from supplychain.models import Effect, ModelParameters, Scenario, build_model, load_model_parameters
from supplychain.models.fast import FastMode, FastSolver
from supplychain.models.fast_highs import _highs_model, _new_highs
from supplychain.models.lp_arrays import effective_capacities, stage_one_arrays

from .test_lp import depot_chain, diamond, params, random_networks

MODES: tuple[FastMode, ...] = ("throughput", "served_unweighted")


def _same_bits(a: npt.ArrayLike, b: npt.ArrayLike) -> bool:
    """Equal element by element, signs of zeros included."""
    x, y = np.asarray(a), np.asarray(b)
    if x.shape != y.shape or not np.array_equal(x, y):
        return False
    return x.dtype.kind != "f" or bool(np.all(np.signbit(x) == np.signbit(y)))


def _assert_same_lp(
    g: nx.MultiDiGraph, p: ModelParameters, mode: FastMode, scenario: Scenario | None = None
) -> None:
    model = build_model(g, p, scenario, mode=mode)
    ref = _highs_model(model, mode)
    arr = stage_one_arrays(g, p, scenario, mode=mode)
    lp = ref.lp
    assert arr.n_col == ref.n_col
    for name, x, y in (
        ("col_cost", lp.col_cost_, arr.col_cost),
        ("col_lower", lp.col_lower_, arr.col_lower),
        ("col_upper", lp.col_upper_, arr.col_upper),
        ("row_lower", lp.row_lower_, arr.row_lower),
        ("row_upper", lp.row_upper_, arr.row_upper),
        ("starts", lp.a_matrix_.start_, arr.starts),
        ("index", lp.a_matrix_.index_, arr.index),
        ("value", lp.a_matrix_.value_, arr.value),
    ):
        assert _same_bits(x, y), name
    assert arr.row_names == list(ref.row_of)
    assert [ref.col_of[model.flow[e].name] for e in model.edges] == arr.flow_cols.tolist()
    assert {n: ref.col_of[v.name] for n, v in model.load.items()} == arr.load_col
    assert sorted(ref.col_of[v.name] for v in model.deliver.values()) == arr.deliver_cols.tolist()
    cost = np.zeros(arr.n_col)
    for var, coef in model.cost.items():
        cost[ref.col_of[var.name]] = float(coef)
    assert _same_bits(cost, arr.cost)
    node_rows = {ref_: ref.row_of[name] for name, (kind, ref_) in model.constraint_kind.items()
                 if kind == "node" and name in ref.row_of}  # fmt: skip
    assert node_rows == arr.node_row
    assert (model.edge_capacity_m3, model.node_capacity_m3, model.supply_limit_m3,
            model.through_capacity_m3) == (
        arr.edge_capacity_m3, arr.node_capacity_m3, arr.supply_limit_m3, arr.through_capacity_m3,
    )  # fmt: skip
    # The max flow's road capacities: a road into a degraded town carries the town's share.
    roads = {e: min(c, model.town_road_capacity_m3.get(e, float("inf"))) for e, c in arr.edge_capacity_m3.items()}
    assert effective_capacities(g, p, scenario) == (
        roads, arr.through_capacity_m3, arr.supply_limit_m3,
    )  # fmt: skip


def _a_scenario(g: nx.MultiDiGraph) -> Scenario:
    """Closures, degradations and losses on a few segments and named nodes."""
    segs = sorted({d["segment_id"] for _, _, d in g.edges(data=True)})
    named = sorted({d["name"] for _, d in g.nodes(data=True) if d.get("name")})
    posts = sorted({d["name"] for _, d in g.nodes(data=True) if d.get("role") == "border"})
    towns = [n for n in named if n not in posts]
    segments = {segs[0]: Effect(closed=True), segs[len(segs) // 2]: Effect(capacity_factor=0.4),
                segs[-1]: Effect(loss_probability=0.25, capacity_factor=0.7)}  # fmt: skip
    nodes = {towns[0]: Effect(closed=True), towns[-1]: Effect(capacity_factor=0.5, loss_probability=0.1)}
    if posts:
        nodes[posts[0]] = Effect(capacity_factor=0.3)
    return Scenario("mixed", segments, nodes)


@pytest.mark.parametrize("mode", MODES)
def test_embedded_arrays_equal_pulp(embedded_network: nx.MultiDiGraph, mode: FastMode) -> None:
    p = load_model_parameters()
    _assert_same_lp(embedded_network, p, mode)
    _assert_same_lp(embedded_network, p, mode, _a_scenario(embedded_network))
    no_fleet = dataclasses.replace(p, fleet=dataclasses.replace(p.fleet, enabled=False))
    _assert_same_lp(embedded_network, no_fleet, mode)


@pytest.mark.parametrize("mode", MODES)
def test_diamond_arrays_equal_pulp(mode: FastMode) -> None:
    g = diamond()
    _assert_same_lp(g, params(), mode)
    _assert_same_lp(g, params(), mode, Scenario("b", {"R:A-C": Effect(loss_probability=0.2)},
                                                {"B": Effect(capacity_factor=0.5)}))  # fmt: skip


@pytest.mark.parametrize("mode", MODES)
def test_closed_loading_point_and_dangerous_node_arrays_equal_pulp(mode: FastMode) -> None:
    # A closed port or depot gets a node_capacity row at 0 (nothing passes it); fuel reaching
    # a dangerous node is charged its expected loss in the stage-2 cost.
    g = depot_chain()
    _assert_same_lp(g, params(), mode, Scenario("closed", nodes={"Depot": Effect(closed=True)}))
    _assert_same_lp(g, params(), mode, Scenario("risky", {"R:PortA-Depot": Effect(loss_probability=0.3)},
                                                {"Depot": Effect(loss_probability=0.2)}))  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_networks())
def test_random_networks_arrays_equal_pulp(g: nx.MultiDiGraph) -> None:
    for mode in MODES:
        _assert_same_lp(g, params(), mode)


@pytest.mark.parametrize("mode", MODES)
def test_same_optimum_per_closure_on_embedded(embedded_network: nx.MultiDiGraph, mode: FastMode) -> None:
    """Every N-1 closure: the array-built FastSolver against the PuLP-built LP solved cold."""
    g = embedded_network
    p = load_model_parameters()
    fast = FastSolver(g, p, mode=mode)
    model = build_model(g, p, mode=mode)
    ref = _highs_model(model, mode)
    seg_cols: dict[str, list[int]] = {}
    for e, var in model.flow.items():
        seg_cols.setdefault(g.edges[e]["segment_id"], []).append(ref.col_of[var.name])
    import highspy

    for s in sorted(seg_cols):
        h = _new_highs(ref.lp, p.time_limit_s)
        cols = np.array(seg_cols[s], dtype=np.int32)
        h.changeColsBounds(len(cols), cols, ref.col_lower[cols], np.zeros(len(cols)))
        h.run()
        assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        expected = h.getInfo().objective_function_value
        assert fast.solve(closed_segments=[s]) == pytest.approx(expected, rel=1e-9, abs=1e-6), s
