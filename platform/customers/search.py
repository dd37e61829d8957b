"""How the customer list is filtered: free-text search and exact filters, as conditions on
customers that the caller's data scope is added to (never replaced by). Tags and contacts
are matched through the customer row itself, so they are the reached customer's own."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, String, exists, func, or_
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


def _tagged(tag: str) -> ColumnElement[bool]:
    return exists().where(
        CustomerTag.tenant_id == Customer.tenant_id,
        CustomerTag.customer_id == Customer.id,
        CustomerTag.tag == normalize_tag(tag),
    )


def _with_contact(*matches: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(
        Contact.tenant_id == Customer.tenant_id, Contact.customer_id == Customer.id, or_(*matches)
    )


def _search_condition(term: str) -> ColumnElement[bool]:
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
    return or_(*company, _with_contact(*contact), _tagged(text))


def filter_conditions(criteria: CustomerFilter) -> list[ColumnElement[bool]]:
    tags = sorted({normalize_tag(t) for t in criteria.tags})
    conditions = [_tagged(tag) for tag in tags]
    if criteria.search and criteria.search.strip():
        conditions.append(_search_condition(criteria.search))
    if criteria.tier:
        conditions.append(Customer.tier == criteria.tier)
    if criteria.region and criteria.region.strip():
        conditions.append(Customer.region == criteria.region.strip())
    if criteria.owner_id is not None:
        conditions.append(Customer.owner_id == criteria.owner_id)
    return conditions
