"""Work done once: a result whose scenario changes nothing solves its capacity LPs once (not
once as the baseline and again as the scenario); Monte Carlo builds one fast LP pair.

Counted with monkeypatched counters, not timed: a test fails when the duplicate comes back.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

import supplychain.models.results as results
from supplychain.cli import main
from supplychain.models import Effect, Scenario, run_scenario

from .test_lp import border_fork, params


def _posts_of_5() -> nx.MultiDiGraph:
    """Two border posts of 5 trucks/day (46 m3) each: throughput 460 m3/day, below demand."""
    g = border_fork()
    for post in ("B1", "B2"):
        g.nodes[post]["capacity_trucks_per_day"] = 5.0
    return g


@pytest.fixture
def solves(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every LP solve of a result, by model mode, with an empty baseline cache."""
    count: Counter[str] = Counter()
    real = results.solve

    def counting(model: Any, *args: Any, **kw: Any) -> Any:
        count[model.mode] += 1
        return real(model, *args, **kw)

    monkeypatch.setattr(results, "solve", counting)
    monkeypatch.setattr(results, "_BASELINE", {})
    return count


@pytest.mark.parametrize("scenario", [
    None,
    Scenario.baseline(),
    Scenario("calm"),
    # Effects that change nothing: the same LP as the baseline's.
    Scenario("no-op", segments={"R:PortA-B1": Effect(capacity_factor=1.0)},
             nodes={"B2": Effect(loss_probability=0.0), "Bamako": Effect()}),
])  # fmt: skip
def test_a_scenario_changing_nothing_solves_each_lp_once(solves: Counter[str],
                                                         scenario: Scenario | None) -> None:
    # It solved throughput and served twice: as the baseline, then as the scenario.
    r = run_scenario(_posts_of_5(), params(), scenario, k_alternatives=0)
    assert solves == {"served": 1, "throughput": 1, "served_unweighted": 1}
    assert r.throughput.baseline_m3_per_day == pytest.approx(10 * 46.0)
    assert r.throughput.lost_m3_per_day == 0.0 and r.served.lost_m3_per_day == 0.0
    # The baseline it measured is kept for the next result: a scenario then solves its own 3.
    solves.clear()
    closed = run_scenario(_posts_of_5(), params(), Scenario("B1 shut", nodes={"B1": Effect(closed=True)}),
                          k_alternatives=0)  # fmt: skip
    assert solves == {"served": 1, "throughput": 1, "served_unweighted": 1}
    assert closed.throughput.lost_m3_per_day == pytest.approx(5 * 46.0)


def test_a_scenario_that_changes_the_lp_still_solves_the_baseline(solves: Counter[str]) -> None:
    r = run_scenario(_posts_of_5(), params(), Scenario("slow B1", nodes={"B1": Effect(capacity_factor=0.5)}),
                     k_alternatives=0)  # fmt: skip
    assert solves == {"served": 1, "throughput": 2, "served_unweighted": 2}
    assert r.throughput.baseline_m3_per_day == pytest.approx(10 * 46.0)
    assert r.throughput.lost_m3_per_day == pytest.approx(2.5 * 46.0)


@pytest.mark.parametrize("command", [["solve"], ["report", "--out", "r.html"]])
def test_cli_solves_the_baseline_once(solves: Counter[str], command: list[str], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, command)
    assert out.exit_code == 0, out.output
    assert solves == {"served": 1, "throughput": 1, "served_unweighted": 1}




@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every fast solver (by mode) and array max flow a sweep builds, with empty worker caches."""
    import supplychain.scenarios.sweep_common as common
    from supplychain.models.fast import FastSolver
    from supplychain.models.maxflow import ArrayMaxFlow

    count: Counter[str] = Counter()

    class CountedSolver(FastSolver):
        def __init__(self, *args: Any, **kw: Any) -> None:
            count[kw["mode"]] += 1
            super().__init__(*args, **kw)

    class CountedMaxFlow(ArrayMaxFlow):
        def __init__(self, *args: Any, **kw: Any) -> None:
            count["max flow"] += 1
            super().__init__(*args, **kw)

    monkeypatch.setattr(common, "FastSolver", CountedSolver)
    monkeypatch.setattr(common, "ArrayMaxFlow", CountedMaxFlow)
    for cache in ("_SOLVER_CACHE", "_SOLVER_RUN", "_HUB_CACHE", "_MAXFLOW_CACHE"):
        monkeypatch.setattr(common, cache, {})
    return count


def test_monte_carlo_builds_one_fast_lp_pair(builds: Counter[str], tmp_path: Path) -> None:
    # It built the pair the draws are solved on (restoring the base basis) and then a second
    # pair, and a max flow to Bamako it did not use, for the base figures.
    from supplychain.scenarios.sweeps import SweepContext, monte_carlo

    ctx = SweepContext.create(_posts_of_5(), params(), attack_probability={"R:PortA-B1": 0.5},
                              seed=2)  # fmt: skip
    r = monte_carlo(ctx, draws=40, chunk_size=10, progress=False, out=tmp_path / "mc.parquet")
    assert builds == {"throughput": 1, "served_unweighted": 1}
    assert r.summary["base_throughput_m3_per_day"] == pytest.approx(10 * 46.0)
    assert r.summary["base_served_m3_per_day"] == pytest.approx(10 * 46.0)
    # A draw closing B1's road loses B1's 5 trucks/day; the others lose nothing.
    shut = r.table["closed"] == "R:PortA-B1"
    assert 0 < shut.sum() < len(r.table)
    assert r.table.loc[shut, "throughput_lost_m3_per_day"].tolist() == pytest.approx([5 * 46.0] * shut.sum())
    assert (r.table.loc[~shut, "served_lost_m3_per_day"] == 0.0).all()


def test_monte_carlo_on_workers_reuses_the_pair_this_process_built(builds: Counter[str]) -> None:
    # The draws run in pool processes; the base figures come from the pair N-1 built here.
    from supplychain.scenarios.sweeps import SweepContext, monte_carlo, n_minus_1

    ctx = SweepContext.create(_posts_of_5(), params(), attack_probability={"R:PortA-B1": 0.5},
                              seed=2)  # fmt: skip
    n_minus_1(ctx, progress=False)
    assert builds["throughput"] == builds["served_unweighted"] == 1
    builds.clear()
    r = monte_carlo(ctx, draws=20, chunk_size=10, workers=2, progress=False)
    assert builds == {}
    assert r.summary["base_served_m3_per_day"] == pytest.approx(10 * 46.0)
    assert monte_carlo(ctx, draws=20, chunk_size=10, progress=False).table.equals(r.table)


def test_run_solves_the_baseline_and_the_scenario_once(solves: Counter[str], tmp_path: Path) -> None:
    # `run` printed both results, then the report solved both again.
    out = CliRunner().invoke(main, ["-q", "run", "--draws", "5", "--no-timeline",
                                    "--out-dir", str(tmp_path)])  # fmt: skip
    assert out.exit_code == 0, out.output
    # The plan of each; throughput and served of the baseline and of the threat scenario.
    assert solves == {"served": 2, "throughput": 2, "served_unweighted": 2}
    assert "2025 blockade pattern" in (tmp_path / "embedded.html").read_text(encoding="utf-8")
