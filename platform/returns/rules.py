"""The rules of returns, without I/O: statuses and the moves between them, reason codes,
wishes, grades and dispositions, numbering, and the quantity and window arithmetic."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

ZERO = Decimal(0)
DEFAULT_WINDOW_DAYS = 30
MAX_WINDOW_DAYS = 3650
MAX_COMMENT = 2000
MAX_IDEMPOTENCY_KEY = 200


class ReturnStatus(str, Enum):
    """Approval moves a request straight to AWAITING_RETURN (the goods may be sent); a
    return label step, when it comes, sits inside that status."""

    REQUESTED = "requested"
    DECLINED = "declined"
    AWAITING_RETURN = "awaiting_return"
    RECEIVED = "received"
    INSPECTED = "inspected"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class ReturnReason(str, Enum):
    DAMAGED = "damaged"
    WRONG_ITEM = "wrong_item"
    NOT_AS_DESCRIBED = "not_as_described"
    NO_LONGER_NEEDED = "no_longer_needed"
    OTHER = "other"


class ReturnWish(str, Enum):
    REFUND = "refund"
    EXCHANGE = "exchange"


class Grade(str, Enum):
    A = "a"
    B = "b"
    C = "c"


class Disposition(str, Enum):
    RESTOCK = "restock"
    RESTOCK_SECOND_GRADE = "restock_second_grade"
    REPAIR = "repair"
    SCRAP = "scrap"


class ReturnChannel(str, Enum):
    CONSOLE = "console"
    PORTAL = "portal"
    API = "api"


# Statuses whose lines count against what an order line may still return.
NOT_COUNTED = frozenset({ReturnStatus.CANCELLED, ReturnStatus.DECLINED})
# Every status a move may start from, per move.
MOVES_FROM: dict[str, frozenset[ReturnStatus]] = {
    "approve": frozenset({ReturnStatus.REQUESTED}),
    "decline": frozenset({ReturnStatus.REQUESTED}),
    "cancel": frozenset({ReturnStatus.REQUESTED, ReturnStatus.AWAITING_RETURN}),
    "receive": frozenset(
        {ReturnStatus.AWAITING_RETURN, ReturnStatus.RECEIVED, ReturnStatus.INSPECTED}
    ),
    "inspect": frozenset({ReturnStatus.RECEIVED}),
    "resolve": frozenset({ReturnStatus.INSPECTED}),
    "close": frozenset({ReturnStatus.RESOLVED}),
}
# How a message names each move done.
MOVE_DONE = {
    "approve": "approved",
    "decline": "declined",
    "cancel": "cancelled",
    "receive": "received",
    "inspect": "inspected",
    "resolve": "resolved",
    "close": "closed",
}
# The statuses of an order that has reached its customer.
DELIVERED_ORDER_STATUSES = frozenset({"delivered", "completed"})
# Dispositions that put goods back into sellable (or second-grade) stock.
STOCKED = frozenset({Disposition.RESTOCK, Disposition.RESTOCK_SECOND_GRADE})


def may(move: str, status: ReturnStatus) -> bool:
    return status in MOVES_FROM[move]


def format_number(seq: int) -> str:
    return f"RMA-{seq:06d}"


def returnable_quantity(delivered: Decimal, already_requested: Decimal) -> Decimal:
    """What an order line may still return: delivered less every open or finished return's
    quantity (never below zero)."""
    return max(delivered - already_requested, ZERO)


def window_closes(delivered_at: datetime, window_days: int) -> datetime:
    return delivered_at + timedelta(days=window_days)


def status_after_inspection(received: Decimal, inspected: Decimal) -> ReturnStatus:
    """RECEIVED until every received quantity is inspected."""
    return ReturnStatus.INSPECTED if inspected >= received else ReturnStatus.RECEIVED


def clean(text: str | None) -> str | None:
    stripped = (text or "").strip()
    return stripped or None


CENT = Decimal("0.01")


def line_refund(
    line_total: Decimal, line_quantity: Decimal, passed: Decimal, already: Decimal
) -> Decimal:
    """What a returned line gives back: the passed quantity at the unit price actually paid
    (the order line's total, discount and tax included, per unit), to the cent, never more
    than what was paid for the line less what earlier returns of it gave back."""
    if passed <= 0 or line_quantity <= 0:
        return ZERO
    paid = line_total.quantize(CENT, ROUND_HALF_UP)
    share = (line_total * passed / line_quantity).quantize(CENT, ROUND_HALF_UP)
    return max(min(share, paid - already), ZERO)
