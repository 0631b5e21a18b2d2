"""SIGTERM on the command line: the path Ctrl-C takes, one ``error:`` line, exit status 143.

``kill``, ``timeout``, systemd, ``docker stop``, CI runners and batch schedulers stop a process
with SIGTERM, whose default action ended the command at once (found by experiment,
2026-12-05): a sweep left its lock behind (the next run took it over with a warning) and
Python's resource tracker printed a warning about leaked semaphores; ``network build`` from an
``.osm.bz2`` left its temporary folder with the partly decompressed source in ``$TMPDIR``; a
command killed while writing its output left the ``.NAME.XXXX.tmp.parquet`` beside it. The
exit status was -15, with no message.

:func:`_sigterm_as_interrupt`, entered by the command line's entry point only (never by the
library, on import or otherwise), raises :class:`_Terminated`, a ``KeyboardInterrupt``, in the
main thread instead: every clean-up Ctrl-C runs runs (a sweep cancels the chunks not yet handed
to a worker, waits for those running, keeps its finished chunks and releases its lock;
temporary files and folders are removed), then the entry point prints
``error: terminated (SIGTERM)`` and exits with 143 (128 + 15, the status of a Unix tool ended
by SIGTERM).

Python runs a signal handler in the main thread only between two bytecodes, so a SIGTERM
arriving while that thread is inside one long C call (a HiGHS solve: a MIP runs up to its
``--time-limit``, 600 s by default) would wait for the call to return, where the default action
ended the command at once. A watcher thread, woken by the signal itself
(:func:`signal.set_wakeup_fd`), ends the process after :data:`_GRACE_S` seconds when the handler
has not run by then, and at once on a second SIGTERM (a clean-up taking too long), with the
same line and status: what is left then is what a ``kill -9`` leaves (a stale lock the next run
takes over, the sweep's finished chunks; the pool's workers exit with the command).

Not on Windows, where SIGTERM cannot be sent to another process (``os.kill`` terminates it).
"""

from __future__ import annotations

import os
import selectors
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import NoReturn

import click

__all__: list[str] = []

#: Seconds the main thread has after a SIGTERM to reach Python code and start the clean-up
#: before the process ends without it (assumption: far above the few milliseconds it takes
#: between bytecodes, half of ``docker stop``'s 10 s before SIGKILL).
_GRACE_S = 5.0

#: What the command line prints for a SIGTERM, and its exit status (128 + 15).
_MESSAGE = "error: terminated (SIGTERM)"
_STATUS = 143

#: SIGHUP (the terminal closed, an ssh session dropped) ended the command at once, as SIGTERM
#: did (fuzz32: status 129, no line, the sweep's lock and temporary files left): it takes the
#: same path, with its own line and status (128 + 1). ``nohup`` ignores it; then it is left so.
_HANGUP_MESSAGE = "error: hung up (SIGHUP)"
_HANGUP_STATUS = 129


#: SIGHUP where the platform has it (not Windows).
_SIGHUP: int | None = getattr(signal, "SIGHUP", None)


#: Set once the command line has printed its line for a Ctrl-C or a signal: the entry point
#: (:mod:`supplychain._entry`) takes a Ctrl-C that comes after it (a second Ctrl-C while the
#: command exits) without printing another; it printed the ``error:`` line twice.
_LINE_SAID = threading.Event()


def _say_stopped(line: str) -> None:
    """Print ``line`` (the ``error:`` line of a Ctrl-C or a signal) unless one was printed, and
    note it printed. A Ctrl-C meanwhile (main thread) is held until the note is taken, then
    raised: raised between the line and the note, it was said again by the entry point."""
    # Not where SIGINT is ignored (`cmd &` in a script): it stays so.
    held = threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
    came: list[int] = []
    before = signal.signal(signal.SIGINT, lambda signum, frame: came.append(signum)) if held else None
    try:
        if not _LINE_SAID.is_set():
            click.echo(line, err=True)
            _LINE_SAID.set()
    finally:
        if held:
            signal.signal(signal.SIGINT, before)
    if came:
        raise KeyboardInterrupt


class _Said:
    """What the command line says of the signal in ``signum`` (SIGTERM, or SIGHUP): its error
    line and exit status."""

    signum: int = signal.SIGTERM

    @property
    def message(self) -> str:
        """The error line of the signal received."""
        return _HANGUP_MESSAGE if self.signum == _SIGHUP else _MESSAGE

    @property
    def status(self) -> int:
        """The exit status of the signal received."""
        return _HANGUP_STATUS if self.signum == _SIGHUP else _STATUS


class _Terminated(_Said, KeyboardInterrupt):
    """A SIGTERM, raised in the main thread where Ctrl-C raises ``KeyboardInterrupt``, so
    every ``except BaseException`` / ``finally`` clean-up of the library runs for it too.
    ``signum``: the signal received (SIGTERM, or SIGHUP); ``watch``: the state that raised it."""

    watch: _Watch | None = None


class _TerminatedAbort(click.Abort):
    """:class:`_Terminated` on its way out of click (which would turn a bare
    ``KeyboardInterrupt`` into ``Abort`` after printing a blank line for the terminal's ``^C``)."""


