"""The view classes every page is built on, so that the read path is always `visible_to(user)`,
the banner always shows the highest level on the page, and every write goes through a service.

- `ClassifiedListView` / `ClassifiedDetailView`: classified records the user may read.
- `ServiceFormView`: one form, one service call (create, edit or act on a record), as a page
  or an htmx fragment; refused before the form is read; a service's refusal lands on the
  fields it names.
- `TransitionView`: POST only, one move of a record through its service, back to the record.
- `done`: the redirect after a successful form (a client-side redirect for htmx).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import DetailView, ListView
from django_filters import FilterSet
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh
from django_tables2 import Table

from secpanel.accounts.types import AuthenticatedHttpRequest, HtmxHttpRequest
from secpanel.core.bounds import PAGE_MAX
from secpanel.core.classification import Classification
from secpanel.core.forms import ActorFormMixin
from secpanel.core.models import ClassifiedModel
from secpanel.core.params import choice_param, int_param
from secpanel.core.policy import can_declassify, can_manage_body, managed_body_ids
from secpanel.core.selectors import get_visible_or_404, visible
from secpanel.web import conflicts
from secpanel.web.forms import TransitionForm
from secpanel.web.lists import csv_response, sort_choices, table_rows
from secpanel.web.pagination import CAP, ListPaginator

REFUSED = "Your role does not allow this change."


class _Records:
    """The rows both generic views start from: `model`'s, following `select_related`."""

    model: type[ClassifiedModel]
    select_related: tuple[str, ...] = ()

    def base_queryset(self) -> models.QuerySet:
        """The rows before `visible_to(user)`: override to filter or order them."""
        rows = self.model.objects.all()
        return rows.select_related(*self.select_related) if self.select_related else rows


class ClassifiedListView(_Records, ListView):
    """A list of classified records the user may read; hidden rows are in no count.

    A register sets `filterset_class` (`web.lists.register_filters`) and `table_class` (a
    `web.lists.RegisterTable`): the rows are always `visible_to(user)` first, then filtered,
    then sorted (`?sort=`), then cut into a page (`web.pagination.ListPaginator`, a capped
    count) or written as CSV (`?format=csv`, `csv_name`, at most `CAP` rows). A filter value
    the form refuses answers 400 with the form showing the field's error (decisions/0021)."""

    request: HtmxHttpRequest
    model: type[ClassifiedModel]
    paginate_by = 50
    paginator_class = ListPaginator
    filterset_class: type[FilterSet] | None = None
    table_class: type[Table] | None = None
    csv_name = ""  # the CSV's file name starts with it (default: the model's plural)
    filterset: FilterSet | None = None
    table: Table | None = None

    def get_queryset(self) -> models.QuerySet:
        rows: models.QuerySet = visible(self.base_queryset(), self.request.user)
        return self.sort_rows(self.filter_rows(rows))

    def filter_rows(self, rows: models.QuerySet) -> models.QuerySet:
        if self.filterset_class is None:
            return rows
        self.filterset = self.filterset_class(self.request.GET, queryset=rows)
        if not self.filterset.is_valid():
            return rows.none()
        return self.filterset.qs

    def sort_rows(self, rows: models.QuerySet) -> models.QuerySet:
        """`?sort=column` or `-column` among the table's sortable columns (a 400 otherwise),
        then the records' primary key, so that pages never overlap."""
        if self.table_class is None:
            return rows
        sort = choice_param(self.request, "sort", sort_choices(self.table_class), "")
        self.table = self.table_class(rows, order_by=sort or ())
        if not sort:
            # the register's own order: an indexed column pair (decisions/0024)
            return rows.order_by(*self.ordering) if self.ordering else rows
        ordered = self.table.data.data
        return ordered.order_by(*ordered.query.order_by, "-pk" if sort[0] == "-" else "pk")

    def filters_refused(self) -> bool:
        return self.filterset is not None and not self.filterset.is_valid()

    def prepare_rows(self, rows: list[Any]) -> list[Any]:
        """Hook: set what the table's cells read on the rows shown (a page or the CSV), and
        return the other records they show (their levels raise the page's or the CSV's)."""
        return []

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        wants_csv = choice_param(request, "format", ["csv"], "") == "csv"
        self.object_list = self.get_queryset()
        if wants_csv and self.table_class is not None and not self.filters_refused():
            return self.csv(self.object_list)
        context = self.get_context_data()
        status = 400 if self.filters_refused() else 200
        return self.render_to_response(context, status=status)

    def csv(self, rows: models.QuerySet) -> HttpResponse:
        assert self.table_class is not None
        records = list(rows[:CAP])
        shown = [*records, *self.prepare_rows(records)]
        table = self.table_class(records)
        name = self.csv_name or str(self.model._meta.verbose_name_plural).replace(" ", "-")
        return csv_response(name.lower(), table, (r.classification for r in shown))

    def paginate_queryset(self, queryset: Any, page_size: int) -> tuple[Any, Any, Any, bool]:
        """`?page=` is a whole number (a 400 otherwise); past the last page shows the last."""
        number = int_param(self.request, self.page_kwarg, 1, max_value=PAGE_MAX)
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(number)
        return (paginator, page, page.object_list, page.has_other_pages())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        rows = list(ctx["object_list"])
        ctx["object_list"] = rows
        shown = [*rows, *self.prepare_rows(rows)]
        ctx["page_classification"] = Classification.high_water(o.classification for o in shown)
        ctx["can_create"] = bool(managed_body_ids(self.request.user))
        ctx["filter"] = self.filterset
        if self.table is not None:
            ctx["table"] = self.table
            ctx["rows"] = table_rows(self.table, rows)
        return ctx


