"""Evidence uploads: size limit, type from the file's first bytes (never from its name or the browser's claim),
stored outside any web root under its SHA-256, served back only as an attachment."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

from django.conf import settings

ALLOWED = {  # what a 法治体检 asks for: scans, photos, signed PDFs, Word and Excel documents
    "application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}


class UploadRefused(ValueError):
    pass


def sniff(head: bytes, path: Path | None = None) -> str | None:
    """The media type the bytes really are, among ALLOWED; None for anything else (HTML, scripts, executables)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04") and path is not None:
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def store(upload) -> tuple[str, str, int]:
    """Check and store an uploaded file; return (sha256, media type, size) or raise UploadRefused."""
    limit = settings.ESCORT_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise UploadRefused(f"文件超过 {limit // (1024 * 1024)} MB 上限")
    folder = Path(settings.ESCORT_UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".part-{os.getpid()}-{id(upload)}"
    digest, size = hashlib.sha256(), 0
    with open(tmp, "wb") as fh:
        for chunk in upload.chunks():
            size += len(chunk)
            if size > limit:
                fh.close()
                tmp.unlink(missing_ok=True)
                raise UploadRefused(f"文件超过 {limit // (1024 * 1024)} MB 上限")
            digest.update(chunk)
            fh.write(chunk)
    with open(tmp, "rb") as fh:
        head = fh.read(16)
    media = sniff(head, tmp)
    if media is None:
        tmp.unlink(missing_ok=True)
        raise UploadRefused("只接受 PDF、PNG、JPEG 图片、Word（.docx）和 Excel（.xlsx）文件")
    sha = digest.hexdigest()
    final = folder / sha
    if final.exists():
        tmp.unlink()
    else:
        os.replace(tmp, final)
    return sha, media, size


def path_of(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256")
    return Path(settings.ESCORT_UPLOAD_DIR) / sha256
