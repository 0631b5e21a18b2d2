"""`run_chunks` on a Dask cluster that fails: no worker, a lost scheduler, workers that die.

Each failure is one :class:`SupplyChainError` (the CLI prints it as one ``error:`` line),
never "unexpected FutureCancelledError ... This is a bug", and finished results are handed
over before it. The clusters are in-process ``distributed.LocalCluster``s.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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


def _warn_square(task: int, context: Any) -> int:
    """Square ``task``, logging a warning and an INFO line from the process that runs it."""
    log = logging.getLogger("supplychain.scenarios.test_worker")
    log.warning("task %s warns in process %s", task, os.getpid())
    log.info("task %s informs", task)
    return task * task


def _warn_as_another_library(task: int, context: Any) -> int:
    """``task``, after a warning and an INFO line on a logger outside the package."""
    logging.getLogger("otherlib.solver").warning("task %s: other library warns", task)
    logging.getLogger("otherlib.solver").info("task %s: other library informs", task)
    return task


def _warn_many(task: int, context: Any) -> int:
    """Log ``context`` warnings from the process that runs ``task``."""
    log = logging.getLogger("supplychain.scenarios.test_worker")
    for i in range(context):
        log.warning("task %s record %s", task, i)
    return task


def _no_such_module() -> None:
    raise ImportError("No module named 'supplychain'")


class _Unloadable:
    """Shared data that a worker cannot unpickle, as on a worker without supplychain."""

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return _no_such_module, ()


_RUNNING = {"now": 0, "most": 0}
_RUNNING_LOCK = threading.Lock()


def _counted_square(task: int, context: Any) -> int:
    """Square ``task``, counting how many run at once in this process (in :data:`_RUNNING`)."""
    with _RUNNING_LOCK:
        _RUNNING["now"] += 1
        _RUNNING["most"] = max(_RUNNING["most"], _RUNNING["now"])
    time.sleep(0.05)
    with _RUNNING_LOCK:
        _RUNNING["now"] -= 1
    return task * task


def _cluster(n_workers: int, processes: bool = False, threads: int = 1) -> Any:
    return distributed.LocalCluster(n_workers=n_workers, threads_per_worker=threads, host="127.0.0.1",
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


def test_a_worker_with_two_threads_runs_one_task_at_a_time() -> None:
    """The sweeps keep one HiGHS instance per process, which is not thread-safe: two N-1
    chunks at once on a 2-thread worker crashed it (segmentation fault, 2026-12-06)."""
    _RUNNING.update(now=0, most=0)
    got: dict[int, int] = {}
    with _cluster(1, threads=2) as cluster:  # in this process: _RUNNING is the worker's
        run_chunks(_counted_square, [(i, i) for i in range(8)], got.__setitem__, context=None,
                   scheduler=cluster.scheduler_address, progress=False)  # fmt: skip
    assert got == {i: i * i for i in range(8)}
    assert _RUNNING["most"] == 1


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


def test_data_this_process_cannot_send_is_not_blamed_on_the_workers() -> None:
    """Any error of scatter or map was "The Dask workers could not load the sweep's data ...
    start each `dask worker` in the same Python environment": also a context this process
    cannot pickle (a caller's bug, raised here before any worker sees it). Only distributed's
    bare Exception, which wraps a worker's own failure, is the workers'."""
    import threading

    with _cluster(1) as cluster, pytest.raises(TypeError, match=r"Could not serialize object of type lock"):
        run_chunks(_slow_square, [(0, 2)], lambda i, r: None, context=threading.Lock(),
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


_BLOCKER = '''
import os, time
from pathlib import Path

def record_and_wait(task, context):
    Path(task).write_text(f"{os.getpid()} {os.getppid()}")
    time.sleep(600)  # a long chunk: the pool worker is busy when the command dies
'''


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie, dead but not yet reaped, is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads process states from /proc")
def test_local_workers_exit_when_the_command_is_killed(tmp_path: Path) -> None:
    """``kill -9`` of a sweep run with --workers 2 left its pool worker (busy or idle, 100-150
    MB each on the West-African network) and the fork server running for good: a worker holds
    both ends of its task queue, so it never sees its parent go (found by hand, 2026-12-04)."""
    (tmp_path / "blocker.py").write_text(_BLOCKER)
    marks = [tmp_path / f"task{i}" for i in range(2)]
    script = ("import blocker\n"
              "from supplychain.scenarios.executors import run_chunks, start_worker_server\n"
              "start_worker_server(['blocker'])\n"
              f"run_chunks(blocker.record_and_wait, list(enumerate({[str(m) for m in marks]!r})),\n"
              "           lambda i, r: None, workers=2, progress=False)\n")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    command = subprocess.Popen([sys.executable, "-c", script], env=env)
    pids: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not all(m.exists() and m.read_text() for m in marks):
            time.sleep(0.05)
        assert all(m.exists() for m in marks), "the pool workers did not start their tasks"
        for mark in marks:
            pid, parent = map(int, mark.read_text().split())
            pids |= {pid} | ({parent} - {command.pid})  # the workers and the fork server
        command.kill()
        command.wait()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(_running(p) for p in pids):
            time.sleep(0.1)
        assert not [p for p in pids if _running(p)], "processes of the killed command still run"
    finally:
        command.kill()
        for pid in pids:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


def _mark_and_hold(task: tuple[int, str], context: Any) -> int:
    """Task 0 returns at once; the others hold their worker 1 s (a long chunk)."""
    index, folder = task
    (Path(folder) / f"started-{index}").touch()
    if index:
        time.sleep(1)
    return index


def _interrupt(index: int, result: Any) -> None:
    raise KeyboardInterrupt  # Ctrl-C while the command handles the first finished chunk


@pytest.mark.parametrize("workers", [2, 3])
def test_ctrl_c_stops_local_workers_without_running_the_other_chunks(tmp_path: Path, workers: int) -> None:
    """Ctrl-C on a sweep with --workers 2 printed "interrupted" only once the workers had run
    every chunk left, whose results were thrown away (47.5 s after the signal on a
    West-African Monte Carlo of 200 chunks, found by hand 2026-12-04): leaving the pool waited
    for all of them. Now the chunks not handed to a worker are cancelled: besides the first,
    only those running (one per worker) and queued to the workers (the pool queues one more
    than it has workers) still run."""
    tasks = [(i, (i, str(tmp_path))) for i in range(24)]
    with pytest.raises(KeyboardInterrupt):
        run_chunks(_mark_and_hold, tasks, _interrupt, workers=workers, progress=False)
    started = len(list(tmp_path.glob("started-*")))
    assert started <= 1 + workers + (workers + 1), f"{started} of {len(tasks)} chunks ran after Ctrl-C"


def _mark_and_run_long(task: tuple[int, str], context: Any) -> int:
    """Task 0 returns at once; the others run 30 s (a long warm draw), marked when finished."""
    index, folder = task
    (Path(folder) / f"started-{index}").touch()
    if index:
        for _ in range(600):
            time.sleep(0.05)
        (Path(folder) / f"finished-{index}").touch()
    return index


@pytest.mark.parametrize("workers", [2, 3])
def test_ctrl_c_stops_the_chunks_running_in_local_workers(tmp_path: Path, workers: int) -> None:
    """Ctrl-C or SIGTERM (or a failed chunk) waited for the chunks running in the workers and
    those queued to them (one more than the workers): a SIGTERM sent to the command alone, which
    the workers do not get, waited 17-35 s for two warm timeline draws on 2 workers (2026-12-07).
    The running chunks now stop and the queued ones do not start."""
    tasks = [(i, (i, str(tmp_path))) for i in range(24)]
    with pytest.raises(KeyboardInterrupt):
        run_chunks(_mark_and_run_long, tasks, _interrupt, workers=workers, progress=False)
    assert not list(tmp_path.glob("finished-*")), "a running chunk was waited for"
    started = len(list(tmp_path.glob("started-*")))
    assert started <= 1 + workers, f"{started} of {len(tasks)} chunks started: queued ones ran"


_MARK_AND_NAP = '''
import time
from pathlib import Path

def mark_and_nap(task, context):
    Path(task).touch()
    time.sleep(1.5)  # a chunk still running when Ctrl-C comes
    return task
'''


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="sends a signal to a process group")
def test_a_command_that_ignores_ctrl_c_is_not_stopped_by_its_workers(tmp_path: Path) -> None:
    """A command started with SIGINT ignored (``cmd &`` in a shell script; Python then raises
    no KeyboardInterrupt) went on through Ctrl-C at the terminal, its workers ignoring it too.
    The workers' SIGINT handler (which stops their chunk when their pool stops) made them take
    it: their chunks failed with KeyboardInterrupt and the command stopped, "interrupted"
    (review33b). The pool stopping still stops their chunks (test above)."""
    (tmp_path / "napper.py").write_text(_MARK_AND_NAP)
    marks = [tmp_path / f"task{i}" for i in range(2)]
    script = ("import napper\n"
              "from supplychain.scenarios.executors import run_chunks, start_worker_server\n"
              "start_worker_server(['napper'])\n"
              "got = {}\n"
              f"run_chunks(napper.mark_and_nap, list(enumerate({[str(m) for m in marks]!r})),\n"
              "           got.__setitem__, workers=2, progress=False)\n"
              "print(sorted(got))\n")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    command = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not all(m.exists() for m in marks):
            time.sleep(0.02)
        assert all(m.exists() for m in marks), "the pool workers did not start their tasks"
        os.killpg(command.pid, signal.SIGINT)  # Ctrl-C at the terminal: the whole group
        out, err = command.communicate(timeout=120)
    finally:
        command.kill()
    assert command.returncode == 0, err
    assert out.split() == ["[0,", "1]"]

_SLOW_TO_IMPORT = '''
import os, sys, time
from pathlib import Path

Path(os.environ["IMPORT_MARK"]).touch()
time.sleep(float(os.environ.get("IMPORT_SECONDS", "0")))  # a sweep's modules, 1-2 s to import
'''


@pytest.mark.skipif("forkserver" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="a fork server's start")  # fmt: skip
def test_ctrl_c_while_the_worker_server_imports_prints_no_traceback(tmp_path: Path) -> None:
    """Ctrl-C in a sweep's first 1-2 s (SIGINT to the whole process group) reached the fork
    server while it imported the sweep's modules: it died printing a traceback of the import
    chain under the command's "error: interrupted (Ctrl-C)" (``stress n-1 --workers 3`` on
    whole Africa, 1.6-2.0 s after the start; review33b). The server starts with SIGINT ignored,
    as with SIGHUP: the command stops its pool's workers itself."""
    (tmp_path / "slow_to_import.py").write_text(_SLOW_TO_IMPORT)
    mark = tmp_path / "importing"
    script = ("import sys, time\n"
              "from supplychain.scenarios.executors import start_worker_server\n"
              "try:\n"
              "    start_worker_server(['slow_to_import'])\n"
              "    time.sleep(60)\n"
              "except KeyboardInterrupt:\n"
              "    sys.exit(130)\n")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
           "IMPORT_MARK": str(mark), "IMPORT_SECONDS": "2"}  # fmt: skip
    command = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not mark.exists():
            time.sleep(0.02)
        assert mark.exists(), "the fork server did not import the module"
        os.killpg(command.pid, signal.SIGINT)  # Ctrl-C at the terminal: the whole group
        # Read to the end: the server holds the same stderr, so what it prints is read too.
        _, err = command.communicate(timeout=60)
    finally:
        command.kill()
    assert command.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err

