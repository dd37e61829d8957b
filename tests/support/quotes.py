"""Quotes through GraphQL: staff draft, price, send and revise them; the customer's
contact answers them in the portal; the worker's expiry run, called in process."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import quotes.services as quotes
from tests.support.database import tenant_id_of
from tests.support.graphql import GraphQLClient, TenantSession, row_id
from tests.support.portal import Buyer
from tests.support.services import in_process
from tests.support.stack import Stack, run_async

LINE_FIELDS = """lineNo kind skuCode description quantity unitPrice { amount currency }
  priceSource priceSourceLabel discountPercent taxRate net { amount } tax { amount }
  total { amount }"""
VERSION_FIELDS = f"""version validUntil notes subtotal {{ amount }} discountTotal {{ amount }}
  taxTotal {{ amount }} total {{ amount currency }} sentAt pdfUrl lines {{ {LINE_FIELDS} }}"""
QUOTE_FIELDS = f"""id number status currentVersion validUntil currency declineReason sentAt
  acceptedAt acceptedByCustomer acceptedVersion declinedAt expiredAt withdrawnAt
  subscriptionId contractId customer {{ id name }} order {{ id number channel status }}
  contractRequest {{ startDate initialTermMonths renewalType noticeDays }}
  current {{ {VERSION_FIELDS} }} versions {{ version sentAt pdfUrl total {{ amount }} }}"""
PAYLOAD = f"quote {{ {QUOTE_FIELDS} }} userErrors {{ field code message }}"
CREATE_QUOTE = f"""mutation CreateQuote($input: CreateQuoteInput!) {{
  createQuote(input: $input) {{ {PAYLOAD} }} }}"""
UPDATE_QUOTE = f"""mutation UpdateQuote($input: UpdateQuoteInput!) {{
  updateQuote(input: $input) {{ {PAYLOAD} }} }}"""
SEND_QUOTE = f"""mutation SendQuote($input: QuoteActionInput!) {{
  sendQuote(input: $input) {{ {PAYLOAD} }} }}"""
REVISE_QUOTE = f"""mutation ReviseQuote($input: QuoteActionInput!) {{
  reviseQuote(input: $input) {{ {PAYLOAD} }} }}"""
WITHDRAW_QUOTE = f"""mutation WithdrawQuote($input: QuoteActionInput!) {{
  withdrawQuote(input: $input) {{ {PAYLOAD} }} }}"""
ACCEPT_FOR_CUSTOMER = f"""mutation AcceptFor($input: AcceptQuoteForCustomerInput!) {{
  acceptQuoteForCustomer(input: $input) {{ {PAYLOAD} }} }}"""
QUOTE = f"""query Quote($id: ID!) {{ quote(id: $id) {{ {QUOTE_FIELDS} }} }}"""
QUOTES = """query Quotes($filter: QuoteFilterInput, $first: Int, $after: String) {
  quotes(filter: $filter, first: $first, after: $after) {
    edges { node { id number status } } pageInfo { hasNextPage endCursor } } }"""
PREVIEW = """query Preview($input: QuotePreviewInput!) { quotePreview(input: $input) {
  currency complete subtotal { amount } total { amount }
  lines { kind skuCode unitPrice { amount } priceSource priceSourceLabel total { amount } }
  approvals { level } issues { field code message } } }"""
CONVERSION = """query Conversion($from: DateTime!, $to: DateTime!) {
  quoteConversion(from: $from, to: $to) { sent accepted rate } }"""
ORDER_QUOTE = """query OrderQuote($id: ID!) { node(id: $id) { ... on Order {
  id number channel status quote { id number status }
  lines { skuCode quantity unitPrice { amount } priceSource discountPercent } } } }"""

PORTAL_FIELDS = """id number status currentVersion validUntil declineReason sentAt acceptedAt
  declinedAt orderId orderNumber subscriptionId contractId
  latest { version validUntil total { amount currency } pdfUrl
    lines { lineNo kind skuCode description quantity unitPrice { amount } total { amount } } }
  versions { version pdfUrl }"""
PORTAL_PAYLOAD = f"quote {{ {PORTAL_FIELDS} }} userErrors {{ field code message }}"
MY_QUOTES = (
    f"""query MyQuotes {{ myQuotes(first: 50) {{ edges {{ node {{ {PORTAL_FIELDS} }} }} }} }}"""
)
MY_QUOTE = f"""query MyQuote($id: ID!) {{ myQuote(id: $id) {{ {PORTAL_FIELDS} }} }}"""
ACCEPT = f"""mutation Accept($input: AcceptQuoteInput!) {{
  acceptQuote(input: $input) {{ {PORTAL_PAYLOAD} }} }}"""
DECLINE = f"""mutation Decline($input: DeclineQuoteInput!) {{
  declineQuote(input: $input) {{ {PORTAL_PAYLOAD} }} }}"""


def one_off(sku_id: str, quantity: str, discount: str = "0") -> dict[str, Any]:
    return {"kind": "ONE_OFF", "skuId": sku_id, "quantity": quantity, "discountPercent": discount}


def recurring(plan_id: str, quantity: str, discount: str = "0") -> dict[str, Any]:
    return {
        "kind": "RECURRING",
        "planId": plan_id,
        "quantity": quantity,
        "discountPercent": discount,
    }


def create_quote(
    session: TenantSession, customer_id: str, *lines: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    """createQuote's payload."""
    payload: dict[str, Any] = session.client.data(
        CREATE_QUOTE, {"input": {"customerId": customer_id, "lines": list(lines), **fields}}
    )["createQuote"]
    return payload


