"""Support tickets as staff and integrators meet them over GraphQL: opening a ticket about a
customer's order, replying (the customer is emailed) and writing internal notes, moving it
to solved and closed and reopening it, assigning it, the tenant's categories, the list's
filters, what other tenants and roles cannot do, and a list page's statement count."""

from __future__ import annotations

import json
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.support.api_clients import create_client
from tests.support.customers import (
    CREATE_CUSTOMER,
    VIEWER_ID,
    contact,
    hand_over,
    unique_email,
)
from tests.support.database import owner_sql
from tests.support.demo import DEMO_ROLE_USERS, demo_logins, log_in, portal_log_in
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    colleague,
    errors_of,
    global_id,
    invite_and_join,
    row_id,
    row_uuid,
    sign_up,
    staff_email,
)
from tests.support.metrics import statements_so_far
from tests.support.orders import Shop, confirmed_order, open_shop
from tests.support.rbac import create_role
from tests.support.stack import Mailbox, Stack, body_text
from tests.support.tickets import (
    BY_NUMBER,
    CATEGORIES,
    CHANGE_STATUS,
    PORTAL_TICKETS,
    REOPEN,
    REPLY,
    SAVE_CATEGORY,
    TICKET,
    TICKET_NODE,
    TICKETS,
    UPDATE_TICKET,
    change_status,
    create_ticket,
    created_ticket,
    reply,
)

AUDIT = """query Audit($action: String!) { auditLog(filter: {action: $action}) {
  edges { node { action targetType targetId subject { label } } } } }"""
DEPARTMENTS = "query Departments { departments { id key } }"
ORDER_TICKETS = """query OrderTickets($id: ID!) { node(id: $id) { ... on Order {
  tickets { id number } } } }"""
CUSTOMER_TICKETS = """query CustomerTickets($id: ID!) { node(id: $id) { ... on Customer {
  tickets(first: 10) { edges { node { id number } } } } } }"""


@dataclass
class Desk:
    """A shop with a support agent, a customer with a contact and a confirmed order, and a
    second customer with an order of its own."""

    shop: Shop
    agent: TenantSession
    agent_id: str
    customer_id: str
    contact_email: str
    order: dict[str, Any]
    other_customer_id: str
    other_order: dict[str, Any]

    @property
    def owner(self) -> TenantSession:
        return self.shop.owner


def _customer_with_contact(owner: TenantSession, name: str) -> tuple[str, str]:
    email = unique_email("buyer")
    payload = owner.client.data(
        CREATE_CUSTOMER, {"input": {"name": name, "contacts": [contact(email, "Dana Buyer")]}}
    )["createCustomer"]
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["customer"]["id"], email


@pytest.fixture(scope="module")
def desk(api: GraphQLClient, mailbox: Mailbox) -> Desk:
    shop = open_shop(api, stock="1000")
    agent = colleague(shop.owner, mailbox, "support")
    agent_id = agent.client.data(VIEWER_ID)["viewer"]["user"]["id"]
    customer_id, email = _customer_with_contact(shop.owner, "Gull Marine")
    other_id, _ = _customer_with_contact(shop.owner, "Tern Freight")
    return Desk(
        shop,
        agent,
        agent_id,
        customer_id,
        email,
        confirmed_order(shop.owner, shop, customer_id),
        other_id,
        confirmed_order(shop.owner, shop, other_id),
    )


def _number(ticket: dict[str, Any]) -> int:
    match = re.fullmatch(r"T-(\d{6})", ticket["number"])
    assert match, ticket["number"]
    return int(match.group(1))


