"""Checks of a saved order view (pure): its name, its filters and its sort.

Filters are stored as the order list's `OrderFilterInput` in GraphQL's JSON shape (camelCase
keys, enum names), so a client passes a view's filters straight back as the list's filter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from core.errors import UserError
from core.ids import from_global_id
from saved_views.errors import SavedViewErrorCode

MAX_NAME = 80
MAX_TEXT = 200
ORDER_STATUSES = frozenset(
    {
        "DRAFT",
        "SUBMITTED",
        "PENDING_APPROVAL",
        "CONFIRMED",
        "AWAITING_PAYMENT",
        "PAID",
        "READY_TO_SHIP",
        "SHIPPED",
        "DELIVERED",
        "COMPLETED",
        "CANCELLED",
    }
)
PRIORITIES = frozenset({"NORMAL", "URGENT"})
CHANNELS = frozenset(
    {"CONSOLE", "PORTAL", "API", "IMPORT", "MARKETPLACE", "EXCHANGE", "QUOTE", "SUBSCRIPTION"}
)
ORDER_SORTS = frozenset({"NEWEST", "OLDEST", "TOTAL", "REQUESTED_DATE"})


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _is_status_list(value: Any) -> bool:
    return isinstance(value, list) and all(v in ORDER_STATUSES for v in value)


def _is_customer_id(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parsed = from_global_id(value)
    return parsed is not None and parsed[0] == "Customer"


def _is_datetime(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


ORDER_FILTERS: dict[str, Callable[[Any], bool]] = {
    "status": lambda v: v in ORDER_STATUSES,
    "statuses": _is_status_list,
    "customerId": _is_customer_id,
    "priority": lambda v: v in PRIORITIES,
    "channel": lambda v: v in CHANNELS,
    "tag": _is_text,
    "search": _is_text,
    "createdFrom": _is_datetime,
    "createdTo": _is_datetime,
}


def clean_name(name: str) -> str:
    return " ".join(name.split())


def check_name(name: str) -> list[UserError]:
    if not name:
        return [UserError(SavedViewErrorCode.REQUIRED, "Name the view.", ("name",))]
    if len(name) > MAX_NAME:
        return [
            UserError(SavedViewErrorCode.TOO_LONG, f"At most {MAX_NAME} characters.", ("name",))
        ]
    return []


def check_order_filters(filters: Any) -> list[UserError]:
    """UNKNOWN_FILTER for a key the order list does not have, INVALID_FILTER for a bad value
    (null values are allowed: they mean "any")."""
    if not isinstance(filters, dict):
        return [
            UserError(SavedViewErrorCode.INVALID_FILTER, "Filters are an object.", ("filters",))
        ]
    errors = []
    for key, value in filters.items():
        check = ORDER_FILTERS.get(key)
        if check is None:
            errors.append(
                UserError(
                    SavedViewErrorCode.UNKNOWN_FILTER,
                    f"The order list has no filter {key}.",
                    ("filters", key),
                )
            )
        elif value is not None and not check(value):
            errors.append(
                UserError(
                    SavedViewErrorCode.INVALID_FILTER,
                    f"Not a valid value for {key}.",
                    ("filters", key),
                )
            )
    return errors


def check_order_sort(sort: str) -> list[UserError]:
    if sort not in ORDER_SORTS:
        return [
            UserError(
                SavedViewErrorCode.INVALID_SORT,
                f"Sort by one of {', '.join(sorted(ORDER_SORTS))}.",
                ("sort",),
            )
        ]
    return []
