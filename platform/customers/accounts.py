"""Changing customer accounts: creating and updating customers (tier, tags, region, payment
terms, credit limit, owner and department) and replacing their tags."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

import audit.services as audit
import identity.services as identity
import tenants.services as tenants
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.ids import new_id
from core.money import canonical_amount, quantize_money
from core.outbox import emit
from core.tenancy import PrincipalKind
from customers.access import (
    get_customer,
    visible_customers,
)
from customers.addresses import (
    add_initial_addresses,
)
from customers.contacts import (
    ContactInput,
    check_contact,
    check_emails_free,
    flush_contacts,
    new_contact,
)
from customers.errors import CustomerErrorCode
from customers.events import CustomerCreated, CustomerCreditTermsChanged
from customers.models import Customer, CustomerTag
from customers.reading import tags_of_customers
from customers.rules import (
    AddressFields,
    PaymentTerms,
    check_address,
    check_company_email,
    check_credit_limit,
    check_customer_name,
    check_external_ref,
    check_notes,
    check_payment_terms,
    check_phone,
    check_region,
    check_status,
    check_tags,
    check_tier,
    clean,
    distinct_tags,
    plan_to_json,
    raise_if,
)

if TYPE_CHECKING:
    from identity.models import User

DEFAULT_TIER = "standard"


@dataclass(kw_only=True)
class AccountDetails:
    """A customer's account fields. On create, None means the default (tier standard,
    prepaid, credit limit 0, no tags); on update, None leaves the field as it is and an
    empty text clears it. Credit limit and payment terms need customers:credit."""

    tier: str | None = None
    tags: list[str] | None = None
    region: str | None = None
    phone: str | None = None
    email: str | None = None
    external_ref: str | None = None
    notes: str | None = None
    payment_terms: PaymentTerms | None = None
    credit_limit: Decimal | None = None

    def touches_credit(self) -> bool:
        return self.payment_terms is not None or self.credit_limit is not None


@dataclass(kw_only=True)
class NewCustomer(AccountDetails):
    name: str
    owner_id: uuid.UUID | None = None
    department_key: str | None = None
    contacts: list[ContactInput] = field(default_factory=list)
    addresses: list[AddressFields] = field(default_factory=list)


@dataclass(kw_only=True)
class CustomerChanges(AccountDetails):
    """Fields left None stay as they are."""

    name: str | None = None
    status: str | None = None
    owner_id: uuid.UUID | None = None
    department_key: str | None = None

    def touches_more_than_credit(self) -> bool:
        changed = {name for name, value in vars(self).items() if value is not None}
        return bool(changed - {"payment_terms", "credit_limit"})


# --- checks ----------------------------------------------------------------------------------


def check_account(details: AccountDetails, currency: str) -> list[UserError]:
    d = details
    return [
        *(check_tier(d.tier) if d.tier is not None else []),
        *check_region(d.region),
        *check_phone(d.phone, ("phone",)),
        *check_company_email(d.email),
        *check_external_ref(d.external_ref),
        *check_notes(d.notes),
        *(check_payment_terms(d.payment_terms) if d.payment_terms is not None else []),
        *(check_credit_limit(d.credit_limit, currency) if d.credit_limit is not None else []),
        *(check_tags(d.tags) if d.tags is not None else []),
    ]


def check_new_customer(data: NewCustomer, currency: str) -> list[UserError]:
    return [
        *check_customer_name(data.name),
        *check_account(data, currency),
        *(
            error
            for index, contact in enumerate(data.contacts)
            for error in check_contact(contact, ("contacts", str(index)))
        ),
        *(
            error
            for index, address in enumerate(data.addresses)
            for error in check_address(address, ("addresses", str(index)))
        ),
    ]


def check_changes(changes: CustomerChanges, currency: str) -> list[UserError]:
    return [
        *(check_customer_name(changes.name) if changes.name is not None else []),
        *(check_status(changes.status) if changes.status is not None else []),
        *check_account(changes, currency),
    ]


def _external_ref_taken() -> BusinessRuleError:
    return BusinessRuleError.single(
        CustomerErrorCode.EXTERNAL_REF_TAKEN,
        "Another customer already has this external reference.",
        "externalRef",
    )


async def _check_external_ref_free(
    actor: Actor, external_ref: str | None, except_customer: uuid.UUID | None = None
) -> None:
    """External references are unique in the tenant, whoever may see the other customer."""
    if not clean(external_ref):
        return
    statement = select(Customer.id).where(
        Customer.tenant_id == actor.tenant_id, Customer.external_ref == clean(external_ref)
    )
    if except_customer is not None:
        statement = statement.where(Customer.id != except_customer)
    if await actor.session.scalar(statement) is not None:
        raise _external_ref_taken()


async def _flush_customer(actor: Actor) -> None:
    """Flush, turning a concurrent claim of the same external reference into the same user
    error as the check before it."""
    try:
        await actor.session.flush()
    except IntegrityError as error:
        if '"uq_customers_tenant_id_external_ref"' in str(error.orig):
            raise _external_ref_taken() from error
        raise


async def _ensure_in_scope(actor: Actor, customer: Customer, action: str = "write") -> None:
    """After a change, the caller must still reach the customer (a sales user cannot hand
    a new customer to a colleague and lose sight of it)."""
    await actor.session.flush()
    statement = (
        (await visible_customers(actor, action))
        .where(Customer.id == customer.id)
        .with_only_columns(Customer.id)
    )
    if await actor.session.scalar(statement) is None:
        raise BusinessRuleError.single(
            CustomerErrorCode.OUTSIDE_DATA_SCOPE,
            "You would no longer see this customer; choose an owner or "
            "department within your data scope.",
            "ownerId",
        )


# --- changing ----------------------------------------------------------------------------------


def _customer_summary(customer: Customer) -> dict[str, Any]:
    return {
        "name": customer.name,
        "status": customer.status,
        "ownerId": str(customer.owner_id) if customer.owner_id else None,
        "departmentId": str(customer.department_id) if customer.department_id else None,
        "tier": customer.tier,
        "region": customer.region,
        "phone": customer.phone,
        "email": customer.email,
        "externalRef": customer.external_ref,
        "notes": customer.notes,
        **_credit_summary(customer),
    }


def _credit_summary(customer: Customer) -> dict[str, Any]:
    return {
        "paymentTerms": {
            "kind": customer.payment_terms_kind,
            "netDays": customer.payment_net_days,
            "instalments": customer.payment_plan,
        },
        "creditLimit": {
            "amount": str(canonical_amount(customer.credit_limit, customer.credit_currency)),
            "currency": customer.credit_currency,
        },
    }


async def _owner(actor: Actor, owner_id: uuid.UUID) -> User:
    [owner] = await identity.users_by_id(actor, [owner_id])
    if owner is None:
        raise BusinessRuleError.single(
            CustomerErrorCode.UNKNOWN_OWNER, "No such staff user.", "ownerId"
        )
    if owner.status == "deactivated":
        raise BusinessRuleError.single(
            CustomerErrorCode.INACTIVE_OWNER, "This user is deactivated.", "ownerId"
        )
    return owner


async def _department_id(actor: Actor, key: str) -> uuid.UUID:
    departments = await identity.list_departments(actor)
    match = next((d for d in departments if d.key == key), None)
    if match is None:
        raise BusinessRuleError.single(
            CustomerErrorCode.UNKNOWN_DEPARTMENT, f"Unknown department {key!r}.", "departmentKey"
        )
    return match.id


def _apply_account(customer: Customer, details: AccountDetails, currency: str) -> None:
    if details.tier is not None:
        customer.tier = details.tier
    texts = {
        "region": details.region,
        "phone": details.phone,
        "external_ref": details.external_ref,
        "notes": details.notes,
    }
    for name, value in texts.items():
        if value is not None:
            setattr(customer, name, clean(value))
    if details.email is not None:
        customer.email = clean(identity.normalize_email(details.email))
    if details.payment_terms is not None:
        customer.payment_terms_kind = details.payment_terms.kind
        customer.payment_net_days = details.payment_terms.net_days
        customer.payment_plan = plan_to_json(details.payment_terms.instalments)
    if details.credit_limit is not None:
        customer.credit_limit = quantize_money(details.credit_limit, currency)
        customer.credit_currency = currency


async def _tags_of(actor: Actor, customer_id: uuid.UUID, action: str) -> list[str]:
    [tags] = await tags_of_customers(actor, [customer_id], action)
    return tags


async def _add_tags(actor: Actor, customer_id: uuid.UUID, tags: list[str]) -> list[str]:
    wanted = distinct_tags(tags)
    actor.session.add_all(
        [CustomerTag(tenant_id=actor.tenant_id, customer_id=customer_id, tag=tag) for tag in wanted]
    )
    return wanted


async def _replace_tags(actor: Actor, customer_id: uuid.UUID, tags: list[str]) -> list[str]:
    await actor.session.execute(
        delete(CustomerTag).where(
            CustomerTag.tenant_id == actor.tenant_id, CustomerTag.customer_id == customer_id
        )
    )
    wanted = await _add_tags(actor, customer_id, tags)
    await actor.session.flush()
    return wanted


async def _credit_currency(actor: Actor, details: AccountDetails) -> str:
    """The tenant's currency; setting credit terms needs customers:credit."""
    if details.touches_credit():
        await actor.require("customers", "credit")
    return (await tenants.current_tenant(actor)).currency


