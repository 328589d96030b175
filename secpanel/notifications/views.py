"""Pages of notifications: the e-mail settings, the follow buttons, the unsubscribe link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from secpanel.accounts.types import Actor, AuthenticatedHttpRequest
from secpanel.bodies.models import Body
from secpanel.bodies.selectors import body_by_code
from secpanel.core.classification import Classification
from secpanel.core.selectors import get_visible_or_404
from secpanel.documents.models import Consultation
from secpanel.modifications.models import Modification
from secpanel.notifications import selectors, services
from secpanel.notifications.forms import FollowForm, SettingsForm, UnsubscribeForm
from secpanel.notifications.mail import read_unsubscribe_token
from secpanel.notifications.models import SWITCHES, NotificationSettings
from secpanel.web.views import ServiceFormView

WHAT_LABELS = {
    "action": "e-mails about your actions",
    "consultation": "e-mails about consultations",
    "paper": "e-mails about Panel papers",
    "distribution": "e-mails about RED records distributed to you",
    "digest": "the digest",
}


class SettingsView(ServiceFormView):
    """`/notifications/settings/`: which mails, how often the digest, what one follows."""

    form_class = SettingsForm
    template_name = "notifications/settings.html"
    partial_name = None
    title = "E-mail settings"
    success_message = "Your e-mail settings are saved."

    def get_object(self) -> NotificationSettings:
        return selectors.my_settings(self.request.user)

    def may_write(self, obj: Any) -> bool:
        return True  # one's own settings

    def initial(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in services.SETTING_FIELDS}

    def save(self, form: Any, obj: Any) -> Any:
        return services.settings_update(actor=self.request.user, **form.changes())

    def success_url(self, saved: Any, obj: Any) -> str:
        return reverse("notifications:settings")

    def message(self, saved: Any, obj: Any) -> str:
        return self.success_message

    def extra_context(self, obj: Any) -> dict[str, Any]:
        followed = selectors.followed_by(self.request.user)
        return {
            "followed": followed,
            "undelivered": selectors.undelivered_to(self.request.user),
            "page_classification": Classification.high_water(
                getattr(f.record, "classification", None) for f in followed
            ),
        }


class FollowView(LoginRequiredMixin, View):
    """POST only: follow or stop following a record the person may read (404 for hidden and
    missing alike), then back to its page."""

    request: AuthenticatedHttpRequest

    def target(self) -> Modification | Consultation | Body:
        raise NotImplementedError

    def target_url(self, target: Modification | Consultation | Body) -> str:
        if isinstance(target, Body):
            return reverse("bodies:body_detail", args=[target.code])
        return target.get_absolute_url()

    def post(self, request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        target = self.target()
        url = self.target_url(target)
        form = FollowForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, f"Follow: {error}")
            return redirect(url)
        actor: Actor = request.user
        if form.cleaned_data["action"] == "follow":
            services.follow(actor=actor, target=target)
            messages.success(request, "Following: its changes will be in your digest.")
        else:
            services.unfollow(actor=actor, target=target)
            messages.success(request, "No longer following.")
        return redirect(url)


class FollowModificationView(FollowView):
    model = Modification

    def target(self) -> Modification:
        return get_visible_or_404(
            Modification, self.request.user, reference=str(self.kwargs["reference"]).upper()
        )


class FollowConsultationView(FollowView):
    model = Consultation

    def target(self) -> Consultation:
        return get_visible_or_404(Consultation, self.request.user, pk=self.kwargs["pk"])


class FollowBodyView(FollowView):
    model = Body

    def target(self) -> Body:
        return body_by_code(self.kwargs["code"])


def _unsubscriber(key: str) -> tuple[Actor, str]:
    """The person and the kind of mail a genuine link names; 404 for any other address."""
    found = read_unsubscribe_token(key)
    if found is None:
        raise Http404("No such record.")
    user_id, what = found
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404("No such record.")
    return user, what


@method_decorator(csrf_exempt, name="dispatch")  # RFC 8058 one-click: the mail client POSTs
class UnsubscribeView(View):
    """`/notifications/unsubscribe/<signed token>/`: works signed out. GET asks (a link
    checker following the link changes nothing); POST (the page's button, or the mail
    client's one-click `List-Unsubscribe-Post`) turns that kind of mail off."""

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        _, what = _unsubscriber(key)
        return render(
            request,
            "notifications/unsubscribe.html",
            {"what": WHAT_LABELS[what], "form": UnsubscribeForm(), "done": False},
        )

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        user, what = _unsubscriber(key)
        form = UnsubscribeForm(request.POST)
        if not form.is_valid():  # pragma: no cover - the form has no fields to refuse
            return render(request, "400.html", status=400)
        services.unsubscribe(user=user, what=what)
        return render(
            request,
            "notifications/unsubscribe.html",
            {"what": WHAT_LABELS[what], "form": None, "done": True},
        )


assert set(WHAT_LABELS) == {*SWITCHES, "digest"}
