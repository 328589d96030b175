"""Accounts and the organisations they work for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from secpanel.core.policy import AccessProfile


class PartyCategory(models.TextChoices):
    """SEC Party categories (SEC Section C), plus the DCC and non-Parties."""

    LARGE_SUPPLIER = "large_supplier", "Large Supplier Party"
    SMALL_SUPPLIER = "small_supplier", "Small Supplier Party"
    ELECTRICITY_NETWORK = "electricity_network", "Electricity Network Party"
    GAS_NETWORK = "gas_network", "Gas Network Party"
    OTHER = "other", "Other SEC Party"
    DCC = "dcc", "DCC"
    NON_PARTY = "non_party", "Not a SEC Party"


class Organisation(models.Model):
    """An organisation people work for: a SEC Party, the DCC, SECAS, a regulator, a department."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    party_category = models.CharField(
        max_length=30, choices=PartyCategory.choices, default=PartyCategory.NON_PARTY
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sec_party(self) -> bool:
        return self.party_category not in (PartyCategory.NON_PARTY,)


class User(AbstractUser):
    """An account. What it may read follows from its memberships (see core.policy)."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    job_title = models.CharField(max_length=120, blank=True)
    is_auditor = models.BooleanField(
        default=False, help_text="May read history and access logs (read-only)."
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    #: What the account may read, cached for the length of a request (core.policy).
    _secpanel_access_profile: AccessProfile

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
