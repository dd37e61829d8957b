"""Shipping's fields of the GraphQL `Order` and `PortalOrder` types, added by the
composition root (orbit.schema) so that orders' schema need not know this domain."""

from __future__ import annotations

from strawberry.types.field import StrawberryField

from shipping.schema import order_shipments_field, portal_order_shipments_field

ORDER_FIELDS: dict[str, StrawberryField] = {"shipments": order_shipments_field()}
# PortalOrder.shipments comes right after its lines.
PORTAL_ORDER_FIELDS: dict[str, StrawberryField] = {"shipments": portal_order_shipments_field()}
