"""Every public function and class has a numpydoc docstring with the sections the guide asks for.

Public: the functions and classes in a module's ``__all__`` that the module defines (re-exports
are checked where they are defined). Required: a summary line; ``Parameters`` (or
``Attributes``, for a dataclass or protocol's fields) when the callable takes arguments,
naming each of them (a subclass's inherited fields may be named by its base class);
``Returns`` (or ``Yields``) when its return annotation is not None; ``Examples`` (run as
doctests by ``--doctest-modules``), and not a placeholder that only prints ``X.__name__``.
``Raises`` is not checked here: whether a function raises is not visible from outside.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

import supplychain

#: A numpydoc section header: a title line, then a line of dashes.
_SECTION = re.compile(r"^([A-Z][A-Za-z ]*)\n-{3,}$", re.M)
#: Return annotations that promise no value: nothing returned, never returns, a generator
#: (a context manager's) that yields None.
_NO_VALUE = re.compile(r"^(None|NoReturn|Never|(typing\.)?(Iterator|Generator|AsyncIterator)\[None\b.*)$")
#: An example that only shows the object's name: it runs, and documents nothing.
_PLACEHOLDER = re.compile(r"\A>>> [\w.]+\.__name__\n'\w+'\Z")


def _modules() -> Iterator[ModuleType]:
    for info in pkgutil.walk_packages(supplychain.__path__, "supplychain."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue  # importing it runs the command line
        yield importlib.import_module(info.name)


def _public(module: ModuleType) -> Iterator[tuple[str, Any]]:
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name, None)
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == module.__name__:
            yield f"{module.__name__}.{name}", obj


def _takes_arguments(obj: Any) -> bool:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):  # a builtin-derived class without a signature
        return False
    return any(p.name not in ("self", "cls") for p in sig.parameters.values())


def _returns_value(obj: Any) -> bool:
    if inspect.isclass(obj):
        return False  # a class "returns" an instance: its fields are Parameters or Attributes
    annotation = inspect.signature(obj).return_annotation
    if annotation is inspect.Signature.empty:
        return True  # unannotated: assume it returns something
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", repr(annotation))
    return annotation is not None and not _NO_VALUE.match(text.strip())


def _examples(doc: str) -> str:
    """The Examples section's text, up to the next section."""
    match = re.search(r"^Examples\n-{3,}\n(.*?)(?=^[A-Z][A-Za-z ]*\n-{3,}$|\Z)", doc, re.M | re.S)
    return match.group(1).strip() if match else ""


def _documented_names(doc: str) -> set[str]:
    """Names a docstring's Parameters, Other Parameters and Attributes sections describe
    (``a, b : float`` describes both)."""
    names: set[str] = set()
    sections = r"^(?:Parameters|Other Parameters|Attributes)\n-{3,}\n(.*?)(?=^[A-Z][A-Za-z ]*\n-{3,}$|\Z)"
    for match in re.finditer(sections, doc, re.M | re.S):
        for line in match.group(1).splitlines():
            if line and not line[0].isspace():
                names |= {n.strip().lstrip("*") for n in line.split(" : ")[0].split(",")}
    return names


def _undocumented_arguments(obj: Any) -> list[str]:
    """Arguments (fields) of ``obj`` that its docstring (or, for an inherited field, a base
    class's in the package) does not describe; ``*args`` and ``**kwargs`` excepted."""
    try:
        parameters = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return []
    owners = [c for c in inspect.getmro(obj) if c.__module__.startswith("supplychain")] \
        if inspect.isclass(obj) else [obj]  # fmt: skip
    documented = set().union(*(_documented_names(inspect.getdoc(o) or "") for o in owners))
    return [p.name for p in parameters
            if p.name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
            and p.name not in documented]  # fmt: skip


def missing_sections(obj: Any) -> list[str]:
    """The required sections ``obj``'s docstring lacks (empty when complete).

    Parameters
    ----------
    obj : function or class

    Returns
    -------
    list of str
    """
    doc = inspect.getdoc(obj) or ""
    sections = set(_SECTION.findall(doc))
    missing = []
    if not doc.strip() or _SECTION.match(doc):
        missing.append("summary line")
    if _takes_arguments(obj) and not sections & {"Parameters", "Attributes"}:
        missing.append("Parameters (or Attributes)")
    elif undocumented := _undocumented_arguments(obj):
        missing.append(f"Parameters naming {', '.join(undocumented)}")
    if _returns_value(obj) and not sections & {"Returns", "Yields"}:
        missing.append("Returns (or Yields)")
    if "Examples" not in sections:
        missing.append("Examples")
    elif _PLACEHOLDER.match(_examples(doc)):
        missing.append("Examples (a real one, not `X.__name__`)")
    return missing


def test_every_public_object_has_the_required_sections() -> None:
    public = [item for module in _modules() for item in _public(module)]
    assert len(public) > 200, "the scan found almost nothing: is it walking the package?"
    lacking = [f"{name}: {', '.join(missing)}" for name, obj in public if (missing := missing_sections(obj))]
    assert not lacking, (
        f"{len(lacking)} of {len(public)} public functions and classes lack numpydoc sections "
        "(developers' guide):\n" + "\n".join(lacking)
    )


# --- the checker itself ----------------------------------------------------------------------


def _complete(x: int) -> int:
    """Double.

    Parameters
    ----------
    x : int

    Returns
    -------
    int

    Examples
    --------
    >>> _complete(2)
    4
    """
    return 2 * x


def _bare(x: int) -> int:
    """Double."""
    return 2 * x


def _placeholder() -> None:
    """Nothing.

    Examples
    --------
    >>> _placeholder.__name__
    '_placeholder'
    """


def _partial(x: int, y: int) -> int:
    """Add.

    Parameters
    ----------
    x : int

    Returns
    -------
    int

    Examples
    --------
    >>> _partial(1, 2)
    3
    """
    return x + y


def _no_value(x: int) -> None:
    """Print.

    Parameters
    ----------
    x : int

    Examples
    --------
    >>> _no_value(1)
    1
    """
    print(x)


@pytest.mark.parametrize(("obj", "expected"), [
    (_complete, []),
    (_bare, ["Parameters (or Attributes)", "Returns (or Yields)", "Examples"]),
    (_placeholder, ["Examples (a real one, not `X.__name__`)"]),
    (_partial, ["Parameters naming y"]),
    (_no_value, []),
])  # fmt: skip
def test_checker_finds_each_missing_section(obj: Any, expected: list[str]) -> None:
    assert missing_sections(obj) == expected


def test_checker_reads_context_managers_and_no_return() -> None:
    from supplychain._gc import paused
    from supplychain._problems import raise_summarised

    assert not _returns_value(paused)  # Iterator[None]: yields nothing
    assert not _returns_value(raise_summarised)  # NoReturn
    assert _returns_value(_complete)
