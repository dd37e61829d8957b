"""OrderError: the GraphQL type of the user errors orders reports, in its mutation payloads
and in the order form's preview."""

from __future__ import annotations

from catalog.errors import CatalogErrorCode
from core.gql.types import user_error_type
from customers.errors import CustomerErrorCode
from inventory.errors import InventoryErrorCode
from orders.errors import OrderErrorCode

OrderError = user_error_type(
    "OrderError",
    OrderErrorCode,
    CatalogErrorCode,
    CustomerErrorCode,
    InventoryErrorCode,
    description="Why an order could not be entered, moved or its settings changed.",
)
