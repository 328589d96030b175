"""A person's feed key: the secret part of their private feed addresses
(`/feeds/<key>/calendar.ics`, `/feeds/<key>/papers.atom`, ...).

Only the SHA-256 of a key is stored (as `api.models.ApiToken` stores its keys): the key is
shown once, when it is made. A person has at most one active key; making a new one revokes
the old one in the same transaction, so the old addresses stop answering at once. A key reads
as its person and never for more (every feed goes through `visible_to(user)`), reads only,
and gives nothing once its person is inactive.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from secpanel.api.models import key_digest

__all__ = ["FeedToken", "key_digest"]


class FeedToken(models.Model):
    """One feed key of one person (the active one, or a revoked one kept for the record)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    prefix = models.CharField(
        max_length=12, editable=False, help_text="The key's first characters, to recognise it."
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_feed_token_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"feed key {self.prefix}…"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
