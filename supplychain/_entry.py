"""The console script ``supplychain`` and ``python -m supplychain``: the command line, with a
Ctrl-C during its start-up (or in the few milliseconds around the commands' own handling of it)
said in one line.

Internal to the package (see :mod:`supplychain`).
"""

from __future__ import annotations

import _thread
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, NoReturn

__all__ = ["run"]

#: The exit status of a Unix tool stopped by SIGINT (128 + 2), as the commands' own Ctrl-C.
_INTERRUPTED = 130

#: Set once :func:`_stopped` printed its line in this run (cleared at the start of each).
_SAID = threading.Event()


def run() -> None:
    """Import the command line and run it.

    A Ctrl-C in the 0.2 s the command line's modules take to import (numpy, pandas, click)
    printed a traceback of the import chain and ended the process by SIGINT; the commands
    themselves turn it into "error: interrupted (Ctrl-C)" and status 130, and now so does
    their start-up. On Python 3.11 a Ctrl-C while a class is created is a ``RuntimeError``
    ("Error calling __set_name__ ...") caused by it, said so too; so is one between the imports
    and the group's own handling (starting the SIGTERM watcher's thread), which printed a
    traceback and ended the process by SIGINT (review34, by a Ctrl-C 0.17 s and 0.55 s into
    ``stress n-1``).

    Examples
    --------
    >>> callable(run)
    True
    """
    signals = sys.modules.get("supplychain.cli._signals")
    if signals is not None:  # run before in this process: its line said is not this run's
        signals._LINE_SAID.clear()
    _SAID.clear()
    previous = sys.unraisablehook
    again = _Again()
    sys.unraisablehook = _ctrl_c_raised_again(previous, again)
    early = False
    try:
        try:
            early = _sigterm_while_importing()
            try:
                from supplychain.cli import main
            except BaseException as exc:
                if _by_ctrl_c(exc):
                    _stopped(exc)
                raise
            try:
                main()  # takes SIGTERM over from _raise_terminated, and gives it back (cli._signals)
            except KeyboardInterrupt as exc:  # outside the group's own handling of it
                _stopped(exc)
        finally:
            try:
                # A Ctrl-C the hook took in the command's last milliseconds is raised here, while
                # this run is the caller: it reached whatever ran next (a library caller, pytest),
                # or was lost at the interpreter's exit, status 0 (review35b).
                again.settle()
            finally:
                # Back to the default only now: put back after the imports, a SIGTERM in the
                # 30 ms before the command line took it over ended the process, -15 (review35b).
                if early:
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except KeyboardInterrupt as exc:  # raised again by the hook, or between two handlings above
        _stopped(exc)
    finally:
        sys.unraisablehook = previous


