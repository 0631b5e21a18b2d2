"""The console script ``supplychain`` and ``python -m supplychain``: the command line, with a
Ctrl-C during its start-up (or in the few milliseconds around the commands' own handling of it)
said in one line.

Internal to the package (see :mod:`supplychain`).
"""

from __future__ import annotations

import sys
from typing import NoReturn

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
    raises as one (:mod:`supplychain.cli._signals`)."""
    message, status = "error: interrupted (Ctrl-C)", _INTERRUPTED
    signals = sys.modules.get("supplychain.cli._signals")  # imported with the command line
    if signals is not None and isinstance(exc, signals._Terminated):
        message, status = exc.message, exc.status
    sys.stderr.write(message + "\n")
    sys.exit(status)
