"""Support tickets in the customer portal: a signed-in contact reports a problem about an
order or in general, reads the seller's public replies (emailed to them in their language)
and never its internal notes, answers (which hands a waiting ticket back to staff), and
reaches no other customer's or tenant's tickets."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    colleague,
    errors_of,
    global_id,
    row_id,
)
from tests.support.orders import Shop, confirmed_order, open_shop
from tests.support.portal import Buyer, register_buyer
from tests.support.stack import Mailbox, body_text
from tests.support.tickets import (
    PORTAL_TICKET,
    PORTAL_TICKETS,
    TICKET,
    TICKET_NODE,
    TICKETS,
    change_status,
    portal_create,
    portal_reply,
    reply,
)

SET_LANGUAGE = """mutation Language($locale: String) { setPortalLanguage(locale: $locale) {
  contact { locale } userErrors { code } } }"""
PORTAL_CATEGORIES = "query Categories { portalTicketCategories { key name } }"


@dataclass
class Counter:
    """A shop, its support agent, and two portal customers with a confirmed order each."""

    shop: Shop
    agent: TenantSession
    buyer: Buyer
    order: dict[str, Any]
    rival: Buyer
    rival_order: dict[str, Any]


@pytest.fixture(scope="module")
def counter(api: GraphQLClient, mailbox: Mailbox) -> Counter:
    shop = open_shop(api, stock="1000")
    buyer = register_buyer(api, mailbox, shop.owner, "Heron Supplies")
    rival = register_buyer(api, mailbox, shop.owner, "Crane Supplies")
    return Counter(
        shop,
        colleague(shop.owner, mailbox, "support"),
        buyer,
        confirmed_order(shop.owner, shop, buyer.customer_id),
        rival,
        confirmed_order(shop.owner, shop, rival.customer_id),
    )


def _opened(portal: GraphQLClient, **fields: Any) -> dict[str, Any]:
    payload = portal_create(portal, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    ticket: dict[str, Any] = payload["ticket"]
    return ticket


def _staff_view(counter: Counter, ticket: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = counter.agent.client.data(
        TICKET, {"id": global_id("Ticket", ticket["id"])}
    )["ticket"]
    return found


def test_a_customer_reports_a_problem_about_an_order_and_support_sees_it(
    counter: Counter,
) -> None:
    order_id = row_id(counter.order["id"])
    ticket = _opened(
        counter.buyer.portal,
        orderId=order_id,
        category="delivery",
        subject="Parcel missing",
        description="Tracking says delivered; nothing here.",
    )
    assert ticket["status"] == "NEW"
    assert ticket["orderId"] == order_id
    assert ticket["category"] == {"key": "delivery", "name": "Delivery"}
    assert ticket["messages"] == []

    staff = _staff_view(counter, ticket)
    assert staff["channel"] == "PORTAL"
    assert staff["number"] == ticket["number"]
    assert staff["customer"]["id"] == counter.buyer.customer_id
    assert staff["order"]["number"] == counter.order["number"]

    general = _opened(counter.buyer.portal, subject="Catalogue question", description="PDF?")
    assert general["orderId"] is None
    listed = counter.buyer.portal.data(PORTAL_TICKETS)["portalTickets"]["edges"]
    assert [e["node"]["id"] for e in listed][:2] == [general["id"], ticket["id"]]
    categories = counter.buyer.portal.data(PORTAL_CATEGORIES)["portalTicketCategories"]
    assert "how_to" in {c["key"] for c in categories}


def test_the_customer_reads_public_replies_only_and_answers(
    counter: Counter, mailbox: Mailbox
) -> None:
    ticket = _opened(counter.buyer.portal, subject="Wrong colour")
    staff_id = global_id("Ticket", ticket["id"])
    reply(counter.agent.client, staff_id, "Customer seems upset; check stock.", "INTERNAL_NOTE")
    answered = reply(counter.agent.client, staff_id, "Which colour did you receive?")
    assert answered["userErrors"] == []
    change_status(counter.agent.client, staff_id, "PENDING_CUSTOMER")

    [email] = mailbox.wait_for(counter.buyer.email, ticket["number"])
    assert "Which colour did you receive?" in body_text(email)
    assert "upset" not in body_text(email)

    seen = counter.buyer.portal.data(PORTAL_TICKET, {"id": ticket["id"]})["portalTicket"]
    assert seen["status"] == "PENDING_CUSTOMER"
    assert [(m["fromCustomer"], m["body"]) for m in seen["messages"]] == [
        (False, "Which colour did you receive?")
    ]
    listed = counter.buyer.portal.data(PORTAL_TICKETS)["portalTickets"]["edges"]
    for edge in listed:
        assert all("upset" not in m["body"] for m in edge["node"]["messages"])

    answer = portal_reply(counter.buyer.portal, ticket["id"], "Red, not blue.")
    assert answer["userErrors"] == []
    assert answer["ticket"]["status"] == "OPEN"
    staff = _staff_view(counter, ticket)
    assert staff["status"] == "OPEN"
    last = staff["messages"][-1]
    assert (last["kind"], last["authorKind"], last["authorName"], last["body"]) == (
        "PUBLIC_REPLY",
        "portal",
        "Pat Purchaser",
        "Red, not blue.",
    )


def test_the_reply_email_is_in_the_contacts_language(counter: Counter, mailbox: Mailbox) -> None:
    portal = counter.buyer.portal
    language = portal.data(SET_LANGUAGE, {"locale": "zh-CN"})["setPortalLanguage"]
    assert language["userErrors"] == []
    try:
        ticket = _opened(portal, subject="发票抬头")
        reply(counter.agent.client, global_id("Ticket", ticket["id"]), "已更正。")
        [email] = mailbox.wait_for(counter.buyer.email, ticket["number"])
        assert "回复" in str(email["Subject"])
        assert "已更正。" in body_text(email)
    finally:
        portal.data(SET_LANGUAGE, {"locale": None})


def test_a_customer_reply_reopens_a_solved_ticket_but_not_a_closed_one(counter: Counter) -> None:
    ticket = _opened(counter.buyer.portal)
    staff_id = global_id("Ticket", ticket["id"])
    change_status(counter.agent.client, staff_id, "SOLVED", "ANSWERED")
    reopened = portal_reply(counter.buyer.portal, ticket["id"], "Still not here.")
    assert reopened["ticket"]["status"] == "OPEN"

    change_status(counter.agent.client, staff_id, "SOLVED", "FIXED")
    change_status(counter.agent.client, staff_id, "CLOSED")
    refused = portal_reply(counter.buyer.portal, ticket["id"], "Hello?")
    assert errors_of(refused) == {(("ticketId",), "TICKET_CLOSED")}
    empty = portal_reply(counter.buyer.portal, _opened(counter.buyer.portal)["id"], " ")
    assert errors_of(empty) == {(("body",), "EMPTY_BODY")}


def test_bad_input_from_the_portal_is_reported_on_its_field(counter: Counter) -> None:
    portal = counter.buyer.portal
    before = portal.data(PORTAL_TICKETS)["portalTickets"]["edges"]
    for fields, expected in (
        ({"orderId": row_id(counter.rival_order["id"])}, (("orderId",), "UNKNOWN_ORDER")),
        ({"orderId": str(uuid.uuid4())}, (("orderId",), "UNKNOWN_ORDER")),
        ({"orderId": "not-an-id"}, (("orderId",), "UNKNOWN_ORDER")),
        ({"category": "nonsense"}, (("category",), "UNKNOWN_CATEGORY")),
        ({"subject": ""}, (("subject",), "EMPTY_SUBJECT")),
        ({"description": " "}, (("description",), "EMPTY_BODY")),
    ):
        payload = portal_create(portal, **fields)
        assert payload["ticket"] is None
        assert expected in errors_of(payload), (fields, payload["userErrors"])
    assert portal.data(PORTAL_TICKETS)["portalTickets"]["edges"] == before


def test_another_customer_cannot_reach_the_ticket(counter: Counter) -> None:
    ticket = _opened(counter.buyer.portal, subject="Private matter")
    rival = counter.rival.portal
    assert rival.error_codes(PORTAL_TICKET, {"id": ticket["id"]}) == ["NOT_FOUND"]
    listed = rival.data(PORTAL_TICKETS)["portalTickets"]["edges"]
    assert ticket["id"] not in {e["node"]["id"] for e in listed}
    assert rival.error_codes(
        """mutation R($input: PortalReplyToTicketInput!) { portalReplyToTicket(input: $input)
        { ticket { id } } }""",
        {"input": {"ticketId": ticket["id"], "body": "Mine now"}},
    ) == ["NOT_FOUND"]
    seen = counter.buyer.portal.data(PORTAL_TICKET, {"id": ticket["id"]})["portalTicket"]
    assert seen["messages"] == []


def test_another_tenants_customer_cannot_reach_the_ticket(
    api: GraphQLClient, mailbox: Mailbox, counter: Counter
) -> None:
    ticket = _opened(counter.buyer.portal, subject="Tenant A only")
    elsewhere = open_shop(api)
    stranger = register_buyer(api, mailbox, elsewhere.owner, "Elsewhere Ltd")
    assert stranger.portal.error_codes(PORTAL_TICKET, {"id": ticket["id"]}) == ["NOT_FOUND"]
    assert stranger.portal.data(PORTAL_TICKETS)["portalTickets"]["edges"] == []
    refused = portal_create(stranger.portal, orderId=row_id(counter.order["id"]))
    assert errors_of(refused) == {(("orderId",), "UNKNOWN_ORDER")}
    assert elsewhere.owner.client.data(TICKETS)["tickets"]["edges"] == []


def test_portal_and_staff_operations_do_not_mix(counter: Counter) -> None:
    ticket = _opened(counter.buyer.portal)
    assert counter.buyer.portal.error_codes(TICKETS) == ["FORBIDDEN"]
    node = counter.buyer.portal.error_codes(TICKET_NODE, {"id": global_id("Ticket", ticket["id"])})
    assert node == ["NOT_FOUND"]
    assert counter.agent.client.error_codes(PORTAL_TICKET, {"id": ticket["id"]}) == ["FORBIDDEN"]
    assert counter.agent.client.error_codes(PORTAL_TICKETS) == ["FORBIDDEN"]
