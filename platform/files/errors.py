"""The user-error codes of stored files."""

from __future__ import annotations

from core.errors import ErrorCode


class FileErrorCode(ErrorCode):
    EMPTY_FILE = "EMPTY_FILE"
    FILE_ALREADY_ATTACHED = "FILE_ALREADY_ATTACHED"
    FILE_NOT_FOUND = "FILE_NOT_FOUND"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_TYPE_NOT_ALLOWED = "FILE_TYPE_NOT_ALLOWED"
    NOT_AN_IMAGE = "NOT_AN_IMAGE"
    TOO_MANY_FILES = "TOO_MANY_FILES"
    UNKNOWN_PURPOSE = "UNKNOWN_PURPOSE"
    WRONG_PURPOSE = "WRONG_PURPOSE"
