"""The codes of tenants' user errors: signing a company up and changing its settings."""

from __future__ import annotations

from core.errors import ErrorCode


class TenantErrorCode(ErrorCode):
    REQUIRED = "REQUIRED"
    INVALID_SLUG = "INVALID_SLUG"
    SLUG_RESERVED = "SLUG_RESERVED"
    SLUG_TAKEN = "SLUG_TAKEN"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    INVALID_TIME_ZONE = "INVALID_TIME_ZONE"
    UNSUPPORTED_CURRENCY = "UNSUPPORTED_CURRENCY"
    UNSUPPORTED_LOCALE = "UNSUPPORTED_LOCALE"
    TOO_LONG = "TOO_LONG"
    INVALID_LOGO = "INVALID_LOGO"
    LOGO_TOO_LARGE = "LOGO_TOO_LARGE"
