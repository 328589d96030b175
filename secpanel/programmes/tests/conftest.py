"""The Panel paper month of the reports tests (February 2020, paper for meeting 80), for the
tests of what this app gives the paper (`report.py`)."""

from secpanel.reports.tests.conftest import march_2020  # noqa: F401
