"""The web kit: the few view classes every app's pages are built on (docs/decisions/0008).

- `views`: `ClassifiedListView` and `ClassifiedDetailView` (reads through `visible_to(user)`,
  banner at the highest level shown), `ServiceFormView` (one form, one service call: create,
  edit or act on a record, as a page or an htmx fragment), `TransitionView` (POST only: move a
  record through its service) and `done` (the redirect after a form, htmx-aware).
- `registers`: the register pages built on those (`RegisterDetailView`, `RegisterFormView`,
  `RegisterTransitionView`); their domain-neutral machinery is `core.registers`.
- `forms`: the form behind the transition buttons.

A plain package, not an installed app: templates stay with the apps (`core/record_form.html`).
"""
