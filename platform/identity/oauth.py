"""The OAuth 2.0 token endpoint: RFC 6749's client-credentials grant on Authlib's server.

Authlib's server is synchronous and framework-agnostic, while our database is asynchronous.
So the Litestar handler first reads the form and loads the client it names (binding the
tenant the client id carries), then runs an Authlib server built for this one request, whose
`query_client` hands back that pre-loaded client. The server runs in a worker thread because
checking the secret is argon2 work that must not stall the event loop. Before any of that,
the attempt is counted against the client id's and the caller's address's budgets, so a
burst of guesses gets only so many secrets checked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread
import structlog
from authlib.oauth2 import AuthorizationServer, OAuth2Error
from authlib.oauth2.rfc6749 import (
    ClientMixin,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Payload,
    OAuth2Request,
)
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant as BaseClientCredentialsGrant
from authlib.oauth2.rfc6749.util import extract_basic_authorization
from litestar import MediaType, Request, Response, post

import identity.api_clients as api_clients
from core.context import Actor, Services
from core.ratelimit import AttemptThrottle, Budget, Throttled
from core.security import TokenSigner, hash_token
from core.tenancy import request_id_var
from identity.models import ApiClient

TOKEN_PATH = "/oauth/token"
AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
GRANT_TYPE = "client_credentials"
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
MAX_FORM_FIELDS = 20
# Secrets are long random strings, so a client id's budget guards the argon2 work rather than
# against guessing; it is a few addresses' budgets wide, so one failing address cannot lock
# an integration out while many addresses together still get only so many checks.
ADDRESSES_PER_CLIENT_BUDGET = 3

log = structlog.get_logger("orbit.oauth")


class TokenPayload(OAuth2Payload):  # type: ignore[misc]
    """The already-parsed form of a token request, keeping repeated fields visible."""

    def __init__(self, fields: list[tuple[str, str]]) -> None:
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for name, value in fields:
            self._datalist[name].append(value)
        self._data = {name: values[0] for name, values in self._datalist.items()}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class TokenRequest(OAuth2Request):  # type: ignore[misc]
    """A token request as Authlib reads it. Authlib refuses a non-https `uri` (loopback
    aside), so the handler passes the public address clients use, not the proxied one."""

    def __init__(self, uri: str, headers: Mapping[str, str], fields: list[tuple[str, str]]) -> None:
        super().__init__("POST", uri, headers=headers)
        self.payload = TokenPayload(fields)

    @property
    def form(self) -> dict[str, str]:
        data: dict[str, str] = self.payload.data
        return data

    @property
    def args(self) -> dict[str, str]:
        return {}

    def requested_client_id(self) -> str | None:
        basic_id, _ = extract_basic_authorization(self.headers)
        form_id: str | None = self.payload.data.get("client_id")
        return str(basic_id) if basic_id else form_id


class OAuthClient(ClientMixin):  # type: ignore[misc]
    """An API client as Authlib sees it. `row` is None for an unknown, revoked or suspended
    client: its secret check then still costs one argon2 verification and fails, so neither
    the answer nor its timing tells which it was."""

    def __init__(self, client_id: str, row: ApiClient | None) -> None:
        self.client_id = client_id
        self.row = row

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str) -> str:
        return ""

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return api_clients.secret_matches(self.row, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == GRANT_TYPE


class ClientCredentialsGrant(BaseClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS


def check_token_request(request: TokenRequest) -> None:
    """RFC 6749 §5.2 invalid_request cases Authlib leaves to the integration."""
    data, datalist = request.payload.data, request.payload.datalist
    if not data.get("grant_type"):
        raise InvalidRequestError("Missing 'grant_type' parameter.")
    repeated = sorted(name for name, values in datalist.items() if len(values) > 1)
    if repeated:
        raise InvalidRequestError(f"Repeated parameter(s): {', '.join(repeated)}.")
    basic_id, _ = extract_basic_authorization(request.headers)
    if basic_id and (data.get("client_secret") or data.get("client_id", basic_id) != basic_id):
        raise InvalidRequestError("Use exactly one client authentication method.")


class OrbitAuthorizationServer(AuthorizationServer):  # type: ignore[misc]
    """Authlib's authorization server for one token request of one pre-loaded client."""

    def __init__(self, signer: TokenSigner, client: OAuthClient | None) -> None:
        super().__init__(scopes_supported=[])
        self._signer = signer
        self._client = client
        self.issued_to: ApiClient | None = None
        self.authenticated = False
        self.register_grant(ClientCredentialsGrant)
        self.register_token_generator("default", self._generate_token)

    def query_client(self, client_id: str) -> OAuthClient:
        if self._client is not None and self._client.client_id == client_id:
            return self._client
        return OAuthClient(client_id, None)

    def save_token(self, token: dict[str, Any], request: TokenRequest) -> None:
        """Access tokens are self-contained JWTs; revocation is checked per request instead."""

    def create_oauth2_request(self, request: TokenRequest) -> TokenRequest:
        return request

    def handle_response(
        self, status: int, body: Any, headers: list[tuple[str, str]]
    ) -> Response[Any]:
        extra = {name: value for name, value in headers if name.lower() != "content-type"}
        return Response(body, status_code=status, headers=extra, media_type=MediaType.JSON)

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        if name == "after_authenticate_client":
            self.authenticated = True
            log.info("oauth.client_authenticated", client_id=kwargs["client"].get_client_id())

    def validate_requested_scope(self, scope: str | None) -> None:
        if scope:
            raise InvalidScopeError("Scopes are not used: the client's roles decide its access.")

    def create_token_response(self, request: TokenRequest | None = None) -> Response[Any]:
        assert isinstance(request, TokenRequest)
        try:
            check_token_request(request)
        except OAuth2Error as error:
            response: Response[Any] = self.handle_error_response(request, error)
            return response
        granted: Response[Any] = super().create_token_response(request)
        return granted

    def _generate_token(
        self,
        grant_type: str,
        client: OAuthClient,
        user: Any = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        assert client.row is not None, "only an authenticated client gets a token"
        access = self._signer.issue(api_clients.principal_of(client.row))
        self.issued_to = client.row
        return {
            "access_token": access.token,
            "token_type": "Bearer",
            "expires_in": access.expires_in,
        }


def error_response(error: OAuth2Error) -> Response[Any]:
    status, body, headers = error()
    extra = {name: value for name, value in headers if name.lower() != "content-type"}
    return Response(body, status_code=status, headers=extra, media_type=MediaType.JSON)


async def read_token_request(request: Request[Any, Any, Any], public_url: str) -> TokenRequest:
    media_type, _ = request.content_type
    if media_type != FORM_MEDIA_TYPE:
        raise InvalidRequestError(f"Send the parameters as {FORM_MEDIA_TYPE}.")
    try:
        fields = parse_qsl(
            (await request.body()).decode(), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS
        )
    except (UnicodeDecodeError, ValueError) as malformed:
        raise InvalidRequestError("The form body is malformed.") from malformed
    return TokenRequest(public_url.rstrip("/") + TOKEN_PATH, request.headers, fields)


async def issue_token(
    services: Services, token_request: TokenRequest, client_ip: str | None
) -> tuple[Response[Any], bool]:
    """One transaction: load the client, let Authlib authenticate it and issue the token,
    then note the client's use. Also says whether the client proved its secret."""
    async with services.db.transaction() as session:
        actor = Actor(
            services=services, session=session, request_id=request_id_var.get(), client_ip=client_ip
        )
        client_id = token_request.requested_client_id()
        client = None
        if client_id:
            client = OAuthClient(client_id, await api_clients.find_for_token(actor, client_id))
        server = OrbitAuthorizationServer(services.signer, client)
        response: Response[Any] = await anyio.to_thread.run_sync(
            server.create_token_response, token_request
        )
        if server.issued_to is not None:
            await api_clients.record_token_issued(actor, server.issued_to)
    return response, server.authenticated


@post(TOKEN_PATH, status_code=200, include_in_schema=False)
async def token_endpoint(request: Request[Any, Any, Any]) -> Response[Any]:
    """RFC 6749 token endpoint (client_credentials; client_secret_basic or _post). Errors
    answer in OAuth's own JSON format, never GraphQL's."""
    services: Services = request.app.state.services
    client_ip = request.client.host if request.client else "unknown"
    try:
        token_request = await read_token_request(request, services.settings.public_url)
    except OAuth2Error as error:
        return error_response(error)
    client_id = token_request.requested_client_id()
    if not client_id:  # no client, so no secret to check: Authlib answers invalid_client
        return (await issue_token(services, token_request, client_ip))[0]
    throttle = secret_throttle(services, client_id, client_ip)
    try:
        await throttle.admit()
    except Throttled as refusal:
        return throttled_response(refusal.retry_after_seconds)
    response, authenticated = await issue_token(services, token_request, client_ip)
    if authenticated:
        await throttle.succeeded()
    elif response.status_code != 401:  # refused before any secret was checked
        await throttle.unused()
    return response


def secret_throttle(services: Services, client_id: str, client_ip: str) -> AttemptThrottle:
    """Each attempt costs an argon2 verification, so attempts are counted before it, per
    address like staff log-ins and per client id (ADDRESSES_PER_CLIENT_BUDGET)."""
    settings = services.settings
    prefix = f"{settings.redis_namespace}:oauth"
    per_address = settings.login_max_failures_per_ip
    return AttemptThrottle(
        services.redis,
        settings.login_failure_window_seconds,
        [
            Budget(
                f"{prefix}-client:{hash_token(client_id)}",
                ADDRESSES_PER_CLIENT_BUDGET * per_address,
                "clear",
            ),
            Budget(f"{prefix}-ip:{client_ip}", per_address, "refund"),
        ],
        attempts="client authentications",
    )


def throttled_response(retry_after_seconds: int) -> Response[Any]:
    return Response(
        {
            "error": "temporarily_unavailable",
            "error_description": "Too many client authentications for this client or "
            f"from this address; try again in {retry_after_seconds} seconds.",
        },
        status_code=429,
        headers={"Retry-After": str(retry_after_seconds)},
        media_type=MediaType.JSON,
    )
