"""Support's SLA settings in the console: the administrator sets the working calendar
(Monday with a lunch break, China's public holidays), is told when hours are mistyped, and
adds an SLA policy for urgent tickets; the API then answers with what was set."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in
from tests.support.graphql import GraphQLClient
from tests.support.orders import open_shop

SETTINGS = """query { ticketCalendar { country isDefault weeklyHours { weekday opens closes } }
  slaPolicies { name priorities firstResponseMinutes } }"""


def test_an_administrator_sets_the_calendar_and_a_policy(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    page = browsing.new_page()

    with browsing.step("the default calendar is shown; mistyped hours are refused"):
        page.goto("/settings")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        card = page.get_by_test_id("sla-settings")
        expect(card).to_contain_text("None saved yet")
        monday = card.get_by_label("Monday")
        expect(monday).to_have_value("09:00-18:00")
        monday.fill("9-18")
        card.get_by_role("button", name="Save calendar").click()
        expect(card).to_contain_text("Write the hours as 09:00-12:00")
        assert shop.owner.client.data(SETTINGS)["ticketCalendar"]["isDefault"] is True

    with browsing.step("Monday with a lunch break and China's public holidays"):
        monday.fill("09:00-12:00, 13:00-18:00")
        card.get_by_label("Public holidays of (country code)").fill("CN")
        card.get_by_role("button", name="Save calendar").click()
        expect(card).to_contain_text("SLA targets count business minutes in these hours only.")

    with browsing.step("a policy for urgent tickets"):
        card.get_by_role("button", name="New policy").click()
        form = page.get_by_test_id("sla-policy-form")
        form.get_by_label("Name").fill("Urgent")
        form.get_by_label("Position").fill("1")
        choose(page, form, "Priority", "Urgent", multiple=True)
        form.get_by_label("First response within").fill("30")
        page.get_by_role("button", name="Save policy").click()
        row = card.get_by_test_id("sla-policies").get_by_role("row").filter(has_text="Urgent")
        expect(row).to_contain_text("30 min")

    saved = shop.owner.client.data(SETTINGS)
    calendar = saved["ticketCalendar"]
    assert calendar["isDefault"] is False and calendar["country"] == "CN"
    assert [(h["opens"], h["closes"]) for h in calendar["weeklyHours"] if h["weekday"] == 0] == [
        ("09:00:00", "12:00:00"),
        ("13:00:00", "18:00:00"),
    ]
    assert saved["slaPolicies"] == [
        {"name": "Urgent", "priorities": ["URGENT"], "firstResponseMinutes": 30}
    ]
