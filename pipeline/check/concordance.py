"""The concordance: for each glossary concept, every rendering the catalogs use, with where."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pipeline.check.checks import Record
from pipeline.glossary import Glossary

APPROVED = ("preferred", "admitted")
STATUS_ORDER = ("preferred", "admitted", "unaccented", "deprecated", "forbidden", "missing")


@dataclass(frozen=True)
class Place:
    """A translated message: its catalog and the line of its entry."""

    file: str
    line: int


@dataclass(frozen=True)
class Usage:
    """One rendering of a concept: the target term (``""`` for none), its
    status (preferred, admitted, deprecated, forbidden, unaccented: written
    without its accents, or missing: no glossary term renders the concept),
    and the messages that use it."""

    text: str
    status: str
    places: tuple[Place, ...]

    @property
    def count(self) -> int:
        return len(self.places)

    @property
    def approved(self) -> bool:
        return self.status in APPROVED


@dataclass(frozen=True)
class ConceptUsage:
    """How the catalogs render one concept: the English terms they translate,
    the approved target term, and every rendering found, most used first."""

    id: str
    english: tuple[str, ...]
    preferred: str
    usages: tuple[Usage, ...]

    @property
    def messages(self) -> int:
        return len({place for usage in self.usages for place in usage.places})

    @property
    def problems(self) -> int:
        """Messages rendering it with a term that is not approved, or with none."""
        return sum(usage.count for usage in self.usages if not usage.approved)


def concordance(records: list[Record] | tuple[Record, ...], glossary: Glossary, lang: str) -> list[ConceptUsage]:
    """For each concept of ``glossary``, in glossary order, every rendering
    of it found in ``records`` (translated messages in ``lang``), with counts
    and places: the renderings of the concept where the English names it,
    and its terms that are not approved wherever they are written.
    Concepts found nowhere have no usages."""
    places: dict[str, dict[tuple[str, str], set[Place]]] = defaultdict(lambda: defaultdict(set))
    english: dict[str, set[str]] = defaultdict(set)
    for record in records:
        for concept_id, term, variant, status in record.variants:
            places[concept_id][(variant, status)].add(Place(record.file, record.line))
            english[concept_id].add(term)
        named = {variant[0] for variant in record.variants}
        for side, _, _, concept_id, variant, status in record.marks:  # a wrong term where the English has no such concept
            if side == "target" and concept_id not in named and status not in APPROVED:
                places[concept_id][(variant, status)].add(Place(record.file, record.line))
    found = []
    for concept in glossary:
        preferred = concept.preferred(lang)
        usages = [Usage(text, status, tuple(sorted(where, key=lambda place: (place.file, place.line))))
                  for (text, status), where in places.get(concept.id, {}).items()]
        usages.sort(key=lambda usage: (-usage.count, STATUS_ORDER.index(usage.status) if usage.status in STATUS_ORDER
                                       else len(STATUS_ORDER), usage.text))
        found.append(ConceptUsage(concept.id, tuple(sorted(english.get(concept.id, ()), key=str.lower)),
                                  preferred.text if preferred else "", tuple(usages)))
    return found
