"""Development mail catching: an SMTP server that keeps every message as an .eml file under
`<data_dir>/mail/`, and the API pages that show them (`/dev/mail`, development only)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import signal
import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate
from html import escape
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP
from litestar import Response, get
from litestar.exceptions import NotFoundException

from core.settings import Settings

MESSAGE_NAME = re.compile(r"^[A-Za-z0-9_.-]+\.eml$")
URL = re.compile(r"https?://[^\s<>\"']+")
MAX_LISTED = 200


def mail_directory(settings: Settings) -> Path:
    return Path(settings.data_dir) / "mail"


class MaildirSink:
    """aiosmtpd handler: each message received becomes one .eml file (written atomically)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        partial = self.directory / f".{name}.part"
        partial.write_bytes(envelope.original_content or envelope.content)
        partial.rename(self.directory / name)
        return "250 Message accepted for delivery"


async def serve_smtp(settings: Settings, host: str, port: int) -> None:
    directory = mail_directory(settings)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(MaildirSink(directory)), host, port)
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    print(
        f"Catching mail on smtp://{host}:{port} into {directory.resolve()}; read it at "
        f"{settings.public_url}/dev/mail",
        flush=True,
    )
    async with server:
        await stop.wait()


def run_mailcatcher(settings: Settings, host: str, port: int) -> None:
    asyncio.run(serve_smtp(settings, host, port))


# --- the viewer (registered by the API only in development) --------------------------------


def _read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _plain_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return str(part.get_content()) if part is not None else ""


def _linkified(text: str) -> str:
    """Escape text for HTML, turning its URLs into links."""
    pieces: list[str] = []
    position = 0
    for match in URL.finditer(text):
        url = match.group(0)
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f'<a href="{escape(url, quote=True)}">{escape(url)}</a>')
        position = match.end()
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def _received_at(path: Path) -> str:
    return formatdate(path.stat().st_mtime, localtime=True)


def _article(path: Path, message: EmailMessage) -> str:
    return (
        f'<article><h2><a href="/dev/mail/{escape(path.name)}">'
        f"{escape(str(message['Subject'] or '(no subject)'))}</a></h2>"
        f"<p><b>To:</b> {escape(str(message['To'] or ''))} &middot; "
        f"<b>From:</b> {escape(str(message['From'] or ''))} &middot; "
        f"<b>Date:</b> {escape(str(message['Date'] or _received_at(path)))}</p>"
        f"<pre>{_linkified(_plain_text(message))}</pre></article>"
    )


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)}</title>'
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}"
        "article{border-bottom:1px solid #ddd;padding:.5rem 0}"
        "pre{white-space:pre-wrap}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def render_index(directory: Path) -> str:
    files = (
        sorted(directory.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns, reverse=True)[
            :MAX_LISTED
        ]
        if directory.is_dir()
        else []
    )
    articles = "".join(_article(path, _read(path)) for path in files)
    return _page("Caught mail (development)", articles or "<p>No mail yet.</p>")


def render_message(directory: Path, name: str) -> str:
    path = directory / name
    if not MESSAGE_NAME.match(name) or not path.is_file():
        raise NotFoundException()
    message = _read(path)
    raw = path.read_text(errors="replace")
    return _page(
        str(message["Subject"] or "(no subject)"),
        _article(path, message) + f"<details><summary>Source</summary><pre>"
        f'{escape(raw)}</pre></details><p><a href="/dev/mail">All mail</a></p>',
    )


def dev_mail_routes(settings: Settings) -> list[Any]:
    """The caught-mail pages, only in development (never in test or production)."""
    if settings.environment != "development":
        return []
    directory = mail_directory(settings)

    @get("/dev/mail", sync_to_thread=True, include_in_schema=False)
    def mail_index() -> Response[str]:
        return Response(render_index(directory), media_type="text/html")

    @get("/dev/mail/{name:str}", sync_to_thread=True, include_in_schema=False)
    def mail_message(name: str) -> Response[str]:
        return Response(render_message(directory, name), media_type="text/html")

    return [mail_index, mail_message]
