"""Private helper for messages about unknown names: the close ones, or some of the known ones."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__: list[str] = []


def _suggest(name: str, known: Iterable[str], what: str, *, none: str | None = None) -> str:
    """``did you mean ...?`` with the close names, else some known names (for messages).

    Parameters
    ----------
    name : str
        The unknown name.
    known : iterable of str
        The names the network or file has.
    what : str
        What the names are, plural (``"places"``).
    none : str, optional
        Keyword-only. The text when there are no known names at all, which should say why and
        how to fix it; default ``"the network has no <what>"``.

    Examples
    --------
    >>> _suggest("Bamakko", ["Bamako", "Kayes"], "places")
    "did you mean 'Bamako'?"
    >>> _suggest("Paris", ["Bamako", "Kayes"], "places")
    "known places: 'Bamako', 'Kayes'"
    >>> _suggest("RN1", [], "road numbers", none="no segment has a road number")
    'no segment has a road number'
    """
    known = sorted(set(known))
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    if close:
        return f"did you mean {', '.join(repr(c) for c in close)}?"
    shown = ", ".join(repr(k) for k in known[:12])
    more = f" and {len(known) - 12} more" if len(known) > 12 else ""
    if not known:
        return none if none is not None else f"the network has no {what}"
    return f"known {what}: {shown}{more}"
