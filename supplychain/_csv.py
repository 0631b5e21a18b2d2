"""Rules the package's CSV readers share for files a spreadsheet saved.

Internal to the package (see :mod:`supplychain`). The observed-arrivals reader
(:func:`supplychain.models.timeline_result.read_observed`) and the incidents reader
(:mod:`supplychain.scenarios.incidents`) decide a file's separator and refuse Excel's
``sep=`` line by these rules, so that the two read the same files alike (they had drifted
apart: csv36, 2026-12-07).
"""

from __future__ import annotations

import re

__all__ = ["is_separator_line", "separator_of"]

#: Excel's first line naming the separator (``sep=;``), not a header.
_SEPARATOR_LINE = re.compile(r"\s*sep=.?\s*", flags=re.IGNORECASE)


def separator_of(header: str) -> str:
    """A CSV file's field separator from its header line: ``;`` when the header holds semicolons
    and no comma (a spreadsheet in French writes semicolons, and a decimal comma, whatever its
    save dialog says), else ``,``.

    Parameters
    ----------
    header : str
        The file's header line (its first line that is neither blank nor, where the format has
        them, a comment).

    Returns
    -------
    str
        ``";"`` or ``","``.

    Examples
    --------
    >>> separator_of("period_start;period_end;tankers;litres;source"), separator_of("a,b;c")
    (';', ',')
    """
    return ";" if ";" in header and "," not in header else ","


def is_separator_line(line: str) -> bool:
    """Whether ``line`` is a spreadsheet's separator line (``sep=;``, ``SEP=,``), not a header.

    Parameters
    ----------
    line : str
        A line of the file, as read or as its fields joined again.

    Returns
    -------
    bool
        True for ``sep=`` followed by at most one character, spaces around allowed.

    Examples
    --------
    >>> is_separator_line("sep=;"), is_separator_line(" SEP=, "), is_separator_line("sepal;width")
    (True, True, False)
    """
    return _SEPARATOR_LINE.fullmatch(line) is not None