class _Watch(_Said):
    """One command's SIGTERM state, shared by the handler and the watcher thread."""

    def __init__(self, signals: tuple[int, ...] = (signal.SIGTERM,)) -> None:
        self.handled = threading.Event()  # the handler ran: the main thread is cleaning up
        self.reported = False  # the error line was printed
        self.lock = threading.Lock()
        self.signals = signals  # those taken over: SIGTERM, and SIGHUP unless ignored
        self.signum: int = signal.SIGTERM  # the first one received

    def handler(self, signum: int, frame: FrameType | None) -> None:
        if self.handled.is_set():  # a second signal: the clean-up takes too long
            self.force_exit()
        self.signum = signum
        self.handled.set()
        terminated = _Terminated()
        terminated.signum = signum
        terminated.watch = self  # raised where Python ignores it: the entry point raises it again
        raise terminated

    def report(self) -> None:
        """Print the error line once (by the entry point after the clean-up, or on a forced exit)."""
        with self.lock:
            if not self.reported:
                self.reported = True
                _say_stopped(self.message)

    def force_exit(self) -> NoReturn:
        """End the process now: the error line unless printed (written to the descriptor, in
        case the main thread holds stderr's lock), then ``os._exit`` without any clean-up."""
        self.lock.acquire(timeout=1.0)  # not for ever: the main thread may hold it, printing
        if not self.reported:
            self.reported = True
            with suppress(OSError):
                os.write(2, (self.message + "\n").encode())
        os._exit(self.status)

    def watch(self, reader: int) -> None:
        """Read the signal numbers Python writes to the wakeup pipe; end the process when the
        handler has not run :data:`_GRACE_S` s after a SIGTERM, or on a second one. Returns when
        the pipe is closed (the command ended)."""
        seen = 0
        deadline: float | None = None
        # poll, not select.select: that raises ValueError for a descriptor >= 1024 (a command
        # holding many files open), which would end this thread and the forced exit; nor the
        # default selector (epoll, kqueue), which opens a descriptor of its own: OSError with
        # every descriptor in use. poll is POSIX; SIGTERM is not handled on Windows.
        waiting: selectors.BaseSelector | None = None
        try:
            waiting = selectors.PollSelector()
            waiting.register(reader, selectors.EVENT_READ)
            while True:
                timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
                if not waiting.select(timeout):  # the grace period is over
                    if not self.handled.is_set():
                        self.force_exit()
                    deadline = None
                    continue
                data = os.read(reader, 64)
                if not data:
                    return
                for signum in self.signals:
                    if (count := data.count(int(signum))) and not seen and not self.handled.is_set():
                        self.signum = signum  # the handler has not run: said by the forced exit
                    seen += count
                if seen >= 2:
                    self.force_exit()
                if seen == 1 and deadline is None and not self.handled.is_set():
                    deadline = time.monotonic() + _GRACE_S
        finally:
            if waiting is not None:
                waiting.close()
            os.close(reader)


def _can_handle() -> bool:
    """Whether this process may take SIGTERM over: POSIX, the main thread (only it may set a
    handler), and SIGTERM at its default action (one ignored, or handled by the program that
    runs the command in-process, is left alone)."""
    if sys.platform == "win32":
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    handler = signal.getsignal(signal.SIGTERM)
    # The console script's own (supplychain._entry) raises during its imports, in the default's
    # place: the command line takes SIGTERM over from it, and puts it back on leaving.
    return handler is signal.SIG_DFL or getattr(handler, "stands_for_default", False) is True


@contextmanager
def _sigterm_as_interrupt() -> Iterator[_Watch | None]:
    """Inside the block, SIGTERM raises :class:`_Terminated` in the main thread, and a watcher
    thread ends the process when the handler cannot run in time (see the module docstring).
    Everything is restored on leaving: the previous handler and wakeup descriptor.

    Yields
    ------
    _Watch or None
        The state (its :meth:`_Watch.report` prints the error line once); None where
        SIGTERM is left alone (:func:`_can_handle`).
    """
    if not _can_handle():
        yield None
        return
    hangup = (_SIGHUP,) if _SIGHUP is not None and signal.getsignal(_SIGHUP) is signal.SIG_DFL else ()
    state = _Watch((signal.SIGTERM, *hangup))
    reader, writer = os.pipe()
    os.set_blocking(writer, False)
    try:
        old_fd = signal.set_wakeup_fd(writer, warn_on_full_buffer=False)
    except (ValueError, OSError):  # pragma: no cover - main thread, a valid descriptor
        old_fd = None
    if old_fd is not None and old_fd != -1:  # someone else's (an event loop): leave it theirs
        signal.set_wakeup_fd(old_fd)
        old_fd = None
    if old_fd is None:
        os.close(reader)
        os.close(writer)
    else:
        threading.Thread(target=state.watch, args=(reader,), name="sigterm-watch", daemon=True).start()
    previous = {signum: signal.signal(signum, state.handler) for signum in state.signals}
    try:
        yield state
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if old_fd is not None:
            signal.set_wakeup_fd(old_fd)
            os.close(writer)  # the watcher reads the end of the pipe and returns
