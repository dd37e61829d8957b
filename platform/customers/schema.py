"""GraphQL for customers, their contacts and addresses (staff side): queries, mutations and
their payloads. The types are in types_schema, the inputs in inputs_schema; the names other
schemas use are re-exported here."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from strawberry.types import Info

import customers.services as customers
from core.context import Actor
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    payload_of,
    run_mutation,
    user_error_type,
)
from customers.errors import CustomerErrorCode
from customers.inputs_schema import (
    AddContactInput,
    AddCustomerAddressInput,
    CreateCustomerInput,
    CustomerFilter,
    PaymentTermsInput,
    SetCustomerTagsInput,
    UpdateContactInput,
    UpdateCustomerAddressInput,
    UpdateCustomerInput,
    optional_id,
)
from customers.models import CustomerAddress
from customers.types_schema import (
    ContactType,
    CustomerAddressType,
    CustomerType,
    PaymentTermsType,
    load_customers,
)

__all__ = [
    "ContactType",
    "CustomerAddressType",
    "CustomerType",
    "Mutation",
    "PaymentTermsInput",
    "PaymentTermsType",
    "Query",
]

CustomerError = user_error_type(
    "CustomerError",
    CustomerErrorCode,
    description="Why a change to a customer, contact, address or tag was refused.",
)


@strawberry.type(description="Result of a mutation that changes a customer.")
class CustomerPayload:
    customer: CustomerType | None = strawberry.field(description="The customer after the change.")
    user_errors: list[UserErrorType] = error_list_field(CustomerError)


@strawberry.type(description="Result of a mutation that changes a contact.")
class ContactPayload:
    contact: ContactType | None = strawberry.field(description="The contact after the change.")
    user_errors: list[UserErrorType] = error_list_field(CustomerError)


async def _customer_by_id(info: Info, customer_id: uuid.UUID | None) -> CustomerType | None:
    if customer_id is None:
        return None
    customer = await context_of(info).loader(load_customers).load(customer_id)
    return CustomerType.of(customer) if customer else None


@strawberry.type(description="Result of a mutation that changes a customer's address.")
class CustomerAddressPayload:
    address: CustomerAddressType | None = strawberry.field(
        description="The address after the change."
    )
    user_errors: list[UserErrorType] = error_list_field(CustomerError)
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
    user_errors: list[UserErrorType] = error_list_field(CustomerError)
    customer_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(
        description="The customer after the removal (another address may have become the default)."
    )
    async def customer(self, info: Info) -> CustomerType | None:
        return await _customer_by_id(info, self.customer_id)


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
            owner_id=optional_id(input.owner_id, "User"),
            department_key=input.department_key,
            contacts=[
                customers.ContactInput(name=c.name, email=c.email, phone=c.phone)
                for c in input.contacts
            ],
            addresses=[a.to_fields() for a in input.addresses],
            **_account_fields(input),
        )
        outcome = await run_mutation(info, lambda actor: customers.create_customer(actor, data))
        return payload_of(CustomerPayload, outcome, CustomerType.of)

    @strawberry.mutation(
        description="Change a customer's fields (customers:write; credit "
        "limit and payment terms need customers:credit, and alone need only "
        "that)."
    )
    async def update_customer(self, info: Info, input: UpdateCustomerInput) -> CustomerPayload:
        changes = customers.CustomerChanges(
            name=input.name,
            status=input.status.value if input.status else None,
            owner_id=optional_id(input.owner_id, "User"),
            department_key=input.department_key,
            **_account_fields(input),
        )
        customer_id = decode_id(input.customer_id, "Customer")
        outcome = await run_mutation(
            info, lambda actor: customers.update_customer(actor, customer_id, changes)
        )
        return payload_of(CustomerPayload, outcome, CustomerType.of)

    @strawberry.mutation(description="Replace a customer's tags (customers:write).")
    async def set_customer_tags(self, info: Info, input: SetCustomerTagsInput) -> CustomerPayload:
        customer_id = decode_id(input.customer_id, "Customer")
        outcome = await run_mutation(
            info, lambda actor: customers.set_customer_tags(actor, customer_id, input.tags)
        )
        return payload_of(CustomerPayload, outcome, CustomerType.of)

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
        return payload_of(ContactPayload, outcome, ContactType.of)

    @strawberry.mutation(description="Change a contact's name, email or phone (customers:write).")
    async def update_contact(self, info: Info, input: UpdateContactInput) -> ContactPayload:
        changes = customers.ContactChanges(name=input.name, email=input.email, phone=input.phone)
        contact_id = decode_id(input.contact_id, "Contact")
        outcome = await run_mutation(
            info, lambda actor: customers.update_contact(actor, contact_id, changes)
        )
        return payload_of(ContactPayload, outcome, ContactType.of)

    @strawberry.mutation(
        description="Let a contact sign in to the customer portal (customers:portal)."
    )
    async def grant_portal_access(self, info: Info, contact_id: strawberry.ID) -> ContactPayload:
        row_id = decode_id(contact_id, "Contact")
        outcome = await run_mutation(
            info, lambda actor: customers.grant_portal_access(actor, row_id)
        )
        return payload_of(ContactPayload, outcome, ContactType.of)

    @strawberry.mutation(
        description="End a contact's portal access; their portal sessions stop "
        "working at once (customers:portal)."
    )
    async def revoke_portal_access(self, info: Info, contact_id: strawberry.ID) -> ContactPayload:
        row_id = decode_id(contact_id, "Contact")
        outcome = await run_mutation(
            info, lambda actor: customers.revoke_portal_access(actor, row_id)
        )
        return payload_of(ContactPayload, outcome, ContactType.of)
