"""The web shell: styles and scripts are served from the repository (no CDN)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_every_stylesheet_and_script_the_base_page_references_is_served_locally(client):
    html = client.get("/").content.decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert any(a.endswith("bootstrap.min.css") for a in assets)
    assert any(a.endswith("htmx.min.js") for a in assets)
    assert not re.search(r'(?:href|src)="https?://', html)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    csp = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
