"""Template helpers: classification badges and Markdown."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from secpanel.core.classification import Classification
from secpanel.core.parents import record_name as name_for
from secpanel.core.text import render_markdown

register = template.Library()


@register.filter
def tlp_badge(level: Any) -> SafeString:
    """A coloured TLP badge for a level (int or Classification)."""
    if level in (None, ""):
        return format_html("")
    c = Classification(int(level))
    return format_html(
        '<span class="badge tlp-badge {}" title="{}">{}</span>', c.css, c.tlp, c.label.upper()
    )


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def classification(level: Any) -> Classification:
    return Classification(int(level))


@register.filter
def meta_verbose_name(obj: Any) -> str:
    return str(obj._meta.verbose_name).capitalize()


@register.simple_tag
def classification_url(obj: Any) -> str:
    from django.urls import reverse

    return reverse(
        "core:classification_edit", args=[obj._meta.app_label, obj._meta.model_name, obj.pk]
    )


@register.simple_tag(takes_context=True)
def record_name(context: Any, obj: Any) -> str:
    """`{% record_name r %}`: the record's name as the page's reader may see it (never the
    name of a parent they may not read; see `core.parents.record_name`)."""
    request = context.get("request")
    return name_for(getattr(request, "user", None), obj)
