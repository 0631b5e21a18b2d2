"""`run_chunks` on a Dask cluster that fails: no worker, a lost scheduler, workers that die.

Each failure is one :class:`SupplyChainError` (the CLI prints it as one ``error:`` line),
never "unexpected FutureCancelledError ... This is a bug", and finished results are handed
over before it. The clusters are in-process ``distributed.LocalCluster``s.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

import pytest

from supplychain.errors import SupplyChainError
from supplychain.scenarios import executors
from supplychain.scenarios.executors import run_chunks

distributed = pytest.importorskip("distributed")


def _slow_square(task: int, context: Any) -> int:
    time.sleep(0.2)
    return task * task


def _die(task: int, context: Any) -> int:
    os._exit(1)  # a worker killed (out of memory, kill -9) while it runs the task


def _raise(task: int, context: Any) -> int:
    raise SupplyChainError(f"task {task} is bad")


def _no_such_module() -> None:
    raise ImportError("No module named 'supplychain'")


class _Unloadable:
    """Shared data that a worker cannot unpickle, as on a worker without supplychain."""

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return _no_such_module, ()


def _cluster(n_workers: int, processes: bool = False) -> Any:
    return distributed.LocalCluster(n_workers=n_workers, threads_per_worker=1, host="127.0.0.1",
                                    dashboard_address=":0", processes=processes,
                                    protocol="tcp://")  # fmt: skip


def test_a_scheduler_without_workers_is_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """It said 'cannot read or write: No valid workers found; check the path and its
    permissions' (scatter's TimeoutError taken for a file error)."""
    monkeypatch.setattr(executors, "_WORKER_WAIT_S", 0.5, raising=False)  # 10 s before
    got: dict[int, int] = {}
    with _cluster(0) as cluster, pytest.raises(SupplyChainError, match=r"has no worker.*dask worker tcp://"):
        run_chunks(_slow_square, [(0, 2)], got.__setitem__, context=1,
                   scheduler=cluster.scheduler_address, progress=False)  # fmt: skip
    assert got == {}


def test_a_scheduler_lost_mid_sweep_is_one_error_after_the_finished_chunks() -> None:
    """It was 'unexpected FutureCancelledError ... This is a bug'."""
    import dask

    got: dict[int, int] = {}
    cluster = _cluster(1)

    def keep(index: int, result: int) -> None:
        got[index] = result
        if len(got) == 1:
            cluster.sync(cluster.scheduler.close)  # the scheduler stops mid-sweep

    try:
        with pytest.raises(SupplyChainError, match=r"lost a task.*scheduler-connection-lost.*"
                                                   r"run the same command again"):  # fmt: skip
            run_chunks(_slow_square, [(i, i) for i in range(8)], keep,
                       scheduler=cluster.scheduler_address, progress=False)  # fmt: skip
    finally:
        with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):  # else 30 s to close
            cluster.close()
    assert 1 <= len(got) < 8 and all(got[i] == i * i for i in got)


def test_workers_dying_on_a_task_is_one_error() -> None:
    """KilledWorker (the task's workers died allowed-failures + 1 times) was 'unexpected'."""
    import dask

    with (dask.config.set({"distributed.scheduler.allowed-failures": 0}),
          _cluster(1, processes=True) as cluster,
          pytest.raises(SupplyChainError, match=r"died while running a task.*memory")):  # fmt: skip
        run_chunks(_die, [(0, 1)], lambda i, r: None, scheduler=cluster.scheduler_address,
                   progress=False)  # fmt: skip


def test_a_task_raising_gives_its_own_error_as_locally() -> None:
    with _cluster(1) as cluster, pytest.raises(SupplyChainError, match=r"^task 3 is bad$"):
        run_chunks(_raise, [(0, 3)], lambda i, r: None, scheduler=cluster.scheduler_address,
                   progress=False)  # fmt: skip


def test_distributed_logs_are_silent_while_a_sweep_runs_unless_debug(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A scheduler killed mid-sweep made distributed.client log a traceback to stderr (its own
    handler, even with -q) before the sweep's one error line; -vv keeps them."""
    import distributed.client  # noqa: F401  (sets up distributed's log handlers)

    client_log = logging.getLogger("distributed.client")
    ours = logging.getLogger("supplychain")
    saved = ours.level
    try:
        ours.setLevel(logging.WARNING)
        with executors._quiet_distributed():
            assert not client_log.isEnabledFor(logging.ERROR)
            assert not logging.getLogger("distributed").isEnabledFor(logging.ERROR)
        assert client_log.isEnabledFor(logging.ERROR)  # restored
        ours.setLevel(logging.DEBUG)  # -vv
        with executors._quiet_distributed():
            assert client_log.isEnabledFor(logging.ERROR)
    finally:
        ours.setLevel(saved)


def test_workers_that_cannot_load_the_shared_data_are_one_error() -> None:
    """A `dask worker` without supplychain importable gave "unexpected Exception:
    ImportError(...). This is a bug" (distributed re-raises it as a bare Exception)."""
    with (_cluster(1) as cluster,
          pytest.raises(SupplyChainError, match=r"could not load.*No module named.*same Python")):  # fmt: skip
        run_chunks(_slow_square, [(0, 2)], lambda i, r: None, context=_Unloadable(),
                   scheduler=cluster.scheduler_address, progress=False)  # fmt: skip


def test_a_worker_running_other_code_is_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A `dask worker` started from another checkout or environment ran its own supplychain
    (or another HiGHS) and its figures went into the table unnoticed."""
    here = dict(executors._code_fingerprint())
    other = tuple((k, "0.0.0" if k == "highspy" else v) for k, v in here.items())
    monkeypatch.setattr(executors, "_expected_fingerprint", lambda: other)
    with (_cluster(1) as cluster,
          pytest.raises(SupplyChainError,
                        match=r"worker tcp://.* runs other code .*highspy .* there, 0\.0\.0 here"
                              r".*same checkout.*\.parts folder")):  # fmt: skip
        run_chunks(_slow_square, [(0, 2)], lambda i, r: None, context=1,
                   scheduler=cluster.scheduler_address, progress=False)  # fmt: skip


def test_the_code_fingerprint_follows_the_source() -> None:
    fp = dict(executors._code_fingerprint())
    assert set(fp) == {"supplychain source", *executors._PINNED}
    assert len(fp["supplychain source"]) == 12 and fp["numpy"] != "not installed"


def _parent_and_threads(task: int, context: Any) -> tuple[int, int]:
    return os.getppid(), context


def test_local_workers_are_not_forked_from_a_process_running_threads() -> None:
    """A local pool forked the command's process, which by then runs HiGHS's and tqdm's
    threads (CPython 3.12+: "use of fork() may lead to deadlocks in the child"). Its workers
    now start from a fork server (spawned where there is none): none has this process as its
    parent, and the context still reaches every worker."""
    import threading

    stop = threading.Event()
    busy = threading.Thread(target=stop.wait, daemon=True)  # a thread of this process
    busy.start()
    try:
        assert executors.start_worker_server([__name__]) in (True, False)
        out: dict[int, tuple[int, int]] = {}
        run_chunks(_parent_and_threads, [(i, i) for i in range(4)], out.__setitem__, context=7,
                   workers=2, progress=False)  # fmt: skip
    finally:
        stop.set()
    assert sorted(out) == [0, 1, 2, 3]
    assert all(ppid != os.getpid() for ppid, _ in out.values())
    assert {ctx for _, ctx in out.values()} == {7}
