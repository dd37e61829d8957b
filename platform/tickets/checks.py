"""The checks opening and changing a ticket share: its customer, order and lines, owner,
department and texts; and that a closed ticket stays as it was."""

from __future__ import annotations

import uuid

import customers.services as customers
import identity.services as identity
import orders.services as orders
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.tenancy import PrincipalKind
from tickets import rules
from tickets.categories import check_category
from tickets.errors import TicketErrorCode
from tickets.models import Ticket
from tickets.rules import TicketStatus


def raise_if(errors: list[UserError]) -> None:
    if errors:
        raise BusinessRuleError(*errors)


async def order_errors(
    actor: Actor,
    customer_id: uuid.UUID,
    order_id: uuid.UUID | None,
    line_ids: tuple[uuid.UUID, ...],
) -> list[UserError]:
    """The order is the customer's, in this tenant; its lines are the order's."""
    if order_id is None:
        if line_ids:
            return [
                UserError(
                    TicketErrorCode.LINES_WITHOUT_ORDER,
                    "Order lines need their order.",
                    ("orderLineIds",),
                )
            ]
        return []
    found = await orders.orders_for_system(actor, [order_id])
    if not found:
        return [UserError(TicketErrorCode.UNKNOWN_ORDER, "No such order.", ("orderId",))]
    order = found[0]
    if order.customer_id != customer_id and actor.require_principal().kind is PrincipalKind.PORTAL:
        # Another customer's order does not exist as far as a portal contact can tell.
        return [UserError(TicketErrorCode.UNKNOWN_ORDER, "No such order.", ("orderId",))]
    if order.customer_id != customer_id:
        return [
            UserError(
                TicketErrorCode.ORDER_OF_OTHER_CUSTOMER,
                f"Order {order.number} belongs to another customer.",
                ("orderId",),
            )
        ]
    [lines] = await orders.lines_of_orders(actor, [order.id])
    on_order = {line.id for line in lines}
    return [
        UserError(
            TicketErrorCode.UNKNOWN_ORDER_LINE,
            f"That line is not on order {order.number}.",
            ("orderLineIds", str(index)),
        )
        for index, line_id in enumerate(line_ids)
        if line_id not in on_order
    ]


async def owner_errors(actor: Actor, owner_id: uuid.UUID | None) -> list[UserError]:
    if owner_id is None:
        return []
    [user] = await identity.users_by_id(actor, [owner_id])
    if user is None or user.status == "deactivated":
        return [
            UserError(
                TicketErrorCode.UNKNOWN_OWNER, "No active user of yours has that id.", ("ownerId",)
            )
        ]
    return []


async def department_errors(actor: Actor, department_id: uuid.UUID | None) -> list[UserError]:
    if department_id is None:
        return []
    [department] = await identity.departments_by_id(actor, [department_id])
    if department is None:
        return [
            UserError(TicketErrorCode.UNKNOWN_DEPARTMENT, "No such department.", ("departmentId",))
        ]
    return []


async def customer_errors(actor: Actor, customer_id: uuid.UUID) -> list[UserError]:
    """A customer the caller reaches (staff: within their data scope)."""
    [customer] = await customers.customers_by_id(actor, [customer_id])
    if customer is None:
        return [UserError(TicketErrorCode.UNKNOWN_CUSTOMER, "No such customer.", ("customerId",))]
    return []


async def entry_errors(
    actor: Actor,
    customer_id: uuid.UUID | None,
    subject: str,
    description: str,
    category: str,
    order_id: uuid.UUID | None,
    line_ids: tuple[uuid.UUID, ...],
) -> list[UserError]:
    """What every new ticket is checked for; its order only once its customer is known
    (`customer_id` None: the customer was refused already)."""
    errors = [
        *rules.check_subject(rules.clean(subject)),
        *rules.check_body(rules.clean(description), "description"),
        *await check_category(actor, category),
    ]
    if customer_id is not None:
        errors += await order_errors(actor, customer_id, order_id, line_ids)
    return errors


def ensure_not_closed(ticket: Ticket) -> None:
    if ticket.status == TicketStatus.CLOSED.value:
        raise BusinessRuleError.single(
            TicketErrorCode.TICKET_CLOSED,
            f"Ticket {ticket.number} is closed: reopen it, or open a new one.",
            "ticketId",
        )
