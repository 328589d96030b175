"""The chokepoint is a structure, not a habit.

1. A classified queryset reads no row until it says for whom: `visible_to(user)` or, in the
   places listed below, `unrestricted()`. Iterating, `get`, `count`, `exists`, `aggregate`,
   `update`, `delete`, a reverse relation and a prefetch all refuse with `UnscopedRead`.
2. `unrestricted()` appears only where no person is shown the rows: services (their own reads
   of what they change), the compiler's provenance reads, demo loaders, management commands
   and tests. Found by parsing every module of the project.
3. Choice fields of classified records on every form acting for a user are narrowed in one
   place (`core.forms.narrow_choices`) to what the user may read and whose body they run.
"""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

import pytest
from django.db.models import Prefetch

from secpanel.core.classification import Classification
from secpanel.core.forms import ActorFormMixin, ClassifiedForm, choice_field
from secpanel.core.models import UnscopedRead
from secpanel.meetings.models import Decision, Highlight, Meeting

SECPANEL = Path(__file__).resolve().parents[2]

# Modules (relative to secpanel/) where `unrestricted()` is the sanctioned read.
# (`testkit/` is the tests' own support package: it builds worlds and loads the demo.)
ALLOWED_MODULE_PARTS = ("services", "management", "tests", "testkit", "migrations")
ALLOWED_MODULE_NAMES = {"compiler.py", "demo.py", "demo_business.py", "models.py"}
# Single functions elsewhere, as "path::function": why.
ALLOWLIST = {
    "core/workflow.py::apply": "the one transition service locks the row it moves",
    "core/leaks.py::_unrestricted": "the leak guard loads every Amber and Red record's terms to "
    "scan an output; it names the record, never shows the term",
    "generator/stored.py::stored": "`secpanel generate` (a server administrator's command, like "
    "the demo loader) reads the records it continues a history from; it shows no one",
}


def _meeting(world):
    return Meeting.objects.create(
        body=world.owner,
        number=1,
        starts_at=datetime.datetime(2019, 4, 2, 10, tzinfo=datetime.UTC),
    )


@pytest.fixture
def highlight(world):
    return Highlight.objects.create(
        owning_body=world.owner,
        classification=Classification.RED,
        heading="Red canary",
        text="T",
        period=datetime.date(2019, 4, 1),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "read",
    [
        lambda: list(Highlight.objects.all()),
        lambda: Highlight.objects.get(heading="Red canary"),
        lambda: Highlight.objects.filter(heading="Red canary").first(),
        lambda: Highlight.objects.count(),
        lambda: Highlight.objects.exists(),
        lambda: Highlight.objects.values_list("heading", flat=True)[0],
        lambda: Highlight.objects.aggregate(n=__import__("django").db.models.Count("id")),
        lambda: list(Highlight.objects.iterator()),
        lambda: Highlight.objects.update(heading="x"),
        lambda: Highlight.objects.filter(pk=0).delete(),
        lambda: Highlight.objects.get_or_create(heading="Red canary"),
        lambda: list(Highlight.objects.select_related("owning_body").order_by("id")[:5]),
    ],
    ids=[
        "iterate",
        "get",
        "first",
        "count",
        "exists",
        "values",
        "aggregate",
        "iterator",
        "update",
        "delete",
        "get_or_create",
        "chained",
    ],
)
def test_a_classified_queryset_refuses_to_read_without_a_reader(highlight, read):
    with pytest.raises(UnscopedRead, match="Highlight rows read without a reader"):
        read()


@pytest.mark.django_db
def test_reverse_relations_and_prefetches_refuse_without_a_reader(world):
    meeting = _meeting(world)
    Decision.objects.create(
        meeting=meeting,
        owning_body=world.owner,
        classification=Classification.RED,
        text="D",
        date=datetime.date(2019, 4, 2),
    )
    with pytest.raises(UnscopedRead):
        list(meeting.decisions.all())
    with pytest.raises(UnscopedRead):
        list(Meeting.objects.prefetch_related("decisions"))
    member = world.users["owner_member"]
    outsider = world.users["panel_member"]
    assert meeting.decisions.visible_to(member).count() == 1
    assert meeting.decisions.visible_to(outsider).count() == 0
    narrowed = Prefetch("decisions", queryset=Decision.objects.visible_to(outsider))
    assert [list(m.decisions.all()) for m in Meeting.objects.prefetch_related(narrowed)] == [[]]


