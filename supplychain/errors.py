"""The one error family of supplychain.

Every error a user can cause derives from :class:`SupplyChainError`, so callers (and the CLI)
can catch the family and print a one-line message. Messages name the bad item (file, segment,
place, key) and say how to fix it.

Bad arguments to library calls raise :class:`ArgumentError` (a ``ValueError``),
:class:`ArgumentTypeError` (an ``ArgumentError`` and a ``TypeError``),
:class:`UnknownElementError` (a ``KeyError``: an edge, segment or node the network or the
model does not have) or :class:`UnknownNodeError` (a :class:`networkx.NodeNotFound`): each is
still the builtin (or networkx) exception these calls raised before, so existing ``except``
clauses keep working.

:class:`UnknownNodeError` derives from a networkx class, so it is defined in a private module
and loaded on first use (PEP 562): ``import supplychain`` does not import networkx.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from supplychain._lazy import lazy_exports

if TYPE_CHECKING:
    from supplychain._node_errors import UnknownNodeError

__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "ConnectivityError",
    "DataFileError",
    "NetworkSourceError",
    "OverpassError",
    "ParameterError",
    "SchemaError",
    "SolverError",
    "SupplyChainError",
    "UnknownElementError",
    "UnknownNodeError",
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
    """A file is missing, unreadable, corrupt or in an unsupported format.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it (see :class:`SupplyChainError`).
    problems : iterable of str, optional
        Each problem, when several were collected.

    Examples
    --------
    >>> err = DataFileError("'x.graphml' does not exist; pass an existing network file")
    >>> isinstance(err, SupplyChainError), err.summary
    (True, "'x.graphml' does not exist; pass an existing network file")
    """


class ParameterError(SupplyChainError):
    """A parameter, places or corridor file has an unknown key, a bad type or a bad value.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it (see :class:`SupplyChainError`).
    problems : iterable of str, optional
        Each problem, when several were collected.

    Examples
    --------
    >>> err = ParameterError("2 problems in 'model.toml'", problems=["tanker_m3 < 0", "no demand"])
    >>> err.problems, str(err)
    (['tanker_m3 < 0', 'no demand'], "2 problems in 'model.toml': tanker_m3 < 0; no demand")
    """


class SchemaError(SupplyChainError):
    """A network violates the attribute schema (missing, negative or non-finite values).

    Parameters
    ----------
    message : str
        What is wrong and how to fix it (see :class:`SupplyChainError`).
    problems : iterable of str, optional
        Each problem, when several were collected.

    Examples
    --------
    >>> isinstance(SchemaError("edge ('a', 'b', 0) has length_m -1; fix the network"), SupplyChainError)
    True
    """


class NetworkSourceError(SupplyChainError):
    """A network source yields no usable road network (no road of the requested classes, ...).

    Parameters
    ----------
    message : str
        What is wrong and how to fix it (see :class:`SupplyChainError`).
    problems : iterable of str, optional
        Each problem, when several were collected.

    Examples
    --------
    >>> str(NetworkSourceError("'roads.gpkg' has no road of the classes trunk; pass --classes"))
    "'roads.gpkg' has no road of the classes trunk; pass --classes"
    """


class ConnectivityError(SupplyChainError):
    """A port, depot or demand city cannot reach Bamako, or a place matches no network node.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it (see :class:`SupplyChainError`).
    problems : iterable of str, optional
        Each problem, when several were collected.

    Examples
    --------
    >>> isinstance(ConnectivityError("port 'Dakar' cannot reach Bamako"), SupplyChainError)
    True
    """


class OverpassError(NetworkSourceError):
    """The Overpass API failed, timed out or returned an error.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it (see :class:`SupplyChainError`).
    problems : iterable of str, optional
        Each problem, when several were collected.

    Examples
    --------
    >>> isinstance(OverpassError("Overpass timed out; retry or pass --source FILE"), NetworkSourceError)
    True
    """


class SolverError(SupplyChainError):
    """The solver returned no plan (time limit, numerical failure) where one is needed to go on.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it (see :class:`SupplyChainError`).
    problems : iterable of str, optional
        Each problem, when several were collected.

    Examples
    --------
    >>> isinstance(SolverError("HiGHS returned no plan (time limit); raise the limit"), SupplyChainError)
    True
    """


class ArgumentError(ParameterError, ValueError):
    """A bad argument to a library call (a budget below 0, a capacity that is NaN, a node that
    is not in the network): in the family, and still the ``ValueError`` these calls raised
    before, so existing ``except ValueError`` code keeps working.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it (see :class:`SupplyChainError`).
    problems : iterable of str, optional
        Each problem, when several were collected.

    Examples
    --------
    >>> isinstance(ArgumentError("k = -1; the budget must be an integer >= 0"), ValueError)
    True
    """


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument of the wrong type (a report given something that is not a result, HTML
    that is not a string): an :class:`ArgumentError`, so ``except ArgumentError`` catches every
    bad argument, and still the ``TypeError`` these calls raised before.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it (see :class:`SupplyChainError`).
    problems : iterable of str, optional
        Each problem, when several were collected.

    Examples
    --------
    >>> err = ArgumentTypeError("html is a bytes; pass the str build_report returns")
    >>> isinstance(err, TypeError), isinstance(err, ArgumentError)
    (True, True)
    """


class UnknownElementError(ParameterError, KeyError):
    """An edge, segment or other element a caller named that the network (or the model built
    on it) does not have: in the family, and still the ``KeyError`` these calls raised before.

    ``str()`` is the message itself (a plain ``KeyError`` would print it in quotes), so the
    command line's ``error:`` line stays clean.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it (see :class:`SupplyChainError`).
    problems : iterable of str, optional
        Each problem, when several were collected.

    Examples
    --------
    >>> err = UnknownElementError("edge ('P', 'X', 0) is not in the network; use (u, v, key)")
    >>> isinstance(err, KeyError), str(err)
    (True, "edge ('P', 'X', 0) is not in the network; use (u, v, key)")
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


# UnknownNodeError (a networkx.NodeNotFound) lives in supplychain._node_errors and is loaded
# on first use, so that importing the error family does not import networkx.
__getattr__, __dir__ = lazy_exports(
    __name__, {"UnknownNodeError": "supplychain._node_errors"}, globals(), __all__
)
