"""Arguments given in code, where the CLI's checked options do not stand in front, are refused
with a :class:`~supplychain.SupplyChainError` naming the value and the fix.

Found by the Python API audit (a notebook analyst's calls): before, a string or datetime day 0
failed with a bare ``TypeError`` in the date arithmetic, ``days=2.5`` ran 2 days, a tanker of
0 m³ divided by zero, a Monte Carlo probability of 2 closed a road in every draw without a
word, a seed of -1 failed in numpy after the base solves, a scenario of a list of ids failed
with an ``AttributeError`` in the model builder, ``primary=5`` of two results showed the second,
``draws=2.5`` or ``k="2"`` failed with a bare ``TypeError``, and a time limit of -1 or NaN ran
with no limit at all.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from supplychain.errors import ArgumentError, ArgumentTypeError, ParameterError
from supplychain.models import (
    Effect,
    ModelParameters,
    Scenario,
    build_model,
    build_timeline_model,
    run_scenario,
    solve_priced,
    solve_timeline,
)
from supplychain.models.timeline import Attack, Timeline
from supplychain.reports import build_report, command_record, file_record
from supplychain.scenarios import (
    SweepContext,
    load_timeline,
    monte_carlo,
    n_minus_k,
    worst_case_sweep,
)

#: A segment of the tiny network, for timelines built in code.
_SEG = frozenset({"RN1:Diboli-Kayes"})


@pytest.fixture()
def timeline_file(tmp_path: Path) -> Path:
    """A dated timeline file for the tiny network (day 0 2026-01-01, 5 days)."""
    path = tmp_path / "t.toml"
    path.write_text('[timeline]\nstart = 2026-01-01\ndays = 5\n[[rule]]\nref = "RN3"\n'
                    'capacity_factor = 0.5\n', encoding="utf-8")  # fmt: skip
    return path


@pytest.mark.parametrize("from_file", [True, False])
@pytest.mark.parametrize(("start", "cls", "says"), [
    ("2026-01-01", ArgumentTypeError, "start = '2026-01-01': give a datetime.date, e.g. date(2025, 9, 1) "
                                      "or date.fromisoformat('2026-01-01')"),
    (datetime(2026, 1, 1), ArgumentTypeError, "start = datetime.datetime(2026, 1, 1, 0, 0): give a "
                                              "datetime.date, the day without a time (start.date())"),
    (20260101, ArgumentTypeError, "start = 20260101: give a datetime.date"),
])  # fmt: skip
def test_load_timeline_refuses_a_start_that_is_not_a_date(
    tiny_network: nx.MultiDiGraph, timeline_file: Path, from_file: bool, start: Any, cls: type, says: str
) -> None:
    # From a file it was "unsupported operand type(s) for -: 'datetime.date' and 'str'"; a
    # datetime failed so with a file or without.
    with pytest.raises(cls) as err:
        load_timeline(timeline_file if from_file else None, tiny_network, start=start, days=3)
    assert says in str(err.value)


@pytest.mark.parametrize("from_file", [True, False])
@pytest.mark.parametrize("days", [2.5, "30", True, 0, -3])
def test_load_timeline_refuses_days_that_are_not_a_whole_number_1_or_more(
    tiny_network: nx.MultiDiGraph, timeline_file: Path, from_file: bool, days: Any
) -> None:
    # From a file, days=2.5 ran 2 days, "30" 30 and True 1, without a word.
    with pytest.raises(ArgumentError, match=f"days = {days!r}: give a whole number of days, 1 or more"):
        load_timeline(timeline_file if from_file else None, tiny_network, start=date(2026, 1, 1), days=days)


def test_load_timeline_takes_a_date_and_numpy_days(tiny_network: nx.MultiDiGraph, timeline_file: Path) -> None:
    import numpy as np

    for path in (timeline_file, None):
        tl = load_timeline(path, tiny_network, start=date(2026, 1, 2), days=np.int64(3))
        assert (tl.start, tl.days, type(tl.days)) == (date(2026, 1, 2), 3, int)


def test_timeline_built_in_code_refuses_a_datetime_start() -> None:
    # isinstance(datetime, date) is True: it passed the check and failed in the date arithmetic.
    with pytest.raises(ParameterError, match=r"start = datetime\.datetime\(2026, 1, 1, 0, 0\): give a "
                       r"datetime\.date, the day without a time \(start\.date\(\)\)"):  # fmt: skip
        Timeline("t", "", datetime(2026, 1, 1), 3)


@pytest.mark.parametrize(("kwargs", "cls", "says"), [
    ({"seed": -1}, ArgumentError, "seed = -1: give a whole number, 0 or more"),
    ({"seed": 1.5}, ArgumentError, "seed = 1.5: give a whole number, 0 or more"),
    ({"seed": "1"}, ArgumentTypeError, "seed = '1': give a whole number, 0 or more"),
    ({"attack_probability": {"RN3:Kayes-Kita": 2.0}}, ArgumentError,
     "attack_probability['RN3:Kayes-Kita'] = 2.0: give a probability from 0 to 1"),
    ({"attack_probability": {"RN3:Kayes-Kita": math.nan}}, ArgumentError,
     "attack_probability['RN3:Kayes-Kita'] = nan: give a probability from 0 to 1"),
    # Not a number: a wrong type, as README says (it was an ArgumentError).
    ({"attack_probability": {"RN3:Kayes-Kita": "0.1"}}, ArgumentTypeError,
     "attack_probability['RN3:Kayes-Kita'] = '0.1': give a probability from 0 to 1"),
    ({"attack_groups": [(True, ["RN3:Kayes-Kita"], [])]}, ArgumentTypeError,
     "attack_groups[0] probability = True: give a probability from 0 to 1"),
    ({"attack_groups": [(3.0, ["RN3:Kayes-Kita"], [])]}, ArgumentError,
     "attack_groups[0] probability = 3.0: give a probability from 0 to 1"),
    ({"attack_groups": [0.5]}, ArgumentTypeError,
     "attack_groups[0] = 0.5: give (probability, segment ids, border post names)"),
    # A str was split into characters, refused only at the first draw after the base solves.
    ({"attack_groups": [(0.5, "RN3:Kayes-Kita", [])]}, ArgumentTypeError,
     "attack_groups[0] segment ids = 'RN3:Kayes-Kita': give a list, e.g. ['RN3:Kayes-Kita']"),
    ({"attack_groups": [(0.5, [], None)]}, ArgumentTypeError,
     "attack_groups[0] border post names = None: give a list, e.g. []"),
])  # fmt: skip
def test_sweep_context_refuses_bad_probabilities_and_seeds(
    tiny_network: nx.MultiDiGraph, params: ModelParameters, kwargs: dict[str, Any], cls: type, says: str
) -> None:
    with pytest.raises(cls) as err:
        SweepContext.create(tiny_network, params, **kwargs)
    assert says in str(err.value) and type(err.value) is cls


def test_sweep_context_takes_probabilities_from_0_to_1(
    tiny_network: nx.MultiDiGraph, params: ModelParameters
) -> None:
    ctx = SweepContext.create(tiny_network, params, attack_probability={"RN3:Kayes-Kita": 1.0},
                              attack_groups=[(0.0, ["RN3:Kayes-Kita"], [])], seed=0)  # fmt: skip
    assert ctx.attack_probability == {"RN3:Kayes-Kita": 1.0}


@pytest.mark.parametrize(("tanker_m3", "cls"), [(0, ArgumentError), (-46.0, ArgumentError),
                                                (math.inf, ArgumentError), ("46", ArgumentTypeError)])
def test_model_builders_refuse_a_tanker_volume_not_above_0(
    graph: nx.MultiDiGraph, params: ModelParameters, tanker_m3: Any, cls: type
) -> None:
    # 0 divided by zero in both builders; -46 built a model of negative capacities.
    says = f"tanker_m3 = {tanker_m3!r}: give the tanker volume in m3, a number above 0"
    # The exact class: pytest.raises(ArgumentError) takes its subclass ArgumentTypeError too.
    with pytest.raises(cls, match=f"^{re.escape(says)}") as err:
        build_model(graph, params, tanker_m3=tanker_m3)
    assert type(err.value) is cls
    tl = Timeline("t", "", date(2026, 1, 1), 2)
    with pytest.raises(cls, match=f"^{re.escape(says)}") as err:
        build_timeline_model(graph, params, tl, tanker_m3=tanker_m3)
    assert type(err.value) is cls


def test_scenario_built_in_code_refuses_what_is_not_a_dict_of_effects() -> None:
    with pytest.raises(ArgumentTypeError, match="segments is a list: give a dict of segment to Effect"):
        Scenario("x", segments=["RN1:Kayes-Sandaré"])  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"nodes\['Kita'\] = \{'closed': True\}: give an Effect"):
        Scenario("x", nodes={"Kita": {"closed": True}})  # type: ignore[dict-item]
    assert Scenario("x", segments={"RN1:Kayes-Sandaré": Effect(closed=True)}).segments


def test_build_report_refuses_a_primary_that_is_not_a_result(
    graph: nx.MultiDiGraph, params: ModelParameters
) -> None:
    base = run_scenario(graph, params)
    # primary % len(results) showed another result first without a word.
    for primary in (2, -3):
        with pytest.raises(ArgumentError, match=f"primary = {primary}: give the index of one of the 2 "
                           r"results, 0 to 1 \(or -1 for the last\)"):  # fmt: skip
            build_report(graph, [base, base], primary=primary)
    # README: ArgumentTypeError for a wrong type ("1" was a plain ArgumentError); numpy's
    # integers are indices.
    with pytest.raises(ArgumentTypeError, match=r"primary = '1': give the index"):
        build_report(graph, [base, base], primary="1")  # type: ignore[arg-type]
    import numpy as np

    assert build_report(graph, [base, base], primary=np.int64(1)).startswith("<!DOCTYPE html>")  # type: ignore[arg-type]


def test_report_arguments_of_another_kind_are_named(graph: nx.MultiDiGraph, params: ModelParameters) -> None:
    # fuzz35: each met a bare TypeError, ValueError or AttributeError inside ("'int' object is
    # not iterable", pathlib's "expected str, bytes or os.PathLike object", "dictionary update
    # sequence element #0", "'int' object has no attribute 'split'"); a single path as stress
    # was read letter by letter ("Stress result 'n' does not exist").
    from supplychain.reports import load_timeline_result, write_report

    base = run_scenario(graph, params)
    with pytest.raises(ArgumentTypeError, match=r"^build_report's arguments are not valid: stress is a str; give a "
                                                r"list of stress results \(paths or sweeps\), e\.g\. \[\"n-1\.parquet\"\]; "
                                                r"provenance is a str; give a mapping or None; title is a int; "
                                                r"give a string or None$"):  # fmt: skip
        build_report(graph, [base], stress="n1.parquet", provenance="x", title=5)  # type: ignore[arg-type]
    for call in (lambda: build_report(graph, [base], timeline=5), lambda: load_timeline_result(5)):  # type: ignore[arg-type]
        with pytest.raises(ArgumentTypeError, match=r"^Not a timeline result: a int; pass the path of a "):
            call()
    with pytest.raises(ArgumentTypeError, match=r"^path is a dict; pass the HTML file to write as a str or Path$"):
        write_report({}, "<!DOCTYPE html>")  # type: ignore[arg-type]


@pytest.mark.parametrize(("call", "says"), [
    (lambda p: file_record(5), r"^file_record's arguments are not valid: path is a int; give the file as a str or Path$"),
    (lambda p: file_record(p, role=5), r"^file_record's arguments are not valid: role is a int; give a string "),
    (lambda p: command_record("x", []), r"^command_record's arguments are not valid: options is a str; give a mapping "),
    (lambda p: command_record({}, 5), r": inputs is a int; give a list of \(role, file\) pairs, e\.g\. "),
    (lambda p: command_record({}, str(p)), r": inputs is a str; give a list of \(role, file\) pairs"),
    (lambda p: command_record({}, [p]), r": inputs\[0\] is a PosixPath; give a \(role, file\) pair"),
    (lambda p: command_record({}, [("parameters", p, 1)]), r": inputs\[0\] has 3 items; give a \(role, file\) pair"),
    (lambda p: command_record({}, [("parameters", 5)]), r": inputs\[0\]'s file is a int; give the file as a str or Path$"),
    (lambda p: command_record({}, [(5, p)]), r": inputs\[0\]'s role is a int; give a string$"),
    (lambda p: command_record({}, [], line=None), r': line is a NoneType; give a string \(\"\" for none\)$'),
    (lambda p: command_record({}, [("r", p)], hashed=[]), r": hashed is a list; give a dict \(filled here\) or None$"),
    (lambda p: command_record({}, [("r", p)], values=5), r": values is a int; give a mapping of role to a function"),
    (lambda p: command_record({}, [("r", p)], values={"r": 5}), r": values\['r'\] is a int; give a function"),
    (lambda p: command_record({}, [("r", p)], digests={"r": 5}), r": digests\['r'\] is a int; give a SHA-256 string$"),
])  # fmt: skip
def test_records_name_arguments_of_another_kind(tmp_path: Path, call: Any, says: str) -> None:
    # command_record and file_record (supplychain.reports) raised a bare TypeError, ValueError
    # or AttributeError ("'int' object is not a mapping", "cannot unpack non-iterable PosixPath
    # object", "'list' object has no attribute 'get'") or wrote a role, line or digest of
    # another kind into the summary as it was (hover36).
    p = tmp_path / "x.toml"
    p.write_text("a = 1\n")
    with pytest.raises(ArgumentTypeError, match=says) as caught:
        call(p)
    assert "\n" not in str(caught.value) and isinstance(caught.value, TypeError)
    # What the commands give still records: pairs from an iterator, None and "embedded" left out.
    pairs = iter([("parameters", p), ("network", "embedded"), ("scenario", None)])
    assert [r["role"] for r in command_record({}, pairs, hashed={}, digests={"parameters": "f00d"})["inputs"]] == [
        "parameters"]
    assert file_record(str(p), role="parameters")["bytes"] == 6


def test_sweeps_refuse_counts_that_are_not_whole_numbers(
    graph: nx.MultiDiGraph, params: ModelParameters
) -> None:
    ctx = SweepContext.create(graph, params, attack_probability={"RN1:Kayes-Sandaré": 0.5})
    with pytest.raises(ArgumentTypeError, match=r"^draws = 2\.5: give a whole number$"):
        monte_carlo(ctx, draws=2.5, progress=False)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^k = '2': give a whole number$"):
        n_minus_k(ctx, k="2", progress=False)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^top = 4\.0: give a whole number$"):
        n_minus_k(ctx, k=2, top=4.0, progress=False)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^k = 1\.5: give a whole number$"):
        worst_case_sweep(ctx, k=1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("limit", [-1, 0, math.nan])
def test_timeline_solves_refuse_a_time_limit_not_above_0(
    graph: nx.MultiDiGraph, params: ModelParameters, limit: float
) -> None:
    # -1 and NaN ran with no limit (HiGHS refused the option), 0 ended with no plan.
    tl = Timeline("t", "", date(2026, 1, 1), 2)
    says = re.escape(f"time_limit_s = {limit!r}: give seconds above 0")
    with pytest.raises(ArgumentError, match=f"^{says}"):
        solve_timeline(build_timeline_model(graph, params, tl), time_limit_s=limit)
    with pytest.raises(ArgumentError, match=f"^{says}"):
        solve_priced(graph, params, tl, time_limit_s=limit)


@pytest.mark.parametrize("from_file", [True, False])
def test_load_timeline_refuses_a_graph_that_is_not_a_network(timeline_file: Path, from_file: bool) -> None:
    # load_timeline(path, None) failed with an AttributeError in the rules' selectors.
    with pytest.raises(ArgumentTypeError, match=r"graph is a NoneType, not a networkx.MultiDiGraph; give "
                                                r"supplychain.networks.build_network\(\)"):  # fmt: skip
        load_timeline(timeline_file if from_file else None, None, start=date(2026, 1, 1), days=3)  # type: ignore[arg-type]


@pytest.mark.parametrize(("k", "cls"), [(-1, ArgumentError), (1.5, ArgumentTypeError), (True, ArgumentTypeError)])
def test_run_scenario_refuses_k_alternatives_not_a_whole_number_0_or_more(
    embedded_network: nx.MultiDiGraph, k: Any, cls: type
) -> None:
    # -1 was accepted (and gave no alternatives without a word).
    from supplychain.models import load_model_parameters

    with pytest.raises(cls, match=f"k_alternatives = {re.escape(repr(k))}: give a whole number") as err:
        run_scenario(embedded_network, load_model_parameters(), k_alternatives=k)
    assert type(err.value) is cls  # pytest.raises(ArgumentError) takes ArgumentTypeError too
    assert run_scenario(embedded_network, load_model_parameters(), k_alternatives=0).status == "optimal"


def test_counts_given_as_numpy_integers_are_whole_numbers(embedded_network: nx.MultiDiGraph) -> None:
    # A count from numpy (np.int64(2), as a DataFrame cell gives it) is a whole number.
    import numpy as np

    from supplychain.models import load_model_parameters
    from supplychain.scenarios.sweep_common import _check_whole

    _check_whole("k", np.int64(2))
    assert run_scenario(embedded_network, load_model_parameters(), k_alternatives=np.int64(1)).status == "optimal"


@pytest.mark.parametrize(("start", "days", "says"), [
    (date(2026, 1, 1), None, "days = None: give a whole number of days, 1 or more"),
    (None, 3, "start = None: give a datetime.date"),
])  # fmt: skip
def test_timeline_built_in_code_refuses_none_for_its_horizon(start: Any, days: Any, says: str) -> None:
    # days=None passed horizon_argument_problems (None: the caller's default there) and met
    # int(None) with a bare TypeError before the check for None.
    with pytest.raises(ParameterError, match=re.escape(says)):
        Timeline("t", "", start, days)


@pytest.mark.parametrize(("limit", "cls"), [("60", ArgumentTypeError), (True, ArgumentTypeError), (-1, ArgumentError)])
def test_a_time_limit_of_a_wrong_type_is_an_argument_type_error(
    graph: nx.MultiDiGraph, params: ModelParameters, limit: Any, cls: type
) -> None:
    # README: "ArgumentTypeError for a wrong type"; a string was an ArgumentError (no TypeError).
    tl = Timeline("t", "", date(2026, 1, 1), 2)
    with pytest.raises(cls) as err:
        solve_timeline(build_timeline_model(graph, params, tl), time_limit_s=limit)
    assert type(err.value) is cls


def test_a_time_limit_from_numpy_is_seconds(graph: nx.MultiDiGraph, params: ModelParameters) -> None:
    # np.int64(60) (a DataFrame cell) was refused as "not above 0 seconds".
    import numpy as np

    tl = Timeline("t", "", date(2026, 1, 1), 2)
    model = build_timeline_model(graph, params, tl)
    assert solve_timeline(model, time_limit_s=np.int64(60), lexicographic=False).status == "optimal"
    assert model.time_limit_s == 60.0 and type(model.time_limit_s) is float


def test_timeline_entry_points_refuse_arguments_of_another_kind(
    graph: nx.MultiDiGraph, params: ModelParameters
) -> None:
    # fuzz33: None (or a path) for params or timeline met an AttributeError deep inside (the
    # priority blocks, the escorts' segments, the fleet's lags); a model of another kind, the
    # solves' first attribute; a string detour, a bare TypeError in its comparison.
    from supplychain.models import exact_arcs, solve_myopic
    from supplychain.scenarios import closure_days

    tl = Timeline("t", "", date(2026, 1, 1), 2)
    calls = {
        "build_timeline_model": lambda g, p, t: build_timeline_model(g, p, t),
        "exact_arcs": lambda g, p, t: exact_arcs(g, p, t),
        "solve_priced": lambda g, p, t: solve_priced(g, p, t),
        "solve_myopic": lambda g, p, t: solve_myopic(g, p, t),
        "closure_days": lambda g, p, t: closure_days(g, p, t),
    }
    for name, call in calls.items():
        with pytest.raises(ArgumentTypeError, match=r"timeline is a NoneType; give supplychain\.scenarios\."
                                                    r"load_timeline\(path, graph"):  # fmt: skip
            call(graph, params, None)
        with pytest.raises(ArgumentTypeError, match="params is a str; give load_model_parameters") as err:
            call(graph, "models/model.toml", tl)
        assert isinstance(err.value, TypeError), name
        with pytest.raises(ArgumentTypeError, match=r"graph is a NoneType; give a networkx\.MultiDiGraph"):
            call(None, params, tl)
    with pytest.raises(ArgumentTypeError, match="model is a NoneType; give the TimelineModel"):
        solve_timeline(None)  # type: ignore[arg-type]
    from supplychain.models import solve

    with pytest.raises(ArgumentTypeError, match="model is a NoneType; give the FlowModel"):
        solve(None)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"detour = '0\.25'; give 0 or more"):
        build_timeline_model(graph, params, tl, detour="0.25")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"corridors = 'Conakry-Bamako': give a list"):
        closure_days(graph, params, tl, corridors="Conakry-Bamako")  # type: ignore[arg-type]
    # A generator is read once (the check must not use it up: every corridor would run).
    table = closure_days(graph, params, tl, corridors=(c for c in ["Conakry-Bamako"]))  # type: ignore[arg-type]
    assert list(table.corridor) == ["(none)", "Conakry-Bamako"]


def test_sweeps_refuse_a_context_of_another_kind(graph: nx.MultiDiGraph, params: ModelParameters) -> None:
    # fuzz33: SweepContext.create(None, params) and n_minus_1(None) met an AttributeError.
    from supplychain.scenarios import TimelineMCContext, n_minus_1, timeline_monte_carlo

    with pytest.raises(ArgumentTypeError, match="graph is a NoneType"):
        SweepContext.create(None, params)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="scenario is a str; give load_scenario"):
        SweepContext.create(graph, params, "s.toml")  # type: ignore[arg-type]
    for sweep in (n_minus_1, n_minus_k, monte_carlo, worst_case_sweep):
        with pytest.raises(ArgumentTypeError, match=r"ctx is a MultiDiGraph; give SweepContext\.create"):
            sweep(graph, progress=False) if sweep is not worst_case_sweep else sweep(graph)  # type: ignore[operator, arg-type]
    with pytest.raises(ArgumentTypeError, match="timeline is a NoneType"):
        TimelineMCContext.create(graph, params, None, [])  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"ctx is a NoneType; give TimelineMCContext\.create"):
        timeline_monte_carlo(None, progress=False)  # type: ignore[arg-type]


@pytest.mark.parametrize(("option", "value", "says"), [
    ("workers", "2", r"workers = '2': give a whole number of processes, 1 or more"),
    ("out", {}, r"out is a dict; give the Parquet file to write as a str or Path, or None"),
    ("command", "x", r"command is a str; give a mapping \(command_record's\) or None"),
])  # fmt: skip
def test_sweeps_refuse_run_options_of_another_kind(
    graph: nx.MultiDiGraph, params: ModelParameters, option: str, value: Any, says: str
) -> None:
    # fuzz35: each met a bare TypeError or ValueError inside the sweep ("unsupported operand
    # type(s) for //: 'str' and 'int'", pathlib's "expected str, bytes or os.PathLike object",
    # "dictionary update sequence element #0 has length 1").
    from supplychain.scenarios import (
        TimelineMCContext,
        closure_days,
        n_minus_1,
        timeline_monte_carlo,
    )
    from supplychain.scenarios.timeline_mc import AttackRisk

    ctx = SweepContext.create(graph, params, attack_probability={"RN1:Kayes-Sandaré": 0.5})
    tl = Timeline("t", "", date(2026, 1, 1), 2)
    mc = TimelineMCContext.create(graph, params, tl, [AttackRisk("a", 0.2, frozenset({"RN1:Kayes-Sandaré"}), 0, 1)])
    calls = {
        "n_minus_1": lambda **o: n_minus_1(ctx, progress=False, **o),
        "n_minus_k": lambda **o: n_minus_k(ctx, progress=False, **o),
        "monte_carlo": lambda **o: monte_carlo(ctx, draws=2, progress=False, **o),
        "worst_case_sweep": lambda **o: worst_case_sweep(ctx, **o),
        "closure_days": lambda **o: closure_days(graph, params, tl, **o),
        "timeline_monte_carlo": lambda **o: timeline_monte_carlo(mc, draws=2, progress=False, **o),
    }
    for name, call in calls.items():
        if name == "worst_case_sweep" and option == "workers":
            continue  # it takes no workers
        with pytest.raises(ArgumentTypeError, match=f"^The sweep's options are not valid: {says}$") as err:
            call(**{option: value})
        assert isinstance(err.value, TypeError), name


def test_timeline_model_options_of_another_kind_are_named(graph: nx.MultiDiGraph, params: ModelParameters) -> None:
    # fuzz35: arcs or active of another kind met "'str' object has no attribute 'lag_days'" or
    # "'int' object is not iterable" in the builder, a hook that is no function "'str' object
    # is not callable" after the first solve.
    tl = Timeline("t", "", date(2026, 1, 1), 2)
    with pytest.raises(ArgumentTypeError, match=r"^arcs is a str of other things; give the list of Arc"):
        build_timeline_model(graph, params, tl, arcs="x")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^arcs is a list of other things"):
        build_timeline_model(graph, params, tl, arcs=[1])  # type: ignore[list-item]
    with pytest.raises(ArgumentTypeError, match=r"^active is a int; give a set of arc indices, or None$"):
        build_timeline_model(graph, params, tl, active=5)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^active holds other things than arc indices"):
        build_timeline_model(graph, params, tl, active=frozenset({"a"}))  # type: ignore[arg-type]
    model = build_timeline_model(graph, params, tl)
    for hook in ("stage1_check", "goal_check", "start_basis"):
        with pytest.raises(ArgumentTypeError, match=f"^solve_timeline's arguments are not valid: {hook} is a str; "
                                                    "give a function or None$"):  # fmt: skip
            solve_timeline(model, **{hook: "x"})  # type: ignore[arg-type]


def test_a_hub_that_is_not_a_node_is_named(graph: nx.MultiDiGraph, params: ModelParameters) -> None:
    # fuzz33: hub="Bamako" (the name for the node id) met a KeyError deep in the max flow.
    with pytest.raises(ArgumentError, match=r"hub = 'Bamako' is not a node of the network; give a node id"):
        run_scenario(graph, params, hub="Bamako")
    with pytest.raises(ArgumentError, match=r"hub = 'Bamako' is not a node"):
        SweepContext.create(graph, params, hub="Bamako")
    from supplychain.networks.places import hub_node

    node = hub_node(graph)
    assert run_scenario(graph, params, hub=node).status == "optimal"


@pytest.mark.parametrize(("values", "says"), [
    ({"attacks": (Attack("a", 1, math.nan, _SEG),)}, "attack 'a': tankers = nan: give a number, 0 or more"),
    ({"attacks": (Attack("a", 1, -5.0, _SEG),)}, "attack 'a': tankers = -5.0: give a number, 0 or more"),
    ({"loading_factor": {"Tambacounda": (0.5,)}}, "loading_factor['Tambacounda'] has 1 value(s); give one a day, 3"),
    ({"loading_factor": {"Tambacounda": (1.0, -1.0, 1.0)}}, "loading_factor['Tambacounda'] day 1 = -1.0: give factors, 0 or more"),
    ({"rationing": {"Bamako": (0.0, 2.0, 0.0)}}, "rationing['Bamako'] day 1 = 2.0: give shares from 0 to 1"),
    ({"rationing": {"Bamako": (0.5,)}}, "rationing['Bamako'] has 1 value(s); give one a day, 3"),
    ({"injections": ((1, "Bamako", -5.0),)}, "stock injection at 'Bamako': -5.0 m3: give a number, 0 or more"),
    ({"escort_units": (1.0, -1.0)}, "escort_units day 1 = -1.0: give numbers of units, 0 or more"),
])  # fmt: skip
def test_timeline_built_in_code_refuses_daily_values_no_file_gives(values: dict[str, Any], says: str) -> None:
    # fuzz33: NaN tankers met a PulpError, a series shorter than the horizon an IndexError in the
    # model builder; -5 tankers, a share of 2, -1 escort units and a negative injection solved
    # as "infeasible" with no word why.
    with pytest.raises(ParameterError, match=re.escape(says)):
        Timeline("t", "", date(2026, 1, 1), 3, **values)


def test_a_long_daily_series_is_refused_naming_its_bad_days_not_every_value() -> None:
    # The message printed the whole series: a year of rationing shares with one day wrong was
    # 365 numbers in one error line, the bad one not named (review33b).
    shares = [0.2] * 365
    shares[40], shares[41], shares[200], shares[300] = 2.0, math.nan, -0.5, 1.5
    escorts = [3.0] * 365
    escorts[9] = -1.0
    with pytest.raises(ParameterError) as info:
        Timeline("t", "", date(2026, 1, 1), 365, rationing={"Bamako": tuple(shares)}, escort_units=tuple(escorts))
    message = str(info.value)
    assert "rationing['Bamako'] day 40 = 2.0, day 41 = nan, day 200 = -0.5 and 1 more day: give shares" in message
    assert "escort_units day 9 = -1.0: give numbers of units" in message
    assert "0.2, 0.2" not in message and "3.0, 3.0" not in message and len(message) < 600


def test_a_stock_injection_into_a_place_not_on_the_network_is_named(
    tiny_network: nx.MultiDiGraph, params: ModelParameters
) -> None:
    # fuzz33: a KeyError in the model builder.
    tl = Timeline("t", "", date(2026, 1, 1), 3, injections=((1, "Nowhere", 5.0),))
    one = replace(params, blocks=())
    with pytest.raises(ParameterError, match="Stock injection into 'Nowhere': it is not a demand city"):
        build_timeline_model(tiny_network, one, tl)


def test_monte_carlo_ids_not_on_the_network_are_named_before_any_solve(
    tiny_network: nx.MultiDiGraph, params: ModelParameters
) -> None:
    # fuzz33: "FastSolver.solve got a bad closure: segment 'nope' is not in the network" came
    # from the first draw, after the base solves.
    one = replace(params, blocks=())
    with pytest.raises(ArgumentError, match=r"do not match the network .*: attack_probability\['nope'\]: no "
                                            "segment of the network has that id"):  # fmt: skip
        SweepContext.create(tiny_network, one, attack_probability={"nope": 0.5})
    with pytest.raises(ArgumentError, match=r"attack_groups\[0\] segment 'nope' is not on the network; "
                                            r"attack_groups\[0\] border post 'Nowhere' is not on the network"):  # fmt: skip
        SweepContext.create(tiny_network, one, attack_groups=[(0.5, ["nope"], ["Nowhere"])])
    ctx = SweepContext.create(tiny_network, one, attack_groups=[(0.5, ["RN1:Diboli-Kayes"], ["Kidira-Diboli border"])])
    assert monte_carlo(ctx, draws=2, progress=False).summary["draws"] == 2


def test_a_network_without_segment_ids_is_a_schema_error_not_a_key_error(
    graph: nx.MultiDiGraph, params: ModelParameters
) -> None:
    # api37: a graph built or edited in code without segment ids met a bare KeyError
    # ('segment_id') in Scenario.check_against (run_scenario, build_model) and, from a
    # SweepContext that took it, in the sweep itself; a missing capacity was already named.
    from supplychain.errors import SchemaError

    bare = graph.copy()
    for _, _, data in bare.edges(data=True):
        del data["segment_id"]
    says = r"has no 'segment_id'"
    with pytest.raises(SchemaError, match=says):
        run_scenario(bare, params)
    with pytest.raises(SchemaError, match=says):
        build_model(bare, params)
    with pytest.raises(SchemaError, match=says):
        SweepContext.create(bare, params)
    assert Scenario("s", segments={"RN1:Kayes-Sandaré": Effect(closed=True)}).check_against(graph) is None
    with pytest.raises(ParameterError, match="segment 'RN1:Kayes-Sandaré' is not in the network"):
        Scenario("s", segments={"RN1:Kayes-Sandaré": Effect(closed=True)}).check_against(bare)


@pytest.mark.parametrize(("rounds", "cls"), [(-1, ArgumentError), (2.5, ArgumentTypeError), ("8", ArgumentTypeError)])
def test_solve_priced_refuses_max_rounds_not_a_whole_number_0_or_more(
    graph: nx.MultiDiGraph, params: ModelParameters, rounds: Any, cls: type[Exception]
) -> None:
    # api37: -1 ran no round and failed on a bare AssertionError (after the exact arcs), 2.5 on
    # a TypeError in range(); 0 is every arc in one round.
    tl = Timeline("t", "", date(2026, 1, 1), 2)
    says = re.escape(f"max_rounds = {rounds!r}: give a whole number of pricing rounds, 0 or more")
    with pytest.raises(cls, match=f"^{says}"):
        solve_priced(graph, params, tl, max_rounds=rounds)
    _, result = solve_priced(graph, params, tl, max_rounds=0)
    assert result.status == "optimal"


def _file_readers_and_writers(graph: nx.MultiDiGraph) -> dict[str, Any]:
    from supplychain.models import (
        load_model_parameters,
        load_scenario,
        load_storage_parameters,
        read_observed,
    )
    from supplychain.networks import (
        build_network,
        load_corridors,
        load_network,
        load_network_parameters,
        load_places,
        save_network,
    )
    from supplychain.scenarios import load_threat, read_incidents, select_polygon_file

    return {
        "load_network": load_network, "save_network": lambda p: save_network(graph, p),
        "build_network": build_network, "load_scenario": load_scenario, "load_threat": load_threat,
        "read_incidents": read_incidents, "read_observed": read_observed,
        "load_model_parameters": load_model_parameters, "load_storage_parameters": load_storage_parameters,
        "load_places": load_places, "load_corridors": load_corridors,
        "load_network_parameters": load_network_parameters,
        "select_polygon_file": lambda p: select_polygon_file(graph, p),
        "load_timeline": lambda p: load_timeline(p, graph, days=3),
    }  # fmt: skip


@pytest.mark.parametrize("value", [None, 3, b"models/model.toml"])
def test_file_readers_and_writers_name_a_path_of_another_kind(tiny_network: nx.MultiDiGraph, value: Any) -> None:
    # api37: each failed with pathlib's bare TypeError ("expected str, bytes or os.PathLike
    # object, not NoneType"); None still means the default file where the reader has one.
    for name, call in _file_readers_and_writers(tiny_network).items():
        if value is None and name.startswith(("load_model", "load_storage", "load_places", "load_corridors",
                                              "load_network_parameters", "load_timeline")):  # fmt: skip
            continue
        arg = "source" if name == "build_network" else "path"
        with pytest.raises(ArgumentTypeError, match=f"^{arg} is a {type(value).__name__}; give the file as a str or Path$"):
            call(value)


@pytest.mark.parametrize("attribute", ["segment_id", "travel_time_h"])
def test_timeline_entry_points_name_a_missing_attribute(
    tiny_network: nx.MultiDiGraph, params: ModelParameters, attribute: str
) -> None:
    # api37: exact_arcs (so solve_priced and closure_days) and solve_myopic read the attribute
    # before any check and met a bare KeyError; build_timeline_model named it.
    from supplychain.errors import SchemaError
    from supplychain.models import exact_arcs, solve_myopic
    from supplychain.scenarios import closure_days

    bare = tiny_network.copy()
    for _, _, data in bare.edges(data=True):
        del data[attribute]
    tl = Timeline("t", "", date(2026, 1, 1), 2)
    one = replace(params, blocks=())
    for call in (lambda: exact_arcs(bare, one, tl), lambda: solve_priced(bare, one, tl),
                 lambda: solve_myopic(bare, one, tl), lambda: closure_days(bare, one, tl)):  # fmt: skip
        with pytest.raises(SchemaError, match=f"has no '{attribute}'"):
            call()


@pytest.mark.parametrize("arc_pricing", [False, True])
def test_solve_myopic_names_a_pricing_start_it_does_not_know(
    tiny_network: nx.MultiDiGraph, params: ModelParameters, arc_pricing: bool
) -> None:
    # api37: without arc_pricing 'bogus' was taken without a word; with it the error named
    # solve_priced's "start", an argument the caller did not give.
    from supplychain.models import solve_myopic

    tl = Timeline("t", "", date(2026, 1, 1), 2)
    with pytest.raises(ArgumentError, match=r"^pricing_start = 'bogus'; give 'steady' or 'corridors'$"):
        solve_myopic(tiny_network, replace(params, blocks=()), tl, pricing_start="bogus", arc_pricing=arc_pricing)


def test_build_report_names_a_graph_that_is_not_a_network(graph: nx.MultiDiGraph, params: ModelParameters) -> None:
    # api37: None or a path met an AttributeError ("'NoneType' object has no attribute 'edges'"),
    # a DiGraph a TypeError, and a network without segment ids a KeyError in the map.
    from supplychain.errors import SchemaError

    base = run_scenario(graph, params)
    for value in (None, "net.parquet", nx.DiGraph(graph)):
        with pytest.raises(ArgumentTypeError, match=f"^build_report's arguments are not valid: graph is a "
                                                    f"{type(value).__name__}; give the networkx.MultiDiGraph "):  # fmt: skip
            build_report(value, [base])  # type: ignore[arg-type]
    bare = graph.copy()
    for _, _, data in bare.edges(data=True):
        del data["segment_id"]
    with pytest.raises(SchemaError, match="has no 'segment_id'"):
        build_report(bare, [base])


@pytest.mark.parametrize("value", [None, "net.parquet"])
def test_network_functions_name_a_graph_that_is_not_a_network(tiny_network: nx.MultiDiGraph, value: Any) -> None:
    # api37: each met an AttributeError ("'NoneType' object has no attribute 'graph'", "... 'edges'",
    # "... 'nodes'", "... 'number_of_edges'") before any check.
    from supplychain.networks import (
        load_places,
        save_network,
        snap_places,
        summarize_network,
        validate_network,
    )
    from supplychain.scenarios import greedy_worst_case, worst_case

    for call in (lambda: save_network(value, "net.parquet"), lambda: snap_places(value, load_places(), tolerance_km=1),
                 lambda: summarize_network(value), lambda: validate_network(value),
                 lambda: worst_case(value, k=1), lambda: greedy_worst_case(value, k=1)):  # fmt: skip
        with pytest.raises(ArgumentTypeError, match=f"^graph is a {type(value).__name__}, not a networkx.MultiDiGraph; "):
            call()


def test_a_models_path_from_another_folder_names_the_shipped_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # api37: README's block, run from another folder (or an installed package), met "File
    # 'models/scenario-blockade-2025.toml' does not exist; check the path." and no word of
    # where the package's copy is.
    import re

    from supplychain._paths import MODELS_DIR
    from supplychain.errors import DataFileError
    from supplychain.models import load_scenario

    monkeypatch.chdir(tmp_path)
    shipped = MODELS_DIR / "scenario-blockade-2025.toml"
    with pytest.raises(DataFileError, match=re.escape(f"check the path (the shipped file is '{shipped}').")):
        load_scenario("models/scenario-blockade-2025.toml")
    assert load_scenario(shipped).name == "2025 blockade pattern (illustrative)"
    with pytest.raises(DataFileError, match=r"does not exist; check the path\.$"):
        load_scenario("models/no-such-scenario.toml")
