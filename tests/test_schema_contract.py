"""`schema.graphql` is the API's contract: it matches what the code serves, it changes
without breaking clients unless a break is declared in `schema-changes.json`, and every
type and field is documented (the descriptions are the API reference).

Declaring a breaking change: add an entry to `changes` in `schema-changes.json` whose
`change` is the text this test prints for it (`<BreakingChangeType>: <description>`, as
graphql-core's `find_breaking_changes` words it) and whose `reason` says why clients may
break and how they migrate.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_client_schema,
    build_schema,
    find_breaking_changes,
    get_introspection_query,
)

from tests.support.stack import ORBIT, REPO

SCHEMA = REPO / "schema.graphql"
DECLARATIONS = REPO / "schema-changes.json"
STANDARD_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}


def export_env() -> dict[str, str]:
    """Exporting needs no database or Redis; the developer's ORBIT_* settings stay out."""
    return {k: v for k, v in os.environ.items() if not k.startswith("ORBIT_")}


def run_export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ORBIT, "export-schema", *args],
        cwd=REPO,
        env=export_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- (a) the committed file is what the code exports -------------------------------------


def test_schema_graphql_is_up_to_date() -> None:
    result = run_export("--check")
    assert result.returncode == 0, (
        f"{result.stderr.strip()}\nschema.graphql differs from the code: run "
        "`orbit export-schema` and review the diff (and schema-changes.json if it breaks)."
    )


def test_the_staleness_check_notices_a_changed_file(tmp_path: Path) -> None:
    stale = tmp_path / "schema.graphql"
    stale.write_text(SCHEMA.read_text().replace("type Query {", "type Query {\n  gone: Int\n"))
    result = run_export("--check", "--output", str(stale))
    assert result.returncode != 0
    assert "stale" in result.stderr


# --- (b) breaking changes are declared ----------------------------------------------------


@dataclass(frozen=True)
class Version:
    label: str
    sdl: str


def git(*args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
        )
    except FileNotFoundError:
        return None
    return result.stdout if result.returncode == 0 else None


# Commits whose schema.graphql does not parse, so no client ever saw it: the history skips
# them and compares the versions on either side. The table only grows by mistake.
UNPARSABLE_COMMITS = {
    "82ee03d1ef": "audit names: a partial stage of the regenerated file put a type inside "
    "another (the next commits carry the whole file)",
    "261a76742d": "customer timeline: the same partial stage put a field's description "
    "outside its type",
}


def schema_history() -> list[Version]:
    """Every committed schema.graphql, oldest first, then the working tree's file. Outside
    a git checkout only the working tree's file exists."""
    revisions = (git("log", "--format=%H", "--", "schema.graphql") or "").split()
    versions = []
    for revision in reversed(revisions):
        if revision[:10] in UNPARSABLE_COMMITS:
            continue
        sdl = git("show", f"{revision}:schema.graphql")
        if sdl is not None:  # a commit that deleted the file
            versions.append(Version(f"commit {revision[:10]}", sdl))
    if SCHEMA.exists():
        versions.append(Version("working tree", SCHEMA.read_text()))
    return versions


def breaking_changes(old: GraphQLSchema, new: GraphQLSchema) -> list[str]:
    return [
        f"{change.type.name}: {change.description}" for change in find_breaking_changes(old, new)
    ]


def declared_changes() -> dict[str, str]:
    entries: list[dict[str, Any]] = json.loads(DECLARATIONS.read_text())["changes"]
    return {entry["change"]: entry["reason"] for entry in entries}


def undeclared(history: list[Version], declared: dict[str, str]) -> list[str]:
    # Each version is built once: the history grows with every schema change.
    schemas = [build_schema(version.sdl) for version in history]
    problems = []
    for (old, new), (old_schema, new_schema) in zip(
        itertools.pairwise(history), itertools.pairwise(schemas), strict=True
    ):
        problems += [
            f"{old.label} -> {new.label}: {change}"
            for change in breaking_changes(old_schema, new_schema)
            if change not in declared
        ]
    return problems


def test_every_breaking_change_in_the_history_is_declared() -> None:
    assert undeclared(schema_history(), declared_changes()) == [], (
        "breaking schema changes must be declared in schema-changes.json"
    )


def test_declarations_say_what_broke_and_why() -> None:
    for change, reason in declared_changes().items():
        kind = change.split(":", 1)[0]
        assert kind.isupper() and ": " in change, change
        assert len(reason.strip()) >= 20, f"say why {change!r} was necessary"


def test_an_undeclared_break_is_reported_by_name() -> None:
    """The guard itself: dropping a field from today's schema is named until declared."""
    current = SCHEMA.read_text()
    broken = re.sub(r'(  """[^"]*"""\n)?  hasNextPage: Boolean!\n', "", current, count=1)
    assert broken != current
    history = [Version("before", current), Version("after", broken)]
    expected = "FIELD_REMOVED: Field PageInfo.hasNextPage was removed."
    assert undeclared(history, {}) == [f"before -> after: {expected}"]
    assert undeclared(history, {expected: "clients were told to use endCursor instead"}) == []


# --- (c) every type and field is documented -----------------------------------------------


def served_schema(base_url: str, access_token: str) -> GraphQLSchema:
    """What the API serves, introspected as staff (anonymous callers may not introspect)."""
    response = httpx.post(
        f"{base_url}/graphql",
        json={"query": get_introspection_query(descriptions=True, input_value_deprecation=True)},
        timeout=30,
        headers={"authorization": f"Bearer {access_token}"},
    )
    introspection = response.json()
    assert not introspection.get("errors"), introspection
    return build_client_schema(introspection["data"])


def undocumented(schema: GraphQLSchema) -> list[str]:
    """Types, fields and input fields without a description. The root operation types
    are containers whose fields carry the documentation, so they are not required."""
    roots = {
        t.name
        for t in (schema.query_type, schema.mutation_type, schema.subscription_type)
        if t is not None
    }
    missing = []
    for name, named in schema.type_map.items():
        if name.startswith("__") or name in STANDARD_SCALARS:
            continue
        if not named.description and name not in roots:
            missing.append(f"type {name}")
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            missing += [
                f"field {name}.{field}"
                for field, definition in named.fields.items()
                if not definition.description
            ]
        if isinstance(named, GraphQLEnumType) and not named.values:
            missing.append(f"enum {name} has no values")
    return sorted(missing)


def test_every_type_and_field_is_documented(api: Any, tenant: Any) -> None:
    schema = served_schema(api.base_url, tenant.access_token)
    assert schema.mutation_type is not None and schema.mutation_type.fields
    assert undocumented(schema) == []


def test_the_documentation_check_notices_a_missing_description() -> None:
    bare = build_schema('"""A thing."""\ntype Thing { name: String }\ntype Query { thing: Thing }')
    assert undocumented(bare) == ["field Query.thing", "field Thing.name"]
