"""The user-error codes of the notification inbox."""

from __future__ import annotations

from core.errors import ErrorCode


class NotificationErrorCode(ErrorCode):
    NOTHING_TO_MARK = "NOTHING_TO_MARK"
    STAFF_ONLY = "STAFF_ONLY"
