"""The month's figures and Appendix A, the schedule and its chart, the rules."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.views.generic import TemplateView

from secpanel.assurance import selectors
from secpanel.assurance.models import (
    ComplianceStatusOption,
    ScheduleRule,
    add_months,
)
from secpanel.assurance.schedule import by_month
from secpanel.assurance.views.common import _high_water, _with_parents
from secpanel.core.bounds import EARLIEST, LATEST, date_in_range
from secpanel.core.params import date_param, month_param

# --- Overview: the month's figures and Appendix A ---------------------------------------


class OverviewView(TemplateView):
    template_name = "assurance/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        latest = selectors.latest_month(user)
        default = latest or add_months(timezone.localdate().replace(day=1), -1)
        month = month_param(self.request, "month", default)
        figures = selectors.monthly_figures(user, month)
        rows = selectors.appendix_rows(user, month)
        previous, following = add_months(month, -1), add_months(month, 1)
        ctx.update(
            month=month,
            previous=previous if date_in_range(previous) else None,
            next=following if date_in_range(following) else None,
            figures=figures,
            rows=rows,
            notifications=list(selectors.panel_notifications(user)[:20]),
            latest=latest,
            month_min=f"{EARLIEST:%Y-%m}",
            month_max=f"{LATEST:%Y-%m}",
        )
        _high_water(ctx, [r.source for r in rows], ctx["notifications"])
        _with_parents(ctx, user, ctx["notifications"])
        return ctx


# --- Schedule ------------------------------------------------------------------------------

CHART_MONTHS = 18


class ScheduleView(TemplateView):
    """Overdue and upcoming assessments, and a chart of them by month."""

    template_name = "assurance/schedule.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        on = date_param(self.request, "on", timezone.localdate())
        entries = selectors.schedule(self.request.user, on)
        start = add_months(on.replace(day=1), -6)
        bars = by_month(entries, start, CHART_MONTHS)
        top = max((b.total for b in bars), default=0) or 1
        ctx.update(
            on=on,
            overdue=[e for e in entries if e.late],
            upcoming=[
                e
                for e in entries
                if not e.late
                and e.state in ("upcoming", "booked")
                and e.due
                and e.due <= add_months(on, 12)
            ],
            later=[
                e
                for e in entries
                if e.state == "not_scheduled"
                or (e.state in ("upcoming", "booked") and e.due and e.due > add_months(on, 12))
            ],
            bars=bars,
            chart=_chart(bars, top),
            rules=selectors.schedule_rules(),
        )
        _high_water(ctx, entries)
        return ctx


def _chart(bars: list[Any], top: int) -> dict[str, Any]:
    """Geometry of the SVG bar chart (no inline style: attributes only, CSP-safe)."""
    width, height, pad, axis = 720, 200, 24, 36
    step = (width - pad) / max(len(bars), 1)
    scale = (height - axis - pad) / top
    columns = []
    for i, bar in enumerate(bars):
        x = pad + i * step + step * 0.15
        y = height - axis
        parts = []
        for state, count in (
            ("overdue", bar.overdue),
            ("booked", bar.booked),
            ("upcoming", bar.upcoming),
        ):
            h = count * scale
            if count:
                y -= h
                parts.append({"state": state, "count": count, "y": round(y, 1), "h": round(h, 1)})
        columns.append(
            {
                "bar": bar,
                "x": round(x, 1),
                "w": round(step * 0.7, 1),
                "parts": parts,
                "label_x": round(x + step * 0.35, 1),
                "total_y": round(y - 4, 1),
            }
        )
    return {
        "width": width,
        "height": height,
        "baseline": height - axis,
        "label_y": height - axis + 14,
        "year_y": height - axis + 28,
        "columns": columns,
    }


class RulesView(TemplateView):
    """The schedule rules and the Compliance Status list (configuration, public)."""

    template_name = "assurance/rules.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["rules"] = ScheduleRule.objects.all()
        ctx["statuses"] = ComplianceStatusOption.objects.all()
        return ctx
