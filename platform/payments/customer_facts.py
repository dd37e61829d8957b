"""What payments reads of a customer for work no caller's scope applies to (the worker's
schedules and emails, a Stripe webhook, a document's printed address): the one place it
reads customers' tables, until customers offers these through its services."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from core.context import Actor
from customers.models import Contact, Customer
from customers.services import PaymentTerms, payment_terms_of


async def customer_for_system(actor: Actor, customer_id: uuid.UUID) -> Customer | None:
    """The tenant's customer by id, whoever asks."""
    return await actor.session.get(Customer, (actor.tenant_id, customer_id))


async def customer_email(actor: Actor, customer_id: uuid.UUID) -> str | None:
    """The customer's own email address, if it has one."""
    customer = await customer_for_system(actor, customer_id)
    return customer.email if customer else None


async def mail_address(actor: Actor, customer_id: uuid.UUID) -> str | None:
    """Where mail to the customer goes: its own address, else its first contact's."""
    if email := await customer_email(actor, customer_id):
        return email
    contact: str | None = await actor.session.scalar(
        select(Contact.email)
        .where(Contact.tenant_id == actor.tenant_id, Contact.customer_id == customer_id)
        .order_by(Contact.created_at)
        .limit(1)
    )
    return contact


async def payment_terms(actor: Actor, customer_id: uuid.UUID) -> PaymentTerms:
    """The customer's current payment terms (the default terms when it is gone)."""
    customer = await customer_for_system(actor, customer_id)
    return payment_terms_of(customer) if customer else PaymentTerms()
