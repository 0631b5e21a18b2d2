"""Every public function, class and method has a numpydoc docstring with the guide's sections.

Public: the functions and classes in a module's ``__all__`` that the module defines (re-exports
are checked where they are defined). Required: a summary line; ``Parameters`` (or
``Attributes``, for a dataclass or protocol's fields) when the callable takes arguments,
naming each of them (a subclass's inherited fields may be named by its base class);
``Returns`` (or ``Yields``) when its return annotation is not None; ``Examples`` (run as
doctests by ``--doctest-modules``), and not a placeholder that only prints ``X.__name__``.
``Raises`` is not checked here: whether a function raises is not visible from outside.

Public methods and properties: those of a public class (or of a class in the package it
inherits from) whose names do not start with ``_``, each checked once, on the class that
defines it; methods inherited from a base outside the package (``Exception``, ``Protocol``)
are not checked. A method's own docstring counts: an override must have one (``inspect.getdoc``
would lend it the base's, which describes the base's behaviour).

- A method (classmethods and staticmethods included) needs what a function needs, except that
  ``Examples`` are required only for the methods users call directly: alternative constructors
  (classmethods and staticmethods), ``solve*``, ``summary`` and the ``to_*`` conversions
  (``to_dict``, ``to_frame``, ``to_text``). For the others the sections suffice: most are
  read through those, and dozens of trivial examples would document little.
- A property needs a summary line saying what the value is (and its unit: a convention this
  test cannot check). When its return annotation is not a single scalar (``bool``, ``int``, ``float``, ``str``, maybe
  ``| None``), the shape is not obvious, so it also needs a ``Returns`` section (the keys,
  index or order, and units of the array, dict, tuple or object it returns).
"""

from __future__ import annotations

import functools
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
#: Methods users call directly, which need an Examples section (besides classmethods and
#: staticmethods, the alternative constructors).
_CALLED_DIRECTLY = re.compile(r"^(solve\w*|summary|to_\w+)$")
#: A property's return annotation that its summary line describes well enough: one scalar.
_SCALAR = re.compile(r"^(bool|int|float|str)( \| None)?$")


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


def _methods(cls: type, package: str = "supplychain") -> Iterator[tuple[str, Any]]:
    """Public methods (functions, classmethods, staticmethods) and properties that ``cls`` or
    a base class in ``package`` defines, named by the defining class."""
    for owner in inspect.getmro(cls):
        if not owner.__module__.startswith(package):
            continue
        for name, raw in vars(owner).items():
            if name.startswith("_"):
                continue
            if isinstance(raw, (classmethod, staticmethod, property, functools.cached_property)) \
                    or inspect.isfunction(raw):  # fmt: skip
                yield f"{owner.__module__}.{owner.__qualname__}.{name}", raw


def _public_methods(public: list[tuple[str, Any]]) -> dict[str, Any]:
    """The public methods and properties of the public classes, each once."""
    return {name: member for _, obj in public if inspect.isclass(obj) for name, member in _methods(obj)}


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


def _documented_names(doc: str, sections: str = "Parameters|Other Parameters|Attributes") -> set[str]:
    """Names a docstring's Parameters, Other Parameters and Attributes sections (or the
    ``sections`` given, a regex alternation) describe (``a, b : float`` describes both)."""
    names: set[str] = set()
    sections = rf"^(?:{sections})\n-{{3,}}\n(.*?)(?=^[A-Z][A-Za-z ]*\n-{{3,}}$|\Z)"
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


def _stale_parameters(obj: Any, doc: str) -> list[str]:
    """Names the Parameters section describes that ``obj`` does not take (a parameter removed
    from the code and left in its docstring; found on ``Reduction.parallel_dropped``)."""
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return []
    parameters = signature.parameters.values()
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters):
        return []
    taken = {p.name for p in parameters}
    return sorted(n for n in _documented_names(doc, "Parameters|Other Parameters") - taken if n)


def missing_sections(obj: Any, *, examples: bool = True, own: bool = False) -> list[str]:
    """The required sections ``obj``'s docstring lacks (empty when complete).

    Parameters
    ----------
    obj : function or class
    examples : bool
        Whether an Examples section is required.
    own : bool
        Read only ``obj``'s own docstring, not one ``inspect.getdoc`` finds on a base class.

    Returns
    -------
    list of str
    """
    doc = inspect.cleandoc(obj.__doc__ or "") if own else inspect.getdoc(obj) or ""
    sections = set(_SECTION.findall(doc))
    missing = []
    if not doc.strip() or _SECTION.match(doc):
        missing.append("summary line")
    if _takes_arguments(obj) and not sections & {"Parameters", "Attributes"}:
        missing.append("Parameters (or Attributes)")
    elif undocumented := _undocumented_arguments(obj):
        missing.append(f"Parameters naming {', '.join(undocumented)}")
    if stale := _stale_parameters(obj, doc):
        missing.append(f"no Parameters entry for what it does not take ({', '.join(stale)})")
    if _returns_value(obj) and not sections & {"Returns", "Yields"}:
        missing.append("Returns (or Yields)")
    if not examples:
        pass
    elif "Examples" not in sections:
        missing.append("Examples")
    elif _PLACEHOLDER.match(_examples(doc)):
        missing.append("Examples (a real one, not `X.__name__`)")
    return missing


