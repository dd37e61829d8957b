"""The user-error codes of starting an export (a failed export carries its own code)."""

from __future__ import annotations

from core.errors import ErrorCode


class ExportErrorCode(ErrorCode):
    UNKNOWN_LIST = "UNKNOWN_LIST"
    UNKNOWN_FORMAT = "UNKNOWN_FORMAT"
    INVALID_FILTER = "INVALID_FILTER"
    EXPORT_TOO_LARGE = "EXPORT_TOO_LARGE"
