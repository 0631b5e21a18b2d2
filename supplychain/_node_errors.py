"""The error family's class that derives from networkx (loaded on first use by
:mod:`supplychain.errors`, so that ``import supplychain`` does not import networkx)."""

from __future__ import annotations

import networkx as nx

from supplychain.errors import ParameterError

__all__ = ["UnknownNodeError"]


class UnknownNodeError(ParameterError, nx.NodeNotFound):
    """A node a caller named (a sink, a source, an end of a route) that is not in the network:
    in the family, and still the :class:`networkx.NodeNotFound` these calls raised before.

    Import it from :mod:`supplychain.errors` (or :mod:`supplychain`).

    Parameters
    ----------
    message : str
        What is wrong and how to fix it (see :class:`~supplychain.errors.SupplyChainError`).
    problems : iterable of str, optional
        Each problem, when several were collected.

    Examples
    --------
    >>> import networkx as nx
    >>> from supplychain.errors import UnknownNodeError
    >>> isinstance(UnknownNodeError("sink 'Timbuktu' is not in the network"), nx.NodeNotFound)
    True
    """


# Shown (and pickled) under its public name; supplychain.errors resolves it on first use.
UnknownNodeError.__module__ = "supplychain.errors"
