"""Serves the built console and customer portal (ORBIT_FRONTEND_DIST, made by `npm run build`).

Hashed files under /assets never change, so browsers keep them a year. The index pages are
read once at start-up and every answer carries a nonce of its own (in a
`<meta name="csp-nonce">` the app hands its component library, and in that answer's
Content-Security-Policy, see orbit.security_headers), so no copy of them may be stored; a new
release is picked up at once. Any other page a browser asks for is a deep link into one of the
single-page apps and gets that app's index page.
"""

from __future__ import annotations

import gzip
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from anyio import to_thread
from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler

from core.settings import ConfigurationError
from orbit.security_headers import give_page_nonce

IMMUTABLE = "public, max-age=31536000, immutable"
NEVER_STORE = "no-store"
SHORT = "public, max-age=3600"
NOT_THE_APPS = ("/graphql", "/oauth", "/health", "/metrics", "/dev", "/assets", "/webhooks")
# Pages the server hands out itself, with a nonce: the apps' index pages and GraphiQL's, which
# only GET /graphql serves, and only with ORBIT_GRAPHIQL on.
APP_PAGES = ("index.html", "graphiql.html")
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
MEDIA_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".json": "application/json",
}


def media_type_of(path: Path) -> str:
    guessed = MEDIA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    return guessed or "application/octet-stream"


def inside(root: Path, relative: str) -> Path | None:
    """The file `relative` names under `root`, or None (missing, a folder, hidden like the
    build manifest in .vite/, or outside root)."""
    candidate = (root / relative.lstrip("/")).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    if any(part.startswith(".") for part in candidate.relative_to(root).parts):
        return None
    return candidate


@lru_cache(maxsize=512)
def gzipped(path: Path, modified_ns: int) -> bytes:
    """Compressed once per file version; assets are immutable, so the cache stays right."""
    return gzip.compress(path.read_bytes(), compresslevel=9)


def file_response(
    request: Request[Any, Any, Any], path: Path, cache_control: str
) -> Response[bytes]:
    media_type = media_type_of(path)
    # nosniff, the pages' Content-Security-Policy and the rest: orbit.security_headers.
    headers = {"Cache-Control": cache_control, "Vary": "Accept-Encoding"}
    accepts_gzip = "gzip" in request.headers.get("accept-encoding", "")
    if accepts_gzip and media_type.startswith(COMPRESSIBLE):
        headers["Content-Encoding"] = "gzip"
        body = gzipped(path, path.stat().st_mtime_ns)
    else:
        body = path.read_bytes()
    return Response(body, media_type=media_type, headers=headers)


def wants_html(request: Request[Any, Any, Any]) -> bool:
    return "text/html" in request.headers.get("accept", "")


NONCE_SLOT = b"{csp-nonce}"
HEAD = re.compile(rb"<head(\s[^>]*)?>", re.IGNORECASE)


@dataclass(frozen=True)
class IndexPages:
    """Both apps' index pages, each with a slot for its answer's nonce after <head>."""

    console: bytes
    portal: bytes

    @classmethod
    def read(cls, dist: Path) -> IndexPages:
        return cls(
            console=with_nonce_slot(dist / "index.html"),
            portal=with_nonce_slot(dist / "portal" / "index.html"),
        )

    def for_path(self, path: str) -> bytes:
        """The portal's page for /portal and below, the console's for everything else."""
        if path == "/portal" or path.startswith("/portal/"):
            return self.portal
        return self.console


def with_nonce_slot(page: Path) -> bytes:
    if not page.is_file():
        raise ConfigurationError(
            f"ORBIT_FRONTEND_DIST: {page} is missing; build the front end with "
            "`npm run build` in frontend/ or unset the setting."
        )
    html = page.read_bytes()
    head = HEAD.search(html)
    if head is None:
        raise ConfigurationError(f"ORBIT_FRONTEND_DIST: {page} has no <head>.")
    meta = b'\n    <meta name="csp-nonce" content="' + NONCE_SLOT + b'" />'
    return html[: head.end()] + meta + html[head.end() :]


def index_page_response(request: Request[Any, Any, Any], page: bytes) -> Response[bytes]:
    """`page` with a nonce of its own, never stored: it is good for this answer only."""
    nonce = give_page_nonce(request.scope)
    return Response(
        page.replace(NONCE_SLOT, nonce.encode()),
        media_type="text/html",
        headers={"Cache-Control": NEVER_STORE},
    )


GRAPHIQL_NEEDS_BUILD = (
    b"<!doctype html><title>GraphiQL</title><p>GraphiQL is part of the built front end: "
    b"build it (<code>npm run build</code> in frontend/) and set ORBIT_FRONTEND_DIST, or open "
    b"/graphiql.html on the Vite development server.</p>"
)


def graphiql_page(frontend_dist: str | None) -> Callable[[Request[Any, Any, Any]], Response[bytes]]:
    """Development's GraphiQL page (frontend/graphiql.html, built with the apps): its code
    comes from this origin, so it loads offline and under the apps' strict policy."""
    built = Path(frontend_dist).resolve() / "graphiql.html" if frontend_dist else None
    page = with_nonce_slot(built) if built and built.is_file() else GRAPHIQL_NEEDS_BUILD

    def answer(request: Request[Any, Any, Any]) -> Response[bytes]:
        return index_page_response(request, page)

    return answer


def frontend_route_handlers(frontend_dist: str) -> list[HTTPRouteHandler]:
    """Route handlers for the built apps in `frontend_dist`."""
    dist = Path(frontend_dist).resolve()
    index_pages = IndexPages.read(dist)
    assets = dist / "assets"

    @get("/assets/{file_path:path}", include_in_schema=False)
    async def asset(request: Request[Any, Any, Any], file_path: str) -> Response[bytes]:
        found = inside(assets, file_path)
        if found is None:
            raise NotFoundException("No such asset.")
        return await to_thread.run_sync(file_response, request, found, IMMUTABLE)

    @get(["/", "/{page_path:path}"], include_in_schema=False)
    async def page(request: Request[Any, Any, Any], page_path: str = "/") -> Response[bytes]:
        path = "/" + page_path.lstrip("/")
        if any(path == prefix or path.startswith(f"{prefix}/") for prefix in NOT_THE_APPS):
            raise NotFoundException()
        static = inside(dist, path) if path != "/" else None
        if static is not None and static.name not in APP_PAGES:
            return await to_thread.run_sync(file_response, request, static, SHORT)
        if not wants_html(request):
            raise NotFoundException()
        return index_page_response(request, index_pages.for_path(path))

    return [asset, page]
