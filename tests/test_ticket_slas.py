"""Ticket SLAs over GraphQL: the tenant's working calendar and policies, the clocks a ticket
gets (due times in business minutes, skipping a closed day), how replies and statuses move
them, a priority change re-applying the policy, a breach raised once by the worker even when
it is restarted, bad settings and other tenants. The minute arithmetic itself (weekends,
holidays, DST, pauses) is tested in test_business_hours.py and test_sla_clock.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.database import owner_sql, owner_value
from tests.support.graphql import GraphQLClient, TenantSession, colleague, row_id, sign_up
from tests.support.orders import Shop, customer, open_shop
from tests.support.stack import Mailbox, Stack
from tests.support.tickets import change_status, created_ticket, reply
from tests.support.waiting import wait_until

CLOCK_FIELDS = """metric targetMinutes startedAt dueAt pausedTotalMinutes pausedSince
  reachedAt breachedAt breached"""
CLOCKS = f"""query Clocks($id: ID!) {{ ticket(id: $id) {{ status priority
  slaClocks {{ {CLOCK_FIELDS} }} }} }}"""
SAVE_CALENDAR = """mutation Cal($input: SaveTicketCalendarInput!) {
  saveTicketCalendar(input: $input) { calendar { timeZone country subdivision closedDates
    isDefault weeklyHours { weekday opens closes } }
  userErrors { field code message } } }"""
CALENDAR = """query { ticketCalendar { timeZone isDefault weeklyHours { weekday opens closes }
  closedDates } }"""
SAVE_POLICY = """mutation Pol($input: SaveSlaPolicyInput!) { saveSlaPolicy(input: $input) {
  policy { id name position priorities categories fallback firstResponseMinutes
    nextResponseMinutes resolutionMinutes }
  userErrors { field code message } } }"""
POLICIES = """query { slaPolicies { id name fallback firstResponseMinutes } }"""
DELETE_POLICY = """mutation Del($id: ID!) { deleteSlaPolicy(id: $id) {
  policy { id } userErrors { field code } } }"""
UPDATE = """mutation U($input: UpdateTicketInput!) { updateTicket(input: $input) {
  ticket { priority } userErrors { field code } } }"""
BREACH_EVENTS = """SELECT count(*) FROM outbox_events
  WHERE type = 'ticket.sla_breached' AND payload->>'ticketId' = $1"""
NOTICES = "query N { notifications(first: 50) { edges { node { title link } } } }"
VIEWER_ID = "query Me { viewer { user { id } } }"
ALL_DAY = [{"weekday": day, "opens": "00:00:00", "closes": "00:00:00"} for day in range(7)]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def save_calendar(session: TenantSession, **fields: Any) -> dict[str, Any]:
    data = {"timeZone": "UTC", "weeklyHours": ALL_DAY, **fields}
    payload: dict[str, Any] = session.client.data(SAVE_CALENDAR, {"input": data})[
        "saveTicketCalendar"
    ]
    return payload


def save_policy(session: TenantSession, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(SAVE_POLICY, {"input": fields})["saveSlaPolicy"]
    return payload


def saved_policy(session: TenantSession, **fields: Any) -> dict[str, Any]:
    payload = save_policy(session, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    policy: dict[str, Any] = payload["policy"]
    return policy


def notice_titles(session: TenantSession) -> list[str]:
    edges = session.client.data(NOTICES)["notifications"]["edges"]
    return [edge["node"]["title"] for edge in edges]


def clocks(session: TenantSession, ticket_id: str) -> dict[str, dict[str, Any]]:
    ticket = session.client.data(CLOCKS, {"id": ticket_id})["ticket"]
    return {clock["metric"]: clock for clock in ticket["slaClocks"]}


@pytest.fixture
def shop(api: GraphQLClient) -> Shop:
    """A tenant whose support works around the clock except on one closed day, two days
    from now, with a fallback policy: first response 60 minutes, next response 30,
    resolution three days of business minutes."""
    opened = open_shop(api)
    closed = (datetime.now(UTC) + timedelta(days=2)).date()
    saved = save_calendar(opened.owner, closedDates=[closed.isoformat()])
    assert saved["userErrors"] == [], saved["userErrors"]
    saved_policy(
        opened.owner,
        name="Everyone",
        fallback=True,
        firstResponseMinutes=60,
        nextResponseMinutes=30,
        resolutionMinutes=3 * 1440,
    )
    return opened


def test_a_new_ticket_gets_clocks_due_in_business_minutes(shop: Shop) -> None:
    ticket = created_ticket(shop.owner.client, customer(shop.owner, "Quay Traders"))
    opened = at(ticket["createdAt"])
    found = clocks(shop.owner, ticket["id"])

    assert sorted(found) == ["FIRST_RESPONSE", "RESOLUTION"], "next response starts later"
    first, resolution = found["FIRST_RESPONSE"], found["RESOLUTION"]
    assert at(first["startedAt"]) == opened
    assert at(first["dueAt"]) == opened + timedelta(minutes=60)
    # Three days of business minutes, and the closed day two days on does not count.
    assert at(resolution["dueAt"]) == opened + timedelta(days=4)
    assert (first["breached"], first["reachedAt"], first["breachedAt"]) == (False, None, None)


def test_replies_and_statuses_move_the_clocks(shop: Shop) -> None:
    client = shop.owner.client
    ticket = created_ticket(client, customer(shop.owner, "Quay Traders"))

    change_status(client, ticket["id"], "PENDING_CUSTOMER")
    pending = clocks(shop.owner, ticket["id"])
    assert pending["RESOLUTION"]["pausedSince"] is not None, "pending pauses resolution"
    assert pending["FIRST_RESPONSE"]["pausedSince"] is None, "never the first response"

    change_status(client, ticket["id"], "OPEN")
    assert reply(client, ticket["id"], "We are on it.")["userErrors"] == []
    answered = clocks(shop.owner, ticket["id"])
    assert answered["RESOLUTION"]["pausedSince"] is None
    assert answered["RESOLUTION"]["pausedTotalMinutes"] >= 0
    assert answered["FIRST_RESPONSE"]["reachedAt"] is not None
    assert answered["RESOLUTION"]["reachedAt"] is None

    change_status(client, ticket["id"], "SOLVED", "ANSWERED")
    solved = clocks(shop.owner, ticket["id"])["RESOLUTION"]
    assert solved["reachedAt"] is not None and solved["breached"] is False

    reopened = client.data(
        """mutation R($id: ID!) { reopenTicket(ticketId: $id) { userErrors { code } } }""",
        {"id": ticket["id"]},
    )["reopenTicket"]
    assert reopened["userErrors"] == []
    running = clocks(shop.owner, ticket["id"])["RESOLUTION"]
    assert running["reachedAt"] is None and running["pausedSince"] is None
    assert at(running["dueAt"]) >= at(solved["dueAt"]), "the solved time does not count"


def test_a_priority_change_reapplies_the_policy_keeping_the_start(shop: Shop) -> None:
    saved_policy(
        shop.owner, name="Urgent", position=1, priorities=["URGENT"], firstResponseMinutes=15
    )
    ticket = created_ticket(shop.owner.client, customer(shop.owner, "Quay Traders"))
    before = clocks(shop.owner, ticket["id"])["FIRST_RESPONSE"]
    assert before["targetMinutes"] == 60, "normal priority: the fallback"

    changed = shop.owner.client.data(
        UPDATE, {"input": {"ticketId": ticket["id"], "priority": "URGENT"}}
    )["updateTicket"]
    assert changed["userErrors"] == []
    after = clocks(shop.owner, ticket["id"])["FIRST_RESPONSE"]
    assert after["targetMinutes"] == 15
    assert after["startedAt"] == before["startedAt"]
    assert at(after["dueAt"]) == at(before["startedAt"]) + timedelta(minutes=15)


def test_a_breach_is_raised_once_even_across_a_worker_restart(
    shop: Shop, stack: Stack, mailbox: Mailbox
) -> None:
    """The owner (here also the one who may assign tickets: the team lead) hears of it once,
    in the console and by email."""
    owner_id = shop.owner.client.data(VIEWER_ID)["viewer"]["user"]["id"]
    ticket = created_ticket(
        shop.owner.client, customer(shop.owner, "Quay Traders"), ownerId=owner_id
    )
    ticket_id = row_id(ticket["id"])
    # As if an hour had passed: the first response is five minutes overdue.
    overdue = datetime.now(UTC) - timedelta(minutes=5)
    for table in ("ticket_sla_clocks", "ticket_sla_due"):
        owner_sql(
            stack,
            f"UPDATE {table} SET due_at = $2 "
            "WHERE ticket_id = $1::uuid AND metric = 'first_response'",
            ticket_id,
            overdue,
        )

    wait_until(
        lambda: clocks(shop.owner, ticket["id"])["FIRST_RESPONSE"]["breachedAt"], 30, "breach"
    )
    first = clocks(shop.owner, ticket["id"])["FIRST_RESPONSE"]
    assert at(first["breachedAt"]) == overdue, "the due time it missed"
    assert first["breached"] is True
    assert owner_value(stack, BREACH_EVENTS, ticket_id) == 1
    title = f"Ticket {ticket['number']} missed its first response target"
    wait_until(lambda: mailbox.matching(shop.owner.email, title), 30, "the breach email")
    assert notice_titles(shop.owner).count(title) == 1

    # A worker killed before it cleaned up would leave the pointer behind: the restarted
    # worker finds the breach already recorded and raises nothing new.
    stack.stop("worker", kill=True)
    owner_sql(
        stack,
        "INSERT INTO ticket_sla_due (tenant_id, ticket_id, metric, due_at) "
        "SELECT tenant_id, ticket_id, metric, due_at FROM ticket_sla_clocks "
        "WHERE ticket_id = $1::uuid AND metric = 'first_response'",
        ticket_id,
    )
    stack.start("worker", "worker")
    wait_until(
        lambda: (
            not owner_sql(
                stack,
                "SELECT 1 FROM ticket_sla_due "
                "WHERE ticket_id = $1::uuid AND metric = 'first_response'",
                ticket_id,
            )
        ),
        60,
        "the restarted worker to look at the clock",
    )
    assert owner_value(stack, BREACH_EVENTS, ticket_id) == 1
    assert clocks(shop.owner, ticket["id"])["RESOLUTION"]["breachedAt"] is None
    assert notice_titles(shop.owner).count(title) == 1
    assert len(mailbox.matching(shop.owner.email, title)) == 1


def test_settings_refuse_bad_input_and_need_the_permission(
    api: GraphQLClient, mailbox: Mailbox, shop: Shop
) -> None:
    codes = lambda payload: [(e["code"], e["field"]) for e in payload["userErrors"]]  # noqa: E731
    assert codes(save_calendar(shop.owner, timeZone="Mars/Olympus")) == [
        ("UNKNOWN_TIME_ZONE", ["timeZone"])
    ]
    overlapping = [
        {"weekday": 0, "opens": "09:00:00", "closes": "13:00:00"},
        {"weekday": 0, "opens": "12:00:00", "closes": "18:00:00"},
    ]
    assert [c for c, _ in codes(save_calendar(shop.owner, weeklyHours=overlapping))] == [
        "OVERLAPPING_HOURS"
    ]
    assert [c for c, _ in codes(save_calendar(shop.owner, country="XX"))] == ["UNKNOWN_COUNTRY"]
    calendar = shop.owner.client.data(CALENDAR)["ticketCalendar"]
    assert calendar["isDefault"] is False and len(calendar["weeklyHours"]) == 7, "unchanged"

    assert codes(save_policy(shop.owner, name="Empty")) == [("NO_TARGET", None)]
    assert codes(save_policy(shop.owner, name=" ", firstResponseMinutes=0)) == [
        ("EMPTY_NAME", ["name"]),
        ("INVALID_TARGET", ["firstResponseMinutes"]),
    ]
    assert codes(
        save_policy(shop.owner, name="Parts", categories=["spares"], resolutionMinutes=9)
    ) == [("UNKNOWN_CATEGORY", ["categories", "0"])]
    assert [p["name"] for p in shop.owner.client.data(POLICIES)["slaPolicies"]] == ["Everyone"]

    seller = colleague(shop.owner, mailbox, "sales")
    assert seller.client.error_codes(
        SAVE_POLICY, {"input": {"name": "Mine", "resolutionMinutes": 5}}
    ) == ["FORBIDDEN"]


def test_a_new_fallback_replaces_the_old_and_other_tenants_see_nothing(
    api: GraphQLClient, shop: Shop
) -> None:
    newer = saved_policy(shop.owner, name="Standard", fallback=True, firstResponseMinutes=120)
    fallbacks = [
        p["name"] for p in shop.owner.client.data(POLICIES)["slaPolicies"] if p["fallback"]
    ]
    assert fallbacks == ["Standard"]

    other = sign_up(api)
    assert other.client.data(POLICIES)["slaPolicies"] == []
    assert other.client.data(CALENDAR)["ticketCalendar"]["isDefault"] is True
    assert other.client.error_codes(DELETE_POLICY, {"id": newer["id"]}) == ["NOT_FOUND"]
    deleted = shop.owner.client.data(DELETE_POLICY, {"id": newer["id"]})["deleteSlaPolicy"]
    assert deleted["userErrors"] == []
    assert [p["name"] for p in shop.owner.client.data(POLICIES)["slaPolicies"]] == ["Everyone"]


DUE_SOON = """query Due($minutes: Int!) { tickets(first: 50,
  filter: {dueWithinMinutes: $minutes}) { edges { node { number } } } }"""


def test_the_inbox_finds_tickets_breaching_soon(shop: Shop, stack: Stack) -> None:
    client = shop.owner.client
    waiting = created_ticket(client, customer(shop.owner, "Quay Traders"))
    answered = created_ticket(client, customer(shop.owner, "Harbour Ltd"))
    assert reply(client, answered["id"], "Done already.")["userErrors"] == []

    def due_within(minutes: int) -> list[str]:
        edges = client.data(DUE_SOON, {"minutes": minutes})["tickets"]["edges"]
        return [edge["node"]["number"] for edge in edges]

    # The first response is due in an hour; the answered one's resolution in four days.
    assert due_within(120) == [waiting["number"]]
    assert due_within(0) == []
    owner_sql(
        stack,
        "UPDATE ticket_sla_clocks SET due_at = now() - interval '1 minute' "
        "WHERE ticket_id = $1::uuid AND metric = 'first_response'",
        row_id(waiting["id"]),
    )
    assert due_within(0) == [waiting["number"]], "overdue counts as breaching"
    assert sorted(due_within(7 * 1440)) == sorted([waiting["number"], answered["number"]])


REPORT = """query Report($from: DateTime!, $to: DateTime!) { supportReport(from: $from, to: $to) {
  ticketsOpened complaints deliveredOrders complaintsPerHundredOrders
  firstResponse { count medianMinutes p90Minutes }
  resolution { count medianMinutes p90Minutes }
  slaByOwner { met missed percentMet owner { email } } } }"""


def test_the_support_report_measures_in_business_minutes(shop: Shop, stack: Stack) -> None:
    client = shop.owner.client
    owner_id = client.data(VIEWER_ID)["viewer"]["user"]["id"]
    buyer = customer(shop.owner, "Quay Traders")
    late = created_ticket(client, buyer, ownerId=owner_id)
    quick = created_ticket(client, buyer)
    created_ticket(client, buyer, category="quality")
    # Opened 90 and 30 minutes ago (the calendar is open around the clock here); the late
    # one's first response was due a minute ago.
    for ticket, minutes in ((late, 90), (quick, 30)):
        owner_sql(
            stack,
            "UPDATE tickets SET created_at = now() - $2 * interval '1 minute' WHERE id = $1::uuid",
            row_id(ticket["id"]),
            minutes,
        )
    owner_sql(
        stack,
        "UPDATE ticket_sla_clocks SET due_at = now() - interval '1 minute' "
        "WHERE ticket_id = $1::uuid AND metric = 'first_response'",
        row_id(late["id"]),
    )
    for ticket in (late, quick):
        assert reply(client, ticket["id"], "Looking into it.")["userErrors"] == []
    change_status(client, quick["id"], "SOLVED", "ANSWERED")

    now = datetime.now(UTC)
    window = {
        "from": (now - timedelta(days=1)).isoformat(),
        "to": (now + timedelta(hours=1)).isoformat(),
    }
    figures = client.data(REPORT, window)["supportReport"]

    assert figures["ticketsOpened"] == 3
    assert figures["firstResponse"] == {"count": 2, "medianMinutes": 30, "p90Minutes": 90}
    assert figures["resolution"] == {"count": 1, "medianMinutes": 30, "p90Minutes": 30}
    mine = next(s for s in figures["slaByOwner"] if s["owner"])
    assert (mine["owner"]["email"], mine["met"], mine["missed"]) == (shop.owner.email, 0, 1)
    nobodys = next(s for s in figures["slaByOwner"] if s["owner"] is None)
    assert (nobodys["met"], nobodys["missed"], nobodys["percentMet"]) == (2, 0, "100.0")
    assert (figures["complaints"], figures["deliveredOrders"]) == (1, 0)
    assert figures["complaintsPerHundredOrders"] is None

    backwards = {"from": window["to"], "to": window["from"]}
    assert client.error_codes(REPORT, backwards) == ["INVALID_PERIOD"]
