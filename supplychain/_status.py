"""A status line on stderr for long steps that report no progress of their own.

HiGHS calls back nothing while it solves an LP (a timeline's interior point, 10 s on the
embedded back-test, 110 s on whole Africa) or branch and bound's root LP (63 s on the 181-day
back-test), so a progress bar cannot wait for callbacks; HiGHS releases the GIL while it runs,
so a thread can move the line on. Internal to the package (see :mod:`supplychain`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["StatusBar", "status_bar"]


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
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="supplychain-status", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
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
        self._stop.set()
        self._thread.join()
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
