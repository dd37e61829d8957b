"""The tenant's branding (legal name, address, tax id, bank details, logo) as a test sets it."""

from __future__ import annotations

import base64
import io
from typing import Any

from PIL import Image

from tests.support.graphql import TenantSession

BRANDING_FIELDS = "legalName address taxId bankDetails hasLogo logoUrl"
UPDATE_BRANDING = f"""mutation Brand($input: UpdateTenantBrandingInput!) {{
  updateTenantBranding(input: $input) {{ branding {{ {BRANDING_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
BRANDING = f"query Branding {{ tenant {{ branding {{ {BRANDING_FIELDS} }} }} }}"
ACME_BRANDING = {
    "legalName": "Acme Trading GmbH",
    "address": "Hafenstrasse 12\n20457 Hamburg\nGermany",
    "taxId": "DE123456789",
    "bankDetails": "Commerzbank Hamburg\nIBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX",
}


def image_base64(kind: str = "PNG", size: tuple[int, int] = (120, 40)) -> str:
    """A small coloured image, base64-encoded."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 200)).save(buffer, format=kind)
    return base64.b64encode(buffer.getvalue()).decode()


def update_branding(session: TenantSession, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(UPDATE_BRANDING, {"input": fields})[
        "updateTenantBranding"
    ]
    return payload


def branded(session: TenantSession, **fields: Any) -> dict[str, Any]:
    """Set the branding (Acme's with a PNG logo unless `fields` say otherwise)."""
    payload = update_branding(session, **{**ACME_BRANDING, "logoBase64": image_base64(), **fields})
    assert payload["userErrors"] == [], payload["userErrors"]
    branding: dict[str, Any] = payload["branding"]
    return branding


def branding_of(session: TenantSession) -> dict[str, Any]:
    found: dict[str, Any] = session.client.data(BRANDING)["tenant"]["branding"]
    return found
