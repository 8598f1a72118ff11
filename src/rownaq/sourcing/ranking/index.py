"""The index of makers' capability profiles: an inverted file (a compact numpy segment plus a small in-memory
delta where `add`/`remove` land at once, removal being a tombstone) and a forward index of each maker's terms."""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping

import numpy as np

from .. import text as T
from .documents import FUZZY_MIN_LENGTH, Doc, hs6_of, is_text_term, non_maker_share_of, pop_roles
from .hs_model import HsModel
from .profiles import MakerProfile, Product
from .weights import Weights


class MakerIndex:
    """Makers' profiles analysed and indexed; not thread-safe for writes (see the package docstring)."""

    def __init__(
        self,
        hs_to_isic: Mapping[str, Iterable[str]] | None = None,
        weights: Weights | None = None,
        titles: Mapping[str, str] | None = None,
    ) -> None:
        # "hs:<code>" and "isic:<code>" -> the registry's Persian title, for the reasons (codes alone otherwise)
        self.titles: dict[str, str] = dict(titles or {})
        self.hs_to_isic: dict[str, frozenset[str]] = {
            hs: frozenset(classes) for hs, classes in (hs_to_isic or {}).items()
        }
        self.weights = weights or Weights()
        self._profiles: dict[str, MakerProfile] = {}
        self._slot_of: dict[str, int] = {}
        self._id_of: list[str] = []
        self._alive = np.zeros(1024, dtype=np.float32)
        self._non_maker = np.zeros(1024, dtype=np.float32)
        self._length = np.zeros(1024, dtype=np.float32)
        self._province = np.zeros(1024, dtype=np.int32)
        self._province_codes: dict[str, int] = {}
        self._n_alive = 0
        self._total_length = 0.0
        self._avg_length_main = 0.0  # the average length impacts in the compact segment were computed with
        # terms
        self._term_id: dict[str, int] = {}
        self._terms: list[str] = []
        self._df: list[int] = []
        self._surface: dict[str, str] = {}
        self._deletions: dict[str, list[str]] = {}
        self._skeletons: dict[str, list[str]] = {}  # consonant skeleton -> word keys, for English/Persian spellings
        self._ranges: dict[str, list[T.Size]] = {}  # maker id -> the size ranges its lines state, read when needed
        # postings: a compact segment and a delta
        self._main_offsets = np.zeros(1, dtype=np.int64)
        self._main_slots = np.zeros(0, dtype=np.int32)
        self._main_tf = np.zeros(0, dtype=np.float32)
        self._main_impact = np.zeros(0, dtype=np.float32)
        self._delta: dict[int, tuple[array, array, array]] = {}
        self._log: tuple[array, array, array] | None = None  # bulk loading, before compact()
        # forward index: each slot's terms and tfs, for the reasons of the top results
        self._forward_tids = array("i")
        self._forward_tf = array("f")
        self._forward_start = array("q")
        self.hs_model = HsModel()

    # ------------------------------------------------------------ size and access

    def __len__(self) -> int:
        return self._n_alive

    def __contains__(self, maker_id: object) -> bool:
        return maker_id in self._profiles

    def get(self, maker_id: str) -> MakerProfile | None:
        return self._profiles.get(maker_id)

    @property
    def average_length(self) -> float:
        return self._total_length / self._n_alive if self._n_alive else 1.0

    # ------------------------------------------------------------ analysing a maker

    def _analyse_maker(self, profile: MakerProfile) -> Doc:
        w = self.weights
        name = T.analyse(profile.name, lexicon=w.lexicon)
        name_role = pop_roles(name)
        analysis = T.Analysis({}, {})
        lines = T.Analysis({}, {})  # the lines once, at weight 1: the profile's terms and the HS model's
        for line in profile.lines:
            T.analyse(line, 1.0, lines, lexicon=w.lexicon)
        roles = pop_roles(lines)
        certs = {t[5:] for t in lines.terms if t.startswith("cert:")}
        for term, value in lines.terms.items():
            analysis.add(term, value * w.maker_lines, lines.surfaces[term])
        products = [(product, T.analyse(product.name, lexicon=w.lexicon)) for product in profile.products]
        for _, product_terms in products:
            pop_roles(product_terms)
            for term, value in product_terms.terms.items():
                analysis.add(term, value * w.product_names, product_terms.surfaces[term])
        for material in profile.materials:
            T.analyse(material, w.maker_materials, analysis, lexicon=w.lexicon)
        for cap in profile.capacity:
            T.analyse(cap.label, w.capacity_label, analysis, lexicon=w.lexicon)
        pop_roles(analysis)
        # A company's name is not a capability («پوشاک نوین» makes no ceramic moulds for a need that says «نوین»):
        # its words count only where the profile says the same thing elsewhere («یاتاقان‌سازی» and its bearings).
        for term, value in name.terms.items():
            if term in analysis.terms:
                analysis.add(term, value * w.maker_name, name.surfaces[term])
        terms = {t: v for t, v in analysis.terms.items() if is_text_term(t)}
        surfaces = analysis.surfaces
        structured = {t for t in analysis.terms if not is_text_term(t)}  # p:, m:, cert: read from the text
        processes = {p for p in profile.processes if p in T.PROCESSES} | {t[2:] for t in structured if t[:2] == "p:"}
        structured |= {"p:" + p for p in processes}
        hs6 = {hs6_of(p.hs) for p in profile.products} - {""}
        for hs in hs6:
            structured |= {"hs6:" + hs, "hs4:" + hs[:4], "hs2:" + hs[:2]}
        isic = {str(c) for c in profile.isic} | {c for hs in hs6 for c in self.hs_to_isic.get(hs, ())}
        structured |= {"isic:" + c for c in isic}
        for cert in profile.certifications:
            certs |= T.certification_keys(cert) or {T.fold(cert).replace(" ", "")}
        structured |= {"cert:" + c for c in certs}
        terms.update(dict.fromkeys(structured, 1.0))
        length = sum(v for t, v in terms.items() if t.startswith("w:"))
        if set(profile.processes) & T.FORMING_PROCESSES:  # declared, not read from a trader's product names
            roles["make"] += 1
        declares = bool(profile.processes or profile.certifications)
        share = non_maker_share_of(roles, name_role, len(profile.lines), declares)
        contribution = self._hs_contribution(lines, products, hs6)
        return Doc(terms, surfaces, length, share, contribution, processes)

    @staticmethod
    def _hs_contribution(
        lines: T.Analysis, products: list[tuple[Product, T.Analysis]], hs6: set[str]
    ) -> dict[str, dict[str, float]]:
        """What this maker teaches the HS model: its product names under their codes, its lines spread thin."""
        if not hs6:
            return {}
        contribution: dict[str, dict[str, float]] = {}
        share = 0.3 / len(hs6)
        for hs in hs6:
            contribution[hs] = {t: share * min(v, 2.0) for t, v in lines.terms.items() if t.startswith(("w:", "c:"))}
        for product, analysis in products:
            hs = hs6_of(product.hs)
            if not hs:
                continue
            bag = contribution[hs]
            for t, v in analysis.terms.items():
                if t.startswith(("w:", "c:")):
                    bag[t] = bag.get(t, 0.0) + min(v, 1.0)
        return contribution

    def _indexed_doc(self, slot: int) -> Doc:
        """A maker's terms as indexed (the forward index), without analysing its text again."""
        start = self._forward_start[slot]
        end = self._forward_start[slot + 1] if slot + 1 < len(self._forward_start) else len(self._forward_tids)
        names = self._terms
        terms = {names[tid]: tf for tid, tf in zip(self._forward_tids[start:end], self._forward_tf[start:end])}
        # The HS model's share and processes are only needed when a profile is added or removed.
        return Doc(terms, self._surface, float(self._length[slot]), float(self._non_maker[slot]), {}, set())

    # ------------------------------------------------------------ adding and removing

    def _grow(self, size: int) -> None:
        if size <= len(self._alive):
            return
        new = max(size, 2 * len(self._alive))
        for name in ("_alive", "_non_maker", "_length", "_province"):
            old = getattr(self, name)
            grown = np.zeros(new, dtype=old.dtype)
            grown[: len(old)] = old
            setattr(self, name, grown)

    def _term(self, term: str, surface: str | None) -> int:
        tid = self._term_id.get(term)
        if tid is None:
            tid = len(self._terms)
            self._term_id[term] = tid
            self._terms.append(term)
            self._df.append(0)
            if surface is not None:
                self._surface[term] = surface
            key = term[2:]
            if (
                term.startswith("w:")
                and len(key) >= FUZZY_MIN_LENGTH
                and surface is not None
                and " " not in surface
                and not any(ch.isdigit() for ch in key)
            ):
                for variant in T.deletion_variants(key) | {key}:
                    self._deletions.setdefault(variant, []).append(key)
            if term.startswith("w:") and surface is not None:
                bone = T.skeleton(key)
                if len(bone) >= T.TRANSLITERATION_MIN:
                    self._skeletons.setdefault(bone, []).append(key)
        return tid

    def _impact(self, tf: float, length: float, average: float) -> float:
        k1, b = self.weights.k1, self.weights.b
        return tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / max(average, 1e-9)))

    def _insert(self, profile: MakerProfile, bulk: bool) -> None:
        if profile.id in self._profiles:
            self.remove(profile.id)
        self._ranges.pop(profile.id, None)
        doc = self._analyse_maker(profile)
        slot = len(self._id_of)
        self._grow(slot + 1)
        self._id_of.append(profile.id)
        self._slot_of[profile.id] = slot
        self._profiles[profile.id] = profile
        self._alive[slot] = 1.0
        self._non_maker[slot] = doc.non_maker_share
        self._length[slot] = doc.length
        self._province[slot] = self._province_codes.setdefault(profile.province, len(self._province_codes))
        self._n_alive += 1
        self._total_length += doc.length
        average = self._avg_length_main or self.average_length
        self._forward_start.append(len(self._forward_tids))
        for term, tf in doc.terms.items():
            tid = self._term(term, doc.surfaces.get(term))
            self._df[tid] += 1
            self._forward_tids.append(tid)
            self._forward_tf.append(tf)
            if bulk:
                assert self._log is not None
                self._log[0].append(tid)
                self._log[1].append(slot)
                self._log[2].append(tf)
            else:
                entry = self._delta.get(tid)
                if entry is None:
                    entry = self._delta[tid] = (array("i"), array("f"), array("f"))
                entry[0].append(slot)
                entry[1].append(tf)
                entry[2].append(self._impact(tf, doc.length, average) if is_text_term(term) else 1.0)
        self.hs_model.update(doc, +1)

    def add(self, profile: MakerProfile) -> None:
        """Add or replace one maker; it is searchable when this returns."""
        self._insert(profile, bulk=False)

    def add_many(self, profiles: Iterable[MakerProfile]) -> None:
        """Bulk load: postings go to a log that `compact()` (called here) turns into the numpy segment."""
        self._log = (array("i"), array("i"), array("f"))
        try:
            for profile in profiles:
                self._insert(profile, bulk=True)
        finally:
            self.compact()

    def remove(self, maker_id: str) -> bool:
        """Forget a maker at once (a tombstone; `compact()` drops its postings later)."""
        profile = self._profiles.pop(maker_id, None)
        self._ranges.pop(maker_id, None)
        if profile is None:
            return False
        slot = self._slot_of.pop(maker_id)
        start = self._forward_start[slot]
        end = self._forward_start[slot + 1] if slot + 1 < len(self._forward_start) else len(self._forward_tids)
        for tid in self._forward_tids[start:end]:
            self._df[tid] -= 1
        self._alive[slot] = 0.0
        self._n_alive -= 1
        self._total_length -= float(self._length[slot])
        if profile.products:
            self.hs_model.update(self._analyse_maker(profile), -1)
        return True

    def compact(self) -> None:
        """Merge the delta (and a bulk log) into the numpy segment, drop removed makers, recompute impacts."""
        counts = np.diff(self._main_offsets)
        tids = [np.repeat(np.arange(len(counts), dtype=np.int32), counts)]
        slots = [self._main_slots]
        tfs = [self._main_tf]
        for tid, (s, tf, _) in self._delta.items():
            tids.append(np.full(len(s), tid, dtype=np.int32))
            slots.append(np.frombuffer(s, dtype=np.int32))
            tfs.append(np.frombuffer(tf, dtype=np.float32))
        if self._log is not None:
            tids.append(np.frombuffer(self._log[0], dtype=np.int32))
            slots.append(np.frombuffer(self._log[1], dtype=np.int32))
            tfs.append(np.frombuffer(self._log[2], dtype=np.float32))
        tid_all = np.concatenate(tids)
        slot_all = np.concatenate(slots)
        tf_all = np.concatenate(tfs)
        keep = self._alive[slot_all] > 0
        tid_all, slot_all, tf_all = tid_all[keep], slot_all[keep], tf_all[keep]
        order = np.lexsort((slot_all, tid_all))
        tid_all, slot_all, tf_all = tid_all[order], slot_all[order], tf_all[order]
        average = self.average_length
        is_text = np.fromiter((is_text_term(t) for t in self._terms), dtype=bool, count=len(self._terms))
        k1, b = self.weights.k1, self.weights.b
        lengths = self._length[slot_all]
        bm25 = tf_all * (k1 + 1) / (tf_all + k1 * (1 - b + b * lengths / max(average, 1e-9)))
        impact = np.where(is_text[tid_all], bm25, 1.0).astype(np.float32)
        offsets = np.zeros(len(self._terms) + 1, dtype=np.int64)
        np.cumsum(np.bincount(tid_all, minlength=len(self._terms)), out=offsets[1:])
        self._main_offsets, self._main_slots = offsets, slot_all.astype(np.int32)
        self._main_tf, self._main_impact = tf_all.astype(np.float32), impact
        self._avg_length_main = average
        self._delta = {}
        self._log = None

    # ------------------------------------------------------------ the query

    def _idf(self, tid: int) -> float:
        df = max(self._df[tid], 0)
        return math.log(1 + (self._n_alive - df + 0.5) / (df + 0.5))

    def _segments(self, tid: int) -> Iterable[tuple[np.ndarray, np.ndarray]]:
        """A term's postings (slots in increasing order, impacts): the numpy segment's, then the delta's."""
        if tid < len(self._main_offsets) - 1:
            lo, hi = self._main_offsets[tid], self._main_offsets[tid + 1]
            if hi > lo:
                yield self._main_slots[lo:hi], self._main_impact[lo:hi]
        entry = self._delta.get(tid)
        if entry is not None:
            yield np.frombuffer(entry[0], dtype=np.int32), np.frombuffer(entry[2], dtype=np.float32)
