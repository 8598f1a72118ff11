"""Reproducible generator of the sourcing evaluation set: makers, needs and graded relevance judgements.

    python -m bench.evaluation.generate            # rewrites the JSONL files next to this module

Each maker and need is first drawn as a structured ground truth (which product families a maker really makes,
its processes, materials, certifications and capacity; which family a need belongs to, its material,
certificate and quantity). Only then is it rendered as text the way people write it: Persian, English or both,
Arabic letters, ZWNJ dropped or turned into spaces, typos, Persian digits, part numbers in several formats.
The matcher sees only the rendered files (`makers.jsonl`, `needs.jsonl`); judgements (`qrels.jsonl`) come from
the ground truth (`truth_makers.jsonl`, `truth_needs.jsonl`) through `grade()`, never from the text.

The grading scale (0-3) is documented in README.md and implemented in `grade()`.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import vocabulary as V

HERE = Path(__file__).resolve().parent
SEED = 1404
N_MAKERS = 1200
N_NEEDS = 240
N_DEV_NEEDS = 80  # the first needs are the development split; the rest are the held-out test split
ZWNJ = "\u200c"
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
AUTOMOTIVE_GROUPS = {"automotive"}


# ------------------------------------------------------------------ ground truth


@dataclass
class MakerTruth:
    id: str
    role: str  # maker | trader | repair
    families: dict[str, int]  # family id -> annual capacity in the family's unit
    processes: list[str]
    materials: list[str]
    certifications: list[str]
    province: str
    estate: str
    language: str  # fa | en | mixed
    localizations: int


@dataclass
class NeedTruth:
    id: str
    split: str
    family: str
    material: str | None
    certification: str | None
    quantity: int
    province: str
    estate: str
    slices: list[str] = field(default_factory=list)


def grade(need: NeedTruth, maker: MakerTruth) -> int:
    """Graded relevance from the ground truth alone.

    3  the maker makes this product family and meets the need's stated material, certificate and quantity;
    2  makes the family but misses one of those (another material, no certificate, under half the quantity);
    1  does not make it but could take it on: makes a sibling family of the same group with the family's core
       processes, or (for made-to-drawing parts) has the core processes;
    0  otherwise, and always for traders and repair shops (they do not make).
    """
    if maker.role != "maker":
        return 0
    family = V.FAMILY_BY_ID[need.family]
    if need.family in maker.families:
        shortfalls = 0
        if need.material and need.material not in maker.materials:
            shortfalls += 1
        if need.certification and need.certification not in maker.certifications:
            shortfalls += 1
        if need.quantity > 2 * maker.families[need.family]:
            shortfalls += 1
        return 3 if shortfalls == 0 else 2
    core = set(family.processes[:2])
    has_core = core <= set(maker.processes)
    sibling = any(V.FAMILY_BY_ID[other].group == family.group for other in maker.families)
    if has_core and (sibling or family.job_shop):
        return 1
    return 0


# ------------------------------------------------------------------ text noise


_TYPO_SWAPS = {
    "ز": "ذ",
    "ذ": "ز",
    "س": "ص",
    "ص": "س",
    "ت": "ط",
    "ط": "ت",
    "ه": "ح",
    "ح": "ه",
    "ق": "غ",
    "غ": "ق",
    "ا": "آ",
    "آ": "ا",
    "ض": "ز",
    "ث": "س",
    "e": "a",
    "o": "u",
    "i": "e",
}


def typo(word: str, rng: random.Random) -> str:
    """One slip of the hand: a letter dropped, doubled, swapped with its neighbour, or a sound-alike letter."""
    if len(word) < 4 or not any(ch.isalpha() for ch in word):
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.3:
        return word[:i] + word[i + 1 :]
    if kind < 0.5:
        return word[:i] + word[i] + word[i:]
    if kind < 0.75:
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    ch = word[i]
    return word[:i] + _TYPO_SWAPS.get(ch, ch) + word[i + 1 :]


@dataclass
class Style:
    """How one writer writes: their keyboard, ZWNJ habit, digits and care."""

    arabic_letters: bool
    zwnj: str  # keep | drop | space | mixed
    persian_digits: bool
    typo_rate: float

    @classmethod
    def draw(cls, rng: random.Random, typo_rate: float) -> Style:
        return cls(
            arabic_letters=rng.random() < 0.2,
            zwnj=rng.choices(["keep", "drop", "space", "mixed"], [0.45, 0.2, 0.2, 0.15])[0],
            persian_digits=rng.random() < 0.4,
            typo_rate=typo_rate if rng.random() < 0.5 else typo_rate / 4,
        )

    def render(self, text: str, rng: random.Random) -> str:
        def zwnj(_match):
            habit = self.zwnj if self.zwnj != "mixed" else rng.choice(["keep", "drop", "space"])
            return {"keep": ZWNJ, "drop": "", "space": " "}[habit]

        text = re.sub(ZWNJ, zwnj, text)
        words = text.split(" ")
        words = [typo(w, rng) if rng.random() < self.typo_rate else w for w in words]
        text = " ".join(words)
        if self.persian_digits:
            # Persian digits only inside Persian runs: part numbers and Latin codes keep their digits.
            text = re.sub(r"(?<![A-Za-z\-])\d+(?![A-Za-z])", lambda m: m.group().translate(PERSIAN_DIGITS), text)
        if self.arabic_letters:
            text = text.replace("ی", "ي").replace("ک", "ك")
        return text


def plural_fa(name: str, rng: random.Random) -> str:
    """«قالب تزریق» -> «قالب‌های تزریق» (the head noun takes the plural), «قطعه ...» -> «قطعات ...»."""
    head, _, rest = name.partition(" ")
    if head in V.PLURALS_FA:
        head = V.PLURALS_FA[head]
    elif head.isascii():
        return name
    else:
        head = head + ZWNJ + ("های" if rest else rng.choice(["ها", "های مختلف"]))
    return f"{head} {rest}".strip()


def plural_en(name: str) -> str:
    if name.endswith(("s", "ing", "PCB", "PCBA", "VFD", "UPR", "LABSA", "TiO2")):
        return name
    if name.endswith("y") and not name.endswith(("ey", "ay")):
        return name[:-1] + "ies"
    return name + "s"


def part_number(family: V.Family, rng: random.Random) -> str:
    template = rng.choice(family.pn)
    return template.format(a=rng.randint(1, 12))


def format_part_number(pn: str, oem: str | None, rng: random.Random) -> str:
    """The same part number as different people type it: «6205-2RS», «6205 2RS», «62052RS», «SKF-6205.2RS»."""
    style = rng.random()
    if style < 0.3:
        text = pn.replace("-", " ")
    elif style < 0.45:
        text = pn.replace("-", "")
    elif style < 0.55:
        text = pn.replace("-", ".")
    else:
        text = pn
    if rng.random() < 0.2:
        text = text.lower()
    if oem and rng.random() < 0.4:
        text = f"{oem.split()[0]}{rng.choice(['-', ' '])}{text}"
    return text


# ------------------------------------------------------------------ makers


_FAMILIES_BY_GROUP: dict[str, list[V.Family]] = {}
for _family in V.FAMILIES:
    _FAMILIES_BY_GROUP.setdefault(_family.group, []).append(_family)
_GROUPS = sorted(_FAMILIES_BY_GROUP)
_GROUP_WEIGHTS = [sum(f.weight for f in _FAMILIES_BY_GROUP[g]) for g in _GROUPS]
_ESTATES = [(code, f"{code}-{i + 1:02d}") for code, (_, estates) in V.PROVINCES.items() for i in range(len(estates))]


def _log_uniform(rng: random.Random, lo: int, hi: int) -> int:
    return max(1, round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))


def draw_maker_truth(index: int, rng: random.Random) -> MakerTruth:
    role = rng.choices(["maker", "trader", "repair"], [0.88, 0.07, 0.05])[0]
    group = rng.choices(_GROUPS, _GROUP_WEIGHTS)[0]
    pool = _FAMILIES_BY_GROUP[group]
    count = min(len(pool), rng.choices([1, 2, 3], [0.45, 0.35, 0.2])[0])
    chosen: list[V.Family] = []
    while len(chosen) < count:
        family = rng.choices(pool, [f.weight for f in pool])[0]
        if family not in chosen:
            chosen.append(family)
    if group != "distractor" and rng.random() < 0.15:
        other = rng.choices(V.FAMILIES, [f.weight if f.group != "distractor" else 0 for f in V.FAMILIES])[0]
        if other not in chosen:
            chosen.append(other)
    families = {f.id: _log_uniform(rng, max(1, f.qty[0] // 2), f.qty[1] * 2) for f in chosen}
    processes = sorted({p for f in chosen for p in f.processes if rng.random() < 0.9} | set(chosen[0].processes[:2]))
    if rng.random() < 0.3:
        added_process = rng.choice(["welding", "painting", "machining", "heat_treatment", "assembly"])
        processes = sorted(set(processes) | {added_process})
    materials = sorted({m for f in chosen for m in rng.sample(f.materials, min(len(f.materials), rng.randint(1, 3)))})
    certs = [c for c, _ in V.CERTIFICATIONS if rng.random() < {"ISO 9001": 0.5}.get(c, 0.08)]
    if any(f.group in AUTOMOTIVE_GROUPS for f in chosen) and rng.random() < 0.5:
        certs.append("IATF 16949")
    province, estate = rng.choice(_ESTATES)
    language = rng.choices(["fa", "en", "mixed"], [0.6, 0.15, 0.25])[0]
    localizations = 0 if rng.random() < 0.6 else rng.randint(1, 12)
    if role != "maker":
        processes, materials, localizations = ([], [], 0) if role == "trader" else (["machining", "welding"], [], 0)
    return MakerTruth(
        f"M{index:05d}",
        role,
        families,
        processes,
        materials,
        sorted(set(certs)),
        province,
        estate,
        language,
        localizations,
    )


def _maker_name(truth: MakerTruth, rng: random.Random) -> str:
    group = V.FAMILY_BY_ID[next(iter(truth.families))].group
    fa_specialty, en_specialty = V.GROUP_SPECIALTY[group]
    if truth.role == "trader":
        fa_specialty, en_specialty = ("بازرگانی", "تجارت"), ("Trading", "Import Export")
    if truth.role == "repair":
        fa_specialty, en_specialty = ("تعمیرات صنعتی", "خدمات فنی"), ("Repair Services", "Technical Services")
    if truth.language == "en":
        if rng.random() < 0.15:
            return f"{rng.choice(V.NAME_BRAND_EN)} {rng.choice(V.NAME_SUFFIX_EN)}"
        return f"{rng.choice(V.NAME_BRAND_EN)} {rng.choice(en_specialty)} {rng.choice(V.NAME_SUFFIX_EN)}"
    if rng.random() < 0.15:
        return f"{rng.choice(V.NAME_PREFIX_FA)} {rng.choice(V.NAME_BRAND_FA)} {rng.choice(V.NAME_BRAND_FA)}"
    return f"{rng.choice(V.NAME_PREFIX_FA)} {rng.choice(fa_specialty)} {rng.choice(V.NAME_BRAND_FA)}"


def _fill(template: str, family: V.Family, truth: MakerTruth, rng: random.Random, lang: str) -> str:
    fa_item = rng.choice(family.fa)
    en_item = rng.choice(family.en)
    materials = [m for m in truth.materials if m in family.materials] or list(family.materials)
    material = rng.choice(materials) if materials else None
    industry = rng.choice(V.INDUSTRIES)
    values = {
        "item": fa_item if lang != "en" else en_item,
        "items": plural_fa(fa_item, rng) if lang != "en" else plural_en(en_item),
        "en_item": en_item,
        "mat": (
            rng.choice(V.MATERIALS[material][0 if lang != "en" else 1])
            if material
            else ("مرغوب" if lang != "en" else "high grade")
        ),
        "mat_en": rng.choice(V.MATERIALS[material][1]) if material else "standard grade",
        "ind": industry[0] if lang != "en" else industry[1],
        "spec": rng.choice(family.specs) if family.specs else ("سفارشی" if lang != "en" else "custom"),
        "oem": rng.choice(family.oems) if family.oems else ("نمونه اروپایی" if lang != "en" else "European brands"),
    }
    return template.format(**values)


def _product_lines(truth: MakerTruth, family: V.Family, rng: random.Random) -> list[str]:
    lines = []
    for _ in range(rng.choice([1, 1, 2])):
        lang = truth.language if truth.language != "mixed" else rng.choice(["fa", "mixed"])
        templates = {"fa": V.MAKER_LINES_FA, "en": V.MAKER_LINES_EN, "mixed": V.MAKER_LINES_MIXED}[lang]
        lines.append(_fill(rng.choice(templates), family, truth, rng, lang))
    if family.pn and rng.random() < 0.6:
        pns = ", ".join(sorted({part_number(family, rng) for _ in range(rng.randint(2, 5))}))
        oem = rng.choice(family.oems) if family.oems else ""
        template = rng.choice(V.PN_LINES_EN if truth.language == "en" else V.PN_LINES_FA)
        item = rng.choice(family.en if truth.language == "en" else family.fa)
        lines.append(
            template.format(item=item, items=plural_en(item) if truth.language == "en" else item, pns=pns, oem=oem)
        )
    return lines


def _process_lines(truth: MakerTruth, rng: random.Random) -> list[str]:
    if not truth.processes:
        return []
    lines = []
    for _ in range(rng.choice([1, 1, 2])):
        lang = "en" if truth.language == "en" or (truth.language == "mixed" and rng.random() < 0.3) else "fa"
        side = 0 if lang == "fa" else 1
        proc, proc2 = (rng.choice(truth.processes) for _ in range(2))
        with_machine = [p for p in truth.processes if p in V.MACHINES]
        templates = V.PROCESS_LINES_FA if lang == "fa" else V.PROCESS_LINES_EN
        template = rng.choice(templates if with_machine else [t for t in templates if "{machine}" not in t])
        machine = rng.choice(V.MACHINES[rng.choice(with_machine)][side]) if with_machine else ""
        lines.append(
            template.format(
                proc=rng.choice(V.PROCESS_WORDS[proc][side]),
                proc2=rng.choice(V.PROCESS_WORDS[proc2][side]),
                machine=machine,
            )
        )
    return lines


def render_maker(truth: MakerTruth, rng: random.Random) -> dict:
    """What a maker's profile looks like to the system: the matcher sees this and nothing else."""
    style = Style.draw(rng, typo_rate=0.04)
    families = [V.FAMILY_BY_ID[f] for f in truth.families]
    lines: list[str] = []
    if truth.role == "maker":
        for family in families:
            lines += _product_lines(truth, family, rng)
        lines += _process_lines(truth, rng)
        if truth.certifications and rng.random() < 0.6:
            cert = rng.choice(truth.certifications)
            cert_fa = dict(V.CERTIFICATIONS).get(cert, cert)
            lines.append(rng.choice(V.CERT_LINES).format(cert=cert_fa, cert_en=cert))
    else:
        templates = V.TRADER_LINES if truth.role == "trader" else V.REPAIR_LINES
        for family in families:
            for _ in range(rng.randint(1, 2)):
                lines.append(_fill(rng.choice(templates), family, truth, rng, "en" if truth.language == "en" else "fa"))
        lines += _process_lines(truth, rng)
    rng.shuffle(lines)
    lines = [style.render(line, rng) for line in dict.fromkeys(lines)]

    processes = [p for p in truth.processes if rng.random() < 0.85] if rng.random() < 0.75 else []
    side = 1 if truth.language == "en" else 0
    materials = (
        [style.render(rng.choice(V.MATERIALS[m][side]), rng) for m in truth.materials]
        if truth.materials and rng.random() < 0.6
        else []
    )
    products = []
    if rng.random() < (0.65 if truth.role == "maker" else 0.15):
        for family in families:
            hs = rng.choice(family.hs)
            if rng.random() < 0.05:  # a neighbouring subheading of the same heading, as registries often hold
                hs = hs[:4] + rng.choice(["10", "90", "99", "20"])
            name = rng.choice(family.en if truth.language == "en" else family.fa)
            if rng.random() < 0.2:
                name = rng.choice(["قطعات صنعتی", "محصولات فلزی", "محصولات شیمیایی", "Industrial products"])
            products.append({"name": style.render(name, rng), "hs": hs})
    isic = [V.FAMILY_BY_ID[next(iter(truth.families))].isic] if rng.random() < 0.55 else []
    capacity = []
    if truth.role == "maker" and rng.random() < 0.7:
        family = families[0]
        capacity.append(
            {
                "amount": truth.families[family.id],
                "unit": family.unit,
                "label": style.render(family.fa[0] if truth.language != "en" else family.en[0], rng),
            }
        )
    return {
        "id": truth.id,
        "name": style.render(_maker_name(truth, rng), rng),
        "province": truth.province,
        "estate": truth.estate,
        "lines": lines,
        "processes": processes,
        "materials": materials,
        "certifications": truth.certifications if rng.random() < 0.7 else [],
        "capacity": capacity,
        "products": products,
        "isic": isic,
        "localizations": truth.localizations,
    }


