"""The user-error codes of starting an import (a file's rows report theirs in the job's issues)."""

from __future__ import annotations

from core.errors import ErrorCode


class ImportErrorCode(ErrorCode):
    EMPTY_FILE = "EMPTY_FILE"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    INVALID_CONTENT = "INVALID_CONTENT"
    INVALID_FILE_NAME = "INVALID_FILE_NAME"
    INVALID_MODE = "INVALID_MODE"
    MISSING_COLUMNS = "MISSING_COLUMNS"
    TOO_MANY_ROWS = "TOO_MANY_ROWS"
    UNKNOWN_FORMAT = "UNKNOWN_FORMAT"
    UNREADABLE_FILE = "UNREADABLE_FILE"
