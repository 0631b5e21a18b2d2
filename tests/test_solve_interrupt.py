"""Ctrl-C and SIGTERM stop a running HiGHS solve at its next interrupt check.

Python raises ``KeyboardInterrupt`` only between two bytecodes: during ``Highs.run()``, one
C++ call, it waited for the solve's end (5.7 s after a Ctrl-C 3 s into the embedded
back-test; minutes on whole Africa or in a branch and bound; measured 2026-12-05), and a
SIGTERM ended in the watcher's forced exit. :func:`supplychain._highs.run_interruptible` runs
the solve in highspy's solver thread and cancels it on ``KeyboardInterrupt``.

In-process: the interrupt comes from a helper thread (``_thread.interrupt_main``) once HiGHS
has called back from its first interior-point iteration, so it always lands inside the solve.
The command line: the signal is sent once the child has logged (``-vv``) that HiGHS is solving
the back-test's LP, never after a fixed sleep.
"""

from __future__ import annotations

import _thread
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest

from supplychain._highs import run_interruptible
from supplychain.models.params import ModelParameters
from supplychain.models.timeexp import TimelineModel, build_timeline_model
from supplychain.models.timeexp_solve import load_into_highs
from supplychain.scenarios.timeline_stress import load_timeline

from .conftest import REPO, error_lines

highspy = pytest.importorskip("highspy")

BACKTEST = REPO / "models" / "timeline-blockade-2025-26.toml"


@pytest.fixture(scope="module")
def backtest(embedded_network: nx.MultiDiGraph, params: ModelParameters) -> TimelineModel:
    """The back-test's first 60 days on the embedded network: 7,000 rows, 40 interior-point
    iterations (HiGHS 1.16)."""
    return build_timeline_model(embedded_network, params, load_timeline(BACKTEST, embedded_network, days=60))


def _loaded(model: TimelineModel) -> Any:
    h = load_into_highs(model)
    h.setOptionValue("solver", "ipm")
    h.setOptionValue("run_crossover", "off")
    return h


@pytest.fixture(scope="module")
def uninterrupted(backtest: TimelineModel) -> tuple[Any, float, int]:
    """The status, objective and interior-point iterations of the solve left to finish."""
    h = _loaded(backtest)
    run = h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    info = h.getInfo()
    assert info.ipm_iteration_count >= 20  # room for an interrupt after the first
    return run, float(info.objective_function_value), int(info.ipm_iteration_count)


def _interrupt_at_first_ipm_iteration(h: Any, signum: int) -> Any:
    """Subscribe a callback that, at HiGHS's first interior-point iteration, has a helper thread
    deliver ``signum`` to the main thread as Python delivers a signal; returns the callback."""
    reached = threading.Event()

    def on_iteration(event: Any) -> None:
        reached.set()

    def interrupt() -> None:
        if reached.wait(120):
            _thread.interrupt_main(signum)

    h.cbIpmInterrupt.subscribe(on_iteration)
    threading.Thread(target=interrupt, daemon=True).start()
    return on_iteration


def _solve_interrupted(backtest: TimelineModel, signum: int,
                       expected: type[KeyboardInterrupt]) -> tuple[Any, BaseException]:  # fmt: skip
    h = _loaded(backtest)
    callback = _interrupt_at_first_ipm_iteration(h, signum)
    with pytest.raises(expected) as caught:
        run_interruptible(h)
    h.cbIpmInterrupt.unsubscribe(callback)
    return h, caught.value


def test_ctrl_c_stops_the_interior_point_and_the_instance_solves_again(
        backtest: TimelineModel, uninterrupted: tuple[Any, float, int]) -> None:  # fmt: skip
    run, objective, iterations = uninterrupted
    h, exc = _solve_interrupted(backtest, signal.SIGINT, KeyboardInterrupt)

    assert type(exc) is KeyboardInterrupt
    assert h.getModelStatus() == highspy.HighsModelStatus.kInterrupt
    assert h.getInfo().ipm_iteration_count < iterations
    assert not h.is_solver_running()
    assert h.HandleUserInterrupt is False  # on for the call only
    # The same instance solves again, to the uninterrupted optimum.
    assert run_interruptible(h) == run
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert h.getInfo().objective_function_value == pytest.approx(objective, rel=1e-9)
    assert h.getInfo().ipm_iteration_count == iterations


