"""What may be stored for which purpose: the size limits and the content types, decided by
reading the content itself (never by the name or the type the browser claims)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from enum import Enum

from PIL import Image, UnidentifiedImageError

MEGABYTE = 1024 * 1024
FILES_PER_ITEM = 10

IMAGE_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}
OFFICE_TYPES = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


class FilePurpose(str, Enum):
    TICKET_ATTACHMENT = "ticket_attachment"
    RETURN_PHOTO = "return_photo"
    CONTRACT_DOCUMENT = "contract_document"
    QUOTE_DOCUMENT = "quote_document"


@dataclass(frozen=True)
class PurposeRule:
    resource: str  # the permission resource a staff uploader needs `write` on
    max_bytes: int
    images_only: bool


PURPOSES = {
    FilePurpose.TICKET_ATTACHMENT: PurposeRule("tickets", 20 * MEGABYTE, images_only=False),
    FilePurpose.RETURN_PHOTO: PurposeRule("returns", 10 * MEGABYTE, images_only=True),
    FilePurpose.CONTRACT_DOCUMENT: PurposeRule("contracts", 20 * MEGABYTE, images_only=False),
    FilePurpose.QUOTE_DOCUMENT: PurposeRule("quotes", 20 * MEGABYTE, images_only=False),
}
LARGEST_UPLOAD = max(rule.max_bytes for rule in PURPOSES.values())


def image_type(content: bytes) -> str | None:
    """The image's media type when Pillow can read it as one of the web's image formats."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            found = IMAGE_TYPES.get(image.format or "")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return found


def _office_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, media_type in OFFICE_TYPES.items():
        if any(name.startswith(prefix) for name in names):
            return media_type
    return None


def _text_type(content: bytes) -> str | None:
    if b"\x00" in content:
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"


def document_type(content: bytes) -> str | None:
    """The media type of an attachment a support conversation may carry: an image, a PDF,
    an Office document or plain text; None for anything else (executables, archives)."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"PK\x03\x04"):
        return _office_type(content)
    return image_type(content) or _text_type(content)


def clean_file_name(name: str) -> str:
    """The name shown and offered on download: no directories, no control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|*?:').strip()
    return cleaned[:200] or "file"