class ClassifiedDetailView(_Records, DetailView):
    """One classified record, or 404 if it is missing or hidden."""

    request: HtmxHttpRequest
    model: type[ClassifiedModel]

    def get_object(self, queryset: models.QuerySet | None = None) -> models.Model:
        return get_visible_or_404(self.base_queryset(), self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("page_classification", Classification(self.object.classification))
        ctx["can_edit"] = can_manage_body(self.request.user, self.object.owning_body_id)
        ctx["can_classify"] = ctx["can_edit"] or can_declassify(
            self.request.user, self.object.owning_body_id
        )
        return ctx


def done(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """After a successful form: go to `url` (htmx follows it with a client-side redirect).
    A form on the page it returns to (`url` differs from the page only by its #fragment) makes
    htmx reload the page instead: a browser sent to the same page with a new fragment only
    scrolls, and would still show the form and the page as it was before the save."""
    if request.htmx:
        current = urlsplit(request.htmx.current_url or "")
        target = urlsplit(url)
        if (target.path, target.query) == (current.path, current.query) and target.fragment:
            return HttpResponseClientRefresh()
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _check_distribution_applied(form: forms.BaseForm, saved: Any) -> None:
    """A form that asks who is on a record's RED distribution must be obeyed: a service that
    drops the field would say "Saved" while the person removed still reads the record."""
    if "red_distribution" not in form.fields or not isinstance(saved, ClassifiedModel):
        return
    asked = {u.pk for u in form.cleaned_data.get("red_distribution") or ()}
    stored = set(saved.red_distribution.values_list("pk", flat=True))
    if asked != stored:
        raise ImproperlyConfigured(
            f"{type(saved).__name__}'s service did not apply the RED distribution it was given."
        )


class ServiceFormView(LoginRequiredMixin, View):
    """One form, one service: create or edit a record, or act on one, through the app's
    service function, as a page or (for htmx) the form fragment.

    `get_object()` is the record the form is on: by default the record `pk` of `model` in the
    address, read through `visible_to` (404 for hidden and missing), or None for a new one;
    subclasses may read it otherwise (a record by reference, the paper a recommendation is
    added to) and raise 404 there. `may_write(obj)` is checked before the form is shown or
    read (403). `form_class` is a bounded form; it gets `user=` (an `ActorFormMixin` form: its
    choices are narrowed and the banner includes the highest level offered) and, for a model
    form, `instance=obj`; `form_kwargs(obj)` changes that. `initial(obj)` prefills it, except
    a model form editing its record. `save(form, obj)` calls the service and returns what it
    saved (by default the app's `create` or `update` service, see `save`); a
    `ValidationError` goes onto the fields it names (`add_service_error`), a
    `PermissionDenied` onto the form, and success redirects with `done` to `success_url`.
    """

    request: AuthenticatedHttpRequest
    model: type[models.Model] | None = None
    form_class: type[forms.BaseForm]
    template_name = "core/record_form.html"
    partial_name: str | None = "core/partials/record_form.html"  # None: always the page
    title = ""
    success_message = "Saved {saved}."
    refused = REFUSED  # the 403 page's sentence when `may_write` says no
    create: Callable[..., Any] | None = None
    update: Callable[..., Any] | None = None
    update_arg = "instance"  # the keyword `update` takes the record by
    inherit_distribution = False  # a new record naming nobody inherits its parent's (None)

    def get_object(self) -> Any:
        if "pk" not in self.kwargs or self.model is None:
            return None
        # the default is for a classified model; a view of a plain one reads it otherwise
        model = cast("type[ClassifiedModel]", self.model)
        return get_visible_or_404(model, self.request.user, pk=self.kwargs["pk"])

    def may_write(self, obj: Any) -> bool:
        """May the user use this form at all? Checked before the form is shown or validated,
        so someone without the authority never learns from a field error (a reference that is
        taken, a number already used) that a record they cannot read exists: they get the
        permission refusal, the same whatever they typed. Default: the secretariat of the
        record's owning body; for a new record, of at least one body (the form offers only
        those); the service checks the body chosen. A refusal is a 403 saying `refused`."""
        user = self.request.user
        if obj is None:
            return bool(managed_body_ids(user))
        return can_manage_body(user, getattr(obj, "owning_body_id", None))

    def initial(self, obj: Any) -> dict[str, Any]:
        return {}

    def form_kwargs(self, obj: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"user": self.request.user}
        if issubclass(self.form_class, forms.BaseModelForm):
            kwargs["instance"] = obj
        return kwargs

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        kwargs = self.form_kwargs(obj)
        if data is None and kwargs.get("instance") is None:
            kwargs["initial"] = self.initial(obj)
        form = self.form_class(data, files, **kwargs)
        if obj is not None and kwargs.get("instance") is obj:
            conflicts.attach(form, obj)  # an edit of `obj`: no lost update (web.conflicts)
        return form

    def changes(self, form: Any, obj: Any) -> dict[str, Any]:
        """What the service is given besides the actor, the reason and the distribution."""
        return form.changes()

    def check_version(self, form: Any, obj: Any) -> None:
        """Refuse a save over a version newer than the form's (`web.conflicts.check`), in the
        save's transaction. A view whose record is versioned otherwise (a report: its latest
        version) says how."""
        conflicts.check(form, obj)

    def save(self, form: Any, obj: Any) -> Any:
        """`create(actor=, reason=, distribution=, **changes)` for a new record,
        `update(actor=, <update_arg>=obj, reason=, distribution=, **changes)` for an existing
        one. The distribution is who the form names on the RED distribution (None: the form
        does not ask); a new record naming nobody gets `()` (or None, to inherit its
        parent's, with `inherit_distribution`)."""
        asked = None
        if "red_distribution" in form.fields:
            asked = form.cleaned_data.get("red_distribution")
        args = {
            "actor": self.request.user,
            "reason": form.cleaned_data["reason"],
            **self.changes(form, obj),
        }
        create, update = type(self).create, type(self).update
        if obj is None and create is not None:
            nobody = None if self.inherit_distribution else ()
            return create(distribution=asked or nobody, **args)
        if obj is not None and update is not None:
            return update(**{self.update_arg: obj}, distribution=asked, **args)
        raise ImproperlyConfigured(f"{type(self).__name__}: no service to save with.")

    def get_title(self, obj: Any) -> str:
        if self.title or self.model is None:
            return self.title
        verbose = self.model._meta.verbose_name
        return f"Edit {verbose}" if obj is not None else f"New {verbose}"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def render_form(self, form: Any, obj: Any) -> HttpResponse:
        offered = form.choices_level() if isinstance(form, ActorFormMixin) else None
        ctx = {
            "form": form,
            "object": obj,
            "title": self.get_title(obj),
            "page_classification": Classification.high_water(
                [getattr(obj, "classification", None), offered]
            ),
            **self.extra_context(obj),
        }
        partial = self.partial_name if self.request.htmx else None
        return render(self.request, partial or self.template_name, ctx)

    def success_url(self, saved: Any, obj: Any) -> str:
        return saved.get_absolute_url()

    def message(self, saved: Any, obj: Any) -> str:
        return self.success_message.format(saved=saved, obj=obj)

    def _authorised_object(self) -> Any:
        obj = self.get_object()
        if not self.may_write(obj):
            raise PermissionDenied(self.refused)
        return obj

    def get(self, request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self._authorised_object()
        return self.render_form(self.get_form(obj), obj)

    def submit(self, obj: Any, data: Any, files: Any = None) -> tuple[Any, Any]:
        """Validate `data` with the form and save it through the service, in one transaction
        (no lost update: `web.conflicts`). Returns (what was saved, the form), or (None, the
        form with its errors: the form's own, the service's on the fields it names, a refusal
        on the form). The page's POST and the API's writes (`secpanel.api`) both come here.
        Call `_authorised_object()` first."""
        form = self.get_form(obj, data, files)
        if not form.is_valid():
            return None, form
        try:
            with transaction.atomic():
                self.check_version(form, obj)
                saved = self.save(form, obj)
        except ValidationError as exc:
            form.add_service_error(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or REFUSED)
        else:
            _check_distribution_applied(form, saved)
            return saved, form
        return None, form

    def post(self, request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self._authorised_object()  # before validation: no field error for the refused
        saved, form = self.submit(obj, request.POST, request.FILES)
        if saved is not None:
            messages.success(request, self.message(saved, obj))
            return done(request, self.success_url(saved, obj))
        return self.render_form(form, obj)


class TransitionView(LoginRequiredMixin, View):
    """POST only: move one record along a transition through its app's `service(actor=,
    <obj_arg>=obj, name=, reason=, ...)`, then back to the record's page with what happened as
    a message.

    The record is `pk` of `model`, read through `visible_to` (404 for hidden and missing);
    the move's `name` is in the address or is the button pressed; `arguments(form, obj)` adds
    what else the service takes; `refused_input` answers input the form refuses."""

    request: AuthenticatedHttpRequest
    model: type[ClassifiedModel]
    service: Callable[..., Any]
    form_class: type[forms.BaseForm] = TransitionForm
    success_message = "Updated {obj}."
    obj_arg = "obj"  # the keyword `service` takes the record by

    def get_object(self) -> Any:
        return get_visible_or_404(self.model, self.request.user, pk=self.kwargs["pk"])

    def arguments(self, form: Any, obj: Any) -> dict[str, Any]:
        data = form.cleaned_data
        return {
            "name": self.kwargs.get("name") or data.get("name", ""),
            "reason": data.get("reason", ""),
        }

    def message(self, obj: Any) -> str:
        return self.success_message.format(obj=obj)

    def refused_input(self, form: Any, obj: Any) -> HttpResponse:
        """Input the form refuses (a reason too long, a value sent twice) is no move: back to
        the record, saying why."""
        for field, errors in form.errors.items():
            label = field.capitalize() if field in form.fields else ""
            for error in errors:
                messages.error(self.request, f"{label}: {error}" if label else str(error))
        return redirect(obj.get_absolute_url())

    def move(self, form: Any, obj: Any) -> Any:
        """The service call for a valid form: raises the service's ValidationError or
        PermissionDenied. The page's POST and the API's transitions both come here."""
        return type(self).service(
            actor=self.request.user, **{self.obj_arg: obj}, **self.arguments(form, obj)
        )

    def post(self, request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.refused_input(form, obj)
        try:
            self.move(form, obj)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or REFUSED)
        else:
            messages.success(request, self.message(obj))
        return redirect(obj.get_absolute_url())
