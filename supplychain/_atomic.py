"""Atomic file output: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__: list[str] = []


@contextlib.contextmanager
def _atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it onto ``path`` on success.

    A failure (exception, kill) leaves the target untouched and removes the temporary file.
    """
    from supplychain.errors import DataFileError, SupplyChainError

    target = Path(path)
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
