"""Loading Iran's provinces and East Azerbaijan's counties and estates from places/data."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from rownaq.core.models import ChangeRecord
from rownaq.places.models import County, Estate, Province
from rownaq.places.services import HOME_PROVINCE_CODE, SALIMI_ESTATE_NAME, SUNGUN_COMPLEX_NAME, load_places

pytestmark = pytest.mark.django_db

# East Azerbaijan's extent, with a little margin.
LATITUDE_RANGE = (Decimal("36.7"), Decimal("39.5"))
LONGITUDE_RANGE = (Decimal("45.0"), Decimal("48.4"))


def _inside_province(estate: Estate) -> bool:
    return (
        LATITUDE_RANGE[0] <= estate.latitude <= LATITUDE_RANGE[1]
        and LONGITUDE_RANGE[0] <= estate.longitude <= LONGITUDE_RANGE[1]
    )


def test_loads_all_31_provinces_with_unique_names_and_codes():
    counts = load_places()
    assert counts["provinces"] == Province.objects.count() == 31
    assert Province.objects.values("name").distinct().count() == 31
    assert Province.objects.values("code").distinct().count() == 31
    assert Province.objects.get(code=HOME_PROVINCE_CODE).name == "آذربایجان شرقی"
    assert Province.objects.get(code="THR").center == "تهران"
    assert not Province.objects.filter(center="").exists()


def test_every_province_has_its_capital_county():
    load_places()
    for province in Province.objects.all():
        assert province.counties.exists(), province.name
    assert County.objects.filter(province__code="KBA", name="بویراحمد").exists()  # Yasuj's county


def test_east_azerbaijan_counties():
    load_places()
    names = set(County.objects.filter(province__code=HOME_PROVINCE_CODE).values_list("name", flat=True))
    assert {"تبریز", "ورزقان", "مرند", "مراغه", "آذرشهر", "عجب‌شیر", "هوراند"} <= names
    assert len(names) == 21


def test_salimi_estate_is_real_and_inside_the_province():
    load_places()
    salimi = Estate.objects.select_related("county__province").get(name=SALIMI_ESTATE_NAME)
    # Known as "Salimi, Tabriz", but the estate lies in Azarshahr county on the Tabriz–Azarshahr road.
    assert salimi.county.name == "آذرشهر"
    assert salimi.province.code == HOME_PROVINCE_CODE
    assert salimi.kind == Estate.Kind.ESTATE
    assert _inside_province(salimi)
    assert "مختصات تقریبی" in salimi.note


def test_sungun_complex_in_varzaqan():
    load_places()
    sungun = Estate.objects.get(name=SUNGUN_COMPLEX_NAME)
    assert sungun.county.name == "ورزقان"
    assert sungun.kind == Estate.Kind.COMPLEX


def test_every_estate_with_coordinates_lies_in_the_province_and_says_they_are_approximate():
    load_places()
    estates = Estate.objects.filter(county__province__code=HOME_PROVINCE_CODE)
    assert estates.count() >= 12
    for estate in estates.exclude(latitude=None):
        assert _inside_province(estate), estate.name
        assert "مختصات تقریبی" in estate.note, estate.name


def test_names_use_persian_letters():
    load_places()
    for model in (Province, County, Estate):
        for name in model.objects.values_list("name", flat=True):
            assert "ي" not in name and "ك" not in name, name


def test_second_load_changes_nothing():
    first = load_places()
    snapshot = (Province.objects.count(), County.objects.count(), Estate.objects.count())
    records = ChangeRecord.objects.count()
    second = load_places()
    assert (Province.objects.count(), County.objects.count(), Estate.objects.count()) == snapshot
    assert first["created"] == sum(snapshot)
    assert second["created"] == second["updated"] == 0
    assert ChangeRecord.objects.count() == records


def test_reload_restores_an_edited_estate():
    load_places()
    salimi = Estate.objects.get(name=SALIMI_ESTATE_NAME)
    salimi.area_hectares = Decimal("1")
    salimi.save()
    assert load_places()["updated"] == 1
    salimi.refresh_from_db()
    assert salimi.area_hectares == Decimal("600")


def test_command(capsys):
    call_command("load_places")
    assert "provinces 31" in capsys.readouterr().out
