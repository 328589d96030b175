"""The API's views: one read-write viewset per register (`resources.RESOURCES`), made by
`viewset_for`, and the token page.

Reads: `visible(model, user)` (404 for hidden and missing alike; cursor pagination, so no
count of anything; RED rows read are logged by `RedReadLogMiddleware` as for pages).
Writes: the register's page view, set up on this request, does the work exactly as the page
does: `_authorised_object()` (404 / 403 before any field is read), the bounded form with the
JSON body as its data (PATCH: the record's current values, then the body), `submit` (one
transaction, `web.conflicts` with `seen_version`, the app's service). Answers: 201/200 with the
record, 400 with the form's messages per field, 403, 404, 409 on a conflict.
"""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.datastructures import MultiValueDict
from django.views import View
from django_filters.constants import EMPTY_VALUES
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from secpanel.accounts.types import AuthenticatedHttpRequest
from secpanel.api import services
from secpanel.api.resources import RESOURCES, Resource
from secpanel.api.selectors import tokens_of
from secpanel.api.serializers import ErrorSerializer, serializer_for
from secpanel.core.classification import Classification
from secpanel.core.form_bounds import BoundedForm
from secpanel.core.models import ClassifiedModel
from secpanel.core.selectors import visible
from secpanel.web.conflicts import FIELD as SEEN_VERSION
from secpanel.web.views import REFUSED, ServiceFormView


class Cursor(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _form_data(form: forms.BaseForm, body: dict[str, Any], partial: bool) -> MultiValueDict:
    """The form's data: for PATCH, what the form shows now (the record's values), then what
    the body says. Lists stay lists (a multiple choice); None is an empty field."""
    data: MultiValueDict = MultiValueDict()
    if partial:
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, list | tuple):
                data.setlist(name, [v for v in value])
            elif value is not None:
                data[name] = value
    for name, value in body.items():
        if name == "classification" and isinstance(value, str) and value in Classification.names:
            value = Classification[value].value  # read as a name, written as a name
        if isinstance(value, list):
            data.setlist(name, ["" if v is None else v for v in value])
        else:
            data[name] = "" if value is None else value
    return data


def _errors(form: forms.BaseForm) -> dict[str, list[str]]:
    return {
        (name if name != NON_FIELD_ERRORS else "non_field_errors"): [
            str(e["message"]) for e in errs
        ]
        for name, errs in form.errors.get_json_data().items()
    }


def _refused(form: forms.BaseForm) -> Response:
    errors = _errors(form)
    conflict = any(e.code == "conflict" for e in form.errors.as_data().get("__all__", []))
    if conflict:
        detail = " ".join(errors.get("non_field_errors", []))
        return Response({"detail": detail, "errors": errors}, status=status.HTTP_409_CONFLICT)
    return Response(
        {"detail": "The record was not saved: see the errors.", "errors": errors},
        status=status.HTTP_400_BAD_REQUEST,
    )


def _body(request: Request) -> dict[str, Any]:
    data = request.data
    if not isinstance(data, dict):
        raise ParseError("Send a JSON object.")
    return dict(data)


def _page_view(view_class: type[View], request: Request, **kwargs: Any) -> Any:
    view = view_class()
    django_request = request._request
    django_request.user = request.user
    view.setup(django_request, **kwargs)
    return view


WRITE_RESPONSES = {
    400: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
}
BODY = inline_serializer(
    "FormBody",
    fields={"reason": serializers.CharField(required=False)},
)


