"""`{% follow_button record %}`: the follow button on a modification, consultation or body
page, for a signed-in person. The page has read the record through `visible_to`, so the button
is only ever drawn for a record its reader may read (and the POST reads it again: 404)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from secpanel.bodies.models import Body
from secpanel.documents.models import Consultation
from secpanel.modifications.models import Modification
from secpanel.notifications.selectors import is_following

register = template.Library()


@register.inclusion_tag("notifications/partials/follow_button.html", takes_context=True)
def follow_button(
    context: template.Context, record: Any, following: bool | None = None
) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    if isinstance(record, Modification):
        url = reverse("notifications:follow_modification", args=[record.reference])
    elif isinstance(record, Consultation):
        url = reverse("notifications:follow_consultation", args=[record.pk])
    elif isinstance(record, Body):
        url = reverse("notifications:follow_body", args=[record.code])
    else:
        return {"show": False}
    return {
        "show": True,
        "url": url,
        "following": is_following(user, record) if following is None else following,
        "csrf_token": context.get("csrf_token"),
    }