@pytest.mark.django_db
def test_the_scope_survives_chaining_and_visible_to_narrows(highlight, world):
    anonymous_qs = Highlight.objects.visible_to(None).select_related("owning_body").order_by("id")
    assert list(anonymous_qs.filter(heading="Red canary")) == []
    assert Highlight.objects.unrestricted().filter(heading="Red canary").count() == 1
    member = world.users["owner_member"]
    assert Highlight.objects.visible_to(member).filter(heading="Red canary").get() == highlight


def _unrestricted_calls(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    found = []
    for node in ast.walk(tree):
        if not (
            (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"unrestricted", "unrestricted_reads"}
            )
            or (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "unrestricted_reads"
            )
        ):
            continue
        current: ast.AST
        names, current = [], node
        while current in parents:
            current = parents[current]
            if isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef):
                names.append(current.name)
        found.append((node.lineno, names[-1] if names else "<module>"))
    return found


def unrestricted_outside_the_sanctioned_places() -> list[str]:
    bad = []
    for path in sorted(SECPANEL.rglob("*.py")):
        rel = path.relative_to(SECPANEL)
        if any(part in ALLOWED_MODULE_PARTS for part in rel.parts[:-1]) or rel.name.startswith(
            "services"
        ):
            continue
        if rel.name in ALLOWED_MODULE_NAMES:
            continue
        for line, function in _unrestricted_calls(path):
            if f"{rel}::{function}" not in ALLOWLIST:
                bad.append(f"{rel}:{line} {function}")
    return bad


def test_unrestricted_reads_appear_only_in_services_the_compiler_demo_and_tests():
    assert unrestricted_outside_the_sanctioned_places() == []


def test_the_unrestricted_scan_finds_a_planted_call(tmp_path, monkeypatch):
    planted = SECPANEL / "core" / "zz_planted_view.py"
    planted.write_text(
        "from secpanel.meetings.models import Highlight\n\n"
        "def page(request):\n    return Highlight.objects.unrestricted().count()\n"
    )
    try:
        assert "core/zz_planted_view.py:4 page" in unrestricted_outside_the_sanctioned_places()
    finally:
        planted.unlink()


def test_every_form_acting_for_a_user_narrows_its_classified_choices():
    assert issubclass(ClassifiedForm, ActorFormMixin)
    from secpanel.modifications.forms import TransitionForm

    assert issubclass(TransitionForm, ActorFormMixin)


@pytest.mark.django_db
def test_a_choice_field_offers_only_readable_records_of_bodies_the_user_runs(world):
    from django import forms

    from secpanel.meetings.models import AgendaItem

    class PickAnyItem(ClassifiedForm):
        """A careless subclass that offers every agenda item: the base narrows it anyway."""

        class Meta:
            model = Highlight
            fields = ["owning_body", "classification"]

        def __init__(self, *args, user, **kwargs):
            super().__init__(*args, user=user, **kwargs)
            self.fields["item"] = forms.ModelChoiceField(queryset=AgendaItem.objects.all())

    meeting = _meeting(world)
    red = AgendaItem.objects.create(
        meeting=meeting,
        number=1,
        title="Red item",
        owning_body=world.owner,
        classification=Classification.RED,
    )
    white = AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        title="White item",
        owning_body=world.owner,
        classification=Classification.WHITE,
    )
    mine = PickAnyItem(user=world.users["owner_secretariat"])
    assert set(choice_field(mine, "item").queryset) == {red, white}
    assert mine.choices_level() == Classification.RED
    # another body's secretariat reads the White item but does not run the SSC
    theirs = PickAnyItem(user=world.users["other_body_secretariat"])
    assert list(choice_field(theirs, "item").queryset) == []
    member = PickAnyItem(user=world.users["owner_member"])
    assert list(choice_field(member, "item").queryset) == []
    bound = PickAnyItem(
        {"item": red.pk, "owning_body": world.owner.pk, "classification": 1},
        user=world.users["other_body_secretariat"],
    )
    assert not bound.is_valid() and "item" in bound.errors