def _ticket(client: GraphQLClient, ticket_id: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = client.data(TICKET, {"id": ticket_id})["ticket"]
    return found


def _listed(client: GraphQLClient, **flt: Any) -> list[str]:
    edges = client.data(TICKETS, {"filter": flt, "first": 100})["tickets"]["edges"]
    return [edge["node"]["id"] for edge in edges]


# --- opening -------------------------------------------------------------------------------


def test_support_opens_a_ticket_about_an_order_line_and_finds_it_again(desk: Desk) -> None:
    line = desk.order["lines"][0]
    ticket = created_ticket(
        desk.agent.client,
        desk.customer_id,
        orderId=desk.order["id"],
        orderLineIds=[line["id"]],
        category="quality",
        priority="HIGH",
        subject="  Bolts rusted  ",
        description="Half the bolts arrived rusty.",
    )

    assert ticket["status"] == "NEW"
    assert ticket["channel"] == "CONSOLE"
    assert ticket["subject"] == "Bolts rusted"
    assert ticket["priority"] == "HIGH"
    assert ticket["category"] == {
        "key": "quality",
        "name": "Quality",
        "active": True,
        "builtIn": True,
    }
    assert ticket["customer"]["id"] == desk.customer_id
    assert ticket["order"] == {"id": desk.order["id"], "number": desk.order["number"]}
    assert ticket["orderLines"] == [{"id": line["id"], "lineNo": 1}]
    assert ticket["owner"] is None and ticket["messages"] == []
    assert _ticket(desk.agent.client, ticket["id"]) == ticket
    node = desk.agent.client.data(TICKET_NODE, {"id": ticket["id"]})["node"]
    assert node == ticket
    found = desk.agent.client.data(BY_NUMBER, {"number": ticket["number"]})["ticketByNumber"]
    assert found == {"id": ticket["id"], "number": ticket["number"]}

    following = created_ticket(desk.agent.client, desk.customer_id)
    assert _number(following) == _number(ticket) + 1
    assert following["category"]["key"] == "other" and following["priority"] == "NORMAL"


def test_bad_input_is_reported_on_its_field_and_nothing_is_written(
    api: GraphQLClient, desk: Desk, mailbox: Mailbox
) -> None:
    stranger = sign_up(api)
    stranger_id = stranger.client.data(VIEWER_ID)["viewer"]["user"]["id"]
    before = _listed(desk.agent.client)
    client = desk.agent.client
    cases: list[tuple[dict[str, Any], tuple[tuple[str, ...], str]]] = [
        (
            {"customerId": global_id("Customer", uuid.uuid4())},
            (("customerId",), "UNKNOWN_CUSTOMER"),
        ),
        ({"orderId": global_id("Order", uuid.uuid4())}, (("orderId",), "UNKNOWN_ORDER")),
        ({"orderId": desk.other_order["id"]}, (("orderId",), "ORDER_OF_OTHER_CUSTOMER")),
        (
            {"orderId": desk.order["id"], "orderLineIds": [desk.other_order["lines"][0]["id"]]},
            (("orderLineIds", "0"), "UNKNOWN_ORDER_LINE"),
        ),
        (
            {"orderLineIds": [desk.order["lines"][0]["id"]]},
            (("orderLineIds",), "LINES_WITHOUT_ORDER"),
        ),
        ({"subject": "   "}, (("subject",), "EMPTY_SUBJECT")),
        ({"description": ""}, (("description",), "EMPTY_BODY")),
        ({"category": "nonsense"}, (("category",), "UNKNOWN_CATEGORY")),
        ({"ownerId": stranger_id}, (("ownerId",), "UNKNOWN_OWNER")),
        ({"departmentId": str(uuid.uuid4())}, (("departmentId",), "UNKNOWN_DEPARTMENT")),
    ]
    for fields, expected in cases:
        payload = create_ticket(client, desk.customer_id, **fields)
        assert payload["ticket"] is None, fields
        assert expected in errors_of(payload), (fields, payload["userErrors"])
    assert _listed(client) == before


# --- the conversation ----------------------------------------------------------------------


def test_a_public_reply_is_emailed_to_the_customer_and_a_note_stays_inside(
    desk: Desk, mailbox: Mailbox
) -> None:
    ticket = created_ticket(desk.agent.client, desk.customer_id, subject="Late delivery")

    noted = reply(
        desk.agent.client, ticket["id"], "Carrier says Tuesday. @Olivia FYI", "INTERNAL_NOTE"
    )
    assert noted["userErrors"] == []
    assert noted["ticket"]["status"] == "NEW"
    assert noted["ticket"]["firstResponseAt"] is None

    replied = reply(desk.agent.client, ticket["id"], "Your parcel arrives on Tuesday.")
    assert replied["userErrors"] == []
    after = replied["ticket"]
    assert after["status"] == "OPEN"
    assert after["firstResponseAt"] is not None
    assert [(m["kind"], m["authorKind"]) for m in after["messages"]] == [
        ("INTERNAL_NOTE", "staff"),
        ("PUBLIC_REPLY", "staff"),
    ]
    assert after["messages"][1]["authorName"] == desk.agent.email.split("@")[0].title()

    [email] = mailbox.wait_for(desk.contact_email, ticket["number"])
    text = body_text(email)
    assert "Your parcel arrives on Tuesday." in text
    assert "Late delivery" in str(email["Subject"])
    # Notes raise no event; the reply written after it has been emailed, the note never.
    assert not any("Carrier says" in body_text(m) for m in mailbox.matching(desk.contact_email))

    second = reply(desk.agent.client, ticket["id"], "It left the depot.")["ticket"]
    assert second["firstResponseAt"] == after["firstResponseAt"]


def test_empty_replies_are_refused(desk: Desk) -> None:
    ticket = created_ticket(desk.agent.client, desk.customer_id)
    payload = reply(desk.agent.client, ticket["id"], "  ")
    assert errors_of(payload) == {(("body",), "EMPTY_BODY")}
    assert _ticket(desk.agent.client, ticket["id"])["messages"] == []  # type: ignore[index]


# --- status --------------------------------------------------------------------------------


def test_a_ticket_goes_from_new_to_closed_and_is_reopened(desk: Desk) -> None:
    client = desk.agent.client
    ticket = created_ticket(client, desk.customer_id)
    tid = ticket["id"]

    assert change_status(client, tid, "OPEN")["ticket"]["status"] == "OPEN"
    assert change_status(client, tid, "PENDING_CUSTOMER")["ticket"]["status"] == "PENDING_CUSTOMER"
    assert change_status(client, tid, "PENDING_THIRD_PARTY")["ticket"]["status"] == (
        "PENDING_THIRD_PARTY"
    )
    unresolved = change_status(client, tid, "SOLVED")
    assert errors_of(unresolved) == {(("resolutionCode",), "RESOLUTION_REQUIRED")}

    solved = change_status(client, tid, "SOLVED", "FIXED")["ticket"]
    assert solved["status"] == "SOLVED" and solved["resolutionCode"] == "FIXED"
    assert solved["solvedAt"] is not None

    illegal = change_status(client, tid, "PENDING_CUSTOMER")
    assert errors_of(illegal) == {(("status",), "ILLEGAL_TRANSITION")}

    closed = change_status(client, tid, "CLOSED")["ticket"]
    assert closed["status"] == "CLOSED" and closed["closedAt"] is not None
    refused = reply(client, tid, "One more thing")
    assert errors_of(refused) == {(("ticketId",), "TICKET_CLOSED")}
    note = reply(client, tid, "Internal too", "INTERNAL_NOTE")
    assert errors_of(note) == {(("ticketId",), "TICKET_CLOSED")}
    assert change_status(client, tid, "OPEN")["userErrors"][0]["code"] == "ILLEGAL_TRANSITION"

    reopened = client.data(REOPEN, {"id": tid})["reopenTicket"]["ticket"]
    assert reopened["status"] == "OPEN"
    assert reopened["resolutionCode"] is None and reopened["solvedAt"] is None
    assert reopened["closedAt"] is None
    again = client.data(REOPEN, {"id": tid})["reopenTicket"]
    assert errors_of(again) == {(("ticketId",), "ILLEGAL_TRANSITION")}


# --- fields, assignment and the list -------------------------------------------------------


def test_support_assigns_and_edits_a_ticket_and_filters_the_list(desk: Desk) -> None:
    client = desk.agent.client
    support = next(d for d in client.data(DEPARTMENTS)["departments"] if d["key"] == "support")
    ticket = created_ticket(client, desk.other_customer_id, subject="Invoice twice")
    other = created_ticket(client, desk.other_customer_id, orderId=desk.other_order["id"])

    updated = client.data(
        UPDATE_TICKET,
        {
            "input": {
                "ticketId": ticket["id"],
                "subject": "Invoice sent twice",
                "category": "billing",
                "priority": "URGENT",
                "ownerId": desk.agent_id,
                "departmentId": support["id"],
            }
        },
    )["updateTicket"]
    assert updated["userErrors"] == []
    after = updated["ticket"]
    assert (after["subject"], after["category"]["key"], after["priority"]) == (
        "Invoice sent twice",
        "billing",
        "URGENT",
    )
    assert after["owner"]["id"] == desk.agent_id
    assert after["department"] == {"id": support["id"], "key": "support"}

    mine = _listed(client, assignedToMe=True, customerId=desk.other_customer_id)
    assert mine == [ticket["id"]]
    assert _listed(client, ownerId=desk.agent_id, customerId=desk.other_customer_id) == mine
    assert _listed(client, unassigned=True, customerId=desk.other_customer_id) == [other["id"]]
    assert _listed(client, departmentId=support["id"], customerId=desk.other_customer_id) == mine
    assert _listed(client, priorities=["URGENT"], customerId=desk.other_customer_id) == mine
    assert _listed(client, category="billing", customerId=desk.other_customer_id) == mine
    assert _listed(client, search="sent twice") == mine
    assert _listed(client, search=ticket["number"]) == [ticket["id"]]
    assert _listed(client, orderId=desk.other_order["id"]) == [other["id"]]
    assert _listed(client, statuses=["NEW"], customerId=desk.other_customer_id) == [
        other["id"],
        ticket["id"],
    ]

    unassigned = client.data(UPDATE_TICKET, {"input": {"ticketId": ticket["id"], "ownerId": None}})[
        "updateTicket"
    ]["ticket"]
    assert unassigned["owner"] is None
    assert unassigned["department"]["key"] == "support"  # left out: unchanged
    nothing = client.data(UPDATE_TICKET, {"input": {"ticketId": ticket["id"]}})["updateTicket"]
    assert errors_of(nothing) == {((), "NO_CHANGE")}

    assert client.data(ORDER_TICKETS, {"id": desk.other_order["id"]})["node"]["tickets"] == [
        {"id": other["id"], "number": other["number"]}
    ]
    customer_tickets = client.data(CUSTOMER_TICKETS, {"id": desk.other_customer_id})["node"]
    assert [e["node"]["id"] for e in customer_tickets["tickets"]["edges"]] == [
        other["id"],
        ticket["id"],
    ]


def test_pages_walk_every_ticket_once(desk: Desk) -> None:
    client = desk.agent.client
    customer_id, _ = _customer_with_contact(desk.owner, "Page Co")
    made = [created_ticket(client, customer_id)["id"] for _ in range(5)]
    seen: list[str] = []
    after = None
    while True:
        page = client.data(
            TICKETS, {"filter": {"customerId": customer_id}, "first": 2, "after": after}
        )["tickets"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == list(reversed(made))


def test_changes_are_in_the_audit_log(desk: Desk) -> None:
    ticket = created_ticket(desk.agent.client, desk.customer_id)
    reply(desk.agent.client, ticket["id"], "On it.")
    desk.agent.client.data(
        UPDATE_TICKET, {"input": {"ticketId": ticket["id"], "ownerId": desk.agent_id}}
    )
    for action in ("tickets.create", "tickets.reply", "tickets.change_status", "tickets.assign"):
        edges = desk.owner.client.data(AUDIT, {"action": action})["auditLog"]["edges"]
        entry = next(e["node"] for e in edges if e["node"]["targetId"] == row_id(ticket["id"]))
        assert entry["subject"] == {"label": ticket["number"]}, action


# --- categories ----------------------------------------------------------------------------


def test_a_tenant_adds_renames_and_switches_off_categories(api: GraphQLClient) -> None:
    owner = sign_up(api)
    client = owner.client

    def save(key: str, name: str, active: bool = True) -> dict[str, Any]:
        payload: dict[str, Any] = client.data(
            SAVE_CATEGORY, {"input": {"key": key, "name": name, "active": active}}
        )["saveTicketCategory"]
        return payload

    assert save("warranty", "Warranty claim")["category"] == {
        "key": "warranty",
        "name": "Warranty claim",
        "active": True,
        "builtIn": False,
    }
    assert save("how_to", "Questions")["category"]["builtIn"] is True
    assert save("billing", "Billing", active=False)["category"]["active"] is False
    assert errors_of(save("Bad Key", "x")) == {(("key",), "INVALID_CATEGORY_KEY")}
    assert errors_of(save("fine", "")) == {(("name",), "EMPTY_NAME")}

    active = client.data(CATEGORIES, {"all": False})["ticketCategories"]
    assert [(c["key"], c["name"]) for c in active] == [
        ("delivery", "Delivery"),
        ("quality", "Quality"),
        ("how_to", "Questions"),
        ("other", "Other"),
        ("warranty", "Warranty claim"),
    ]
    every = client.data(CATEGORIES, {"all": True})["ticketCategories"]
    assert ("billing", False) in {(c["key"], c["active"]) for c in every}

    customer_id, _ = _customer_with_contact(owner, "Cat Co")
    refused = create_ticket(client, customer_id, category="billing")
    assert errors_of(refused) == {(("category",), "INACTIVE_CATEGORY")}
    assert created_ticket(client, customer_id, category="warranty")["category"]["name"] == (
        "Warranty claim"
    )


# --- who may -------------------------------------------------------------------------------


def test_roles_without_tickets_permissions_are_forbidden(desk: Desk, mailbox: Mailbox) -> None:
    created_ticket(desk.agent.client, desk.customer_id, orderId=desk.order["id"])
    warehouse = colleague(desk.owner, mailbox, "warehouse")
    assert warehouse.client.error_codes(TICKETS) == ["FORBIDDEN"]
    # Customer and order pages they may read show no tickets rather than failing.
    customer = warehouse.client.data(CUSTOMER_TICKETS, {"id": desk.customer_id})["node"]
    assert customer["tickets"]["edges"] == []
    order = warehouse.client.data(ORDER_TICKETS, {"id": desk.order["id"]})["node"]
    assert order["tickets"] == []
    codes = warehouse.client.error_codes(
        """mutation C($input: CreateTicketInput!) { createTicket(input: $input) {
          ticket { id } userErrors { code } } }""",
        {"input": {"customerId": desk.customer_id, "subject": "x", "description": "y"}},
    )
    assert codes == ["FORBIDDEN"]


def test_a_role_with_own_scope_reaches_only_its_own_customers_tickets(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    owner = sign_up(api)
    role = create_role(
        owner, "own_tickets", "customers:read", "tickets:read", "tickets:write", scope="OWN"
    )
    assert role["userErrors"] == [], role["userErrors"]
    rep = invite_and_join(owner, mailbox, staff_email(owner, "rep"), "sales", ["own_tickets"])
    mine, _ = _customer_with_contact(owner, "Rep's Own Ltd")
    theirs, _ = _customer_with_contact(owner, "Someone Else's Ltd")
    hand_over(owner, mine, rep)
    own_ticket = created_ticket(owner.client, mine)
    other_ticket = created_ticket(owner.client, theirs)

    assert _listed(rep.client) == [own_ticket["id"]]
    assert _ticket(rep.client, own_ticket["id"]) is not None
    assert _ticket(rep.client, other_ticket["id"]) is None
    assert rep.client.error_codes(
        REPLY, {"input": {"ticketId": other_ticket["id"], "body": "Hi", "kind": "PUBLIC_REPLY"}}
    ) == ["NOT_FOUND"]
    refused = create_ticket(rep.client, theirs)
    assert errors_of(refused) == {(("customerId",), "UNKNOWN_CUSTOMER")}
    assert reply(rep.client, own_ticket["id"], "Looking.")["userErrors"] == []


def _client_token(api: GraphQLClient, client_id: str, secret: str) -> str:
    response = httpx.post(
        f"{api.base_url}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, secret),
        timeout=30,
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def test_an_integrator_opens_tickets_over_the_api_idempotently(
    api: GraphQLClient, desk: Desk
) -> None:
    machine = create_client(desk.owner, ["support"], name="Helpdesk bridge")
    integrator = api.as_(_client_token(api, machine.client_id, machine.secret))
    key = f"erp-{uuid.uuid4().hex}"

    first = created_ticket(integrator, desk.customer_id, idempotencyKey=key)
    assert first["channel"] == "API"
    again = created_ticket(integrator, desk.customer_id, idempotencyKey=key)
    assert again["id"] == first["id"]
    changed = create_ticket(integrator, desk.customer_id, idempotencyKey=key, subject="Other")
    assert errors_of(changed) == {(("idempotencyKey",), "IDEMPOTENCY_KEY_REUSED")}


# --- other tenants -------------------------------------------------------------------------


def test_another_tenant_can_neither_see_nor_touch_a_ticket(api: GraphQLClient, desk: Desk) -> None:
    ticket = created_ticket(desk.agent.client, desk.customer_id)
    other = sign_up(api).client
    tid = ticket["id"]

    assert _ticket(other, tid) is None
    # node(id) answers another tenant's object as it answers a missing one.
    assert other.error_codes(TICKET_NODE, {"id": tid}) == ["NOT_FOUND"]
    assert other.error_codes(TICKET_NODE, {"id": global_id("Ticket", uuid.uuid4())}) == [
        "NOT_FOUND"
    ]
    assert other.data(BY_NUMBER, {"number": ticket["number"]})["ticketByNumber"] is None
    assert ticket["id"] not in _listed(other)
    for document, variables in (
        (UPDATE_TICKET, {"input": {"ticketId": tid, "subject": "x"}}),
        (REPLY, {"input": {"ticketId": tid, "body": "Hi", "kind": "PUBLIC_REPLY"}}),
        (CHANGE_STATUS, {"input": {"ticketId": tid, "status": "OPEN"}}),
        (REOPEN, {"id": tid}),
    ):
        assert other.error_codes(document, variables) == ["NOT_FOUND"], document
    refused = create_ticket(other, desk.customer_id)
    assert errors_of(refused) == {(("customerId",), "UNKNOWN_CUSTOMER")}
    assert _ticket(desk.agent.client, tid) == ticket


# --- statements ----------------------------------------------------------------------------

LIST_OPERATION = "StatementBudgetTicketsPage"
LIST_PAGE = f"""query {LIST_OPERATION}($customerId: ID!) {{
  tickets(first: 50, filter: {{customerId: $customerId}}) {{ edges {{ node {{
    id number status category {{ name }} customer {{ name }} owner {{ email }}
    department {{ key }} order {{ number }} messages {{ body }} }} }} }} }}"""


def _statements_of_page(
    api: GraphQLClient, client: GraphQLClient, customer_id: str, rows: int
) -> int:
    client.data(LIST_PAGE, {"customerId": customer_id})
    before = statements_so_far(api, LIST_OPERATION)
    edges = client.data(LIST_PAGE, {"customerId": customer_id})["tickets"]["edges"]
    after = statements_so_far(api, LIST_OPERATION)
    assert len(edges) == rows
    return int(after - before)


def test_a_page_of_50_tickets_costs_as_many_statements_as_a_page_of_3(
    api: GraphQLClient, desk: Desk
) -> None:
    client = desk.agent.client
    customer_id, _ = _customer_with_contact(desk.owner, "Busy Co")
    order = confirmed_order(desk.owner, desk.shop, customer_id)

    def open_tickets(count: int) -> None:
        for _ in range(count):
            ticket = created_ticket(client, customer_id, orderId=order["id"], ownerId=desk.agent_id)
            reply(client, ticket["id"], "Looking into it.")

    open_tickets(3)
    with_3 = _statements_of_page(api, client, customer_id, 3)
    open_tickets(47)
    with_50 = _statements_of_page(api, client, customer_id, 50)
    assert with_3 > 0
    assert with_50 == with_3, f"{with_3} statements for 3 tickets, {with_50} for 50"


# --- the demo ------------------------------------------------------------------------------

DEMO_TICKETS = """query DemoTickets { tickets(first: 50) { edges { node { number status
  priority owner { email } order { number } messages { kind }
  slaClocks { metric targetMinutes } } } } }"""


@pytest.mark.timeout(300)
def test_the_demo_support_colleague_finds_tickets_in_every_status(
    api: GraphQLClient, stack: Stack
) -> None:
    logins = demo_logins(stack)
    support = log_in(api, logins, DEMO_ROLE_USERS["support"])
    found = [e["node"] for e in support.data(DEMO_TICKETS)["tickets"]["edges"]]
    assert {t["status"] for t in found} == {
        "NEW",
        "OPEN",
        "PENDING_CUSTOMER",
        "SOLVED",
        "CLOSED",
    }
    assert sum(1 for t in found if t["order"]) == 2
    assert {t["owner"]["email"] for t in found if t["owner"]} == {DEMO_ROLE_USERS["support"]}
    # The demo's SLA policies apply: the urgent and high tickets answer within an hour.
    clocks = {t["priority"]: t["slaClocks"] for t in found}
    first = {c["metric"]: c["targetMinutes"] for c in clocks["HIGH"]}
    assert first["FIRST_RESPONSE"] == 60
    assert {c["metric"]: c["targetMinutes"] for c in clocks["LOW"]}["FIRST_RESPONSE"] == 240

    portal = portal_log_in(api, logins)
    own = [e["node"] for e in portal.data(PORTAL_TICKETS)["portalTickets"]["edges"]]
    assert len(own) == 2
    internal = sum(m["kind"] == "INTERNAL_NOTE" for t in found for m in t["messages"])
    assert internal > 0
    assert all(m["fromCustomer"] is False for t in own for m in t["messages"])
    assert sum(len(t["messages"]) for t in own) == 2  # the two public replies, no notes


def test_each_change_writes_its_event_to_the_outbox(desk: Desk, stack: Stack) -> None:
    client = desk.agent.client
    ticket = created_ticket(client, desk.customer_id, ownerId=desk.agent_id, priority="URGENT")
    reply(client, ticket["id"], "A note only staff read.", "INTERNAL_NOTE")
    reply(client, ticket["id"], "We are on it.")
    change_status(client, ticket["id"], "SOLVED", "ANSWERED")

    events = owner_sql(
        stack,
        "SELECT type, payload::jsonb AS payload FROM outbox_events "
        "WHERE payload->>'ticketId' = $1 ORDER BY created_at, type",
        row_id(ticket["id"]),
    )
    found = [(row["type"], json.loads(row["payload"])) for row in events]
    assert [kind for kind, _ in found] == [
        "ticket.assigned",
        "ticket.created",
        "ticket.replied",
        "ticket.status_changed",
        "ticket.status_changed",
    ]
    created = found[1][1]
    assert (created["number"], created["priority"], created["channel"]) == (
        ticket["number"],
        "urgent",
        "console",
    )
    assert found[0][1]["ownerId"] == row_id(desk.agent_id)
    assert found[2][1]["authorKind"] == "staff"
    moves = [(p["fromStatus"], p["toStatus"], p["resolutionCode"]) for _, p in found[3:]]
    assert moves == [("new", "open", None), ("open", "solved", "answered")]


def test_a_ticket_closed_over_30_days_ago_stays_closed(desk: Desk, stack: Stack) -> None:
    client = desk.agent.client
    ticket = created_ticket(client, desk.customer_id)
    change_status(client, ticket["id"], "SOLVED", "NO_RESPONSE")
    change_status(client, ticket["id"], "CLOSED")
    owner_sql(
        stack,
        "UPDATE tickets SET closed_at = now() - interval '31 days' WHERE id = $1",
        row_uuid(ticket["id"]),
    )
    refused = client.data(REOPEN, {"id": ticket["id"]})["reopenTicket"]
    assert errors_of(refused) == {(("ticketId",), "REOPEN_WINDOW_PASSED")}
    assert _ticket(client, ticket["id"])["status"] == "CLOSED"  # type: ignore[index]


def test_tickets_opened_at_once_get_consecutive_numbers(desk: Desk) -> None:
    client = desk.agent.client
    customer_id, _ = _customer_with_contact(desk.owner, "Rush Co")
    with ThreadPoolExecutor(max_workers=6) as pool:
        opened = list(pool.map(lambda _: created_ticket(client, customer_id), range(6)))
    numbers = sorted(_number(ticket) for ticket in opened)
    assert numbers == list(range(numbers[0], numbers[0] + 6))
