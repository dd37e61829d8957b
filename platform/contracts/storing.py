"""Contract documents in the files storage: a PDF made here (a rendered version, a signed
copy) is kept as the acting principal's upload and claimed by its version at once; an
uploaded PDF is claimed the same way. Either way the version keeps the SHA-256 of the bytes."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

import files.services as files
from contracts.errors import ContractErrorCode
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from files import FilePurpose

SUBJECT = "contract_version"


@dataclass(frozen=True)
class StoredDocument:
    file_id: uuid.UUID
    file_name: str
    sha256: str


async def store_pdf(
    actor: Actor, version_id: uuid.UUID, customer_id: uuid.UUID, file_name: str, content: bytes
) -> StoredDocument:
    row = await files.store_upload(
        actor, files.Upload(FilePurpose.CONTRACT_DOCUMENT.value, file_name, content)
    )
    await _claim(actor, [row.id], version_id, customer_id, ("document",))
    return StoredDocument(row.id, row.file_name, hashlib.sha256(content).hexdigest())


async def claim_uploaded_pdf(
    actor: Actor,
    upload_id: uuid.UUID,
    version_id: uuid.UUID,
    customer_id: uuid.UUID,
    field: tuple[str, ...],
) -> StoredDocument:
    """The caller's upload (purpose contract_document) as the version's document; it must
    be a PDF."""
    [row] = await _claim(actor, [upload_id], version_id, customer_id, field)
    content = (await files.signed_file(actor, row.id)).content
    if row.content_type != "application/pdf":
        raise BusinessRuleError(
            UserError(ContractErrorCode.NOT_A_PDF, "Upload the contract as a PDF.", field)
        )
    return StoredDocument(row.id, row.file_name, hashlib.sha256(content).hexdigest())


async def _claim(
    actor: Actor,
    ids: list[uuid.UUID],
    version_id: uuid.UUID,
    customer_id: uuid.UUID,
    field: tuple[str, ...],
) -> list[files.StoredFile]:
    return await files.claim_files(
        actor,
        files.Claim(
            file_ids=ids,
            purpose=FilePurpose.CONTRACT_DOCUMENT,
            subject_kind=SUBJECT,
            subject_id=version_id,
            customer_id=customer_id,
            field=field,
        ),
    )


async def document_bytes(actor: Actor, file_id: uuid.UUID) -> bytes:
    return (await files.signed_file(actor, file_id)).content


async def files_of_versions(
    actor: Actor, version_ids: list[uuid.UUID]
) -> list[list[files.StoredFile]]:
    return await files.files_of_subjects(actor, SUBJECT, version_ids)
