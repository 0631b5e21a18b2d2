"""Each module's ``__all__`` is its public API (developers' guide), and the reports use it.

tests/test_docstrings.py checks the names in ``__all__`` have their numpydoc sections; these
check ``__all__`` itself: every module has one, it names no private object, a public module's
public functions and classes are in it (else they escape the docstring check), and the reports
import no private helper from the models (found: ``reports.timeline_section`` imported
``_percent`` and ``_left_out_text`` from ``models.timeline_result``).

Private names stay inside their subpackage (``supplychain.cli``, ``.models``, ``.networks``,
``.reports``, ``.scenarios``): a module may use a sibling's ``_helper``, but another subpackage
takes only what a module's ``__all__`` lists (public, documented: tests/test_docstrings.py).
The root package's private modules (``supplychain._toml``, ``._atomic``, ...) are the
distribution's internal utilities, importable from every subpackage but not by users; each is
one unit of its own, so what the others import from it is in its ``__all__`` too, and the
package docstring lists them all (found: ``scenarios.interdiction`` took seven private helpers
from ``models.paths`` and ``models.lp``, ``scenarios.sweep_common`` took ``_fingerprint`` from
``models.results``, ``scenarios.selectors`` ``_transformers`` from ``networks.geo``, and every
subpackage ``_suggest``, ``_Checker``, ``_read_toml`` or ``_atomic_path`` from the root).

Read from the source (:mod:`ast`), so that a module's imports are not mistaken for its own
definitions.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import supplychain

PACKAGE = Path(supplychain.__file__).resolve().parent


def _modules() -> Iterator[tuple[str, ast.Module]]:
    """(dotted name, parsed source) of every module of the package but ``__main__``."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), ast.parse(path.read_text(encoding="utf-8"))


def _all(tree: ast.Module) -> list[str] | None:
    """The literal ``__all__`` of a module (``None`` when it has none)."""
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []  # fmt: skip
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            assert node.value is not None
            return list(ast.literal_eval(node.value))
    return None


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _public_module(module: str) -> bool:
    return not any(_private(part) for part in module.split("."))


def _defined(tree: ast.Module) -> list[str]:
    """Functions and classes the module defines at its top level."""
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return [node.name for node in tree.body if isinstance(node, kinds)]


def _private_imports(tree: ast.Module) -> Iterator[tuple[str, str]]:
    """(module, name) of each private name imported with ``from module import _name``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if _private(alias.name):
                    yield node.module, alias.name


MODULES = dict(_modules())
#: Modules that are packages (a relative import in their ``__init__`` starts from themselves).
PACKAGES = {
    ".".join(p.relative_to(PACKAGE.parent).parts[:-1]) for p in PACKAGE.rglob("__init__.py")
}


def _unit(module: str) -> str:
    """The unit a private name may not leave: a top-level subpackage, or a root module."""
    parts = module.split(".")
    return ".".join(parts[:2])


def _imported(module: str, tree: ast.Module) -> Iterator[tuple[str, str]]:
    """(source module, name) of every ``from supplychain... import name`` of ``module``, relative
    imports resolved, plus ``alias._name`` read from a module imported as ``alias``."""
    package = module if module in PACKAGES else module.rpartition(".")[0]
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            if source.split(".")[0] != "supplychain":
                continue
            for alias in node.names:
                if f"{source}.{alias.name}" in MODULES:  # a submodule, not a name
                    aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
                else:
                    yield source, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "supplychain" and alias.asname:
                    aliases[alias.asname] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in aliases:  # fmt: skip
            yield aliases[node.value.id], node.attr


def _crossings() -> Iterator[tuple[str, str, str]]:
    """(importing module, source module, name) of each name taken from another unit."""
    for module, tree in MODULES.items():
        for source, name in _imported(module, tree):
            if source in MODULES and _unit(source) != _unit(module):
                yield module, source, name


def test_the_scan_reads_the_package() -> None:
    assert len(MODULES) > 80
    assert "supplychain.models.timeline_result" in MODULES


def test_every_module_has_an_all() -> None:
    missing = [name for name, tree in MODULES.items() if _all(tree) is None]
    assert not missing, f"modules without __all__: {missing}"


def test_no_private_name_in_all() -> None:
    private = [f"{name}.{n}" for name, tree in MODULES.items() for n in _all(tree) or [] if _private(n)]
    assert not private, f"private names listed in __all__ (make them public, or drop them): {private}"


def test_every_public_function_and_class_of_a_public_module_is_in_all() -> None:
    unlisted = [f"{name}.{n}" for name, tree in MODULES.items() if _public_module(name)
                for n in _defined(tree) if not _private(n) and n not in (_all(tree) or [])]  # fmt: skip
    assert not unlisted, (
        "public functions and classes missing from their module's __all__ (add them, with "
        f"numpydoc sections, or make them private with a leading _): {unlisted}"
    )


@pytest.mark.parametrize("layer", ["supplychain.reports"])
def test_the_reports_import_no_private_helper_from_another_layer(layer: str) -> None:
    borrowed = [f"{name} imports {source}.{n}" for name, tree in MODULES.items()
                if name.startswith(layer) for source, n in _private_imports(tree)
                if source.startswith("supplychain.") and not source.startswith(layer)
                and _public_module(source)]  # fmt: skip
    assert not borrowed, (
        "the reports use the models' public API; make the shared helper public (in __all__, "
        f"with a docstring) or move it: {borrowed}"
    )


def test_the_crossing_scan_resolves_relative_imports_and_module_aliases() -> None:
    tree = ast.parse("from ..models import lp\nfrom .lp import _x\nimport supplychain.models.paths as p\n"
                     "lp._quiet()\np._label()\n")  # fmt: skip
    found = set(_imported("supplychain.models.results", tree))
    assert found == {("supplychain.models.lp", "_x"), ("supplychain.models.lp", "_quiet"),
                     ("supplychain.models.paths", "_label")}  # fmt: skip
    assert _unit("supplychain.models.paths.cuts") == "supplychain.models"
    assert _unit("supplychain._toml") == "supplychain._toml"


def test_no_private_name_crosses_a_subpackage_boundary() -> None:
    crossing = sorted(f"{module} imports {source}.{name}" for module, source, name in _crossings()
                      if _private(name))  # fmt: skip
    assert not crossing, (
        "a private name stays in its subpackage (or root module); make the helper public in its "
        "module (in __all__, with a numpydoc docstring) or move it where both use it: "
        f"{crossing}"
    )


def test_another_subpackage_imports_only_what_all_lists() -> None:
    unlisted = sorted(f"{module} imports {source}.{name}" for module, source, name in _crossings()
                      if name not in (_all(MODULES[source]) or []))  # fmt: skip
    assert not unlisted, (
        "what another subpackage uses is the module's public API: add it to the module's "
        f"__all__ (with a numpydoc docstring): {unlisted}"
    )


def test_the_package_docstring_lists_the_internal_root_modules() -> None:
    internal = {name.split(".")[1] for name in MODULES if name.count(".") == 1
                and _private(name.split(".")[1])}  # fmt: skip
    listed = set(re.findall(r"^- ``(_\w+)``:", supplychain.__doc__ or "", re.M))
    assert internal and listed == internal, (
        f"supplychain/__init__.py's docstring lists {sorted(listed)}; the package's internal "
        f"modules are {sorted(internal)}: list each, with what it holds"
    )
