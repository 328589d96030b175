"""The content leak guard: words of AMBER and RED records in text meant for a lower audience.

Block levels say where a paragraph *came from*; they say nothing about what someone typed into
it. This guard reads the text itself. AMBER and RED records declare the terms that would reveal
them (`ClassifiedModel.sensitive_fields` / `sensitive_terms()`: a Party's name on an assessment
outcome, a finding's obligation, a key custodian's name), and the secretariat adds free terms
(`core.models.SensitiveTerm`). `scan(text, audience_level=...)` finds every sentence of `text`
that contains a term of a record above `audience_level`:

    scan("Harbour Power Ltd remains Non-compliant with G4.9", audience_level=WHITE)
    -> [Leak(model="assurance.assessmentoutcome", pk=16, level=RED, sentence="Harbour ...")]

Matching is case-insensitive, on word boundaries, with any run of white space standing for a
space; terms shorter than three characters are ignored. It is term matching, not semantics:
a paraphrase ("a large supplier in the South West") passes, and a public sentence that happens
to use a sensitive word is refused (reword it, or the record's owner declassifies it).

Loading reads every AMBER and RED record that declares terms, once per `TermIndex.load()`
(`unrestricted()`: the guard judges text, it shows nothing); call `scan` per issue or publish,
or load one index and scan several texts with it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from secpanel.accounts.types import Reader
from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel, SensitiveTerm
from secpanel.core.policy import access_profile

MIN_TERM_LENGTH = 3
GUARDED_FROM = Classification.AMBER  # only AMBER and RED records' terms are guarded

# Same-length substitutions, so positions in the folded text are positions in the original.
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "\u2011": "-"})
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


@dataclass(frozen=True)
class Leak:
    """A sentence of the text that names a record above the text's audience."""

    model: str  # "assurance.assessmentoutcome" (model label, lower case)
    pk: int
    level: Classification
    sentence: str
    term: str = field(repr=False, compare=False, default="")

    @property
    def label(self) -> str:
        return f"{self.level.label} record {self.model} {self.pk}"

    @property
    def message(self) -> str:
        # The sentence is the writer's own; the record is named by type and id only.
        return f'This sentence matches {self.label}: "{self.sentence}"'

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class TermOwner:
    """A record a term belongs to, with what deciding who may read it needs."""

    model: str
    pk: int
    level: Classification
    body_id: int | None


def normalise_term(term: str) -> str:
    return " ".join(str(term).translate(_FOLD).split())


def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def _unrestricted(model: type[Any]) -> Any:
    return model._default_manager.unrestricted()


def _declaring_models() -> list[type[ClassifiedModel]]:
    found = []
    for model in apps.get_models():
        if not issubclass(model, ClassifiedModel) or model._meta.abstract:
            continue
        overridden = model.sensitive_terms is not ClassifiedModel.sensitive_terms
        if model.sensitive_fields or overridden:
            found.append(model)
    return found


