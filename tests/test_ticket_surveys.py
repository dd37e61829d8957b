"""Satisfaction surveys over GraphQL, the real worker and SMTP: solving a ticket schedules a
survey that the worker emails once (even across a restart) with a link that needs no
sign-in; answering through it, changing the answer (a new version), an expired or forged
link, staff who may not rate, a reopened ticket's survey dropped before it went out, the
portal's own answer form, other tenants, and the CSAT figures of the support report."""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.database import owner_sql, owner_value
from tests.support.demo import demo_logins
from tests.support.demo import log_in as demo_log_in
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    colleague,
    global_id,
    row_id,
    sign_up,
)
from tests.support.orders import open_shop
from tests.support.portal import Buyer, register_buyer
from tests.support.services import run_periodic_job
from tests.support.stack import Mailbox, Stack, body_text
from tests.support.tickets import REOPEN, UPDATE_TICKET, change_status, portal_create
from tests.support.waiting import wait_until
from tickets.jobs import send_ticket_surveys

VIEWER_ID = "query Me { viewer { user { id } } }"
SAVE_SETTINGS = """mutation S($input: SaveTicketSurveySettingsInput!) {
  saveTicketSurveySettings(input: $input) { settings { delayHours validityDays scale }
    userErrors { field code } } }"""
SETTINGS = "query { ticketSurveySettings { delayHours validityDays scale } }"
CUSTOMER_SURVEY = """ticketNumber ticketSubject tenantName scale ratings answered rating reason
  comment answeredAt expiresAt expired"""
SURVEY = f"query Survey($token: String!) {{ survey(token: $token) {{ {CUSTOMER_SURVEY} }} }}"
ANSWER = f"""mutation Answer($input: AnswerSurveyInput!) {{ answerSurvey(input: $input) {{
  survey {{ {CUSTOMER_SURVEY} }} userErrors {{ field code message }} }} }}"""
PORTAL_ANSWER = f"""mutation PortalAnswer($input: PortalAnswerSurveyInput!) {{
  portalAnswerSurvey(input: $input) {{ survey {{ {CUSTOMER_SURVEY} }}
  userErrors {{ field code message }} }} }}"""
PORTAL_SURVEY = f"""query P($id: ID!) {{ portalTicket(id: $id) {{ number
  survey {{ {CUSTOMER_SURVEY} }} }} }}"""
STAFF_SURVEY = """query T($id: ID!) { ticket(id: $id) { number solvedAt survey {
  sendAt sentAt expiresAt scale answered rating good reason comment answeredAt version
  owner { email } } } }"""
RESULTS = """query R($from: DateTime!, $to: DateTime!, $owner: ID) {
  csatResults(from: $from, to: $to, ownerId: $owner) {
    figures { sent answered good csatPercent responseRate }
    byOwner { sent answered good csatPercent responseRate owner { email } }
    answers { ticketNumber rating good reason comment version owner { email }
      customer { name } } } }"""
REPORT = """query Report($from: DateTime!, $to: DateTime!) { supportReport(from: $from, to: $to) {
  csat { sent answered good csatPercent responseRate }
  csatByOwner { sent answered good csatPercent responseRate owner { email } } } }"""
LINK = re.compile(r"/portal/([a-z0-9-]+)/survey/([A-Za-z0-9_.\-]+)")


@dataclass
class Desk:
    """A shop whose surveys go out at once, its owner (who owns the tickets) and a
    customer signed in to the portal."""

    owner: TenantSession
    owner_id: str
    buyer: Buyer


def save_settings(session: TenantSession, **fields: Any) -> dict[str, Any]:
    data = {"delayHours": 0, "validityDays": 28, "scale": "GOOD_BAD", **fields}
    payload: dict[str, Any] = session.client.data(SAVE_SETTINGS, {"input": data})[
        "saveTicketSurveySettings"
    ]
    return payload


def new_desk(api: GraphQLClient, mailbox: Mailbox, **settings: Any) -> Desk:
    shop = open_shop(api)
    saved = save_settings(shop.owner, **settings)
    assert saved["userErrors"] == [], saved["userErrors"]
    owner_id = shop.owner.client.data(VIEWER_ID)["viewer"]["user"]["id"]
    buyer = register_buyer(api, mailbox, shop.owner, "Heron Supplies")
    return Desk(shop.owner, owner_id, buyer)


