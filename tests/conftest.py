"""Fixtures: one real Orbit stack (PostgreSQL, Redis, SMTP, API, worker) per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import tests.support.fuzzing  # noqa: F401  (registers the "long" Hypothesis profile first)
from tests.support.graphql import GraphQLClient, TenantSession, sign_up
from tests.support.stack import Mailbox, Stack, create_stack, destroy_stack


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
