"""What every response tells the browser: the apps' pages their Content-Security-Policy (the
portal's lets Stripe.js in, the console's does not; styles only from this origin or carrying
the page's one-time nonce) and that they may not be framed; every
response `nosniff` and a referrer policy; HSTS once the public address is https. And /metrics,
which only Prometheus may read: with a token, whoever shows it; without one, only direct
connections from this machine."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from tests.support.graphql import GraphQLClient
from tests.support.stack import Stack

PAGE = {"Accept": "text/html"}
METRICS_TOKEN = "metrics-token-for-the-tests-0123456789"
HSTS_SECONDS = 86400
EVERY_RESPONSE = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
}


@pytest.fixture(scope="module")
def public_api(stack: Stack) -> Iterator[str]:
    """An API with an https public address and a metrics token, as in production, and
    (development's) GraphiQL on."""
    production_like = {
        "ORBIT_PUBLIC_URL": "https://orbit.example.test",
        "ORBIT_HSTS_MAX_AGE_SECONDS": str(HSTS_SECONDS),
        "ORBIT_METRICS_TOKEN": METRICS_TOKEN,
        "ORBIT_GRAPHIQL": "true",
    }
    with stack.another_api("api-public", production_like) as url:
        yield url


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


def page_headers(base_url: str, path: str) -> httpx.Headers:
    response = httpx.get(f"{base_url}{path}", headers=PAGE)
    assert response.status_code == 200, f"{path}: is the front end built (npm run build)?"
    assert response.headers["content-type"].startswith("text/html"), path
    return response.headers


def assert_sent_on_every_response(headers: httpx.Headers) -> None:
    for name, value in EVERY_RESPONSE.items():
        assert headers.get(name) == value, (name, headers)


def assert_strict_page(headers: httpx.Headers) -> dict[str, list[str]]:
    """The headers every page of the apps carries; the page's policy, parsed."""
    assert_sent_on_every_response(headers)
    assert headers["x-frame-options"] == "DENY"
    policy = directives(headers["content-security-policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(policy["script-src"])
    assert policy["style-src"][0] == "'self'"
    for styles in ("style-src", "style-src-elem"):
        assert "'unsafe-inline'" not in policy.get(styles, []), (styles, policy)
    # Style attributes, which antd's auto-growing text areas set, cannot load anything.
    assert policy["style-src-attr"] == ["'unsafe-inline'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    return policy


def meta_nonce(page: str) -> str:
    found = re.findall(r'<meta name="csp-nonce" content="([^"]+)"', page)
    assert len(found) == 1, page
    return found[0]


def stripe_origin(stack: Stack) -> str:
    parts = urlsplit(stack.env["ORBIT_STRIPE_JS_URL"])
    return f"{parts.scheme}://{parts.netloc}"


def test_the_console_page_allows_nothing_from_elsewhere(stack: Stack) -> None:
    for path in ("/", "/login", "/orders/123"):
        headers = page_headers(stack.base_url, path)
        policy = assert_strict_page(headers)
        assert policy["script-src"] == ["'self'"], path
        assert policy["connect-src"] == ["'self'"], path
        assert policy["frame-src"] == ["'self'"], path
        assert stripe_origin(stack) not in headers["content-security-policy"], path


def test_the_portal_page_lets_in_stripe_js_and_nothing_else(stack: Stack) -> None:
    stripe = stripe_origin(stack)
    for path in ("/portal/", "/portal/orders/123"):
        policy = assert_strict_page(page_headers(stack.base_url, path))
        # Stripe.js runs, shows its card form in frames and talks to its API from its origin.
        assert policy["script-src"] == ["'self'", stripe], path
        assert policy["frame-src"] == ["'self'", stripe], path
        assert policy["connect-src"] == ["'self'", stripe], path


def test_every_page_gets_a_style_nonce_of_its_own_and_is_never_stored(stack: Stack) -> None:
    """antd writes its styles into <style> elements at run time: each carries the nonce the
    page's meta tag hands the app, which that page's policy, and no other, lets in."""
    nonces = []
    for path in ("/", "/", "/customers", "/portal/", "/portal/orders/123"):
        page = httpx.get(f"{stack.base_url}{path}", headers=PAGE)
        policy = assert_strict_page(page.headers)
        nonce = meta_nonce(page.text)
        assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", nonce), nonce
        assert policy["style-src"] == ["'self'", f"'nonce-{nonce}'"], path
        assert page.headers["cache-control"] == "no-store", path
        nonces.append(nonce)
    assert len(set(nonces)) == len(nonces), nonces


def test_the_apps_scripts_say_nosniff(stack: Stack) -> None:
    page = httpx.get(f"{stack.base_url}/", headers=PAGE).text
    scripts = re.findall(r'src="(/assets/[^"]+\.js)"', page)
    assert scripts, page
    for script in scripts:
        answer = httpx.get(f"{stack.base_url}{script}")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(
            "text/javascript"
        ), script
        assert_sent_on_every_response(answer.headers)
        assert "content-security-policy" not in answer.headers


def test_api_answers_say_nosniff_and_carry_no_page_policy(stack: Stack, api: GraphQLClient) -> None:
    answers = {
        "graphql": api.raw("query SecurityHeaders { __typename }"),
        "health": httpx.get(f"{stack.base_url}/health/live"),
        "token": httpx.post(f"{stack.base_url}/oauth/token", data={"grant_type": "nonsense"}),
        "missing": httpx.get(f"{stack.base_url}/health/nothing-here"),
    }
    assert answers["graphql"].status_code == 200
    for name, answer in answers.items():
        assert_sent_on_every_response(answer.headers)
        assert "strict-transport-security" not in answer.headers, "the public URL is http"
        assert "content-security-policy" not in answer.headers, name


def test_every_answer_of_an_https_deployment_asks_for_https(public_api: str) -> None:
    hsts = f"max-age={HSTS_SECONDS}; includeSubDomains"
    answers = [
        httpx.get(f"{public_api}/health/live"),
        httpx.post(f"{public_api}/graphql", json={"query": "{ __typename }"}),
        httpx.get(f"{public_api}/no/such/route"),
        httpx.get(f"{public_api}/metrics"),
        httpx.get(f"{public_api}/", headers=PAGE),
        httpx.get(f"{public_api}/portal/", headers=PAGE),
    ]
    for answer in answers:
        assert answer.headers.get("strict-transport-security") == hsts, answer.request.url
        assert_sent_on_every_response(answer.headers)


def test_graphiql_loads_only_from_this_origin_under_the_apps_policy(public_api: str) -> None:
    """GraphiQL (development only) is built with the apps: it used to load React and GraphiQL
    from a public CDN, so it never loaded offline and had to go without a policy."""
    graphiql = httpx.get(f"{public_api}/graphql", headers=PAGE)
    assert graphiql.status_code == 200 and "graphiql" in graphiql.text.lower()
    assert_sent_on_every_response(graphiql.headers)
    policy = directives(graphiql.headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"] and policy["connect-src"] == ["'self'"]
    assert not re.search(r"(src|href)=\"(https?:)?//", graphiql.text), graphiql.text
    assets = re.findall(r"(?:src|href)=\"(/assets/[^\"]+)\"", graphiql.text)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert httpx.get(f"{public_api}{asset}").status_code == 200, asset


def test_graphiql_is_no_page_of_its_own_without_the_setting(stack: Stack) -> None:
    answer = httpx.get(f"{stack.base_url}/graphiql.html", headers=PAGE)
    assert "graphiql" not in answer.text.lower()


def test_metrics_need_the_token_once_one_is_set(public_api: str) -> None:
    url = f"{public_api}/metrics"
    for headers in (
        {},
        {"Authorization": "Bearer wrong-token-0123456789"},
        {"Authorization": f"Basic {METRICS_TOKEN}"},
        {"Authorization": f"Bearer {METRICS_TOKEN}x"},
    ):
        refused = httpx.get(url, headers=headers)
        assert refused.status_code == 401, headers
        assert refused.headers["www-authenticate"].startswith("Bearer")
        assert "orbit_http_requests_total" not in refused.text
    shown = httpx.get(url, headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert shown.status_code == 200
    assert re.search(r"^orbit_http_requests_total\{", shown.text, re.MULTILINE)


def test_without_a_token_metrics_look_absent_to_anything_that_came_through_a_proxy(
    stack: Stack,
) -> None:
    url = f"{stack.base_url}/metrics"
    assert httpx.get(url).status_code == 200  # a direct connection from this machine
    for proxied in (
        {"X-Forwarded-For": "203.0.113.7"},
        {"X-Forwarded-For": "127.0.0.1"},
        {"Forwarded": "for=203.0.113.7;proto=https"},
    ):
        hidden = httpx.get(url, headers=proxied)
        assert hidden.status_code == 404, proxied
        assert hidden.text == httpx.get(f"{stack.base_url}/no/such/route").text
