"""`orbit inbound-mail`: the SMTP server support mail is delivered to (the MX of
ORBIT_INBOUND_MAIL_DOMAIN points at it, or a relay forwards to it). A recipient must be a
tenant's support address or a ticket's reply address: anything else is refused at RCPT with
550, so the sending server bounces it to its author. An accepted message is stored for its
tenant and handed to the worker; the answer is 250 only once it is stored."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

import structlog
from aiosmtpd.smtp import SMTP, Envelope, Session

from core.context import Services
from core.settings import Settings
from orbit.runtime import open_services
from tickets.inbound import DuplicateMail, accept_mail, tenant_of_recipient

log = structlog.get_logger("orbit.inbound_mail")


class SupportMailbox:
    """aiosmtpd handler: checks each recipient, then stores the message once per tenant."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def handle_RCPT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        tenant_id = await tenant_of_recipient(self.services, address)
        if tenant_id is None:
            return "550 5.1.1 No such support address here"
        if envelope.rcpt_tos:
            # One tenant per message keeps each copy's ticket in its own tenant.
            return "452 4.5.3 One recipient per message, please"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.append(options)
        session.tenant_id = tenant_id  # type: ignore[attr-defined]
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        raw = envelope.original_content or envelope.content
        assert isinstance(raw, bytes)
        try:
            await accept_mail(
                self.services,
                session.tenant_id,  # type: ignore[attr-defined]
                envelope.rcpt_tos[0],
                envelope.mail_from or "",
                raw,
            )
        except DuplicateMail:
            return "250 Message already received"
        except Exception:
            log.exception("inbound_mail.store_failed")
            return "451 4.3.0 Could not store the message; try again later"
        return "250 Message accepted"


async def serve_inbound_mail(settings: Settings, host: str, port: int) -> None:
    if not settings.inbound_mail_domain:
        raise SystemExit("ORBIT_INBOUND_MAIL_DOMAIN is not set: there is no address to receive")
    async with open_services(settings, listen_for_policy_changes=False, pool_size=4) as services:
        handler = SupportMailbox(services)
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: SMTP(
                handler,
                data_size_limit=settings.inbound_mail_max_bytes,
                hostname=settings.inbound_mail_domain,
            ),
            host,
            port,
        )
        stop = asyncio.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        print(
            f"Receiving support mail for *@{settings.inbound_mail_domain} on smtp://{host}:{port}",
            flush=True,
        )
        async with server:
            await stop.wait()


def run_inbound_mail(settings: Settings, host: str, port: int) -> None:
    asyncio.run(serve_inbound_mail(settings, host, port))
