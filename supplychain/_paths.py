"""Where the default data live: the checkout's ``models/`` and ``networks/``, or their installed copies.

The repository keeps its default data (parameters, places, corridors, scenarios, the embedded
corridor skeleton) in the top-level folders ``models/`` and ``networks/``, their single copy in
the source tree. A wheel carries them inside the package as ``supplychain/_defaults/models`` and
``supplychain/_defaults/networks`` (the ``package-dir`` entries of ``pyproject.toml``). Every
default path of the package is built from :data:`MODELS_DIR` and :data:`NETWORKS_DIR`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from supplychain.errors import ArgumentTypeError

__all__ = ["MODELS_DIR", "NETWORKS_DIR", "DataFolder", "as_path", "default_data_dir"]

#: The names of the default data folders.
DataFolder = Literal["models", "networks"]

_PACKAGE = Path(__file__).resolve().parent


def default_data_dir(name: DataFolder, package: Path = _PACKAGE) -> Path:
    """The folder holding the default data ``name`` for the package in ``package``.

    From a source checkout (an editable install, the tests, an unpacked sdist) the package folder
    sits beside ``pyproject.toml`` and the repository's own ``models/`` and ``networks/``, which
    are then used, so an edit there takes effect at once. Otherwise (a normal install from a
    wheel or an sdist) the copies installed with the package under ``_defaults/`` are used.

    Parameters
    ----------
    name : {"models", "networks"}
        The data folder.
    package : Path, optional
        The folder of the ``supplychain`` package; default this module's. Tests pass another
        layout.

    Returns
    -------
    Path
        The checkout's ``<root>/<name>`` when ``<root>/pyproject.toml`` is a file and
        ``<root>/<name>`` a folder (``<root>`` the package's parent), else
        ``<package>/_defaults/<name>``. The path is returned even when it does not exist; reading
        a default from it then names the missing file.

    Examples
    --------
    >>> (default_data_dir("models") / "model.toml").is_file()
    True
    >>> default_data_dir("networks", Path("/site-packages/supplychain")).as_posix()
    '/site-packages/supplychain/_defaults/networks'
    """
    root = package.parent
    if (root / "pyproject.toml").is_file() and (root / name).is_dir():
        return root / name
    return package / "_defaults" / name


def as_path(value: object, name: str = "path") -> Path:
    """``value``, a file given as a str or a path, as a :class:`~pathlib.Path`.

    The file readers and writers given in code call it first: ``load_network(None)`` or
    ``load_scenario(3)`` failed with pathlib's bare ``TypeError`` ("expected str, bytes or
    os.PathLike object, not NoneType") (api37).

    Parameters
    ----------
    value : object
        What the caller gave.
    name : str, default "path"
        The argument's name, for the message.

    Returns
    -------
    Path

    Raises
    ------
    ArgumentTypeError
        When ``value`` is neither a str nor an ``os.PathLike`` of a str (None, a number, bytes).

    Examples
    --------
    >>> as_path("models/model.toml") == as_path(Path("models/model.toml"))
    True
    >>> as_path(None)
    Traceback (most recent call last):
    ...
    supplychain.errors.ArgumentTypeError: path is a NoneType; give the file as a str or Path
    """
    if isinstance(value, str | os.PathLike):
        text = os.fspath(value)
        if isinstance(text, str):
            return Path(text)
    raise ArgumentTypeError(f"{name} is a {type(value).__name__}; give the file as a str or Path")


#: ``models/``: parameters, places, corridors, storage, scenarios, threats, timelines.
MODELS_DIR: Path = default_data_dir("models")
#: ``networks/``: the embedded corridor skeleton ``west-africa-corridors.osm``.
NETWORKS_DIR: Path = default_data_dir("networks")
