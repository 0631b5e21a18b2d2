"""A normal (non-editable) install: the default data ship in the wheel and are found there.

The repository keeps the default data in its top-level ``models/`` and ``networks/``;
``pyproject.toml`` maps them into the wheel as ``supplychain/_defaults/{models,networks}`` and
``supplychain._paths`` picks the checkout's folders or the installed copies. Everything here is
offline: the wheel is built without build isolation (setuptools and wheel come with the
``[test]`` extra) and installed with ``--no-index --no-deps`` into a fresh venv that borrows the
test environment's dependencies.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import tomllib
import venv
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from supplychain import _paths
from supplychain._paths import MODELS_DIR, NETWORKS_DIR, default_data_dir
from supplychain.models.params import DEFAULT_MODEL_PARAMS_PATH
from supplychain.models.timeline import DEFAULT_STORAGE_PATH
from supplychain.networks.build import EMBEDDED_NETWORK_PATH
from supplychain.networks.params import DEFAULT_PARAMS_PATH
from supplychain.networks.places import DEFAULT_CORRIDORS_PATH, DEFAULT_PLACES_PATH

from .conftest import REPO

#: Every default path constant of the package, by name.
DEFAULTS = {
    "DEFAULT_PARAMS_PATH": DEFAULT_PARAMS_PATH,
    "DEFAULT_PLACES_PATH": DEFAULT_PLACES_PATH,
    "DEFAULT_CORRIDORS_PATH": DEFAULT_CORRIDORS_PATH,
    "DEFAULT_MODEL_PARAMS_PATH": DEFAULT_MODEL_PARAMS_PATH,
    "DEFAULT_STORAGE_PATH": DEFAULT_STORAGE_PATH,
    "EMBEDDED_NETWORK_PATH": EMBEDDED_NETWORK_PATH,
}
#: The files of the repository's data folders a wheel must carry: all of models/ (parameters,
#: places, corridors, storage and the scenario, threat, timeline and arrival files the CLI and the
#: docstrings use) and the embedded skeleton of networks/ (where built networks also land).
SHIPPED = sorted(
    [p.relative_to(REPO).as_posix() for p in (REPO / "models").rglob("*") if p.is_file()]
    + [EMBEDDED_NETWORK_PATH.relative_to(REPO).as_posix()]
)
_PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
_SETUPTOOLS = _PYPROJECT["tool"]["setuptools"]


# --- the resolver -----------------------------------------------------------------------------


def test_source_checkout_uses_the_repository_folders() -> None:
    assert default_data_dir("models") == MODELS_DIR == REPO / "models"
    assert default_data_dir("networks") == NETWORKS_DIR == REPO / "networks"
    for name, path in DEFAULTS.items():
        assert path.is_file(), name
        assert path.parent in (REPO / "models", REPO / "networks"), (name, path)


def _layout(root: Path, *, pyproject: bool, checkout_data: bool, installed: bool) -> Path:
    """A ``supplychain`` package folder under ``root`` with the asked neighbours."""
    package = root / "supplychain"
    package.mkdir(parents=True)
    if pyproject:
        (root / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    if checkout_data:
        (root / "models").mkdir()
    if installed:
        (package / "_defaults" / "models").mkdir(parents=True)
    return package


def test_installed_layout_uses_the_copies_under_the_package(tmp_path: Path) -> None:
    package = _layout(tmp_path, pyproject=False, checkout_data=False, installed=True)
    assert default_data_dir("models", package) == package / "_defaults" / "models"
    assert default_data_dir("networks", package) == package / "_defaults" / "networks"


def test_a_models_folder_beside_the_installed_package_is_not_taken(tmp_path: Path) -> None:
    """site-packages may hold another distribution's top-level ``models``: without a
    ``pyproject.toml`` beside it, it is not a checkout."""
    package = _layout(tmp_path, pyproject=False, checkout_data=True, installed=True)
    assert default_data_dir("models", package) == package / "_defaults" / "models"


def test_checkout_needs_both_pyproject_and_the_folder(tmp_path: Path) -> None:
    package = _layout(tmp_path / "a", pyproject=True, checkout_data=True, installed=True)
    assert default_data_dir("models", package) == tmp_path / "a" / "models"
    package = _layout(tmp_path / "b", pyproject=True, checkout_data=False, installed=True)
    assert default_data_dir("models", package) == package / "_defaults" / "models"


def test_no_parents_style_default_is_left() -> None:
    """Default data paths come from supplychain._paths only, never from ``parents[...]``."""
    offenders = [
        str(p.relative_to(REPO))
        for p in (REPO / "supplychain").rglob("*.py")
        if "parents[" in p.read_text(encoding="utf-8") and p.name != "_paths.py"
    ]
    assert offenders == []
    assert _paths.__all__ == ["MODELS_DIR", "NETWORKS_DIR", "DataFolder", "as_path", "default_data_dir"]


# --- pyproject.toml ---------------------------------------------------------------------------


def test_packages_list_names_every_package_folder() -> None:
    """``packages`` is an explicit list (``find`` cannot map top-level folders into the
    package), so a new folder under supplychain/ must be added there or it leaves the wheel."""
    folders = {
        ".".join(p.relative_to(REPO).parts)
        for p in [REPO / "supplychain", *(REPO / "supplychain").rglob("*")]
        if p.is_dir() and p.name != "__pycache__" and not p.name.startswith(".")
    }
    listed = set(_SETUPTOOLS["packages"])
    mapped = set(_SETUPTOOLS["package-dir"])
    assert mapped == {"supplychain._defaults.models", "supplychain._defaults.networks"}
    assert listed - mapped == folders
    assert mapped <= listed


def test_data_folders_stay_plain_folders() -> None:
    """The mapping needs no ``__init__.py`` in models/ or networks/."""
    for package, folder in _SETUPTOOLS["package-dir"].items():
        assert (REPO / folder).is_dir(), package
        assert not (REPO / folder / "__init__.py").exists(), folder
    assert not (REPO / "supplychain" / "_defaults").exists()


# --- the wheel --------------------------------------------------------------------------------


def _need_build_tools() -> None:
    """Skip unless setuptools (>= 77, as ``[build-system]`` asks) and wheel are importable."""
    try:
        setuptools_version = metadata.version("setuptools")
        metadata.version("wheel")
    except metadata.PackageNotFoundError as exc:
        pytest.skip(f"{exc.name} is not installed (pip install -e '.[test]' installs it): "
                    "the wheel is built offline without build isolation")  # fmt: skip
    if int(setuptools_version.split(".")[0]) < 77:
        pytest.skip(f"setuptools {setuptools_version} < 77 (pyproject's [build-system])")


def _pip_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=_pip_env(),
                          cwd=cwd, check=False)  # fmt: skip
    assert done.returncode == 0, f"{cmd} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The project's wheel, built from a copy of the sources (an in-tree build would leave
    build/ and *.egg-info in the checkout)."""
    _need_build_tools()
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    for name in ("supplychain", "models", "networks"):
        shutil.copytree(REPO / name, src / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))  # fmt: skip
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
          "--no-index", "-q", "-w", str(out)], cwd=src)  # fmt: skip
    (built,) = out.glob("supplychain-*.whl")
    yield built