@pytest.fixture(scope="module")
def desk(api: GraphQLClient, mailbox: Mailbox) -> Desk:
    return new_desk(api, mailbox)


def solved_ticket(desk: Desk, subject: str = "Box arrived crushed") -> dict[str, str]:
    """A ticket the customer opened in the portal, owned by the shop's owner, solved."""
    opened = portal_create(desk.buyer.portal, subject=subject)
    assert opened["userErrors"] == [], opened["userErrors"]
    ticket_id = global_id("Ticket", opened["ticket"]["id"])
    assigned = desk.owner.client.data(
        UPDATE_TICKET, {"input": {"ticketId": ticket_id, "ownerId": desk.owner_id}}
    )["updateTicket"]
    assert assigned["userErrors"] == [], assigned["userErrors"]
    solved = change_status(desk.owner.client, ticket_id, "SOLVED", "FIXED")
    assert solved["userErrors"] == [], solved["userErrors"]
    return {
        "id": ticket_id,
        "portalId": opened["ticket"]["id"],
        "number": opened["ticket"]["number"],
    }


def survey_emails(mailbox: Mailbox, desk: Desk, number: str) -> list[Any]:
    return mailbox.matching(desk.buyer.email, f"[{number}] How did")


def survey_token(stack: Stack, mailbox: Mailbox, desk: Desk, number: str) -> str:
    """The link token of the ticket's survey mail, once the survey job has sent what is due."""
    run_periodic_job(stack, send_ticket_surveys)
    [message] = mailbox.wait_for(desk.buyer.email, f"[{number}] How did")
    match = LINK.search(body_text(message))
    assert match, body_text(message)
    assert match.group(1) == desk.owner.slug
    return match.group(2)


