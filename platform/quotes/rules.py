"""Quote rules without I/O: statuses and line kinds, the number format, validity and
text limits, the checks a draft passes before it is saved, and which statuses may be
accepted, declined, revised or withdrawn."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from enum import Enum

from core.errors import UserError
from quotes.errors import QuoteErrorCode

MAX_LINES = 200
MAX_NOTES = 4000
MAX_REASON = 1000
MAX_IDEMPOTENCY_KEY = 200
MAX_VALIDITY_DAYS = 366
DEFAULT_VALIDITY_DAYS = 30
ZERO = Decimal(0)


class QuoteStatus(str, Enum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class LineKind(str, Enum):
    ONE_OFF = "one_off"
    RECURRING = "recurring"


class RenewalType(str, Enum):
    """How the requested contract renews (contracts' RenewalType, by value)."""

    NONE = "none"
    AUTOMATIC = "automatic"
    EVERGREEN = "evergreen"
    ONCE = "once"


def format_number(value: int) -> str:
    return f"Q-{value:06d}"


def default_valid_until(today: date) -> date:
    return today + timedelta(days=DEFAULT_VALIDITY_DAYS)


def error(code: QuoteErrorCode, message: str, *field: str, **params: str) -> UserError:
    return UserError(code, message, tuple(field) or None, params or None)


def check_validity(valid_until: date, today: date) -> list[UserError]:
    if valid_until < today:
        return [
            error(QuoteErrorCode.VALIDITY_IN_PAST, "The quote must be valid today.", "validUntil")
        ]
    if valid_until > today + timedelta(days=MAX_VALIDITY_DAYS):
        return [
            error(
                QuoteErrorCode.VALIDITY_TOO_LONG,
                f"A quote is valid for at most {MAX_VALIDITY_DAYS} days.",
                "validUntil",
            )
        ]
    return []


def check_notes(notes: str | None) -> list[UserError]:
    if notes is not None and len(notes) > MAX_NOTES:
        return [
            error(
                QuoteErrorCode.NOTES_TOO_LONG,
                f"Keep the notes under {MAX_NOTES} characters.",
                "notes",
            )
        ]
    return []


def check_line_count(count: int) -> list[UserError]:
    if count == 0:
        return [error(QuoteErrorCode.NO_LINES, "Add at least one line.", "lines")]
    if count > MAX_LINES:
        return [error(QuoteErrorCode.TOO_MANY_LINES, f"At most {MAX_LINES} lines.", "lines")]
    return []


def check_decline_reason(reason: str) -> list[UserError]:
    if not reason.strip():
        return [error(QuoteErrorCode.DECLINE_REASON_REQUIRED, "Say why you decline.", "reason")]
    if len(reason) > MAX_REASON:
        return [
            error(
                QuoteErrorCode.DECLINE_REASON_TOO_LONG,
                f"Keep the reason under {MAX_REASON} characters.",
                "reason",
            )
        ]
    return []


def is_past_validity(valid_until: date, today: date) -> bool:
    """A quote is valid through its `valid_until` day, in the tenant's time zone."""
    return valid_until < today


def clean(text: str | None) -> str | None:
    stripped = (text or "").strip()
    return stripped or None
