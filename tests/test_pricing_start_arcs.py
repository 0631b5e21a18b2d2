"""`solve_priced(start_arcs=...)`: pricing from given arcs (another solve's last arcs), still
proved optimal; the result's `active_arcs` are those of its last model."""

from __future__ import annotations

from typing import Any

import pulp
import pytest

import supplychain.models.timeexp_price as tp
from supplychain.errors import ArgumentError, ArgumentTypeError
from supplychain.models.timeexp_arcs import edge_lags_days, reduce_arcs
from supplychain.models.timeline import Attack
from tests.test_timeline_pricing import _full, _two_routes
from tests.test_timeline_reduction import params, timeline


def _first_rounds(monkeypatch: pytest.MonkeyPatch) -> list[frozenset[int] | None]:
    """The ``active`` arcs of every model solve_priced builds, in order."""
    built: list[frozenset[int] | None] = []
    real = tp.build_timeline_model

    def spied(*args: Any, **kwargs: Any) -> Any:
        built.append(kwargs.get("active"))
        return real(*args, **kwargs)

    monkeypatch.setattr(tp, "build_timeline_model", spied)
    return built


def test_round_one_has_exactly_the_given_arcs_and_the_plan_is_proved(monkeypatch: pytest.MonkeyPatch) -> None:
    # The short way saturated (2 of 6 m3 a day): starting from the corridors within 1.5 x the
    # shortest leaves the long way out, which the pricing must bring in.
    g, tl = _two_routes(2.0), timeline(12)
    lags = edge_lags_days(g, params())
    arcs, _ = reduce_arcs(g, lags, tl, 1.0)
    start = tp.starting_arcs(g, lags, tl, arcs)
    assert 0 < len(start) < len(arcs)
    built = _first_rounds(monkeypatch)
    model, result = tp.solve_priced(g, params(), tl, lexicographic=False, arcs=arcs, start_arcs=start)
    assert built[0] == start
    p = result.arc_pricing
    assert p["start"] == "given" and p["history"][0]["arcs"] == len(start)
    assert result.status == "optimal" and p["certified"] and p["rounds"] >= 2
    assert float(pulp.value(model.stage1)) == pytest.approx(_full(g, tl)[0], rel=1e-7)
    # The last model's arcs, as sorted indices: what a similar timeline can start from.
    assert p["active_arcs"] == sorted(model.active) and len(p["active_arcs"]) == p["arcs_used"]


def test_starting_from_a_solves_last_arcs_starts_near_the_optimum(monkeypatch: pytest.MonkeyPatch) -> None:
    g, tl = _two_routes(2.0), timeline(12)
    _, first = tp.solve_priced(g, params(), tl, lexicographic=False, start="corridors")
    given = frozenset(first.arc_pricing["active_arcs"])
    assert len(given) > first.arc_pricing["history"][0]["arcs"]  # the long way came in
    built = _first_rounds(monkeypatch)
    model, again = tp.solve_priced(g, params(), tl, lexicographic=False, start_arcs=given)
    assert built[0] == given and again.arc_pricing["certified"]
    # The long way is in from round 1: no column left out gains more than a day's transit
    # price per m3 (1e-5, a tie the new round's vertex may still bring in), where round 1 from
    # the corridors missed 1 per m3 of delivery.
    assert first.arc_pricing["history"][0]["worst_reduced_cost"] < -0.5
    assert again.arc_pricing["history"][0]["worst_reduced_cost"] >= -2e-5
    assert float(pulp.value(model.stage1)) == pytest.approx(_full(g, tl)[0], rel=1e-7)


def test_arcs_an_attack_names_are_added_to_the_given_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    # The pricing reads no attack row: the attacked road's arcs are in the model whatever the start.
    g = _two_routes(100.0)
    tl = timeline(6, attacks=(Attack("a", 2, 1.0, frozenset({"R:B1-B2"})),))
    arcs = tp.exact_arcs(g, params(), tl)
    attacked = {i for i, a in enumerate(arcs) if "R:B1-B2" in a.segments}
    assert attacked
    built = _first_rounds(monkeypatch)
    model, result = tp.solve_priced(g, params(), tl, lexicographic=False, arcs=arcs, start_arcs=frozenset())
    assert built[0] is not None and attacked <= built[0]
    assert result.arc_pricing["certified"]
    assert float(pulp.value(model.stage1)) == pytest.approx(_full(g, tl)[0], rel=1e-7)


def test_unknown_or_wrong_start_arcs_are_an_argument_error() -> None:
    g, tl = _two_routes(2.0), timeline(4)
    arcs = tp.exact_arcs(g, params(), tl)
    with pytest.raises(ArgumentError) as info:
        tp.solve_priced(g, params(), tl, arcs=arcs, start_arcs=frozenset({0, -2, len(arcs)}))
    message = str(info.value)
    assert "-2" in message and str(len(arcs)) in message and "start_arcs" in message
    assert f"0 to {len(arcs) - 1}" in message
    for wrong in (3, "12", frozenset({"a"}), frozenset({1.5}), frozenset({True})):
        with pytest.raises(ArgumentTypeError, match="start_arcs"):
            tp.solve_priced(g, params(), tl, arcs=arcs, start_arcs=wrong)  # type: ignore[arg-type]