class _Again:
    """The Ctrl-Cs the unraisable hook of one :func:`run` took, raised again in the main thread
    while that run lasts, never after it (review35b: one taken in the command's last
    milliseconds was raised in the caller of :func:`run` after it had returned)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = True  # the run has not ended: a Ctrl-C may be raised in the main thread
        self.threads: list[threading.Thread] = []
        self.pending: list[BaseException] = []  # taken when no Python handler could raise them

    def interrupt(self, signum: int, exc: BaseException) -> None:
        """Raise ``signum`` (a Ctrl-C, SIGTERM, SIGHUP) in the main thread, unless the run has
        ended; ``exc`` is kept for :meth:`settle` where no Python handler takes ``signum`` any
        more (the command line put SIGTERM's default back as it ended: it was lost)."""
        with self.lock:
            if not self.open:
                return
            if callable(signal.getsignal(signum)):
                _thread.interrupt_main(signal.Signals(signum))
            else:
                self.pending.append(exc)

    def settle(self) -> None:
        """Wait for the Ctrl-Cs taken to be raised (here, at the latest), then close; raise
        the first of those no handler took."""
        try:
            while self.threads:
                self.threads.pop().join()
        finally:
            with self.lock:
                self.open = False
        if self.pending:
            raise self.pending[0]


def _ctrl_c_raised_again(previous: Callable[[Any], object], again: _Again) -> Callable[[Any], object]:
    """An unraisable-exception hook that raises a Ctrl-C again, in the main thread, where
    Python could not raise it (review35).

    Taken inside a weakref callback or a ``__del__`` (importlib's module-lock callback, 0.5 s
    into ``stress n-1 --workers 2``), a ``KeyboardInterrupt`` is "Exception ignored in: ...",
    printed, and the command ran on to its end, status 0. It is raised again as a Ctrl-C
    (:func:`_thread.interrupt_main`) once the main thread has left this hook (raised in it, it
    was ignored again). A SIGTERM or SIGHUP raised as one (during the imports,
    :class:`_TerminatedWhileImporting`; after them, the command line's ``_Terminated``) is
    raised again as that signal, its watcher first told its handler has not run (it takes a
    second signal as an order to exit at once, without the clean-up): it was passed on to
    ``previous``, and the command ran on to status 0 (review35b); one no handler takes any
    more (the command ended meanwhile) is raised as the run ends. Other exceptions go to
    ``previous``.
    """

    def hook(unraisable: Any) -> object:
        exc = unraisable.exc_value
        if isinstance(exc, KeyboardInterrupt):
            signum = int(getattr(exc, "signum", signal.SIGTERM)) if _by_sigterm(exc) else signal.SIGINT
            watch = getattr(exc, "watch", None)  # the command line's SIGTERM state (cli._signals)
            thread = threading.Thread(target=_interrupt_main_out_of, args=(hook.__code__, again, signum, watch, exc),
                                      name="ctrl-c-again", daemon=True)  # fmt: skip
            again.threads.append(thread)
            thread.start()
            return None
        return previous(unraisable)

    return hook


def _interrupt_main_out_of(code: Any, again: _Again, signum: int, watch: Any, exc: BaseException) -> None:
    """Raise ``signum`` in the main thread once none of its frames runs ``code``, through
    ``again`` (not after its run has ended); ``watch``, the command line's SIGTERM state, is
    told first that its handler has not run."""
    import time

    main = threading.main_thread().ident
    while True:
        frame = sys._current_frames().get(main or 0)
        while frame is not None and frame.f_code is not code:
            frame = frame.f_back
        if frame is None:
            break
        time.sleep(0.001)
    if watch is not None:  # its handler raised what Python ignored: not a second signal
        watch.handled.clear()
    again.interrupt(signum, exc)


class _TerminatedWhileImporting(KeyboardInterrupt):
    """A SIGTERM while the command line imports, raised where a Ctrl-C raises
    ``KeyboardInterrupt`` (the command line's own handling, :mod:`supplychain.cli._signals`,
    is not yet imported)."""

    message = "error: terminated (SIGTERM)"
    status = 143  # 128 + 15, as the commands' own


class _RaiseTerminated:
    """The SIGTERM handler of :func:`run` until the command line takes SIGTERM over: it stands
    for the default action there (:func:`supplychain.cli._signals._can_handle`)."""

    stands_for_default = True

    def __call__(self, signum: int, frame: object) -> None:
        raise _TerminatedWhileImporting


_raise_terminated = _RaiseTerminated()


def _sigterm_while_importing() -> bool:
    """Make a SIGTERM during the imports raise :class:`_TerminatedWhileImporting`: it ended the
    process at once with status -15 and no message (fuzz34's list), where the commands say
    "error: terminated (SIGTERM)" and end with 143. Only where the command line would take
    SIGTERM over itself (POSIX, the main thread, SIGTERM at its default action); returns
    whether it did, for the caller to put the default back when the command has ended.

    >>> import signal
    >>> taken = _sigterm_while_importing()
    >>> taken == (signal.getsignal(signal.SIGTERM) is _raise_terminated)
    True
    >>> _ = taken and signal.signal(signal.SIGTERM, signal.SIG_DFL)
    """
    if (sys.platform == "win32" or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):  # fmt: skip
        return False
    signal.signal(signal.SIGTERM, _raise_terminated)
    return True


def _sigterm_said(exc: BaseException) -> tuple[str, int] | None:
    """The error line and exit status of a SIGTERM (or SIGHUP) raised as a
    ``KeyboardInterrupt`` (during the imports, :class:`_TerminatedWhileImporting`; after them,
    the command line's own ``_Terminated``), or None for anything else."""
    signals = sys.modules.get("supplychain.cli._signals")  # imported with the command line
    if isinstance(exc, _TerminatedWhileImporting) or (signals is not None and isinstance(exc, signals._Terminated)):
        return exc.message, exc.status
    return None


def _by_sigterm(exc: BaseException) -> bool:
    """Whether ``exc`` is a SIGTERM (or SIGHUP) raised as a ``KeyboardInterrupt``."""
    return _sigterm_said(exc) is not None


def _by_ctrl_c(exc: BaseException) -> bool:
    """Whether ``exc`` is, or was caused by, a ``KeyboardInterrupt`` (Python 3.11 wraps one
    raised in ``__set_name__`` in a ``RuntimeError``).

    Examples
    --------
    >>> wrapped = RuntimeError("Error calling __set_name__")
    >>> wrapped.__cause__ = KeyboardInterrupt()
    >>> _by_ctrl_c(wrapped), _by_ctrl_c(ImportError("no module"))
    (True, False)
    """
    return _interrupt_in(exc) is not None


def _interrupt_in(exc: BaseException) -> KeyboardInterrupt | None:
    """``exc`` if it is a ``KeyboardInterrupt``, else the first one among its causes and
    contexts (Python 3.11 wraps one raised in ``__set_name__`` in a ``RuntimeError``), or None."""
    seen: set[int] = set()
    at: BaseException | None = exc
    while at is not None and id(at) not in seen:
        if isinstance(at, KeyboardInterrupt):
            return at
        seen.add(id(at))
        at = at.__cause__ or at.__context__
    return None


def _stopped(exc: BaseException) -> NoReturn:
    """The one line and status of a Ctrl-C, or of the SIGTERM or SIGHUP the command line
    raises as one (:mod:`supplychain.cli._signals`); no line when the command line printed
    its own (a second Ctrl-C while the command exits printed the line twice)."""
    interrupt = _interrupt_in(exc)  # wrapped (Python 3.11)
    said = _sigterm_said(interrupt) if interrupt is not None else None
    message, status = said or ("error: interrupted (Ctrl-C)", _INTERRUPTED)
    signals = sys.modules.get("supplychain.cli._signals")  # imported with the command line
    if not _SAID.is_set() and (signals is None or not signals._LINE_SAID.is_set()):
        sys.stderr.write(message + "\n")
        _SAID.set()  # one line, when a Ctrl-C raised again comes while this one exits
    sys.exit(status)
