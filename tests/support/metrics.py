"""What the API's Prometheus metrics say, for statement-count budgets."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.support.graphql import GraphQLClient


def statements_so_far(api: GraphQLClient, operation: str) -> float:
    """The SQL statements the API has run for the named GraphQL operation since it started."""
    text = httpx.get(f"{api.base_url}/metrics", timeout=10).text
    for family in text_string_to_metric_families(text):
        if family.name == "orbit_db_statements":
            return sum(
                s.value
                for s in family.samples
                if s.name.endswith("_total") and s.labels.get("operation") == operation
            )
    return 0.0
