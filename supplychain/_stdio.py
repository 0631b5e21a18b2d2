"""Standard descriptors a process was started without (``supplychain solve >&-``), and an
unbuffered standard output (``PYTHONUNBUFFERED``) that could drop what a full disk refused."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

__all__ = ["reopen_closed_std_streams", "stdout_buffered"]

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


@contextmanager
def stdout_buffered() -> Iterator[None]:
    """Inside the block, an unbuffered ``sys.stdout`` (``python -u``, ``PYTHONUNBUFFERED=1``,
    which container images often set) writes through a buffer, which writes all it is given or
    raises.

    The text layer over an unbuffered file ignores a write that takes only part of the bytes:
    ``supplychain solve --json - >out.json`` onto a disk that filled up wrote the first 4,096
    bytes of the JSON and ended with status 0. Buffered (Python's default), the rest is written
    again and the full disk raises, which the command says in one line. Flushed at every line,
    as unbuffered output shows each line when it is printed. Another ``sys.stdout`` (a test's
    capture, a buffered one) is left alone.

    Yields
    ------
    None

    Examples
    --------
    >>> with stdout_buffered():
    ...     print("one line")
    one line
    """
    out = sys.stdout
    raw = getattr(out, "buffer", None)
    if not isinstance(out, io.TextIOWrapper) or not isinstance(raw, io.RawIOBase):
        yield
        return
    out.flush()
    wrapper = io.TextIOWrapper(io.BufferedWriter(raw), encoding=out.encoding, errors=out.errors,
                               line_buffering=True)  # fmt: skip
    sys.stdout = wrapper
    try:
        yield
    finally:
        sys.stdout = out
        try:
            wrapper.flush()
        finally:
            # Both layers detached, so that neither closes the raw file, `out`'s, when it is
            # collected: the buffer's did, and a print after an in-process command (a script
            # calling `main([...])` under PYTHONUNBUFFERED=1) failed "I/O operation on closed file".
            wrapper.detach().detach()
