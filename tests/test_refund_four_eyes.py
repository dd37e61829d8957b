"""Four-eyes refunds (a tenant setting, on by default): whoever asked for a refund cannot pay
it out; someone else with refunds:execute does. An admin may turn it off in Settings."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import GraphQLClient, TenantSession, colleague
from tests.support.payments import paid_by_transfer
from tests.support.stack import Mailbox

REQUEST = """mutation R($input: RequestRefundInput!) { requestRefund(input: $input) {
  refund { id status requestedByViewer } userErrors { field code message } } }"""
EXECUTE = """mutation E($input: ExecuteRefundInput!) { executeRefund(input: $input) {
  refund { id status } userErrors { field code message } } }"""
REFUND = """query N($id: ID!) { node(id: $id) { ... on Refund { status requestedByViewer } } }"""
SETTINGS = "query { refundSettings { fourEyes } }"
UPDATE = """mutation U($input: UpdateRefundSettingsInput!) { updateRefundSettings(input: $input) {
  settings { fourEyes } userErrors { code } } }"""
AUDIT = """query { auditLog(first: 20) { edges { node { action } } } }"""


def requested(session: TenantSession, payment_id: str, amount: str) -> dict[str, Any]:
    payload = session.client.data(
        REQUEST, {"input": {"paymentId": payment_id, "amount": amount, "reason": "RETURN"}}
    )["requestRefund"]
    assert payload["userErrors"] == [], payload
    refund: dict[str, Any] = payload["refund"]
    return refund


def execute(session: TenantSession, refund_id: str) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        EXECUTE, {"input": {"refundId": refund_id, "externalReference": "SEPA-77"}}
    )["executeRefund"]
    return payload


def test_who_requested_a_refund_cannot_execute_it_and_a_colleague_can(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, _, payment_id = paid_by_transfer(api)
    finance = colleague(shop.owner, mailbox, "finance")
    assert finance.client.data(SETTINGS)["refundSettings"] == {"fourEyes": True}

    refund = requested(finance, payment_id, "5.00")
    assert refund["requestedByViewer"] is True
    refused = execute(finance, refund["id"])

    [error] = refused["userErrors"]
    assert (error["field"][-1], error["code"]) == ("refundId", "REQUESTER_CANNOT_EXECUTE")
    assert "someone else" in error["message"]
    assert refused["refund"] is None
    seen_by_owner = shop.owner.client.data(REFUND, {"id": refund["id"]})["node"]
    assert seen_by_owner == {"status": "REQUESTED", "requestedByViewer": False}
    assert execute(shop.owner, refund["id"])["refund"]["status"] == "SUCCEEDED"


def test_an_admin_turns_four_eyes_off_and_the_requester_may_execute(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, _, payment_id = paid_by_transfer(api)
    finance = colleague(shop.owner, mailbox, "finance")
    assert finance.client.error_codes(UPDATE, {"input": {"fourEyes": False}}) == ["FORBIDDEN"]
    assert shop.owner.client.error_codes(UPDATE, {"input": {"fourEyes": "no"}})

    turned_off = shop.owner.client.data(UPDATE, {"input": {"fourEyes": False}})
    assert turned_off["updateRefundSettings"] == {"settings": {"fourEyes": False}, "userErrors": []}
    refund = requested(finance, payment_id, "5.00")

    assert execute(finance, refund["id"])["refund"]["status"] == "SUCCEEDED"
    assert finance.client.data(SETTINGS)["refundSettings"] == {"fourEyes": False}
    actions = [e["node"]["action"] for e in shop.owner.client.data(AUDIT)["auditLog"]["edges"]]
    assert "refunds.update_settings" in actions
