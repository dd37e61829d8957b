"""How the customer list is filtered: free-text search and exact filters, as conditions on
customers that the caller's data scope is added to (never replaced by)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, String, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from customers.models import Contact, Customer, CustomerTag
from customers.rules import normalize_tag

# A term that looks like (part of) a phone number is compared by its digits, so "138 0013"
# finds "+86 138-0013-8000".
PHONE_TERM = re.compile(r"^\+?[0-9 ()./-]+$")
MIN_PHONE_DIGITS = 3


@dataclass
class CustomerFilter:
    """Every given criterion must hold. `search` matches, case-insensitively, part of the
    name, the company or a contact's email, the company or a contact's phone (by digits),
    a contact's name, or exactly one of the tags. `tags` requires all of them."""

    search: str | None = None
    tier: str | None = None
    tags: list[str] = field(default_factory=list)
    region: str | None = None
    owner_id: uuid.UUID | None = None


def _digits_of(column: InstrumentedAttribute[str | None]) -> ColumnElement[str]:
    return func.regexp_replace(column, "[^0-9]", "", "g", type_=String)


def _tagged(tenant_id: uuid.UUID, tag: str) -> ColumnElement[bool]:
    return Customer.id.in_(
        select(CustomerTag.customer_id).where(
            CustomerTag.tenant_id == tenant_id, CustomerTag.tag == normalize_tag(tag)
        )
    )


def _search_condition(tenant_id: uuid.UUID, term: str) -> ColumnElement[bool]:
    text = term.strip().lower()
    company = [
        func.lower(Customer.name).contains(text, autoescape=True),
        Customer.email.contains(text, autoescape=True),
    ]
    contact = [
        func.lower(Contact.name).contains(text, autoescape=True),
        Contact.email.contains(text, autoescape=True),
    ]
    digits = re.sub(r"\D", "", text)
    if PHONE_TERM.match(text) and len(digits) >= MIN_PHONE_DIGITS:
        company.append(_digits_of(Customer.phone).contains(digits, autoescape=True))
        contact.append(_digits_of(Contact.phone).contains(digits, autoescape=True))
    by_contact = select(Contact.customer_id).where(Contact.tenant_id == tenant_id, or_(*contact))
    return or_(*company, Customer.id.in_(by_contact), _tagged(tenant_id, text))


def filter_conditions(tenant_id: uuid.UUID, criteria: CustomerFilter) -> list[ColumnElement[bool]]:
    tags = sorted({normalize_tag(t) for t in criteria.tags})
    conditions = [_tagged(tenant_id, tag) for tag in tags]
    if criteria.search and criteria.search.strip():
        conditions.append(_search_condition(tenant_id, criteria.search))
    if criteria.tier:
        conditions.append(Customer.tier == criteria.tier)
    if criteria.region and criteria.region.strip():
        conditions.append(Customer.region == criteria.region.strip())
    if criteria.owner_id is not None:
        conditions.append(Customer.owner_id == criteria.owner_id)
    return conditions