def missing_member_sections(name: str, member: Any) -> list[str]:
    """The required sections a public method's or property's docstring lacks (see the module
    docstring for the rules).

    Parameters
    ----------
    name : str
        Its qualified name (``module.Class.method``).
    member : function, classmethod, staticmethod, property or functools.cached_property
        As the class's ``__dict__`` holds it.

    Returns
    -------
    list of str
    """
    if isinstance(member, (classmethod, staticmethod)):  # an alternative constructor
        return missing_sections(member.__func__, own=True)
    if inspect.isfunction(member):
        method = name.rsplit(".", 1)[-1]
        return missing_sections(member, own=True, examples=bool(_CALLED_DIRECTLY.match(method)))
    getter = member.fget if isinstance(member, property) else member.func
    doc = inspect.cleandoc(getter.__doc__ or "")
    missing = []
    if not doc.strip() or _SECTION.match(doc):
        missing.append("summary line")
    annotation = inspect.signature(getter).return_annotation
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", repr(annotation))
    if not _SCALAR.match(text.strip()) and "Returns" not in _SECTION.findall(doc):
        missing.append("Returns (its value is not a single scalar)")
    return missing


def test_every_public_object_has_the_required_sections() -> None:
    public = [item for module in _modules() for item in _public(module)]
    assert len(public) > 200, "the scan found almost nothing: is it walking the package?"
    lacking = [f"{name}: {', '.join(missing)}" for name, obj in public if (missing := missing_sections(obj))]
    assert not lacking, (
        f"{len(lacking)} of {len(public)} public functions and classes lack numpydoc sections "
        "(developers' guide):\n" + "\n".join(lacking)
    )


def test_every_public_method_and_property_has_the_required_sections() -> None:
    public = [item for module in _modules() for item in _public(module)]
    members = _public_methods(public)
    assert len(members) > 80, "the scan found almost no methods: is it reading the classes?"
    lacking = [f"{name}: {', '.join(missing)}" for name, member in members.items()
               if (missing := missing_member_sections(name, member))]  # fmt: skip
    assert not lacking, (
        f"{len(lacking)} of {len(members)} public methods and properties lack numpydoc sections "
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


def _stale(x: int) -> int:
    """Double.

    Parameters
    ----------
    x : int
    factor : int
        Removed from the code, left here.

    Returns
    -------
    int

    Examples
    --------
    >>> _stale(2)
    4
    """
    return 2 * x


@pytest.mark.parametrize(("obj", "expected"), [
    (_complete, []),
    (_stale, ["no Parameters entry for what it does not take (factor)"]),
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


class _Sample:
    """A class whose members break each member rule once.

    Examples
    --------
    >>> _Sample().count
    1
    """

    @property
    def count(self) -> int:
        """How many (a scalar: the summary is enough)."""
        return 1

    @property
    def table(self) -> dict[str, float]:
        """A mapping, with no Returns section."""
        return {}

    @property
    def bare(self) -> bool:
        return True

    @classmethod
    def make(cls, x: int) -> _Sample:
        """A constructor with sections but no Examples.

        Parameters
        ----------
        x : int

        Returns
        -------
        _Sample
        """
        return cls()

    def to_dict(self) -> dict[str, int]:
        """A conversion with no sections."""
        return {}

    def helper(self, x: int) -> int:
        """Sections without Examples: enough for a method users do not call directly.

        Parameters
        ----------
        x : int

        Returns
        -------
        int
        """
        return x


class _Override(_Sample):
    """Overrides a method without a docstring of its own."""

    def helper(self, x: int) -> int:
        return x + 1


@pytest.mark.parametrize(("name", "expected"), [
    ("count", []),
    ("table", ["Returns (its value is not a single scalar)"]),
    ("bare", ["summary line"]),
    ("make", ["Examples"]),
    ("to_dict", ["Returns (or Yields)", "Examples"]),
    ("helper", []),
])  # fmt: skip
def test_checker_finds_each_missing_member_section(name: str, expected: list[str]) -> None:
    qualified = f"{_Sample.__module__}._Sample.{name}"
    assert missing_member_sections(qualified, dict(_methods(_Sample, __name__))[qualified]) == expected


def test_checker_reads_an_override_s_own_docstring() -> None:
    members = dict(_methods(_Override, __name__))
    name = f"{_Override.__module__}._Override.helper"
    assert inspect.getdoc(members[name])  # getdoc lends it _Sample.helper's docstring...
    assert missing_member_sections(name, members[name]) == [
        "summary line", "Parameters (or Attributes)", "Returns (or Yields)"]  # ...not counted
    # ...and the inherited members are checked on the class that defines them, once.
    assert f"{_Sample.__module__}._Sample.to_dict" in members
