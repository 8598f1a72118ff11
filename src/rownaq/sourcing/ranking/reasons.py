"""Why a maker fits a need, in Persian: one need-maker pair scored term by term, and the reasons shown with a match."""

from __future__ import annotations

import math

from .. import text as T
from .documents import Doc, Query, fa, is_text_term
from .index import MakerIndex
from .profiles import MakerProfile


class MakerReasons(MakerIndex):
    """The reasons of a match, read from the forward index."""

    # ------------------------------------------------------------ one pair: the reverse query and the reasons

    def _pair(self, query: Query, doc: Doc) -> tuple[float, dict[str, float]]:
        """Score of one analysed maker for one query, as `_pool` computes it, with each term's share."""
        contributions = {}
        qterms, dterms = query.terms, doc.terms
        if len(dterms) < len(qterms):
            shared = [t for t in dterms if t in qterms]
        else:
            shared = [t for t in qterms if t in dterms]
        average = self._avg_length_main or self.average_length
        n = max(self._n_alive, 1)
        factors = query.factors
        max_impact, floor = self.weights.k1 + 1, self.weights.min_term_score
        for term in shared:
            factor = factors.get(term)
            if factor is None:
                weight = qterms[term]
                tid = self._term_id.get(term)
                if is_text_term(term):
                    df = max(self._df[tid], 0) if tid is not None else 0
                    factor = weight * math.log(1 + (n - df + 0.5) / (df + 0.5))
                else:
                    factor = weight
            if is_text_term(term):
                if factor * max_impact < floor:
                    continue
                contributions[term] = factor * self._impact(dterms[term], doc.length, average)
            else:
                contributions[term] = factor
        return sum(contributions.values()), contributions

    def _shown_word(self, term: str, why: str, query: Query, doc: Doc) -> str:
        """A matched word as a staff member can check it: Persian as the maker or the buyer wrote it; an English
        word only as the buyer typed it; else its Persian name from the lexicon; else nothing (never a stem)."""
        key = term.partition(":")[2]
        if why.startswith(("bridge:", "fuzzy:")):
            written = why.partition(":")[2]
            maker_side = doc.surfaces.get(term) or self._surface.get(term, "")
            if maker_side and not T.is_latin(maker_side):
                return maker_side
            return written if not T.is_latin(written) else self._typed(written, query)
        maker_side = doc.surfaces.get(term) or self._surface.get(term, "")
        if maker_side and not T.is_latin(maker_side):
            return maker_side
        need_side = query.surfaces.get(term, "")
        if need_side and not T.is_latin(need_side):
            return need_side
        if need_side:
            return self._typed(need_side, query)
        return T.persian_word(key)

    def _title(self, kind: str, code: str) -> str:
        """« (Persian title)» of a code, from the nearest level the registry has a Persian title for."""
        for length in (len(code), 4, 2) if kind == "hs" else (len(code), 3, 2):
            title = self.titles.get(f"{kind}:{code[:length]}")
            if title:
                return f" ({title})"
        return ""

    @staticmethod
    def _typed(folded: str, query: Query) -> str:
        """An English word (or words) of the need as the user typed them; "" if the need does not have them."""
        words = [query.typed.get(word, "") for word in folded.split()]
        return " ".join(words) if words and all(words) else ""

    def _reasons(self, query: Query, profile: MakerProfile, extra: list[tuple[float, str]], doc: Doc) -> list[str]:
        _, contributions = self._pair(query, doc)
        reasons: list[tuple[float, str]] = []
        words: dict[str, float] = {}
        related: dict[str, float] = {}
        concepts: dict[str, float] = {}
        part_numbers = []
        by_kind: dict[str, list[str]] = {}
        for term, value in contributions.items():
            kind, _, key = term.partition(":")
            if kind not in ("w", "c", "pn"):
                by_kind.setdefault(kind, []).append(key)
                continue
            why = query.origin.get(term, "")
            if kind == "pn":  # part numbers are codes, shown as the need wrote them
                part_numbers.append((value, query.surfaces.get(term) or doc.surfaces.get(term) or key))
            elif kind == "c":
                label = T.concept_label_fa(term) or self._shown_word(term, why, query, doc)
                if label:
                    concepts[label] = max(value, concepts.get(label, 0.0))
            elif not (key.isdigit() and len(key) < 3):
                shown = self._shown_word(term, why, query, doc)
                bag = related if why.startswith("hs_expansion") else words
                if shown:
                    bag[shown] = max(value, bag.get(shown, 0.0))
        if words:  # the words that carry the match, not every common word
            floor = 0.15 * max(words.values())
            words = {s: v for s, v in words.items() if v >= floor}
        if related:
            floor = 0.15 * max(related.values())
            related = {s: v for s, v in related.items() if v >= floor}
        if part_numbers:
            value, surface = max(part_numbers)
            reasons.append((value + 100, f"شماره فنی منطبق: {surface}"))
        if words:
            top = sorted(words.items(), key=lambda x: -x[1])[:6]
            reasons.append((sum(v for _, v in top), "واژه‌های مشترک: " + "، ".join(f"«{s}»" for s, _ in top)))
        if concepts:
            top = sorted(concepts.items(), key=lambda x: -x[1])[:4]
            reasons.append((sum(v for _, v in top), "هم‌معنا (فارسی/انگلیسی): " + "، ".join(f"«{s}»" for s, _ in top)))
        hs_prefix = "کد HS پیشنهادی از متن نیاز" if query.hs_suggested else "کد HS"
        if "hs6:" + query.hs6 in contributions:
            reasons.append(
                (
                    contributions["hs6:" + query.hs6] + 50,
                    f"{hs_prefix} یکسان با محصول سازنده: {fa(query.hs6)}{self._title('hs', query.hs6)}",
                )
            )
        elif "hs4:" + query.hs6[:4] in contributions and query.hs6:
            reasons.append((contributions["hs4:" + query.hs6[:4]], f"{hs_prefix}: هم‌سرفصل {fa(query.hs6[:4])}"))
        elif query.hs6 and "hs2:" + query.hs6[:2] in contributions:
            reasons.append((contributions["hs2:" + query.hs6[:2]], f"{hs_prefix}: هم‌فصل {fa(query.hs6[:2])}"))
        isic = sorted(by_kind.get("isic", ()))
        if isic:
            named = "، ".join(fa(c) + self._title("isic", c) for c in isic)
            reasons.append(
                (
                    sum(contributions["isic:" + c] for c in isic),
                    f"رشته فعالیت ISIC {named} از زنجیره HS→ISIC کد {fa(query.hs6)}",
                )
            )
        if related:
            top = sorted(related.items(), key=lambda x: -x[1])[:5]
            reasons.append(
                (
                    sum(v for _, v in top) * 0.5,
                    f"واژه‌های رایج سازندگان کد {fa(query.hs6)}: " + "، ".join(s for s, _ in top),
                )
            )
        procs = sorted(by_kind.get("p", ()))
        if procs:
            labels = "، ".join(T.PROCESS_LABELS_FA.get(p, p) for p in procs)
            reasons.append((sum(contributions["p:" + p] for p in procs), f"فرایند مشترک: {labels}"))
        mats = sorted(by_kind.get("m", ()))
        if mats:
            labels = "، ".join(T.MATERIALS[m][0] if m in T.MATERIALS else m for m in mats)
            reasons.append((sum(contributions["m:" + m] for m in mats), f"جنس مشترک: {labels}"))
        for cert in sorted(by_kind.get("cert", ())):
            reasons.append((contributions["cert:" + cert], f"دارای گواهی {T.CERTIFICATION_LABELS.get(cert, cert)}"))
        for material in sorted(query.materials):
            if material not in contributions:
                label = T.MATERIALS[material[2:]][0] if material[2:] in T.MATERIALS else material[2:]
                reasons.append((-1.0, f"جنس درخواستی ({label}) در نمایه سازنده دیده نشد"))
        for cert in sorted(query.certifications):
            if "cert:" + cert not in contributions:
                reasons.append((-1.0, f"گواهی {T.CERTIFICATION_LABELS.get(cert, cert)} در نمایه سازنده دیده نشد"))
        if doc.non_maker_share >= 0.5:
            reasons.append((-2.0, "نمایه بیشتر از فروش، واردات یا تعمیر می‌گوید تا ساخت"))
        reasons.extend(extra)
        reasons.sort(key=lambda r: -r[0])
        return [text for _, text in reasons]
