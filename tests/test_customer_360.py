"""Customer 360 (issue 15): a customer's page gathers what happened around it. The API side:
`Customer.timeline` merges its orders' status changes and comments, the invoices emailed to
it and the changes to its record, newest first, each part as far as the reader may read it;
a customer outside the reader's data scope is not found at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.customers import contact, create_customer, hand_over, unique_email
from tests.support.graphql import GraphQLClient, TenantSession, colleague, graphql_codes
from tests.support.invoices import issued
from tests.support.orders import Shop, acted, confirmed_order, open_shop
from tests.support.stack import Mailbox
from tests.support.waiting import wait_until

TIMELINE = """query Timeline($id: ID!, $first: Int! = 30) { node(id: $id) { ... on Customer {
  name openBalance { amount currency } creditLimit { amount }
  timeline(first: $first) { at kind action actorName orderId orderNumber subject text
                            fromStatus toStatus } } } }"""
COMMENT = """mutation Comment($input: AddOrderCommentInput!) {
  addOrderComment(input: $input) { userErrors { code } } }"""
RENAME = """mutation Rename($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) { userErrors { code } } }"""
INVOICE_MAILED = "query Mailed($id: ID!) { node(id: $id) { ... on Invoice { emailedAt } } }"


@dataclass
class Story:
    shop: Shop
    customer_id: str
    order: dict[str, Any]
    invoice: dict[str, Any]


@pytest.fixture(scope="module")
def story(api: GraphQLClient) -> Story:
    shop = open_shop(api)
    owner = shop.owner
    customer = create_customer(owner, "Peak Outfitters", [contact(unique_email("peak"))])
    order = confirmed_order(owner, shop, customer_id=customer["id"], quantity="2")
    acted(owner, order["id"], "REQUEST_PAYMENT")
    said = owner.client.data(
        COMMENT, {"input": {"orderId": order["id"], "body": "Customer wants it by Friday"}}
    )
    assert said["addOrderComment"]["userErrors"] == []
    renamed = owner.client.data(
        RENAME, {"input": {"customerId": customer["id"], "name": "Peak Outfitters Ltd"}}
    )
    assert renamed["updateCustomer"]["userErrors"] == []
    invoice = issued(owner, order["id"])
    wait_until(
        lambda: owner.client.data(INVOICE_MAILED, {"id": invoice["id"]})["node"]["emailedAt"],
        what="the invoice email",
    )
    return Story(shop, customer["id"], order, invoice)


def timeline_of(session: TenantSession, customer_id: str, first: int = 30) -> dict[str, Any]:
    node: dict[str, Any] = session.client.data(TIMELINE, {"id": customer_id, "first": first})[
        "node"
    ]
    return node


def test_the_timeline_tells_what_happened_newest_first(story: Story) -> None:
    customer = timeline_of(story.shop.owner, story.customer_id)
    timeline = customer["timeline"]
    assert [a["at"] for a in timeline] == sorted((a["at"] for a in timeline), reverse=True)
    number = story.order["number"]
    seen = {(a["kind"], a["action"]) for a in timeline}
    assert {
        ("STATUS_CHANGE", "submit"),
        ("STATUS_CHANGE", "request_payment"),
        ("COMMENT", "comments.add"),
        ("RECORD_CHANGE", "customers.create"),
        ("RECORD_CHANGE", "customers.update"),
        ("EMAIL", "email.invoice"),
    } <= seen
    payment_asked = next(a for a in timeline if a["action"] == "request_payment")
    assert payment_asked | {"at": None} == {
        "at": None,
        "kind": "STATUS_CHANGE",
        "action": "request_payment",
        "actorName": "Olivia Owner",
        "orderId": story.order["id"],
        "orderNumber": number,
        "subject": None,
        "text": None,
        "fromStatus": "CONFIRMED",
        "toStatus": "AWAITING_PAYMENT",
    }
    comment = next(a for a in timeline if a["kind"] == "COMMENT")
    assert (comment["text"], comment["actorName"], comment["orderNumber"]) == (
        "Customer wants it by Friday",
        "Olivia Owner",
        number,
    )
    renamed = next(a for a in timeline if a["action"] == "customers.update")
    assert (renamed["actorName"], renamed["subject"]) == ("Olivia Owner", "Peak Outfitters Ltd")
    mailed = next(a for a in timeline if a["kind"] == "EMAIL")
    assert mailed["subject"] == story.invoice["number"]
    assert mailed["text"] and mailed["text"].endswith("@customer.example.com")


def test_the_timeline_takes_the_newest_first(story: Story) -> None:
    everything = timeline_of(story.shop.owner, story.customer_id)["timeline"]
    assert timeline_of(story.shop.owner, story.customer_id, first=2)["timeline"] == everything[:2]


def test_the_balance_is_what_the_confirmed_order_left_unpaid(story: Story) -> None:
    customer = timeline_of(story.shop.owner, story.customer_id)
    assert customer["openBalance"] == {
        "amount": story.order["total"]["amount"],
        "currency": story.order["total"]["currency"],
    }


def test_a_customer_outside_the_data_scope_is_not_found(story: Story, mailbox: Mailbox) -> None:
    rep = colleague(story.shop.owner, mailbox, "sales")
    hidden = rep.client.execute(TIMELINE, {"id": story.customer_id})
    assert graphql_codes(hidden) == ["NOT_FOUND"]
    hand_over(story.shop.owner, story.customer_id, rep)
    theirs = timeline_of(rep, story.customer_id)
    kinds = {a["kind"] for a in theirs["timeline"]}
    # A sales rep reads orders but not the audit log: the record's own changes stay out.
    assert "STATUS_CHANGE" in kinds and "RECORD_CHANGE" not in kinds
