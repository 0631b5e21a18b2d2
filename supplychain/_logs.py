"""Log lines of the solves inside a sweep: one summary line per stage at -v, each solve's at -vv."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["per_item"]

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
