"""Stored-file use cases: upload (checked by content, then kept unattached), claiming
uploads for the ticket message or return they belong to, listing a subject's files and
reading one file's bytes.

Files are read through short-lived signed URLs (`files.links`), handed out only with the
thing they are attached to: whoever may read a ticket message or a return through its own
domain's access rules gets its files' URLs. An unclaimed upload's URL goes to its uploader
alone, in the upload's answer.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from core.context import Actor
from core.errors import BusinessRuleError, NotFound, UserError
from core.ids import new_id
from core.settings import Settings
from core.tenancy import PrincipalKind
from files import links
from files.errors import FileErrorCode
from files.models import StoredFile
from files.rules import (
    FILES_PER_ITEM,
    MEGABYTE,
    PURPOSES,
    FilePurpose,
    clean_file_name,
    document_type,
    image_type,
)
from files.storage import FileStorage, LocalDirectoryStorage


def storage_of(settings: Settings) -> FileStorage:
    root = settings.files_dir or str(Path(settings.data_dir) / "files")
    return LocalDirectoryStorage(Path(root))


@dataclass(frozen=True)
class Upload:
    purpose: str
    file_name: str
    content: bytes


def _error(
    code: FileErrorCode, message: str, field: str | tuple[str, ...], **params: str
) -> BusinessRuleError:
    path = (field,) if isinstance(field, str) else field
    return BusinessRuleError(UserError(code, message, path, params=params or None))


def _purpose(name: str) -> FilePurpose:
    try:
        return FilePurpose(name.strip().lower())
    except ValueError:
        known = ", ".join(p.value for p in FilePurpose)
        raise _error(
            FileErrorCode.UNKNOWN_PURPOSE, f"Unknown purpose {name!r}; one of {known}.", "purpose"
        ) from None


def _content_type(purpose: FilePurpose, content: bytes) -> str:
    rule = PURPOSES[purpose]
    if not content:
        raise _error(FileErrorCode.EMPTY_FILE, "The file is empty.", "file")
    if len(content) > rule.max_bytes:
        limit = rule.max_bytes // MEGABYTE
        raise _error(
            FileErrorCode.FILE_TOO_LARGE,
            f"The file is larger than {limit} MB.",
            "file",
            limitMegabytes=str(limit),
        )
    if rule.images_only:
        found = image_type(content)
        if found is None:
            raise _error(
                FileErrorCode.NOT_AN_IMAGE,
                "The file is not a JPEG, PNG, GIF or WebP image.",
                "file",
            )
        return found
    found = document_type(content)
    if found is None:
        raise _error(
            FileErrorCode.FILE_TYPE_NOT_ALLOWED,
            "Only images, PDFs, Office documents and plain text can be attached.",
            "file",
        )
    return found


async def store_upload(actor: Actor, upload: Upload) -> StoredFile:
    """Check and keep an upload; staff need `write` on the purpose's resource, a portal
    contact may upload for their own requests."""
    principal = actor.require_principal()
    purpose = _purpose(upload.purpose)
    if principal.kind is not PrincipalKind.PORTAL:
        await actor.require(PURPOSES[purpose].resource, "write")
    content_type = _content_type(purpose, upload.content)
    row = StoredFile(
        tenant_id=principal.tenant_id,
        id=new_id(),
        purpose=purpose.value,
        file_name=clean_file_name(upload.file_name),
        content_type=content_type,
        size_bytes=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        uploaded_by_kind=principal.kind.value,
        uploaded_by_id=principal.subject_id,
        customer_id=principal.customer_id,
    )
    row.storage_key = f"{row.tenant_id}/{row.id}"
    # Bytes first: a failed insert leaves an unreferenced file, never a row without bytes.
    await storage_of(actor.settings).put(row.storage_key, upload.content)
    actor.session.add(row)
    await actor.session.flush()
    return row


@dataclass(frozen=True)
class Claim:
    """Uploads of the acting principal becoming part of `subject_kind`/`subject_id`."""

    file_ids: Sequence[uuid.UUID]
    purpose: FilePurpose
    subject_kind: str
    subject_id: uuid.UUID
    customer_id: uuid.UUID
    field: tuple[str, ...]  # where the ids were given, e.g. ("lines", "0", "photoIds")


async def claim_files(actor: Actor, claim: Claim) -> list[StoredFile]:
    """Attach the caller's own unattached uploads (locked, so one upload is claimed once);
    any file that is not theirs, not of the purpose or already attached rejects the claim."""
    ids = list(dict.fromkeys(claim.file_ids))
    if not ids:
        return []
    if len(ids) > FILES_PER_ITEM:
        raise _error(
            FileErrorCode.TOO_MANY_FILES,
            f"At most {FILES_PER_ITEM} files can be attached.",
            claim.field,
            limit=str(FILES_PER_ITEM),
        )
    principal = actor.require_principal()
    rows = (
        await actor.session.scalars(
            select(StoredFile)
            .where(StoredFile.tenant_id == principal.tenant_id, StoredFile.id.in_(ids))
            .with_for_update()
        )
    ).all()
    found = {row.id: row for row in rows}
    errors = [
        error
        for index, file_id in enumerate(ids)
        if (error := _claim_error(found.get(file_id), claim, principal.subject_id, index))
    ]
    if errors:
        raise BusinessRuleError(*errors)
    attached_at = datetime.now(UTC)
    for row in rows:
        row.subject_kind, row.subject_id = claim.subject_kind, claim.subject_id
        row.customer_id, row.attached_at = claim.customer_id, attached_at
    await actor.session.flush()
    return [found[file_id] for file_id in ids]


def _claim_error(
    row: StoredFile | None, claim: Claim, uploader_id: uuid.UUID, index: int
) -> UserError | None:
    field = (*claim.field, str(index))
    if row is None or row.uploaded_by_id != uploader_id:
        return UserError(FileErrorCode.FILE_NOT_FOUND, "The uploaded file was not found.", field)
    if row.subject_id is not None:
        return UserError(
            FileErrorCode.FILE_ALREADY_ATTACHED,
            f"{row.file_name} is already attached elsewhere.",
            field,
        )
    if row.purpose != claim.purpose.value:
        return UserError(
            FileErrorCode.WRONG_PURPOSE,
            f"{row.file_name} was uploaded as a {row.purpose.replace('_', ' ')}.",
            field,
        )
    return None


async def files_of_subjects(
    actor: Actor, subject_kind: str, subject_ids: Sequence[uuid.UUID]
) -> list[list[StoredFile]]:
    """A DataLoader batch: each subject's files in upload order. The caller has already
    read the subjects through their own domain's access rules."""
    tenant_id = actor.require_principal().tenant_id
    rows = (
        await actor.session.scalars(
            select(StoredFile)
            .where(
                StoredFile.tenant_id == tenant_id,
                StoredFile.subject_kind == subject_kind,
                StoredFile.subject_id.in_(subject_ids),
            )
            .order_by(StoredFile.created_at, StoredFile.id)
        )
    ).all()
    grouped: dict[uuid.UUID, list[StoredFile]] = {i: [] for i in subject_ids}
    for row in rows:
        assert row.subject_id is not None
        grouped[row.subject_id].append(row)
    return [grouped[i] for i in subject_ids]


def download_path(settings: Settings, row: StoredFile) -> str:
    """The short-lived signed URL path a client fetches the file from."""
    return links.signed_path(settings, row.tenant_id, row.id, row.file_name)


@dataclass(frozen=True)
class FileContent:
    row: StoredFile
    content: bytes


async def signed_file(actor: Actor, file_id: uuid.UUID) -> FileContent:
    """A file through a verified signed URL: the route bound the URL's tenant and checked
    the signature; the row still has to exist (and be that tenant's, by RLS)."""
    row = await actor.session.get(StoredFile, (actor.tenant_id, file_id))
    if row is None:
        raise NotFound()
    return FileContent(row, await storage_of(actor.settings).get(row.storage_key))


__all__ = [
    "Claim",
    "FileContent",
    "StoredFile",
    "Upload",
    "claim_files",
    "download_path",
    "files_of_subjects",
    "signed_file",
    "storage_of",
    "store_upload",
]
