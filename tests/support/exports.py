"""Exports through GraphQL: start one, wait for the worker, download its file."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx

from tests.support.graphql import TenantSession
from tests.support.stack import Stack
from tests.support.waiting import wait_until

EXPORT_FIELDS = """id list format filter status rowCount fileName failureCode failureMessage
  createdAt finishedAt expiresAt downloadUrl"""
START_EXPORT = f"""mutation Start($input: StartExportInput!) {{ startExport(input: $input) {{
  export {{ {EXPORT_FIELDS} }} userErrors {{ field code message }} }} }}"""
EXPORTS = f"""query Exports {{ exports {{ {EXPORT_FIELDS} }} }}"""


def start_export(
    session: TenantSession, list_name: str, file_format: str, flt: dict[str, Any] | None = None
) -> dict[str, Any]:
    variables = {"input": {"list": list_name, "format": file_format, "filter": flt}}
    payload: dict[str, Any] = session.client.data(START_EXPORT, variables)["startExport"]
    return payload


def finished_export(session: TenantSession, export_id: str) -> dict[str, Any]:
    """The export once the worker is done with it (done or failed)."""

    def finished() -> dict[str, Any] | None:
        for export in session.client.data(EXPORTS)["exports"]:
            if export["id"] == export_id and export["status"] in ("DONE", "FAILED"):
                found: dict[str, Any] = export
                return found
        return None

    return wait_until(finished, what=f"export {export_id} to finish")


def exported(
    session: TenantSession, list_name: str, file_format: str, flt: dict[str, Any] | None = None
) -> dict[str, Any]:
    payload = start_export(session, list_name, file_format, flt)
    assert payload["userErrors"] == [], payload["userErrors"]
    export = finished_export(session, payload["export"]["id"])
    assert export["status"] == "DONE", export
    return export


def download(stack: Stack, path: str, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.get(f"{stack.base_url}{path}", headers=headers, timeout=30)


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
