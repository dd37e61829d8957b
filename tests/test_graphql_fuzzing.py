"""Property-based fuzzing of every root field of the GraphQL API, as a signed-in owner and as
nobody: whatever the document, the API answers with data or ordinary GraphQL errors, never
with a 5xx, an INTERNAL_SERVER_ERROR, a stack trace or SQL, and logs no unexpected error.

The default run takes about a minute; `--hypothesis-profile=long` fuzzes each field far
longer with new examples each run (see tests/support/fuzzing.py)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import Phase, given, settings

from tests.support.fuzzing import (
    HEALTH_CHECKS,
    LONG_PROFILE,
    ApiLog,
    Caller,
    FuzzRun,
    RootField,
    a_test_net_address,
    documents,
    report,
    root_fields,
    seed,
)
from tests.support.graphql import GraphQLClient, sign_up
from tests.support.stack import Stack

# Chosen so that the 2 x 137 (caller, root field) pairs take about a minute on a 2-core
# machine (each example is one request and a look at the API's log, ~20 ms). Anonymous
# callers get fewer: most fields turn them away before reading any argument.
QUICK_EXAMPLES = {"owner": 14, "anonymous": 5}


def fuzz_settings(caller_name: str) -> settings:
    """The long profile's settings, or the quick run's: few examples, the same in CI and on a
    developer's machine (derandomized), not shrunk (each step of shrinking is one more
    request; the unshrunk document Hypothesis prints already names the input)."""
    if settings.get_current_profile_name() == LONG_PROFILE:
        return settings()
    return settings(
        max_examples=QUICK_EXAMPLES[caller_name],
        deadline=None,
        derandomize=True,
        database=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=HEALTH_CHECKS,
    )


def tenant_id_in_token(access_token: str) -> str:
    claims = access_token.split(".")[1]
    tenant_id: str = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))["tid"]
    return tenant_id


@pytest.fixture(scope="module")
def fuzz_run(api: GraphQLClient, stack: Stack, request: pytest.FixtureRequest) -> Iterator[FuzzRun]:
    # What the `tenant` fixture makes, but once for the module: every field is fuzzed in the
    # same fresh tenant. Requests go through a client of their own, not tenant.client: one
    # kept-alive connection, and headers (request id, client address) on every request.
    owner = sign_up(api, name="Fuzzing Trading")
    known_ids = seed(owner)
    address = a_test_net_address()
    with httpx.Client(timeout=30) as http:
        run = FuzzRun(
            callers={
                "owner": Caller("owner", api, http, address, owner),
                "anonymous": Caller("anonymous", api, http, address),
            },
            log=ApiLog(
                stack.logs / "api.log",
                f"fuzz-{owner.slug}-",
                tenant_id_in_token(owner.access_token),
            ),
            known_ids=known_ids,
        )
        yield run
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    assert capture is not None
    with capture.global_and_fixture_disabled():
        report(lambda line: print(f"\n{line}"), run)


CASES = [
    pytest.param(caller, root, id=f"{caller}-{root}")
    for caller in ("anonymous", "owner")
    for root in root_fields()
]


@pytest.mark.parametrize(("caller_name", "root"), CASES)
def test_no_document_makes_the_api_fail_internally(
    fuzz_run: FuzzRun, caller_name: str, root: RootField
) -> None:
    caller = fuzz_run.callers[caller_name]

    @fuzz_settings(caller_name)
    @given(document=documents(root, fuzz_run.known_ids))
    def answers_cleanly(document: str) -> None:
        problems = fuzz_run.problems(caller, root, document)
        if problems:
            raise AssertionError("\n".join([f"{caller.name} {root}:", document, *problems]))

    answers_cleanly()