class TermIndex:
    """Every guarded term, lower-cased, with the records it belongs to."""

    def __init__(self, owners: dict[str, set[TermOwner]] | None = None) -> None:
        self._owners: dict[str, set[TermOwner]] = defaultdict(set)
        self._patterns: dict[str, re.Pattern[str]] = {}
        for term, found in (owners or {}).items():
            for owner in found:
                self.add(term, owner)

    def __len__(self) -> int:
        return len(self._owners)

    def add(self, term: str, owner: TermOwner) -> None:
        text = normalise_term(term)
        if len(text) < MIN_TERM_LENGTH or owner.level < GUARDED_FROM:
            return
        key = text.lower()
        self._owners[key].add(owner)
        if key not in self._patterns:
            self._patterns[key] = _pattern(text)

    # -- loading ------------------------------------------------------------------------------
    @classmethod
    def load(cls) -> TermIndex:
        """The terms of every AMBER and RED record, declared or added by the secretariat."""
        index = cls()
        for model in _declaring_models():
            index._load_declared(model)
        index._load_free_terms()
        return index

    def _load_declared(self, model: type[ClassifiedModel]) -> None:
        label = model._meta.label_lower
        rows = _unrestricted(model).filter(classification__gte=GUARDED_FROM)
        if model.sensitive_terms is ClassifiedModel.sensitive_terms:
            # fast path: the declared fields straight from the database, no instances
            fields = list(model.sensitive_fields)
            for pk, level, body_id, *values in rows.values_list(
                "pk", "classification", "owning_body_id", *fields
            ):
                owner = TermOwner(label, pk, Classification(level), body_id)
                for value in values:
                    if value:
                        self.add(str(value), owner)
            return
        for obj in rows:
            owner = TermOwner(label, obj.pk, Classification(obj.classification), obj.owning_body_id)
            for term in obj.sensitive_terms():
                self.add(term, owner)

    def _load_free_terms(self) -> None:
        by_type: dict[int, list[SensitiveTerm]] = defaultdict(list)
        for term in SensitiveTerm.objects.all():
            if term.subject_type_id is None:
                owner = TermOwner(
                    "core.sensitiveterm",
                    term.pk,
                    Classification(term.level or Classification.RED),
                    term.owning_body_id,
                )
                self.add(term.term, owner)
            else:
                by_type[term.subject_type_id].append(term)
        for type_id, terms in by_type.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is None or not issubclass(model, ClassifiedModel):
                continue
            label = model._meta.label_lower
            subjects = {
                pk: (level, body_id)
                for pk, level, body_id in _unrestricted(model)
                .filter(pk__in={t.subject_id for t in terms})
                .values_list("pk", "classification", "owning_body_id")
            }
            for term in terms:
                if term.subject_id in subjects:
                    level, body_id = subjects[term.subject_id]
                    pk = cast("int", term.subject_id)  # a term with a subject type has its id
                    owner = TermOwner(label, pk, Classification(level), body_id)
                    self.add(term.term, owner)

    # -- scanning ----------------------------------------------------------------------------
    def scan(
        self, text: str, *, audience_level: int, audience_user: Reader | None = None
    ) -> list[Leak]:
        """Every (record, sentence) of `text` where a term of a record above `audience_level`
        appears, in the order of the text. With `audience_user`, records that user may read
        are not leaks to them."""
        audience = Classification(int(audience_level))
        if not text or audience >= Classification.RED or not self._owners:
            return []
        folded = text.translate(_FOLD)
        squashed = " ".join(folded.split()).lower()
        found: dict[tuple[str, int, str], tuple[int, Leak]] = {}
        reader = _Reader(audience_user) if audience_user is not None else None
        for key, owners in self._owners.items():
            if key not in squashed:
                continue
            above = [o for o in owners if o.level > audience]
            if reader is not None:
                above = [o for o in above if not reader.may_read(o)]
            if not above:
                continue
            for match in self._patterns[key].finditer(folded):
                sentence = _sentence_around(text, match.start(), match.end())
                for owner in above:
                    ident = (owner.model, owner.pk, sentence)
                    if ident not in found or match.start() < found[ident][0]:
                        found[ident] = (
                            match.start(),
                            Leak(owner.model, owner.pk, owner.level, sentence, match.group(0)),
                        )
        ordered = sorted(
            found.values(), key=lambda item: (item[0], -item[1].level, item[1].model, item[1].pk)
        )
        return [leak for _position, leak in ordered]


class _Reader:
    """Whether the audience user may read a term's record (as `AccessProfile.can_read`)."""

    def __init__(self, user: Reader) -> None:
        self.user = user
        self.profile = access_profile(user)

    def may_read(self, owner: TermOwner) -> bool:
        if owner.body_id is not None and self.profile.may_read_level(owner.body_id, owner.level):
            return True
        if owner.level != Classification.RED or self.profile.anonymous:
            return False
        if owner.model == "core.sensitiveterm":
            return False
        model = apps.get_model(owner.model)
        return _unrestricted(model).filter(pk=owner.pk, red_distribution=self.user).exists()


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` holding text[start:end], on one line, without its full stop."""
    begin = 0
    for boundary in _SENTENCE_END.finditer(text, 0, start):
        begin = boundary.end()
    after = _SENTENCE_END.search(text, end)
    finish = after.start() if after else len(text)
    sentence = " ".join(text[begin:finish].split())
    return sentence.rstrip(".!?") if sentence[-1:] in ".!?" else sentence


def scan(
    text: str,
    *,
    audience_level: int,
    audience_user: Reader | None = None,
    index: TermIndex | None = None,
) -> list[Leak]:
    """Every leak in `text` for an audience at `audience_level` (WHITE for the public
    edition), optionally a given reader. Loads the terms once unless `index` is given."""
    if Classification(int(audience_level)) >= Classification.RED or not text:
        return []
    return (index or TermIndex.load()).scan(
        text, audience_level=audience_level, audience_user=audience_user
    )


def scan_all(
    texts: Iterable[str],
    *,
    audience_level: int,
    audience_user: Reader | None = None,
    index: TermIndex | None = None,
) -> list[Leak]:
    """`scan` over several texts (blocks of a paper) with one index, each leak once."""
    if Classification(int(audience_level)) >= Classification.RED:
        return []
    index = index or TermIndex.load()
    seen: set[tuple[str, int, str]] = set()
    leaks: list[Leak] = []
    for text in texts:
        for leak in index.scan(text, audience_level=audience_level, audience_user=audience_user):
            if (leak.model, leak.pk, leak.sentence) not in seen:
                seen.add((leak.model, leak.pk, leak.sentence))
                leaks.append(leak)
    return leaks


def leak_messages(leaks: Iterable[Leak]) -> list[str]:
    """One message per leaking sentence, naming the first record it matches (and how many
    others): 'This sentence matches Red record assurance.assessmentoutcome 16: "…"'."""
    by_sentence: dict[str, list[Leak]] = {}
    for leak in leaks:
        by_sentence.setdefault(leak.sentence, []).append(leak)
    messages = []
    for found in by_sentence.values():
        first, others = found[0], len(found) - 1
        more = f" (and {others} other record{'s' if others > 1 else ''})" if others else ""
        messages.append(f"{first.message}{more}")
    return messages
