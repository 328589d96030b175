"""A form as the page sends it, for tests that submit it as a person would."""

from __future__ import annotations

import re

from django.test import Client

_HIDDEN_RE = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')


def opened(client: Client, url: str) -> dict[str, str]:
    """The hidden fields of the page at `url` as it was sent (`seen_version`, the version
    the form was opened on, among them: `web.conflicts`)."""
    html = client.get(url).content.decode()
    fields = dict(_HIDDEN_RE.findall(html))
    assert "seen_version" in fields, f"the form at {url} carries no version"
    return fields
