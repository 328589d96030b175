"""The feeds' addresses: calendars (ICS), a meeting's "Add to calendar", and "Your feeds"
(the person's feed key: made, replaced, turned off). The Atom feeds are `feeds.atom`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from secpanel.accounts.types import AuthenticatedHttpRequest
from secpanel.bodies.selectors import body_by_code, body_list
from secpanel.core.form_bounds import BoundedForm
from secpanel.feeds import selectors, services
from secpanel.feeds.ics import ics_response
from secpanel.meetings.calendar import meeting_event
from secpanel.meetings.selectors import meeting_list


def public_calendar(request: HttpRequest) -> HttpResponse:
    """`/calendar.ics`: every White event (meetings, public deadlines) of every body."""
    events = selectors.calendar_events(selectors.public_reader(), public=True)
    return ics_response(events, request, name="SEC Panel and sub-committees (public)")


def body_calendar(request: HttpRequest, code: str) -> HttpResponse:
    """`/bodies/<code>/calendar.ics`: one body's White events."""
    body = body_by_code(code)
    events = selectors.calendar_events(selectors.public_reader(), public=True, body=body)
    return ics_response(events, request, name=f"{body.name} (public)")


def private_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """`/feeds/<key>/calendar.ics`: everything the key's person may read (404 for a revoked
    or unknown key, or an inactive person)."""
    reader = selectors.reader_for_key(token)
    events = selectors.calendar_events(reader, public=False)
    return ics_response(events, request, name="secpanel: your calendar", private=True)


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting as one downloadable event (meetings and their dates are public; a meeting
    that does not exist is the 404 page)."""
    meeting = get_object_or_404(meeting_list(), pk=pk)
    return ics_response(
        [meeting_event(meeting)],
        request,
        name=str(meeting),
        filename=f"meeting-{meeting.pk}.ics",
    )


class FeedKeyForm(BoundedForm):
    """What to do with the person's feed key."""

    action = forms.ChoiceField(
        choices=[("rotate", "Make new addresses"), ("revoke", "Turn private feeds off")]
    )


FEEDS = [
    ("Calendar (ICS)", "calendar"),
    ("Published papers (Atom)", "papers"),
    ("Decisions (Atom)", "decisions"),
    ("Changes to modifications (Atom)", "modifications"),
]


def _public_urls(request: HttpRequest) -> list[tuple[str, str]]:
    names = {
        "calendar": "feeds:public_calendar",
        "papers": "feeds:papers_atom",
        "decisions": "feeds:decisions_atom",
        "modifications": "feeds:modifications_atom",
    }
    return [(label, request.build_absolute_uri(reverse(names[key]))) for label, key in FEEDS]


def _private_urls(request: HttpRequest, key: str) -> list[tuple[str, str]]:
    names = {
        "calendar": "feeds:private_calendar",
        "papers": "feeds:private_papers_atom",
        "decisions": "feeds:private_decisions_atom",
        "modifications": "feeds:private_modifications_atom",
    }
    return [
        (label, request.build_absolute_uri(reverse(names[k], args=[key]))) for label, k in FEEDS
    ]


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """`/feeds/`: the public feeds, each body's calendar, and the person's private feeds (their
    addresses are shown once, when made; making new ones turns the old ones off)."""
    user = request.user
    new_key = ""
    status = 200
    form = FeedKeyForm()
    if request.method == "POST":
        form = FeedKeyForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["action"] == "rotate":
                _token, new_key = services.feed_token_rotate(actor=user, user=user)
            else:
                services.feed_token_revoke(actor=user, user=user)
                messages.success(
                    request, "Your private feeds are off: their addresses answer nothing."
                )
                return redirect("feeds:index")
        else:
            status = 400
    bodies = [
        (b, request.build_absolute_uri(reverse("feeds:body_calendar", args=[b.code])))
        for b in body_list()
    ]
    return render(
        request,
        "feeds/index.html",
        {
            "public_feeds": _public_urls(request),
            "bodies": bodies,
            "token": selectors.feed_token_of(user),
            "private_feeds": _private_urls(request, new_key) if new_key else [],
            "form": form,
        },
        status=status,
    )