def answer(client: GraphQLClient, token: str, rating: str, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = client.data(
        ANSWER, {"input": {"token": token, "rating": rating, **fields}}
    )["answerSurvey"]
    return payload


def codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


def staff_survey(session: TenantSession, ticket_id: str) -> dict[str, Any] | None:
    survey: dict[str, Any] | None = session.client.data(STAFF_SURVEY, {"id": ticket_id})["ticket"][
        "survey"
    ]
    return survey


def window() -> dict[str, str]:
    now = datetime.now(UTC)
    return {
        "from": (now - timedelta(hours=1)).isoformat(),
        "to": (now + timedelta(hours=1)).isoformat(),
    }


def test_a_solved_ticket_gets_one_survey_email_answered_through_its_link(
    api: GraphQLClient, desk: Desk, mailbox: Mailbox, stack: Stack
) -> None:
    ticket = solved_ticket(desk)
    token = survey_token(stack, mailbox, desk, ticket["number"])
    anonymous = GraphQLClient(stack.base_url)

    shown = anonymous.data(SURVEY, {"token": token})["survey"]
    assert (shown["ticketNumber"], shown["ticketSubject"]) == (
        ticket["number"],
        "Box arrived crushed",
    )
    assert (shown["scale"], shown["ratings"], shown["answered"]) == (
        "GOOD_BAD",
        ["GOOD", "BAD"],
        False,
    )
    assert shown["expired"] is False
    assert datetime.fromisoformat(shown["expiresAt"]) > datetime.now(UTC) + timedelta(days=27)

    assert codes(answer(anonymous, token, "BAD")) == ["REASON_REQUIRED"]
    first = answer(anonymous, token, "BAD", reason="SLOW", comment="Took a week.")
    assert first["userErrors"] == []
    assert (first["survey"]["answered"], first["survey"]["rating"]) == (True, "BAD")
    seen = staff_survey(desk.owner, ticket["id"])
    assert seen is not None
    assert (seen["rating"], seen["reason"], seen["comment"], seen["version"]) == (
        "BAD",
        "SLOW",
        "Took a week.",
        1,
    )
    assert seen["owner"] == {"email": desk.owner.email}, "the owner at solving"

    # Changing one's mind keeps the first answer as version 1.
    assert codes(answer(anonymous, token, "GOOD", reason="SLOW")) == ["REASON_NOT_ALLOWED"]
    assert answer(anonymous, token, "GOOD", comment="Sorted after all.")["userErrors"] == []
    seen = staff_survey(desk.owner, ticket["id"])
    assert seen is not None
    assert (seen["rating"], seen["good"], seen["reason"], seen["version"]) == (
        "GOOD",
        True,
        None,
        2,
    )
    versions = owner_sql(
        stack,
        "SELECT a.version, a.rating FROM ticket_survey_answers a JOIN ticket_surveys s "
        "ON s.id = a.survey_id WHERE s.ticket_id = $1::uuid ORDER BY a.version",
        row_id(ticket["id"]),
    )
    assert [(r["version"], r["rating"]) for r in versions] == [(1, "BAD"), (2, "GOOD")]

    # Only the token's hash is stored.
    digest = hashlib.sha256(token.encode()).hexdigest()
    stored = owner_value(
        stack,
        "SELECT token_hash FROM ticket_surveys WHERE ticket_id = $1::uuid",
        row_id(ticket["id"]),
    )
    assert stored == digest and token not in stored

    # A worker killed after sending would leave nothing behind to send again; even with the
    # pointer put back, the restarted worker sends no second email.
    stack.stop("worker", kill=True)
    owner_sql(
        stack,
        "INSERT INTO ticket_survey_due (tenant_id, survey_id, send_at) "
        "SELECT tenant_id, id, send_at FROM ticket_surveys WHERE ticket_id = $1::uuid",
        row_id(ticket["id"]),
    )
    stack.start("worker", "worker")
    wait_until(
        lambda: (
            not owner_sql(
                stack,
                "SELECT 1 FROM ticket_survey_due d JOIN ticket_surveys s ON s.id = d.survey_id "
                "WHERE s.ticket_id = $1::uuid",
                row_id(ticket["id"]),
            )
        ),
        60,
        "the restarted worker to look at the survey",
    )
    assert len(survey_emails(mailbox, desk, ticket["number"])) == 1
    assert (
        owner_value(
            stack,
            "SELECT count(*) FROM outbox_events WHERE type = 'ticket.survey_sent' "
            "AND payload->>'ticketId' = $1",
            row_id(ticket["id"]),
        )
        == 1
    )


def test_expired_forged_and_staff_answers_are_refused(
    desk: Desk, mailbox: Mailbox, stack: Stack
) -> None:
    ticket = solved_ticket(desk, "Wrong colour")
    token = survey_token(stack, mailbox, desk, ticket["number"])
    anonymous = GraphQLClient(stack.base_url)

    assert codes(answer(desk.owner.client, token, "GOOD")) == ["STAFF_CANNOT_RATE"]
    assert codes(answer(anonymous, token, "5")) == ["INVALID_RATING"]
    tenant_prefix = token.partition(".")[0]
    forged = f"{tenant_prefix}.{uuid.uuid4().hex}"
    for bad in (forged, "not-a-token", f"{uuid.uuid4().hex}.{token.partition('.')[2]}"):
        assert anonymous.data(SURVEY, {"token": bad})["survey"] is None
        assert codes(answer(anonymous, bad, "GOOD")) == ["SURVEY_NOT_FOUND"]

    # The customer's own portal contact may answer through the link too.
    assert answer(desk.buyer.portal, token, "GOOD")["userErrors"] == []

    owner_sql(
        stack,
        "UPDATE ticket_surveys SET expires_at = now() - interval '1 minute' "
        "WHERE ticket_id = $1::uuid",
        row_id(ticket["id"]),
    )
    assert anonymous.data(SURVEY, {"token": token})["survey"]["expired"] is True
    assert codes(answer(anonymous, token, "BAD", reason="OTHER")) == ["SURVEY_EXPIRED"]
    seen = staff_survey(desk.owner, ticket["id"])
    assert seen is not None and (seen["rating"], seen["version"]) == ("GOOD", 1)


def test_reopening_before_the_survey_went_out_drops_it(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    desk = new_desk(api, mailbox, delayHours=24)
    ticket = solved_ticket(desk)
    scheduled = staff_survey(desk.owner, ticket["id"])
    assert scheduled is not None and scheduled["sentAt"] is None
    solved_at = desk.owner.client.data(STAFF_SURVEY, {"id": ticket["id"]})["ticket"]["solvedAt"]
    assert datetime.fromisoformat(scheduled["sendAt"]) == datetime.fromisoformat(
        solved_at
    ) + timedelta(hours=24)

    reopened = desk.owner.client.data(REOPEN, {"id": ticket["id"]})["reopenTicket"]
    assert reopened["userErrors"] == []
    assert staff_survey(desk.owner, ticket["id"]) is None
    pointers = "SELECT count(*) FROM ticket_survey_due WHERE tenant_id = $1::uuid"
    tenant_id = owner_value(
        stack, "SELECT tenant_id FROM tickets WHERE id = $1::uuid", row_id(ticket["id"])
    )
    assert owner_value(stack, pointers, str(tenant_id)) == 0

    # Solved again, and due now: it goes out once, to the customer.
    assert change_status(desk.owner.client, ticket["id"], "SOLVED", "FIXED")["userErrors"] == []
    owner_sql(
        stack,
        "UPDATE ticket_survey_due SET send_at = now() WHERE tenant_id = $1::uuid",
        str(tenant_id),
    )
    survey_token(stack, mailbox, desk, ticket["number"])
    sent = staff_survey(desk.owner, ticket["id"])
    assert sent is not None and sent["sentAt"] is not None


def test_the_portal_asks_on_the_ticket_page_on_a_five_point_scale(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    desk = new_desk(api, mailbox, scale="FIVE_POINT", validityDays=3)
    ticket = solved_ticket(desk)
    survey_token(stack, mailbox, desk, ticket["number"])
    page = desk.buyer.portal.data(PORTAL_SURVEY, {"id": ticket["portalId"]})["portalTicket"]
    assert page["survey"]["ratings"] == ["1", "2", "3", "4", "5"]
    assert page["survey"]["answered"] is False
    assert datetime.fromisoformat(page["survey"]["expiresAt"]) < datetime.now(UTC) + timedelta(
        days=3, minutes=1
    )

    def portal_answer(client: GraphQLClient, rating: str, **fields: Any) -> dict[str, Any]:
        data = {"ticketId": ticket["portalId"], "rating": rating, **fields}
        payload: dict[str, Any] = client.data(PORTAL_ANSWER, {"input": data})["portalAnswerSurvey"]
        return payload

    assert codes(portal_answer(desk.buyer.portal, "2")) == ["REASON_REQUIRED"]
    assert codes(portal_answer(desk.buyer.portal, "GOOD")) == ["INVALID_RATING"]
    answered = portal_answer(desk.buyer.portal, "4", comment="Fine.")
    assert answered["userErrors"] == [] and answered["survey"]["rating"] == "4"
    seen = staff_survey(desk.owner, ticket["id"])
    assert seen is not None and (seen["rating"], seen["good"]) == ("4", True)

    rival = register_buyer(api, mailbox, desk.owner, "Crane Supplies")
    assert rival.portal.error_codes(
        PORTAL_ANSWER, {"input": {"ticketId": ticket["portalId"], "rating": "1"}}
    ) == ["NOT_FOUND"]
    assert codes(portal_answer(desk.owner.client, "5")) == ["STAFF_CANNOT_RATE"]


def test_csat_figures_per_owner_and_other_tenants_see_none(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    desk = new_desk(api, mailbox)
    anonymous = GraphQLClient(stack.base_url)
    tickets = [solved_ticket(desk, f"Problem {n}") for n in range(3)]
    tokens = [survey_token(stack, mailbox, desk, t["number"]) for t in tickets]
    assert answer(anonymous, tokens[0], "GOOD")["userErrors"] == []
    assert answer(anonymous, tokens[1], "BAD", reason="NOT_RESOLVED")["userErrors"] == []
    # The third stays unanswered; a changed answer counts once, as it stands now.
    assert answer(anonymous, tokens[1], "BAD", reason="UNFRIENDLY")["userErrors"] == []

    figures = desk.owner.client.data(REPORT, window())["supportReport"]
    overall = {"sent": 3, "answered": 2, "good": 1, "csatPercent": "50.0", "responseRate": "66.7"}
    assert figures["csat"] == overall
    assert figures["csatByOwner"] == [{**overall, "owner": {"email": desk.owner.email}}]

    results = desk.owner.client.data(RESULTS, {**window(), "owner": desk.owner_id})["csatResults"]
    assert results["figures"] == overall
    assert [
        (a["ticketNumber"], a["rating"], a["reason"], a["version"]) for a in results["answers"]
    ] == [
        (tickets[1]["number"], "BAD", "UNFRIENDLY", 2),
        (tickets[0]["number"], "GOOD", None, 1),
    ]
    assert results["answers"][0]["customer"] == {"name": "Heron Supplies"}
    assert results["answers"][0]["owner"] == {"email": desk.owner.email}

    other = sign_up(api)
    theirs = other.client.data(RESULTS, window())["csatResults"]
    assert theirs["figures"]["sent"] == 0 and theirs["answers"] == []
    assert other.client.data(STAFF_SURVEY, {"id": tickets[0]["id"]})["ticket"] is None
    assert codes(answer(other.client, tokens[2], "GOOD")) == ["STAFF_CANNOT_RATE"]
    # Another tenant's id in front of this tenant's secret finds nothing.
    other_id = other.client.data("query { tenant { id } }")["tenant"]["id"]
    swapped = f"{uuid.UUID(other_id).hex}.{tokens[2].partition('.')[2]}"
    assert anonymous.data(SURVEY, {"token": swapped})["survey"] is None
    assert codes(answer(anonymous, swapped, "GOOD")) == ["SURVEY_NOT_FOUND"]


def test_settings_refuse_bad_values_and_need_the_permission(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    tenant = sign_up(api)
    assert tenant.client.data(SETTINGS)["ticketSurveySettings"] == {
        "delayHours": 24,
        "validityDays": 28,
        "scale": "GOOD_BAD",
    }
    refused = save_settings(tenant, delayHours=-1, validityDays=0)
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("INVALID_DELAY", ["delayHours"]),
        ("INVALID_VALIDITY", ["validityDays"]),
    ]
    saved = save_settings(tenant, delayHours=2, validityDays=7, scale="FIVE_POINT")
    assert saved["settings"] == {"delayHours": 2, "validityDays": 7, "scale": "FIVE_POINT"}
    assert tenant.client.data(SETTINGS)["ticketSurveySettings"]["scale"] == "FIVE_POINT"
    seller = colleague(tenant, mailbox, "sales")
    assert seller.client.error_codes(
        SAVE_SETTINGS, {"input": {"delayHours": 1, "validityDays": 1, "scale": "GOOD_BAD"}}
    ) == ["FORBIDDEN"]


SET_LANGUAGE = """mutation Language($locale: String) { setPortalLanguage(locale: $locale) {
  contact { locale } userErrors { code } } }"""


def test_the_survey_email_is_in_the_contacts_language(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    desk = new_desk(api, mailbox)
    chosen = desk.buyer.portal.data(SET_LANGUAGE, {"locale": "zh-CN"})["setPortalLanguage"]
    assert chosen["userErrors"] == []
    ticket = solved_ticket(desk)
    run_periodic_job(stack, send_ticket_surveys)
    [message] = mailbox.wait_for(desk.buyer.email, f"[{ticket['number']}] 您对")
    text = body_text(message)
    assert "已解决" in text and "28 天内有效" in text
    match = LINK.search(text)
    assert match is not None
    shown = GraphQLClient(stack.base_url).data(SURVEY, {"token": match.group(2)})["survey"]
    assert shown["ticketNumber"] == ticket["number"]


DEMO_SURVEYS = """query { tickets(first: 50, filter: {statuses: [SOLVED, CLOSED]}) { edges { node {
  subject survey { sentAt rating comment } } } } }"""


@pytest.mark.timeout(300)
def test_the_demo_has_an_answered_survey_and_one_awaiting_an_answer(
    api: GraphQLClient, stack: Stack
) -> None:
    logins = demo_logins(stack)
    support = demo_log_in(api, logins, "support@demo.example.com")
    edges = support.data(DEMO_SURVEYS)["tickets"]["edges"]
    surveys = {edge["node"]["subject"]: edge["node"]["survey"] for edge in edges}
    answered = surveys["Toner cartridge arrived damaged"]
    assert (answered["rating"], answered["comment"]) == ("GOOD", "Quick refund, thank you.")
    waiting = surveys["Need a quote for 200 staplers"]
    assert waiting["sentAt"] is not None and waiting["rating"] is None
    results = support.data(RESULTS, window())["csatResults"]
    assert results["figures"]["sent"] >= 2 and results["figures"]["answered"] >= 1
