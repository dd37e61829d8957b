"""Serves the built console and customer portal (ORBIT_FRONTEND_DIST, made by `npm run build`).

Hashed files under /assets never change, so browsers keep them a year; the index pages are
revalidated on every load so a new release is picked up at once. Any other page a browser asks
for is a deep link into one of the single-page apps and gets that app's index page.
"""

from __future__ import annotations

import gzip
import mimetypes
from functools import lru_cache
from pathlib import Path
from typing import Any

from anyio import to_thread
from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler

from core.settings import ConfigurationError

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
SHORT = "public, max-age=3600"
NOT_THE_APPS = ("/graphql", "/oauth", "/health", "/metrics", "/dev", "/assets", "/webhooks")
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
MEDIA_TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
               ".svg": "image/svg+xml", ".woff2": "font/woff2", ".json": "application/json"}


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


def file_response(request: Request[Any, Any, Any], path: Path,
                  cache_control: str) -> Response[bytes]:
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


def index_page_for(dist: Path, path: str) -> Path:
    """The portal's page for /portal and below, the console's for everything else."""
    if path == "/portal" or path.startswith("/portal/"):
        return dist / "portal" / "index.html"
    return dist / "index.html"


def check_dist(dist: Path) -> None:
    for page in (dist / "index.html", dist / "portal" / "index.html"):
        if not page.is_file():
            raise ConfigurationError(
                f"ORBIT_FRONTEND_DIST: {page} is missing; build the front end with "
                "`npm run build` in frontend/ or unset the setting.")


def frontend_route_handlers(frontend_dist: str) -> list[HTTPRouteHandler]:
    """Route handlers for the built apps in `frontend_dist`."""
    dist = Path(frontend_dist).resolve()
    check_dist(dist)
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
        if static is not None and static.name != "index.html":
            return await to_thread.run_sync(file_response, request, static, SHORT)
        if not wants_html(request):
            raise NotFoundException()
        return await to_thread.run_sync(file_response, request, index_page_for(dist, path),
                                        REVALIDATE)

    return [asset, page]
