"""Where a customer's timeline comes from (audit.timeline's sources): the status changes of
and comments on its orders, the invoices and overdue reminders emailed to it, and the changes
to its own record, contacts and addresses. Each source is one statement through the access
layer (the customer's orders as the reader may see them, and so on)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import String, and_, cast, or_, select

from audit.models import AuditEntry
from audit.naming import actor_names, names_of
from audit.timeline import Activity, ActivityKind, add_source
from collaboration.models import OrderComment
from core import access
from core.context import Actor
from customer_notices.models import CustomerNoticeSent
from customers.models import Contact, CustomerAddress
from identity.models import User
from orders.models import Order, OrderStatusChange
from payments.models import Invoice, Receivable, ReceivableReminder

COMMENT_PREVIEW = 280


async def _order_rows(actor: Actor, customer_id: uuid.UUID) -> Any:
    """The customer's orders as the reader may see them, to join a source's table to."""
    return (await access.restrict(actor, Order)).where(Order.customer_id == customer_id)


async def status_changes(actor: Actor, customer_id: uuid.UUID, limit: int) -> list[Activity]:
    change = OrderStatusChange
    statement = (
        (await _order_rows(actor, customer_id))
        .join(change, and_(change.tenant_id == Order.tenant_id, change.order_id == Order.id))
        .with_only_columns(change, Order.number)
        # One transaction's steps share a time; their ids (UUIDv7) keep them in order.
        .order_by(change.created_at.desc(), change.id.desc())
        .limit(limit)
    )
    rows = (await actor.session.execute(statement)).tuples().all()
    names = await actor_names(
        actor, [(c.actor_kind, c.actor_id) for c, _ in rows if c.actor_kind and c.actor_id]
    )
    return [
        Activity(
            at=c.created_at,
            kind=ActivityKind.STATUS_CHANGE,
            action=c.action,
            actor_name=names.get((c.actor_kind or "", c.actor_id)) or c.actor_label,
            order_id=c.order_id,
            order_number=number,
            from_status=c.from_status,
            to_status=c.to_status,
        )
        for c, number in rows
    ]


async def comments(actor: Actor, customer_id: uuid.UUID, limit: int) -> list[Activity]:
    comment = OrderComment
    statement = (
        (await _order_rows(actor, customer_id))
        .join(comment, and_(comment.tenant_id == Order.tenant_id, comment.order_id == Order.id))
        .join(User, and_(User.tenant_id == comment.tenant_id, User.id == comment.author_id))
        .where(comment.deleted_at.is_(None))
        .with_only_columns(comment.created_at, comment.body, User.name, Order.id, Order.number)
        .order_by(comment.created_at.desc())
        .limit(limit)
    )
    return [
        Activity(
            at=at,
            kind=ActivityKind.COMMENT,
            action="comments.add",
            actor_name=author,
            order_id=order_id,
            order_number=number,
            text=body[:COMMENT_PREVIEW],
        )
        for at, body, author, order_id, number in (await actor.session.execute(statement)).tuples()
    ]


async def invoices_emailed(actor: Actor, customer_id: uuid.UUID, limit: int) -> list[Activity]:
    statement = (
        (await access.restrict(actor, Invoice))
        .where(Invoice.customer_id == customer_id, Invoice.emailed_at.is_not(None))
        .with_only_columns(
            Invoice.emailed_at, Invoice.kind, Invoice.number, Invoice.emailed_to, Invoice.order_id
        )
        .order_by(Invoice.emailed_at.desc())
        .limit(limit)
    )
    return [
        Activity(
            at=at,
            kind=ActivityKind.EMAIL,
            action=f"email.{kind}",
            order_id=order_id,
            subject=number,
            text=recipient,
        )
        for at, kind, number, recipient, order_id in (
            await actor.session.execute(statement)
        ).tuples()
        if at is not None  # the statement asks for emailed invoices only
    ]


async def reminders_sent(actor: Actor, customer_id: uuid.UUID, limit: int) -> list[Activity]:
    reminder = ReceivableReminder
    statement = (
        (await access.restrict(actor, Receivable))
        .where(Receivable.customer_id == customer_id)
        .join(
            reminder,
            and_(
                reminder.tenant_id == Receivable.tenant_id, reminder.receivable_id == Receivable.id
            ),
        )
        .with_only_columns(
            reminder.sent_at, Receivable.label, Receivable.order_id, Receivable.order_number
        )
        .order_by(reminder.sent_at.desc())
        .limit(limit)
    )
    return [
        Activity(
            at=at,
            kind=ActivityKind.EMAIL,
            action="email.overdue_reminder",
            order_id=order_id,
            order_number=number,
            subject=label,
        )
        for at, label, order_id, number in (await actor.session.execute(statement)).tuples()
    ]


async def order_notices_emailed(actor: Actor, customer_id: uuid.UUID, limit: int) -> list[Activity]:
    """The confirmed, shipped and delivered emails sent about the customer's orders."""
    sent = CustomerNoticeSent
    statement = (
        (await _order_rows(actor, customer_id))
        .join(sent, and_(sent.tenant_id == Order.tenant_id, sent.order_id == Order.id))
        .with_only_columns(sent.created_at, sent.kind, sent.recipient, Order.id, Order.number)
        .order_by(sent.created_at.desc())
        .limit(limit)
    )
    return [
        Activity(
            at=at,
            kind=ActivityKind.EMAIL,
            action=f"email.{kind}",
            order_id=order_id,
            order_number=number,
            text=recipient,
        )
        for at, kind, recipient, order_id, number in (
            await actor.session.execute(statement)
        ).tuples()
    ]


async def record_changes(actor: Actor, customer_id: uuid.UUID, limit: int) -> list[Activity]:
    """Audit entries on the customer, its contacts and its addresses (audit:read)."""
    entry = AuditEntry

    def ids_of(model: Any) -> Any:
        return select(cast(model.id, String)).where(
            model.tenant_id == actor.tenant_id, model.customer_id == customer_id
        )

    statement = (
        (await access.restrict(actor, entry))
        .where(
            or_(
                and_(entry.target_type == "customer", entry.target_id == str(customer_id)),
                and_(entry.target_type == "contact", entry.target_id.in_(ids_of(Contact))),
                and_(
                    entry.target_type == "customer_address",
                    entry.target_id.in_(ids_of(CustomerAddress)),
                ),
            )
        )
        .order_by(entry.created_at.desc())
        .limit(limit)
    )
    entries = list(await actor.session.scalars(statement))
    names = await names_of(actor, entries)
    return [
        Activity(
            at=e.created_at,
            kind=ActivityKind.RECORD_CHANGE,
            action=e.action,
            actor_name=names.actor_of(e),
            subject=subject.label if (subject := names.subject_of(e)) else None,
        )
        for e in entries
    ]


def register() -> None:
    """Give the customer timeline its sources (once per process)."""
    for source in (
        status_changes,
        comments,
        invoices_emailed,
        reminders_sent,
        order_notices_emailed,
        record_changes,
    ):
        add_source(source)
