"""The user-error codes of saved views."""

from __future__ import annotations

from core.errors import ErrorCode


class SavedViewErrorCode(ErrorCode):
    DUPLICATE_NAME = "DUPLICATE_NAME"
    INVALID_FILTER = "INVALID_FILTER"
    INVALID_SORT = "INVALID_SORT"
    NOT_VIEW_OWNER = "NOT_VIEW_OWNER"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    UNKNOWN_FILTER = "UNKNOWN_FILTER"
