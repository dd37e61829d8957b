"""GraphQL for customers and their contacts (staff side)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import customers.services as customers
import identity.services as identity
from core.context import Actor
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import UserErrorType, decode_id, resolve_by_ids, run_mutation
from customers.models import Contact, Customer
from identity.models import Department, User
from identity.schema import DepartmentType, UserType


@strawberry.enum(description="Whether the customer is served (inactive customers' portal "
                 "contacts cannot sign in).")
class CustomerStatus(Enum):
    ACTIVE = "active"
    INACTIVE = "inactive"


async def _load_users(actor: Actor, ids: list[uuid.UUID]) -> list[User | None]:
    return await identity.users_by_id(actor, ids)


async def _load_departments(actor: Actor, ids: list[uuid.UUID]) -> list[Department | None]:
    return await identity.departments_by_id(actor, ids)


async def _load_contacts(actor: Actor, customer_ids: list[uuid.UUID]) -> list[list[Contact]]:
    return await customers.contacts_of_customers(actor, customer_ids)


@strawberry.type(name="Contact", description="A person at a customer.")
class ContactType(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description="Full name.")
    email: str = strawberry.field(description="Email (lowercase); the portal sign-in address.")
    phone: str | None = strawberry.field(description="Phone number, when known.")
    portal_enabled: bool = strawberry.field(description="Whether they may sign in to the portal.")
    last_portal_login_at: datetime | None = strawberry.field(
        description="Most recent portal sign-in.")

    @classmethod
    def of(cls, contact: Contact) -> ContactType:
        return cls(id=str(contact.id), name=contact.name, email=contact.email,
                   phone=contact.phone, portal_enabled=contact.portal_enabled,
                   last_portal_login_at=contact.last_portal_login_at)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        return await resolve_by_ids(info, node_ids, customers.contacts_by_id, cls.of, required)


@strawberry.type(name="Customer", description="A customer company of the tenant.")
class CustomerType(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description="Company name.")
    status: CustomerStatus = strawberry.field(description="active or inactive.")
    created_at: datetime = strawberry.field(description="When the customer was created.")
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

    @strawberry.field(description="The customer's contacts, oldest first.")
    async def contacts(self, info: Info) -> list[ContactType]:
        loader = context_of(info).loader("contacts_of_customer", _load_contacts)
        return [ContactType.of(c) for c in await loader.load(uuid.UUID(self.id))]

    @classmethod
    def of(cls, customer: Customer) -> CustomerType:
        return cls(id=str(customer.id), name=customer.name,
                   status=CustomerStatus(customer.status), created_at=customer.created_at,
                   owner_id=customer.owner_id, department_id=customer.department_id)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                            required: bool = False) -> list[Any]:
        return await resolve_by_ids(info, node_ids, customers.customers_by_id, cls.of, required)


@strawberry.input(description="A contact person to record.")
class ContactInput:
    name: str = strawberry.field(description="Full name.")
    email: str = strawberry.field(description="Email; unique among the tenant's contacts.")
    phone: str | None = strawberry.field(default=None, description="Phone number.")


@strawberry.input(description="A new customer and its first contacts.")
class CreateCustomerInput:
    name: str = strawberry.field(description="Company name.")
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the responsible User; the caller by default.")
    department_key: str | None = strawberry.field(
        default=None, description="Department key; the owner's department by default.")
    contacts: list[ContactInput] = strawberry.field(
        default_factory=list, description="Contact people at the customer.")


@strawberry.input(description="Changes to a customer; omitted fields stay as they are.")
class UpdateCustomerInput:
    customer_id: strawberry.ID = strawberry.field(description="Global id of the customer.")
    name: str | None = strawberry.field(default=None, description="New company name.")
    status: CustomerStatus | None = strawberry.field(default=None, description="New status.")
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the new owner; moves the customer to the "
        "owner's department unless departmentKey is given.")
    department_key: str | None = strawberry.field(default=None,
                                                  description="New department key.")


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
    phone: str | None = strawberry.field(default=None,
                                         description="New phone number; empty clears it.")


@strawberry.type(description="Result of a mutation that changes a customer.")
class CustomerPayload:
    customer: CustomerType | None = strawberry.field(description="The customer after the change.")
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")


@strawberry.type(description="Result of a mutation that changes a contact.")
class ContactPayload:
    contact: ContactType | None = strawberry.field(description="The contact after the change.")
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")


def _customer_payload(customer: Customer | None, errors: list[UserErrorType]) -> CustomerPayload:
    return CustomerPayload(customer=CustomerType.of(customer) if customer else None,
                           user_errors=errors)


def _contact_payload(contact: Contact | None, errors: list[UserErrorType]) -> ContactPayload:
    return ContactPayload(contact=ContactType.of(contact) if contact else None,
                          user_errors=errors)


def _optional_id(value: strawberry.ID | None, type_name: str) -> uuid.UUID | None:
    return decode_id(value, type_name) if value is not None else None


@strawberry.type
class Query:
    @strawberry.field(description="Customers within the caller's data scope, newest first "
                      "(customers:read). `search` matches the name or a contact's name or email.")
    async def customers(self, info: Info, first: int | None = None, after: str | None = None,
                        search: str | None = None) -> Connection[CustomerType]:
        actor = await context_of(info).reader()
        page = await customers.list_customers(actor, search, first, after)
        return to_connection(page, CustomerType.of)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Create a customer with its contacts (customers:write). "
                         "The owner defaults to the caller and the department to the owner's.")
    async def create_customer(self, info: Info, input: CreateCustomerInput) -> CustomerPayload:
        data = customers.NewCustomer(
            name=input.name, owner_id=_optional_id(input.owner_id, "User"),
            department_key=input.department_key,
            contacts=[customers.ContactInput(name=c.name, email=c.email, phone=c.phone)
                      for c in input.contacts])
        outcome = await run_mutation(info, lambda actor: customers.create_customer(actor, data))
        return _customer_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(description="Change a customer's name, status, owner or department "
                         "(customers:write).")
    async def update_customer(self, info: Info, input: UpdateCustomerInput) -> CustomerPayload:
        changes = customers.CustomerChanges(
            name=input.name, status=input.status.value if input.status else None,
            owner_id=_optional_id(input.owner_id, "User"), department_key=input.department_key)
        customer_id = decode_id(input.customer_id, "Customer")
        outcome = await run_mutation(info, lambda actor: customers.update_customer(
            actor, customer_id, changes))
        return _customer_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(description="Add a contact person to a customer (customers:write).")
    async def add_contact(self, info: Info, input: AddContactInput) -> ContactPayload:
        data = customers.ContactInput(name=input.name, email=input.email, phone=input.phone)
        customer_id = decode_id(input.customer_id, "Customer")
        outcome = await run_mutation(info, lambda actor: customers.add_contact(
            actor, customer_id, data))
        return _contact_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(description="Change a contact's name, email or phone (customers:write).")
    async def update_contact(self, info: Info, input: UpdateContactInput) -> ContactPayload:
        changes = customers.ContactChanges(name=input.name, email=input.email, phone=input.phone)
        contact_id = decode_id(input.contact_id, "Contact")
        outcome = await run_mutation(info, lambda actor: customers.update_contact(
            actor, contact_id, changes))
        return _contact_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(description="Let a contact sign in to the customer portal "
                         "(customers:portal).")
    async def grant_portal_access(self, info: Info, contact_id: strawberry.ID) -> ContactPayload:
        row_id = decode_id(contact_id, "Contact")
        outcome = await run_mutation(info, lambda actor: customers.grant_portal_access(
            actor, row_id))
        return _contact_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(description="End a contact's portal access; their portal sessions stop "
                         "working at once (customers:portal).")
    async def revoke_portal_access(self, info: Info, contact_id: strawberry.ID) -> ContactPayload:
        row_id = decode_id(contact_id, "Contact")
        outcome = await run_mutation(info, lambda actor: customers.revoke_portal_access(
            actor, row_id))
        return _contact_payload(outcome.value, outcome.user_errors)
