"""The codes of the portal's user errors: signing in and ordering from the portal."""

from __future__ import annotations

from core.errors import ErrorCode


class PortalErrorCode(ErrorCode):
    INVALID_MAGIC_LINK = "INVALID_MAGIC_LINK"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    EMPTY_ORDER = "EMPTY_ORDER"
    UNSUPPORTED_LOCALE = "UNSUPPORTED_LOCALE"