@pytest.mark.skipif("forkserver" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="a fork server's start")  # fmt: skip
def test_a_ctrl_c_while_the_worker_server_starts_is_not_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGINT was ignored while the fork server and the resource tracker started (so that they
    inherit it ignored): a Ctrl-C then was lost, and the sweep ran to its end (0.5 s into
    ``stress n-1 --workers 2``, 1 Ctrl-C in 40; review34). It is blocked instead, and taken
    when the block ends."""
    from multiprocessing import forkserver

    from supplychain.scenarios import executors

    def ctrl_c_while_starting() -> None:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C at the terminal, while the processes start
        time.sleep(0.05)

    monkeypatch.setattr(forkserver, "ensure_running", ctrl_c_while_starting)
    with pytest.raises(KeyboardInterrupt):
        executors.start_worker_server(["supplychain.errors"])
        time.sleep(1)  # where an ignored one was not raised
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())  # unblocked again


#: A command whose Ctrl-C comes while its pool starts its first worker: once the fork server has
#: forked the worker, before the pool writes the worker's data to it (the network: 1-2 s of a
#: sweep's start, with the worker importing what it needs to read it).
_CTRL_C_AS_A_WORKER_STARTS = """
import os, signal, sys
from multiprocessing import forkserver
from supplychain.scenarios.executors import run_chunks

