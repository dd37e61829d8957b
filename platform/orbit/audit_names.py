"""How the audit log names the records of every domain (audit.naming's lookups).

The audit log cannot import the domains it records (they all import it), so the composition
root tells it, per target type, which column names a record and which console page it opens
on. Each lookup is one statement for a page's ids of that type, through the access layer:
a reader who may not read orders sees "Order", not its number.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, and_, select

from approvals.models import ApprovalRequest
from audit.naming import SubjectName, SubjectPage, name_actors, name_subjects
from catalog.models import PriceBook, Product, Sku
from collaboration.models import OrderComment
from contracts.models import Contract, ContractTemplate
from core import access
from core.context import Actor
from customers.models import Contact, Customer, CustomerAddress
from identity.models import ApiClient, User
from imports.models import ImportJob
from inventory.models import Warehouse
from order_changes.models import OrderChangeRequest
from orders.models import Order
from payments.models import Invoice, Payment, Refund
from quotes.models import Quote
from rbac.models import Role
from returns.models import Return
from shipping.models import Shipment
from subscriptions.models import Subscription, SubscriptionPlan
from tickets.models import SlaPolicy, Ticket


def _actor_names(model: Any) -> Any:
    """Names of the tenant's users, API clients or contacts: whoever may read the audit log
    sees who acted (the entries already carry their emails)."""

    async def lookup(actor: Actor, ids: list[uuid.UUID]) -> Mapping[uuid.UUID, str]:
        rows = await actor.session.execute(
            select(model.id, model.name).where(
                model.tenant_id == actor.tenant_id, model.id.in_(ids)
            )
        )
        return {row_id: name for row_id, name in rows.tuples()}

    return lookup


async def _named(
    actor: Actor, statement: Select[Any], page: SubjectPage | None
) -> Mapping[uuid.UUID, SubjectName]:
    """Rows of (id, label, page id) as subject names."""
    rows = await actor.session.execute(statement)
    return {
        row_id: SubjectName(label=label, page=page, page_id=page_id)
        for row_id, label, page_id in rows.tuples()
    }


def _own(model: Any, label: Any, page: SubjectPage | None = None, page_id: Any = None) -> Any:
    """Records named by a column of their own, opening on their own page (or `page_id`'s)."""

    async def lookup(actor: Actor, ids: list[uuid.UUID]) -> Mapping[uuid.UUID, SubjectName]:
        statement = (await access.restrict(actor, model)).where(model.id.in_(ids))
        columns = (model.id, label, model.id if page_id is None else page_id)
        return await _named(actor, statement.with_only_columns(*columns), page)

    return lookup


def _through(parent: Any, model: Any, link: Any, page: SubjectPage, label: Any = None) -> Any:
    """Records that live on an order or a customer (comments, contacts…): named by the
    parent's number or name unless they have a `label` of their own, opening on its page,
    readable by whoever may read the parent."""
    parent_label = parent.number if parent is Order else parent.name

    async def lookup(actor: Actor, ids: list[uuid.UUID]) -> Mapping[uuid.UUID, SubjectName]:
        statement = (
            (await access.restrict(actor, parent))
            .join(model, and_(model.tenant_id == parent.tenant_id, link == parent.id))
            .where(model.id.in_(ids))
            .with_only_columns(model.id, parent_label if label is None else label, parent.id)
        )
        return await _named(actor, statement, page)

    return lookup


ACTOR_NAMES = {"staff": User, "api_client": ApiClient, "portal": Contact}

SUBJECT_NAMES = {
    "order": _own(Order, Order.number, SubjectPage.ORDER),
    "invoice": _own(Invoice, Invoice.number, SubjectPage.INVOICE),
    "payment": _own(Payment, Payment.number, SubjectPage.PAYMENT),
    "refund": _own(Refund, Refund.number, SubjectPage.PAYMENT, Refund.payment_id),
    "customer": _own(Customer, Customer.name, SubjectPage.CUSTOMER),
    "contact": _through(Customer, Contact, Contact.customer_id, SubjectPage.CUSTOMER, Contact.name),
    "customer_address": _through(
        Customer, CustomerAddress, CustomerAddress.customer_id, SubjectPage.CUSTOMER
    ),
    "order_comment": _through(Order, OrderComment, OrderComment.order_id, SubjectPage.ORDER),
    "approval_request": _through(
        Order, ApprovalRequest, ApprovalRequest.order_id, SubjectPage.ORDER
    ),
    "order_change_request": _through(
        Order, OrderChangeRequest, OrderChangeRequest.order_id, SubjectPage.ORDER
    ),
    "shipment": _through(Order, Shipment, Shipment.order_id, SubjectPage.ORDER, Shipment.number),
    "product": _own(Product, Product.name),
    "sku": _own(Sku, Sku.code),
    "price_book": _own(PriceBook, PriceBook.name),
    "warehouse": _own(Warehouse, Warehouse.name),
    "role": _own(Role, Role.name),
    "user": _own(User, User.name),
    "api_client": _own(ApiClient, ApiClient.name),
    "import_job": _own(ImportJob, ImportJob.file_name),
    "ticket": _own(Ticket, Ticket.number),
    "sla_policy": _own(SlaPolicy, SlaPolicy.name),
    "return": _own(Return, Return.number),
    "contract": _own(Contract, Contract.number),
    "contract_template": _own(ContractTemplate, ContractTemplate.name),
    "quote": _own(Quote, Quote.number),
    "subscription": _own(Subscription, Subscription.number),
    "subscription_plan": _own(SubscriptionPlan, SubscriptionPlan.code),
}


def register() -> None:
    """Give the audit log its name lookups (once per process, before it serves a query)."""
    for kind, model in ACTOR_NAMES.items():
        name_actors(kind, _actor_names(model))
    for target_type, lookup in SUBJECT_NAMES.items():
        name_subjects(target_type, lookup)
