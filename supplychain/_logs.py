"""Log lines of the solves inside a sweep (one summary line per stage at -v, each solve's at
-vv), and other libraries' ``warnings.warn`` as log lines."""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

__all__ = ["per_item", "show_warning_as_log", "warnings_logged"]

#: The logger other libraries' warnings are logged on, as :func:`logging.captureWarnings` names it.
_WARNINGS_LOGGER = "py.warnings"

#: The loggers of a single solve (build, reduce, solve, read): a line each per solve.
_SOLVE_LOGGERS = "supplychain.models"


@contextmanager
def per_item(name: str = _SOLVE_LOGGERS) -> Iterator[None]:
    """Inside the block, the INFO lines of logger ``name`` (and its children) are dropped unless
    debug logging (-vv) is on; warnings and errors pass as before.

    A sweep solves one model per closure or draw, and each solve logs its stages at INFO:
    ``stress closure-days -v`` on the embedded network printed 4 lines per corridor (100 in
    all), ``stress timeline-mc -v`` 4 or more per draw. The sweep's own summary line stays;
    the per-item lines show with -vv.

    Parameters
    ----------
    name : str
        The logger whose INFO lines are per item (default ``supplychain.models``).

    Yields
    ------
    None

    Examples
    --------
    >>> import logging
    >>> logging.getLogger("example").setLevel(logging.INFO)  # as -v sets "supplychain"
    >>> with per_item("example.models"):
    ...     logging.getLogger("example.models.lp").isEnabledFor(logging.INFO)
    False
    >>> logging.getLogger("example.models.lp").isEnabledFor(logging.INFO)
    True
    """
    logger = logging.getLogger(name)
    if logger.getEffectiveLevel() != logging.INFO:
        yield  # -vv shows every solve's lines; at WARNING and above there are none to drop
        return
    saved = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(saved)


def show_warning_as_log(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                        file: TextIO | None = None, line: str | None = None) -> None:
    """A :data:`warnings.showwarning` that logs the warning as one line on the ``py.warnings``
    logger: ``RuntimeWarning: divide by zero encountered in divide (lp.py:12)``.

    numpy's, pandas' or scipy's ``warnings.warn`` went to stderr directly: two lines (the
    second the library's source line), across a progress bar's line, and with ``-q`` too,
    which promises no warnings. :func:`logging.captureWarnings` routes them through logging
    as well, but as the two lines of :func:`warnings.formatwarning`; this is its one-line form.
    The ``file`` and ``line`` arguments of the standard signature are ignored.

    Parameters
    ----------
    message : Warning or str
        The warning.
    category : type of Warning
        Its class.
    filename : str
        The file that issued it.
    lineno : int
        Its line there.
    file, line
        Unused (the standard signature's).

    Examples
    --------
    >>> import logging, sys
    >>> handler = logging.StreamHandler(sys.stdout)
    >>> logging.getLogger("py.warnings").addHandler(handler)
    >>> show_warning_as_log(RuntimeWarning("divide by zero"), RuntimeWarning, "/x/lp.py", 12)
    RuntimeWarning: divide by zero (lp.py:12)
    >>> logging.getLogger("py.warnings").removeHandler(handler)
    """
    text = " ".join(str(message).split())
    logging.getLogger(_WARNINGS_LOGGER).warning(
        "%s: %s (%s:%d)", category.__name__, text, os.path.basename(filename), lineno
    )


@contextmanager
def warnings_logged() -> Iterator[None]:
    """Inside the block, ``warnings.warn`` is logged as one line (:func:`show_warning_as_log`)
    on the ``py.warnings`` logger, whose records the command's handlers write (and ``-q``
    silences) like the package's own; the previous ``warnings.showwarning`` comes back after.

    Yields
    ------
    None

    Examples
    --------
    >>> import warnings
    >>> with warnings_logged():
    ...     warnings.showwarning is show_warning_as_log
    True
    >>> warnings.showwarning is show_warning_as_log
    False
    """
    saved: Any = warnings.showwarning
    warnings.showwarning = show_warning_as_log
    try:
        yield
    finally:
        warnings.showwarning = saved
