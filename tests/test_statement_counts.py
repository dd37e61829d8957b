"""A list query costs a bounded number of SQL statements, however long the list: related
objects (departments, roles) come through per-request DataLoaders, one batch each.

The API counts every statement it sends, labelled by GraphQL operation name, in the
Prometheus counter `orbit_db_statements_total`; the tests read it before and after a named
operation. Test files run one after another, so nothing else runs an operation of the same
name in between.
"""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.support.graphql import INVITE, GraphQLClient, TenantSession, sign_up

# Binding the tenant, checking the token's principal, the page of users, one batch of
# departments, one batch of roles (5 today), with room for one more; never per row.
STATEMENT_BUDGET = 6
OPERATION = "StatementBudgetUsersPage"
USERS_PAGE = f"""query {OPERATION} {{
  users(first: 100) {{ edges {{ node {{ email department {{ name }} roles }} }} }}
}}"""


def statements_so_far(api: GraphQLClient, operation: str) -> float:
    text = httpx.get(f"{api.base_url}/metrics", timeout=10).text
    for family in text_string_to_metric_families(text):
        if family.name == "orbit_db_statements":
            return sum(s.value for s in family.samples
                       if s.name.endswith("_total") and s.labels.get("operation") == operation)
    return 0.0


def statements_of_users_page(api: GraphQLClient, owner: TenantSession, expected_users: int
                             ) -> int:
    # The first request after roles change reloads the tenant's policies, a cost that does
    # not depend on the list; measure the steady state.
    owner.client.data(USERS_PAGE)
    before = statements_so_far(api, OPERATION)
    edges = owner.client.data(USERS_PAGE)["users"]["edges"]
    after = statements_so_far(api, OPERATION)
    assert len(edges) == expected_users
    assert all(e["node"]["department"]["name"] and e["node"]["roles"] for e in edges)
    return int(after - before)


def invite(owner: TenantSession, count: int, start: int) -> None:
    departments = ("sales", "warehouse", "finance", "support", "management")
    for i in range(start, start + count):
        payload = owner.client.data(INVITE, {"input": {
            "email": f"colleague{i}@{owner.slug}.example.com", "name": f"Colleague {i}",
            "departmentKey": departments[i % len(departments)]}})["inviteUser"]
        assert payload["userErrors"] == []


def test_a_list_of_users_costs_the_same_statements_for_3_and_25_users(api: GraphQLClient
                                                                      ) -> None:
    owner = sign_up(api)
    invite(owner, 2, start=0)
    with_3 = statements_of_users_page(api, owner, expected_users=3)
    invite(owner, 22, start=2)
    with_25 = statements_of_users_page(api, owner, expected_users=25)

    assert with_3 > 0, "the API did not count any statement for the operation"
    assert with_25 == with_3, f"{with_3} statements for 3 users, {with_25} for 25"
    assert with_25 <= STATEMENT_BUDGET
