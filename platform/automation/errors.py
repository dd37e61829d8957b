"""The user-error codes of event-delivery administration."""

from __future__ import annotations

from core.errors import ErrorCode


class AutomationErrorCode(ErrorCode):
    DELIVERY_NOT_DEAD = "DELIVERY_NOT_DEAD"
