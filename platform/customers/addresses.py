"""Customer addresses: ship-to and bill-to, each kind with exactly one default once the
customer has an address of that kind.

Every change locks the customer row first (through `get_customer`), so concurrent changes
to one customer's addresses run one after another; a partial unique index on
(tenant_id, customer_id, kind) WHERE is_default backs the rule in the database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update

import audit.services as audit
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, NotFound
from core.ids import new_id
from customers.access import get_customer, nodes_by_id, reachable_customer
from customers.errors import CustomerErrorCode
from customers.models import Customer, CustomerAddress
from customers.rules import (
    AddressFields,
    Path,
    check_address,
    check_address_extras,
    check_address_lines,
    check_country,
    clean,
    normalize_country,
    raise_if,
)

MAX_ADDRESSES_PER_CUSTOMER = 50


@dataclass
class AddressChanges:
    """Fields left None stay as they are; an empty optional field clears it."""

    label: str | None = None
    recipient: str | None = None
    phone: str | None = None
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None


def address_summary(address: CustomerAddress) -> dict[str, Any]:
    return {
        "customerId": str(address.customer_id),
        "kind": address.kind,
        "label": address.label,
        "recipient": address.recipient,
        "phone": address.phone,
        "line1": address.line1,
        "line2": address.line2,
        "city": address.city,
        "region": address.region,
        "postalCode": address.postal_code,
        "country": address.country,
        "isDefault": address.is_default,
    }


# --- reading -----------------------------------------------------------------------------------


async def addresses_of_customers(
    actor: Actor, customer_ids: list[uuid.UUID], action: str = "read"
) -> list[list[CustomerAddress]]:
    """Addresses of the customers the caller may `action` (a portal contact: their own,
    with `access.PORTAL`), oldest first (a DataLoader batch)."""
    statement = (await access.restrict(actor, CustomerAddress, action)).where(
        CustomerAddress.customer_id.in_(customer_ids)
    )
    rows = (await actor.session.scalars(statement.order_by(CustomerAddress.id))).all()
    grouped: dict[uuid.UUID, list[CustomerAddress]] = {i: [] for i in customer_ids}
    for address in rows:
        grouped[address.customer_id].append(address)
    return [grouped[i] for i in customer_ids]


async def addresses_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[CustomerAddress | None]:
    """Addresses of customers in the caller's scope, in `ids` order (None where not found)."""
    return await nodes_by_id(actor, CustomerAddress, ids)


async def default_address(
    actor: Actor, customer_id: uuid.UUID, kind: str, action: str | None = None
) -> CustomerAddress | None:
    """The customer's default `kind` address (ship_to or bill_to), or None when it has no
    address of that kind. NOT_FOUND for a customer the caller cannot reach (staff outside
    their scope; a portal contact asking for another customer); `action` as for
    `reachable_customer`."""
    customer = await reachable_customer(actor, customer_id, action)
    return await actor.session.scalar(
        select(CustomerAddress).where(
            CustomerAddress.tenant_id == customer.tenant_id,
            CustomerAddress.customer_id == customer.id,
            CustomerAddress.kind == kind,
            CustomerAddress.is_default.is_(True),
        )
    )


async def address_by_id(
    actor: Actor, customer_id: uuid.UUID, address_id: uuid.UUID, action: str | None = None
) -> CustomerAddress:
    """One of the customer's addresses; NOT_FOUND when it belongs to another customer or the
    caller cannot reach the customer (`action` as for `reachable_customer`)."""
    customer = await reachable_customer(actor, customer_id, action)
    address = await actor.session.scalar(
        select(CustomerAddress).where(
            CustomerAddress.tenant_id == customer.tenant_id,
            CustomerAddress.customer_id == customer.id,
            CustomerAddress.id == address_id,
        )
    )
    if address is None:
        raise NotFound()
    return address


# --- changing ----------------------------------------------------------------------------------


async def _locked_address(actor: Actor, address_id: uuid.UUID) -> CustomerAddress:
    """The address, after locking its customer (scope-checked for writing)."""
    customer_id = await actor.session.scalar(
        (await access.restrict(actor, CustomerAddress, "write"))
        .where(CustomerAddress.id == address_id)
        .with_only_columns(CustomerAddress.customer_id)
    )
    if customer_id is None:
        raise NotFound()
    await get_customer(actor, customer_id, "write")
    # Read again under the lock: a concurrent change may have committed meanwhile.
    address = await actor.session.scalar(
        select(CustomerAddress)
        .where(CustomerAddress.tenant_id == actor.tenant_id, CustomerAddress.id == address_id)
        .execution_options(populate_existing=True)
    )
    if address is None:
        raise NotFound()
    return address


async def _make_default(actor: Actor, address: CustomerAddress) -> None:
    """Clear the old default before setting the new one: the unique index checks each row."""
    await actor.session.execute(
        update(CustomerAddress)
        .where(
            CustomerAddress.tenant_id == address.tenant_id,
            CustomerAddress.customer_id == address.customer_id,
            CustomerAddress.kind == address.kind,
            CustomerAddress.is_default.is_(True),
            CustomerAddress.id != address.id,
        )
        .values(is_default=False)
    )
    address.is_default = True
    await actor.session.flush()


