"""Exports through GraphQL and the real worker: a filtered orders list to CSV and XLSX,
the caller's data scope, permissions, who may download the file, and bad input."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.support.customers import create_customer, hand_over
from tests.support.database import owner_sql, owner_value
from tests.support.exports import (
    EXPORTS,
    START_EXPORT,
    csv_rows,
    download,
    exported,
    finished_export,
    start_export,
)
from tests.support.graphql import GraphQLClient, colleague, invite_and_join
from tests.support.orders import Shop, confirmed_order, created, open_shop, order_input
from tests.support.rbac import create_role
from tests.support.stack import Mailbox, Stack

INBOX = """query Inbox { notifications(first: 20) { edges { node { kind title link } } } }"""


@pytest.fixture
def shop(api: GraphQLClient) -> Shop:
    return open_shop(api, stock="1000")


def test_an_orders_export_holds_exactly_the_filtered_orders_as_csv_and_xlsx(
    shop: Shop, stack: Stack
) -> None:
    owner = shop.owner
    confirmed = [confirmed_order(owner, shop) for _ in range(2)]
    draft = created(owner, order_input(shop, (shop.sku_id, "1")))
    assert draft["status"] == "DRAFT"

    export = exported(owner, "ORDERS", "CSV", {"status": "CONFIRMED"})
    assert export["rowCount"] == 2 and export["list"] == "ORDERS" and export["format"] == "CSV"
    response = download(stack, export["downloadUrl"], owner.access_token)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    rows = csv_rows(response.content)
    assert sorted(row["Number"] for row in rows) == sorted(o["number"] for o in confirmed)
    first = next(row for row in rows if row["Number"] == confirmed[0]["number"])
    assert first["Customer"] == "Harbour Supplies"
    assert first["Status"] == "confirmed"
    assert Decimal(first["Total"]) == Decimal(confirmed[0]["total"]["amount"])
    assert first["Currency"] == confirmed[0]["total"]["currency"]

    xlsx = exported(owner, "ORDERS", "XLSX", {"statuses": ["DRAFT"]})
    content = download(stack, xlsx["downloadUrl"], owner.access_token).content
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("Number", "Customer", "Status")
    assert [row[0] for row in values[1:]] == [draft["number"]]

    inbox = owner.client.data(INBOX)["notifications"]["edges"]
    ready = [edge["node"] for edge in inbox if edge["node"]["kind"] == "export_ready"]
    assert {node["title"] for node in ready} == {
        f"Export ready: {export['fileName']}",
        f"Export ready: {xlsx['fileName']}",
    }
    assert all(node["link"] == "/exports" for node in ready)


def test_a_sales_reps_export_has_only_their_customers_orders(
    shop: Shop, stack: Stack, mailbox: Mailbox
) -> None:
    owner = shop.owner
    theirs = confirmed_order(owner, shop)
    other_customer = create_customer(owner, "Quay Traders")["id"]
    created(owner, order_input(shop, (shop.sku_id, "1"), customerId=other_customer))
    rep = colleague(owner, mailbox, "sales")
    hand_over(owner, shop.customer_id, rep)

    export = exported(rep, "ORDERS", "CSV")
    rows = csv_rows(download(stack, export["downloadUrl"], rep.access_token).content)
    assert [row["Number"] for row in rows] == [theirs["number"]]


def test_only_the_user_who_asked_gets_the_export_or_its_file(
    shop: Shop, stack: Stack, mailbox: Mailbox, api: GraphQLClient
) -> None:
    owner = shop.owner
    export = exported(owner, "CUSTOMERS", "CSV", {"search": "Harbour"})
    assert [
        row["Name"]
        for row in csv_rows(download(stack, export["downloadUrl"], owner.access_token).content)
    ] == ["Harbour Supplies"]
    colleague_of_owner = colleague(owner, mailbox, "sales")
    stranger = open_shop(api).owner

    assert (
        download(stack, export["downloadUrl"], colleague_of_owner.access_token).status_code == 404
    )
    assert download(stack, export["downloadUrl"], stranger.access_token).status_code == 404
    assert download(stack, export["downloadUrl"], None).status_code in (401, 404)
    assert colleague_of_owner.client.data(EXPORTS)["exports"] == []


def test_a_user_who_may_not_read_the_list_is_refused(shop: Shop, mailbox: Mailbox) -> None:
    owner = shop.owner
    create_role(owner, "customer_reader", "customers:read")
    reader = invite_and_join(
        owner, mailbox, f"reader@{owner.slug}.example.com", "sales", roles=["customer_reader"]
    )
    variables = {"input": {"list": "ORDERS", "format": "CSV"}}
    assert reader.client.error_codes(START_EXPORT, variables) == ["FORBIDDEN"]
    assert reader.client.data(EXPORTS)["exports"] == []
    allowed = start_export(reader, "CUSTOMERS", "XLSX")
    assert allowed["userErrors"] == []
    assert finished_export(reader, allowed["export"]["id"])["status"] == "DONE"


@pytest.mark.parametrize(
    ("list_name", "file_format", "flt", "code"),
    [
        ("SHIPMENTS", "CSV", None, "UNKNOWN_LIST"),
        ("ORDERS", "PDF", None, "UNKNOWN_FORMAT"),
        ("ORDERS", "CSV", {"colour": "red"}, "INVALID_FILTER"),
        ("ORDERS", "CSV", {"status": "LOST"}, "INVALID_FILTER"),
        ("ORDERS", "CSV", {"createdFrom": "yesterday"}, "INVALID_FILTER"),
        ("ORDERS", "CSV", {"customerId": "not-an-id"}, "INVALID_FILTER"),
        ("PRODUCTS", "XLSX", {"active": "yes"}, "INVALID_FILTER"),
        ("AUDIT", "CSV", [1, 2], "INVALID_FILTER"),
    ],
)
def test_bad_input_is_refused_with_a_stable_code(
    shop: Shop, list_name: str, file_format: str, flt: object, code: str
) -> None:
    payload = start_export(shop.owner, list_name, file_format, flt)  # type: ignore[arg-type]
    assert payload["export"] is None
    assert [error["code"] for error in payload["userErrors"]] == [code]
    assert shop.owner.client.data(EXPORTS)["exports"] == []


def test_every_list_exports(shop: Shop) -> None:
    owner = shop.owner
    confirmed_order(owner, shop)
    for list_name in ("PRODUCTS", "INVOICES", "RECEIVABLES", "PAYMENTS", "AUDIT"):
        export = exported(owner, list_name, "XLSX")
        assert export["list"] == list_name
    audit = exported(owner, "AUDIT", "CSV", {"action": "orders.create"})
    assert audit["rowCount"] >= 1


def test_an_expired_export_is_gone_and_the_next_export_deletes_it(shop: Shop, stack: Stack) -> None:
    owner = shop.owner
    old = exported(owner, "PRODUCTS", "CSV")
    old_id = old["downloadUrl"].rsplit("/", 1)[-1]
    owner_sql(
        stack,
        "UPDATE exports SET expires_at = now() - interval '1 second' WHERE id = $1::uuid",
        old_id,
    )

    assert download(stack, old["downloadUrl"], owner.access_token).status_code == 404
    assert [e["id"] for e in owner.client.data(EXPORTS)["exports"]] == []
    exported(owner, "PRODUCTS", "CSV")
    assert owner_value(stack, "SELECT count(*) FROM exports WHERE id = $1::uuid", old_id) == 0


SET_MY_LOCALE = """mutation L($locale: String!) { setMyLocale(locale: $locale) {
  userErrors { code } } }"""


def test_a_chinese_speaking_user_gets_chinese_headers_and_notice(shop: Shop, stack: Stack) -> None:
    owner = shop.owner
    changed = owner.client.data(SET_MY_LOCALE, {"locale": "zh-CN"})["setMyLocale"]
    assert changed["userErrors"] == []
    confirmed = confirmed_order(owner, shop)

    export = exported(owner, "ORDERS", "CSV")
    rows = csv_rows(download(stack, export["downloadUrl"], owner.access_token).content)
    assert [(row["订单号"], row["客户"]) for row in rows] == [
        (confirmed["number"], "Harbour Supplies")
    ]
    inbox = owner.client.data(INBOX)["notifications"]["edges"]
    assert [edge["node"]["title"] for edge in inbox if edge["node"]["kind"] == "export_ready"] == [
        f"导出已完成：{export['fileName']}"  # noqa: RUF001
    ]
