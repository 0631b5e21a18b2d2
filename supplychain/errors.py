"""The one error family of supplychain.

Every error a user can cause derives from :class:`SupplyChainError`, so callers (and the CLI)
can catch the family and print a one-line message. Messages name the bad item (file, segment,
place, key) and say how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ArgumentError",
    "ConnectivityError",
    "DataFileError",
    "NetworkSourceError",
    "OverpassError",
    "ParameterError",
    "SchemaError",
    "SolverError",
    "SupplyChainError",
]


class SupplyChainError(Exception):
    """Base class of every error supplychain raises on bad input or unavailable data.

    Parameters
    ----------
    message : str
        A complete sentence naming the bad item and saying how to fix it.
    problems : iterable of str, optional
        When validation collected several problems, each of them; ``message`` then summarises.

    Examples
    --------
    >>> err = SupplyChainError("2 problems in 'x.toml'", problems=["a", "b"])
    >>> str(err)
    "2 problems in 'x.toml': a; b"
    """

    def __init__(self, message: str, *, problems: Iterable[str] = ()) -> None:
        self.problems: list[str] = list(problems)
        self.summary = message
        text = message if not self.problems else f"{message}: " + "; ".join(self.problems)
        super().__init__(text)


class DataFileError(SupplyChainError):
    """A file is missing, unreadable, corrupt or in an unsupported format."""


class ParameterError(SupplyChainError):
    """A parameter, places or corridor file has an unknown key, a bad type or a bad value."""


class SchemaError(SupplyChainError):
    """A network violates the attribute schema (missing, negative or non-finite values)."""


class NetworkSourceError(SupplyChainError):
    """A network source yields no usable road network (no road of the requested classes, ...)."""


class ConnectivityError(SupplyChainError):
    """A port, depot or demand city cannot reach Bamako, or a place matches no network node."""


class OverpassError(NetworkSourceError):
    """The Overpass API failed, timed out or returned an error."""


class SolverError(SupplyChainError):
    """The solver returned no plan (time limit, numerical failure) where one is needed to go on."""


class ArgumentError(ParameterError, ValueError):
    """A bad argument to a library call (a budget below 0, a capacity that is NaN, a node that
    is not in the network): in the family, and still the ``ValueError`` these calls raised
    before, so existing ``except ValueError`` code keeps working.

    Examples
    --------
    >>> isinstance(ArgumentError("k = -1; the budget must be an integer >= 0"), ValueError)
    True
    """
