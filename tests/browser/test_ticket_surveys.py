"""Satisfaction surveys in the browser: the customer follows the emailed survey link without
signing in and rates the service; the seller's staff see the answer on the CSAT page under
Support and on the ticket."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in
from tests.support.graphql import GraphQLClient, global_id
from tests.support.orders import open_shop
from tests.support.portal import link_tokens, register_buyer, request_link
from tests.support.services import run_periodic_job
from tests.support.stack import Mailbox, Stack, body_text
from tests.support.tickets import change_status, portal_create
from tickets.jobs import send_ticket_surveys

SAVE_SETTINGS = """mutation S($input: SaveTicketSurveySettingsInput!) {
  saveTicketSurveySettings(input: $input) { userErrors { code } } }"""


def test_the_customer_rates_through_the_emailed_link_and_staff_see_it(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_shop(api)
    settings = {"delayHours": 0, "validityDays": 28, "scale": "GOOD_BAD"}
    saved = shop.owner.client.data(SAVE_SETTINGS, {"input": settings})
    assert saved["saveTicketSurveySettings"]["userErrors"] == []
    buyer = register_buyer(api, mailbox, shop.owner, "Heron Supplies")
    opened = portal_create(buyer.portal, subject="Parcel left in the rain")
    assert opened["userErrors"] == []
    number = opened["ticket"]["number"]
    ticket_id = global_id("Ticket", opened["ticket"]["id"])
    assert change_status(shop.owner.client, ticket_id, "SOLVED", "FIXED")["userErrors"] == []

    run_periodic_job(stack, send_ticket_surveys)
    [mail] = mailbox.wait_for(buyer.email, f"[{number}] How did")
    with browsing.step("signed in, the customer is asked in the portal too"):
        portal = browsing.new_page()
        assert request_link(api, shop.owner.slug, buyer.email)["accepted"] is True
        portal.goto(f"/portal/login?token={link_tokens(mailbox, buyer.email, count=2)[-1]}")
        expect(portal.get_by_test_id("portal-customer-name")).to_have_text("Heron Supplies")
        portal.goto("/portal/tickets")
        listed = portal.get_by_test_id("portal-tickets")
        expect(listed.get_by_test_id("portal-ticket-survey-pending")).to_have_text(
            "Rate our service"
        )
        listed.get_by_role("link", name=number).first.click()
        prompt = portal.get_by_test_id("portal-ticket-survey")
        expect(prompt.get_by_role("button", name="Send my answer")).to_be_visible()

    with browsing.step("the survey email links to a page that needs no sign-in"):
        link = re.search(r"/portal/[a-z0-9-]+/survey/[A-Za-z0-9_.\-]+", body_text(mail))
        assert link is not None, body_text(mail)
        customer = browsing.new_page()
        customer.goto(link.group(0))
        survey = customer.get_by_test_id("survey-page")
        expect(survey).to_contain_text(f"About your ticket {number}: Parcel left in the rain")

    with browsing.step("the customer rates it bad, says why and sends it"):
        form = survey.get_by_test_id("survey-form")
        # antd draws its own radios over hidden inputs: people click the labels.
        form.get_by_text("Bad", exact=True).click()
        form.get_by_text("It took too long", exact=True).click()
        form.get_by_label("Anything else you want to tell us? (optional)").fill(
            "Three days to answer."
        )
        form.get_by_role("button", name="Send my answer").click()
        answer = survey.get_by_test_id("survey-answer")
        expect(answer).to_contain_text("Thank you for your answer!")
        expect(answer).to_contain_text("Your answer: Bad")
        expect(answer).to_contain_text("It took too long")

    staff = browsing.new_page()
    with browsing.step("staff see the answer on the CSAT page under Support"):
        staff.goto("/tickets")
        log_in(staff, shop.owner.slug, shop.owner.email, shop.owner.password)
        staff.get_by_role("link", name="Satisfaction (CSAT)").click()
        expect(staff).to_have_url(re.compile(r"/tickets/csat$"))
        figures = staff.get_by_test_id("csat-figures")
        expect(figures).to_contain_text("CSAT")
        expect(figures).to_contain_text("0.0 %")
        expect(figures).to_contain_text("100.0 %")
        row = staff.get_by_test_id("csat-answers").get_by_role("row", name=re.compile(number))
        expect(row).to_contain_text("Heron Supplies")
        expect(row).to_contain_text("Bad")
        expect(row).to_contain_text("It took too long")
        expect(row).to_contain_text("Three days to answer.")

    with browsing.step("and on the ticket itself"):
        row.get_by_role("link", name=re.compile(number)).click()
        expect(staff).to_have_url(re.compile(rf"/tickets/{number}$"))
        card = staff.get_by_test_id("ticket-survey")
        expect(card.get_by_test_id("ticket-survey-rating")).to_have_text("Bad")
        expect(card).to_contain_text("Three days to answer.")
