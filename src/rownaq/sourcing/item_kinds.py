"""The kind of an imported item (raw material, part, mould, equipment, consumable) implied by its HS code.

Pure: no Django. The longest matching prefix of the code decides; the table follows the HS nomenclature's own
split between materials in primary or semi-finished form (chapters 25-81), articles and parts, machines and
instruments, and the headings that are moulds and dies (8480, 8207). A code that matches nothing is a part, the
commonest import a unit asks to have made at home.
"""

from __future__ import annotations

from rownaq.core.persian import digits_only

RAW_MATERIAL, PART, MOULD, EQUIPMENT, CONSUMABLE = "raw_material", "part", "mould", "equipment", "consumable"

_BY_PREFIX: dict[str, str] = {
    # moulds, dies, and the tools that are dies
    "8480": MOULD,
    "820720": MOULD,
    "820730": MOULD,
    # minerals, chemicals, plastics and rubber in primary forms, wood, pulp and paper, fibres and yarn,
    # iron and steel and other base metals as produced
    **{f"{ch:02d}": RAW_MATERIAL for ch in range(25, 41)},
    "44": RAW_MATERIAL,
    "47": RAW_MATERIAL,
    "48": RAW_MATERIAL,
    **{f"{ch:02d}": RAW_MATERIAL for ch in range(50, 56)},
    "72": RAW_MATERIAL,
    "74": RAW_MATERIAL,
    "75": RAW_MATERIAL,
    "76": RAW_MATERIAL,
    "78": RAW_MATERIAL,
    "79": RAW_MATERIAL,
    "80": RAW_MATERIAL,
    "81": RAW_MATERIAL,
    # articles of plastics and rubber are parts, not materials
    "3916": PART,
    "3917": PART,
    "3923": PART,
    "3926": PART,
    "4009": PART,
    "4010": PART,
    "4016": PART,
    # consumables: lubricants, fluxes, abrasives, welding electrodes, cleaning agents, catalysts
    "2710": CONSUMABLE,
    "3402": CONSUMABLE,
    "3403": CONSUMABLE,
    "3810": CONSUMABLE,
    "3815": CONSUMABLE,
    "6804": CONSUMABLE,
    "6805": CONSUMABLE,
    "8311": CONSUMABLE,
    # machines and instruments
    "84": EQUIPMENT,
    "85": EQUIPMENT,
    "9015": EQUIPMENT,
    "9024": EQUIPMENT,
    "9025": EQUIPMENT,
    "9026": EQUIPMENT,
    "9027": EQUIPMENT,
    "9030": EQUIPMENT,
    "9031": EQUIPMENT,
    "9032": EQUIPMENT,
    # ... but their parts and components are parts
    "8409": PART,
    "8412": PART,
    "8413": PART,
    "8431": PART,
    "8448": PART,
    "8466": PART,
    "8473": PART,
    "8481": PART,
    "8482": PART,
    "8483": PART,
    "8484": PART,
    "8487": PART,
    "8503": PART,
    "8505": PART,
    "8529": PART,
    "8532": PART,
    "8533": PART,
    "8535": PART,
    "8536": PART,
    "8538": PART,
    "8541": PART,
    "8542": PART,
    "8544": PART,
    "8546": PART,
    "8547": PART,
    "8708": PART,
    "8714": PART,
    "9033": PART,
    "7318": PART,
    "7320": PART,
    "7325": PART,
    "7326": PART,
    "7415": PART,
    "7616": PART,
}


def kind_for_hs(code: str | None) -> str:
    """raw_material, part, mould, equipment or consumable for an HS code of any length (digits only)."""
    digits = digits_only(code)
    for length in range(len(digits), 1, -1):
        kind = _BY_PREFIX.get(digits[:length])
        if kind is not None:
            return kind
    return PART
