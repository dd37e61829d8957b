"""Reading customers: the list, node lookups, tags, the facts pricing and order entry read
(staff within their data scope, a portal contact their own customer), and the reads of
system work no caller's scope applies to."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import and_, bindparam, func, or_, select

import tenants.services as tenants
from core.context import Actor
from core.money import Money
from core.pagination import Page, keyset_page
from customers.access import (
    nodes_by_id,
    reachable_customer,
    reachable_customers,
    visible_customer_ids,
    visible_customers,
)
from customers.models import Contact, Customer, CustomerAddress, CustomerTag
from customers.rules import (
    CUSTOMER_TIERS,
    PaymentTerms,
    plan_from_json,
)
from customers.search import CustomerFilter, filter_conditions

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class CustomerProfile:
    """What pricing, approval and order entry need to know about a customer. `currency` is
    the tenant's (orders are priced in it); the credit limit carries its own currency."""

    customer_id: uuid.UUID
    name: str
    status: str
    tier: str
    region: str | None
    currency: str
    payment_terms: PaymentTerms
    credit_limit: Money
    owner_id: uuid.UUID | None
    department_id: uuid.UUID | None


# --- reading -----------------------------------------------------------------------------------


def payment_terms_of(customer: Customer) -> PaymentTerms:
    return PaymentTerms(
        kind=customer.payment_terms_kind,
        net_days=customer.payment_net_days,
        instalments=plan_from_json(customer.payment_plan),
    )


def credit_limit_of(customer: Customer) -> Money:
    return Money(customer.credit_limit, customer.credit_currency)


async def list_customers(
    actor: Actor,
    search: str | None,
    first: int | None,
    after: str | None,
    criteria: CustomerFilter | None = None,
) -> Page[Customer]:
    """Customers in scope, newest first, matching `search` and every criterion given."""
    statement = (await visible_customers(actor)).where(
        *filter_conditions(CustomerFilter(search=search)),
        *filter_conditions(criteria or CustomerFilter()),
    )
    return await keyset_page(actor.session, statement, [Customer.id], first=first, after=after)


async def customers_by_id(
    actor: Actor, ids: list[uuid.UUID], action: str = "read"
) -> list[Customer | None]:
    """Customers the caller may `action`, in `ids` order (None where not found); a portal
    contact reaches their own with `access.PORTAL`, and no customer with the staff view."""
    return await nodes_by_id(actor, Customer, ids, action)


async def tags_of_customers(
    actor: Actor, customer_ids: list[uuid.UUID], action: str = "read"
) -> list[list[str]]:
    """Tags of the customers the caller may `action`, alphabetically (a DataLoader batch)."""
    reached = await visible_customer_ids(actor, action)
    rows = (
        await actor.session.execute(
            select(CustomerTag.customer_id, CustomerTag.tag)
            .where(CustomerTag.customer_id.in_(customer_ids), CustomerTag.customer_id.in_(reached))
            .order_by(CustomerTag.customer_id, CustomerTag.tag)
        )
    ).all()
    grouped: dict[uuid.UUID, list[str]] = {i: [] for i in customer_ids}
    for customer_id, tag in rows:
        grouped[customer_id].append(tag)
    return [grouped[i] for i in customer_ids]


async def customer_tiers(actor: Actor) -> tuple[str, ...]:
    """The tier codes a customer of the caller's tenant may have. Any staff caller may ask:
    price books name tiers without reading any customer."""
    actor.require_staff()
    return CUSTOMER_TIERS


async def customer_pricing_profile(
    actor: Actor, customer_id: uuid.UUID, action: str | None = None
) -> CustomerProfile:
    """The customer's tier, region, payment terms and credit limit, with the tenant's
    currency. NOT_FOUND when the caller cannot reach the customer with `action` (by default
    the caller's: staff read within their data scope, a portal contact `access.PORTAL`, their
    own customer only)."""
    customer = await reachable_customer(actor, customer_id, action)
    tenant = await tenants.current_tenant(actor)
    return _profile(customer, tenant.currency)


def _profile(customer: Customer, currency: str) -> CustomerProfile:
    return CustomerProfile(
        customer_id=customer.id,
        name=customer.name,
        status=customer.status,
        tier=customer.tier,
        region=customer.region,
        currency=currency,
        payment_terms=payment_terms_of(customer),
        credit_limit=credit_limit_of(customer),
        owner_id=customer.owner_id,
        department_id=customer.department_id,
    )


