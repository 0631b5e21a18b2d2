"""The HiGHS solver's copyright banner, kept out of the command line's output.

Internal to the package (see :mod:`supplychain`): every module that creates a HiGHS instance
(the LP, the timeline model, the interdiction MIP) calls :func:`quiet_highs_banner` first.
"""

from __future__ import annotations

import functools
import os
import sys

__all__ = ["quiet_highs_banner"]


@functools.cache
def quiet_highs_banner() -> None:
    """Create the process's first HiGHS instance with stdout closed.

    HiGHS prints its copyright banner from C++ on the first ``Highs()`` of a process, before
    any option can silence it; it would land in the middle of the CLI's output. Later
    instances print nothing. Cached: only the first call of a process does anything.

    Examples
    --------
    >>> quiet_highs_banner()
    >>> import highspy
    >>> h = highspy.Highs()  # prints nothing
    """
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
