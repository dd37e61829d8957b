"""GraphQL output types of customers (staff side): customers, contacts, addresses and
payment terms, with the loaders their fields batch through."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import customers.services as customers
import identity.services as identity
from core.context import Actor
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.types import from_row, resolve_by_ids
from customers.models import Contact, Customer, CustomerAddress
from identity import DepartmentType, UserType

if TYPE_CHECKING:
    from identity.models import Department, User


@strawberry.enum(
    description="Whether the customer is served (inactive customers' portal "
    "contacts cannot sign in)."
)
class CustomerStatus(Enum):
    ACTIVE = "active"
    INACTIVE = "inactive"


@strawberry.enum(
    description="When a customer pays: PREPAID before the order is fulfilled, "
    "NET within netDays of shipping (on credit), INSTALMENTS in parts due at "
    "stages of the order (on credit)."
)
class PaymentTermsKind(Enum):
    PREPAID = "prepaid"
    NET = "net"
    INSTALMENTS = "instalments"


@strawberry.enum(description="What starts an instalment's clock.")
class InstalmentTrigger(Enum):
    CONFIRMATION = "confirmation"
    SHIPMENT = "shipment"
    DELIVERY = "delivery"


@strawberry.type(name="Instalment", description="One part of an instalment plan.")
class InstalmentType:
    percent: Decimal = strawberry.field(description="Share of the order's total, e.g. 30.")
    trigger: InstalmentTrigger = strawberry.field(description="When its clock starts.")
    days_after: int = strawberry.field(description="Due this many days after the trigger.")
    label: str = strawberry.field(description='E.g. "70% 30 days after delivery".')


@strawberry.enum(
    description="What an address is used for: SHIP_TO where goods are "
    "delivered, BILL_TO where invoices are addressed."
)
class CustomerAddressKind(Enum):
    SHIP_TO = "ship_to"
    BILL_TO = "bill_to"


async def _load_users(actor: Actor, ids: list[uuid.UUID]) -> list[User | None]:
    return await identity.users_by_id(actor, ids)


async def _load_departments(actor: Actor, ids: list[uuid.UUID]) -> list[Department | None]:
    return await identity.departments_by_id(actor, ids)


async def _load_contacts(actor: Actor, customer_ids: list[uuid.UUID]) -> list[list[Contact]]:
    return await customers.contacts_of_customers(actor, customer_ids)


async def _load_addresses(
    actor: Actor, customer_ids: list[uuid.UUID]
) -> list[list[CustomerAddress]]:
    return await customers.addresses_of_customers(actor, customer_ids)


async def _load_tags(actor: Actor, customer_ids: list[uuid.UUID]) -> list[list[str]]:
    return await customers.tags_of_customers(actor, customer_ids)


async def load_customers(actor: Actor, ids: list[uuid.UUID]) -> list[Customer | None]:
    return await customers.customers_by_id(actor, ids)


@strawberry.type(name="Contact", description="A person at a customer.")
class ContactType(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description="Full name.")
    email: str = strawberry.field(description="Email (lowercase); the portal sign-in address.")
    phone: str | None = strawberry.field(description="Phone number, when known.")
    portal_enabled: bool = strawberry.field(description="Whether they may sign in to the portal.")
    last_portal_login_at: datetime | None = strawberry.field(
        description="Most recent portal sign-in."
    )
    locale: str | None = strawberry.field(
        description="Their language for emails (en, zh-CN), set in the portal; null: the tenant's."
    )

    @classmethod
    def of(cls, contact: Contact) -> ContactType:
        return from_row(cls, contact)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, customers.contacts_by_id, cls.of, required)


@strawberry.type(
    name="CustomerAddress",
    description="A ship-to or bill-to address of a "
    "customer. Each kind has exactly one default once the customer has an "
    "address of that kind.",
)
class CustomerAddressType(relay.Node):
    id: relay.NodeID[str]
    kind: CustomerAddressKind = strawberry.field(description="SHIP_TO or BILL_TO.")
    label: str | None = strawberry.field(description='A short name, e.g. "Main warehouse".')
    recipient: str = strawberry.field(description="Person or department to address.")
    phone: str | None = strawberry.field(description="Phone number at the address.")
    line1: str = strawberry.field(description="Street and number.")
    line2: str | None = strawberry.field(description="Building, floor, unit.")
    city: str = strawberry.field(description="City.")
    region: str | None = strawberry.field(description="State, province or district.")
    postal_code: str | None = strawberry.field(
        description="Postal code, where the country has them."
    )
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code, e.g. CN.")
    is_default: bool = strawberry.field(description="The default address of its kind.")

    @classmethod
    def of(cls, address: CustomerAddress) -> CustomerAddressType:
        return from_row(cls, address, kind=CustomerAddressKind(address.kind))

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, customers.addresses_by_id, cls.of, required)


@strawberry.type(name="PaymentTerms", description="When a customer pays for orders.")
class PaymentTermsType:
    kind: PaymentTermsKind = strawberry.field(description="PREPAID, NET or INSTALMENTS.")
    net_days: int | None = strawberry.field(
        description="Days after shipping payment is due (NET terms only)."
    )
    instalments: list[InstalmentType] = strawberry.field(
        description="The plan's parts (INSTALMENTS terms only)."
    )

    @classmethod
    def of(cls, terms: customers.PaymentTerms) -> PaymentTermsType:
        return cls(
            kind=PaymentTermsKind(terms.kind),
            net_days=terms.net_days,
            instalments=[
                from_row(InstalmentType, part, trigger=InstalmentTrigger(part.trigger))
                for part in terms.instalments
            ],
        )


@strawberry.type(name="Customer", description="A customer company of the tenant.")
class CustomerType(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description="Company name.")
    status: CustomerStatus = strawberry.field(description="active or inactive.")
    created_at: datetime = strawberry.field(description="When the customer was created.")
    tier: str = strawberry.field(
        description="Tier code (one of customerTiers: standard, vip, "
        "wholesale); price books give tiers their own prices."
    )
    region: str | None = strawberry.field(
        description="Sales region code, e.g. east-china or "
        "CN-31; regional prices and warehouse choice use "
        "it (compared exactly)."
    )
    phone: str | None = strawberry.field(description="The company's main phone number.")
    email: str | None = strawberry.field(description="The company's general email (lowercase).")
    external_ref: str | None = strawberry.field(
        description="The customer's id in another system; unique in the tenant."
    )
    notes: str | None = strawberry.field(description="Internal notes for staff.")
    payment_terms: PaymentTermsType = strawberry.field(description="When the customer pays.")
    credit_limit: MoneyType = strawberry.field(
        description="Most the customer may owe at once (0: no credit)."
    )
    owner_id: strawberry.Private[uuid.UUID | None]
    department_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The staff user responsible for the customer.")
    async def owner(self, info: Info) -> UserType | None:
        if self.owner_id is None:
            return None
        user = await context_of(info).loader(_load_users).load(self.owner_id)
        return UserType.of(user) if user else None

    @strawberry.field(description="The department the customer belongs to.")
    async def department(self, info: Info) -> DepartmentType | None:
        if self.department_id is None:
            return None
        loader = context_of(info).loader(_load_departments)
        department = await loader.load(self.department_id)
        return DepartmentType.of(department) if department else None

    @strawberry.field(description="The customer's contacts, oldest first.")
    async def contacts(self, info: Info) -> list[ContactType]:
        loader = context_of(info).loader(_load_contacts)
        return [ContactType.of(c) for c in await loader.load(uuid.UUID(self.id))]

    @strawberry.field(description="Tags (lowercase), alphabetically.")
    async def tags(self, info: Info) -> list[str]:
        return await context_of(info).loader(_load_tags).load(uuid.UUID(self.id))

    @strawberry.field(description="Every ship-to and bill-to address, oldest first.")
    async def addresses(self, info: Info) -> list[CustomerAddressType]:
        return [CustomerAddressType.of(a) for a in await self._addresses(info)]

    @strawberry.field(description="The default ship-to address, if any.")
    async def default_ship_to(self, info: Info) -> CustomerAddressType | None:
        return await self._default(info, "ship_to")

    @strawberry.field(description="The default bill-to address, if any.")
    async def default_bill_to(self, info: Info) -> CustomerAddressType | None:
        return await self._default(info, "bill_to")

    async def _addresses(self, info: Info) -> list[CustomerAddress]:
        loader = context_of(info).loader(_load_addresses)
        return await loader.load(uuid.UUID(self.id))

    async def _default(self, info: Info, kind: str) -> CustomerAddressType | None:
        found = next(
            (a for a in await self._addresses(info) if a.kind == kind and a.is_default), None
        )
        return CustomerAddressType.of(found) if found else None

    @classmethod
    def of(cls, customer: Customer) -> CustomerType:
        return from_row(
            cls,
            customer,
            status=CustomerStatus(customer.status),
            payment_terms=PaymentTermsType.of(customers.payment_terms_of(customer)),
            credit_limit=MoneyType.of(customers.credit_limit_of(customer)),
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, customers.customers_by_id, cls.of, required)