def created_quote(
    session: TenantSession, customer_id: str, *lines: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    payload = create_quote(session, customer_id, *lines, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    quote: dict[str, Any] = payload["quote"]
    return quote


def act(session: TenantSession, mutation: str, quote_id: str, **fields: Any) -> dict[str, Any]:
    """A quote mutation's payload (send, revise, withdraw, update, acceptForCustomer)."""
    result = session.client.data(mutation, {"input": {"quoteId": quote_id, **fields}})
    payload: dict[str, Any] = next(iter(result.values()))
    return payload


def acted(session: TenantSession, mutation: str, quote_id: str, **fields: Any) -> dict[str, Any]:
    payload = act(session, mutation, quote_id, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    quote: dict[str, Any] = payload["quote"]
    return quote


def sent_quote(
    session: TenantSession, customer_id: str, *lines: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    quote = created_quote(session, customer_id, *lines, **fields)
    return acted(session, SEND_QUOTE, quote["id"])


def portal_id(global_quote_id: str) -> str:
    """The portal names quotes by row id."""
    return row_id(global_quote_id)


def answer(
    portal: GraphQLClient, mutation: str, quote_id: str, version: int, **fields: Any
) -> dict[str, Any]:
    """acceptQuote's or declineQuote's payload, for the portal's quote id."""
    result = portal.data(mutation, {"input": {"quoteId": quote_id, "version": version, **fields}})
    payload: dict[str, Any] = next(iter(result.values()))
    return payload


def accepted(buyer: Buyer, quote_id: str, version: int = 1) -> dict[str, Any]:
    payload = answer(buyer.portal, ACCEPT, quote_id, version)
    assert payload["userErrors"] == [], payload["userErrors"]
    quote: dict[str, Any] = payload["quote"]
    return quote


def run_expiry(stack: Stack, owner: TenantSession, today: date | None = None) -> int:
    """The worker's expiry run, now (as of `today` when given), for the owner's tenant only
    (other tests' quotes are not this test's to expire)."""
    tenant_id = uuid.UUID(tenant_id_of(stack, owner))

    async def run() -> int:
        async with in_process(stack) as services:
            return await quotes.expire_due_quotes(services, today, tenant_id)

    return run_async(run())


CONTRACT = """query Contract($id: ID!) { node(id: $id) { ... on Contract {
  id number status startDate initialTermMonths noticeDays renewalType quoteId quoteNumber
  versions { number state } links { kind targetId } } } }"""
ORDERS_OF_CUSTOMER = """query Orders($customerId: ID!) {
  orders(filter: { customerId: $customerId }, first: 50) { edges { node { id } } } }"""


def contract_terms(**terms: Any) -> dict[str, Any]:
    """A yearly contract from tomorrow with 30 days' notice, renewing automatically."""
    return {
        "startDate": (date.today() + timedelta(days=1)).isoformat(),
        "initialTermMonths": 12,
        "renewalType": "AUTOMATIC",
        "renewalTermMonths": 12,
        "noticeDays": 30,
        **terms,
    }
