"""Development's GraphiQL works offline: its page and code come from the API's own origin
(it used to load React and GraphiQL from a public CDN and stayed blank without internet), and
the apps' strict Content-Security-Policy lets it run."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Route, expect

from tests.browser.conftest import Browsing
from tests.support.stack import Stack


def test_graphiql_renders_and_answers_offline(browsing: Browsing, stack: Stack) -> None:
    with stack.another_api("api-graphiql-offline", {"ORBIT_GRAPHIQL": "true"}) as url:
        page = browsing.new_page()
        elsewhere: list[str] = []
        problems: list[str] = []

        def offline(route: Route) -> None:
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                elsewhere.append(route.request.url)
                route.abort("internetdisconnected")

        page.context.route("**/*", offline)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))

        with browsing.step("the editor renders from this origin only"):
            page.goto(f"{url}/graphql")
            editor = page.locator(".graphiql-query-editor .CodeMirror")
            expect(editor).to_be_visible()

        with browsing.step("a query typed in runs against the API"):
            editor.click()
            page.keyboard.press("Control+A")
            page.keyboard.type("{ __typename }")
            page.get_by_role("button", name=re.compile("Execute query")).click()
            expect(page.locator(".graphiql-response")).to_contain_text('"Query"')

        assert elsewhere == []
        assert [p for p in problems if "Content Security Policy" in p] == []
