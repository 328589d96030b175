"""Search in the visibility matrix. Search owns no classified model (TARGETS is empty); every
target's records are also looked for through `/search/` (`search_problems`, called by
core/tests/test_visibility_matrix.py): a search for the record's marker lists it iff the role
may read it, counts only those, and names no hidden one."""

from __future__ import annotations

import re
from typing import Any

from secpanel.core.classification import Classification
from secpanel.search.tests.helpers import key, listed

TARGETS: list[Any] = []
_TAG_RE = re.compile(r"<[^>]+>")
# Targets whose marker is only in a classified parent (the assessment's marker is its User's
# Party): search indexes no parent's words in a record, so they are not found by it (and
# must still be neither counted nor named where hidden).
MARKER_IN_PARENT_ONLY = {"assurance_assessment"}


def search_problems(
    client: Any,
    where: str,
    records: dict[Classification, tuple[Any, str]],
    allowed: set[Classification],
) -> list[str]:
    """`records`: level -> (record, marker `MARK-<target>-<LEVEL>-x`). One search for what
    the markers share finds every readable one of them and nothing else of them."""
    problems: list[str] = []
    markers = [m for _obj, m in records.values()]
    common = markers[0].rsplit("-", 2)[0]  # MARK-<target>
    response = client.get("/search/", {"q": common})
    if response.status_code != 200:
        return [f"{where} search: {response.status_code}"]
    found = listed(response)
    text = _TAG_RE.sub("", response.content.decode())
    mine = {key(obj): level for level, (obj, _m) in records.items()}
    shown = {mine[k] for k in found if k in mine}
    target = common.split("-", 1)[1]
    findable = set() if target in MARKER_IN_PARENT_ONLY else set(Classification)
    if shown != allowed & findable:
        problems.append(f"{where} search: lists {sorted(s.name for s in shown)}")
    results = response.context["results"]
    counted = {f.value: f.count for f in results.facets["level"]}
    for level in Classification:
        if level not in allowed and counted.get(level.name.lower()):
            problems.append(f"{where} search: counts {level.name}")
    # The page names no hidden marker, when it lists none of the role's other records (a
    # record the role may read may carry another's marker: an issued file's report)
    if found <= set(mine):
        for level, (_obj, marker) in records.items():
            if level not in allowed and marker in text:
                problems.append(f"{where} search: names {level.name}")
    return problems
