"""Free-text search on normalised Persian: the rule every list page, the API and the marketplace search by."""

from __future__ import annotations

from .persian import search_key, search_terms


def search_queryset(queryset, text: str, field: str = "search_text"):
    """Every word of the query must appear in the normalised search field (Arabic letters, ZWNJ, spacing and
    digit forms do not matter); the whole query with spaces removed is tried too, so «آذربایجانشرقی» finds
    «آذربایجان شرقی»."""
    text = (text or "").strip()
    if not text:
        return queryset
    whole = search_key(text)
    words = [search_key(w) for w in search_terms(text)]
    words = [w for w in words if w]
    if not whole:
        return queryset
    by_words = queryset
    for word in words:
        by_words = by_words.filter(**{f"{field}__contains": word})
    return queryset.filter(**{f"{field}__contains": whole}) | by_words
