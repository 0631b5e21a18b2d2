"""The console script ``supplychain`` and ``python -m supplychain``: the command line, with a
Ctrl-C during its start-up (or in the few milliseconds around the commands' own handling of it)
said in one line.

Internal to the package (see :mod:`supplychain`).
"""

from __future__ import annotations

import _thread
import sys
from collections.abc import Callable
from typing import Any, NoReturn

__all__ = ["run"]

#: The exit status of a Unix tool stopped by SIGINT (128 + 2), as the commands' own Ctrl-C.
_INTERRUPTED = 130


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
    previous = sys.unraisablehook
    sys.unraisablehook = _ctrl_c_raised_again(previous)
    try:
        try:
            from supplychain.cli import main
        except BaseException as exc:
            if _by_ctrl_c(exc):
                _stopped(exc)
            raise
        try:
            main()
        except KeyboardInterrupt as exc:  # outside the group's own handling of it
            _stopped(exc)
    finally:
        sys.unraisablehook = previous


def _ctrl_c_raised_again(previous: Callable[[Any], object]) -> Callable[[Any], object]:
    """An unraisable-exception hook that raises a Ctrl-C again, in the main thread, where
    Python could not raise it (review35).

    Taken inside a weakref callback or a ``__del__`` (importlib's module-lock callback, 0.5 s
    into ``stress n-1 --workers 2``), a ``KeyboardInterrupt`` is "Exception ignored in: ...",
    printed, and the command ran on to its end, status 0. It is raised again as a Ctrl-C
    (:func:`_thread.interrupt_main`) once the main thread has left this hook (raised in it, it
    was ignored again); other exceptions, and a SIGTERM raised as one (its watcher takes a
    second signal as an order to exit at once), go to ``previous``.
    """

    def hook(unraisable: Any) -> object:
        exc = unraisable.exc_value
        signals = sys.modules.get("supplychain.cli._signals")
        if isinstance(exc, KeyboardInterrupt) and not (signals is not None and isinstance(exc, signals._Terminated)):
            import threading

            threading.Thread(target=_interrupt_main_out_of, args=(hook.__code__,), name="ctrl-c-again",
                             daemon=True).start()  # fmt: skip
            return None
        return previous(unraisable)

    return hook


def _interrupt_main_out_of(code: Any) -> None:
    """Raise a Ctrl-C in the main thread once none of its frames runs ``code``."""
    import threading
    import time

    main = threading.main_thread().ident
    while True:
        frame = sys._current_frames().get(main or 0)
        while frame is not None and frame.f_code is not code:
            frame = frame.f_back
        if frame is None:
            break
        time.sleep(0.001)
    _thread.interrupt_main()


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
    seen: set[int] = set()
    at: BaseException | None = exc
    while at is not None and id(at) not in seen:
        if isinstance(at, KeyboardInterrupt):
            return True
        seen.add(id(at))
        at = at.__cause__ or at.__context__
    return False


def _stopped(exc: BaseException) -> NoReturn:
    """The one line and status of a Ctrl-C, or of the SIGTERM or SIGHUP the command line
    raises as one (:mod:`supplychain.cli._signals`); no line when the command line printed
    its own (a second Ctrl-C while the command exits printed the line twice)."""
    message, status = "error: interrupted (Ctrl-C)", _INTERRUPTED
    signals = sys.modules.get("supplychain.cli._signals")  # imported with the command line
    if signals is not None and isinstance(exc, signals._Terminated):
        message, status = exc.message, exc.status
    if signals is None or not signals._LINE_SAID.is_set():
        sys.stderr.write(message + "\n")
    sys.exit(status)