class RegisterViewSet(viewsets.GenericViewSet):
    """The base of every generated viewset (see the module's docstring)."""

    resource: Resource
    pagination_class = Cursor
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self) -> models.QuerySet:
        r = self.resource
        rows = r.model._default_manager.all()
        if r.select_related:
            rows = rows.select_related(*r.select_related)
        if r.classified:
            rows = visible(cast("models.QuerySet[ClassifiedModel]", rows), self.request.user)
        return rows

    def get_object(self) -> Any:
        value = self.kwargs[self.lookup_field]
        try:
            return self.get_queryset().get(**{self.resource.lookup: value})
        except (
            models.ObjectDoesNotExist,
            ValueError,
            TypeError,
            OverflowError,
            ValidationError,
        ) as exc:
            raise Http404("No such record.") from exc

    def list(self, request: Request) -> Response:
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, **kwargs: Any) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    # -- writes: the pages' own forms and services --------------------------------------
    def _save(self, view_class: Any, request: Request, partial: bool, **kwargs: Any) -> Response:
        view = cast("ServiceFormView", _page_view(view_class, request, **kwargs))
        body = _body(request)
        try:
            obj = view._authorised_object()
        except PermissionDenied as exc:
            return Response({"detail": str(exc) or REFUSED}, status=status.HTTP_403_FORBIDDEN)
        shown = view.get_form(obj)
        data = _form_data(shown, body, partial)
        if SEEN_VERSION in shown.fields and not body.get(SEEN_VERSION):
            # A change to a record says which version it was made on (`version` as read), so
            # that no one's save is silently overwritten: 409 when the record has moved on.
            return Response(
                {
                    "detail": "Say which version of the record you are changing.",
                    "errors": {SEEN_VERSION: ["Send the record's `version` as you read it."]},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        saved, form = view.submit(obj, data)
        for _message in messages.get_messages(request._request):
            pass  # no flash for an API call: read them, so none waits for the next page
        if saved is None:
            return _refused(form)
        if isinstance(saved, self.resource.model):
            saved = self.get_queryset().filter(pk=saved.pk).first() or saved
            payload = self.get_serializer(saved).data
        else:
            payload = {"detail": view.message(saved, obj)}
        code = status.HTTP_201_CREATED if obj is None else status.HTTP_200_OK
        return Response(payload, status=code)


def _page_kwarg(resource: Resource) -> str:
    return "reference" if resource.lookup == "reference" else "pk"


def _move(self: RegisterViewSet, request: Request, name: str, **kwargs: Any) -> Response:
    view_kwargs = {_page_kwarg(self.resource): kwargs[self.lookup_field], "name": name}
    view_class = self.resource.moves
    if issubclass(view_class, ServiceFormView):  # a modification's stage change: a form
        return self._save(view_class, request, partial=False, **view_kwargs)
    view = _page_view(view_class, request, **view_kwargs)
    obj = view.get_object()
    form = view.form_class(_form_data(forms.Form(), {**_body(request), "name": name}, False))
    if not form.is_valid():
        return _refused(form)
    try:
        view.move(form, obj)
    except ValidationError as exc:
        return Response(
            {"detail": " ".join(exc.messages), "errors": {"non_field_errors": exc.messages}},
            status=status.HTTP_400_BAD_REQUEST,
        )
    except PermissionDenied as exc:
        return Response({"detail": str(exc) or REFUSED}, status=status.HTTP_403_FORBIDDEN)
    fresh = self.get_queryset().filter(pk=obj.pk).first()
    return Response(self.get_serializer(fresh if fresh is not None else obj).data)


MAX_ID = 2**62  # larger ids exist in no table (and overflow some databases' integers)


class ParentFilter(django_filters.NumberFilter):
    """Records of one classified parent, named by id: only a parent the reader may read
    (another id gives nothing, as a missing one does: the filter names no hidden record)."""

    field_class = forms.IntegerField  # type: ignore[assignment]  # an id, never a decimal

    def __init__(self, field: models.ForeignKey, **kwargs: Any) -> None:
        self.parent_model = cast("type[ClassifiedModel]", field.related_model)
        self.attname = field.attname
        kwargs.setdefault("help_text", f"The {self.parent_model._meta.verbose_name}'s id.")
        super().__init__(field_name=field.name, min_value=1, max_value=MAX_ID, **kwargs)

    def filter(self, qs: models.QuerySet, value: Any) -> models.QuerySet:
        if value in EMPTY_VALUES:
            return qs
        reader = self.parent.request.user  # type: ignore[attr-defined]  # set by the FilterSet
        if not visible(self.parent_model, reader).filter(pk=value).exists():
            return qs.none()
        return qs.filter(**{self.attname: value})


def filterset_for(resource: Resource) -> type[django_filters.FilterSet]:
    """The register's filters (`resource.filters`); a level is filtered by its name, as it
    is shown (`?classification=AMBER`); a classified parent by its id (`ParentFilter`)."""
    attrs: dict[str, Any] = {}
    lookups: dict[str, list[str]] = {}
    for name, kinds in resource.filters.items():
        field = resource.model._meta.get_field(name.split("__")[0])
        related = field.related_model if field.is_relation else None
        if name == "classification":
            attrs[name] = django_filters.ChoiceFilter(
                choices=[(c.name, c.name) for c in Classification], method="_level"
            )
        elif isinstance(related, type) and issubclass(related, ClassifiedModel):
            assert isinstance(field, models.ForeignKey)
            attrs[name] = ParentFilter(field)
        else:
            lookups[name] = kinds
    attrs["Meta"] = type("Meta", (), {"model": resource.model, "fields": lookups})
    attrs["_level"] = lambda self, rows, name, value: rows.filter(
        classification=Classification[value].value
    )
    return type(f"{resource.model.__name__}Filter", (django_filters.FilterSet,), attrs)


def viewset_for(resource: Resource) -> type[RegisterViewSet]:
    """A viewset of `resource`: list and retrieve always; create, partial_update and
    `transitions/<name>/` where the register's pages have them."""
    read = serializer_for(resource.model, exclude=resource.exclude)
    noun = resource.model._meta.verbose_name
    attrs: dict[str, Any] = {
        "resource": resource,
        "serializer_class": read,
        "lookup_field": resource.lookup,
        "lookup_value_regex": "[^/]+",
        "filterset_class": filterset_for(resource),
        "pagination_class": type("Cursor", (Cursor,), {"ordering": resource.ordering}),
        "__doc__": f"{str(resource.model._meta.verbose_name_plural).capitalize()} the reader "
        "may read.",
    }
    # fresh functions per viewset: `extend_schema` marks the function it decorates

    def list(self: RegisterViewSet, request: Request) -> Response:
        return RegisterViewSet.list(self, request)

    def retrieve(self: RegisterViewSet, request: Request, **kwargs: Any) -> Response:
        return RegisterViewSet.retrieve(self, request, **kwargs)

    def create(self: RegisterViewSet, request: Request) -> Response:
        return self._save(resource.create, request, partial=False)

    def partial_update(self: RegisterViewSet, request: Request, **kwargs: Any) -> Response:
        lookup = {_page_kwarg(resource): kwargs[self.lookup_field]}
        return self._save(resource.edit, request, partial=True, **lookup)

    def transition(self: RegisterViewSet, request: Request, name: str, **kwargs: Any) -> Response:
        return _move(self, request, name, **kwargs)

    attrs["list"] = extend_schema(summary=f"List {resource.model._meta.verbose_name_plural}")(list)
    attrs["retrieve"] = extend_schema(
        summary=f"One {noun}", responses={200: read, 404: ErrorSerializer}
    )(retrieve)
    if resource.create is not None:
        attrs["create"] = extend_schema(
            summary=f"New {noun} (the page's form and service)",
            request=BODY,
            responses={201: read, **WRITE_RESPONSES},
        )(create)
    if resource.edit is not None:
        attrs["partial_update"] = extend_schema(
            summary=f"Change {noun}: the fields sent, `reason` and `seen_version`",
            request=BODY,
            responses={200: read, **WRITE_RESPONSES},
        )(partial_update)
    if resource.moves is not None:
        attrs["transition"] = action(
            detail=True,
            methods=["post"],
            url_path=r"transitions/(?P<name>[^/]+)",
            url_name="transition",
        )(
            extend_schema(
                summary=f"Move {noun} along its lifecycle (see docs/state-machines.md)",
                request=BODY,
                responses={200: read, **WRITE_RESPONSES},
                parameters=[OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH)],
            )(transition)
        )
    return type(f"{resource.model.__name__}ViewSet", (RegisterViewSet,), attrs)


VIEWSETS = {r.name: viewset_for(r) for r in RESOURCES}


# -- the token page ------------------------------------------------------------------------
class TokenForm(BoundedForm):
    name = forms.CharField(max_length=100, help_text="What it is for, e.g. 'register sync'.")
    scope = forms.ChoiceField(choices=services.TokenScope.choices)
    days = forms.IntegerField(
        min_value=1, max_value=services.MAX_DAYS, initial=90, label="Valid for (days)"
    )


class TokenPage(LoginRequiredMixin, View):
    """`/api/tokens/`: a person's own API tokens; make one (its key is shown once), revoke."""

    request: AuthenticatedHttpRequest
    template_name = "api/tokens.html"

    def get(self, request: AuthenticatedHttpRequest) -> HttpResponse:
        return self.page(TokenForm())

    def page(self, form: TokenForm, key: str = "", status_code: int = 200) -> HttpResponse:
        from django.shortcuts import render

        return render(
            self.request,
            self.template_name,
            {"form": form, "tokens": tokens_of(self.request.user), "new_key": key},
            status=status_code,
        )

    def post(self, request: AuthenticatedHttpRequest) -> HttpResponse:
        revoke = request.POST.get("revoke", "")
        if revoke:
            token = tokens_of(request.user).filter(pk=revoke if revoke.isdigit() else 0).first()
            if token is None:
                raise Http404("No such token.")
            services.token_revoke(actor=request.user, token=token)
            messages.success(request, f"Revoked {token}.")
            return redirect("api:tokens")
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, key = services.token_create(
                    actor=request.user, user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return self.page(TokenForm(), key=key)
        return self.page(form, status_code=400)
