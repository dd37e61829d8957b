"""What payments reads of a customer for work no caller's scope applies to (the worker's
schedules and emails, a Stripe webhook, a document's printed address), through customers'
services."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from core.context import Actor
from customers.services import (
    PaymentTerms,
    customer_for_system,
    mail_locale_of_customer,
    payment_terms_of,
)

if TYPE_CHECKING:
    from customers.models import Customer

__all__ = ["customer_email", "customer_language", "payment_terms"]


async def customer_email(actor: Actor, customer_id: uuid.UUID) -> str | None:
    """The customer's own email address, if it has one."""
    customer: Customer | None = await customer_for_system(actor, customer_id)
    return customer.email if customer else None


async def customer_language(actor: Actor, customer_id: uuid.UUID) -> str | None:
    """The language the customer's contacts chose for their emails, if any."""
    return await mail_locale_of_customer(actor, customer_id)


async def payment_terms(actor: Actor, customer_id: uuid.UUID) -> PaymentTerms:
    """The customer's current payment terms (the default terms when it is gone)."""
    customer = await customer_for_system(actor, customer_id)
    return payment_terms_of(customer) if customer else PaymentTerms()
