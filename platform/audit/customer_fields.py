"""The audit domain's field of the GraphQL `Customer` type (its activity timeline), added
by the composition root (orbit.schema) so that customers' schema need not know this domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from audit.timeline import Activity, customer_timeline
from core.gql.context import context_of
from core.gql.types import optional_id_of


@strawberry.enum(name="CustomerActivityKind", description="What kind of thing happened.")
class CustomerActivityKind(Enum):
    STATUS_CHANGE = "status_change"
    COMMENT = "comment"
    EMAIL = "email"
    RECORD_CHANGE = "record_change"


@strawberry.type(
    name="CustomerActivity",
    description="One thing that happened around a customer. Clients word it from `kind` "
    "and `action` in the reader's language and show the facts beside it.",
)
class CustomerActivityType:
    at: datetime = strawberry.field(description="When.")
    kind: CustomerActivityKind = strawberry.field(description="What kind of thing.")
    action: str = strawberry.field(
        description="STATUS_CHANGE: the order action (confirm, ship…); COMMENT: comments.add; "
        "EMAIL: email.invoice, email.credit_note, email.overdue_reminder, email.order_confirmed, "
        "email.order_shipped or email.order_delivered; RECORD_CHANGE: "
        "the audit action (customers.update…)."
    )
    actor_name: str | None = strawberry.field(
        description="Who did it; null for the system (emails, jobs)."
    )
    order_id: strawberry.ID | None = strawberry.field(description="Global id of its order.")
    order_number: str | None = strawberry.field(description="Its order's number.")
    subject: str | None = strawberry.field(
        description="The record it names: an invoice's number, an instalment's label, a "
        "contact's name."
    )
    text: str | None = strawberry.field(
        description="A comment's words (first 280 characters) or an email's recipient."
    )
    from_status: str | None = strawberry.field(
        description="STATUS_CHANGE: the OrderStatus left (e.g. CONFIRMED); null for the first."
    )
    to_status: str | None = strawberry.field(description="STATUS_CHANGE: the OrderStatus entered.")

    @classmethod
    def of(cls, activity: Activity) -> CustomerActivityType:
        return cls(
            at=activity.at,
            kind=CustomerActivityKind(activity.kind.value),
            action=activity.action,
            actor_name=activity.actor_name,
            order_id=optional_id_of("Order", activity.order_id),
            order_number=activity.order_number,
            subject=activity.subject,
            text=activity.text,
            from_status=activity.from_status.upper() if activity.from_status else None,
            to_status=activity.to_status.upper() if activity.to_status else None,
        )


async def _timeline(root: Any, info: Info, first: int = 30) -> list[CustomerActivityType]:
    actor = await context_of(info).reader()
    activities = await customer_timeline(actor, uuid.UUID(root.id), first)
    return [CustomerActivityType.of(a) for a in activities]


# Customer.timeline comes last.
CUSTOMER_FIELDS: dict[str, StrawberryField] = {
    "timeline": strawberry.field(
        resolver=_timeline,
        description="What happened around the customer, newest first (at most `first`, up "
        "to 100): status changes of and comments on its orders, invoices and reminders "
        "emailed, changes to its record, contacts and addresses; each part as far as the "
        "reader may read it (orders:read, invoices:read, payments:read, audit:read).",
    )
}
