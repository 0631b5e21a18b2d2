"""Run sweep chunks in this process, a local process pool, or a Dask distributed cluster.

Every executor runs the same top-level function on the same chunks and hands each result to
the caller as it arrives (so finished chunks can be written at once); results are therefore
identical whatever the executor. Progress shows as a tqdm bar with an ETA.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager, nullcontext, suppress
from importlib import metadata
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from supplychain._logs import show_warning_as_log
from supplychain.errors import SupplyChainError

__all__ = ["run_chunks", "start_worker_server"]

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")


class _NoBar:
    """What a disabled progress bar does (nothing), without importing tqdm."""

    def update(self, n: int = 1) -> None:
        """Nothing to show."""

    def close(self) -> None:
        """Nothing to close."""


#: Seconds between the redraws of a sweep's progress bar (:class:`_TickingBar`).
_TICK_S = 1.0


class _TickingBar:
    """A tqdm bar redrawn every second by a thread, so that its elapsed time moves while a
    chunk runs.

    tqdm redraws a bar when it is moved on: a closure-days corridor of whole Africa (about
    100 s) or a timeline-mc draw far from its base (minutes) left it standing still, the
    same as a hung command (fuzz30's list). HiGHS releases the GIL while it solves, so the
    thread runs (:class:`supplychain._status.Ticker`, as the status line's).
    """

    def __init__(self, bar: Any) -> None:
        from supplychain._status import Ticker

        self._bar = bar
        self._ticker = Ticker(bar.refresh, _TICK_S, name="supplychain-bar")
        self._thread = self._ticker.thread

    def update(self, n: int = 1) -> None:
        """Move the bar on by ``n``."""
        self._bar.update(n)

    def close(self) -> None:
        """Stop the thread and clear the bar."""
        self._ticker.stop()
        self._bar.close()


def _auto_progress() -> bool:
    """Whether a sweep shows the bar its caller did not ask for or against (``progress=None``):
    when standard error is a terminal, as the commands' bars do, or in a Jupyter kernel, where
    tqdm.auto draws a widget. A script with its standard error in a file or a pipe
    (``python job.py 2> job.log``) got every redraw of the bar written there (api37).

    A kernel is told as tqdm.auto tells it (IPython's shell configured by ``IPKernelApp``):
    ``"ipykernel" in sys.modules``, read before, held in any process that imported it, where
    tqdm.auto writes its terminal bar, into the log file (review37b)."""
    isatty = getattr(sys.stderr, "isatty", None)
    try:
        if isatty is not None and isatty():
            return True
    except ValueError:  # a closed stream
        return False
    get_ipython = getattr(sys.modules.get("IPython"), "get_ipython", None)
    shell = get_ipython() if callable(get_ipython) else None
    return "IPKernelApp" in getattr(shell, "config", {})


def _bar(total: int, description: str, progress: bool | None, *, unit: str = "chunk") -> Any:
    """A tqdm bar with an ETA, its time moving while a chunk runs (:class:`_TickingBar`), or
    with ``progress`` off (-q) a :class:`_NoBar`: a quiet run does not import tqdm.auto (it
    pulls in asyncio: about 0.1 s of start-up). None: :func:`_auto_progress` decides."""
    if progress is None:
        progress = _auto_progress()
    if not progress:
        return _NoBar()
    from tqdm.auto import tqdm

    return _TickingBar(tqdm(total=total, desc=description, unit=unit, leave=False))


_CONTEXT: Any = None

#: The logger ``warnings.warn`` is logged on (:func:`supplychain._logs.show_warning_as_log`).
_WARNINGS_LOGGER = "py.warnings"

#: Seconds :func:`_worker_logs` waits, at the end of a pool, for its thread to hand on one more
#: record before giving it up.
_RELAY_WAIT_S = 1.0


def _set_context(context: Any, logs: Any = None, level: int = logging.WARNING, stop: Any = None) -> None:
    """A pool worker's initializer: keep the sweep's shared data, send its log records of
    ``level`` and above to ``logs`` (see :func:`_worker_logs`), stop its chunk when ``stop``
    is closed (see :func:`_stop_on`), and exit with the command."""
    global _CONTEXT
    _CONTEXT = context
    if stop is not None:
        _stop_on(stop)
    if logs is not None:
        import logging.handlers

        package = logging.getLogger("supplychain")
        package.setLevel(level)
        package.addHandler(logging.handlers.QueueHandler(logs))
        package.propagate = False  # not sent twice, through the root's handler below
        # Other libraries' records logged through `logging`: with no handler in the worker they
        # went to logging's last resort, the worker's stderr, across a progress bar's line;
        # relayed, the command's root handler writes them as it does its own process's. None of
        # the sweeps' libraries logs a warning so today (HiGHS, PuLP, pyarrow, numpy, pandas,
        # scipy, networkx, shapely: checked 2026-12-07): theirs are `warnings.warn`, which
        # are logged as one line on "py.warnings", relayed so, as in the command's process
        # (they went to the worker's stderr as two raw lines, across a progress bar).
        root = logging.getLogger()
        root.setLevel(logging.WARNING)
        root.addHandler(logging.handlers.QueueHandler(logs))
        warnings.showwarning = show_warning_as_log
    _exit_with_parent()


@contextmanager
def _worker_logs(mp_context: Any) -> Iterator[tuple[Any, int]]:
    """A queue a pool's workers log into, and a thread that hands their records to this
    process's loggers, where the command's handler writes them (above a progress bar).

    A worker process has no handler (the package's is a ``NullHandler``): a warning logged in
    a worker (closure-days ``--warm``'s "the unclosed timeline ended ...", a solver's) was
    dropped without a word with ``--workers 2`` and printed with 1 (review31). The logging
    cookbook's way (a ``QueueHandler`` in each worker); the records go to the logger of their
    name here rather than to a ``QueueListener``'s fixed handlers, so the filters and
    handlers in force here (``-q``, ``-v``, a sweep's per-item lines) decide, as for a
    record logged here.

    Yields
    ------
    (queue, int)
        The queue, and the level of the ``supplychain`` logger here (the workers log at it).
    """
    queue = mp_context.Queue()
    handled = [0]
    shown: set[str] = set()

    ended = threading.Event()  # the relay read the end mark

    def relay() -> None:
        while (record := queue.get()) is not None:
            # Python shows a `warnings.warn` once per place and text in each process: every
            # worker sent it, and --workers 2 printed it twice where --workers 1 printed it once
            # (review34). Once per pool here.
            if record.name != _WARNINGS_LOGGER or (text := record.getMessage()) not in shown:
                if record.name == _WARNINGS_LOGGER:
                    shown.add(text)
                logging.getLogger(record.name).handle(record)
            handled[0] += 1
        ended.set()

    thread = threading.Thread(target=relay, name="supplychain-worker-logs", daemon=True)
    thread.start()
    try:
        yield queue, logging.getLogger("supplychain").getEffectiveLevel()
    finally:
        try:
            queue.put(None)  # after the pool's shutdown: every worker has sent its records
            # Wait while the thread hands records on (a slow handler: the records in the pipe
            # when the pool shut down took more than a second), not for a thread stuck on the
            # partial record of a worker killed while sending it.
            seen = -1
            while thread.is_alive() and handled[0] != seen:
                seen = handled[0]
                thread.join(timeout=_RELAY_WAIT_S)
        finally:
            if ended.is_set() or not thread.is_alive():
                # Closing the queue closes its pipe: under a thread still reading it, records
                # were lost and the thread died with a traceback (or read another file given
                # its number).
                queue.close()
            if ended.is_set():
                # The end mark read, the queue's own (daemon) thread has sent it, let go of the
                # queue's lock, and ends at the close: waited for, not left to end on its own
                # after the queue is dropped, holding the queue's last semaphores. It then
                # released them itself, racing the interpreter's exit, which stops a daemon
                # thread where it is: once between removing a semaphore and telling Python's
                # resource tracker, which then warned of "leaked semaphore objects" and
                # "No such file or directory" on a sweep's stderr (a SIGTERM in CI, 2026-12-07;
                # beside two CPU-burning processes, load 9-12, the thread freed them in 2 of 16
                # SIGTERM'd sweeps, one stopped so; after the change in none of 14).
                queue.join_thread()
            else:
                # Not waited for at exit, the thread sending the end mark: it waits for ever for
                # the queue's lock when a worker was killed while sending a record (kill -9,
                # os._exit, the OOM killer), and the command hung at exit once it had said so.
                queue.cancel_join_thread()


def _exit_with_parent() -> None:
    """End this pool worker as soon as the process that started it is gone.

    A pool worker holds both ends of its task and result queues, so it never sees the
    command die: after ``kill -9`` of a sweep run with ``--workers 2`` its worker (busy with
    a chunk or idle, 100-150 MB on the West-African network) and the fork server, which lives
    while a worker does, ran on for good (found by hand, 2026-12-04). A daemon thread waits
    on the parent's sentinel (it becomes ready when the parent exits, however) and ends the
    process; on a normal shutdown the pool has stopped its workers before that.
    """
    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover - the initializer runs in a pool process
        return
    sentinel = parent.sentinel

    def watch() -> None:
        from multiprocessing.connection import wait

        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _call_with_context(func: Callable[[T, Any], R], task: T) -> R:
    global _IN_CHUNK
    try:
        # Mark the chunk running, then look at the stop: a stop before the mark is seen here
        # (a chunk queued to this worker before its pool stopped: not started), one after it
        # raises in the chunk. Checked before the mark, a stop landing between the two let the
        # chunk run to its end (review, 2026-12-07).
        _IN_CHUNK = True
        if _STOPPING:
            raise KeyboardInterrupt
        return func(task, _CONTEXT)
    finally:
        _IN_CHUNK = False


#: In a pool worker: whether its pool is stopping (the pool's end of the ``stop`` pipe closed,
#: or a SIGINT came), and whether a chunk is running (see :func:`_stop_on`).
_STOPPING = False
_IN_CHUNK = False


def _stop_on(stop: Any) -> None:
    """In a pool worker: when ``stop`` (the reading end of a pipe the pool holds the other end
    of) ends, or a SIGINT comes, stop the chunk running (``KeyboardInterrupt`` in it, at which
    HiGHS's solves stop, see :func:`supplychain._highs.run_interruptible`) and start no other.

    On Ctrl-C, SIGTERM or a failed chunk the pool cancelled the chunks not handed to a worker
    and waited for those running or queued: a SIGTERM sent to the command alone (``kill``,
    ``timeout``, ``docker stop``) waited 17-35 s for two warm timeline draws of seconds each
    on 2 workers (``stress timeline-mc --warm`` at the observed attack rate, 2026-12-07). The
    pool now closes its end of ``stop``; a thread here sends this process a SIGINT, whose
    handler raises ``KeyboardInterrupt`` only inside a chunk: between chunks (a worker waiting for its next
    one) it raised there, outside the pool's ``try``, and the worker died printing a traceback
    (Ctrl-C at a terminal reached the workers too; workers from the fork server start with
    SIGINT blocked, see :func:`_terminal_signals_ignored`, and take only their pool's). The
    chunk's result is then that exception,
    which the stopping pool drops. The worker is not killed: one killed while sending its
    result would leave the pool waiting for ever on a partial message (see :func:`_pool`).
    A pipe rather than a ``multiprocessing.Event``: setting an Event waits for every process
    waiting on it to wake, for ever when one of them has died (a worker killed: the command
    hung, tests/test_executors.py).
    """

    # Only the pool's stop, never a Ctrl-C at the terminal: the command takes that one and stops
    # its pool, and a command started with SIGINT ignored (`cmd &` in a shell script) goes on
    # through it, as its workers must (review33b: the handler made them take it, and the command
    # stopped "interrupted").
    pool_stopped = threading.Event()

    def on_sigint(signum: int, frame: Any) -> None:
        global _STOPPING
        if not pool_stopped.is_set():
            return
        _STOPPING = True
        if _IN_CHUNK:
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_sigint)
    if hasattr(signal, "pthread_sigmask"):  # blocked in the fork server (_terminal_signals_ignored)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    def watch() -> None:
        with suppress(EOFError, OSError):
            stop.recv_bytes()  # nothing is sent: raises when the pool's end closes
        pool_stopped.set()
        os.kill(os.getpid(), signal.SIGINT)  # a signal, not interrupt_main: it ends a sleep too

    threading.Thread(target=watch, name="stop-with-pool", daemon=True).start()


def _pool_context(func: Callable[..., Any]) -> Any:
    """How a local pool starts its workers: from a fork server (Python 3.14's default on
    Linux), else by spawning them; never by forking this process.

    By the time a sweep starts this process runs other threads (HiGHS's task pool after the
    base solve, tqdm's monitor): ``fork()`` copies the locks they hold into a child where no
    thread will ever release them (CPython 3.12+ warns "use of fork() may lead to deadlocks in
    the child"). The fork server is a clean process; it imports the module of ``func`` once
    (``set_forkserver_preload``), so each worker starts from it without importing again
    (measured 2026-12-03 on the embedded network, ``stress n-1 --workers 2``: 2.2 s by fork,
    3.3 s from a fork server, 4.2 s spawned; the same table each way).
    """
    if start_worker_server([func.__module__]):  # a no-op when the command started it first
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


@contextmanager
def _pool(workers: int, func: Callable[..., Any], context: Any) -> Iterator[ProcessPoolExecutor]:
    """A local pool of ``workers`` processes holding ``context``; on an error, the chunks it
    has not handed to a worker are cancelled.

    Leaving a ``ProcessPoolExecutor`` block waits for every chunk submitted: on Ctrl-C (or a
    chunk that failed, or one that could not be written) the command ran all the chunks left
    before it stopped, and threw their results away (47.5 s after Ctrl-C on a West-African
    Monte Carlo of 200 chunks on 2 workers, 2026-12-04). Now the chunks not handed to a worker
    are cancelled, those running are stopped and those queued to a worker (at most one more
    per worker) not started (:func:`_stop_on`). The workers are not killed: one killed while
    sending its result leaves a partial message that the pool's own thread then waits on for
    ever (seen in the same test).
    """
    mp_context = _pool_context(func)
    stop, stopping = mp_context.Pipe(duplex=False)  # the workers read `stop`, this end is `stopping`
    with _worker_logs(mp_context) as (logs, level):
        pool = _Pool(max_workers=workers, mp_context=mp_context,
                     initializer=_set_context, initargs=(context, logs, level, stop))  # fmt: skip
        try:
            try:
                yield pool
            except BaseException:
                stopping.close()  # the chunks running stop, those queued to a worker do not start (_stop_on)
                pool.shutdown(wait=True, cancel_futures=True)
                raise
            pool.shutdown(wait=True)
        finally:
            stopping.close()
            stop.close()


class _Pool(ProcessPoolExecutor):
    """A ``ProcessPoolExecutor`` whose :meth:`submit` a Ctrl-C (or SIGTERM, SIGHUP) does not cut
    in two.

    ``submit`` starts a worker when the pool has fewer than asked: it writes the worker's
    initial data (the sweep's network and parameters) into a pipe the worker reads it from, then
    records the worker in the pool. A Ctrl-C raised in the middle (a sweep's first 1-2 s) left
    the worker with part of its data, or one the pool did not know of and so did not wait for:
    the command closed the pipe and freed the queues' semaphores, and the worker died printing a
    traceback under the command's "error: interrupted (Ctrl-C)" ("pickle data was truncated",
    or "No such file or directory" rebuilding a semaphore; 6 of 30 Ctrl-Cs sent to the process
    group 0-0.15 s after the first worker appeared, ``stress n-1 --workers 2``). The signal is
    now held until ``submit`` returns (:func:`_stop_signals_held`): the worker has all its data
    and the pool waits for it as it stops.
    """

    def submit(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        """Submit ``fn(*args, **kwargs)``, a Ctrl-C meanwhile raised only once it is submitted.

        A worker that ended before it read its initial data is a :class:`SupplyChainError`
        naming the two causes seen: a script that runs the sweep at import time (no ``if
        __name__ == "__main__":``), which each worker, importing the script again, ran too and
        ended on Python's "An attempt has been made to start a new process before ..."; the
        caller got a bare ``BrokenPipeError`` (api37). Or a worker killed as it started (the
        out-of-memory killer), which prints nothing: the message said "its error is above" and
        told a script that had the guard, or a command, to add it (review37b).
        """
        with _stop_signals_held():
            try:
                return super().submit(fn, *args, **kwargs)
            except BrokenPipeError as exc:
                raise SupplyChainError(
                    "A worker process ended as it started: if it printed Python's 'An attempt "
                    "has been made to start a new process before the current process has "
                    "finished its bootstrapping phase' above, the script runs the sweep at "
                    "import time and must call it under 'if __name__ == \"__main__\":'; if it "
                    "printed nothing it was killed (out of memory?); workers=1 (--workers 1 on "
                    "the command line) runs the sweep in this process"
                ) from exc


@contextmanager
def _stop_signals_held() -> Iterator[None]:
    """In the block (in the main thread), a Ctrl-C, SIGTERM or SIGHUP whose handler is Python's
    is held, and handed to that handler at the block's end (each signal once, in the order they
    came, as Python hands on signals that come together: :func:`_hand_on`).

    Those ignored or at their default action are left alone. The command's SIGTERM watcher
    (:mod:`supplychain.cli._signals`) still ends the process after its grace period, or at a
    second SIGTERM, when the block lasts that long.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[tuple[int, Any]] = []
    left: list[bool] = []  # the block has been left: a signal goes straight to its handler

    def hold(signum: int, frame: Any) -> None:
        if left:  # between the block's end and its handler put back (a raise there skips the rest)
            previous[signum](signum, frame)
        else:
            came.append((signum, frame))

    names = (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None))
    previous: dict[int, Callable[[int, Any], Any]] = {}
    try:  # set inside: a SIGTERM raised while the next is set leaves none held for good
        for signum in names:
            handler = None if signum is None else signal.getsignal(signum)
            if signum is not None and callable(handler):
                previous[signum] = handler
                signal.signal(signum, hold)
        yield
    finally:
        left.append(True)
        try:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        finally:
            _hand_on(came, previous)


def _hand_on(came: Sequence[tuple[int, Any]], handlers: dict[int, Callable[[int, Any], Any]]) -> None:
    """Call the handler of each signal in ``came`` (signal number, frame), each signal once, in
    order; those after one that raises are called too (its exception the context of theirs).

    Only the first was handed on (review37): a SIGTERM held behind a Ctrl-C never reached the
    command line's handler, whose watcher (:mod:`supplychain.cli._signals`), having seen the
    signal, ended the process 5 s later in the middle of the Ctrl-C's clean-up.
    """
    if came:
        signum, frame = came[0]
        try:
            handlers[signum](signum, frame)
        finally:
            _hand_on([(s, f) for s, f in came[1:] if s != signum], handlers)


def start_worker_server(modules: Sequence[str]) -> bool:
    """Start the fork server local pools start their workers from, importing ``modules`` in
    it, now rather than when the first pool opens.

    A command that will open a pool calls this before its own imports and reading: the server
    imports the sweep's modules on the other core meanwhile, so the pool's workers start at
    once (measured 2026-12-03, whole-Africa ``stress n-1 --workers 2``, quiet 2-core machine:
    1.95-2.02 s with the server started by the pool, against 1.36-1.40 s forking the command's
    process). A no-op where there is no fork server (workers are then spawned). Where the
    server could not be given this process's ``sys.path`` (:func:`_server_path_unset`), it
    imports none of ``modules``: each worker imports them, from that path.

    Parameters
    ----------
    modules : sequence of str
        Modules the workers need (imported once, in the server).

    Returns
    -------
    bool
        Whether a fork server is running.

    Examples
    --------
    >>> start_worker_server(["supplychain.errors"]) in (True, False)
    True
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    from multiprocessing import forkserver, resource_tracker

    unset = _server_path_unset()
    if unset is not None:  # its workers import the modules themselves, from this sys.path
        logger.debug("the workers' fork server imports nothing: %s", unset)
    multiprocessing.get_context("forkserver").set_forkserver_preload([] if unset else list(modules))
    # The resource tracker first, in a block of its own: starting it, Python blocks SIGINT for
    # its process's start and then unblocks it, and the fork server started after it in the
    # same block took Ctrl-C again. The fork server's start finds it running.
    with _terminal_signals_ignored():
        resource_tracker.ensure_running()
    # The environment set only for a start: by a pool's open this process runs HiGHS's threads,
    # and a variable set beside their C code's reading of the environment is not safe.
    starting = unset is None and not _server_running(getattr(forkserver, "_forkserver", None))
    with _terminal_signals_ignored(), _command_import_path() if starting else nullcontext():
        forkserver.ensure_running()
    return True


def _server_path_unset() -> str | None:
    """Why a fork server started now would not import from this process's ``sys.path``
    (:func:`_command_import_path`), or None.

    An interpreter run with ``-E`` or ``-I`` passes the flag to the server, which then reads
    neither ``PYTHONPATH`` nor ``PYTHONSAFEPATH``: under ``-E`` its current directory came first
    again, and ``python -E .venv/bin/supplychain stress n-1 --workers 2`` run from a folder
    holding another ``supplychain/`` had the workers run that folder's code (halved throughputs,
    exit 0; review36); under ``-I`` it lacks the entries a caller put on ``sys.path``. The
    server then imports nothing (:func:`start_worker_server`), rather than the workers being
    spawned: those start with SIGINT unblocked, and a Ctrl-C while they imported printed the
    traceback of each one's imports (30-45 lines, review36). An entry holding ``os.pathsep``
    is cut in two in ``PYTHONPATH``: a checkout in a folder ``a:b`` run as ``python -m
    supplychain`` had its workers run the installed package's code, and an entry ``/x:y`` had
    them import from ``/x`` (review36).
    """
    if sys.flags.ignore_environment:
        return "the interpreter ignores the environment (-E or -I), where the server's path is set"
    for entry in sys.path:
        text = os.fspath(entry) if isinstance(entry, (str, os.PathLike)) else None
        if isinstance(text, str) and os.pathsep in text:
            return f"the entry {text!r} of sys.path holds {os.pathsep!r}, which cuts it in two in PYTHONPATH"
    return None


def _server_running(server: Any) -> bool:
    """Whether the fork server ``server`` (``multiprocessing.forkserver._forkserver``) started
    is still running; one that has died is started again by the next ``ensure_running``.

    Only ``_forkserver_pid`` was looked at: a server that had died (killed) still had one, and
    Python started it again without :func:`_command_import_path`, with the current directory
    first on its path (review36). A dead server not yet reaped is seen by ``waitid`` with
    ``WNOWAIT``, which leaves it to ``ensure_running`` to reap; without ``os.waitid`` a
    server once started is taken as running.
    """
    pid = getattr(server, "_forkserver_pid", None)
    if pid is None:
        return False
    if not hasattr(os, "waitid"):
        return True
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
    except ChildProcessError:  # not this process's child (a copy of the parent's state)
        return False


@contextmanager
def _command_import_path() -> Iterator[None]:
    """In the block, the environment makes a Python process started in it (the fork server)
    import from this process's ``sys.path``, and never from its own current directory first.

    Python 3.11 starts the fork server as ``python -c ...``, so the current directory is first
    on its ``sys.path``, and ``forkserver.main`` drops the ``sys_path`` it is handed (later
    Pythons use it): ``stress n-1 --workers 2`` run from a folder holding a ``supplychain/``
    folder (another checkout, an older copy) had the server import that folder's package for
    its preloaded modules, and the workers forked from it ran that code, with its figures
    (half the throughput losses with an older copy's ``_evaluate_throughput``, and a single
    point of failure the command's own code finds none of; fork35). ``PYTHONPATH`` set to this
    process's ``sys.path`` (a ``''`` in it, from ``python -c``, is read as this directory there
    too) and ``PYTHONSAFEPATH=1`` give the server the command's path, a source tree run as
    ``python -m supplychain`` and an editable install included. Both are restored at the end;
    the workers forked from the server keep them (they start no Python process). Spawned
    workers need none of this: they take the command's ``sys.path`` before importing anything
    of supplychain, as the workers forked from the server do (Python's ``spawn.prepare``): only
    what the server imported itself came from its own path. An interpreter run with ``-E`` or
    ``-I`` passes the flag on, and the server would read neither variable: it then imports
    nothing (:func:`_server_path_unset`).
    """
    names = ("PYTHONPATH", "PYTHONSAFEPATH")
    saved = {name: os.environ.get(name) for name in names}
    path = list(sys.path)
    try:  # set inside: a Ctrl-C between the two (taken by another thread) left them set (review35b)
        # Strings only while the server starts: a pathlib.Path a caller put on sys.path stopped
        # the join below ("unexpected TypeError: sequence item 6: expected str instance,
        # PosixPath found"), and Python 3.11 writes sys.path into the server's command line by
        # repr, where "PosixPath('...')" is a NameError that ends the server (review35b).
        strings = (os.fspath(entry) for entry in path if isinstance(entry, (str, os.PathLike)))
        sys.path[:] = [entry for entry in strings if isinstance(entry, str)]
        os.environ["PYTHONPATH"] = os.pathsep.join(sys.path)  # made absolute by the interpreter
        os.environ["PYTHONSAFEPATH"] = "1"
        yield
    finally:
        sys.path[:] = path
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _terminal_signals_ignored() -> Iterator[None]:
    """SIGHUP ignored and SIGINT blocked in the block (in the main thread), so that the processes
    started in it (the fork server, Python's resource tracker and the workers forked from the
    server) inherit them so.

    The resource tracker ignores SIGINT and SIGTERM but not SIGHUP: when the terminal closed
    (SIGHUP to the whole process group) it died and was relaunched, with "process died
    unexpectedly" and a traceback per semaphore (fuzz32). The fork server ignores SIGINT only
    once it has imported the sweep's modules: a Ctrl-C in a sweep's first 1-2 s ended it with a
    traceback of the import chain under the command's "error: interrupted" (review33b); it
    starts with SIGINT blocked (for good: it never takes one), and its workers unblock it for
    their pool's stop (:func:`_stop_on`). The command takes both as it takes SIGTERM
    (:mod:`supplychain.cli._signals`): it stops the pool and its workers itself.

    Blocked, not ignored, here: a SIGINT ignored in the block was lost (20-30 ms of two process
    starts, 0.5 s into ``stress n-1 --workers 2``: 1 Ctrl-C in 40 sent then, and the sweep ran to
    its end; review34); blocked, it waits for the block's end, or another thread takes it for
    Python's handler. A SIGHUP in the block is still lost.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    hangup = getattr(signal, "SIGHUP", None)
    previous = {} if hangup is None else {hangup: signal.signal(hangup, signal.SIG_IGN)}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if hasattr(signal, "pthread_sigmask") else None
    try:
        yield
    finally:
        for s, handler in previous.items():
            if handler is not None:  # None: set outside Python, not restorable from here
                signal.signal(s, handler)
        # Last: a Ctrl-C held by the block raises here (pthread_sigmask runs the handlers of the
        # signals it unblocks), and the SIGHUP handler restored after it was left ignored.
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def run_chunks(
    func: Callable[[T, Any], R],
    tasks: Sequence[tuple[int, T]],
    on_result: Callable[[int, R], None],
    *,
    context: Any = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
    description: str = "chunks",
) -> None:
    """Apply ``func(task, context)`` to every task; pass each result to ``on_result`` on arrival.

    Parameters
    ----------
    func : callable
        A picklable top-level function ``(task, context) -> result``.
    tasks : sequence of (int, task)
        Chunk index and payload.
    on_result : callable
        Called in this process with ``(index, result)``.
    context : object, optional
        Shared read-only data (network, parameters, ...), sent once to each worker: to each
        pool process through its initializer, to Dask workers by ``scatter(broadcast=True)``.
    workers : int, default 1
        Local processes (1: run in this process).
    scheduler : str, optional
        Address of a Dask scheduler (``tcp://HOST:PORT``); overrides ``workers``.
    progress : bool, optional
        Show a progress bar with ETA. Default: when standard error is a terminal or in a
        Jupyter notebook (not into a file or a pipe).
    description : str
        Label of the progress bar.

    Raises
    ------
    SupplyChainError
        If the Dask scheduler cannot be reached, has no worker, or the cluster loses a task
        (the scheduler stops, every worker holding the shared data dies, or workers die
        running a task ``distributed.scheduler.allowed-failures`` times).

    Examples
    --------
    >>> out = {}
    >>> run_chunks(pow, [(0, 2), (1, 3)], out.__setitem__, context=2, progress=False)
    >>> out
    {0: 4, 1: 9}
    """
    if not tasks:
        return
    started = min(workers, len(tasks))  # a pool starts no idle process
    if not scheduler and workers > 1:
        _say_if_over_cpus(workers, started=started)
    bar = _bar(len(tasks), description, progress)
    try:
        if scheduler:
            _run_dask(func, tasks, on_result, scheduler, bar, context)
        elif workers <= 1:
            for index, task in tasks:
                on_result(index, func(task, context))
                bar.update(1)
        else:
            with _pool(started, func, context) as pool:
                futures = {pool.submit(_call_with_context, func, task): index for index, task in tasks}
                for fut in as_completed(futures):
                    on_result(futures[fut], fut.result())
                    bar.update(1)
    finally:
        bar.close()
    # The processes started, not the number asked: "2 chunks (8 worker(s))" had started 2 (review31).
    logger.info("Ran %d %s (%s)", len(tasks), description,
                f"dask {scheduler}" if scheduler else _workers_text(started, workers))  # fmt: skip


def _workers_text(started: int, asked: int) -> str:
    """How many worker processes ran, and how many were asked when more.

    Examples
    --------
    >>> _workers_text(2, 2), _workers_text(2, 8), _workers_text(1, 1)
    ('2 worker(s)', '2 worker(s) of the 8 asked: no more than the chunks', '1 worker(s)')
    """
    return f"{started} worker(s)" + (f" of the {asked} asked: no more than the chunks" if asked > started else "")


def _usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _say_if_over_cpus(workers: int, *, started: int) -> None:
    """Warn when the local processes ``started`` for ``workers`` asked for are more than the
    CPUs this process may use: a pool starts no more than its tasks (``--workers 8`` for 2 tasks on 2 CPUs starts 2, one a CPU: nothing to say).

    ``--workers 64`` on 2 CPUs started 64 processes without a word, each with its own copy of
    the network and the model (whole Africa: about 0.4 GB each), for no more speed. They are
    still started, as asked (as joblib, Dask and pytest-xdist do): a container's CPU quota can
    be more than its affinity mask says, and the figures do not depend on the number of
    workers.
    """
    cpus = _usable_cpus()
    if started > cpus:
        logger.warning("%s workers asked for, more than the %s CPU%s this process may use: they share "
                       "them, each holding its own copy of the network and the model (more memory, no "
                       "more speed); --workers %s or fewer is as fast", f"{workers:,}", cpus,
                       "" if cpus == 1 else "s", cpus)  # fmt: skip


#: Libraries whose version can change a sweep's figures (the solvers, the arrays, the graph).
_PINNED = ("highspy", "PuLP", "numpy", "scipy", "pandas", "networkx")


@functools.cache
def _code_fingerprint() -> tuple[tuple[str, str], ...]:
    """What decides a sweep's figures in this process: a hash of supplychain's source files
    and the versions of :data:`_PINNED`. Compared between the command and each Dask worker:
    a worker started from another checkout or environment computed other figures silently
    (``dask worker`` imports whatever ``supplychain`` its own environment holds)."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    versions = []
    for name in _PINNED:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, "not installed"))
    return (("supplychain source", digest.hexdigest()[:12]), *versions)


def _expected_fingerprint() -> tuple[tuple[str, str], ...]:
    """The command's own fingerprint, handed to every Dask task (a seam for the tests)."""
    return _code_fingerprint()


#: One task at a time per process. A Dask worker runs as many tasks at once as it has threads
#: (``dask worker``'s default: one per core), and the sweeps keep their solvers per process
#: (N-1, N-k and Monte Carlo's fast solvers, ``closure-days --warm``'s model, ``timeline-mc
#: --warm``'s draw solver): one HiGHS instance, which is not thread-safe. Two N-1 chunks at
#: once on one such solver crashed the process (segmentation fault, 2026-12-06), as two warm
#: timeline draws had. Such a worker runs its tasks one after the other, in the order a
#: one-thread worker would; a local pool's processes and this process run one anyway.
_TASK_LOCK = threading.Lock()


def _checked_call(task: T, context: Any, run: Callable[[T, Any], R],
                  expected: tuple[tuple[str, str], ...], scheduler: str) -> R:
    """Run ``run`` on a Dask worker after checking the worker runs the command's code, one
    task at a time per worker process (:data:`_TASK_LOCK`)."""
    mine = dict(_code_fingerprint())
    differ = [f"{name} {mine.get(name, '?')} there, {value} here" for name, value in expected
              if mine.get(name) != value]  # fmt: skip
    if differ:
        from distributed import get_worker

        raise SupplyChainError(
            f"The Dask worker {get_worker().address} of {scheduler} runs other code than this "
            f"command ({'; '.join(differ)}): its figures would differ; start every `dask worker` "
            f"from the same checkout and Python environment as this command; {_RESUME}.")
    with _TASK_LOCK:
        return run(task, context)


#: Seconds to wait for a first worker to join the scheduler before giving up.
_WORKER_WAIT_S = 10.0

_RESUME = ("the chunks finished so far are kept in the --out's .parts folder: run the same command "
           "again to resume (with a running scheduler and workers, or with --workers N instead)")


@contextmanager
def _quiet_distributed() -> Iterator[None]:
    """Silence distributed's own log handlers while a sweep uses the cluster, unless this
    package logs at DEBUG (``-vv``): a lost scheduler made ``distributed.client`` print a
    traceback to stderr (even with ``-q``) before the sweep's own ``error:`` line."""
    if logging.getLogger("supplychain").getEffectiveLevel() <= logging.DEBUG:
        yield
        return
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
               if name == "distributed" or name.startswith("distributed.")]  # fmt: skip
    saved = [(lg, lg.level) for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in saved:
            lg.setLevel(level)


def _dask_result(fut: Any, scheduler: str) -> Any:
    """The result of a finished Dask future; a task the cluster lost is a :class:`SupplyChainError`.

    A task that raised gives its own exception, as on the local executors. One that was
    cancelled (the scheduler went away: "scheduler-connection-lost"; every worker holding the
    shared data died: "already forgotten") or whose workers died running it
    (``KilledWorker``, after ``distributed.scheduler.allowed-failures`` deaths) was reported as
    "unexpected FutureCancelledError ... This is a bug".
    """
    from distributed import KilledWorker

    if fut.status == "cancelled":
        try:
            fut.result()
        except BaseException as exc:  # FutureCancelledError, CancelledError
            reason = " ".join(str(exc).split()) or type(exc).__name__
        else:  # pragma: no cover - a cancelled future always raises
            reason = "cancelled"
        raise SupplyChainError(
            f"The Dask cluster at {scheduler} lost a task of the sweep ({reason}): the scheduler "
            f"stopped or every worker holding the sweep's data died; {_RESUME}."
        )
    try:
        return fut.result()
    except KilledWorker as exc:
        raise SupplyChainError(
            f"Dask workers at {scheduler} died while running a task of the sweep ({exc}); check "
            f"the workers' memory and logs; {_RESUME}."
        ) from exc


def _run_dask(
    func: Callable[[T, Any], R],
    tasks: Sequence[tuple[int, T]],
    on_result: Callable[[int, R], None],
    scheduler: str,
    bar: Any,
    context: Any,
) -> None:
    from distributed import Client
    from distributed import as_completed as dask_completed

    with _quiet_distributed():
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError, TypeError) as exc:  # ValueError: a bad address
            raise SupplyChainError(
                f"Cannot reach the Dask scheduler at {scheduler} ({exc}); start it with "
                "`dask scheduler` and workers with `dask worker ADDRESS`, or drop --scheduler."
            ) from exc
        try:
            try:
                client.wait_for_workers(1, timeout=_WORKER_WAIT_S)
                shared = client.scatter(context, broadcast=True)
                payloads = [task for _, task in tasks]
                futures = client.map(_checked_call, payloads, [shared] * len(payloads), pure=False,
                                     run=func, expected=_expected_fingerprint(),
                                     scheduler=scheduler)  # fmt: skip
            except (OSError, TimeoutError) as exc:  # no worker joined; the scheduler went away
                raise SupplyChainError(
                    f"The Dask scheduler at {scheduler} has no worker to run the sweep on "
                    f"(none joined within {_WORKER_WAIT_S:g} s, or the scheduler stopped: {exc}); "
                    f"start workers with `dask worker {scheduler}`, or drop --scheduler."
                ) from exc
            except Exception as exc:
                # distributed re-raises a worker's failure (to unpickle the data: ImportError,
                # AttributeError, UnpicklingError, all seen so with distributed 2026.8) as a bare
                # Exception holding its text: "unexpected Exception: ImportError(...) This is a
                # bug". Anything else is raised here, not by a worker (e.g. TypeError "Could not
                # serialize object", a bad argument): until 2026-12-05 it was blamed on the
                # workers' environment too.
                if type(exc) is not Exception:
                    raise
                raise SupplyChainError(
                    f"The Dask workers at {scheduler} could not load the sweep's data ({exc}); "
                    "start each `dask worker` in the same Python environment as this command, "
                    "where `import supplychain` gives the same version, or drop --scheduler."
                ) from exc
            index_of = {fut.key: index for fut, (index, _) in zip(futures, tasks, strict=True)}
            for fut in dask_completed(futures):
                on_result(index_of[fut.key], _dask_result(fut, scheduler))
                bar.update(1)
        finally:
            client.close()
