"""Names of a package loaded on first use (PEP 562), shared by the subpackages.

A command that needs one corner of a package (``stress n-1`` needs the fast solver, not PuLP's
model builder, the threat readers or the OSM stack) must not pay for the rest at start-up;
``from supplychain.models import build_model`` still works as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from importlib import import_module
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str,
    module_of: Mapping[str, str],
    namespace: MutableMapping[str, Any],
    exported: Sequence[str],
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package whose names live in its modules.

    Parameters
    ----------
    package : str
        The package's ``__name__`` (for the error message).
    module_of : mapping of str to str
        Exported name -> the module that defines it.
    namespace : mutable mapping
        The package's ``globals()``: a name, once imported, is stored there, so later lookups
        do not come back here.
    exported : sequence of str
        The package's ``__all__``.

    Returns
    -------
    (callable, callable)
        Assign them to ``__getattr__`` and ``__dir__`` at the package's top level.

    Raises
    ------
    AttributeError
        From the returned ``__getattr__``, for a name the package does not export.

    Examples
    --------
    >>> ns: dict[str, object] = {}
    >>> getattr_, dir_ = lazy_exports("pkg", {"sqrt": "math"}, ns, ["sqrt"])
    >>> getattr_("sqrt")(4.0), "sqrt" in ns, dir_()
    (2.0, True, ['sqrt'])
    """

    def getattr_(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted(set(namespace) | set(exported))

    return getattr_, dir_
