"""Ticket rules without I/O: statuses and their transitions, priorities, channels,
resolution codes, the built-in categories and the checks on text."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from enum import StrEnum

from core.errors import UserError
from tickets.errors import TicketErrorCode

MAX_SUBJECT = 200
MAX_BODY = 20_000
MAX_CATEGORY_NAME = 100
# A closed ticket can be reopened this long after closing; later the customer opens a new one.
REOPEN_WINDOW = timedelta(days=30)
CATEGORY_KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class TicketStatus(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING_CUSTOMER = "pending_customer"
    PENDING_THIRD_PARTY = "pending_third_party"
    SOLVED = "solved"
    CLOSED = "closed"


class TicketPriority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class TicketChannel(StrEnum):
    CONSOLE = "console"
    PORTAL = "portal"
    EMAIL = "email"
    API = "api"


class ResolutionCode(StrEnum):
    FIXED = "fixed"
    ANSWERED = "answered"
    DUPLICATE = "duplicate"
    WONT_FIX = "wont_fix"
    NO_RESPONSE = "no_response"


class MessageKind(StrEnum):
    PUBLIC_REPLY = "public_reply"
    INTERNAL_NOTE = "internal_note"


BUILT_IN_CATEGORIES: dict[str, str] = {
    "delivery": "Delivery",
    "quality": "Quality",
    "billing": "Billing",
    "how_to": "How-to",
    "other": "Other",
}

_WORKING = (
    TicketStatus.OPEN,
    TicketStatus.PENDING_CUSTOMER,
    TicketStatus.PENDING_THIRD_PARTY,
    TicketStatus.SOLVED,
)
# Where changeTicketStatus may move a ticket; reopening (solved or closed -> open) is a use
# case of its own because a closed ticket only reopens within REOPEN_WINDOW.
TRANSITIONS: dict[TicketStatus, frozenset[TicketStatus]] = {
    TicketStatus.NEW: frozenset(_WORKING),
    TicketStatus.OPEN: frozenset(_WORKING) - {TicketStatus.OPEN},
    TicketStatus.PENDING_CUSTOMER: frozenset(_WORKING) - {TicketStatus.PENDING_CUSTOMER},
    TicketStatus.PENDING_THIRD_PARTY: frozenset(_WORKING) - {TicketStatus.PENDING_THIRD_PARTY},
    TicketStatus.SOLVED: frozenset({TicketStatus.CLOSED}),
    TicketStatus.CLOSED: frozenset(),
}
REOPENABLE = frozenset({TicketStatus.SOLVED, TicketStatus.CLOSED})


def can_move(current: TicketStatus, target: TicketStatus) -> bool:
    return target in TRANSITIONS[current]


def status_after_staff_reply(current: TicketStatus) -> TicketStatus:
    """A staff member's public reply starts work on a new ticket; otherwise it stays."""
    return TicketStatus.OPEN if current is TicketStatus.NEW else current


def status_after_customer_reply(current: TicketStatus) -> TicketStatus:
    """The customer answering moves the ticket back to staff: waiting on them ends, and a
    solved ticket reopens."""
    if current in (TicketStatus.PENDING_CUSTOMER, TicketStatus.SOLVED):
        return TicketStatus.OPEN
    return current


def may_reopen(status: TicketStatus, closed_at: datetime | None, now: datetime) -> bool:
    if status is TicketStatus.SOLVED:
        return True
    return (
        status is TicketStatus.CLOSED and closed_at is not None and now - closed_at <= REOPEN_WINDOW
    )


def format_number(seq: int) -> str:
    return f"T-{seq:06d}"


def clean(value: str | None) -> str:
    return (value or "").strip()


def check_subject(subject: str, field: str = "subject") -> list[UserError]:
    if not subject:
        return [UserError(TicketErrorCode.EMPTY_SUBJECT, "Give the ticket a subject.", (field,))]
    if len(subject) > MAX_SUBJECT:
        return [_too_long(field, MAX_SUBJECT)]
    return []


def check_body(body: str, field: str = "body") -> list[UserError]:
    if not body:
        return [UserError(TicketErrorCode.EMPTY_BODY, "Write something first.", (field,))]
    if len(body) > MAX_BODY:
        return [_too_long(field, MAX_BODY)]
    return []


def check_category_key(key: str) -> list[UserError]:
    if CATEGORY_KEY.match(key):
        return []
    return [
        UserError(
            TicketErrorCode.INVALID_CATEGORY_KEY,
            "A category key is 2 to 40 lowercase letters, digits or underscores, "
            "starting with a letter.",
            ("key",),
        )
    ]


def check_category_name(name: str) -> list[UserError]:
    if not name:
        return [UserError(TicketErrorCode.EMPTY_NAME, "Give the category a name.", ("name",))]
    if len(name) > MAX_CATEGORY_NAME:
        return [_too_long("name", MAX_CATEGORY_NAME)]
    return []


def _too_long(field: str, limit: int) -> UserError:
    return UserError(
        TicketErrorCode.TOO_LONG,
        f"At most {limit} characters.",
        (field,),
        {"limit": str(limit)},
    )
