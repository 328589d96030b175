"""Pages of Django's admin that secpanel replaces (docs/decisions/0004): the admin console
signs people in through the site's own login (allauth: password, then the TOTP code, with the
same lockout); Django's admin login and password forms, and its "view on site" shortcut, are
not used."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def admin_login(request: HttpRequest) -> HttpResponse:
    """`/admin/login/`: send people to `/accounts/login/?next=...` (GET and POST alike; a
    password posted here is never checked)."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect(next_url)
        raise Http404("No such page.")  # signed in, but not an administrator
    return redirect_to_login(next_url, reverse("account_login"))


def admin_password_change(request: HttpRequest) -> HttpResponse:
    """`/admin/password_change/`: passwords change on the account pages."""
    return redirect("account_change_password")


def admin_view_on_site(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """`/admin/r/<type>/<id>/`: Django's shortcut redirects to any record's address (for a
    modification, its reference), hidden or not. No model in the console has a page on the
    site, so the shortcut answers nothing."""
    raise Http404("No such page.")