async def create_customer(actor: Actor, data: NewCustomer) -> Customer:
    """Owner defaults to the creating staff user, department to the owner's."""
    principal = await actor.require("customers", "write")
    currency = await _credit_currency(actor, data)
    raise_if(check_new_customer(data, currency))
    owner_id = data.owner_id or (
        principal.subject_id if principal.kind is PrincipalKind.STAFF else None
    )
    owner = await _owner(actor, owner_id) if owner_id else None
    department_id = (
        await _department_id(actor, data.department_key)
        if data.department_key
        else owner.department_id
        if owner
        else None
    )
    await check_emails_free(
        actor,
        [
            (identity.normalize_email(c.email), ("contacts", str(i)))
            for i, c in enumerate(data.contacts)
        ],
    )
    await _check_external_ref_free(actor, data.external_ref)
    customer = Customer(
        tenant_id=actor.tenant_id,
        id=new_id(),
        name=data.name.strip(),
        status="active",
        owner_id=owner.id if owner else None,
        department_id=department_id,
        tier=DEFAULT_TIER,
        payment_terms_kind="prepaid",
        credit_limit=Decimal(0),
        credit_currency=currency,
    )
    _apply_account(customer, data, currency)
    actor.session.add(customer)
    await _flush_customer(actor)
    tags = await _add_tags(actor, customer.id, data.tags or [])
    actor.session.add_all([new_contact(actor.tenant_id, customer.id, c) for c in data.contacts])
    await flush_contacts(actor, ("contacts",))
    await add_initial_addresses(actor, customer, data.addresses)
    await _ensure_in_scope(actor, customer)
    await audit.record(
        actor,
        "customers.create",
        "customer",
        customer.id,
        after={
            **_customer_summary(customer),
            "tags": tags,
            "contacts": [identity.normalize_email(c.email) for c in data.contacts],
        },
    )
    await emit(actor, CustomerCreated(customer_id=customer.id))
    return customer


