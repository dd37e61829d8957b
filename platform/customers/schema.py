"""GraphQL for customers, their contacts and addresses (staff side)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import customers.services as customers
import identity.services as identity
from core.context import Actor
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import UserErrorType, decode_id, resolve_by_ids, run_mutation
from customers.models import Contact, Customer, CustomerAddress
from identity.models import Department, User
from identity.schema import DepartmentType, UserType


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


@strawberry.input(description="One part of an instalment plan.")
class InstalmentInput:
    percent: Decimal = strawberry.field(
        description="Above 0, at most two decimals; the plan's parts add up to 100."
    )
    trigger: InstalmentTrigger = strawberry.field(description="When its clock starts.")
    days_after: int = strawberry.field(default=0, description="0 to 365.")


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


async def _load_customers(actor: Actor, ids: list[uuid.UUID]) -> list[Customer | None]:
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

    @classmethod
    def of(cls, contact: Contact) -> ContactType:
        return cls(
            id=str(contact.id),
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
            portal_enabled=contact.portal_enabled,
            last_portal_login_at=contact.last_portal_login_at,
        )

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
        return cls(
            id=str(address.id),
            kind=CustomerAddressKind(address.kind),
            label=address.label,
            recipient=address.recipient,
            phone=address.phone,
            line1=address.line1,
            line2=address.line2,
            city=address.city,
            region=address.region,
            postal_code=address.postal_code,
            country=address.country,
            is_default=address.is_default,
        )

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
                InstalmentType(
                    percent=p.percent,
                    trigger=InstalmentTrigger(p.trigger),
                    days_after=p.days_after,
                    label=p.label,
                )
                for p in terms.instalments
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
        user = await context_of(info).loader("users_by_id", _load_users).load(self.owner_id)
        return UserType.of(user) if user else None

    @strawberry.field(description="The department the customer belongs to.")
    async def department(self, info: Info) -> DepartmentType | None:
        if self.department_id is None:
            return None
        loader = context_of(info).loader("departments", _load_departments)
        department = await loader.load(self.department_id)
        return DepartmentType.of(department) if department else None

    @strawberry.field(
        description="What the customer owes on confirmed orders: their totals "
        "less what was paid. Null without payments:read."
    )
    async def open_balance(self, info: Info) -> MoneyType | None:
        from payments.services import open_balance  # payments reads customers

        actor = await context_of(info).reader()
        owed = await open_balance(actor, uuid.UUID(self.id))
        return None if owed is None else MoneyType.from_amount(owed, self.credit_limit.currency)

    @strawberry.field(description="The customer's contacts, oldest first.")
    async def contacts(self, info: Info) -> list[ContactType]:
        loader = context_of(info).loader("contacts_of_customer", _load_contacts)
        return [ContactType.of(c) for c in await loader.load(uuid.UUID(self.id))]

    @strawberry.field(description="Tags (lowercase), alphabetically.")
    async def tags(self, info: Info) -> list[str]:
        return (
            await context_of(info).loader("tags_of_customer", _load_tags).load(uuid.UUID(self.id))
        )

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
        loader = context_of(info).loader("addresses_of_customer", _load_addresses)
        return await loader.load(uuid.UUID(self.id))

    async def _default(self, info: Info, kind: str) -> CustomerAddressType | None:
        found = next(
            (a for a in await self._addresses(info) if a.kind == kind and a.is_default), None
        )
        return CustomerAddressType.of(found) if found else None

    @classmethod
    def of(cls, customer: Customer) -> CustomerType:
        return cls(
            id=str(customer.id),
            name=customer.name,
            status=CustomerStatus(customer.status),
            created_at=customer.created_at,
            tier=customer.tier,
            region=customer.region,
            phone=customer.phone,
            email=customer.email,
            external_ref=customer.external_ref,
            notes=customer.notes,
            payment_terms=PaymentTermsType.of(customers.payment_terms_of(customer)),
            credit_limit=MoneyType.of(customers.credit_limit_of(customer)),
            owner_id=customer.owner_id,
            department_id=customer.department_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, customers.customers_by_id, cls.of, required)


# --- inputs ------------------------------------------------------------------------------------


@strawberry.input(description="A contact person to record.")
class ContactInput:
    name: str = strawberry.field(description="Full name.")
    email: str = strawberry.field(description="Email; unique among the tenant's contacts.")
    phone: str | None = strawberry.field(default=None, description="Phone number.")


@strawberry.input(description="When a customer pays (needs customers:credit).")
class PaymentTermsInput:
    kind: PaymentTermsKind = strawberry.field(description="PREPAID, NET or INSTALMENTS.")
    net_days: int | None = strawberry.field(
        default=None, description="1 to 365; required for NET terms, not allowed otherwise."
    )
    instalments: list[InstalmentInput] | None = strawberry.field(
        default=None,
        description="2 to 12 parts adding up to 100 %; required for "
        "INSTALMENTS, not allowed otherwise.",
    )

    def to_terms(self) -> customers.PaymentTerms:
        return customers.PaymentTerms(
            kind=self.kind.value,
            net_days=self.net_days,
            instalments=tuple(
                customers.Instalment(p.percent, p.trigger.value, p.days_after)
                for p in self.instalments or []
            ),
        )


@strawberry.input(description="An address of a new customer.")
class CustomerAddressInput:
    kind: CustomerAddressKind = strawberry.field(description="SHIP_TO or BILL_TO.")
    recipient: str = strawberry.field(description="Person or department to address.")
    line1: str = strawberry.field(description="Street and number.")
    city: str = strawberry.field(description="City.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code, e.g. CN.")
    label: str | None = strawberry.field(default=None, description="A short name.")
    phone: str | None = strawberry.field(default=None, description="Phone at the address.")
    line2: str | None = strawberry.field(default=None, description="Building, floor, unit.")
    region: str | None = strawberry.field(default=None, description="State or province.")
    postal_code: str | None = strawberry.field(default=None, description="Postal code.")
    is_default: bool = strawberry.field(
        default=False,
        description="Make it the default of its kind (the first of a kind always is).",
    )

    def to_fields(self) -> customers.AddressFields:
        return customers.AddressFields(
            kind=self.kind.value,
            recipient=self.recipient,
            line1=self.line1,
            city=self.city,
            country=self.country,
            label=self.label,
            phone=self.phone,
            line2=self.line2,
            region=self.region,
            postal_code=self.postal_code,
            is_default=self.is_default,
        )


@strawberry.input(description="A new customer, its first contacts and addresses.")
class CreateCustomerInput:
    name: str = strawberry.field(description="Company name.")
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the responsible User; the caller by default."
    )
    department_key: str | None = strawberry.field(
        default=None, description="Department key; the owner's department by default."
    )
    contacts: list[ContactInput] = strawberry.field(
        default_factory=list, description="Contact people at the customer."
    )
    tier: str | None = strawberry.field(default=None, description="Tier code; standard by default.")
    tags: list[str] | None = strawberry.field(default=None, description="Tags (at most 20).")
    region: str | None = strawberry.field(default=None, description="Sales region code.")
    phone: str | None = strawberry.field(default=None, description="Main phone number.")
    email: str | None = strawberry.field(default=None, description="General company email.")
    external_ref: str | None = strawberry.field(
        default=None, description="Id in another system; unique in the tenant."
    )
    notes: str | None = strawberry.field(default=None, description="Internal notes.")
    payment_terms: PaymentTermsInput | None = strawberry.field(
        default=None, description="Payment terms; PREPAID by default (customers:credit)."
    )
    credit_limit: Decimal | None = strawberry.field(
        default=None,
        description="Credit limit in the tenant's currency; 0 by default (customers:credit).",
    )
    addresses: list[CustomerAddressInput] = strawberry.field(
        default_factory=list, description="Ship-to and bill-to addresses."
    )


@strawberry.input(
    description="Changes to a customer; omitted fields stay as they are and "
    "an empty text clears an optional one."
)
class UpdateCustomerInput:
    customer_id: strawberry.ID = strawberry.field(description="Global id of the customer.")
    name: str | None = strawberry.field(default=None, description="New company name.")
    status: CustomerStatus | None = strawberry.field(default=None, description="New status.")
    owner_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Global id of the new owner; moves the customer to the "
        "owner's department unless departmentKey is given.",
    )
    department_key: str | None = strawberry.field(default=None, description="New department key.")
    tier: str | None = strawberry.field(default=None, description="New tier code.")
    tags: list[str] | None = strawberry.field(default=None, description="Replaces every tag.")
    region: str | None = strawberry.field(default=None, description="New region code.")
    phone: str | None = strawberry.field(default=None, description="New main phone number.")
    email: str | None = strawberry.field(default=None, description="New company email.")
    external_ref: str | None = strawberry.field(default=None, description="New external reference.")
    notes: str | None = strawberry.field(default=None, description="New internal notes.")
    payment_terms: PaymentTermsInput | None = strawberry.field(
        default=None, description="New payment terms (customers:credit)."
    )
    credit_limit: Decimal | None = strawberry.field(
        default=None, description="New credit limit in the tenant's currency (customers:credit)."
    )


@strawberry.input(description="The customers to list; every given criterion must hold.")
class CustomerFilter:
    search: str | None = strawberry.field(
        default=None,
        description="Part of the name, of the company's or a contact's email, "
        "name or phone (compared by digits), or exactly one tag; case-insensitive.",
    )
    tier: str | None = strawberry.field(default=None, description="Exact tier code.")
    tags: list[str] | None = strawberry.field(
        default=None, description="Customers with all these tags."
    )
    region: str | None = strawberry.field(default=None, description="Exact region code.")
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the owner."
    )

    def to_filter(self) -> customers.CustomerFilter:
        return customers.CustomerFilter(
            search=self.search,
            tier=self.tier,
            tags=self.tags or [],
            region=self.region,
            owner_id=_optional_id(self.owner_id, "User"),
        )


@strawberry.input(description="A contact to add to a customer.")
class AddContactInput:
    customer_id: strawberry.ID = strawberry.field(description="Global id of the customer.")
    name: str = strawberry.field(description="Full name.")
    email: str = strawberry.field(description="Email; unique among the tenant's contacts.")
    phone: str | None = strawberry.field(default=None, description="Phone number.")


@strawberry.input(description="Changes to a contact; omitted fields stay as they are.")
class UpdateContactInput:
    contact_id: strawberry.ID = strawberry.field(description="Global id of the contact.")
    name: str | None = strawberry.field(default=None, description="New name.")
    email: str | None = strawberry.field(default=None, description="New email.")
    phone: str | None = strawberry.field(
        default=None, description="New phone number; empty clears it."
    )


@strawberry.input(description="An address to add to a customer.")
class AddCustomerAddressInput(CustomerAddressInput):
    customer_id: strawberry.ID = strawberry.field(description="Global id of the customer.")


@strawberry.input(
    description="Changes to an address; omitted fields stay as they are and an "
    "empty text clears an optional one. Kind and default stay."
)
class UpdateCustomerAddressInput:
    address_id: strawberry.ID = strawberry.field(description="Global id of the address.")
    label: str | None = strawberry.field(default=None, description="New short name.")
    recipient: str | None = strawberry.field(default=None, description="New recipient.")
    phone: str | None = strawberry.field(default=None, description="New phone number.")
    line1: str | None = strawberry.field(default=None, description="New street and number.")
    line2: str | None = strawberry.field(default=None, description="New building, floor, unit.")
    city: str | None = strawberry.field(default=None, description="New city.")
    region: str | None = strawberry.field(default=None, description="New state or province.")
    postal_code: str | None = strawberry.field(default=None, description="New postal code.")
    country: str | None = strawberry.field(
        default=None, description="New ISO 3166-1 alpha-2 country code."
    )

    def to_changes(self) -> customers.AddressChanges:
        return customers.AddressChanges(
            label=self.label,
            recipient=self.recipient,
            phone=self.phone,
            line1=self.line1,
            line2=self.line2,
            city=self.city,
            region=self.region,
            postal_code=self.postal_code,
            country=self.country,
        )


@strawberry.input(description="The complete new set of a customer's tags.")
class SetCustomerTagsInput:
    customer_id: strawberry.ID = strawberry.field(description="Global id of the customer.")
    tags: list[str] = strawberry.field(
        description="Every tag the customer should have (at most 20; stored lowercase, each once)."
    )


# --- payloads ----------------------------------------------------------------------------------


@strawberry.type(description="Result of a mutation that changes a customer.")
class CustomerPayload:
    customer: CustomerType | None = strawberry.field(description="The customer after the change.")
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")


@strawberry.type(description="Result of a mutation that changes a contact.")
class ContactPayload:
    contact: ContactType | None = strawberry.field(description="The contact after the change.")
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")


async def _customer_by_id(info: Info, customer_id: uuid.UUID | None) -> CustomerType | None:
    if customer_id is None:
        return None
    customer = await context_of(info).loader("customers_by_id", _load_customers).load(customer_id)
    return CustomerType.of(customer) if customer else None


@strawberry.type(description="Result of a mutation that changes a customer's address.")
class CustomerAddressPayload:
    address: CustomerAddressType | None = strawberry.field(
        description="The address after the change."
    )
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")
    customer_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(
        description="The address's customer after the change (its defaults may have moved)."
    )
    async def customer(self, info: Info) -> CustomerType | None:
        return await _customer_by_id(info, self.customer_id)


@strawberry.type(description="Result of removeCustomerAddress.")
class RemoveCustomerAddressPayload:
    removed_address_id: strawberry.ID | None = strawberry.field(
        description="Global id of the removed address."
    )
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")
    customer_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(
        description="The customer after the removal (another address may have become the default)."
    )
    async def customer(self, info: Info) -> CustomerType | None:
        return await _customer_by_id(info, self.customer_id)


def _customer_payload(customer: Customer | None, errors: list[UserErrorType]) -> CustomerPayload:
    return CustomerPayload(
        customer=CustomerType.of(customer) if customer else None, user_errors=errors
    )


def _contact_payload(contact: Contact | None, errors: list[UserErrorType]) -> ContactPayload:
    return ContactPayload(contact=ContactType.of(contact) if contact else None, user_errors=errors)


async def _address_mutation(
    info: Info, operation: Callable[[Actor], Awaitable[CustomerAddress]]
) -> CustomerAddressPayload:
    outcome = await run_mutation(info, operation)
    address = outcome.value
    return CustomerAddressPayload(
        address=CustomerAddressType.of(address) if address else None,
        customer_id=address.customer_id if address else None,
        user_errors=outcome.user_errors,
    )


def _optional_id(value: strawberry.ID | None, type_name: str) -> uuid.UUID | None:
    return decode_id(value, type_name) if value is not None else None


def _account_fields(data: CreateCustomerInput | UpdateCustomerInput) -> dict[str, Any]:
    return {
        "tier": data.tier,
        "tags": data.tags,
        "region": data.region,
        "phone": data.phone,
        "email": data.email,
        "external_ref": data.external_ref,
        "notes": data.notes,
        "payment_terms": data.payment_terms.to_terms() if data.payment_terms else None,
        "credit_limit": data.credit_limit,
    }


@strawberry.type
class Query:
    @strawberry.field(
        description="Customers within the caller's data scope, newest first "
        "(customers:read). `search` is kept for older clients; it narrows like "
        "filter.search."
    )
    async def customers(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        search: str | None = None,
        filter: CustomerFilter | None = None,
    ) -> Connection[CustomerType]:
        criteria = filter.to_filter() if filter else None
        actor = await context_of(info).reader()
        page = await customers.list_customers(actor, search, first, after, criteria)
        return to_connection(page, CustomerType.of)

    @strawberry.field(description="The tier codes a customer may have (any staff caller).")
    async def customer_tiers(self, info: Info) -> list[str]:
        return list(await customers.customer_tiers(await context_of(info).reader()))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create a customer with its contacts and addresses "
        "(customers:write; credit limit and payment terms also need "
        "customers:credit). The owner defaults to the caller and the "
        "department to the owner's."
    )
    async def create_customer(self, info: Info, input: CreateCustomerInput) -> CustomerPayload:
        data = customers.NewCustomer(
            name=input.name,
            owner_id=_optional_id(input.owner_id, "User"),
            department_key=input.department_key,
            contacts=[
                customers.ContactInput(name=c.name, email=c.email, phone=c.phone)
                for c in input.contacts
            ],
            addresses=[a.to_fields() for a in input.addresses],
            **_account_fields(input),
        )
        outcome = await run_mutation(info, lambda actor: customers.create_customer(actor, data))
        return _customer_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(
        description="Change a customer's fields (customers:write; credit "
        "limit and payment terms need customers:credit, and alone need only "
        "that)."
    )
    async def update_customer(self, info: Info, input: UpdateCustomerInput) -> CustomerPayload:
        changes = customers.CustomerChanges(
            name=input.name,
            status=input.status.value if input.status else None,
            owner_id=_optional_id(input.owner_id, "User"),
            department_key=input.department_key,
            **_account_fields(input),
        )
        customer_id = decode_id(input.customer_id, "Customer")
        outcome = await run_mutation(
            info, lambda actor: customers.update_customer(actor, customer_id, changes)
        )
        return _customer_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(description="Replace a customer's tags (customers:write).")
    async def set_customer_tags(self, info: Info, input: SetCustomerTagsInput) -> CustomerPayload:
        customer_id = decode_id(input.customer_id, "Customer")
        outcome = await run_mutation(
            info, lambda actor: customers.set_customer_tags(actor, customer_id, input.tags)
        )
        return _customer_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(
        description="Add a ship-to or bill-to address to a customer (customers:write)."
    )
    async def add_customer_address(
        self, info: Info, input: AddCustomerAddressInput
    ) -> CustomerAddressPayload:
        customer_id, data = decode_id(input.customer_id, "Customer"), input.to_fields()
        return await _address_mutation(
            info, lambda actor: customers.add_address(actor, customer_id, data)
        )

    @strawberry.mutation(description="Change an address's lines (customers:write).")
    async def update_customer_address(
        self, info: Info, input: UpdateCustomerAddressInput
    ) -> CustomerAddressPayload:
        address_id, changes = decode_id(input.address_id, "CustomerAddress"), input.to_changes()
        return await _address_mutation(
            info, lambda actor: customers.update_address(actor, address_id, changes)
        )

    @strawberry.mutation(description="Make an address the default of its kind (customers:write).")
    async def set_default_customer_address(
        self, info: Info, address_id: strawberry.ID
    ) -> CustomerAddressPayload:
        row_id = decode_id(address_id, "CustomerAddress")
        return await _address_mutation(
            info, lambda actor: customers.set_default_address(actor, row_id)
        )

    @strawberry.mutation(
        description="Remove an address (customers:write); when it was the "
        "default, the oldest remaining address of its kind becomes the "
        "default."
    )
    async def remove_customer_address(
        self, info: Info, address_id: strawberry.ID
    ) -> RemoveCustomerAddressPayload:
        row_id = decode_id(address_id, "CustomerAddress")
        outcome = await run_mutation(info, lambda actor: customers.remove_address(actor, row_id))
        return RemoveCustomerAddressPayload(
            removed_address_id=address_id if outcome.value else None,
            customer_id=outcome.value,
            user_errors=outcome.user_errors,
        )

    @strawberry.mutation(description="Add a contact person to a customer (customers:write).")
    async def add_contact(self, info: Info, input: AddContactInput) -> ContactPayload:
        data = customers.ContactInput(name=input.name, email=input.email, phone=input.phone)
        customer_id = decode_id(input.customer_id, "Customer")
        outcome = await run_mutation(
            info, lambda actor: customers.add_contact(actor, customer_id, data)
        )
        return _contact_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(description="Change a contact's name, email or phone (customers:write).")
    async def update_contact(self, info: Info, input: UpdateContactInput) -> ContactPayload:
        changes = customers.ContactChanges(name=input.name, email=input.email, phone=input.phone)
        contact_id = decode_id(input.contact_id, "Contact")
        outcome = await run_mutation(
            info, lambda actor: customers.update_contact(actor, contact_id, changes)
        )
        return _contact_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(
        description="Let a contact sign in to the customer portal (customers:portal)."
    )
    async def grant_portal_access(self, info: Info, contact_id: strawberry.ID) -> ContactPayload:
        row_id = decode_id(contact_id, "Contact")
        outcome = await run_mutation(
            info, lambda actor: customers.grant_portal_access(actor, row_id)
        )
        return _contact_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(
        description="End a contact's portal access; their portal sessions stop "
        "working at once (customers:portal)."
    )
    async def revoke_portal_access(self, info: Info, contact_id: strawberry.ID) -> ContactPayload:
        row_id = decode_id(contact_id, "Contact")
        outcome = await run_mutation(
            info, lambda actor: customers.revoke_portal_access(actor, row_id)
        )
        return _contact_payload(outcome.value, outcome.user_errors)