def test_sigterm_on_the_command_line_stays_its_own_exception(backtest: TimelineModel) -> None:
    """The command line raises ``_Terminated`` (a ``KeyboardInterrupt``) for SIGTERM: the same
    object comes out of the solve, so the command still ends with 143 and its own line."""
    from supplychain.cli._signals import _sigterm_as_interrupt, _Terminated

    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        pytest.skip("SIGTERM is handled by the test runner: the command line leaves it alone")
    with _sigterm_as_interrupt() as state:
        assert state is not None
        h, exc = _solve_interrupted(backtest, signal.SIGTERM, _Terminated)
    assert isinstance(exc, _Terminated)
    assert h.getModelStatus() == highspy.HighsModelStatus.kInterrupt



def test_a_solve_that_does_not_stop_in_time_is_left_to_end_and_the_interrupt_still_raised(
        backtest: TimelineModel, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    """HiGHS checks for an interrupt once per iteration: a solve still running when the wait
    runs out is left to end in its thread (logged), and the caller gets its interrupt at once
    (here the wait is 0 s, so it always runs out)."""
    import logging

    monkeypatch.setattr("supplychain._highs._STOP_WAIT_S", 0.0)
    with caplog.at_level(logging.WARNING, logger="supplychain._highs"):
        h, exc = _solve_interrupted(backtest, signal.SIGINT, KeyboardInterrupt)
    assert type(exc) is KeyboardInterrupt
    assert any("did not stop within 0 s" in r.getMessage() for r in caplog.records), caplog.text
    done, _ = h.wait(120)  # the cancelled solve ends at its next check
    assert done and h.getModelStatus() == highspy.HighsModelStatus.kInterrupt

def test_a_solve_after_one_left_to_end_waits_for_it_and_reaches_the_optimum(
        backtest: TimelineModel, uninterrupted: tuple[Any, float, int],
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """highspy's solver-thread lock is one for every instance: a solve started while the one
    left to end still runs raised ``HighsError('Solver is already running.')`` (a notebook
    that caught the Ctrl-C and solved again), on another instance as on the same one. It now
    waits for that solve to stop (logged), and the same instance, its interrupt cleared, solves
    to the uninterrupted optimum (not stopped at once, ``kInterrupt``, which PuLP reads as
    optimal)."""
    _, objective, iterations = uninterrupted
    monkeypatch.setattr("supplychain._highs._STOP_WAIT_S", 0.0)
    h, _ = _solve_interrupted(backtest, signal.SIGINT, KeyboardInterrupt)
    other = _knapsack(12)
    assert run_interruptible(other) == highspy.HighsStatus.kOk
    assert other.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert run_interruptible(h) == highspy.HighsStatus.kOk
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert h.getInfo().objective_function_value == pytest.approx(objective, rel=1e-9)
    assert h.getInfo().ipm_iteration_count == iterations
    assert h.HandleUserInterrupt is False


def test_an_error_once_the_solve_started_cancels_it(
        backtest: TimelineModel, uninterrupted: tuple[Any, float, int]) -> None:  # fmt: skip
    """An exception other than ``KeyboardInterrupt`` between ``startSolve`` and its end (here
    from the debug line's row count) left the solve running to its end uncancelled, its
    instance's ``HandleUserInterrupt`` on; it is cancelled, and the instance solves again."""
    import time

    _, objective, _ = uninterrupted
    h = _loaded(backtest)

    def broken() -> int:
        raise RuntimeError("row count")

    h.getNumRow = broken
    with pytest.raises(RuntimeError, match="row count"):
        run_interruptible(h)
    while h.is_solver_running():
        time.sleep(0.05)
    assert h.getModelStatus() == highspy.HighsModelStatus.kInterrupt
    del h.getNumRow
    assert run_interruptible(h) == highspy.HighsStatus.kOk
    assert h.getInfo().objective_function_value == pytest.approx(objective, rel=1e-9)
    assert h.HandleUserInterrupt is False


def _knapsack(n: int = 40) -> Any:
    """A MIP that branch and bound explores (HiGHS's MIP callbacks fire)."""
    rng = np.random.default_rng(7)
    weight = rng.integers(20, 60, n).astype(float)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.addVars(n, np.zeros(n), np.ones(n))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), -(weight + rng.integers(0, 10, n)))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                            np.full(n, highspy.HighsVarType.kInteger))  # fmt: skip
    h.addRow(-highspy.kHighsInf, float(weight.sum()) / 2 + 0.5, n, np.arange(n, dtype=np.int32), weight)
    return h


