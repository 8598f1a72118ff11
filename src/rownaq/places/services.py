"""Operations on places: the places a user may put records in, and loading the provinces, counties and estates
shipped in `places/data/`."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from rownaq.core import scoping

from .models import County, Estate, Province

DATA_DIR = Path(__file__).resolve().parent / "data"

HOME_PROVINCE_CODE = "EAZ"  # East Azerbaijan: the province this deployment serves
SALIMI_ESTATE_NAME = "شهرک صنعتی سلیمی"
SUNGUN_COMPLEX_NAME = "مجتمع مس سونگون"


def edited_counties(user):
    """The counties the user edits (by province or county; everywhere for admins): where they may record a unit or
    an estate."""
    return County.objects.filter(scoping.places_q(user, province="province", county="pk"))


def edited_places(user):
    """(provinces, counties, estates) a user may choose from when placing a record: the places they edit and those
    places' parents (an estate's expert names the estate's county and province too); whether the chosen combination
    is theirs to keep is asked of core.scoping on saving."""
    estates = Estate.objects.filter(scoping.places_q(user, province="county__province", county="county", estate="pk"))
    counties = County.objects.filter(scoping.places_q(user, province="province", county="pk", estate="estates"))
    provinces = Province.objects.filter(
        scoping.places_q(user, province="pk", county="counties", estate="counties__estates")
    )
    return provinces.distinct(), counties.distinct(), estates


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def _decimal_or_none(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def _upsert(model, lookup: dict, values: dict, counts: dict) -> object:
    """update_or_create that saves only when something differs, so a re-run writes no change records."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        counts["created"] += 1
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        counts["updated"] += 1
    return obj


@transaction.atomic
def load_places(data_dir: Path | str | None = None) -> dict[str, int]:
    """Create or update provinces, counties and estates from the CSV files; safe to run again.

    Natural keys: Province.code, County (province, name), Estate (county, name). Rows are never deleted,
    so places added by users survive a reload. Returns the number of rows of each kind and how many
    records were created or updated.
    """
    base = Path(data_dir) if data_dir else DATA_DIR
    counts = {"provinces": 0, "counties": 0, "estates": 0, "created": 0, "updated": 0}

    provinces: dict[str, Province] = {}
    for row in _rows(base / "provinces.csv"):
        provinces[row["code"]] = _upsert(
            Province,
            {"code": row["code"]},
            {"name": row["name"], "name_en": row["name_en"], "center": row["center"]},
            counts,
        )
        counts["provinces"] += 1

    home = provinces[HOME_PROVINCE_CODE]
    counties: dict[str, County] = {}
    for row in _rows(base / "counties-east-azerbaijan.csv"):
        counties[row["name"]] = _upsert(
            County, {"province": home, "name": row["name"]}, {"name_en": row["name_en"]}, counts
        )
        counts["counties"] += 1
    for row in _rows(base / "counties-other.csv"):
        _upsert(
            County,
            {"province": provinces[row["province_code"]], "name": row["name"]},
            {"name_en": row["name_en"]},
            counts,
        )
        counts["counties"] += 1

    for row in _rows(base / "estates-east-azerbaijan.csv"):
        county = counties.get(row["county"])
        if county is None:
            raise ValueError(f"estates-east-azerbaijan.csv: unknown county {row['county']!r} for {row['name']!r}")
        _upsert(
            Estate,
            {"county": county, "name": row["name"]},
            {
                "name_en": row["name_en"],
                "kind": row["kind"] or Estate.Kind.ESTATE,
                "operator": row["operator"],
                "area_hectares": _decimal_or_none(row["area_hectares"]),
                "latitude": _decimal_or_none(row["latitude"]),
                "longitude": _decimal_or_none(row["longitude"]),
                "note": row["note"],
            },
            counts,
        )
        counts["estates"] += 1
    return counts


def home_province() -> Province:
    return Province.objects.get(code=HOME_PROVINCE_CODE)
