"""A status line on stderr for long steps that report no progress of their own.

HiGHS calls back nothing while it solves an LP (a timeline's interior point, 10 s on the
embedded back-test, 110 s on whole Africa) or branch and bound's root LP (63 s on the 181-day
back-test), so a progress bar cannot wait for callbacks; HiGHS releases the GIL while it runs,
so a thread can move the line on. Internal to the package (see :mod:`supplychain`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["StatusBar", "Ticker", "status_bar"]


class Ticker:
    """Call ``tick`` every ``every_s`` seconds from a daemon thread until :meth:`stop`: what
    moves a status line, or a sweep's bar between its chunks, while HiGHS holds no GIL.

    Parameters
    ----------
    tick : callable
        Called with no argument (a bar's redraw).
    every_s : float
        Seconds between calls.
    name : str
        The thread's name.

    Examples
    --------
    >>> import threading
    >>> ticked = threading.Event()
    >>> ticker = Ticker(ticked.set, 0.01, name="example")
    >>> ticked.wait(10.0)
    True
    >>> ticker.stop()
    >>> ticker.thread.is_alive()
    False
    """

    def __init__(self, tick: Callable[[], None], every_s: float, *, name: str) -> None:
        self._tick = tick
        self._every_s = every_s
        self._stop = threading.Event()
        #: The thread that calls ``tick``.
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._every_s):
            self._tick()

    def stop(self) -> None:
        """Stop calling ``tick`` and wait for the thread to end."""
        self._stop.set()
        self.thread.join()


class StatusBar:
    """A tqdm line on stderr moved on by a thread twice a second, cleared when closed.

    Parameters
    ----------
    description : str
        What runs, the line's first words.
    limit_s : float, optional
        A time limit: the line counts seconds up to it (``{n}``, ``{total}`` in
        ``bar_format``); without one it shows the time elapsed.
    bar_format : str, optional
        tqdm's format (default ``"{desc}: {elapsed}{postfix}"``, or ``"{desc}: {n}/{total}
        s{postfix}"`` with a limit).

    Examples
    --------
    >>> import io, contextlib
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err):
    ...     bar = StatusBar("timeline 'calm'")
    ...     bar.describe("timeline 'calm', solving")
    ...     bar.close()
    >>> "timeline 'calm', solving: 00:00" in err.getvalue()
    True
    """

    def __init__(self, description: str, *, limit_s: float | None = None, bar_format: str | None = None) -> None:
        from tqdm.auto import tqdm

        self._begin = time.perf_counter()
        self._limit = limit_s
        default = "{desc}: {elapsed}{postfix}" if limit_s is None else "{desc}: {n}/{total} s{postfix}"
        self._bar: Any = tqdm(total=None if limit_s is None else round(limit_s), leave=False, desc=description,
                              bar_format=bar_format or default)  # fmt: skip
        self._ticker = Ticker(self._tick, 0.5, name="supplychain-status")

    def _tick(self) -> None:
        if self._limit is not None:
            self._bar.n = min(round(time.perf_counter() - self._begin), round(self._limit))
        self._bar.refresh()

    def describe(self, text: str) -> None:
        """Replace the line's first words (the step running).

        Parameters
        ----------
        text : str
        """
        self._bar.set_description_str(text)

    def postfix(self, text: str) -> None:
        """Show ``text`` after the time (a solver's gap).

        Parameters
        ----------
        text : str
        """
        self._bar.set_postfix_str(text)

    def close(self) -> None:
        """Stop the thread and clear the line."""
        self._ticker.stop()
        self._bar.close()


@contextmanager
def status_bar(description: str, *, progress: bool, limit_s: float | None = None,
               bar_format: str | None = None) -> Iterator[StatusBar | None]:  # fmt: skip
    """A :class:`StatusBar` while the block runs when ``progress``, else None: a quiet run (or
    one whose stderr is not a terminal) does not import tqdm.

    Parameters
    ----------
    description : str
    progress : bool
        Show the line (the command line's ``_progress()``: a terminal, not ``-q``).
    limit_s : float, optional
    bar_format : str, optional
        See :class:`StatusBar`.

    Yields
    ------
    StatusBar or None

    Examples
    --------
    >>> with status_bar("timeline", progress=False) as bar:
    ...     bar is None
    True
    """
    if not progress:
        yield None
        return
    bar = StatusBar(description, limit_s=limit_s, bar_format=bar_format)
    try:
        yield bar
    finally:
        bar.close()
