"""The order timeline: the status history and comments in one column; a comment mentioning a
colleague picked from the @ suggestions, edited and deleted by its author; following and
unfollowing with the follower count."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in
from tests.support.graphql import GraphQLClient, invite_and_join
from tests.support.orders import created, open_shop, order_input
from tests.support.stack import Mailbox

COMMENTS = """query C($id: ID!) { node(id: $id) { ... on Order {
  comments { body mentions { name } } } } }"""


def test_a_comment_with_a_mention_is_posted_edited_and_deleted_on_the_timeline(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    owner = shop.owner
    invite_and_join(owner, mailbox, f"wendy@{owner.slug}.example.com", "warehouse")
    order = created(owner, order_input(shop, (shop.sku_id, "1")))
    page = browsing.new_page()

    with browsing.step("open the order: the timeline shows its creation and one follower"):
        page.goto(f"/orders/{order['id']}")
        log_in(page, owner.slug, owner.email, owner.password)
        timeline = page.get_by_test_id("order-timeline")
        expect(timeline.get_by_test_id("timeline-status")).to_contain_text("Created as Draft")
        expect(timeline.get_by_test_id("follower-count")).to_have_text("Followers: 1")

    with browsing.step("write a comment, mentioning Wendy from the suggestions"):
        box = timeline.get_by_label("Write a comment")
        box.press_sequentially("Please check @Wen")
        expect(page.locator(".ant-mentions-dropdown:visible")).to_contain_text("Wendy")
        box.press("Enter")
        box.press_sequentially("the pallet")
        timeline.get_by_role("button", name="Comment", exact=True).click()
        comment = timeline.get_by_test_id("timeline-comment")
        expect(comment).to_contain_text("Olivia Owner commented")
        expect(comment).to_contain_text("Please check @Wendy the pallet")
        expect(timeline.get_by_test_id("follower-count")).to_have_text("Followers: 2")
        [saved] = owner.client.data(COMMENTS, {"id": order["id"]})["node"]["comments"]
        assert saved["mentions"] == [{"name": "Wendy"}]

    with browsing.step("edit it"):
        comment.get_by_role("button", name="Edit comment").click()
        editor = comment.get_by_label("Write a comment")
        editor.fill("Please check @Wendy the pallet, it is urgent")
        comment.get_by_role("button", name="Save").click()
        expect(comment).to_contain_text("it is urgent")
        expect(comment).to_contain_text("(edited)")

    with browsing.step("unfollow and follow again"):
        toggle = timeline.get_by_test_id("follow-toggle")
        expect(toggle).to_have_text("Unfollow")
        toggle.click()
        expect(timeline.get_by_test_id("follower-count")).to_have_text("Followers: 1")
        expect(toggle).to_have_text("Follow")
        expect(toggle).to_be_enabled()
        toggle.click()
        expect(timeline.get_by_test_id("follower-count")).to_have_text("Followers: 2")
        expect(toggle).to_have_text("Unfollow")

    with browsing.step("delete it: it stays as deleted"):
        comment.get_by_role("button", name="Delete comment").click()
        page.locator(".ant-popconfirm:visible").get_by_role(
            "button", name=re.compile("^Delete$")
        ).click()
        expect(comment).to_contain_text("This comment was deleted.")
        expect(comment.get_by_role("button", name="Edit comment")).to_have_count(0)
