"""Each module's ``__all__`` is its public API (developers' guide), and the reports use it.

tests/test_docstrings.py checks the names in ``__all__`` have their numpydoc sections; these
check ``__all__`` itself: every module has one, it names no private object, a public module's
public functions and classes are in it (else they escape the docstring check), and the reports
import no private helper from the models (found: ``reports.timeline_section`` imported
``_percent`` and ``_left_out_text`` from ``models.timeline_result``).

Read from the source (:mod:`ast`), so that a module's imports are not mistaken for its own
definitions.
"""

from __future__ import annotations

import ast
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
