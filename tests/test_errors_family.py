"""The library's bad-argument errors are in the one family and still the builtin they were.

For a representative call per converted ``raise``: the error is a :class:`SupplyChainError`
(the class named in the Raises section) *and* the builtin (or networkx) exception the call
raised before, with a message naming the bad item. Also: options made keyword-only refuse
positional use, every name of :mod:`supplychain.errors` is in the family, and an
:class:`UnknownElementError` prints on the command line without ``KeyError``'s quotes.
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import supplychain
import supplychain.errors as errors
from supplychain.errors import (
    ArgumentError,
    ArgumentTypeError,
    ParameterError,
    SupplyChainError,
    UnknownElementError,
    UnknownNodeError,
)


def _net() -> nx.MultiDiGraph:
    """Port P -> border B -> Bamako C, and a direct road P -> C."""
    g = nx.MultiDiGraph(tanker_volume_m3=46.0)
    g.add_node("P", name="Port", role="port", supply_m3_per_day=460.0, x=0.0, y=0.0)
    g.add_node("B", name="Border", role="border", capacity_trucks_per_day=5.0, x=1.0, y=0.0)
    g.add_node("C", name="Bamako", role="city", demand_m3_per_day=100.0, x=2.0, y=0.0)
    for u, v, sid in [("P", "B", "PB"), ("B", "C", "BC"), ("P", "C", "PC")]:
        for a, b in ((u, v), (v, u)):
            g.add_edge(a, b, segment_id=sid, length_km=100.0, travel_time_h=2.0,
                       capacity_trucks_per_day=10.0)  # fmt: skip
    return g


def _cut_kwargs(g: nx.MultiDiGraph, **over: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "sources": {"P": 460.0},
        "sink": "C",
        "edge_capacity_m3": {e: 460.0 for e in g.edges(keys=True)},
        "node_capacity_m3": {"B": 230.0},
    }
    return {**kwargs, **over}


def _paths_cases() -> list[tuple[str, Callable[[], Any], type[Exception], type[Exception], str]]:
    from supplychain.models.paths import alternative_routes, decompose_flows, minimum_cut

    g = _net()
    flow = {("P", "B", 0): 10.0, ("B", "C", 0): 10.0}
    lossy = _net()
    lossy.add_edge("B", "P", 1, segment_id="BP2", length_km=1.0, travel_time_h=1.0,
                   capacity_trucks_per_day=1.0)  # fmt: skip
    return [
        ("paths/_common.py node", lambda: alternative_routes(g, "P", "Nowhere", tanker_m3=46.0),
         UnknownNodeError, nx.NodeNotFound, "'Nowhere'"),
        ("paths/_common.py probabilities",
         lambda: decompose_flows(g, flow, {"P": 10.0}, {"C": 10.0}, edge_loss={("P", "B", 0): 1.5}),
         ArgumentError, ValueError, r"edge_loss\[\('P', 'B', 0\)\] = 1.5"),
        ("decomposition volumes", lambda: decompose_flows(g, {("P", "B", 0): -1.0}, {}, {}),
         ArgumentError, ValueError, r"edge_flow_m3\[\('P', 'B', 0\)\] = -1.0"),
        ("decomposition conservation", lambda: decompose_flows(g, flow, {"P": 10.0}, {"C": 7.0}),
         ArgumentError, ValueError, "not conserved at 1 node.*'C'"),
        ("decomposition lossy cycle",
         lambda: decompose_flows(lossy, {("P", "B", 0): 10.0, ("B", "P", 1): 10.0,
                                         ("P", "C", 0): 5.0}, {"P": 10.0}, {"C": 5.0},
                                 edge_loss={("B", "P", 1): 0.5}),
         ArgumentError, ValueError, "cycle with losses through nodes"),
        ("decomposition tol", lambda: decompose_flows(g, flow, {"P": 10.0}, {"C": 10.0}, tol=-1.0),
         ArgumentError, ValueError, r"tol = -1.0"),
        ("decomposition edge", lambda: decompose_flows(g, {("P", "X", 0): 1.0}, {}, {}),
         UnknownElementError, KeyError, r"edge_flow_m3 names edge \('P', 'X', 0\)"),
        ("cuts supply", lambda: minimum_cut(g, **_cut_kwargs(g, sources={"P": math.inf})),
         ArgumentError, ValueError, r"sources\['P'\] = inf"),
        ("cuts edge", lambda: minimum_cut(g, **_cut_kwargs(g, edge_capacity_m3={("C", "P", 5): 1.0})),
         UnknownElementError, KeyError, r"edge \('C', 'P', 5\)"),
        ("alternatives weight missing",
         lambda: alternative_routes(g, "P", "C", weight="toll", tanker_m3=46.0),
         ArgumentError, ValueError, "no attribute 'toll'"),
        ("alternatives weight negative",
         lambda: alternative_routes(g, "P", "C", weight=lambda d: -1.0, tanker_m3=46.0),
         ArgumentError, ValueError, r"segment '\w+'\) has weight -1.0"),
        ("alternatives k", lambda: alternative_routes(g, "P", "C", k=0, tanker_m3=46.0),
         ArgumentError, ValueError, "k = 0"),
        ("alternatives tanker", lambda: alternative_routes(g, "P", "C", tanker_m3=0.0),
         ArgumentError, ValueError, "tanker_m3 = 0.0"),
        ("alternatives same node", lambda: alternative_routes(g, "P", "P", tanker_m3=46.0),
         ArgumentError, ValueError, "same node 'P'"),
    ]


def _maxflow_cases() -> list[tuple[str, Callable[[], Any], type[Exception], type[Exception], str]]:
    from supplychain.models.maxflow import ArrayMaxFlow
    from supplychain.scenarios.interdiction import worst_case

    g = _net()
    mf = ArrayMaxFlow(g, **_cut_kwargs(g))
    return [
        ("maxflow tanker", lambda: ArrayMaxFlow(g, **_cut_kwargs(g), tanker_m3=-1.0),
         ArgumentError, ValueError, "tanker_m3 = -1.0"),
        ("maxflow node", lambda: ArrayMaxFlow(g, **_cut_kwargs(g, sink="Z")),
         UnknownNodeError, nx.NodeNotFound, "'Z'"),
        ("maxflow edge", lambda: ArrayMaxFlow(g, **_cut_kwargs(g, edge_capacity_m3={("P", "Z", 0): 1.0})),
         UnknownElementError, KeyError, r"edge \('P', 'Z', 0\)"),
        ("maxflow supply", lambda: ArrayMaxFlow(g, **_cut_kwargs(g, sources={"P": math.inf})),
         ArgumentError, ValueError, r"sources\['P'\] = inf"),
        ("maxflow capacity", lambda: ArrayMaxFlow(g, **_cut_kwargs(g, node_capacity_m3={"B": -5.0})),
         ArgumentError, ValueError, r"node_capacity_m3\['B'\] = -5.0"),
        ("maxflow closure", lambda: mf.value(closed_segments=["nope"]),
         UnknownElementError, KeyError, "segment 'nope'"),
        ("interdiction sink", lambda: worst_case(g, k=1, sink="Timbuktu"),
         UnknownNodeError, nx.NodeNotFound, "'Timbuktu'"),
        ("interdiction edge", lambda: worst_case(g, k=1, edge_capacity_m3={("P", "Z", 0): 1.0}),
         UnknownElementError, KeyError, r"edge \('P', 'Z', 0\)"),
        ("interdiction node", lambda: worst_case(g, k=1, supply_limit_m3={"Z": 1.0}),
         UnknownNodeError, nx.NodeNotFound, "names node 'Z'"),
    ]


def _timeline_cases() -> list[tuple[str, Callable[[], Any], type[Exception], type[Exception], str]]:
    from supplychain.models import load_model_parameters
    from supplychain.models.highs_lp import row_wise_lp
    from supplychain.models.timeexp_arcs import corridor_edges, edge_lags_days, reduce_arcs
    from supplychain.models.timeexp_price import solve_priced
    from supplychain.models.timeline import Timeline

    g = _net()
    params = load_model_parameters()
    tl = Timeline("t", "", date(2026, 1, 1), 3)
    lags = edge_lags_days(g, params)
    return [
        ("reduce_arcs detour", lambda: reduce_arcs(g, lags, tl, 46.0, detour=-0.5),
         ArgumentError, ValueError, "detour = -0.5"),
        ("corridor_edges detour", lambda: corridor_edges(g, lags, tl, math.nan),
         ArgumentError, ValueError, "detour = nan"),
        ("row_wise_lp starts",
         lambda: row_wise_lp(col_cost=[1.0], col_lower=[0.0], col_upper=[1.0], row_lower=[0.0],
                             row_upper=[1.0], starts=[0], index=[], value=[]),
         ArgumentError, ValueError, "starts has 1 values for 1 rows"),
        ("solve_priced start", lambda: solve_priced(g, params, tl, start="everything"),
         ArgumentError, ValueError, "start = 'everything'"),
    ]


def _report_cases(tmp: Path) -> list[tuple[str, Callable[[], Any], type[Exception], type[Exception], str]]:
    from supplychain.reports import build_report, load_stress, write_report
    from supplychain.reports.data import as_run

    return [
        ("data as_run", lambda: as_run("baseline"), ArgumentTypeError, TypeError, "got a str"),
        ("stress load_stress", lambda: load_stress(42.0), ArgumentTypeError, TypeError,
         "Not a stress result: a float"),
        ("builder results", lambda: build_report(_net(), []), ArgumentError, ValueError,
         "results is empty"),
        ("builder html", lambda: write_report(tmp / "r.html", b"<html>"), ArgumentTypeError,
         TypeError, "html is a bytes"),
    ]


def _other_cases() -> list[tuple[str, Callable[[], Any], type[Exception], type[Exception], str]]:
    from supplychain.networks.placement import split_segment
    from supplychain.scenarios.incidents import decay_weight
    from supplychain.scenarios.montecarlo import quantile_ci

    return [
        ("incidents decay_weight", lambda: decay_weight(-1.0), ArgumentError, ValueError,
         "age_days = -1.0"),
        ("placement split_segment", lambda: split_segment(_net(), "NOPE", (0.5, 0.0), "N", {}),
         UnknownElementError, KeyError, "Segment 'NOPE'"),
        # api37: a bare TypeError from the comparison, numpy's ValueError after the sort.
        ("incidents decay_weight str", lambda: decay_weight("3"), ArgumentTypeError, TypeError,
         "age_days = '3': give a number of days"),
        ("montecarlo quantile_ci 2", lambda: quantile_ci(np.arange(5.0), 2), ArgumentError, ValueError,
         "q = 2: give the quantile as a share from 0 to 1"),
        ("montecarlo quantile_ci str", lambda: quantile_ci(np.arange(5.0), "0.5"), ArgumentTypeError,
         TypeError, "q = '0.5': give the quantile"),
    ]


def _all_cases(tmp: Path) -> list[tuple[str, Callable[[], Any], type[Exception], type[Exception], str]]:
    return [*_paths_cases(), *_maxflow_cases(), *_timeline_cases(), *_report_cases(tmp),
            *_other_cases()]  # fmt: skip


def test_converted_raises_are_in_the_family_and_still_the_builtin(tmp_path: Path) -> None:
    for name, call, family, builtin, match in _all_cases(tmp_path):
        with pytest.raises(family, match=match) as err:
            call()
        assert isinstance(err.value, builtin), name
        assert isinstance(err.value, SupplyChainError), name
        assert isinstance(err.value, ParameterError), name
        text = str(err.value)
        assert not text.startswith(("'", '"')), f"{name}: {text!r}"  # no KeyError quotes


def test_unknown_element_prints_without_quotes() -> None:
    err = UnknownElementError("edge ('P', 'X', 0) is not in the network")
    assert str(err) == "edge ('P', 'X', 0) is not in the network"
    assert str(UnknownElementError("x", problems=["a", "b"])) == "x: a; b"
    assert isinstance(err, KeyError) and not isinstance(err, ValueError)


def test_cli_error_line_of_an_unknown_element_is_clean() -> None:
    from supplychain.cli._common import _user_errors

    @click.command()
    @_user_errors
    def cmd() -> None:
        raise UnknownElementError("Segment 'N1 Kayes-Diema' is not in the network; give a segment_id")

    run = CliRunner().invoke(cmd, [])
    assert run.exit_code == 1
    assert run.output.strip() == (
        "error: Segment 'N1 Kayes-Diema' is not in the network; give a segment_id"
    )


def test_every_error_is_in_the_family_and_exported() -> None:
    assert errors.__all__, "supplychain.errors exports nothing"
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert isinstance(cls, type) and issubclass(cls, SupplyChainError), name
        assert getattr(supplychain, name) is cls, f"supplychain.{name} is not errors.{name}"
        assert name in supplychain.__all__, name
    assert issubclass(ArgumentTypeError, ArgumentError) and issubclass(ArgumentTypeError, TypeError)
    assert issubclass(UnknownElementError, KeyError)
    assert issubclass(UnknownNodeError, nx.NodeNotFound)


def test_unknown_node_error_pickles_and_import_supplychain_skips_networkx() -> None:
    import pickle

    err = pickle.loads(pickle.dumps(UnknownNodeError("sink 'Z' is not in the network")))
    assert type(err) is UnknownNodeError and str(err) == "sink 'Z' is not in the network"
    script = "import sys, supplychain, supplychain.errors; print('networkx' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_keyword_only_options_refuse_positional_use(tmp_path: Path) -> None:
    from supplychain.reports.figures import ranking_figure
    from supplychain.reports.stress import StressData, file_record
    from supplychain.scenarios import decay_weight, detect_format, select_ref

    record = tmp_path / "x.toml"
    record.write_text("a = 1\n")
    calls: list[Callable[[], Any]] = [
        lambda: select_ref(_net(), "RN1", ("Kayes", "Diéma")),
        lambda: decay_weight(30, 30),
        lambda: file_record(record, "parameters"),
        lambda: detect_format(["a", "b"], "x.csv"),
        lambda: ranking_figure(StressData("n-1", "N-1", pd.DataFrame(), {}), 5),
    ]
    for call in calls:
        with pytest.raises(TypeError, match="positional argument"):
            call()
    assert decay_weight(30, half_life_days=30) == 0.5
    assert file_record(record, role="parameters")["role"] == "parameters"