def _action_for(changes: CustomerChanges) -> str:
    """Credit terms alone need customers:credit (finance), any other field customers:write."""
    if changes.touches_credit() and not changes.touches_more_than_credit():
        return "credit"
    return "write"


async def _apply_ownership(actor: Actor, customer: Customer, changes: CustomerChanges) -> None:
    """A new owner brings the customer into their department unless one is given."""
    if changes.owner_id is not None:
        owner = await _owner(actor, changes.owner_id)
        customer.owner_id = owner.id
        customer.department_id = owner.department_id
    if changes.department_key is not None:
        customer.department_id = await _department_id(actor, changes.department_key)


async def update_customer(
    actor: Actor, customer_id: uuid.UUID, changes: CustomerChanges
) -> Customer:
    action = _action_for(changes)
    customer = await get_customer(actor, customer_id, action)
    currency = await _credit_currency(actor, changes)
    raise_if(check_changes(changes, currency))
    await _check_external_ref_free(actor, changes.external_ref, except_customer=customer.id)
    before = {**_customer_summary(customer), "tags": await _tags_of(actor, customer.id, action)}
    if changes.name is not None:
        customer.name = changes.name.strip()
    if changes.status is not None:
        customer.status = changes.status
    await _apply_ownership(actor, customer, changes)
    _apply_account(customer, changes, currency)
    await _flush_customer(actor)
    tags = (
        await _replace_tags(actor, customer.id, changes.tags)
        if changes.tags is not None
        else before["tags"]
    )
    await _ensure_in_scope(actor, customer, action)
    after = {**_customer_summary(customer), "tags": tags}
    await audit.record(
        actor, "customers.update", "customer", customer.id, before=before, after=after
    )
    if any(after[key] != before[key] for key in _credit_summary(customer)):
        credit = _credit_summary(customer)
        await emit(
            actor,
            CustomerCreditTermsChanged(
                customer_id=customer.id,
                payment_terms=credit["paymentTerms"],
                credit_limit=credit["creditLimit"],
            ),
        )
    return customer


async def set_customer_tags(actor: Actor, customer_id: uuid.UUID, tags: list[str]) -> Customer:
    """Replace the customer's tags (customers:write); they are stored normalized, each once."""
    customer = await get_customer(actor, customer_id, "write")
    raise_if(check_tags(tags))
    before = await _tags_of(actor, customer.id, "write")
    after = await _replace_tags(actor, customer.id, tags)
    await audit.record(
        actor,
        "customers.set_tags",
        "customer",
        customer.id,
        before={"tags": before},
        after={"tags": after},
    )
    return customer
