"""Atomic file output: write to a temporary file beside the target, then rename.

Internal to the package (see :mod:`supplychain`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_path"]


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it onto ``path`` on success.

    A failure (exception, kill) leaves the target untouched and removes the temporary file.

    Parameters
    ----------
    path : str or Path
        The file to write (its folder is created if missing); a symbolic link is followed,
        the file it points at written and the link kept.

    Yields
    ------
    Path
        A path that does not exist yet, in the target's folder, for the caller to write.

    Raises
    ------
    DataFileError
        When the folder cannot be used, or the file cannot be moved into place.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "out.json"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("{}")
    ...     target.exists()
    False
    >>> target.read_text()
    '{}'
    """
    from supplychain.errors import DataFileError, SupplyChainError

    target = Path(path)
    if target.is_symlink():
        # `--out latest.parquet`, a link to runs/x.parquet: the link was replaced by a file (and
        # one to a missing file too, which was not created); the file it points at is written,
        # as `>` in a shell and open() do.
        target = Path(os.path.realpath(target))
        if target.is_symlink():  # realpath stops where links loop: the loop's link was replaced by a file
            raise DataFileError(
                f"'{path}' is a symbolic link in a loop of links ('{target}' leads back to it); point "
                "it at a file, or choose another output."
            )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=target.parent
        )
    except OSError as exc:
        raise DataFileError(
            f"'{target}' cannot be written: its folder '{target.parent}' cannot be used "
            f"({exc.strerror or exc}); choose an output in a writable folder."
        ) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # writers such as GDAL refuse to open an existing empty file
    try:
        yield tmp
        os.replace(tmp, target)
    except SupplyChainError:
        raise
    except OSError as exc:
        raise DataFileError(
            f"'{target}' cannot be written ({exc.strerror or exc}); check the free space and "
            "the permissions of its folder, or choose another output."
        ) from exc
    finally:
        if tmp.exists():
            tmp.unlink()
