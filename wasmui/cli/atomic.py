"""Files written whole or not at all.

wasmui's cache folder is shared by every build on the machine: a ``wasmui dev`` rebuild and
a ``wasmui build`` may write the same entry at once, and neither may read the other's
half-written file. Each writer writes a scratch file of its own beside the target and
renames it into place (a rename is atomic within one file system)."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def written_whole(path: Path) -> Iterator[Path]:
    """Yields a scratch path beside ``path`` to write; once the block ends without an
    error it becomes ``path``. After an error nothing is left: neither the scratch file
    nor a partial ``path``."""
    scratch = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        yield scratch
        scratch.replace(path)
    finally:
        scratch.unlink(missing_ok=True)
