"""One error for a file written for another network: the problems of a scenario, threat or
timeline file that does not match the network, summarised (shared by the steady-state and the
timeline loaders, so the same file gives the same short error to every command)."""

from __future__ import annotations

import logging
from collections import Counter
from typing import NoReturn

from supplychain.errors import ParameterError

__all__ = ["SHOWN_PROBLEMS", "raise_summarised", "summarise_problems"]

logger = logging.getLogger(__name__)

#: Problems an error lists; the others are counted (``-v`` logs them all).
SHOWN_PROBLEMS = 3


def summarise_problems(problems: list[str], *, items: str = "rules or events") -> list[str]:
    """The problems as the one-line error lists them.

    A file written for another network (the shipped ones name the embedded network's
    segments) has a problem in nearly every rule, each ending with the same hint (the list of
    the network's segments, or where to find it): that shared last clause is said once, with
    the cause, and only the first :data:`SHOWN_PROBLEMS` problems are listed. Problems with no
    shared hint (distinct mistakes in a hand-written file) are all listed, to be fixed at once.

    Parameters
    ----------
    problems : list of str
        Every problem, each ``"'file' key (label): what is wrong; hint"``.
    items : str, default "rules or events"
        What the file's problems are in, for the cause (``"rules"``, ``"entries"``).

    Returns
    -------
    list of str
        The problems to list, then ``"and N more"`` and the shared clause, if any.

    Examples
    --------
    >>> tail = "known segments: 'a', 'b'"
    >>> got = summarise_problems([f"rule[0]: 'x' is wrong; {tail}", f"rule[1]: 'y' is wrong; {tail}"])
    >>> got[:2], got[2] == tail
    (["rule[0]: 'x' is wrong", "rule[1]: 'y' is wrong"], True)
    """
    return _summary(problems, items)[0]


def _summary(problems: list[str], items: str) -> tuple[list[str], int]:
    """:func:`summarise_problems`'s list and how many problems it leaves out."""
    # A suggestion ("did you mean 'X'?") is the problem's own, even when two rules repeat the
    # same misspelt segment: it is no sign of a file written for another network.
    last = [c if "; " in p and not (c := p.rsplit("; ", 1)[-1]).startswith("did you mean") else None
            for p in problems]  # fmt: skip
    common = Counter(c for c in last if c is not None).most_common(1)
    shared = common[0][0] if common and common[0][1] >= 2 else None
    if shared is None:
        return list(problems), 0  # distinct mistakes (a hand-written file): every one, to fix at once
    problems = [p.rsplit("; ", 1)[0] if c == shared else p for p, c in zip(problems, last, strict=True)]
    shown = problems[:SHOWN_PROBLEMS]
    if len(problems) > SHOWN_PROBLEMS:
        shown.append(f"and {len(problems) - SHOWN_PROBLEMS} more (-v lists them all)")
    # The cause is said only when every problem ending with the shared clause is a segment or
    # road the network lacks (not, say, dates sharing "fix the date").
    ends = [p for p, c in zip(problems, last, strict=True) if c == shared]
    missing = len(ends) if all(" not in the network" in p for p in ends) else 0
    cause = (f"{missing} {items} name segments or roads this network does not have: "
             "segment ids and road numbers belong to the network the file was written for "
             "(the shipped files: the embedded network), so on another network select by "
             "'near', 'bbox', 'polygon' or 'border_posts' rules, or name its segments; ")  # fmt: skip
    if missing >= 2 and shared.startswith("known segments:"):
        # A dozen ids sorted by name (on a GIS layer: by coordinates) help nobody here.
        shared = "`supplychain network info NETWORK --segments` lists them"
    # A hint that already says how to select on this network needs no cause before it.
    shown.append(cause + shared if missing >= 2 and "select by" not in shared else shared)
    return shown, max(len(problems) - SHOWN_PROBLEMS, 0)


def raise_summarised(title: str, problems: list[str], *, items: str = "rules or events") -> NoReturn:
    """Raise one :class:`~supplychain.errors.ParameterError` listing ``problems`` summarised
    (:func:`summarise_problems`); with more than :data:`SHOWN_PROBLEMS` the title counts them
    and every problem is logged at INFO level (``-v``).

    Parameters
    ----------
    title : str
        What failed, e.g. ``"Timeline 'x' does not match the network"``.
    problems : list of str
        Every problem, each ``"'file' key (label): what is wrong; hint"``.
    items : str, default "rules or events"
        What the file's problems are in, for the cause (``"rules"``, ``"entries"``).

    Raises
    ------
    ParameterError
        Always.

    Examples
    --------
    >>> raise_summarised("Scenario 's' does not match the network", ["segment 'a' is missing"])
    Traceback (most recent call last):
    ...
    supplychain.errors.ParameterError: Scenario 's' does not match the network: segment 'a' is missing
    """
    shown, hidden = _summary(problems, items)
    count = ""
    if hidden:
        logger.info("%s: all %d problems: %s", title, len(problems), "; ".join(problems))
        count = f" ({len(problems)} problems)"
    raise ParameterError(f"{title}{count}", problems=shown)
