"""The read chokepoint, checked statically and at every record URL.

1. No view module (`views.py`, `editing.py`, `api.py`, anything in a `views/` package or in
   the `web` kit) and no template tag module reaches a classified model's manager directly
   (`Highlight.objects...`, `Highlight._default_manager`, `Highlight.history...`): reads go
   through selectors, `core.selectors` or the `web.views` generic views. Found by parsing the
   source (ast) and resolving each module's imports to the real model classes, so aliases and
   `models.Highlight` are caught too.
2. Every URL of a secpanel app that names one record (`pk`, `ref`, `reference`, `code`) answers
   an anonymous request for a record that does not exist with 404 or a redirect to sign in:
   never a server error, never a 403 that would tell the record's existence apart.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from secpanel.core.models import ClassifiedModel

SECPANEL = Path(__file__).resolve().parents[2]
MANAGERS = {"objects", "_default_manager", "_base_manager", "history"}
# Calls that narrow a queryset to what the user may read; a manager chain inside their first
# argument is the sanctioned way to pass select_related/filters to them.
NARROWING_CALLS = {"visible", "get_visible_or_404"}
# Methods whose returned queryset web.views' generic views narrow with `visible()` /
# `get_visible_or_404()` before any row is read.
NARROWED_METHODS = {"base_queryset"}

# Direct manager use that is deliberate, as "path::function::Model.manager.method": why.
ALLOWLIST: dict[str, str] = {}


def classified_models() -> set[type]:
    return {m for m in apps.get_models() if issubclass(m, ClassifiedModel) and not m._meta.abstract}


def scanned_files() -> list[Path]:
    files: set[Path] = set()
    for app_dir in sorted(p for p in SECPANEL.iterdir() if p.is_dir()):
        for name in ("views.py", "editing.py", "api.py"):
            if (app_dir / name).is_file():
                files.add(app_dir / name)
        for package in ("views", "templatetags"):
            if (app_dir / package).is_dir():
                files.update((app_dir / package).rglob("*.py"))
    files.update((SECPANEL / "web").glob("*.py"))  # the view kit every page is built on
    return sorted(files)


def _module_name(path: Path) -> str:
    rel = path.relative_to(SECPANEL.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _bindings(tree: ast.Module, module_name: str, is_package: bool) -> dict[str, Any]:
    """Every name the module imports (at any depth), bound to the real object."""
    package = module_name if is_package else module_name.rpartition(".")[0]
    bound: dict[str, Any] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = importlib.import_module(alias.name)
                else:
                    top = alias.name.partition(".")[0]
                    bound[top] = importlib.import_module(top)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            source = importlib.import_module(base)
            for alias in node.names:
                if alias.name == "*":
                    continue
                try:
                    value = getattr(source, alias.name)
                except AttributeError:
                    value = importlib.import_module(f"{base}.{alias.name}")
                bound[alias.asname or alias.name] = value
    return bound


def _resolve(node: ast.expr, bound: dict[str, Any]) -> Any:
    """The object a dotted name (`Highlight`, `models.Highlight`) refers to, or None."""
    if isinstance(node, ast.Name):
        return bound.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _resolve(node.value, bound)
        if base is not None and inspect.ismodule(base):
            return getattr(base, node.attr, None)
    return None


@dataclass
class Violation:
    path: str
    line: int
    function: str
    model: str
    manager: str
    method: str

    @property
    def key(self) -> str:
        return f"{self.path}::{self.function}::{self.model}.{self.manager}.{self.method}"

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.function}: {self.model}.{self.manager}.{self.method}"


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _narrowed(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether the manager chain at `node` is narrowed to the user's records before use."""
    current = node
    # Up the chain `X.objects.select_related(...).filter(...)`: any `.visible_to(` narrows it.
    while True:
        parent = parents.get(current)
        if isinstance(parent, ast.Attribute) and parent.value is current:
            if parent.attr == "visible_to":
                return True
            current = parent
        elif isinstance(parent, ast.Call) and parent.func is current:
            current = parent
        else:
            break
    parent = parents.get(current)
    if isinstance(parent, ast.Call) and parent.args and parent.args[0] is current:
        func = parent.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in NARROWING_CALLS:
            return True
    return any(
        isinstance(a, ast.FunctionDef | ast.AsyncFunctionDef) and a.name in NARROWED_METHODS
        for a in _ancestors(node, parents)
    )


