"""Every tunable number of the ranking in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """Every tunable number in one place. Defaults were tuned on the dev split only (see bench/matcher.py --tune)."""

    k1: float = 1.2
    b: float = 0.5
    # where a need's words come from
    title: float = 0.75
    description: float = 0.5
    application: float = 0.3  # a description's words about what the item serves («مورد استفاده در ...», "for")
    oem: float = 0.6
    part_number: float = 1.5
    need_materials: float = 0.3
    # maker fields
    maker_name: float = 0.6
    maker_lines: float = 1.0
    product_names: float = 0.5
    maker_materials: float = 0.35
    capacity_label: float = 0.5
    # kinds of text term
    word: float = 1.0
    part_number_key: float = 0.75
    concept: float = 1.5
    fuzzy: float = 0.8
    transliteration: float = 0.8  # an English word and its Persian spelling («ایمپلر», impeller)
    head: float = 1.0  # the title's head noun (what the item is) against the other title words
    modifier_concept: float = 0.5  # a product concept of the title that is not the head's («پمپ» in «پروانه پمپ»)
    # codes
    hs6: float = 9.0
    hs4: float = 0.75
    hs2: float = 0.0
    isic: float = 0.25
    suggested_hs: float = 0.5  # discount when the code is read from the text, not given
    suggest_min_score: float = 0.08
    suggest_head_share: float = 0.05  # a code read from the text must know the item's head noun this well
    suggest_candidates: int = 5
    # A typed code whose makers (at least served_code_makers of them) never use the item's head noun, when the
    # title reads as another code (score >= served_min_score) whose makers do: that code, at this factor.
    served_code: float = 0.5
    served_code_makers: int = 3
    served_min_score: float = 0.2
    served_typed_score: float = 0.3  # how well the title's other words must read as the typed code
    hs_expansion: float = 1.0
    hs_expansion_terms: int = 20
    hs_process: float = 3.0
    # stated structure
    process: float = 6.0
    material: float = 8.0  # a material the need states for the item (its field, or its title before «برای»/"for")
    other_material: float = 0.0  # a material named elsewhere (the description, a part it goes with)
    other_material_words: float = 0.25  # and the words that name it, against the need's other words
    certification: float = 2.25
    kind_concept: float = 0.5
    # rerank
    non_maker: float = 0.5  # score multiplied by (1 - non_maker * share of selling/repair lines)
    capacity_ok: float = 4.0
    capacity_short: float = 2.0
    size_fit: float = 1.0  # a size the need states lies inside a range the maker states («تا قطر ۶۰۰ میلی‌متر»)
    size_miss: float = 1.0  # the maker states ranges of that measure, and the need's size is outside them all
    localizations: float = 0.3  # per log(1 + count)
    same_estate: float = 0.3
    same_province: float = 0.15
    pool: int = 200  # candidates the rerank sees
    min_term_score: float = 0.5  # query words that can add less than this to any score are skipped
    lexicon: bool = True  # read concepts, processes and materials out of text with `text`'s lexicon
