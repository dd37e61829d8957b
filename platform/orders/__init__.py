"""Orders: customer orders, their lines and lifecycle.

Other domains' schemas link to an order with the GraphQL types from here, and read an
order's status history through the request's shared loader (`history_of`)."""

from orders.portal_schema import PortalOrderType
from orders.schema_types import (
    OrderAddressType,
    OrderLineType,
    OrderSortEnum,
    OrderType,
    history_of,
)

__all__ = [
    "OrderAddressType",
    "OrderLineType",
    "OrderSortEnum",
    "OrderType",
    "PortalOrderType",
    "history_of",
]
