"""The Django admin is a configuration console (docs/decisions/0004-admin-is-a-configuration-
console.md): report configuration, calendars, schedule rules, status lists, paper series,
organisations, bodies and accounts. It offers no classified record, no audit log (auditors read
/audit/), no membership and no domain record that has pages of its own.

Every admin left subclasses `ConfigAdmin`: nothing is deleted there, nothing is reverted from
history, and every save goes through `core.services.plain_save` (validation, history with the
administrator and a reason, a typed audit event) inside the admin's transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest

from secpanel.accounts.types import Actor
from secpanel.core.models import ClassifiedModel
from secpanel.core.services import plain_save

ADMIN_REASON = "Changed in the admin console"


def _refuse_classified(model: type[models.Model]) -> None:
    if issubclass(model, ClassifiedModel):
        raise ImproperlyConfigured(
            f"{model.__name__} is classified: the admin console offers no classified model."
        )


if TYPE_CHECKING:
    _AdminBase = admin.options.BaseModelAdmin[Any]
else:
    _AdminBase = object


class _ConfigFormMixin(_AdminBase):
    """What the console's admins and inlines share: no deleting, and no relation that could
    list a classified row (none is offered today; should one ever be added, it lists only what
    the administrator could read anyway)."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if issubclass(db_field.related_model, ClassifiedModel):
            kwargs["queryset"] = db_field.related_model.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if issubclass(db_field.related_model, ClassifiedModel):
            kwargs["queryset"] = db_field.related_model.objects.visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ConfigInline(_ConfigFormMixin, admin.TabularInline):
    """An inline of configuration rows (a report's sections). Rows are added and changed,
    never deleted here; saving goes through the parent's `ConfigAdmin.save_formset`."""

    extra = 0

    def __init__(self, parent_model: type[models.Model], admin_site: admin.AdminSite) -> None:
        _refuse_classified(self.model)
        super().__init__(parent_model, admin_site)


class ConfigAdmin(_ConfigFormMixin, admin.ModelAdmin):
    """The base of every admin in the console (see the module docstring)."""

    view_on_site = False  # the console's models have no pages; /admin/r/ answers 404

    def __init__(self, model: type[models.Model], admin_site: admin.AdminSite) -> None:
        _refuse_classified(model)
        for inline in self.inlines:
            if not issubclass(inline, ConfigInline):
                raise ImproperlyConfigured(f"{inline.__name__} must subclass ConfigInline.")
        super().__init__(model, admin_site)

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        # the console signs in staff only (allauth's sign-in, then `has_permission`)
        plain_save(actor=cast("Actor", request.user), instance=obj, reason=ADMIN_REASON)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseModelFormSet, change: bool
    ) -> None:
        for obj in formset.save(commit=False):
            plain_save(actor=cast("Actor", request.user), instance=obj, reason=ADMIN_REASON)
        formset.save_m2m()


admin.site.site_header = "secpanel administration"
admin.site.site_title = "secpanel administration"
admin.site.index_title = "Configuration"
