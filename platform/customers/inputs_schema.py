"""GraphQL inputs of customers (staff side): what creating and changing customers,
contacts, addresses and tags take, and the customer list's filter."""

from __future__ import annotations

import uuid
from decimal import Decimal

import strawberry

import customers.services as customers
from core.gql.types import decode_id
from customers.types_schema import (
    CustomerAddressKind,
    CustomerStatus,
    InstalmentTrigger,
    PaymentTermsKind,
)


def optional_id(value: strawberry.ID | None, type_name: str) -> uuid.UUID | None:
    return decode_id(value, type_name) if value is not None else None


@strawberry.input(description="One part of an instalment plan.")
class InstalmentInput:
    percent: Decimal = strawberry.field(
        description="Above 0, at most two decimals; the plan's parts add up to 100."
    )
    trigger: InstalmentTrigger = strawberry.field(description="When its clock starts.")
    days_after: int = strawberry.field(default=0, description="0 to 365.")


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
            owner_id=optional_id(self.owner_id, "User"),
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
