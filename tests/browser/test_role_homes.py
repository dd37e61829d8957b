"""Each built-in role's demo user signs in and finds its work on the console's home: sales
its drafts and customers, the warehouse the orders ready to ship, finance what is owed, the
refunds to pay out and the credit approvals waiting, support every customer and the orders
read-only, managers and the owner the approvals and the whole picture."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in
from tests.support.demo import DEMO_ROLE_USERS, Logins, demo_logins
from tests.support.stack import Stack

# Seeding the demo (a CLI run, twice for the idempotency checks) is slow on a busy machine.
pytestmark = pytest.mark.timeout(300)
CARDS = (
    "home-drafts",
    "home-ready-to-ship",
    "home-approvals",
    "home-receivables",
    "home-refunds",
    "home-customers",
    "home-orders",
)


@dataclass(frozen=True)
class Home:
    """The cards a role's home shows (every other card is absent), and what they hold."""

    cards: tuple[str, ...]
    texts: dict[str, tuple[str, ...]]
    orders_read_only: bool


HOMES = {
    "admin": Home(
        CARDS,
        {"home-approvals": ("Contoso Wholesale Co.",), "home-refunds": ()},
        orders_read_only=False,
    ),
    "sales": Home(
        ("home-drafts", "home-customers", "home-orders"),
        {"home-drafts": ("Northwind Retail Ltd",), "home-customers": ("Contoso Wholesale Co.",)},
        orders_read_only=False,
    ),
    "warehouse": Home(
        ("home-ready-to-ship", "home-customers", "home-orders"),
        {"home-ready-to-ship": ("Northwind Retail Ltd",)},
        orders_read_only=True,
    ),
    "finance": Home(
        ("home-approvals", "home-receivables", "home-refunds", "home-customers", "home-orders"),
        {
            "home-approvals": ("Contoso Wholesale Co.",),
            "home-receivables": ("Overdue:",),
            "home-refunds": ("No refund requests waiting.",),
        },
        orders_read_only=True,
    ),
    "support": Home(
        ("home-customers", "home-orders"),
        {"home-customers": ("Tailspin Toys", "Fabrikam Holdings")},
        orders_read_only=True,
    ),
    "manager": Home(
        (
            "home-drafts",
            "home-ready-to-ship",
            "home-approvals",
            "home-receivables",
            "home-customers",
            "home-orders",
        ),
        {"home-approvals": ("Nothing to approve.",), "home-customers": ("Northwind Retail Ltd",)},
        orders_read_only=False,
    ),
}


@pytest.fixture(scope="module")
def logins(stack: Stack) -> Logins:
    return demo_logins(stack)


@pytest.mark.parametrize("role", list(HOMES))
def test_each_roles_home_shows_the_work_that_waits_for_it(
    browsing: Browsing, logins: Logins, role: str
) -> None:
    home, page = HOMES[role], browsing.new_page()

    with browsing.step(f"the {role} demo user signs in"):
        page.goto("/")
        log_in(page, logins.tenant, DEMO_ROLE_USERS[role], logins.password)
        expect(page.get_by_test_id("home-work")).to_be_visible()

    with browsing.step("its cards, and only those, hold its work"):
        for card in CARDS:
            expect(page.get_by_test_id(card)).to_have_count(1 if card in home.cards else 0)
        for card, texts in home.texts.items():
            for text in texts:
                expect(page.get_by_test_id(card)).to_contain_text(text)
        read_only = page.get_by_test_id("home-orders-read-only")
        expect(read_only).to_have_count(1 if home.orders_read_only else 0)
        expect(page.get_by_test_id("home-orders").get_by_role("link").first).to_be_visible()
        if "home-customers" in home.cards:
            expect(page.get_by_test_id("home-customers-count")).not_to_have_text("0")


def test_the_home_cards_fit_a_390_px_phone(browsing: Browsing, logins: Logins) -> None:
    page = browsing.new_page(viewport={"width": 390, "height": 844})
    page.goto("/")
    log_in(page, logins.tenant, DEMO_ROLE_USERS["finance"], logins.password)

    for card in ("home-receivables", "home-refunds", "home-orders"):
        box = page.get_by_test_id(card).bounding_box()
        assert box is not None, card
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (card, box)
    latest = page.get_by_test_id("home-orders").get_by_role("link").nth(1)  # an order number
    latest.scroll_into_view_if_needed()
    expect(latest).to_be_in_viewport()