connect = forkserver.connect_to_new_process

def connect_then_ctrl_c(fds):
    forkserver.connect_to_new_process = connect  # the first worker only
    got = connect(fds)
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C: Python raises it as os.kill returns
    return got

forkserver.connect_to_new_process = connect_then_ctrl_c
try:
    run_chunks(pow, [(0, 2), (1, 3)], print, context=2, workers=2, progress=False)
except KeyboardInterrupt:
    sys.exit(130)
"""


@pytest.mark.skipif("forkserver" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="a fork server's start")  # fmt: skip
def test_a_ctrl_c_as_a_worker_starts_prints_no_traceback_and_is_not_lost() -> None:
    """A Ctrl-C in a sweep's first 1-2 s, while the pool wrote a worker's data to it, cut the
    write: the worker died printing "pickle data was truncated" (or, started but not yet
    recorded by the pool, "No such file or directory" rebuilding a semaphore the command had
    freed) under the command's "error: interrupted (Ctrl-C)" (``stress n-1 --workers 2``, 6 of
    30 Ctrl-Cs 0-0.15 s after the first worker appeared; review, 2026-12-07). The Ctrl-C is held
    until the worker is started, then raised."""
    command = subprocess.run([sys.executable, "-c", _CTRL_C_AS_A_WORKER_STARTS], capture_output=True,
                             text=True, timeout=120, start_new_session=True)  # fmt: skip
    # The worker holds the same stderr: what it printed is read too.
    assert command.returncode == 130, command.stderr  # the Ctrl-C, raised once the worker started
    assert "Traceback" not in command.stderr and "Error" not in command.stderr, command.stderr


def test_signals_held_in_a_block_reach_their_handlers_at_its_end() -> None:
    came: list[int] = []

    def terminated(signum: int, frame: Any) -> None:
        came.append(signum)

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        with pytest.raises(KeyboardInterrupt), executors._stop_signals_held():
            signal.raise_signal(signal.SIGINT)
            signal.raise_signal(signal.SIGTERM)
            came.append(0)  # still in the block: neither raised nor handled
        assert came == [0, signal.SIGTERM]  # each one held is handed on, SIGINT's raise or not
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        assert signal.getsignal(signal.SIGTERM) is terminated
        with executors._stop_signals_held():
            pass
        signal.raise_signal(signal.SIGTERM)  # after a block left without a signal: as before it
        assert came == [0, signal.SIGTERM, signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.mark.skipif(sys.platform == "win32", reason="the command line's SIGTERM handler")
def test_a_sigterm_held_after_a_ctrl_c_reaches_the_command_lines_handler() -> None:
    """A SIGTERM held behind a Ctrl-C was dropped: only the first signal held was handed on
    (review37). The command line's SIGTERM watcher, which saw the signal, then found its
    handler never ran and ended the process 5 s later, in the middle of the clean-up the Ctrl-C
    had started (a sweep waiting for its running chunks), without it. Each signal held reaches
    its handler once, as Python hands on signals that come together."""
    from supplychain.cli._signals import _Terminated, _Watch

    state = _Watch()
    previous = signal.signal(signal.SIGTERM, state.handler)
    try:
        with pytest.raises(KeyboardInterrupt) as raised, executors._stop_signals_held():
            signal.raise_signal(signal.SIGINT)
            signal.raise_signal(signal.SIGTERM)
            signal.raise_signal(signal.SIGINT)  # a second Ctrl-C: the same, handed on once
        assert state.handled.is_set()  # the watcher leaves the clean-up to end
        assert isinstance(raised.value, _Terminated) and type(raised.value.__context__) is KeyboardInterrupt
        assert raised.value.__context__.__context__ is None
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.mark.skipif(not hasattr(signal, "SIGHUP") or not hasattr(signal, "pthread_sigmask"),
                    reason="SIGHUP and a signal mask")  # fmt: skip
def test_a_ctrl_c_held_while_the_worker_server_starts_leaves_sighup_as_it_was() -> None:
    # review35: the Ctrl-C held by the block is raised as the block ends (by pthread_sigmask,
    # which runs the handlers of the signals it unblocks), before SIGHUP's handler was put
    # back: SIGHUP stayed ignored after it (the command's clean-up, or a library's caller).
    def hung_up(signum: int, frame: Any) -> None:
        pass

    previous = signal.signal(signal.SIGHUP, hung_up)
    try:
        with pytest.raises(KeyboardInterrupt), executors._terminal_signals_ignored():
            # Ctrl-C while the processes start, held for this thread (pytest's own threads
            # would take one sent to the process, raised then inside the block).
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        assert signal.getsignal(signal.SIGHUP) is hung_up
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_more_workers_than_cpus_is_said_and_no_more_than_the_tasks_start(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # `--workers 64` on 2 CPUs started 64 processes without a word (each a copy of the network).
    started: list[int] = []

    @contextmanager
    def fake_pool(workers: int, func: Any, context: Any) -> Iterator[Any]:
        started.append(workers)
        from concurrent.futures import ThreadPoolExecutor

        monkeypatch.setattr(executors, "_CONTEXT", context)
        with ThreadPoolExecutor(workers) as pool:
            yield pool

    monkeypatch.setattr(executors, "_usable_cpus", lambda: 2)
    monkeypatch.setattr(executors, "_pool", fake_pool)
    out: dict[int, int] = {}
    with caplog.at_level("WARNING", logger="supplychain.scenarios.executors"):
        run_chunks(pow, [(i, i) for i in range(5)], out.__setitem__, context=2, workers=64, progress=False)
    assert out == {i: i * i for i in range(5)} and started == [5]
    assert "64 workers asked for, more than the 2 CPUs this process may use" in caplog.text
    assert "--workers 2 or fewer" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="supplychain.scenarios.executors"):
        run_chunks(pow, [(i, i) for i in range(5)], out.__setitem__, context=2, workers=2, progress=False)
    assert started == [5, 2] and caplog.text == ""
    # 64 asked for 2 tasks: 2 processes start, one a CPU: the warning said they would share
    # the CPUs, each with its own copy of the network, "more memory, no more speed".
    with caplog.at_level("WARNING", logger="supplychain.scenarios.executors"):
        run_chunks(pow, [(i, i) for i in range(2)], out.__setitem__, context=2, workers=64, progress=False)
    assert started == [5, 2, 2] and caplog.text == ""
    # -v said "Ran 2 chunks (64 worker(s))" (review31): the processes started, and those asked.
    with caplog.at_level("INFO", logger="supplychain.scenarios.executors"):
        run_chunks(pow, [(i, i) for i in range(2)], out.__setitem__, context=2, workers=64, progress=False)
    assert "Ran 2 chunks (2 worker(s) of the 64 asked: no more than the chunks)" in caplog.text


def test_a_bar_is_redrawn_while_a_chunk_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # tqdm redraws a bar when it moves on: a 100-s chunk left the bar (and its elapsed time)
    # standing still, like a hung command.
    import io

    from tqdm import tqdm

    monkeypatch.setattr(executors, "_TICK_S", 0.01)
    out = io.StringIO()
    bar = executors._TickingBar(tqdm(total=3, desc="closure-days", file=out, leave=False))
    drawn = out.getvalue().count("closure-days")
    deadline = time.monotonic() + 30.0
    while out.getvalue().count("closure-days") <= drawn and time.monotonic() < deadline:
        time.sleep(0.01)
    assert out.getvalue().count("closure-days") > drawn  # redrawn without an update
    bar.update(1)
    bar.close()
    assert not bar._thread.is_alive()


def test_a_sweep_split_by_measure_warns_only_when_more_processes_than_cpus_start(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # --workers 4 for one chunk starts one throughput process and one served (a pool starts a
    # process for a task when none is idle): 2 on 2 CPUs, though the warning said they shared.
    from concurrent.futures import ThreadPoolExecutor

    from supplychain.scenarios import sweep_common

    @contextmanager
    def fake_pool(workers: int, func: Any, context: Any) -> Iterator[Any]:
        monkeypatch.setattr(executors, "_CONTEXT", context)
        with ThreadPoolExecutor(workers) as pool:
            yield pool

    monkeypatch.setattr(executors, "_usable_cpus", lambda: 2)
    monkeypatch.setattr(executors, "_pool", fake_pool)
    monkeypatch.setattr(sweep_common, "_evaluate_throughput", lambda task, ctx: [1.0 for _ in task])
    monkeypatch.setattr(sweep_common, "_evaluate_served_hub", lambda task, ctx: [(2.0, 3.0, None) for _ in task])
    monkeypatch.setattr(sweep_common, "_closure_frame", lambda closures, values: values)
    kept: dict[int, Any] = {}
    for chunks, warned in ((1, False), (3, True)):
        caplog.clear()
        with caplog.at_level("WARNING", logger="supplychain.scenarios.executors"):
            sweep_common._run_split_by_measure([(i, [i]) for i in range(chunks)], kept.__setitem__, None,  # type: ignore[arg-type]
                                               workers=4, progress=False, kind="n-1")  # fmt: skip
        assert ("4 workers asked for, more than the 2 CPUs" in caplog.text) is warned, chunks
    caplog.clear()
    with caplog.at_level("INFO", logger="supplychain.scenarios.sweep_common"):
        sweep_common._run_split_by_measure([(0, [0])], kept.__setitem__, None,  # type: ignore[arg-type]
                                           workers=4, progress=False, kind="n-1")  # fmt: skip
    # One per measure started; "split by measure" no longer after "no more than the chunks" (review32).
    assert "Ran 1 n-1 split by measure on 2 worker(s) of the 4 asked: no more than the chunks\n" in caplog.text
    assert kept == {i: [(1.0, 2.0, 3.0, None)] for i in range(3)}


def test_another_librarys_warning_in_a_worker_reaches_this_processs_log(caplog: pytest.LogCaptureFixture) -> None:
    # Only the package's records were relayed: another library's warning went to logging's last
    # resort in the worker, its stderr, across the progress bar's line.
    out: dict[int, int] = {}
    with caplog.at_level(logging.INFO):
        run_chunks(_warn_as_another_library, [(i, i) for i in range(3)], out.__setitem__, workers=2,
                   progress=False)  # fmt: skip
    got = sorted(r.getMessage() for r in caplog.records if r.name == "otherlib.solver")
    assert got == [f"task {i}: other library warns" for i in range(3)]  # warnings only, as the root's level


def _warn_in_each_worker(task: int, context: Any) -> int:
    """Warn (``warnings.warn``, as numpy does) after every task of the pool has started: each
    runs in a worker of its own (``context``: a barrier of as many parties as tasks)."""
    import warnings

    context.wait(timeout=60)
    warnings.warn("overflow encountered in a worker", RuntimeWarning, stacklevel=1)
    warnings.warn(f"task {task} warns its own", RuntimeWarning, stacklevel=1)
    return os.getpid()


@pytest.mark.skipif("forkserver" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="a fork server's start")  # fmt: skip
def test_a_warning_each_worker_shows_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    # review34: Python shows a warning once per place in each process; relayed, --workers 2
    # printed "WARNING py.warnings: RuntimeWarning: ..." twice where --workers 1 printed it once.
    # Warnings of another text from the same place are each shown, as Python shows them.
    import multiprocessing

    barrier = multiprocessing.get_context("forkserver").Barrier(2)
    out: dict[int, int] = {}
    with caplog.at_level(logging.WARNING):
        run_chunks(_warn_in_each_worker, [(0, 0), (1, 1)], out.__setitem__, context=barrier, workers=2,
                   progress=False)  # fmt: skip
    assert len(set(out.values())) == 2  # one task in each worker
    warned = sorted(r.getMessage().split(" (")[0] for r in caplog.records if r.name == "py.warnings")
    assert warned == ["RuntimeWarning: overflow encountered in a worker", "RuntimeWarning: task 0 warns its own",
                      "RuntimeWarning: task 1 warns its own"]  # fmt: skip


def test_a_workers_warning_reaches_this_processs_log(caplog: pytest.LogCaptureFixture) -> None:
    # A worker process has no handler: its warnings were dropped with --workers 2 and printed
    # with 1 (review31).
    out: dict[int, int] = {}
    with caplog.at_level(logging.WARNING, logger="supplychain"):
        run_chunks(_warn_square, [(i, i) for i in range(3)], out.__setitem__, workers=2, progress=False)
    assert out == {0: 0, 1: 1, 2: 4}
    warned = [r for r in caplog.records if r.name == "supplychain.scenarios.test_worker"]
    assert sorted(r.getMessage().split(" in process ")[0] for r in warned) == [f"task {i} warns" for i in range(3)]
    assert all(int(r.getMessage().rsplit(" ", 1)[1]) != os.getpid() for r in warned)  # from the workers
    assert not any("informs" in r.getMessage() for r in caplog.records)  # below the level here


def test_a_workers_records_are_all_handed_on_to_a_slow_handler() -> None:
    # The thread handing on the workers' records was given 1 s after the pool's end, then the
    # queue was closed under it: the records still in the pipe were lost and the thread died
    # with a traceback (40 of 800 at 10 ms a record; review31b).
    got: list[str] = []

    class Slow(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            time.sleep(0.04)
            got.append(record.getMessage())

    handler, package = Slow(), logging.getLogger("supplychain")
    package.addHandler(handler)
    errors: list[Any] = []
    saved_hook, threading.excepthook = threading.excepthook, errors.append
    try:
        run_chunks(_warn_many, [(i, i) for i in range(2)], lambda i, r: None, context=20, workers=2,
                   progress=False)  # fmt: skip
    finally:
        package.removeHandler(handler)
        threading.excepthook = saved_hook
    assert len(got) == 40 and not errors


_LOCK_HOLDER = """
import logging, logging.handlers, os, time