def _ancestors(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> list[ast.AST]:
    found = []
    while node in parents:
        node = parents[node]
        found.append(node)
    return found


def _function_name(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str:
    names = [
        a.name
        for a in _ancestors(node, parents)
        if isinstance(a, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    ]
    return ".".join(reversed(names)) or "<module>"


def violations_in(path: Path, classified: set[type]) -> list[Violation]:
    return violations_in_source(
        path.read_text(),
        module_name=_module_name(path),
        is_package=path.name == "__init__.py",
        display=str(path.relative_to(SECPANEL.parent)),
        classified=classified,
    )


def violations_in_source(
    source: str, *, module_name: str, is_package: bool, display: str, classified: set[type]
) -> list[Violation]:
    tree = ast.parse(source, filename=display)
    bound = _bindings(tree, module_name, is_package)
    parents = _parents(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr in MANAGERS):
            continue
        model = _resolve(node.value, bound)
        if model not in classified or _narrowed(node, parents):
            continue
        outer = parents.get(node)
        method = outer.attr if isinstance(outer, ast.Attribute) else ""
        found.append(
            Violation(
                path=display,
                line=node.lineno,
                function=_function_name(node, parents),
                model=model.__name__,
                manager=node.attr,
                method=method,
            )
        )
    return found


def test_the_scan_covers_the_view_and_template_tag_modules():
    files = {str(p.relative_to(SECPANEL.parent)) for p in scanned_files()}
    assert "secpanel/meetings/views.py" in files
    assert "secpanel/meetings/editing.py" in files
    assert "secpanel/core/templatetags/secpanel.py" in files
    assert "secpanel/web/registers.py" in files
    assert len(classified_models()) >= 20


def test_the_scan_catches_direct_manager_use():
    """The detector itself: an alias, a module attribute, a relative import and
    `_default_manager` are caught; `visible_to`, `get_visible_or_404(...)`, `base_queryset`
    and plain models are not."""
    source = (
        "from secpanel.meetings.models import Highlight as H\n"
        "from secpanel.meetings import models\n"
        "from secpanel.core.selectors import get_visible_or_404\n"
        "def a(): return H.objects.filter(pk=1)\n"
        "def b(): return models.Decision._default_manager.all()\n"
        "def c(u): return H.objects.select_related('meeting').visible_to(u)\n"
        "def d(u): return get_visible_or_404(H.objects.select_related('meeting'), u, pk=1)\n"
        "class V:\n"
        "    def base_queryset(self): return H.objects.select_related('meeting')\n"
        "def e(): return models.Meeting.objects.all()\n"
        "def f():\n"
        "    from .models import Action\n"
        "    return Action.history.all()\n"
    )
    found = violations_in_source(
        source,
        module_name="secpanel.meetings.probe_views",
        is_package=False,
        display="probe",
        classified=classified_models(),
    )
    assert [(v.line, v.model, v.manager, v.method) for v in found] == [
        (4, "Highlight", "objects", "filter"),
        (5, "Decision", "_default_manager", "all"),
        (13, "Action", "history", "all"),
    ]


def test_no_view_or_template_tag_reads_a_classified_model_around_visible_to():
    classified = classified_models()
    found = [v for path in scanned_files() for v in violations_in(path, classified)]
    unexpected = [str(v) for v in found if v.key not in ALLOWLIST]
    assert unexpected == [], "read classified records through selectors or core.selectors"
    stale = set(ALLOWLIST) - {v.key for v in found}
    assert stale == set(), "allowlist entries that no longer match any code: remove them"


# --- every record URL, for a record that does not exist ---------------------------------------

RECORD_KWARGS = {"pk", "ref", "reference", "code"}
DUMMY_INT = 999999
DUMMY_STR = "NOPE9999"


def _record_patterns() -> list[tuple[str, dict[str, Any]]]:
    """(url name, dummy kwargs) of every secpanel URL pattern naming a record."""
    found: list[tuple[str, dict[str, Any]]] = []

    def walk(patterns: list, namespace: str, inherited: dict[str, Any]) -> None:
        for entry in patterns:
            converters = {**inherited, **_converters(entry)}
            if isinstance(entry, URLResolver):
                ns = entry.namespace or ""
                walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace, converters)
            elif isinstance(entry, URLPattern) and entry.name:
                module = getattr(entry.callback, "__module__", "")
                if module.startswith("secpanel.") and RECORD_KWARGS & set(converters):
                    found.append((f"{namespace}{entry.name}", _dummies(converters)))

    walk(get_resolver().url_patterns, "", {})
    return sorted(found, key=lambda item: item[0])


def _converters(entry: URLPattern | URLResolver) -> dict[str, Any]:
    pattern = entry.pattern
    converters = dict(getattr(pattern, "converters", {}) or {})
    regex_groups = getattr(pattern, "regex", None)
    for name in regex_groups.groupindex if regex_groups is not None else ():
        converters.setdefault(name, None)
    return converters


# Values for a record that does not exist, tried in order against each converter's regex;
# the first that fits is used (a new converter that none fits fails the test below).
DUMMY_CANDIDATES = [str(DUMMY_INT), DUMMY_STR, "SECMP9999", "MP999", "DP999", "nope"]


def _dummies(converters: dict[str, Any]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for name, converter in converters.items():
        regex = getattr(converter, "regex", "[^/]+")
        fitting = [c for c in DUMMY_CANDIDATES if re.fullmatch(regex, c)]
        kwargs[name] = fitting[0] if fitting else None
    return kwargs


RECORD_PATTERNS = _record_patterns()


def test_every_app_has_record_urls_to_check():
    apps_with_records = {name.partition(":")[0] for name, _kwargs in RECORD_PATTERNS}
    assert {"meetings", "modifications", "assurance", "documents", "bodies"} <= apps_with_records


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs"), RECORD_PATTERNS, ids=[name for name, _kw in RECORD_PATTERNS]
)
def test_a_missing_record_is_not_found_for_the_public(name, kwargs):
    assert None not in kwargs.values(), f"no dummy value fits {name}'s converters: add one"
    url = reverse(name, kwargs=kwargs)
    response = Client(raise_request_exception=False).get(url)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login")), response["Location"]
    else:
        assert response.status_code in (404, 405), f"{url} answered {response.status_code}"
