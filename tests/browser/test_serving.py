"""The API process serves the built apps with caching headers browsers can rely on."""

from __future__ import annotations

import re

import httpx

from tests.support.stack import FRONTEND_DIST, Stack

HTML = {"Accept": "text/html,application/xhtml+xml"}


def test_index_pages_are_never_stored_and_deep_links_load_the_right_app(stack: Stack) -> None:
    console = httpx.get(f"{stack.base_url}/users", headers=HTML)
    portal = httpx.get(f"{stack.base_url}/portal/login", params={"token": "x.y"}, headers=HTML)

    assert console.status_code == 200 and console.headers["cache-control"] == "no-store"
    assert "/src/console" not in console.text and 'id="root"' in console.text
    assert portal.status_code == 200 and "portal" in portal.text
    assert portal.text != console.text


def test_hashed_assets_are_immutable_and_missing_ones_are_404(stack: Stack) -> None:
    index = (FRONTEND_DIST / "index.html").read_text()
    script = re.search(r'src="(/assets/[^"]+\.js)"', index)
    assert script, index

    asset = httpx.get(f"{stack.base_url}{script.group(1)}")
    missing = httpx.get(f"{stack.base_url}/assets/not-built-0000.js", headers=HTML)

    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert asset.headers["content-type"].startswith("text/javascript")
    assert missing.status_code == 404


def test_api_paths_are_not_swallowed_by_the_apps(stack: Stack) -> None:
    assert httpx.get(f"{stack.base_url}/health/live", headers=HTML).json() == {"status": "ok"}
    assert httpx.get(f"{stack.base_url}/health/nope", headers=HTML).status_code == 404
    assert (
        httpx.get(f"{stack.base_url}/users", headers={"Accept": "application/json"}).status_code
        == 404
    )
