"""What one run of the generator works with: its options, the demo's accounts, bodies and
organisations, the calendar, a random stream per purpose and what it counted."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from secpanel.accounts.models import Organisation, User
from secpanel.bodies.models import Body, Membership
from secpanel.generator import calendar
from secpanel.reports.models import NonWorkingDay

if TYPE_CHECKING:
    from secpanel.generator.writers import Writer

#: The secretariat account the history is written as (secretariat of every demo body).
ACTOR = "secas"
#: Named on the RED distribution of the RED records written (as in the demo).
RED_RECIPIENT = "red.recipient"
#: Above this many records, `--scale N` writes the meetings' business in bulk.
BULK_ABOVE = 50_000


@dataclass(frozen=True)
class Options:
    """`secpanel generate --from START --until UNTIL --seed SEED --scale demo|N`."""

    start: datetime.date
    until: datetime.date
    seed: int = 1
    scale: int | None = None  # None: the demo's own density

    def check(self) -> None:
        if self.start < calendar.FIRST_MONTH:
            raise ValidationError(
                {
                    "start": f"The history starts after the seed month: from "
                    f"{calendar.FIRST_MONTH:%-d %B %Y} at the earliest."
                }
            )
        if self.until < self.start:
            raise ValidationError({"until": "--until is before --from."})
        if self.scale is not None and self.scale < 1:
            raise ValidationError({"scale": "Give a number of records, at least 1, or 'demo'."})

    @property
    def bulk(self) -> bool:
        return self.scale is not None and self.scale > BULK_ABOVE


@dataclass
class Run:
    """One run: who writes, what exists, the random streams and the counts."""

    options: Options
    actor: User
    bodies: dict[str, Body]
    users: dict[str, User]
    organisations: dict[str, Organisation]
    holidays: frozenset[datetime.date]
    members: dict[str, list[Membership]]
    writer: Writer
    density: float = 1.0
    counts: Counter[str] = field(default_factory=Counter)
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def until(self) -> datetime.date:
        return self.options.until

    def rng(self, *parts: object) -> random.Random:
        """A random stream of its own for one purpose (a meeting's agenda, an action's fate):
        the same seed and parts give the same draws, whatever else the run did."""
        return random.Random(":".join(str(p) for p in (self.options.seed, *parts)))

    def count(self, n: float) -> int:
        """`n` scaled by the run's density (at least 1 when n is)."""
        return max(1 if n >= 1 else 0, round(n * self.density))

    def red_distribution(self) -> list[User]:
        user = self.users.get(RED_RECIPIENT)
        return [user] if user is not None else []

    def org(self, short_name: str) -> Organisation | None:
        return self.organisations.get(short_name)

    def body_of(self, meeting_body_id: int) -> Body:
        return next(b for b in self.bodies.values() if b.pk == meeting_body_id)

    def next_meeting_day(self, body: str, after: datetime.date) -> datetime.date:
        return calendar.next_slot(body, after, self.holidays).day

    def text(self, template: str, day: datetime.date, **extra: Any) -> str:
        """A words.py template filled for the month of `day`."""
        month = day.replace(day=1)
        values = {
            "month": f"{month:%B %Y}",
            "previous": f"{calendar.add_months(month, -1):%B %Y}",
            "next": f"{calendar.add_months(month, 1):%B %Y}",
            "year": f"{day.year}",
            "release": calendar.release_name(calendar.first_release_after(day)),
            **extra,
        }
        return template.format(**values)


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def load_run(options: Options, writer: Writer) -> Run:
    """The demo's accounts, bodies and organisations (refused if the demo is not loaded)."""
    actor = User.objects.filter(username=ACTOR, is_active=True).first()
    if actor is None:
        raise ValidationError(
            f"There is no '{ACTOR}' account: load the demo first (secpanel demo-data)."
        )
    bodies = {b.code: b for b in Body.objects.filter(code__in=calendar.BODY_ORDER)}
    missing = sorted(set(calendar.BODY_ORDER) - set(bodies))
    if missing:
        raise ValidationError(f"The demo's bodies are missing: {', '.join(missing)}.")
    members: dict[str, list[Membership]] = {code: [] for code in bodies}
    for seat in (
        Membership.objects.filter(body__in=bodies.values(), end_date__isnull=True)
        .select_related("user", "body")
        .order_by("body__display_order", "role", "user__username")
    ):
        members[seat.body.code].append(seat)
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    organisations = {o.short_name: o for o in Organisation.objects.all() if o.short_name}
    holidays = frozenset(NonWorkingDay.objects.values_list("date", flat=True))
    return Run(
        options=options,
        actor=actor,
        bodies=bodies,
        users=users,
        organisations=organisations,
        holidays=holidays,
        members=members,
        writer=writer,
    )
