"""Photos on returns: a portal customer sends photos of each returned line (image uploads,
checked by their content); staff see them on the return, the customer on their own return
only. A file that is not an image, someone else's upload, or an upload already used is
refused on its line, and no return is written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.files import fetch, png, upload, uploaded_id
from tests.support.graphql import GraphQLClient, TenantSession, colleague, row_id
from tests.support.orders import Shop, open_shop
from tests.support.portal import Buyer, register_buyer
from tests.support.returns import MY_RETURNS, REQUEST_RETURN, delivered_order, line
from tests.support.stack import Mailbox

STAFF_PHOTOS = """query Node($id: ID!) { node(id: $id) { ... on Return {
  lines { lineNo photos { fileName contentType url } } } } }"""
PORTAL_PHOTOS = """query Mine($id: ID!) { myReturn(id: $id) {
  lines { lineNo photos { fileName contentType url } } } }"""


@dataclass
class Counter:
    shop: Shop
    support: TenantSession
    buyer: Buyer
    order: dict[str, Any]
    rival: Buyer
    rival_order: dict[str, Any]


@pytest.fixture(scope="module")
def counter(api: GraphQLClient, mailbox: Mailbox) -> Counter:
    shop = open_shop(api, stock="1000")
    buyer = register_buyer(api, mailbox, shop.owner, "Heron Supplies")
    rival = register_buyer(api, mailbox, shop.owner, "Crane Supplies")
    lines = ((shop.sku_id, "3"), (shop.other_sku_id, "2"))
    return Counter(
        shop,
        colleague(shop.owner, mailbox, "support"),
        buyer,
        delivered_order(shop, *lines, customer_id=buyer.customer_id),
        rival,
        delivered_order(shop, *lines, customer_id=rival.customer_id),
    )


def _request(buyer: Buyer, order: dict[str, Any], *lines: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = buyer.portal.data(
        REQUEST_RETURN,
        {"input": {"orderId": row_id(order["id"]), "wish": "REFUND", "lines": list(lines)}},
    )["requestReturn"]
    return payload


def _line(order: dict[str, Any], index: int, quantity: str, *photos: str) -> dict[str, Any]:
    return line(row_id(order["lines"][index]["id"]), quantity, photoIds=list(photos))


def test_photos_travel_with_each_returned_line(counter: Counter) -> None:
    portal = counter.buyer.portal
    dent = png(64, 48, "gray")
    scratch = png(32, 32, "white")
    payload = _request(
        counter.buyer,
        counter.order,
        _line(counter.order, 0, "1", uploaded_id(portal, "return_photo", "dent.png", dent)),
        _line(counter.order, 1, "1", uploaded_id(portal, "return_photo", "scratch.png", scratch)),
    )
    assert payload["userErrors"] == []
    requested = payload["return"]

    mine = portal.data(PORTAL_PHOTOS, {"id": requested["id"]})["myReturn"]["lines"]
    assert [[p["fileName"] for p in m["photos"]] for m in mine] == [["dent.png"], ["scratch.png"]]
    staff_id = counter.support.client.data(
        "query R($n: String!) { returnByNumber(number: $n) { id } }",
        {"n": requested["number"]},
    )["returnByNumber"]["id"]
    lines = counter.support.client.data(STAFF_PHOTOS, {"id": staff_id})["node"]["lines"]
    first = lines[0]["photos"][0]
    assert first["contentType"] == "image/png"
    assert fetch(counter.support.client, first["url"]).content == dent
    theirs = counter.rival.portal.execute(PORTAL_PHOTOS, {"id": requested["id"]})
    assert theirs["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_bad_photos_are_refused_on_their_line_and_nothing_is_written(counter: Counter) -> None:
    portal = counter.buyer.portal
    not_image = upload(portal, "return_photo", "invoice.pdf", b"%PDF-1.4\n%%EOF\n")
    assert (not_image.status_code, not_image.json()["code"]) == (400, "NOT_AN_IMAGE")
    before = len(portal.data(MY_RETURNS)["myReturns"]["edges"])
    theirs = uploaded_id(counter.rival.portal, "return_photo", "theirs.png", png())
    attachment = uploaded_id(portal, "ticket_attachment", "note.png", png())
    refused = _request(
        counter.buyer,
        counter.order,
        _line(counter.order, 0, "1"),
        _line(counter.order, 1, "1", attachment, theirs),
    )
    assert refused["return"] is None
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("WRONG_PURPOSE", ["lines", "1", "photoIds", "0"]),
        ("FILE_NOT_FOUND", ["lines", "1", "photoIds", "1"]),
    ]
    assert len(portal.data(MY_RETURNS)["myReturns"]["edges"]) == before
    # The refused request left the rival's upload free for the rival's own return.
    assert (
        _request(counter.rival, counter.rival_order, _line(counter.rival_order, 0, "1", theirs))[
            "userErrors"
        ]
        == []
    )