# ------------------------------------------------------------------ needs


def _format_hs(hs: str, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.45:
        return hs
    if style < 0.7:
        return hs + "00"  # Iran's eight-digit tariff line
    if style < 0.85:
        return f"{hs[:4]}.{hs[4:]}"
    return f"{hs[:4]}.{hs[4:]}.00"


def draw_need_truth(index: int, rng: random.Random, makers: list[MakerTruth], split: str = "dev") -> NeedTruth:
    candidates = [
        f
        for f in V.FAMILIES
        if f.group != "distractor" and any(m.role == "maker" and f.id in m.families for m in makers)
    ]
    family = rng.choice(candidates)
    material = rng.choice(family.materials) if family.materials and rng.random() < 0.35 else None
    certification = None
    if rng.random() < 0.12:
        certification = {"automotive": "IATF 16949", "medical": "ISO 13485"}.get(family.group, "ISO 9001")
    province, estate = rng.choice(_ESTATES)
    quantity = _log_uniform(rng, family.qty[0], family.qty[1])
    return NeedTruth(f"N{index:04d}", split, family.id, material, certification, quantity, province, estate)


def render_need(truth: NeedTruth, rng: random.Random) -> dict:
    family = V.FAMILY_BY_ID[truth.family]
    style = Style.draw(rng, typo_rate=0.05)
    slices = []
    code_only = bool(family.alt_fa) and rng.random() < 0.3
    mixed = not code_only and rng.random() < 0.2
    if code_only:
        title = rng.choice(family.alt_fa)
        slices.append("code_only")
    elif mixed:
        title = f"{rng.choice(family.en)} {rng.choice(family.specs) if family.specs else ''}".strip()
        slices.append("mixed_script")
    else:
        name = rng.choice(family.fa)
        title = f"{name} {rng.choice(family.specs)}" if family.specs and rng.random() < 0.7 else name
    sentences = rng.sample(V.NEED_DESCRIPTION_SENTENCES, rng.randint(1, 3))
    unit_fa = V.UNIT_FA.get(family.unit, "عدد")
    description = " ".join(
        s.format(country=rng.choice(V.COUNTRIES), qty=truth.quantity, unit=unit_fa, ind=rng.choice(V.INDUSTRIES)[0])
        for s in sentences
    )
    oem = rng.choice(family.oems) if family.oems and rng.random() < 0.7 else ""
    pn = ""
    if family.pn and rng.random() < 0.8:
        pn = format_part_number(part_number(family, rng), oem or None, rng)
        slices.append("part_number")
        if rng.random() < 0.5:
            description += f" شماره فنی {pn}."
    materials = []
    if truth.material:
        surface = rng.choice(V.MATERIALS[truth.material][0] + V.MATERIALS[truth.material][1])
        description += f" جنس: {surface}."
        if rng.random() < 0.6:
            materials.append(surface)
    if truth.certification:
        description += f" داشتن گواهی {truth.certification} الزامی است."
    processes = list(family.processes[: rng.randint(1, 2)]) if rng.random() < 0.3 else []
    no_hs = not code_only and rng.random() < 0.25
    hs = "" if no_hs else _format_hs(family.hs[0], rng)
    if no_hs:
        slices.append("no_hs")
    if style.arabic_letters:
        slices.append("arabic_letters")
    if style.typo_rate > 0.02:
        slices.append("typos")
    truth.slices = slices
    return {
        "id": truth.id,
        "split": truth.split,
        "title": style.render(title, rng),
        "description": style.render(description, rng),
        "kind": family.kind,
        "hs": hs,
        "oem": oem,
        "part_number": pn,
        "processes": processes,
        "materials": [style.render(m, rng) for m in materials],
        "province": truth.province,
        "estate": truth.estate,
        "quantity": truth.quantity,
        "unit": family.unit,
        "slices": slices,
    }


# ------------------------------------------------------------------ the set


@dataclass
class EvaluationSet:
    makers: list[dict]
    needs: list[dict]
    qrels: dict[str, dict[str, int]]  # need id -> maker id -> grade (> 0 only)
    maker_truths: list[MakerTruth]
    need_truths: list[NeedTruth]


def generate(seed: int = SEED, n_makers: int = N_MAKERS, n_needs: int = N_NEEDS) -> EvaluationSet:
    rng = random.Random(seed)
    maker_truths = [draw_maker_truth(i + 1, rng) for i in range(n_makers)]
    makers = [render_maker(t, rng) for t in maker_truths]
    need_truths, needs, qrels = [], [], {}
    index = 0
    while len(needs) < n_needs:
        # The split follows the needs kept, not the draws: a skipped draw must not shrink the dev split.
        split = "dev" if len(needs) < N_DEV_NEEDS else "test"
        truth = draw_need_truth(index, rng, maker_truths, split)
        judged = {m.id: g for m in maker_truths if (g := grade(truth, m)) > 0}
        index += 1
        if not any(g >= 2 for g in judged.values()):
            continue  # a need no maker can serve measures nothing; the set keeps needs with a maker of grade >= 2
        need_truths.append(truth)
        needs.append(render_need(truth, rng))
        qrels[truth.id] = judged
    return EvaluationSet(makers, needs, qrels, maker_truths, need_truths)


def iter_scale_makers(target_lines: int, seed: int = 7) -> Iterator[dict]:
    """Makers drawn from the same vocabularies until their capability lines add up to `target_lines`."""
    rng = random.Random(seed)
    lines = 0
    index = 0
    while lines < target_lines:
        index += 1
        maker = render_maker(draw_maker_truth(index, rng), rng)
        maker["id"] = f"S{index:07d}"
        room = target_lines - lines
        maker["lines"] = maker["lines"][:room]
        lines += len(maker["lines"])
        yield maker


def _write_jsonl(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)


def write(directory: Path = HERE, seed: int = SEED) -> EvaluationSet:
    data = generate(seed)
    _write_jsonl(directory / "makers.jsonl", data.makers)
    _write_jsonl(directory / "needs.jsonl", data.needs)
    _write_jsonl(
        directory / "qrels.jsonl",
        (
            {"need": need, "maker": maker, "grade": g}
            for need, judged in data.qrels.items()
            for maker, g in sorted(judged.items())
        ),
    )
    _write_jsonl(directory / "truth_makers.jsonl", (asdict(t) for t in data.maker_truths))
    _write_jsonl(directory / "truth_needs.jsonl", (asdict(t) for t in data.need_truths))
    return data


if __name__ == "__main__":
    result = write()
    graded = [g for judged in result.qrels.values() for g in judged.values()]
    print(
        f"makers {len(result.makers)}, needs {len(result.needs)}, judgements > 0: {len(graded)} "
        f"(grade 3: {graded.count(3)}, 2: {graded.count(2)}, 1: {graded.count(1)})"
    )
