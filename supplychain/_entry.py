"""The console script ``supplychain`` and ``python -m supplychain``: the command line, with a
Ctrl-C during its start-up said in one line.

Internal to the package (see :mod:`supplychain`).
"""

from __future__ import annotations

import sys

__all__ = ["run"]

#: The exit status of a Unix tool stopped by SIGINT (128 + 2), as the commands' own Ctrl-C.
_INTERRUPTED = 130


def run() -> None:
    """Import the command line and run it.

    A Ctrl-C in the 0.2 s the command line's modules take to import (numpy, pandas, click)
    printed a traceback of the import chain and ended the process by SIGINT; the commands
    themselves turn it into "error: interrupted (Ctrl-C)" and status 130, and now so does
    their start-up.

    Examples
    --------
    >>> callable(run)
    True
    """
    try:
        from supplychain.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted (Ctrl-C)\n")
        sys.exit(_INTERRUPTED)
    main()
