"""Chains of serial segments: roads with no junction between them fail together.

A road cut into several segments (``A3:Abidjan-Anyama``, ``A3:Anyama-Agboville``, ...) carries
the same fuel on every piece: where two segments meet at a node that nothing else touches,
closing either one cuts the same route. In an N-1 ranking those pieces fill the top ten with
one weakness. :func:`segment_chains` groups them, :func:`chain_ranking` ranks one row per
chain.

A node is *inside* a chain when exactly two segments meet there, they lead to two different
other nodes, and the node has no role of its own in the flow: no supply, no demand, no
through capacity (border posts, ports and depots never are). Closing any segment of a chain
then has the same effect as closing the whole chain (fuel entering the chain must pass every
piece), so a chain's effect is read off its members' N-1 rows, with no extra solve.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from supplychain._json import as_written

__all__ = ["LOSS_SHOWN_M3_PER_DAY", "Chain", "chain_ranking", "loses_something", "ranking_head", "segment_chains"]

#: A ranking shows a loss (m³/day) only above this: the text prints whole m³/day, rounding a
#: half to even, so this figure or a smaller one would read "lost 0" (cons34: exactly 0.5
#: was ranked as losing something and printed "-0 m3/day").
LOSS_SHOWN_M3_PER_DAY = 0.5

#: Chain columns added to every N-1 row (the parquet keeps every segment row).
CHAIN_COLUMNS = ("chain_id", "chain_segments", "chain_length_km", "chain_members")


@dataclass(frozen=True)
class Chain:
    """Segments in series with no junction between them.

    Parameters
    ----------
    chain_id : str
        The segment id for a chain of one; ``"FIRST..LAST"`` for longer chains.
    members : tuple of str
        Segment ids in order along the road.
    length_km : float
        Sum of the members' lengths.

    Examples
    --------
    >>> c = Chain("a..b", ("a", "x", "b"), 12.5)
    >>> c.first, c.last, len(c)
    ('a', 'b', 3)
    """

    chain_id: str
    members: tuple[str, ...]
    length_km: float

    @property
    def first(self) -> str:
        """First segment along the road."""
        return self.members[0]

    @property
    def last(self) -> str:
        """Last segment along the road."""
        return self.members[-1]

    def __len__(self) -> int:
        return len(self.members)


def _passive(data: dict[str, object]) -> bool:
    """True for a node with no role in the flow (no supply, demand or capacity)."""
    return (
        not (data.get("supply_m3_per_day") or 0)
        and not (data.get("demand_m3_per_day") or 0)
        and data.get("capacity_trucks_per_day") is None
        and data.get("role") not in ("border", "port", "depot")
    )


def segment_chains(graph: nx.MultiDiGraph) -> dict[str, Chain]:
    """The chain of every segment of ``graph``.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A corridor network (both directions of a road share its ``segment_id``).

    Returns
    -------
    dict of str to Chain
        Segment id -> its chain (a chain of one for a segment that meets junctions or places
        at both ends).

    Examples
    --------
    A road P - x - y - C cut in three pieces, and a spur from x: x is a junction, y is not.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", supply_m3_per_day=10.0)
    >>> g.add_node("C", demand_m3_per_day=5.0)
    >>> for sid, u, v in [("a", "P", "x"), ("b", "x", "y"), ("c", "y", "C"), ("d", "x", "z")]:
    ...     for s, t in ((u, v), (v, u)):
    ...         _ = g.add_edge(s, t, segment_id=sid, length_km=10.0)
    >>> chains = segment_chains(g)
    >>> chains["b"].chain_id, chains["b"].members, chains["b"].length_km
    ('b..c', ('b', 'c'), 20.0)
    >>> chains["a"].members
    ('a',)
    """
    ends: dict[str, set[Hashable]] = defaultdict(set)
    length: dict[str, float] = {}
    for u, v, d in graph.edges(data=True):
        sid = str(d["segment_id"])
        ends[sid].update((u, v))
        length.setdefault(sid, float(d.get("length_km") or 0.0))
    at_node: dict[Hashable, set[str]] = defaultdict(set)
    for sid, nodes in ends.items():
        for n in nodes:
            at_node[n].add(sid)
    # Union the two segments meeting at every inner node (hand-written union-find: a few lines,
    # no library needed).
    parent = {sid: sid for sid in ends}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    inner: set[Hashable] = set()
    for n, sids in at_node.items():
        if len(sids) != 2 or not _passive(graph.nodes[n]):
            continue
        a, b = sorted(sids)
        if len(ends[a]) != 2 or len(ends[b]) != 2:
            continue
        if (ends[a] - {n}) == (ends[b] - {n}):
            continue  # two parallel roads to the same place: not in series
        inner.add(n)
        parent[find(a)] = find(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for sid in ends:
        groups[find(sid)].append(sid)
    out: dict[str, Chain] = {}
    for members in groups.values():
        ordered = _order(sorted(members), ends, inner)
        cid = ordered[0] if len(ordered) == 1 else f"{ordered[0]}..{ordered[-1]}"
        chain = Chain(cid, tuple(ordered), float(sum(length[s] for s in ordered)))
        for s in ordered:
            out[s] = chain
    return out


def _order(members: list[str], ends: dict[str, set[Hashable]], inner: set[Hashable]) -> list[str]:
    """Members in order along the road, starting from an end (the smallest id for a ring)."""
    if len(members) == 1:
        return members
    member_set = set(members)
    by_node: dict[Hashable, list[str]] = defaultdict(list)
    for s in members:
        for n in ends[s]:
            if n in inner:
                by_node[n].append(s)
    starts = [s for s in members if any(n not in inner for n in ends[s])]
    # Of the two ends, start from the smaller id so the chain reads the same every time.
    order = [min(starts) if starts else members[0]]
    seen = {order[0]}
    while True:
        here = order[-1]
        nxt = [t for n in ends[here] if n in inner for t in by_node[n] if t not in seen and t in member_set]
        if not nxt:
            break
        order.append(min(nxt))
        seen.add(order[-1])
    order += [s for s in members if s not in seen]  # not expected; keep every member
    return order


def chain_ranking(table: pd.DataFrame) -> pd.DataFrame:
    """One row per chain (and border post), in the order of the N-1 ranking.

    Each chain takes the row of its best-ranked member (closing any member closes the chain);
    ``rank`` is renumbered, ``segment_rank`` keeps the member's rank and ``id`` becomes the
    chain id.

    Parameters
    ----------
    table : pandas.DataFrame
        An N-1 table with ``rank``, ``id`` and (optionally) ``chain_id``.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> t = pd.DataFrame({"rank": [1, 2, 3], "id": ["a", "b", "c"],
    ...                   "chain_id": ["a..b", "a..b", "c"]})
    >>> chain_ranking(t)[["rank", "id", "segment_rank"]].values.tolist()
    [[1, 'a..b', 1], [2, 'c', 3]]
    """
    t = table.sort_values("rank", kind="stable")
    if "chain_id" not in t.columns:
        return t.reset_index(drop=True)
    t = t.assign(chain_id=t["chain_id"].where(t["chain_id"].astype(str) != "", t["id"]))
    first = t.drop_duplicates("chain_id", keep="first").reset_index(drop=True)
    first = first.rename(columns={"rank": "segment_rank"})
    first.insert(0, "rank", range(1, len(first) + 1))
    first["id"] = first["chain_id"]
    return first


def loses_something(table: pd.DataFrame) -> pd.Series:
    """Which rows of a ranking lose something: throughput or served demand lost of more than
    :data:`LOSS_SHOWN_M3_PER_DAY` (what prints as 1 m³/day or more), or flagged a single
    point of failure.

    Parameters
    ----------
    table : pandas.DataFrame
        With ``throughput_lost_m3_per_day``, ``served_lost_m3_per_day`` and (optionally)
        ``single_point_of_failure``.

    Returns
    -------
    pandas.Series of bool
        Aligned with ``table``.

    Examples
    --------
    >>> t = pd.DataFrame({"throughput_lost_m3_per_day": [9.0, 0.4, 0.0],
    ...                   "served_lost_m3_per_day": [0.0, 0.0, 0.0],
    ...                   "single_point_of_failure": [False, False, True]})
    >>> loses_something(t).tolist()
    [True, False, True]
    """
    # As written (as_written), as the text and the report print it: the LP's 0.5000000001 (two
    # optima's difference) prints "0" too, and was ranked as losing something (review35).
    loses = ((table["throughput_lost_m3_per_day"].fillna(0.0).map(as_written) > LOSS_SHOWN_M3_PER_DAY)
             | (table["served_lost_m3_per_day"].fillna(0.0).map(as_written) > LOSS_SHOWN_M3_PER_DAY))  # fmt: skip
    if "single_point_of_failure" in table.columns:
        loses |= table["single_point_of_failure"].fillna(False).astype(bool)
    return loses


def ranking_head(table: pd.DataFrame, *, limit: int) -> tuple[pd.DataFrame, int, int]:
    """The top of an N-1 / N-k ranking worth showing, and how many rows it leaves out.

    The first ``limit`` rows, cut after the last one that :func:`loses_something`.
    Past the few closures that matter a ranking is of zero losses in id order (on a real
    network hundreds of border posts), which reads as a ranking when printed. The text output
    and the report show the same rows.

    Parameters
    ----------
    table : pandas.DataFrame
        A ranking in rank order with ``throughput_lost_m3_per_day``,
        ``served_lost_m3_per_day`` and (optionally) ``single_point_of_failure``.
    limit : int
        At most this many rows.

    Returns
    -------
    shown : pandas.DataFrame
        The rows to show.
    more_losing : int
        Rows after ``shown`` that lose something.
    losing_nothing : int
        Rows after ``shown`` that lose nothing (a row whose ``status`` is ``failed`` is not
        one: its loss is unknown).

    Examples
    --------
    >>> t = pd.DataFrame({"throughput_lost_m3_per_day": [9.0, 0.0, 2.0, 0.0, 0.0],
    ...                   "served_lost_m3_per_day": [0.0] * 5})
    >>> shown, more, nothing = ranking_head(t, limit=2)
    >>> len(shown), more, nothing
    (1, 1, 3)
    >>> [len(x) if isinstance(x, pd.DataFrame) else x for x in ranking_head(t, limit=10)]
    [3, 0, 2]
    """
    loses = loses_something(table)
    head = loses.iloc[:limit].to_numpy()
    n = int(head.nonzero()[0][-1]) + 1 if head.any() else 0
    rest = loses.iloc[n:]
    failed = (table["status"] == "failed").iloc[n:] if "status" in table.columns else rest & False
    return table.iloc[:n], int(rest.sum()), int((~rest & ~failed).sum())
