"""Security headers on every response of the API process.

The console's and the portal's pages get a Content-Security-Policy that lets them load
scripts, styles, images and connections from this origin only; the portal's also lets in
Stripe.js, which its card form needs. Every response says `nosniff` and how much of its
address to pass on as the referrer, and, once the public address is https, that browsers
must use https for a while (HSTS). The header values are built once at start-up; only a
page's style nonce (`give_page_nonce`) changes from one response to the next.
"""

from __future__ import annotations

import secrets
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

# Pages only development serves, with their own inline styles: the caught-mail pages carry a
# <style>. (GraphiQL, GET /graphql with ORBIT_GRAPHIQL, is built with the apps and gets their
# policy.)
DEVELOPMENT_PAGES = ("/dev/",)
GRAPHIQL_PAGE = "/graphql"

# antd (the component library of both apps) writes its styles at run time into <style>
# elements it creates. Each app page hands the app a fresh nonce (orbit.frontend puts it in a
# <meta name="csp-nonce">) that antd sets on those elements; that page's policy lets in styles
# carrying it and no other <style>, so markup injected into a page cannot add style sheets.
NONCE_SLOT = "{nonce}"
NONCE_STATE_KEY = "orbit.csp_nonce"
# Style *attributes* only (style-src-elem falls back to style-src and stays nonce-only): antd's
# auto-growing text areas (rc-textarea) measure their text in a hidden copy positioned by a
# style attribute it sets with setAttribute. An attribute cannot load anything the rest of the
# policy forbids nor run script.
STYLE_ATTRIBUTE_SOURCES = ("'unsafe-inline'",)

EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def give_page_nonce(scope: Scope) -> str:
    """A new nonce for the page this request answers, which its policy will let styles use."""
    nonce = secrets.token_urlsafe(16)
    scope["state"][NONCE_STATE_KEY] = nonce
    return nonce


def page_nonce(scope: Scope) -> str | None:
    nonce: str | None = scope.get("state", {}).get(NONCE_STATE_KEY)
    return nonce


def content_security_policy(
    script: tuple[str, ...] = (),
    frame: tuple[str, ...] = (),
    connect: tuple[str, ...] = (),
    style: tuple[str, ...] = (),
    font: tuple[str, ...] = (),
) -> str:
    """The apps' policy, with the extra sources a page needs for scripts, frames, fetches,
    styles and fonts."""
    directives = {
        "default-src": ("'self'",),
        "script-src": ("'self'", *script),
        "style-src": ("'self'", *style),
        "style-src-attr": STYLE_ATTRIBUTE_SOURCES,
        "img-src": ("'self'", "data:"),
        "connect-src": ("'self'", *connect),
        "frame-src": ("'self'", *frame),
        "object-src": ("'none'",),
        "base-uri": ("'self'",),
        "form-action": ("'self'",),
        "frame-ancestors": ("'none'",),
    }
    if font:
        directives["font-src"] = ("'self'", *font)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def portal_policy(stripe_js_url: str, style: tuple[str, ...] = ()) -> str:
    """The console's policy plus what Stripe.js loaded from `stripe_js_url` needs."""
    stripe = origin_of(stripe_js_url)
    if stripe == STRIPE_JS_ORIGIN:
        return content_security_policy(
            script=(stripe,),
            frame=(stripe, STRIPE_FRAMES_ORIGIN),
            connect=(STRIPE_API_ORIGIN,),
            style=style,
        )
    return content_security_policy(
        script=(stripe,), frame=(stripe,), connect=(stripe,), style=style
    )


@dataclass(frozen=True)
class PagePolicy:
    """A page's policy, with the slot its nonce goes in and for a page that has none (an
    HTML answer the apps did not serve, such as an error page)."""

    with_nonce: str
    without_nonce: str

    @classmethod
    def build(cls, policy: Callable[[tuple[str, ...]], str]) -> PagePolicy:
        return cls(with_nonce=policy((f"'nonce-{NONCE_SLOT}'",)), without_nonce=policy(()))

    def for_nonce(self, nonce: str | None) -> str:
        return self.with_nonce.replace(NONCE_SLOT, nonce) if nonce else self.without_nonce


def strict_transport_security(settings: Settings) -> str | None:
    if urlsplit(settings.public_url).scheme != "https" or settings.hsts_max_age_seconds <= 0:
        return None
    return f"max-age={settings.hsts_max_age_seconds}; includeSubDomains"


def is_portal(path: str) -> bool:
    return path == "/portal" or path.startswith("/portal/")


@dataclass(frozen=True)
class SecurityHeaders:
    every_response: dict[str, str]
    page: dict[str, str]
    console_policy: PagePolicy
    portal_policy: PagePolicy
    graphiql_policy: PagePolicy

    @classmethod
    def from_settings(cls, settings: Settings) -> SecurityHeaders:
        every_response = dict(EVERY_RESPONSE)
        hsts = strict_transport_security(settings)
        if hsts:
            every_response["Strict-Transport-Security"] = hsts
        return cls(
            every_response=every_response,
            page={**every_response, "X-Frame-Options": "DENY"},
            console_policy=PagePolicy.build(lambda style: content_security_policy(style=style)),
            portal_policy=PagePolicy.build(
                lambda style: portal_policy(settings.stripe_js_url, style)
            ),
            # GraphiQL's style sheet carries its fonts inline, as data: addresses.
            graphiql_policy=PagePolicy.build(
                lambda style: content_security_policy(style=style, font=("data:",))
            ),
        )

    def policy_for(self, path: str) -> PagePolicy:
        if path == GRAPHIQL_PAGE:
            return self.graphiql_policy
        return self.portal_policy if is_portal(path) else self.console_policy

    def for_response(self, path: str, content_type: str, nonce: str | None) -> dict[str, str]:
        if not content_type.startswith("text/html") or path.startswith(DEVELOPMENT_PAGES):
            return self.every_response
        policy = self.policy_for(path)
        return {**self.page, "Content-Security-Policy": policy.for_nonce(nonce)}


def security_headers(settings: Settings) -> SecurityHeadersHook:
    """A `before_send` hook: unlike route middleware it also sees the answers to paths that
    match no route."""
    headers = SecurityHeaders.from_settings(settings)

    async def add_security_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        response_headers = MutableScopeHeaders.from_message(message)
        content_type = response_headers.get("content-type", "")
        page_headers = headers.for_response(scope["path"], content_type, page_nonce(scope))
        for name, value in page_headers.items():
            response_headers[name] = value

    return add_security_headers