def test_a_callers_mip_callback_still_runs_and_the_status_is_run_s() -> None:
    """The whole-convoy MIP subscribes its gap progress to the MIP interrupt callback too."""
    h = _knapsack()
    reference = _knapsack()
    gaps: list[float] = []
    h.cbMipInterrupt.subscribe(lambda event: gaps.append(float(event.data_out.mip_gap)))

    assert run_interruptible(h) == reference.run()
    assert gaps
    assert h.getModelStatus() == reference.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert h.getInfo().objective_function_value == reference.getInfo().objective_function_value


def test_outside_the_main_thread_it_is_a_plain_run() -> None:
    """Python raises KeyboardInterrupt in the main thread only: elsewhere no solver thread
    (highspy's lock is one for all instances, two threads could not solve at once)."""
    seen: list[Any] = []

    def solve() -> None:
        h = _knapsack(12)
        seen.append((run_interruptible(h), h.HandleUserInterrupt, h.getModelStatus()))

    thread = threading.Thread(target=solve)
    thread.start()
    thread.join()
    assert seen == [(highspy.HighsStatus.kOk, False, highspy.HighsModelStatus.kOptimal)]


def _default_sigint() -> None:
    """In the child: SIGINT at its default, whatever the test runner inherited (a process
    started with ``&`` by a non-interactive shell ignores it, and so would the child)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(sys.platform == "win32", reason="signals cannot be sent to a process on Windows")
@pytest.mark.parametrize(("signum", "status", "message"), [
    (signal.SIGINT, 130, "error: interrupted (Ctrl-C)"),
    (signal.SIGTERM, 143, "error: terminated (SIGTERM)"),
], ids=["SIGINT", "SIGTERM"])  # fmt: skip
def test_a_signal_during_the_timeline_solve_stops_it_and_writes_nothing(
        tmp_path: Path, leftovers: list[Any], signum: int, status: int, message: str) -> None:  # fmt: skip
    """The back-test's 181-day LP (21,559 rows; 7 s): the signal comes once HiGHS is solving it."""
    command = subprocess.Popen([sys.executable, "-m", "supplychain", "timeline", "--scenario", str(BACKTEST),
                                "--out", str(tmp_path / "tl.parquet"), "-vv"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_default_sigint)  # fmt: skip
    leftovers.append(command)
    assert command.stderr is not None
    seen: list[str] = []
    for line in command.stderr:
        seen.append(line)
        if "HiGHS solving" in line and int(line.split("HiGHS solving ")[1].split()[0]) > 10_000:
            break
    else:
        pytest.fail("the solve was not seen starting: " + "".join(seen[-20:]))
    command.send_signal(signum)
    _, rest = command.communicate(timeout=120)
    stderr = "".join(seen) + rest

    assert command.returncode == status, stderr[-2000:]
    assert error_lines(stderr) == [message], stderr[-2000:]
    assert "Traceback" not in stderr
    assert "HiGHS stopped on" in rest  # cancelled inside the solve, not at its end
    assert "did not stop within" not in rest
    assert list(tmp_path.iterdir()) == []  # no table, summary or temporary file


def test_a_warm_re_solve_after_a_slow_one_runs_where_ctrl_c_stops_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """``rerun_from`` (the warm draws and closures) ran every re-solve as one C++ call: a
    SIGTERM 1 s into a draw of several seconds (timeline-mc at the observed attack rate) waited
    past the command's 5 s grace, which ended it without releasing the sweep's lock (readme33).
    An instance's first re-solve, and each after one that took _SLOW_RERUN_S or more, runs in
    the solver thread (run_interruptible); one after a fast one runs directly (2 ms less)."""
    from supplychain.models import timeexp_solve
    from supplychain.models._examples import x_plus_y_highs

    calls: list[str] = []

    def interruptible(highs: Any) -> Any:
        calls.append("interruptible")
        return run_interruptible(highs)

    monkeypatch.setattr(timeexp_solve, "run_interruptible", interruptible)
    h = x_plus_y_highs()
    h.run()
    basis = h.getBasis()
    timeexp_solve.rerun_from(h, basis, time_limit_s=10.0)  # the instance's first: not known to be fast
    timeexp_solve.rerun_from(h, basis, time_limit_s=10.0)  # after a fast one
    assert calls == ["interruptible"]
    timeexp_solve._last_rerun_s[h] = timeexp_solve._SLOW_RERUN_S  # as after a slow one
    timeexp_solve.rerun_from(h, basis, time_limit_s=10.0)
    assert calls == ["interruptible", "interruptible"]
    assert h.getInfo().objective_function_value == -4.0
