"""What the catalogue teaches about HS codes: the words and processes that the makers of a code use, read back to
suggest an HS code for a need's text and to widen a need's query."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from .documents import SUPPORT_PRIOR, Doc


class HsModel:
    """Per HS6 code, the words and processes of the makers that list a product with that code.

    It answers `suggest` (which code fits this text) and `expansion` (which words and processes to add to a
    need that has this code). Updated one maker at a time.
    """

    def __init__(self) -> None:
        self.term_hs: dict[str, dict[str, float]] = {}
        self.hs_terms: dict[str, dict[str, float]] = {}
        self.hs_makers: Counter[str] = Counter()
        self.hs_processes: dict[str, Counter[str]] = {}
        self._norms: dict[str, float] = {}
        self._tops: dict[str, float] = {}
        self._expansions: dict[tuple[str, int], list[tuple[str, float]]] = {}

    def update(self, doc: Doc, sign: int) -> None:
        for hs, terms in doc.hs_contribution.items():
            bag = self.hs_terms.setdefault(hs, {})
            for term, weight in terms.items():
                value = bag.get(term, 0.0) + sign * weight
                postings = self.term_hs.setdefault(term, {})
                if value > 1e-9:
                    bag[term] = value
                    postings[hs] = value
                else:
                    bag.pop(term, None)
                    postings.pop(hs, None)
            self.hs_makers[hs] += sign
            procs = self.hs_processes.setdefault(hs, Counter())
            for p in doc.processes:
                procs[p] += sign
            self._norms.pop(hs, None)
            self._tops.pop(hs, None)
            for key in [key for key in self._expansions if key[0][:4] == hs[:4]]:
                del self._expansions[key]

    def _idf(self, term: str) -> float:
        return math.log(1 + len(self.hs_terms) / max(1, len(self.term_hs.get(term, ()))))

    def _norm(self, hs: str) -> float:
        norm = self._norms.get(hs)
        if norm is None:
            norm = math.sqrt(sum((w * self._idf(t)) ** 2 for t, w in self.hs_terms.get(hs, {}).items())) or 1.0
            self._norms[hs] = norm
        return norm

    def head_share(self, hs: str, head: Iterable[str]) -> float:
        """How strongly the makers of `hs` use the item's head noun, against their commonest word (0..1)."""
        bag = self.hs_terms.get(hs)
        if not bag:
            return 0.0
        top = self._tops.get(hs)
        if top is None:
            top = self._tops[hs] = max(bag.values())
        return max((bag.get(term, 0.0) for term in head), default=0.0) / top if top > 0 else 0.0

    def _support(self, hs: str) -> float:
        makers = max(self.hs_makers.get(hs, 0), 0)
        return math.sqrt(makers / (makers + SUPPORT_PRIOR))

    def suggest(self, terms: Mapping[str, float], k: int) -> list[tuple[str, float]]:
        scores: defaultdict[str, float] = defaultdict(float)
        qnorm = 0.0
        for term, weight in terms.items():
            postings = self.term_hs.get(term)
            if not postings:
                continue
            idf = self._idf(term)
            qnorm += (weight * idf) ** 2
            for hs, w in postings.items():
                scores[hs] += weight * idf * w * idf
        if not scores:
            return []
        qnorm = math.sqrt(qnorm) or 1.0
        # Cosine, discounted for codes few makers list: one maker's odd code is weak evidence.
        ranked = sorted(
            ((hs, s / (qnorm * self._norm(hs)) * self._support(hs)) for hs, s in scores.items()),
            key=lambda x: (-x[1], x[0]),
        )
        return [(hs, round(score, 4)) for hs, score in ranked[:k]]

    def expansion(self, hs: str, n: int) -> list[tuple[str, float]]:
        """The n words most typical of makers of `hs` (or of its heading when no maker lists the code)."""
        key = (hs, n)
        cached = self._expansions.get(key)
        if cached is not None:
            return cached
        bag = self.hs_terms.get(hs)
        if not bag:
            bag = {}
            for code, terms in self.hs_terms.items():
                if code[:4] == hs[:4]:
                    for t, w in terms.items():
                        bag[t] = bag.get(t, 0.0) + w
        scored = sorted(((t, w * self._idf(t)) for t, w in bag.items()), key=lambda x: (-x[1], x[0]))[:n]
        top = scored[0][1] if scored else 1.0
        result = [(t, s / top) for t, s in scored]
        self._expansions[key] = result
        return result

    def processes(self, hs: str) -> list[tuple[str, float]]:
        """Processes and the share of the code's makers that have them."""
        makers = self.hs_makers.get(hs, 0)
        if makers <= 0:
            return []
        return [(p, c / makers) for p, c in self.hs_processes.get(hs, Counter()).items() if c > 0]
