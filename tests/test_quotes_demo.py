"""The demo tenant's quotes: Northwind's contact finds a quote awaiting their answer in the
portal, and sales sees Contoso's accepted quote with the order it became."""

from __future__ import annotations

from tests.support.demo import demo_logins, log_in, portal_log_in
from tests.support.graphql import GraphQLClient
from tests.support.quotes import MY_QUOTES, QUOTE, QUOTES
from tests.support.stack import Stack


def test_the_demo_has_a_quote_awaiting_the_customer_and_an_accepted_one(
    api: GraphQLClient, stack: Stack
) -> None:
    logins = demo_logins(stack)
    sales = log_in(api, logins, "sales@demo.example.com")
    quotes = [edge["node"] for edge in sales.data(QUOTES, {"first": 50})["quotes"]["edges"]]
    assert {"SENT", "ACCEPTED"} <= {quote["status"] for quote in quotes}
    # The accepted quote's discount is within what sales may give without approval, so its
    # order is confirmed (the demo's approvals are the story's own).
    [accepted] = [quote for quote in quotes if quote["status"] == "ACCEPTED"]
    order = sales.data(QUOTE, {"id": accepted["id"]})["quote"]["order"]
    assert (order["channel"], order["status"]) == ("QUOTE", "CONFIRMED")
    mine = portal_log_in(api, logins).data(MY_QUOTES)["myQuotes"]["edges"]
    assert [edge["node"]["status"] for edge in mine] == ["SENT"]
    assert mine[0]["node"]["latest"]["pdfUrl"]
