"""Support mail sent the way a customer's mail server sends it: a real SMTP conversation
with `orbit inbound-mail`, started per test module on a free port of the test stack."""

from __future__ import annotations

import smtplib
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from email.message import EmailMessage

from tests.support.stack import Stack, free_port, wait_listening

INBOUND = """query Inbound($status: InboundMailStatus) { inboundMail(status: $status) {
  id fromAddress subject status reason ticketId } }"""


@contextmanager
def inbound_mail_server(stack: Stack, name: str) -> Iterator[int]:
    """`orbit inbound-mail` of the stack, listening on the port it yields."""
    port = free_port()
    process = stack.start(name, "inbound-mail", "--port", str(port))
    wait_listening(port, process, stack.logs / f"{name}.log")
    try:
        yield port
    finally:
        stack.stop(name)


def send(
    port: int,
    sender: str,
    to: str,
    subject: str,
    body: str,
    attachments: Sequence[tuple[str, str, bytes]] = (),
    **headers: str,
) -> str:
    """Deliver one plain-text message with (name, media type, content) attachments;
    returns its Message-ID."""
    message = EmailMessage()
    message["From"] = f"Customer <{sender}>"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = headers.pop("message_id", f"<{uuid.uuid4().hex}@mail.example>")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    for name, media_type, content in attachments:
        maintype, _, subtype = media_type.partition("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.send_message(message)
    return str(message["Message-ID"])
