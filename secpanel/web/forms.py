"""The form behind a record's transition buttons (`web.views.TransitionView`)."""

from __future__ import annotations

from django import forms

from secpanel.core.form_bounds import BoundedForm


class TransitionForm(BoundedForm):
    """`name`: the button pressed (when the address does not name the move); `reason`: kept in
    history; `decision`: the decision that made the move (read through `visible_to`: a hidden
    or missing one is a 404, like the record)."""

    name = forms.CharField(required=False, max_length=100)
    reason = forms.CharField(required=False, max_length=500)
    decision = forms.CharField(required=False, max_length=20)