@dataclass(frozen=True)
class OrderEntryCustomer:
    """What order entry reads about its customer in one statement: the pricing profile,
    the tenant's time zone, and the customer's default addresses plus those asked for."""

    profile: CustomerProfile
    time_zone: str
    addresses: list[CustomerAddress]


async def order_entry_customer(
    actor: Actor, customer_id: uuid.UUID, address_ids: list[uuid.UUID], action: str | None = None
) -> OrderEntryCustomer | None:
    """`customer_pricing_profile` with the tenant's time zone and the customer's default
    addresses and the addresses `address_ids` (those of this customer only), in one
    statement. None when the caller cannot reach the customer (same rule as the profile)."""
    entries = await order_entry_customers(actor, [customer_id], address_ids, action)
    return entries.get(customer_id)


async def order_entry_customers(
    actor: Actor,
    customer_ids: list[uuid.UUID],
    address_ids: list[uuid.UUID],
    action: str | None = None,
) -> dict[uuid.UUID, OrderEntryCustomer]:
    """`order_entry_customer` for several customers (a batch of imported orders), in one
    statement; customers the caller cannot reach are left out."""
    reached = (await reachable_customers(actor, action)).where(Customer.id.in_(customer_ids))
    statement = (
        tenants.with_currency_and_time_zone(reached, Customer.tenant_id)
        .outerjoin(
            CustomerAddress,
            and_(
                CustomerAddress.tenant_id == Customer.tenant_id,
                CustomerAddress.customer_id == Customer.id,
                or_(CustomerAddress.is_default.is_(True), CustomerAddress.id.in_(address_ids)),
            ),
        )
        .add_columns(CustomerAddress)
    )
    entries: dict[uuid.UUID, OrderEntryCustomer] = {}
    for customer, currency, time_zone, address in await actor.session.execute(statement):
        entry = entries.get(customer.id)
        if entry is None:
            profile = _profile(customer, currency)
            entry = entries[customer.id] = OrderEntryCustomer(profile, time_zone, [])
        if address is not None:
            entry.addresses.append(address)
    return entries


async def find_customer_by_external_ref(actor: Actor, external_ref: str) -> Customer | None:
    """The customer in the caller's scope with this external reference (import de-dup)."""
    statement = (await visible_customers(actor)).where(
        Customer.external_ref == external_ref.strip()
    )
    return await actor.session.scalar(statement)


async def customer_ids_by_external_ref(actor: Actor, refs: Iterable[str]) -> dict[str, uuid.UUID]:
    """The ids of the customers in the caller's scope with these external references, by
    reference, in one statement (imports resolve a file's references with it)."""
    wanted = sorted({ref.strip() for ref in refs})
    if not wanted:
        return {}
    statement = (await visible_customers(actor)).where(Customer.external_ref.in_(wanted))
    return {
        customer.external_ref: customer.id
        for customer in await actor.session.scalars(statement)
        if customer.external_ref is not None
    }


# --- system reads (the worker's schedules and emails, webhooks: no caller's scope applies) --


async def customer_for_system(actor: Actor, customer_id: uuid.UUID) -> Customer | None:
    """The bound tenant's customer by id, for work done for nobody in particular."""
    return await actor.session.get(Customer, (actor.tenant_id, customer_id))


async def mail_locale_of_customer(actor: Actor, customer_id: uuid.UUID) -> str | None:
    """The language the customer's contacts chose for their emails (the first contact's
    that chose one), or None: documents and emails to the customer then use the tenant's."""
    return await actor.session.scalar(
        select(Contact.locale)
        .where(
            Contact.tenant_id == actor.tenant_id,
            Contact.customer_id == customer_id,
            Contact.locale.is_not(None),
        )
        .order_by(Contact.created_at)
        .limit(1)
    )


_MAIL_ADDRESS = select(
    func.coalesce(
        select(func.nullif(Customer.email, ""))
        .where(Customer.tenant_id == bindparam("tenant_id"), Customer.id == bindparam("id"))
        .scalar_subquery(),
        select(Contact.email)
        .where(Contact.tenant_id == bindparam("tenant_id"), Contact.customer_id == bindparam("id"))
        .order_by(Contact.created_at)
        .limit(1)
        .scalar_subquery(),
    )
)


async def mail_address_of_customer(actor: Actor, customer_id: uuid.UUID) -> str | None:
    """Where mail to the customer goes: its own address, else its first contact's (one
    prebuilt statement: event handlers ask for every order they write about)."""
    address: str | None = await actor.session.scalar(
        _MAIL_ADDRESS, {"tenant_id": actor.tenant_id, "id": customer_id}
    )
    return address
