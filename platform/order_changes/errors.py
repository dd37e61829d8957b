"""The user-error codes of order change requests (approving one also passes on the codes of
re-pricing and re-reserving the order: orders', catalog's and inventory's)."""

from __future__ import annotations

from core.errors import ErrorCode


class OrderChangeErrorCode(ErrorCode):
    BELOW_SHIPPED_QUANTITY = "BELOW_SHIPPED_QUANTITY"
    CHANGE_NOT_ALLOWED = "CHANGE_NOT_ALLOWED"
    CHANGE_NOT_OPEN = "CHANGE_NOT_OPEN"
    CHANGE_PENDING = "CHANGE_PENDING"
    DUPLICATE_LINE = "DUPLICATE_LINE"
    INVALID_DELIVERY_DATE = "INVALID_DELIVERY_DATE"
    INVALID_QUANTITY = "INVALID_QUANTITY"
    NOT_REQUESTER = "NOT_REQUESTER"
    NO_CHANGE = "NO_CHANGE"
    SELF_APPROVAL = "SELF_APPROVAL"
    TOO_LONG = "TOO_LONG"
    UNKNOWN_LINE = "UNKNOWN_LINE"
