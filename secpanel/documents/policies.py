"""Who may respond to a consultation for their organisation (decisions/0018).

The generic rule (`core.policy`, `core.services`) is that only a body's secretariat writes its
records. A consultation response a SEC Party submits itself is the one narrow exception: the
person of a SEC Party (`Organisation.is_sec_party`) submits and changes their own
organisation's response, through `documents.services.consultation_response_submit` / `_edit`
only, which also check the consultation is open and its deadline not passed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from secpanel.accounts.types import Reader

if TYPE_CHECKING:
    from secpanel.accounts.models import Organisation
    from secpanel.documents.models import ConsultationResponse


def respondent_organisation(user: Reader | None) -> Organisation | None:
    """The SEC Party an active, signed-in `user` works for (and so responds for), or None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    organisation: Organisation | None = getattr(user, "organisation", None)  # none if anonymous
    if organisation is None or not organisation.is_sec_party:
        return None
    return organisation


def is_own_response(user: Reader | None, response: ConsultationResponse) -> bool:
    """Is `response` one its respondent submitted, for the organisation `user` responds for?
    (Whether it may still change is the consultation's: `Consultation.takes_responses_on`.)"""
    organisation = respondent_organisation(user)
    return (
        organisation is not None
        and response.submitted_by_id is not None
        and response.respondent_id == organisation.pk
    )