def test_wheel_carries_the_default_data(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        for rel in SHIPPED:
            member = f"supplychain/_defaults/{rel}"
            assert member in names, f"{rel} is not in the wheel"
            assert zf.read(member) == (REPO / rel).read_bytes(), f"{member} differs from {rel}"
        # Only the package: no top-level models/ or networks/ beside it in site-packages.
        tops = {n.split("/")[0] for n in names}
        assert {t for t in tops if not t.endswith(".dist-info")} == {"supplychain"}
        # Nothing of the package folder is left out (every module and data file).
        package_files = {
            p.relative_to(REPO).as_posix()
            for p in (REPO / "supplychain").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert package_files - names == set()


def test_installed_wheel_finds_its_defaults_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    """The wheel installed (``--no-deps --no-index``) in a fresh venv whose only other path
    is the test environment's site-packages (for the dependencies): the package, its defaults
    and the ``supplychain`` script work from a folder that is not the checkout."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    if not python.exists():
        pytest.skip(f"no {python}: the check assumes a POSIX venv layout")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
          "--no-index", "-q", str(wheel)])  # fmt: skip
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
                   ).stdout.strip()  # fmt: skip
    # The dependencies, appended after the venv's own site-packages (a .pth line adds a path; it
    # does not run the .pth files there, so the editable install of the checkout stays off).
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(purelib) / "_test_dependencies.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    probe = """
import json
import supplychain
from supplychain import _paths
from supplychain.models import (load_model_parameters, load_scenario, load_storage_parameters,
                                read_observed)
from supplychain.models.params import DEFAULT_MODEL_PARAMS_PATH
from supplychain.models.timeline import DEFAULT_STORAGE_PATH
from supplychain.networks import build_network
from supplychain.networks.build import EMBEDDED_NETWORK_PATH
from supplychain.networks.params import DEFAULT_PARAMS_PATH
from supplychain.networks.places import DEFAULT_CORRIDORS_PATH, DEFAULT_PLACES_PATH
from supplychain.scenarios import load_threat, load_timeline

graph = build_network()  # network.toml, places.toml, corridors.toml and the .osm skeleton
load_model_parameters(), load_storage_parameters()
load_scenario(_paths.MODELS_DIR / "scenario-blockade-2025.toml")
load_threat(_paths.MODELS_DIR / "threat-blockade-2025.toml")  # and incidents-synthetic.csv
load_timeline(_paths.MODELS_DIR / "timeline-blockade-2025-26.toml", graph)
read_observed(_paths.MODELS_DIR / "observed-arrivals-2025-26.csv")
paths = [DEFAULT_PARAMS_PATH, DEFAULT_PLACES_PATH, DEFAULT_CORRIDORS_PATH,
         DEFAULT_MODEL_PARAMS_PATH, DEFAULT_STORAGE_PATH, EMBEDDED_NETWORK_PATH]
print(json.dumps({"package": supplychain.__file__, "models": str(_paths.MODELS_DIR),
                  "networks": str(_paths.NETWORKS_DIR), "defaults": [str(p) for p in paths]}))
"""
    found = json.loads(_run([str(python), "-c", probe], cwd=work).stdout.splitlines()[-1])
    package = Path(found["package"]).parent
    assert package == Path(purelib) / "supplychain"
    assert Path(found["models"]) == package / "_defaults" / "models"
    assert Path(found["networks"]) == package / "_defaults" / "networks"
    for path in map(Path, found["defaults"]):
        assert path.is_file() and path.parent.parent == package / "_defaults", path
    solved = _run([str(env_dir / "bin" / "supplychain"), "solve"], cwd=work).stdout
    assert "minimum cut to Bamako" in solved
    assert not list(work.iterdir())  # nothing written where it was run
