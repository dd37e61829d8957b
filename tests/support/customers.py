"""Customers and their contacts, made through the API."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.graphql import TenantSession

CUSTOMER_FIELDS = """id name status createdAt owner { id email } department { key }
  contacts { id name email phone portalEnabled lastPortalLoginAt }"""
CREATE_CUSTOMER = f"""mutation CreateCustomer($input: CreateCustomerInput!) {{
  createCustomer(input: $input) {{ customer {{ {CUSTOMER_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
VIEWER_ID = "query Me { viewer { user { id } } }"
UPDATE_OWNER = """mutation U($input: UpdateCustomerInput!) { updateCustomer(input: $input) {
  userErrors { code } } }"""
GRANT_PORTAL = """mutation Grant($id: ID!) { grantPortalAccess(contactId: $id) {
  contact { id portalEnabled } userErrors { field code } } }"""


def create_customer(
    session: TenantSession, name: str, contacts: list[dict[str, Any]] | None = None, **fields: Any
) -> dict[str, Any]:
    payload = session.client.data(
        CREATE_CUSTOMER, {"input": {"name": name, "contacts": contacts or [], **fields}}
    )["createCustomer"]
    assert payload["userErrors"] == [], payload["userErrors"]
    customer: dict[str, Any] = payload["customer"]
    return customer


def contact(email: str, name: str = "Chris Contact", phone: str | None = None) -> dict[str, Any]:
    return {"name": name, "email": email, "phone": phone}


def unique_email(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:8]}@customer.example.com"


def hand_over(owner: TenantSession, customer_id: str, rep: TenantSession) -> None:
    """Make the sales rep the customer's owner (their data scope is their own customers)."""
    rep_id = rep.client.data(VIEWER_ID)["viewer"]["user"]["id"]
    changed = owner.client.data(
        UPDATE_OWNER, {"input": {"customerId": customer_id, "ownerId": rep_id}}
    )
    assert changed["updateCustomer"]["userErrors"] == []
