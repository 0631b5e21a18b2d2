"""Names in messages: a node's place name, and the close (or some known) names for an unknown one.

Internal to the package (see :mod:`supplychain`); the names in ``__all__`` are what the
subpackages use.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["node_name", "suggest"]


def suggest(name: str, known: Iterable[str], what: str, *, none: str | None = None) -> str:
    """``did you mean ...?`` with the close names (else those holding the name, at least 3
    letters of it, whatever the case), else some known names (for messages).

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

    Returns
    -------
    str
        The text to append to an error message (no final full stop).

    Examples
    --------
    >>> suggest("Bamakko", ["Bamako", "Kayes"], "places")
    "did you mean 'Bamako'?"
    >>> suggest("Paris", ["Bamako", "Kayes"], "places")
    "known places: 'Bamako', 'Kayes'"
    >>> suggest("dakar", ["Abidjan-Bamako", "Dakar-Bamako via Kayes"], "corridors")
    "did you mean 'Dakar-Bamako via Kayes'?"
    >>> suggest("RN1", [], "road numbers", none="no segment has a road number")
    'no segment has a road number'
    """
    known = sorted(set(known))
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    if not close and len(name.strip()) >= 3:
        # A part of a name ("Dakar" for the corridors "Dakar-Bamako via ..."): those holding it.
        close = [k for k in known if name.strip().casefold() in k.casefold()][:6]
    if close:
        return f"did you mean {', '.join(repr(c) for c in close)}?"
    shown = ", ".join(repr(k) for k in known[:12])
    more = f" and {len(known) - 12} more" if len(known) > 12 else ""
    if not known:
        return none if none is not None else f"the network has no {what}"
    return f"known {what}: {shown}{more}"


def node_name(graph: nx.MultiDiGraph, node: Hashable) -> str:
    """Place name of a node, or its id as text for an unnamed junction.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network holding ``node``.
    node : hashable
        A node id of ``graph``.

    Returns
    -------
    str
        The node's ``name`` attribute when it has a non-empty one, else ``str(node)``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(1, name="Kayes")
    >>> g.add_node(2)
    >>> node_name(g, 1), node_name(g, 2)
    ('Kayes', '2')
    """
    return str(graph.nodes[node].get("name") or node)
