"""Thin views over the assurance selectors and services."""

from secpanel.assurance.views.figures import (
    OverviewView,
    RulesView,
    ScheduleView,
)
from secpanel.assurance.views.register import (
    AssessmentDetailView,
    AssessmentFormView,
    AssessmentListView,
    AssessmentTransitionView,
    FindingDetailView,
    FindingFormView,
    FindingListView,
    LetterDetailView,
    LetterFormView,
    LetterListView,
    LetterReviewView,
    OutcomeDetailView,
    OutcomeFormView,
    OutcomeListView,
    SecUserDetailView,
    SecUserFormView,
    SecUserListView,
)

__all__ = [
    "AssessmentDetailView",
    "AssessmentFormView",
    "AssessmentListView",
    "AssessmentTransitionView",
    "FindingDetailView",
    "FindingFormView",
    "FindingListView",
    "LetterDetailView",
    "LetterFormView",
    "LetterListView",
    "LetterReviewView",
    "OutcomeDetailView",
    "OutcomeFormView",
    "OutcomeListView",
    "OverviewView",
    "RulesView",
    "ScheduleView",
    "SecUserDetailView",
    "SecUserFormView",
    "SecUserListView",
]
