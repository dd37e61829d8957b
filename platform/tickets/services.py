"""Ticket use cases, the one module other domains import: reading tickets within the caller's
data scope (`reading`), opening them (`opening`), the conversation (`conversation`), their
status (`progress`), their fields and assignment (`editing`), the tenant's categories
(`categories`) and the reply email (`mailing`).

Permissions: tickets:read, :write, :assign (owner and department) and :configure
(categories) for staff and API clients; a portal contact reaches their own customer's
tickets and only their public messages.
"""

from __future__ import annotations

from tickets.categories import Category, categories, categories_by_key, save_category
from tickets.conversation import portal_reply, reply_to_ticket
from tickets.csat import bad_ratings_by_customer
from tickets.editing import KEEP, TicketChanges, update_ticket
from tickets.mailing import email_reply
from tickets.opening import NewTicket, PortalTicketInput, create_ticket, portal_create_ticket
from tickets.progress import change_status, reopen_ticket
from tickets.reading import (
    TicketFilter,
    list_tickets,
    messages_of_tickets,
    portal_ticket,
    portal_tickets,
    ticket_by_number,
    tickets_by_id,
    tickets_of_orders,
)

__all__ = [
    "KEEP",
    "Category",
    "NewTicket",
    "PortalTicketInput",
    "TicketChanges",
    "TicketFilter",
    "bad_ratings_by_customer",
    "categories",
    "categories_by_key",
    "change_status",
    "create_ticket",
    "email_reply",
    "list_tickets",
    "messages_of_tickets",
    "portal_create_ticket",
    "portal_reply",
    "portal_ticket",
    "portal_tickets",
    "reopen_ticket",
    "reply_to_ticket",
    "save_category",
    "ticket_by_number",
    "tickets_by_id",
    "tickets_of_orders",
    "update_ticket",
]
