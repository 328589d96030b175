"""`secpanel export`: exactly what the reader may read, no hidden row, no hidden reference."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command

from secpanel.accounts.models import User
from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent, ClassifiedModel
from secpanel.core.redreads import red_read_log
from secpanel.exchange.registry import BY_LABEL, SPECS, check_registry, reference_target
from secpanel.exchange.selectors import export_for
from secpanel.exchange.values import as_key, canonical

pytestmark = pytest.mark.django_db


def _classified(spec) -> type[ClassifiedModel]:
    assert spec.classified
    return spec.model


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_the_registry_is_consistent_and_covers_every_classified_model():
    assert check_registry() == []
    classified = {
        m._meta.label_lower for m in _all_subclasses(ClassifiedModel) if not m._meta.abstract
    }
    assert classified - set(BY_LABEL) == set()


def test_the_format_page_lists_every_model_with_its_key():
    """docs/import-format.md's table is the registry's: a new entry needs its row there."""
    from pathlib import Path

    page = (Path(__file__).resolve().parents[3] / "docs" / "import-format.md").read_text()
    for spec in SPECS:
        line = next((ln for ln in page.splitlines() if ln.startswith(f"| `{spec.label}` |")), "")
        assert line, f"{spec.label} is not in docs/import-format.md"
        assert all(f"`{part.name}`" in line for part in spec.key), line


def _references(doc):
    """(row, field, model, canonical key) of every reference in the file."""
    for row in doc["records"]:
        spec = BY_LABEL[row["model"]]
        for name, value in row["fields"].items():
            if spec.label == "core.citation" and name in ("source", "target"):
                yield row, name, value["model"], _canon(value["model"], value["key"])
                continue
            target = reference_target(spec, name)
            if target is None or name in spec.config or value is None:
                continue
            label = target._meta.label_lower
            for one in value if isinstance(value, list) else [value]:
                yield row, name, label, _canon(label, one)


def _canon(label, reference):
    spec = BY_LABEL[label]
    shapes = [spec.key] + ([spec.key_when_blank[1]] if spec.key_when_blank else [])
    for parts in shapes:
        key = as_key([p.name for p in parts], reference)
        if key is not None:
            return canonical(key)
    raise AssertionError(f"{reference!r} is no {label} key")


def _every_reference_is_in_the_file(doc):
    held = {(row["model"], canonical(row["key"])) for row in doc["records"]}
    missing = [
        (row["model"], row["key"], name)
        for row, name, label, key in _references(doc)
        if (label, key) not in held
    ]
    assert missing == []


def _export(user):
    with red_read_log("test"):
        return export_for(user).document()


def test_the_public_export_holds_no_amber_or_red_row_and_no_hidden_reference(demo_data):
    doc = _export(None)
    levels = {row["fields"].get("classification") for row in doc["records"]}
    assert levels <= {None, "WHITE"}
    assert doc["exported_as"] is None
    _every_reference_is_in_the_file(doc)
    # what a page would show the public, no more and no less
    for spec in SPECS:
        if spec.scope == "visible":
            readable = _classified(spec).objects.visible_to(None).count()
            assert doc["counts"].get(spec.label, 0) == readable
    # no e-mail address goes to the public
    assert {r["fields"]["email"] for r in doc["records"] if r["model"] == "accounts.user"} == {""}


def _hidden_references(reader):
    """(model, field) pairs of readable rows whose reference names a record the reader may
    not read, counted from the database: what the export must empty or leave out."""
    found = []
    for spec in SPECS:
        if spec.scope != "visible":
            continue
        for name in spec.fields:
            target = reference_target(spec, name)
            if target is None or not issubclass(target, ClassifiedModel):
                continue
            attname = spec.model._meta.get_field(name).attname
            readable = set(target.objects.visible_to(reader).values_list("pk", flat=True))
            for pk in _classified(spec).objects.visible_to(reader).values_list(attname, flat=True):
                if pk is not None and pk not in readable:
                    found.append((spec.label, name))
    return found


def test_a_reference_to_a_hidden_record_is_emptied_never_written(demo_data):
    export = export_for(None)
    hidden = _hidden_references(None)
    assert hidden, "the demo has a public record naming a hidden one"
    assert export.emptied + export.left_out == len(hidden)
    doc = export.document()
    for label, name in hidden:
        spec = BY_LABEL[label]
        if spec.model._meta.get_field(name).null:
            assert any(r["fields"][name] is None for r in doc["records"] if r["model"] == label)


@pytest.mark.parametrize("username", ["ssc.member", "party", "red.recipient", "panel.member"])
def test_a_signed_in_export_holds_exactly_what_the_reader_may_read(demo_data, username):
    reader = User.objects.get(username=username)
    export = export_for(reader)
    doc = export.document()
    _every_reference_is_in_the_file(doc)
    assert doc["exported_as"] == username
    for spec in SPECS:
        if spec.scope != "visible":
            continue
        visible = _classified(spec).objects.visible_to(reader)
        exported = doc["counts"].get(spec.label, 0)
        # a row whose required parent the reader may not read is left out, and counted
        assert exported <= visible.count()
        levels = {
            Classification[r["fields"]["classification"]]
            for r in doc["records"]
            if r["model"] == spec.label
        }
        assert levels <= set(visible.values_list("classification", flat=True))
    visible_specs = [s for s in SPECS if s.scope == "visible"]
    readable = sum(_classified(s).objects.visible_to(reader).count() for s in visible_specs)
    exported = sum(doc["counts"].get(s.label, 0) for s in visible_specs)
    assert readable - exported == export.left_out


def test_a_red_reader_sees_their_red_records_and_no_other(demo_data):
    reader = User.objects.get(username="red.recipient")
    doc = export_for(reader).document()
    red = [r for r in doc["records"] if r["fields"].get("classification") == "RED"]
    assert red, "the demo names red.recipient on Red records"
    assert all("red.recipient" in r["fields"]["red_distribution"] for r in red)


def test_the_export_command_logs_every_red_row_it_read(demo_data, tmp_path):
    out = tmp_path / "secas.json"
    call_command("export", "--out", str(out), "--as", "secas", stdout=io.StringIO())
    doc = json.loads(out.read_text(encoding="utf-8"))
    red = sum(1 for r in doc["records"] if r["fields"].get("classification") == "RED")
    event = AuditEvent.objects.get(
        kind="classification.red_read", after__where="secpanel export --as secas"
    )
    assert event.actor.username == "secas"
    assert len(event.after["records"]) == red > 0


def test_the_export_as_the_secretariat_of_every_body_holds_every_record(demo_data, tmp_path):
    out = tmp_path / "secas.json"
    call_command(
        "export",
        "--out",
        str(out),
        "--as",
        "secas",
        "--csv",
        str(tmp_path / "csv"),
        stdout=io.StringIO(),
    )
    doc = json.loads(out.read_text(encoding="utf-8"))
    for spec in SPECS:
        if spec.scope == "visible":
            stored = _classified(spec).objects.unrestricted().count()
            assert doc["counts"].get(spec.label, 0) == stored
    _every_reference_is_in_the_file(doc)
    keys = [(r["model"], canonical(r["key"])) for r in doc["records"]]
    assert len(keys) == len(set(keys)), "every row has its own natural key"
    # no password, hash or second factor leaves
    text = out.read_text(encoding="utf-8")
    assert "password" not in text and "argon2" not in text
    with (tmp_path / "csv" / "modifications.modification.csv").open(encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert len(table) == doc["counts"]["modifications.modification"]
    assert {"key", "classification", "owning_body", "reference"} <= set(table[0])
