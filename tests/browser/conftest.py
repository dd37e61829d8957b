"""Playwright against the real stack: Debian's Chromium, the built front end served by the
API process. Every failed step leaves a screenshot of each open page in test-artifacts/browser/.

Pages ask for reduced motion, as a person can in their system settings: the console then opens
dialogs, drawers and dropdowns without animating them, so a click is never aimed at an element
still zooming or sliding into place (such clicks were lost now and then on a loaded machine)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.support.stack import FRONTEND_DIST, REPO, Stack

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO / "test-artifacts" / "browser"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}


@pytest.fixture(scope="session", autouse=True)
def built_frontend() -> None:
    if not (FRONTEND_DIST / "index.html").is_file():
        pytest.fail(
            f"{FRONTEND_DIST} is missing: build the front end first "
            "(cd frontend && npm ci && npm run build).",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def browser(stack: Stack) -> Iterator[Browser]:
    """One Chromium per test module. Playwright's sync API keeps its event loop marked as
    running while it is open, which would stop asyncio tests in later modules and the stack's
    own teardown, so it is closed at the end of each module (and before the stack)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Browsing:
    """Opens isolated browser contexts (one per person) and screenshots them on failure."""

    def __init__(self, browser: Browser, stack: Stack, test_name: str) -> None:
        self.browser = browser
        self.base_url = stack.base_url
        self.test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name)
        self.contexts: list[BrowserContext] = []
        for stale in ARTIFACTS.glob(f"{self.test_name}--*"):
            stale.unlink()

    def new_page(
        self,
        viewport: dict[str, int] | None = None,
        locale: str = "en-US",
        reduced_motion: Literal["reduce", "no-preference"] = "reduce",
    ) -> Page:
        context = self.browser.new_context(
            viewport=viewport or DESKTOP,  # type: ignore[arg-type]
            locale=locale,
            base_url=self.base_url,
            reduced_motion=reduced_motion,
        )
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        return context.new_page()

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        try:
            yield
        except BaseException:
            self.screenshot(name)
            raise

    def screenshot(self, label: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", label)
        for c, context in enumerate(self.contexts):
            for p, page in enumerate(context.pages):
                target = ARTIFACTS / f"{self.test_name}--{slug}--{c}-{p}.png"
                try:
                    page.screenshot(path=str(target), full_page=True)
                except Exception as error:  # a crashed page still lets the others be kept
                    target.with_suffix(".txt").write_text(f"no screenshot: {error}")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash[FAILED] = report.failed


FAILED = pytest.StashKey[bool]()


@pytest.fixture
def browsing(browser: Browser, stack: Stack, request: pytest.FixtureRequest) -> Iterator[Browsing]:
    session = Browsing(browser, stack, request.node.name)
    yield session
    if request.node.stash.get(FAILED, False):
        session.screenshot("at-failure")
    session.close()
