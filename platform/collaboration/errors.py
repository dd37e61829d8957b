"""The user-error codes of comments and following."""

from __future__ import annotations

from core.errors import ErrorCode


class CollaborationErrorCode(ErrorCode):
    COMMENT_DELETED = "COMMENT_DELETED"
    COMMENT_EMPTY = "COMMENT_EMPTY"
    COMMENT_TOO_LONG = "COMMENT_TOO_LONG"
    MENTION_CANNOT_SEE_ORDER = "MENTION_CANNOT_SEE_ORDER"
    TOO_MANY_MENTIONS = "TOO_MANY_MENTIONS"
    UNKNOWN_USER = "UNKNOWN_USER"
