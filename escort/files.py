"""Write files so that a crash or power cut never leaves half of one, nor client data in a stray temp file."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".escort-tmp"
STALE_SECONDS = 15 * 60  # a temp file this old belongs to a write that was killed (SIGKILL, power cut)


def write_atomic(path: Path, text: str | bytes) -> Path:
    """Write to a temporary file in the same folder, flush and fsync, then rename over *path*.

    Why: ``os.replace`` within one folder is atomic, so a reader (or a resumed
    interview) sees either the old file or the new one, never a mix.
    *text* is written as UTF-8; bytes (a PDF) are written as they are.
    The temporary file stays private (0600) until it is complete, is removed on
    any failure, and temp files left by a write that was killed are removed by
    the next write to the same folder.
    """
    path = Path(path)
    remove_stale_temp_files(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); give it the mode a normal write would (0666 less the umask),
        # or keep the mode of the file it replaces, only once it is complete.
        mode = path.stat().st_mode & 0o777 if path.is_file() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def remove_stale_temp_files(folder: Path, now: float | None = None) -> list[Path]:
    """Remove this module's temp files in *folder* older than STALE_SECONDS; return those removed."""
    now = time.time() if now is None else now
    removed = []
    try:
        candidates = list(Path(folder).glob(f".*{TEMP_SUFFIX}"))
    except OSError:
        return removed
    for candidate in candidates:
        try:
            if now - candidate.lstat().st_mtime > STALE_SECONDS:
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
