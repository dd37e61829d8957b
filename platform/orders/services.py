"""Order use cases, the one module other domains import: creating an order (`entry`),
moving it through its lifecycle (`lifecycle`), reading orders within the caller's data scope
(`reading`), changes to confirmed orders (`changes`), payments and refunds on orders
(`money`) and the tenant's order settings (`settings`). The lifecycle itself is declared in
`orders.rules.TRANSITIONS`. Imports create drafts in batches with `create_orders` (`bulk`);
scheduled runs enter submitted sourced orders in batches with `create_sourced_orders`
(`sourced_batch`).
"""

from __future__ import annotations

from orders.approval_gate import (
    ApprovalFacts,
    ApprovalGate,
    ApprovalNeed,
    ApprovalNeedReason,
    OrderToApprove,
    set_approval_gate,
)
from orders.bulk import CreatedOrder, CreateResult, create_orders
from orders.changes import (
    CHANGEABLE_STATUSES,
    AppliedChange,
    OrderChange,
    RepricedLine,
    apply_change,
)
from orders.entry import (
    create_exchange_order,
    create_order,
    create_sourced_order,
    place_portal_order,
)
from orders.lifecycle import (
    TransitionInput,
    confirm_approved,
    lock_order_for_change,
    lock_order_to_ship,
    lock_status,
    record_delivered,
    record_fully_shipped,
    reject_unapproved,
    set_effect,
    transition_order,
)
from orders.money import apply_payment, apply_refund, lock_orders_for_payment, payment_status
from orders.preview import LinePreview, OrderPreview, RateTotal, preview_order
from orders.reading import (
    ORDER_SORTS,
    OrderFilter,
    OrderHead,
    available_transitions,
    delivered_quantities_by_sku,
    get_order,
    held_order_permissions,
    history_of_orders,
    lines_of_order,
    lines_of_orders,
    list_orders,
    open_receivables,
    order_heads_for_system,
    order_lines_by_id,
    orders_by_id,
    orders_delivered_between,
    orders_for_system,
    payment_terms_of,
    quantities_of_orders,
    visible_order_ids,
)
from orders.rules import Action, Effect, Status
from orders.settings import (
    EffectiveSettings,
    SettingsChanges,
    order_settings,
    read_order_settings,
    update_order_settings,
)
from orders.sourced_batch import EnteredOrder, SourcedResult, create_sourced_orders
from orders.validation import (
    CHANNELS,
    PRIORITIES,
    SOURCED_CHANNELS,
    AgreedPrice,
    NewLine,
    NewOrder,
    ship_to_snapshot,
)

__all__ = [
    "CHANGEABLE_STATUSES",
    "CHANNELS",
    "ORDER_SORTS",
    "PRIORITIES",
    "SOURCED_CHANNELS",
    "Action",
    "AgreedPrice",
    "AppliedChange",
    "ApprovalFacts",
    "ApprovalGate",
    "ApprovalNeed",
    "ApprovalNeedReason",
    "CreateResult",
    "CreatedOrder",
    "Effect",
    "EffectiveSettings",
    "EnteredOrder",
    "LinePreview",
    "NewLine",
    "NewOrder",
    "OrderChange",
    "OrderFilter",
    "OrderHead",
    "OrderPreview",
    "OrderToApprove",
    "RateTotal",
    "RepricedLine",
    "SettingsChanges",
    "SourcedResult",
    "Status",
    "TransitionInput",
    "apply_change",
    "apply_payment",
    "apply_refund",
    "available_transitions",
    "confirm_approved",
    "create_exchange_order",
    "create_order",
    "create_orders",
    "create_sourced_order",
    "create_sourced_orders",
    "delivered_quantities_by_sku",
    "get_order",
    "held_order_permissions",
    "history_of_orders",
    "lines_of_order",
    "lines_of_orders",
    "list_orders",
    "lock_order_for_change",
    "lock_order_to_ship",
    "lock_orders_for_payment",
    "lock_status",
    "open_receivables",
    "order_heads_for_system",
    "order_lines_by_id",
    "order_settings",
    "orders_by_id",
    "orders_delivered_between",
    "orders_for_system",
    "payment_status",
    "payment_terms_of",
    "place_portal_order",
    "preview_order",
    "quantities_of_orders",
    "read_order_settings",
    "record_delivered",
    "record_fully_shipped",
    "reject_unapproved",
    "set_approval_gate",
    "set_effect",
    "ship_to_snapshot",
    "transition_order",
    "update_order_settings",
    "visible_order_ids",
]
