"""The tenant's Stripe connection. The secret key and the webhook signing secret are stored
encrypted (core.secrets) and never leave the server; only a hint of the key is shown."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, LargeBinary, String, func, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.models import Base


class StripeAccount(Base):
    """One per tenant that connected Stripe; a tenant without a row has not."""

    __tablename__ = "stripe_accounts"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    secret_key_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    secret_key_hint: Mapped[str | None] = mapped_column(String(40))
    webhook_secret_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    publishable_key: Mapped[str | None] = mapped_column(String(255))
    payment_methods: Mapped[list[str]] = mapped_column(
        ARRAY(String(20)), nullable=False, server_default=text("'{card}'"))
    last_test_ok: Mapped[bool | None] = mapped_column(Boolean)
    last_test_code: Mapped[str | None] = mapped_column(String(40))
    last_test_message: Mapped[str | None] = mapped_column(String(500))
    last_test_livemode: Mapped[bool | None] = mapped_column(Boolean)
    last_tested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False,
                                                 server_default=func.now())