async def _has_default(actor: Actor, customer_id: uuid.UUID, kind: str) -> bool:
    found = await actor.session.scalar(
        select(CustomerAddress.id).where(
            CustomerAddress.tenant_id == actor.tenant_id,
            CustomerAddress.customer_id == customer_id,
            CustomerAddress.kind == kind,
            CustomerAddress.is_default.is_(True),
        )
    )
    return found is not None


async def _check_room(actor: Actor, customer_id: uuid.UUID, adding: int, path: Path) -> None:
    count = await actor.session.scalar(
        select(func.count(CustomerAddress.id)).where(
            CustomerAddress.tenant_id == actor.tenant_id, CustomerAddress.customer_id == customer_id
        )
    )
    if (count or 0) + adding > MAX_ADDRESSES_PER_CUSTOMER:
        raise BusinessRuleError.single(
            CustomerErrorCode.TOO_MANY_ADDRESSES,
            f"A customer has at most {MAX_ADDRESSES_PER_CUSTOMER} addresses; remove one first.",
            path[0] if path else None,
        )


async def insert_address(actor: Actor, customer: Customer, data: AddressFields) -> CustomerAddress:
    """Add a checked address to a locked customer; the first of its kind is the default."""
    address = CustomerAddress(
        tenant_id=customer.tenant_id,
        id=new_id(),
        customer_id=customer.id,
        kind=data.kind,
        label=clean(data.label),
        recipient=data.recipient.strip(),
        phone=clean(data.phone),
        line1=data.line1.strip(),
        line2=clean(data.line2),
        city=data.city.strip(),
        region=clean(data.region),
        postal_code=clean(data.postal_code),
        country=normalize_country(data.country),
        is_default=False,
    )
    becomes_default = data.is_default or not await _has_default(actor, customer.id, data.kind)
    actor.session.add(address)
    await actor.session.flush()
    if becomes_default:
        await _make_default(actor, address)
    return address


async def add_initial_addresses(
    actor: Actor, customer: Customer, addresses: list[AddressFields]
) -> None:
    """Checked addresses given with a new customer, in order (so a later default of a kind
    wins)."""
    if not addresses:
        return
    await _check_room(actor, customer.id, len(addresses), ("addresses",))
    for data in addresses:
        await insert_address(actor, customer, data)


async def add_address(actor: Actor, customer_id: uuid.UUID, data: AddressFields) -> CustomerAddress:
    """Add an address (customers:write); `is_default` makes it the default of its kind."""
    customer = await get_customer(actor, customer_id, "write")
    raise_if(check_address(data))
    await _check_room(actor, customer.id, 1, ())
    address = await insert_address(actor, customer, data)
    await audit.record(
        actor,
        "customers.add_address",
        "customer_address",
        address.id,
        after=address_summary(address),
    )
    return address


def _check_changes(changes: AddressChanges) -> None:
    raise_if(
        [
            *check_address_lines(changes.recipient, changes.line1, changes.city, ()),
            *(check_country(changes.country, ("country",)) if changes.country is not None else []),
            *check_address_extras(
                changes.label, changes.line2, changes.region, changes.postal_code, changes.phone, ()
            ),
        ]
    )


def _apply_changes(address: CustomerAddress, changes: AddressChanges) -> None:
    required = {"recipient": changes.recipient, "line1": changes.line1, "city": changes.city}
    for name, value in required.items():
        if value is not None:
            setattr(address, name, value.strip())
    optional = {
        "label": changes.label,
        "phone": changes.phone,
        "line2": changes.line2,
        "region": changes.region,
        "postal_code": changes.postal_code,
    }
    for name, value in optional.items():
        if value is not None:
            setattr(address, name, clean(value))
    if changes.country is not None:
        address.country = normalize_country(changes.country)


async def update_address(
    actor: Actor, address_id: uuid.UUID, changes: AddressChanges
) -> CustomerAddress:
    """Change an address's lines (customers:write); its kind and default flag stay."""
    address = await _locked_address(actor, address_id)
    _check_changes(changes)
    before = address_summary(address)
    _apply_changes(address, changes)
    await actor.session.flush()
    await audit.record(
        actor,
        "customers.update_address",
        "customer_address",
        address.id,
        before=before,
        after=address_summary(address),
    )
    return address


async def set_default_address(actor: Actor, address_id: uuid.UUID) -> CustomerAddress:
    """Make the address the default of its kind (customers:write)."""
    address = await _locked_address(actor, address_id)
    was_default = address.is_default
    await _make_default(actor, address)
    await audit.record(
        actor,
        "customers.set_default_address",
        "customer_address",
        address.id,
        before={"isDefault": was_default},
        after={"isDefault": True},
    )
    return address


async def remove_address(actor: Actor, address_id: uuid.UUID) -> uuid.UUID:
    """Delete an address (customers:write); returns its customer's id. When it was the
    default, the oldest remaining address of its kind becomes the default."""
    address = await _locked_address(actor, address_id)
    before = address_summary(address)
    await actor.session.delete(address)
    await actor.session.flush()
    if address.is_default:
        successor = await actor.session.scalar(
            select(CustomerAddress)
            .where(
                CustomerAddress.tenant_id == address.tenant_id,
                CustomerAddress.customer_id == address.customer_id,
                CustomerAddress.kind == address.kind,
            )
            .order_by(CustomerAddress.id)
            .limit(1)
        )
        if successor is not None:
            await _make_default(actor, successor)
    await audit.record(
        actor, "customers.remove_address", "customer_address", address.id, before=before
    )
    return address.customer_id
