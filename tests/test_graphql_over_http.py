"""The API against the GraphQL over HTTP spec, audited by graphql-http (the spec's reference
implementation; frontend/scripts/graphql-http-audit.mjs runs its server audits with Node)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass

from tests.support.graphql import GraphQLClient, TenantSession
from tests.support.stack import REPO

FRONTEND = REPO / "frontend"
AUDIT_SCRIPT = FRONTEND / "scripts" / "graphql-http-audit.mjs"
# The audits that query `__type`: in every environment but development only signed-in
# callers may introspect, so an anonymous caller gets an UNAUTHENTICATED error there.
INTROSPECTING_AUDITS = {"28B9", "2EA1"}


@dataclass
class AuditRun:
    failures: dict[str, int]
    failed_lines: list[str]

    def failed_ids(self, *levels: str) -> set[str]:
        """Ids of the audits of these levels that failed ("FAIL  <id> <level> ...")."""
        return {line.split()[1] for line in self.failed_lines if line.split()[2] in levels}


def run_audit(url: str, token: str | None = None) -> AuditRun:
    node = shutil.which("node")
    assert node, "Node.js 20 (`node`) is not on PATH; the GraphQL over HTTP audit needs it"
    assert (FRONTEND / "node_modules" / "graphql-http").is_dir(), (
        "frontend/node_modules/graphql-http is missing: run `npm ci` in frontend/ "
        "(./scripts/test does it before pytest)"
    )
    env = {key: value for key, value in os.environ.items() if key != "GRAPHQL_HTTP_AUDIT_TOKEN"}
    if token:
        env["GRAPHQL_HTTP_AUDIT_TOKEN"] = token
    result = subprocess.run(
        [node, str(AUDIT_SCRIPT), url, "--fail-on=SHOULD"],
        env=env,
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = result.stdout.splitlines()
    assert lines and result.returncode in (0, 1), (result.returncode, result.stdout, result.stderr)
    summary = json.loads(lines[-1])
    return AuditRun(summary["failures"], [line for line in lines if line.startswith("FAIL")])


def test_a_signed_in_caller_sees_every_must_and_should_of_the_spec_kept(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    audit = run_audit(f"{api.base_url}/graphql", tenant.access_token)

    assert audit.failures["MUST"] == 0, "\n".join(audit.failed_lines)
    assert audit.failures["SHOULD"] == 0, "\n".join(audit.failed_lines)


def test_an_anonymous_caller_fails_only_the_audits_that_introspect(api: GraphQLClient) -> None:
    audit = run_audit(f"{api.base_url}/graphql")

    assert audit.failed_ids("MUST", "SHOULD") <= INTROSPECTING_AUDITS, "\n".join(audit.failed_lines)
