"""The model and result objects a notebook shows by name have a one-line repr.

Found by the Python API audit (api37): the dataclasses' own reprs printed the whole LP and
every dict of variables (``TimelineModel``: 730 kB in 4,669 lines for 7 days of the embedded
network, growing with the horizon), every flow, dual and slack (``Solution``), every table and
route (``FlowResult``: 54 kB) and every daily series (``TimelineResult``: 44 kB in 531 lines
for 60 days).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import networkx as nx

from supplychain.models import (
    Timeline,
    build_model,
    build_timeline_model,
    load_model_parameters,
    run_scenario,
    solve,
    solve_timeline,
)


def _one_line(text: str) -> bool:
    return "\n" not in text and len(text) < 400


def test_steady_state_model_solution_and_result_reprs_are_one_line(tiny_network: nx.MultiDiGraph) -> None:
    params = replace(load_model_parameters(), blocks=())  # the tiny network's Bamako wants 900 m3/day
    model = build_model(tiny_network, params)
    solution = solve(model)
    result = run_scenario(tiny_network, params)
    for obj, head in ((model, "FlowModel(mode='served', scenario='baseline', edges="),
                      (solution, "Solution(status='optimal', solver='highs', objective="),
                      (result, "FlowResult(scenario='baseline', status='optimal', solver='highs', "
                               "demand_m3_per_day="),
                      ):  # fmt: skip
        assert repr(obj).startswith(head), repr(obj)[:200]
        assert _one_line(repr(obj)), repr(obj)[:200]
    assert f"delivered_m3_per_day={result.delivered_m3_per_day:.1f}," in repr(result)
    assert f"variables={model.problem.numVariables():,}," in repr(model)


def test_timeline_model_and_result_reprs_do_not_grow_with_the_horizon(tiny_network: nx.MultiDiGraph) -> None:
    params = replace(load_model_parameters(), blocks=())  # the tiny network's Bamako wants 900 m3/day
    lengths = []
    for days in (3, 30):
        model = build_timeline_model(tiny_network, params, Timeline("calm", "", date(2026, 1, 1), days))
        result = solve_timeline(model)
        assert repr(model).startswith(f"TimelineModel(timeline='calm', start=2026-01-01, days={days}, arcs=")
        assert repr(result).startswith(f"TimelineResult(name='calm', status='optimal', start=2026-01-01, "
                                       f"days={days}, cities={len(result.cities)}, first_dry_day=")  # fmt: skip
        assert _one_line(repr(model)) and _one_line(repr(result)), (repr(model)[:200], repr(result)[:200])
        lengths.append(len(repr(model)) + len(repr(result)))
    assert abs(lengths[1] - lengths[0]) < 20


def test_a_whole_convoy_result_has_the_timeline_results_one_line(tiny_network: nx.MultiDiGraph) -> None:
    # Its own @dataclass gave IntegerConvoyResult the dump back (every daily series).
    params = replace(load_model_parameters(), blocks=())
    model = build_timeline_model(tiny_network, params, Timeline("calm", "", date(2026, 1, 1), 3),
                                 integer_convoys=True)  # fmt: skip
    result = solve_timeline(model, time_limit_s=30)
    assert type(result).__name__ == "IntegerConvoyResult"
    assert repr(result).startswith("IntegerConvoyResult(name='calm', status=")
    assert repr(model).endswith(", integer_convoys=True, build_s=" + f"{model.build_s:.2f})")
    assert _one_line(repr(result)), repr(result)[:200]


def test_the_timeline_solves_say_they_return_a_timeline_result(tiny_network: nx.MultiDiGraph) -> None:
    # api37: solve_timeline was annotated "-> Any" and solve_priced "-> tuple[TimelineModel,
    # Any]": an editor or mypy knew nothing of the result's attributes (status, to_frame, ...).
    import inspect

    from supplychain.models import TimelineResult, solve_priced

    assert inspect.signature(solve_timeline).return_annotation == "TimelineResult"
    assert inspect.signature(solve_priced).return_annotation == "tuple[TimelineModel, TimelineResult]"
    params = replace(load_model_parameters(), blocks=())
    _, result = solve_priced(tiny_network, params, Timeline("calm", "", date(2026, 1, 1), 3))
    assert isinstance(result, TimelineResult)
