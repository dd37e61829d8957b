"""Support tickets through GraphQL: the documents staff and the portal send, and helpers that
open tickets and read them back."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import GraphQLClient

TICKET_FIELDS = """id number subject description status priority categoryKey
  category { key name active builtIn } resolutionCode channel createdAt updatedAt
  firstResponseAt solvedAt closedAt customer { id name } order { id number }
  orderLines { id lineNo } owner { id email } department { id key }
  messages { id kind authorKind authorName body createdAt }"""
PAYLOAD = f"ticket {{ {TICKET_FIELDS} }} userErrors {{ field code message }}"
CREATE_TICKET = f"""mutation CreateTicket($input: CreateTicketInput!) {{
  createTicket(input: $input) {{ {PAYLOAD} }} }}"""
UPDATE_TICKET = f"""mutation UpdateTicket($input: UpdateTicketInput!) {{
  updateTicket(input: $input) {{ {PAYLOAD} }} }}"""
REPLY = f"""mutation Reply($input: ReplyToTicketInput!) {{
  replyToTicket(input: $input) {{ {PAYLOAD} }} }}"""
CHANGE_STATUS = f"""mutation ChangeStatus($input: ChangeTicketStatusInput!) {{
  changeTicketStatus(input: $input) {{ {PAYLOAD} }} }}"""
REOPEN = f"""mutation Reopen($id: ID!) {{ reopenTicket(ticketId: $id) {{ {PAYLOAD} }} }}"""
TICKET = f"""query Ticket($id: ID!) {{ ticket(id: $id) {{ {TICKET_FIELDS} }} }}"""
TICKET_NODE = f"""query Node($id: ID!) {{ node(id: $id) {{ id ... on Ticket {{
  {TICKET_FIELDS} }} }} }}"""
BY_NUMBER = """query ByNumber($number: String!) { ticketByNumber(number: $number) {
  id number } }"""
TICKETS = """query Tickets($filter: TicketFilterInput, $first: Int, $after: String) {
  tickets(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id number subject status priority } }
    pageInfo { hasNextPage endCursor } } }"""
CATEGORIES = """query Categories($all: Boolean!) { ticketCategories(includeInactive: $all) {
  key name active builtIn } }"""
SAVE_CATEGORY = """mutation Save($input: SaveTicketCategoryInput!) {
  saveTicketCategory(input: $input) { category { key name active builtIn }
    userErrors { field code message } } }"""

PORTAL_TICKET_FIELDS = """id number subject description status orderId createdAt solvedAt
  closedAt category { key name } messages { fromCustomer authorName body createdAt }"""
PORTAL_PAYLOAD = f"ticket {{ {PORTAL_TICKET_FIELDS} }} userErrors {{ field code message }}"
PORTAL_CREATE = f"""mutation PortalCreate($input: PortalCreateTicketInput!) {{
  portalCreateTicket(input: $input) {{ {PORTAL_PAYLOAD} }} }}"""
PORTAL_REPLY = f"""mutation PortalReply($input: PortalReplyToTicketInput!) {{
  portalReplyToTicket(input: $input) {{ {PORTAL_PAYLOAD} }} }}"""
PORTAL_TICKETS = f"""query PortalTickets {{ portalTickets(first: 50) {{
  edges {{ node {{ {PORTAL_TICKET_FIELDS} }} }} }} }}"""
PORTAL_TICKET = f"""query PortalTicket($id: ID!) {{ portalTicket(id: $id) {{
  {PORTAL_TICKET_FIELDS} }} }}"""


def create_ticket(client: GraphQLClient, customer_id: str, **fields: Any) -> dict[str, Any]:
    """createTicket's payload for a ticket of `customer_id` (subject and description
    filled in unless given)."""
    data = {"customerId": customer_id, "subject": "Damaged box", "description": "Crushed."}
    payload: dict[str, Any] = client.data(CREATE_TICKET, {"input": {**data, **fields}})[
        "createTicket"
    ]
    return payload


def created_ticket(client: GraphQLClient, customer_id: str, **fields: Any) -> dict[str, Any]:
    payload = create_ticket(client, customer_id, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    ticket: dict[str, Any] = payload["ticket"]
    return ticket


def reply(
    client: GraphQLClient, ticket_id: str, body: str, kind: str = "PUBLIC_REPLY"
) -> dict[str, Any]:
    payload: dict[str, Any] = client.data(
        REPLY, {"input": {"ticketId": ticket_id, "body": body, "kind": kind}}
    )["replyToTicket"]
    return payload


def change_status(
    client: GraphQLClient, ticket_id: str, status: str, resolution: str | None = None
) -> dict[str, Any]:
    payload: dict[str, Any] = client.data(
        CHANGE_STATUS,
        {"input": {"ticketId": ticket_id, "status": status, "resolutionCode": resolution}},
    )["changeTicketStatus"]
    return payload


def portal_create(portal: GraphQLClient, **fields: Any) -> dict[str, Any]:
    data = {"subject": "Where is my parcel?", "description": "It has not arrived."}
    payload: dict[str, Any] = portal.data(PORTAL_CREATE, {"input": {**data, **fields}})[
        "portalCreateTicket"
    ]
    return payload


def portal_reply(portal: GraphQLClient, ticket_id: str, body: str) -> dict[str, Any]:
    payload: dict[str, Any] = portal.data(
        PORTAL_REPLY, {"input": {"ticketId": ticket_id, "body": body}}
    )["portalReplyToTicket"]
    return payload
