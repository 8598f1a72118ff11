"""The queries over the index: a need's query (its words, typo neighbours, other-script spellings, codes, what its HS
code's makers use), scoring and rerank, the makers for a need, the needs for a maker, and HS suggestion."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np

from .. import text as T
from .documents import (
    FUZZY_MIN_LENGTH,
    FUZZY_MIN_WEIGHT,
    HAS_DIGIT,
    KIND_CONCEPTS,
    LATIN_WORD,
    Query,
    amount_fa,
    fa,
    hs6_of,
    is_text_term,
    label_terms,
    range_fa,
    unit_fa,
    unit_key,
)
from .profiles import Capacity, MakerProfile, Match, Need, NeedMatch
from .reasons import MakerReasons


class Matcher(MakerReasons):
    """The index of makers' capability profiles and the queries over it (see the package docstring)."""

    def _fuzzy_neighbours(self, key: str) -> set[str]:
        if len(key) < FUZZY_MIN_LENGTH or any(ch.isdigit() for ch in key):
            return set()
        found = set(self._deletions.get(key, ()))
        for variant in T.deletion_variants(key):
            found.update(self._deletions.get(variant, ()))
        found.discard(key)
        return found

    def _bridges(self, key: str) -> list[str]:
        """Word keys of the index spelt in the other script with the same consonant skeleton («ایمپلر», impeller)."""
        bone = T.skeleton(key)
        if len(bone) < T.TRANSLITERATION_MIN:
            return []
        persian = T.is_persian(key)
        return [other for other in self._skeletons.get(bone, ()) if T.is_persian(other) != persian]

    def _item_materials(self, need: Need) -> set[str]:
        """The materials the need states for the item itself: its materials field and the title's words before an
        application or part marker («برای», «با», "for", "with"). A mould or die is made of tool steel (or carbide):
        a plastic, rubber or alloy named for it (PP, ADC12, 42CrMo4) is the moulded, cast or forged part's."""
        own: set[str] = set()
        for material in need.materials:
            own |= {t for t in T.analyse(material).terms if t.startswith("m:")}
        own |= {t for t in T.analyse(T.before_application(need.title)).terms if t.startswith("m:")}
        if need.kind == "mould_die":
            own = {m for m in own if m[2:] in T.TOOLING_MATERIALS}
        return own

    @staticmethod
    def _material_words(need: Need, foreign: set[str]) -> set[str]:
        """The word terms of the need's title and description that name one of the `foreign` materials."""
        words: set[str] = set()
        for text in (need.title, need.description):
            token_list = T.tokens(text)
            keys = [t.key or t.surface for t in token_list]
            for concept, i, j in T.concepts(token_list):
                if concept in foreign and concept[:2] == "m:":
                    words |= {"w:" + k for k in keys[i:j] if k}
                    if j - i == 2:
                        words.add("w:" + T.pair_key(token_list[i].surface, token_list[i + 1].surface))
        return words

    def _need_query(self, need: Need, neighbours=None, bridges=None) -> Query:
        """The weighted terms of a need. `neighbours(key)` gives typo neighbours and `bridges(key)` the same word
        in the other script (the index's by default)."""
        w = self.weights
        neighbours = neighbours or self._fuzzy_neighbours
        bridges = bridges or self._bridges
        terms: dict[str, float] = {}
        origin: dict[str, str] = {}
        surfaces: dict[str, str] = {}

        def put(term: str, weight: float, why: str, surface: str = "") -> None:
            if weight <= 0:
                return
            terms[term] = terms.get(term, 0.0) + weight
            origin.setdefault(term, why)
            if surface:
                surfaces.setdefault(term, surface)

        kind_weight = {"w:": w.word, "pn:": w.part_number_key, "c:": w.concept}
        title = T.analyse(need.title, w.title, lexicon=w.lexicon)
        head = T.head_keys(need.title) if w.lexicon else {t for t in T.head_keys(need.title) if t[:2] == "w:"}
        if w.head != 1.0:
            for term in head & title.terms.keys():
                title.terms[term] *= w.head
        if w.modifier_concept != 1.0 and head:
            for term in [t for t in title.terms if t.startswith("c:") and t not in head]:
                title.terms[term] *= w.modifier_concept
        text = T.Analysis(dict(title.terms), dict(title.surfaces))
        described = T.Analysis({}, {})
        for clause, serves in T.application_clauses(need.description):
            T.analyse(
                clause,
                w.description * (w.application if serves else 1.0),
                described,
                lexicon=w.lexicon,
                drop=T.NEED_BOILERPLATE,
            )
        # A material the description names is the material term's to weigh (below), not its words'; numbers there
        # are quantities, not part numbers (those are read as "pn:" terms).
        for term in self._material_words(Need(need.id, "", need.description), set(described.terms)):
            if term not in title.terms and term in described.terms:
                described.terms[term] *= w.other_material_words
        for term, value in described.terms.items():
            if not (term[:2] == "w:" and term[2:].isdigit()):
                text.add(term, value, described.surfaces.get(term, ""))
        T.analyse(need.oem, w.oem, text, lexicon=w.lexicon)
        for material in need.materials:
            T.analyse(material, w.need_materials, text, lexicon=w.lexicon)
        if need.part_number:
            pn = T.analyse(need.part_number, w.part_number)
            for key in T.part_number_keys(need.part_number, strict=False):
                pn.add("pn:" + key, w.part_number, need.part_number)
            for term, value in pn.terms.items():
                text.add(term, value, need.part_number if term.startswith("pn:") else pn.surfaces.get(term, ""))
        named_materials = set()
        for term, value in text.terms.items():
            if is_text_term(term):
                put(term, value * kind_weight[term[: term.index(":") + 1]], "text", text.surfaces.get(term, ""))
            elif term.startswith("m:"):
                named_materials.add(term)
        # Typo neighbours and other-script spellings of the words that carry the need (title, part number, OEM,
        # materials), not of the description's boilerplate: it would cost postings and add noise.
        for term, value in list(terms.items()):
            if term.startswith("w:") and value >= FUZZY_MIN_WEIGHT:
                written = text.surfaces.get(term, term[2:])
                for other in neighbours(term[2:]):
                    put("w:" + other, value * w.fuzzy, "fuzzy:" + written)
                if " " not in written:
                    for other in bridges(term[2:]):
                        put("w:" + other, value * w.transliteration, "bridge:" + written, written)
        materials = self._item_materials(need) if w.lexicon else set()
        for material in named_materials:
            put(material, w.material if material in materials else w.other_material, "material")
        if named_materials - materials and w.other_material_words != 1.0:
            for term in self._material_words(need, named_materials - materials) & terms.keys():
                terms[term] *= w.other_material_words
        certifications = T.certification_keys(f"{need.title} {need.description}")
        for cert in certifications:
            put("cert:" + cert, w.certification, "certification")
        for pid in need.processes:
            put("p:" + pid, w.process, "process")
        if need.kind in KIND_CONCEPTS:
            put(KIND_CONCEPTS[need.kind], w.kind_concept, "kind")

        hs6 = hs6_of(need.hs)
        suggested, factor = False, 1.0
        if not hs6 and not T.hs_digits(need.hs):
            hs6 = self._suggested_code(title.terms or text.terms, head)
            if hs6:
                suggested, factor = True, w.suggested_hs
        elif hs6 and head and w.served_code < 1.0 and self._names_something_else(hs6, head, title.terms):
            # The typed code's makers never name the item, another code's do: the buyer typed the code of what
            # the item serves (a crankshaft's for its forging die, a pump's for its impeller).
            other = self._suggested_code(title.terms or text.terms, head, w.served_min_score)
            if other and other[:4] != hs6[:4]:
                hs6, suggested, factor = other, True, w.served_code
        digits = T.hs_digits(need.hs)
        if hs6:
            put("hs6:" + hs6, w.hs6 * factor, "hs")
            put("hs4:" + hs6[:4], w.hs4 * factor, "hs")
            put("hs2:" + hs6[:2], w.hs2 * factor, "hs")
            isic = self.hs_to_isic.get(hs6, frozenset())
            for c in isic:
                put("isic:" + c, w.isic * factor / max(1.0, math.sqrt(len(isic))), "isic")
            for term, share in self.hs_model.expansion(hs6, w.hs_expansion_terms):
                put(term, w.hs_expansion * factor * share, "hs_expansion:" + hs6)
            for pid, share in self.hs_model.processes(hs6):
                if share >= 0.5:
                    put("p:" + pid, w.hs_process * factor * share, "hs_process:" + hs6)
        elif len(digits) >= 4:
            put("hs4:" + digits[:4], w.hs4, "hs")
            put("hs2:" + digits[:2], w.hs2, "hs")
        own = {t for t in title.terms if t.startswith(("w:", "c:"))}
        typed = {
            T.fold(word): word
            for word in LATIN_WORD.findall(" ".join([need.title, need.description, need.oem, *need.materials]))
        }
        sizes = T.sizes(f"{need.title}\n{need.description}")
        return Query(terms, origin, surfaces, hs6, suggested, materials, certifications, own, typed=typed, sizes=sizes)

    def _names_something_else(self, hs6: str, head: set[str], terms: Mapping[str, float]) -> bool:
        """Makers list this code and the title's other words read as it, but its makers never use the item's head
        noun: the title names the item and, after it, the product the code is of («قالب فورج میل لنگ» with the
        crankshaft's code). A title no maker's words fit (an application name) is left to its code."""
        w = self.weights
        if (
            self.hs_model.hs_makers.get(hs6, 0) < w.served_code_makers
            or self.hs_model.head_share(hs6, head) >= w.suggest_head_share
        ):
            return False
        reads = dict(self.hs_model.suggest({t: v for t, v in terms.items() if t not in head}, w.suggest_candidates))
        return reads.get(hs6, 0.0) >= w.served_typed_score

    def _suggested_code(self, terms: Mapping[str, float], head: set[str], min_score: float | None = None) -> str:
        """The HS code read from a need's title: the best of the top codes whose makers use the item's head noun.

        A title names the item and often what it serves («قالب فورج میل لنگ», «پروانه پمپ»): the code that fits
        the words best is often the served product's, which the makers of the die or the impeller do not list.
        """
        w = self.weights
        floor = w.suggest_min_score if min_score is None else min_score
        for code, score in self.hs_model.suggest(terms, w.suggest_candidates):
            if score < floor:
                break
            if not head or self.hs_model.head_share(code, head) >= w.suggest_head_share:
                return code
        return ""

    # ------------------------------------------------------------ scoring

    def _term_factor(self, term: str, weight: float, tid: int) -> float:
        return weight * self._idf(tid) if is_text_term(term) else weight

    def _pool(self, query: Query, pool: int, keep: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The `pool` best slots for a query and their scores (before the rerank), summed in one dense array.

        A word whose largest possible share of a score is below `Weights.min_term_score` is skipped: common
        words of the description or of the HS expansion cost long postings and change no ranking.
        """
        n = len(self._id_of)
        scores = np.zeros(n, dtype=np.float32)
        max_impact = self.weights.k1 + 1
        floor = self.weights.min_term_score
        for term, weight in query.terms.items():
            tid = self._term_id.get(term)
            if tid is None or self._df[tid] <= 0:
                continue
            factor = self._term_factor(term, weight, tid)
            query.factors[term] = factor
            if factor * max_impact < floor and is_text_term(term):
                continue
            for slots, impacts in self._segments(tid):
                scores[slots] += factor * impacts
        scores *= self._alive[:n]
        if keep is not None:
            scores *= keep
        if pool >= n:
            top = np.arange(n)
        else:
            top = np.argpartition(-scores, pool - 1)[:pool]
        return top, scores[top]

    def _rerank_bonus(
        self, need: Need, query: Query, profile: MakerProfile, explain: bool = False
    ) -> tuple[float, list[tuple[float, str]]]:
        """Additive adjustments that need the whole profile; their reasons only when `explain`."""
        w = self.weights
        bonus, reasons = 0.0, []
        cap = self._capacity_fit(need, query, profile)
        if cap is not None:
            ok, entry = cap
            bonus += w.capacity_ok if ok else -w.capacity_short
            if explain:
                text = f"ظرفیت سالانه {amount_fa(entry.amount)} {unit_fa(entry.unit)}".rstrip()
                reasons.append(
                    (w.capacity_ok, f"{text} (نیاز: {amount_fa(need.quantity or 0)})")
                    if ok
                    else (0.0, f"{text}، کمتر از نیمی از نیاز ({amount_fa(need.quantity or 0)})")
                )
        if query.sizes:
            fit = self._size_fit(query, profile)
            if fit is not None:
                ok, size, stated = fit
                bonus += w.size_fit if ok else -w.size_miss
                if explain:
                    need_side = f"{amount_fa(round(size.low, 3))} {T.BASE_UNIT_FA[size.dimension]}"
                    maker_side = range_fa(stated)
                    reasons.append(
                        (w.size_fit, f"اندازه در محدوده سازنده: {need_side} (سازنده: {maker_side})")
                        if ok
                        else (0.0, f"اندازه {need_side} بیرون از محدوده سازنده ({maker_side})")
                    )
        if profile.localizations:
            value = w.localizations * math.log1p(profile.localizations)
            bonus += value
            if explain:
                reasons.append((value, f"{fa(profile.localizations)} سابقه داخلی‌سازی"))
        if need.estate and profile.estate == need.estate:
            bonus += w.same_estate
            if explain:
                reasons.append((w.same_estate, "در همان شهرک صنعتی خریدار"))
        elif need.province and profile.province == need.province:
            bonus += w.same_province
            if explain:
                reasons.append((w.same_province, "در همان استان خریدار"))
        return bonus, reasons

    def _size_fit(self, query: Query, profile: MakerProfile) -> tuple[bool, T.Size, T.Size] | None:
        """Whether a size the need states lies inside a range the maker states for that measure; None when the
        maker states no range of any measure the need gives."""
        ranges = self._ranges.get(profile.id)
        if ranges is None:
            ranges = self._ranges[profile.id] = [
                r for line in profile.lines if HAS_DIGIT.search(line) for r in T.size_ranges(line)
            ]
        if not ranges:
            return None
        miss = None
        for size in query.sizes:
            same = [r for r in ranges if r.dimension == size.dimension]
            for stated in same:
                if stated.holds(size):
                    return True, size, stated
            if same and miss is None:
                miss = (False, size, max(same, key=lambda r: r.high))
        return miss

    def _capacity_fit(self, need: Need, query: Query, profile: MakerProfile) -> tuple[bool, Capacity] | None:
        if not need.quantity or not profile.capacity:
            return None
        for entry in profile.capacity:
            if unit_key(entry.unit) != unit_key(need.unit):
                continue
            if not entry.label or query.words & label_terms(entry.label):
                return entry.amount * 2 >= need.quantity, entry
        return None

    def search(self, need: Need, k: int = 20, *, province: str | None = None) -> list[Match]:
        """The k makers most likely to make the need, best first, each with its reasons in Persian.

        `province` keeps makers of one province only (the province's linkage table).
        """
        if not self._n_alive or k <= 0:
            return []
        query = self._need_query(need)
        keep = None
        if province is not None:
            code = self._province_codes.get(province)
            keep = (
                (self._province[: len(self._id_of)] == code).astype(np.float32)
                if code is not None
                else np.zeros(len(self._id_of), dtype=np.float32)
            )
        candidates, scores = self._pool(query, max(self.weights.pool, k), keep)
        positive = scores > 0
        candidates, scores = candidates[positive], scores[positive]
        ranked = []
        for slot, score in zip(candidates.tolist(), scores.tolist()):
            profile = self._profiles[self._id_of[slot]]
            raw = score * (1 - self.weights.non_maker * float(self._non_maker[slot]))
            bonus, _ = self._rerank_bonus(need, query, profile)
            ranked.append((raw + bonus, profile.id, profile))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        matches = []
        for score, maker_id, profile in ranked[:k]:
            _, extra = self._rerank_bonus(need, query, profile, explain=True)
            reasons = self._reasons(query, profile, extra, self._indexed_doc(self._slot_of[maker_id]))
            matches.append(Match(maker_id, round(score, 4), reasons))
        return matches

    def needs_for(self, profile: MakerProfile, needs: Iterable[Need], k: int = 20) -> list[NeedMatch]:
        """The reverse query: the needs this maker could serve, best first (for a maker's page and digests)."""
        doc = self._analyse_maker(profile)
        keys = {t[2:] for t in doc.terms if t.startswith("w:")}
        deletions: dict[str, set[str]] = {}
        for key in keys:
            if len(key) >= FUZZY_MIN_LENGTH and not any(ch.isdigit() for ch in key):
                for variant in T.deletion_variants(key) | {key}:
                    deletions.setdefault(variant, set()).add(key)

        def neighbours(key: str) -> set[str]:
            if len(key) < FUZZY_MIN_LENGTH or any(ch.isdigit() for ch in key):
                return set()
            found = set(deletions.get(key, ()))
            for variant in T.deletion_variants(key):
                found |= deletions.get(variant, set())
            found.discard(key)
            return found

        skeletons: dict[str, set[str]] = {}
        for key in keys:
            bone = T.skeleton(key)
            if len(bone) >= T.TRANSLITERATION_MIN:
                skeletons.setdefault(bone, set()).add(key)

        def bridges(key: str) -> list[str]:
            bone = T.skeleton(key)
            persian = T.is_persian(key)
            return [k for k in skeletons.get(bone, ()) if T.is_persian(k) != persian] if bone else []

        ranked = []
        for need in needs:
            query = self._need_query(need, neighbours, bridges)
            raw, _ = self._pair(query, doc)
            if raw <= 0:
                continue
            raw *= 1 - self.weights.non_maker * doc.non_maker_share
            bonus, extra = self._rerank_bonus(need, query, profile, True)
            ranked.append((raw + bonus, need.id, query, extra))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        return [
            NeedMatch(nid, round(score, 4), self._reasons(query, profile, extra, doc))
            for score, nid, query, extra in ranked[:k]
        ]

    def explain(self, need: Need, maker_id: str) -> list[str]:
        """The reasons for one maker and one need, whatever its rank."""
        profile = self._profiles[maker_id]
        query = self._need_query(need)
        _, extra = self._rerank_bonus(need, query, profile, True)
        return self._reasons(query, profile, extra, self._indexed_doc(self._slot_of[maker_id]))

    # ------------------------------------------------------------ HS suggestion

    def suggest_hs(self, text: str, k: int = 5) -> list[tuple[str, float]]:
        """HS6 codes for a need's text, from the makers' products (name and HS) and profiles; score in [0, 1]."""
        analysis = T.analyse(text)
        terms = {t: v for t, v in analysis.terms.items() if t.startswith(("w:", "c:"))}
        return self.hs_model.suggest(terms, k)
