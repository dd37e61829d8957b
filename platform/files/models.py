"""The stored-file table (tenant-owned). A file is uploaded first, unattached and visible
to its uploader only, then claimed by the thing it belongs to (a ticket message, a return):
from then on whoever may read that thing may read the file. The bytes live in the storage
under `storage_key`; the row keeps what was checked about them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Index, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.models import Base, TenantOwned, Timestamped


class StoredFile(TenantOwned, Timestamped, Base):
    __tablename__ = "stored_files"
    __table_args__ = (
        Index(
            "ix_stored_files_tenant_id_subject_kind_subject_id",
            "tenant_id",
            "subject_kind",
            "subject_id",
        ),
        CheckConstraint("size_bytes > 0", name="size"),
        CheckConstraint("(subject_kind IS NULL) = (subject_id IS NULL)", name="subject"),
    )

    purpose: Mapped[str] = mapped_column(String(30), nullable=False)
    file_name: Mapped[str] = mapped_column(String(200), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    storage_key: Mapped[str] = mapped_column(String(100), nullable=False)
    uploaded_by_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    uploaded_by_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    # The portal customer who uploaded it, else the customer of what claimed it.
    customer_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    subject_kind: Mapped[str | None] = mapped_column(String(30))
    subject_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    attached_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
