"""Standard descriptors a process was started without (``supplychain solve >&-``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

__all__ = ["reopen_closed_std_streams"]

_NAMES = {0: "stdin", 1: "stdout", 2: "stderr"}


def reopen_closed_std_streams(fds: Iterable[int] = (0, 1, 2)) -> list[str]:
    """Open ``/dev/null`` on each standard descriptor of ``fds`` that is closed.

    ``supplychain solve >&-`` ended in "unexpected AttributeError: 'NoneType' object has no
    attribute 'flush'" (Python sets ``sys.stdout`` to None), and a closed descriptor 1 is the
    next one a file opened gets: HiGHS, which prints to descriptor 1 from C++, would have
    written into that file (fuzz32). What is printed there is discarded, as the caller asked.

    Parameters
    ----------
    fds : iterable of int, default (0, 1, 2)
        The descriptors to look at, among 0, 1 and 2.

    Returns
    -------
    list of str
        The names (``"stdin"``, ``"stdout"``, ``"stderr"``) of those that were closed.

    Examples
    --------
    >>> reopen_closed_std_streams()  # a process started with all three open
    []
    """
    reopened = []
    for fd in fds:
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        name = _NAMES[fd]
        reopened.append(name)
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, "r" if fd == 0 else "w", encoding="utf-8", closefd=False))  # noqa: SIM115
    return reopened
