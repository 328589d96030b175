"""The demo data loaded once per run (testkit/demodata.py, conftest.py's `demo_data`): each
test sees it as loaded, whatever the test before it wrote, and the tests that use it run one
after another (so they share one load)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from secpanel.bodies.models import Body
from secpanel.core.demo import demo_loaded
from secpanel.testkit.demodata import order_demo_tests_together

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("turn", [1, 2])
def test_each_test_sees_the_demo_as_loaded_whatever_the_one_before_wrote(demo_data, turn):
    assert demo_loaded()
    panel = Body.objects.get(code="panel")
    assert panel.name == "SEC Panel"
    Body.objects.filter(pk=panel.pk).update(name=f"Renamed by test {turn}")


def test_the_demo_is_loaded_once_in_a_run(demo_data, _demo_data_once):
    assert _demo_data_once.loaded and _demo_data_once.loads == 1


def _item(name, fixtures, transaction=None):
    marker = None if transaction is None else SimpleNamespace(kwargs={"transaction": transaction})
    return SimpleNamespace(
        name=name, fixturenames=fixtures, get_closest_marker=lambda _name: marker
    )


def test_the_demos_tests_run_together_before_the_transactional_ones():
    items = [
        _item("a", ["db"], transaction=False),
        _item("demo1", ["demo_data", "db"], transaction=False),
        _item("b", ["db"]),
        _item("demo2", ["demo_data", "db"]),
        _item("browser", ["live_server"], transaction=True),
        _item("plain", []),
    ]
    order_demo_tests_together(items)
    assert [i.name for i in items] == ["a", "b", "demo1", "demo2", "browser", "plain"]