def die_sending_a_record(task, context):
    # As a worker killed while its queue's thread sends a log record: the queue's lock held.
    if task == 0:
        handlers = logging.getLogger("supplychain").handlers
        next(h for h in handlers if isinstance(h, logging.handlers.QueueHandler)).queue._wlock.acquire()
        os._exit(1)
    time.sleep(0.5)
    return task
"""


def test_a_command_whose_worker_died_sending_a_log_record_exits(tmp_path: Path) -> None:
    # The end-of-logs mark put on the queue here waited for ever for the lock the dead worker
    # held, and the interpreter waited for it at exit: the command hung once it had said the
    # pool was broken (review31b).
    (tmp_path / "lock_holder.py").write_text(_LOCK_HOLDER)
    script = ("import lock_holder\n"
              "from concurrent.futures.process import BrokenProcessPool\n"
              "from supplychain.scenarios.executors import run_chunks\n"
              "try:\n"
              "    run_chunks(lock_holder.die_sending_a_record, [(0, 0), (1, 1)], lambda i, r: None,\n"
              "               workers=2, progress=False)\n"
              "except BrokenProcessPool:\n"
              "    print('broken')\n")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=30)
    assert done.stdout == "broken\n" and done.returncode == 0, done.stderr


def _joined_by_main_thread() -> bool:
    """Whether the main thread is waiting in ``Thread.join`` for the thread calling this."""
    frame = sys._current_frames().get(threading.main_thread().ident or 0)
    while frame is not None:
        if frame.f_code.co_name == "join" and frame.f_locals.get("self") is threading.current_thread():
            return True
        frame = frame.f_back
    return False


def test_the_worker_logs_queue_is_released_by_the_thread_leaving_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # The queue's own (daemon) thread, which sends the end mark, was left to end on its own
    # after the queue's close: when it ended after the queue was dropped, it held the queue's
    # last semaphores and released them itself, as the interpreter exited after a SIGTERM,
    # which stops a daemon thread where it is. Stopped between removing a semaphore and telling
    # the resource tracker, it left the tracker's "leaked semaphore objects" and "No such file or
    # directory" warnings on the sweep's stderr (CI, 2026-12-07). The thread is held here at its
    # end until the queue has been dropped (or until the main thread waits for it).
    import multiprocessing
    import weakref
    from multiprocessing import queues

    feed = queues.Queue._feed
    dropped = threading.Event()

    def held_feed(*args: Any) -> None:
        try:
            feed(*args)
        finally:
            while not dropped.wait(0.01) and not _joined_by_main_thread():
                pass

    monkeypatch.setattr(queues.Queue, "_feed", staticmethod(held_feed))
    # The end mark read whatever the machine's load (the wait gives up after this without a record).
    monkeypatch.setattr(executors, "_RELAY_WAIT_S", 60.0)
    with executors._worker_logs(multiprocessing.get_context("spawn")) as (queue, _):
        semaphores = [weakref.ref(queue._rlock), weakref.ref(queue._wlock), weakref.ref(queue._sem)]
    feeder = queue._thread  # started by the end mark
    del queue
    try:
        assert [ref() for ref in semaphores] == [None, None, None], "held by the queue's thread"
    finally:
        dropped.set()
        feeder.join()


def test_a_pool_stop_landing_as_a_chunk_starts_stops_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool's stop (its SIGINT handler sets ``_STOPPING``, raising only inside a chunk) that
    landed after ``_call_with_context`` looked at ``_STOPPING`` and before it marked the chunk
    running let the chunk run to its end. The stop is set here at that moment: just before
    the line marking the chunk running runs."""
    import inspect

    source, first = inspect.getsourcelines(executors._call_with_context)
    mark = first + next(i for i, line in enumerate(source) if line.strip() == "_IN_CHUNK = True")
    code = executors._call_with_context.__code__

    def trace(frame: Any, event: str, arg: Any) -> Any:
        if frame.f_code is not code:
            return None
        if event == "line" and frame.f_lineno == mark:
            executors._STOPPING = True  # what the handler does between chunks
        return trace

    monkeypatch.setattr(executors, "_STOPPING", False)
    ran: list[int] = []
    previous = sys.gettrace()  # a coverage run's tracer, put back after
    sys.settrace(trace)
    try:
        with pytest.raises(KeyboardInterrupt):
            executors._call_with_context(lambda task, context: ran.append(task), 7)
    finally:
        sys.settrace(previous)
    assert ran == []
    assert executors._IN_CHUNK is False
