"""Fixtures: one real Orbit stack (PostgreSQL, Redis, SMTP, API, worker) per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from xdist.remote import Producer
from xdist.scheduler import LoadScopeScheduling

import tests.support.fuzzing  # noqa: F401  (registers the "long" Hypothesis profile first)
from tests.support.graphql import GraphQLClient, TenantSession, sign_up
from tests.support.stack import Mailbox, Stack, create_stack, destroy_stack

BROWSER_TESTS = "tests/browser/"


class _FilesAndBrowser(LoadScopeScheduling):
    """Whole test files to a worker (a file's module fixtures and statement counts stay its
    own), and every browser test to the same one, so one browser runs at a time."""

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return BROWSER_TESTS if path.startswith(BROWSER_TESTS) else path


def pytest_xdist_make_scheduler(config: pytest.Config, log: Producer) -> LoadScopeScheduling:
    """How pytest-xdist hands out the tests when scripts/test runs several workers."""
    return _FilesAndBrowser(config, log)


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    running = create_stack()
    try:
        yield running
    finally:
        destroy_stack(running)


@pytest.fixture(scope="session")
def api(stack: Stack) -> GraphQLClient:
    return GraphQLClient(stack.base_url)


@pytest.fixture(scope="session")
def mailbox(stack: Stack) -> Mailbox:
    return stack.mailbox


@pytest.fixture
def tenant(api: GraphQLClient) -> TenantSession:
    """A freshly signed-up tenant, its owner signed in."""
    return sign_up(api)
