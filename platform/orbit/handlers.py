"""Every event handler of every domain, in one list the worker dispatches by event type."""

from __future__ import annotations

import approvals.handlers
import collaboration.handlers
import contracts.handlers
import customer_notices.handlers
import inventory.handlers
import notifications.handlers
import order_changes.handlers
import payments.handlers
import portal.handlers
import quotes.handlers
import returns.handlers
import shipping.handlers
import subscriptions.handlers
import tickets.handlers
from core.events import EventHandler

HANDLERS: tuple[EventHandler, ...] = (
    *notifications.handlers.HANDLERS,
    *portal.handlers.HANDLERS,
    *inventory.handlers.HANDLERS,
    *payments.handlers.HANDLERS,
    *shipping.handlers.HANDLERS,
    *collaboration.handlers.HANDLERS,
    *order_changes.handlers.HANDLERS,
    *approvals.handlers.HANDLERS,
    *customer_notices.handlers.HANDLERS,
    *tickets.handlers.HANDLERS,
    *returns.handlers.HANDLERS,
    *quotes.handlers.HANDLERS,
    *subscriptions.handlers.HANDLERS,
    *contracts.handlers.HANDLERS,
)


def handlers_for(event_type: str) -> list[EventHandler]:
    return [h for h in HANDLERS if event_type in h.event_types]
