"""Private helper for messages about unknown names: the close ones, or some of the known ones."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__: list[str] = []


def _suggest(name: str, known: Iterable[str], what: str) -> str:
    """``did you mean ...?`` with the close names, else some known names (for messages).

    Examples
    --------
    >>> _suggest("Bamakko", ["Bamako", "Kayes"], "places")
    "did you mean 'Bamako'?"
    >>> _suggest("Paris", ["Bamako", "Kayes"], "places")
    "known places: 'Bamako', 'Kayes'"
    """
    known = sorted(set(known))
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    if close:
        return f"did you mean {', '.join(repr(c) for c in close)}?"
    shown = ", ".join(repr(k) for k in known[:12])
    more = f" and {len(known) - 12} more" if len(known) > 12 else ""
    return f"known {what}: {shown}{more}" if known else f"the network has no {what}"
