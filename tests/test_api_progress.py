"""A sweep called from Python shows its progress bar by default only where a bar can be seen,
and a script that starts its workers at import time is told why they ended.

Found by the Python API audit (api37): ``n_minus_1``, ``n_minus_k``, ``monte_carlo``,
``timeline_monte_carlo`` and ``run_chunks`` defaulted to ``progress=True``, so a script with
its standard error in a log file (``python job.py 2> job.log``) got every redraw of the bar
written there ("n-1:   0%|  | 0/16 [00:00<?, ?chunk/s]\\r..."), where the commands show bars
only on a terminal.
"""

from __future__ import annotations

import io
import subprocess
import sys
import types
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from supplychain.models import load_model_parameters
from supplychain.scenarios import SweepContext, n_minus_1, run_chunks


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _square(task: int, context: Any) -> int:
    return task * task


@pytest.mark.parametrize(("progress", "terminal", "shown"), [
    (None, False, False), (None, True, True), (True, False, True), (False, True, False),
])  # fmt: skip
def test_run_chunks_shows_a_bar_by_default_on_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, progress: bool | None, terminal: bool, shown: bool
) -> None:
    stream = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    out: dict[int, int] = {}
    kw = {} if progress is None else {"progress": progress}
    run_chunks(_square, [(0, 2), (1, 3)], out.__setitem__, description="squares", **kw)
    assert out == {0: 4, 1: 9}
    assert ("squares:" in stream.getvalue()) is shown, stream.getvalue()


def test_n_minus_1_writes_no_bar_into_a_file_by_default(
    tiny_network: nx.MultiDiGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = SweepContext.create(tiny_network, replace(load_model_parameters(), blocks=()))
    n_minus_1(ctx)
    assert "n-1:" not in capsys.readouterr().err


def test_a_script_without_the_main_guard_gets_one_supplychain_error(tmp_path: Path) -> None:
    # api37: each worker imports the script again and, running the pool at import time, ends on
    # Python's "An attempt has been made to start a new process before ..."; the caller got a
    # bare BrokenPipeError from the pool.
    script = tmp_path / "job.py"
    script.write_text(
        "from supplychain.scenarios.executors import run_chunks\n"
        "def square(task, context):\n    return task * task\n"
        # 1 MB of shared data, more than a pipe holds: the write of a worker's initial data
        # fails when the worker ends unread, as a sweep's network does (a BrokenPipeError).
        "run_chunks(square, [(0, 2), (1, 3)], print, context=bytes(1_000_000), workers=2, progress=False)\n",
        encoding="utf-8",
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode == 1
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("supplychain.errors.SupplyChainError: A worker process ended as it started"), run.stderr
    assert "if __name__ == \"__main__\":" in last


def test_a_worker_killed_as_it_starts_is_not_blamed_on_a_missing_main_guard(tmp_path: Path) -> None:
    # review37b: a script that has the guard, whose worker is killed as it starts (SIGKILL, as
    # the out-of-memory killer ends one), got the message above: "(its error is above)", with
    # none there, and "must call it under 'if __name__ == "__main__":'", which it does. So would
    # a command (`supplychain stress n-1 --workers 2`) whose worker was killed so.
    script = tmp_path / "job.py"
    script.write_text(
        "import os, signal\n"
        "from supplychain.scenarios.executors import run_chunks\n"
        "def square(task, context):\n    return task * task\n"
        "if __name__ == '__mp_main__':  # the worker, importing the script\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "if __name__ == '__main__':\n"
        "    run_chunks(square, [(0, 2), (1, 3)], print, context=bytes(1_000_000), workers=2, progress=False)\n",
        encoding="utf-8",
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode == 1
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("supplychain.errors.SupplyChainError: A worker process ended as it started"), run.stderr
    assert "its error is above" not in last
    assert "killed" in last and "bootstrapping phase" in last


def test_ipykernel_imported_outside_a_kernel_writes_no_bar_into_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # review37b: the default read "ipykernel" in sys.modules as "in a notebook"; a script that
    # imported it (through a widget library, say) with its standard error in a log file got the
    # bar written there: tqdm.auto draws a widget only in a kernel, else the terminal bar.
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    run_chunks(_square, [(0, 2), (1, 3)], {}.__setitem__, description="squares")
    assert "squares:" not in stream.getvalue()


def test_a_jupyter_kernel_is_told_by_ipython_as_tqdm_auto_tells_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from supplychain.scenarios.executors import _auto_progress

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    ipython = types.ModuleType("IPython")
    shell = types.SimpleNamespace(config={"IPKernelApp": {}})
    ipython.get_ipython = lambda: shell  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    assert _auto_progress()
    shell.config = {}  # a terminal IPython: no kernel
    assert not _auto_progress()
