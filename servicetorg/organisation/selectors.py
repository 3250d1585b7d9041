"""Reads of the organisation: the staff directory the switchboard lives on."""

from django.db.models import Q

from servicetorg.organisation.models import StaffContact

DIRECTORY_LIMIT = 50
_FIELDS = ("name", "title", "unit__name", "handles")


def _word_matches(word: str) -> Q:
    """The word in any searched field, whatever its case.

    SQLite's LIKE ignores case for ASCII letters only, so "øyvind" would miss
    "Øyvind"; the usual spellings of the word are tried as well."""
    cond = Q()
    for spelling in {word, word.lower(), word.upper(), word.capitalize()}:
        for field in _FIELDS:
            cond |= Q(**{f"{field}__icontains": spelling})
    return cond


def staff_contact_search(*, municipality_id: int, q: str, limit: int = DIRECTORY_LIMIT) -> list[StaffContact]:
    """Active directory entries of the municipality where every typed word is found in
    the name, title, unit name or what the person handles; by name. One query."""
    words = q.split()[:8]
    if not words:
        return []
    cond = Q()
    for word in words:
        cond &= _word_matches(word)
    return list(
        StaffContact.objects.filter(municipality_id=municipality_id, active=True)
        .filter(cond)
        .select_related("unit", "site")
        .order_by("name", "pk")[:limit]
    )
