"""A real SMTP server on loopback for the tests (aiosmtpd), and the messages it received."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One message as the server received it."""

    to: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    def header(self, name: str) -> str:
        return str(self.message[name] or "").strip()

    @property
    def everything(self) -> str:
        """Subject, headers and body: what must never carry a canary."""
        return self.message.as_string() + "\n" + self.subject + "\n" + self.body


@dataclass
class Inbox:
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(Received(list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.to]

    def clear(self) -> None:
        self.received.clear()


@dataclass
class ScriptedInbox(Inbox):
    """An inbox whose server answers RCPT for some addresses as told: `answers[address]` is the
    list of replies to its next RCPTs (consumed in turn; "250" accepts), and a 550 for every
    address in `refused`. `rcpts` counts every RCPT asked, accepted or not."""

    answers: dict[str, list[str]] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)
    rcpts: list[str] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        self.rcpts.append(address)
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        queued = self.answers.get(address) or []
        answer = queued.pop(0) if queued else "250 OK"
        if not answer.startswith("250"):
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpServer:
    def __init__(self, inbox: Inbox | None = None, port: int | None = None) -> None:
        self.inbox = inbox if inbox is not None else Inbox()
        self.port = port if port is not None else free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
