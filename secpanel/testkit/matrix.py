"""The visibility matrix's oracle: which levels each role may read of a record, by the kind of
body that owns it. Each app plugs its models and pages in through `<app>/tests/matrix.py:
TARGETS` (see core/tests/test_visibility_matrix.py).

The expected tables below are written out by hand from the product brief, not derived from
`core.policy`: if the policy drifts from the brief, the matrix fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from secpanel.core.classification import Classification
from secpanel.testkit.world import World

if TYPE_CHECKING:
    from secpanel.core.models import ClassifiedModel

W, G, A, R = Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED

# role -> the levels of a record owned by a sub-committee or group (the world's `owner`) that
# the role may read
EXPECTED: dict[str, set[Classification]] = {
    "anonymous": {W},
    "party": {W, G},
    "administrator": {W, G},
    "auditor": {W, G},
    "owner_chair": {W, G, A, R},
    "owner_member": {W, G, A, R},
    "owner_alternate": {W, G, A, R},
    "owner_observer": {W, G, A},
    "owner_secretariat": {W, G, A, R},
    "former_owner_member": {W, G},
    "future_owner_member": {W, G},
    "other_body_member": {W, G},
    "other_body_secretariat": {W, G},
    "panel_member": {W, G, A},
    "panel_secretariat_only": {W, G},
    "red_recipient": {W, G, R},
    "inactive_owner_member": {W},
}
# The Panel's own records: the Panel is then the owning body, so its member reads them as any
# member of the owning body does (Amber and Red), and its observer as an observer (Amber).
EXPECTED_OF_PANEL_RECORDS: dict[str, set[Classification]] = {
    **EXPECTED,
    "panel_member": {W, G, A, R},
    "panel_secretariat_only": {W, G, A},
}
ROLES = sorted(EXPECTED)

# The owning bodies the matrix runs for (codes of `testkit.world.BODIES`): a sub-committee with
# a RED register (SSC), another sub-committee (Ops Group), a group the world's other body is
# not (TAG), a sub-group of that other body (TSIRS, under TABASC: a seat on the parent is no
# seat on the child) and the Panel itself.
OWNERS = ("ssc", "ops-group", "tag", "tsirs", "panel")


def expected_levels(role: str, owner_code: str) -> set[Classification]:
    """The levels `role` may read of a record owned by the body `owner_code`."""
    table = EXPECTED_OF_PANEL_RECORDS if owner_code == "panel" else EXPECTED
    return table[role]


@dataclass(frozen=True)
class MatrixTarget:
    """One classified model and the pages that show it.

    `make(world, level, marker)` creates a record owned by `world.owner` at `level` whose
    pages contain the text `marker`. `list_urls(world)` are pages that list such records (each
    must not mention hidden ones); `detail_url(obj)` is the record's own page (404 if hidden).
    """

    name: str
    model: type[ClassifiedModel]
    make: Callable[[World, Classification, str], Any]
    detail_url: Callable[[Any], str] | None
    list_urls: Callable[[World], list[str]] = lambda world: []


@dataclass(frozen=True)
class FeedTarget:
    """One feed and a classified model whose records it lists (`<app>/tests/matrix.py:
    FEEDS`).

    `make(world, level, marker)` creates a record owned by `world.owner` at `level` that the
    feed would list if readable; the feed names it by its page (`listed(obj)`: an ICS event's
    URL, an Atom entry's link). `public_urls(world)` are the public feeds (White only, for
    every role); `private_url(key)` is the feed under a person's feed key (what that person
    may read; nothing at all for an inactive person).
    """

    name: str
    model: type[ClassifiedModel]
    make: Callable[[World, Classification, str], Any]
    public_urls: Callable[[World], list[str]]
    private_url: Callable[[str], str]
    listed: Callable[[Any], str] = lambda obj: obj.get_absolute_url()
