"""Uploading files the way the console and portal do: a multipart POST to /files with the
caller's bearer token, and fetching a file back through the signed URL GraphQL hands out."""

from __future__ import annotations

import io

import httpx
from PIL import Image

from tests.support.graphql import GraphQLClient


def png(width: int = 40, height: int = 30, colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(
    client: GraphQLClient, purpose: str, file_name: str, content: bytes, content_type: str = ""
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {client.token}"} if client.token else {}
    return httpx.post(
        f"{client.base_url}/files",
        data={"purpose": purpose},
        files={"file": (file_name, content, content_type or "application/octet-stream")},
        headers=headers,
        timeout=60,
    )


def uploaded_id(client: GraphQLClient, purpose: str, file_name: str, content: bytes) -> str:
    response = upload(client, purpose, file_name, content)
    assert response.status_code == 201, response.text
    file_id: str = response.json()["id"]
    return file_id


def fetch(client: GraphQLClient, url: str) -> httpx.Response:
    """GET a signed file URL with no token at all, as an <img> tag does."""
    return httpx.get(f"{client.base_url}{url}", timeout=30)
