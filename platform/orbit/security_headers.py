"""Security headers on every response of the API process.

The console's and the portal's pages get a Content-Security-Policy that lets them load
scripts, styles, images and connections from this origin only; the portal's also lets in
Stripe.js, which its card form needs. Every response says `nosniff` and how much of its
address to pass on as the referrer, and, once the public address is https, that browsers
must use https for a while (HSTS). The header values are built once at start-up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from core.settings import Settings

SecurityHeadersHook = Callable[[Message, Scope], Awaitable[None]]

# Stripe.js from js.stripe.com talks to Stripe's API and opens 3-D Secure pages in frames
# from these hosts (Stripe's guide to Content-Security-Policy). A stand-in served from
# another origin (localstripe in the tests) does both from its own origin.
STRIPE_JS_ORIGIN = "https://js.stripe.com"
STRIPE_API_ORIGIN = "https://api.stripe.com"
STRIPE_FRAMES_ORIGIN = "https://hooks.stripe.com"

# Pages only development serves, with their own inline scripts and styles: GraphiQL
# (GET /graphql, ORBIT_GRAPHIQL) loads from a CDN and the caught-mail pages carry a <style>.
DEVELOPMENT_PAGES = ("/graphql", "/dev/")

# antd (the component library of both apps) writes its styles at run time into <style>
# elements it creates, which `style-src 'self'` alone would block: the apps would render
# unstyled. Scripts stay strictly 'self', which is what stops injected code from running.
STYLE_SOURCES = ("'self'", "'unsafe-inline'")

EVERY_RESPONSE = {"X-Content-Type-Options": "nosniff",
                  "Referrer-Policy": "strict-origin-when-cross-origin"}


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(script: tuple[str, ...] = (), frame: tuple[str, ...] = (),
                            connect: tuple[str, ...] = ()) -> str:
    """The apps' policy, with the extra origins a page needs for scripts, frames and fetches."""
    directives = {
        "default-src": ("'self'",),
        "script-src": ("'self'", *script),
        "style-src": STYLE_SOURCES,
        "img-src": ("'self'", "data:"),
        "connect-src": ("'self'", *connect),
        "frame-src": ("'self'", *frame),
        "object-src": ("'none'",),
        "base-uri": ("'self'",),
        "form-action": ("'self'",),
        "frame-ancestors": ("'none'",),
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def portal_policy(stripe_js_url: str) -> str:
    """The console's policy plus what Stripe.js loaded from `stripe_js_url` needs."""
    stripe = origin_of(stripe_js_url)
    if stripe == STRIPE_JS_ORIGIN:
        return content_security_policy(script=(stripe,), frame=(stripe, STRIPE_FRAMES_ORIGIN),
                                       connect=(STRIPE_API_ORIGIN,))
    return content_security_policy(script=(stripe,), frame=(stripe,), connect=(stripe,))


def strict_transport_security(settings: Settings) -> str | None:
    if urlsplit(settings.public_url).scheme != "https" or settings.hsts_max_age_seconds <= 0:
        return None
    return f"max-age={settings.hsts_max_age_seconds}; includeSubDomains"


def is_portal(path: str) -> bool:
    return path == "/portal" or path.startswith("/portal/")


@dataclass(frozen=True)
class SecurityHeaders:
    every_response: dict[str, str]
    console_page: dict[str, str]
    portal_page: dict[str, str]

    @classmethod
    def from_settings(cls, settings: Settings) -> SecurityHeaders:
        every_response = dict(EVERY_RESPONSE)
        hsts = strict_transport_security(settings)
        if hsts:
            every_response["Strict-Transport-Security"] = hsts
        page = {"X-Frame-Options": "DENY"}
        return cls(every_response=every_response,
                   console_page={**page, "Content-Security-Policy": content_security_policy()},
                   portal_page={**page,
                                "Content-Security-Policy": portal_policy(settings.stripe_js_url)})

    def for_response(self, path: str, content_type: str) -> dict[str, str]:
        if not content_type.startswith("text/html") or path.startswith(DEVELOPMENT_PAGES):
            return self.every_response
        page = self.portal_page if is_portal(path) else self.console_page
        return {**self.every_response, **page}


def security_headers(settings: Settings) -> SecurityHeadersHook:
    """A `before_send` hook: unlike route middleware it also sees the answers to paths that
    match no route."""
    headers = SecurityHeaders.from_settings(settings)

    async def add_security_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        response_headers = MutableScopeHeaders.from_message(message)
        content_type = response_headers.get("content-type", "")
        for name, value in headers.for_response(scope["path"], content_type).items():
            response_headers[name] = value

    return add_security_headers
