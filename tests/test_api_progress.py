"""A sweep called from Python shows its progress bar by default only where a bar can be seen.

Found by the Python API audit (api37): ``n_minus_1``, ``n_minus_k``, ``monte_carlo``,
``timeline_monte_carlo`` and ``run_chunks`` defaulted to ``progress=True``, so a script with
its standard error in a log file (``python job.py 2> job.log``) got every redraw of the bar
written there ("n-1:   0%|  | 0/16 [00:00<?, ?chunk/s]\\r..."), where the commands show bars
only on a terminal.
"""

from __future__ import annotations

import io
import sys
from dataclasses import replace
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
