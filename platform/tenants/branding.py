"""The tenant's branding: how the company presents itself on invoices, credit notes, emails
and the portal (legal name, address, tax id, bank-transfer instructions, logo). Anyone of the
tenant reads it (staff and portal customers: it is printed on their documents); changing it
needs settings:write."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

import audit.services as audit
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from tenants.errors import TenantErrorCode
from tenants.models import TenantBranding

MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_SIDE = 2000
# Raster formats only: an SVG can carry scripts and external references, and the PDF
# library draws PNG and JPEG as they are.
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
TEXT_LIMITS = {"legal_name": 200, "address": 500, "tax_id": 50, "bank_details": 1000}
FIELD_NAMES = {
    "legal_name": "legalName",
    "address": "address",
    "tax_id": "taxId",
    "bank_details": "bankDetails",
}


@dataclass(frozen=True)
class BrandingChange:
    """Texts left None stay as they are, an empty text clears one; `logo_base64` replaces
    the logo, `remove_logo` drops it."""

    legal_name: str | None = None
    address: str | None = None
    tax_id: str | None = None
    bank_details: str | None = None
    logo_base64: str | None = None
    remove_logo: bool = False


@dataclass(frozen=True)
class Logo:
    content: bytes
    content_type: str


@dataclass(frozen=True)
class Branding:
    legal_name: str | None
    address: str | None
    tax_id: str | None
    bank_details: str | None
    logo_content_type: str | None

    @property
    def has_logo(self) -> bool:
        return self.logo_content_type is not None


NO_BRANDING = Branding(None, None, None, None, None)


async def _row(actor: Actor) -> TenantBranding | None:
    return await actor.session.get(TenantBranding, actor.tenant_id)


def _view(row: TenantBranding | None) -> Branding:
    if row is None:
        return NO_BRANDING
    return Branding(
        row.legal_name, row.address, row.tax_id, row.bank_details, row.logo_content_type
    )


async def read_branding(actor: Actor) -> Branding:
    """The tenant's branding (empty when none was set)."""
    return _view(await _row(actor))


async def read_logo(actor: Actor) -> Logo | None:
    """The tenant's logo, if it has one."""
    row = await _row(actor)
    if row is None or row.logo_content_type is None:
        return None
    content = await actor.session.scalar(
        select(TenantBranding.logo).where(TenantBranding.tenant_id == actor.tenant_id)
    )
    return Logo(content, row.logo_content_type) if content else None


def seller_details(branding: Branding) -> dict[str, str]:
    """What an invoice keeps of the seller when it is issued (GraphQL-style keys; empty
    values left out)."""
    values = {
        "legalName": branding.legal_name,
        "address": branding.address,
        "taxId": branding.tax_id,
        "bankDetails": branding.bank_details,
    }
    return {key: value for key, value in values.items() if value}


def _text_errors(change: BrandingChange) -> list[UserError]:
    errors = []
    for name, limit in TEXT_LIMITS.items():
        value = getattr(change, name)
        if value is not None and len(value.strip()) > limit:
            errors.append(
                UserError(
                    TenantErrorCode.TOO_LONG,
                    f"At most {limit} characters.",
                    (FIELD_NAMES[name],),
                    {"max": str(limit)},
                )
            )
    return errors


def _invalid_logo(message: str) -> UserError:
    return UserError(TenantErrorCode.INVALID_LOGO, message, ("logoBase64",))


def decoded_logo(logo_base64: str) -> Logo:
    """A PNG or JPEG logo of at most MAX_LOGO_BYTES and MAX_LOGO_SIDE pixels a side, from
    its base64 text (a data: URL's prefix is allowed); BusinessRuleError otherwise."""
    text = logo_base64.strip().partition("base64,")[2] or logo_base64.strip()
    if len(text) > MAX_LOGO_BYTES * 4 // 3 + 4:
        raise BusinessRuleError(_too_large())
    try:
        content = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise BusinessRuleError(_invalid_logo("The logo is not base64.")) from error
    if len(content) > MAX_LOGO_BYTES:
        raise BusinessRuleError(_too_large())
    return Logo(content, _image_type(content))


def _too_large() -> UserError:
    return UserError(
        TenantErrorCode.LOGO_TOO_LARGE,
        f"The logo may be at most {MAX_LOGO_BYTES // 1024} KB and "
        f"{MAX_LOGO_SIDE}x{MAX_LOGO_SIDE} pixels.",
        ("logoBase64",),
        {"maxKb": str(MAX_LOGO_BYTES // 1024), "maxPixels": str(MAX_LOGO_SIDE)},
    )


def _image_type(content: bytes) -> str:
    """The logo's media type, after checking it is a whole PNG or JPEG of a sane size."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind, size = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise BusinessRuleError(_invalid_logo("Upload the logo as a PNG or JPEG image.")) from error
    if kind not in LOGO_FORMATS:
        raise BusinessRuleError(_invalid_logo("Upload the logo as a PNG or JPEG image."))
    if max(size) > MAX_LOGO_SIDE:
        raise BusinessRuleError(_too_large())
    return LOGO_FORMATS[kind]


async def update_branding(actor: Actor, change: BrandingChange) -> Branding:
    """Change the branding (settings:write); every invalid field is reported at once."""
    await actor.require("settings", "write")
    errors = _text_errors(change)
    logo: Logo | None = None
    if change.logo_base64 is not None and not change.remove_logo:
        try:
            logo = decoded_logo(change.logo_base64)
        except BusinessRuleError as refused:
            errors += refused.errors
    if errors:
        raise BusinessRuleError(*errors)
    row = await _row(actor)
    before = _summary(_view(row))
    if row is None:
        row = TenantBranding(tenant_id=actor.tenant_id)
        actor.session.add(row)
    _apply(row, change, logo)
    await actor.session.flush()
    after = _view(row)
    await audit.record(
        actor,
        "settings.update",
        "tenant",
        actor.tenant_id,
        before=before,
        after={**_summary(after), **_logo_summary(logo)},
    )
    return after


def _apply(row: TenantBranding, change: BrandingChange, logo: Logo | None) -> None:
    for name in TEXT_LIMITS:
        value = getattr(change, name)
        if value is not None:
            setattr(row, name, value.strip() or None)
    if change.remove_logo:
        row.logo, row.logo_content_type = None, None
    elif logo is not None:
        row.logo, row.logo_content_type = logo.content, logo.content_type
    row.updated_at = datetime.now(UTC)


def _summary(branding: Branding) -> dict[str, Any]:
    """The branding as the audit log shows it: named like the GraphQL fields."""
    return {**seller_details(branding), "logo": branding.logo_content_type}


def _logo_summary(logo: Logo | None) -> dict[str, Any]:
    if logo is None:
        return {}
    return {"logoSha256": hashlib.sha256(logo.content).hexdigest(), "logoBytes": len(logo.content)}
