"""Render one block of a compiled paper as HTML."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from secpanel.core.classification import Classification
from secpanel.reports.document import Block, Source
from secpanel.reports.render.inline import to_html

register = template.Library()


def _md(text: str) -> SafeString:
    return mark_safe(to_html(text))


def _inline(text: str) -> SafeString:
    html = str(_md(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)


@register.simple_tag
def paper_block(block: Block, provenance: bool = False, readable: Any = None) -> SafeString:
    """One block as HTML; with `provenance`, followed by the records it came from. `readable`
    (the keys "app.model:pk" the page's reader may read, `reports.selectors.readable_sources`)
    makes each of those a link to its record; a record not in it is "a record you cannot
    see", named by nothing (hidden looks like missing)."""
    attrs = ""
    if provenance and block.sources:
        keys = " ".join(s.key for s in block.sources)
        attrs = format_html(' data-sources="{}" class="has-sources"', keys)
    if block.kind == "heading":
        html = format_html("<h2{}>{}. {}</h2>", attrs, block.number, block.text)
    elif block.kind == "heading2":
        html = format_html("<h3{}>{} {}</h3>", attrs, block.number, block.text)
    elif block.kind == "subheading":
        html = format_html('<h4 class="paper-subheading"{}>{}</h4>', attrs, _inline(block.text))
    elif block.kind == "paragraph":
        html = format_html("<div{}>{}</div>", attrs, _md(block.text))
    elif block.kind == "bullets":
        items = format_html_join("", "<li>{}</li>", ((_inline(i),) for i in block.items))
        html = format_html("<ul{}>{}</ul>", attrs, items)
    elif block.kind == "signoff":
        lines = format_html_join(mark_safe("<br>"), "{}", ((i,) for i in block.items))
        html = format_html('<p class="paper-signoff"{}>{}</p>', attrs, lines)
    elif block.kind == "attachments":
        items = format_html_join("", "<li>{}</li>", ((i,) for i in block.items))
        html = format_html("<p><strong>{}</strong></p><ul>{}</ul>", block.text, items)
    elif block.kind == "table":
        head, *rows = block.rows or [[]]
        th = format_html_join("", '<th scope="col">{}</th>', ((c,) for c in head))
        body = format_html_join(
            "",
            "<tr>{}</tr>",
            ((format_html_join("", "<td>{}</td>", ((c,) for c in row)),) for row in rows),
        )
        html = format_html(
            "<table{}><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", attrs, th, body
        )
    else:
        raise ValueError(f"Unknown block kind {block.kind!r}")
    if provenance and block.sources:
        html = format_html(
            '<div class="provenance-wrap">{}{}</div>', html, _sources_note(block, readable)
        )
    return html


def unnamed(label: str) -> str:
    """How a record the paper does not name is shown as a source: by its kind only (never a
    raw "app.model:id")."""
    from django.apps import apps

    try:
        name = str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return "a record"
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _sources_note(block: Block, readable: Any = None) -> SafeString:
    if not isinstance(readable, (set, frozenset, dict)):  # no reader given: names only
        links = format_html_join(
            ", ",
            '<span class="source-ref" data-source="{}">{}</span>',
            ((s.key, s.label or unnamed(s.model)) for s in block.sources),
        )
    else:
        links = format_html_join(
            ", ", "{}", ((_source_link(s, s.key in readable),) for s in block.sources)
        )
    return format_html(
        '<aside class="provenance small text-body-secondary">From: {}</aside>', links
    )


def _source_link(source: Source, readable: bool) -> SafeString:
    """A source as a link to its record (named as the paper names it, or by its kind), or
    the same words for every record the reader may not read."""
    if not readable:
        return format_html('<span class="source-ref source-hidden">{}</span>', HIDDEN_SOURCE)
    app_label, _, model_name = source.model.partition(".")
    url = reverse("core:record", args=[app_label, model_name, source.pk])
    return format_html(
        '<a class="source-ref" data-source="{}" href="{}">{}</a>',
        source.key,
        url,
        source.label or unnamed(source.model),
    )


HIDDEN_SOURCE = "a record you cannot see"


@register.inclusion_tag("reports/partials/published_for_meeting.html", takes_context=True)
def published_paper(context: dict[str, Any], meeting: Any) -> dict[str, Any]:
    """The published (White) public edition of the Panel paper for `meeting`, if any: the
    meeting page and the compiled report are one paper."""
    from django.contrib.auth.models import AnonymousUser

    from secpanel.reports.selectors import published_files

    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    files = list(
        published_files(user)
        .filter(report__meeting=meeting, edition="public", classification=Classification.WHITE)
        .order_by("format")
    )
    return {"files": files, "report": files[0].report if files else None}
