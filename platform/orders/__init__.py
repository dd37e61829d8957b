"""Orders: customer orders, their lines and lifecycle.

Other domains' schemas link to an order with the GraphQL types from here."""

from orders.portal_schema import PortalOrderType
from orders.schema_types import OrderAddressType, OrderLineType, OrderSortEnum, OrderType

__all__ = ["OrderAddressType", "OrderLineType", "OrderSortEnum", "OrderType", "PortalOrderType"]
