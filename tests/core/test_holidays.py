"""Iran's official holidays as data: loaded idempotently, lunar dates marked as projections, the data file sound."""

import datetime as dt

import jdatetime

from rownaq.core.holidays import HOLIDAYS_CSV, load_official_holidays, read_official_holidays
from rownaq.core.models import Holiday


def jalali(year, month, day):
    return jdatetime.date(year, month, day).togregorian()


def test_the_data_covers_1404_to_1410_with_every_solar_holiday():
    rows = read_official_holidays()
    solar = {row["date"] for row in rows if row["kind"] == "solar"}
    for year in range(1404, 1411):
        for month, day in [(1, 1), (1, 2), (1, 3), (1, 4), (1, 12), (1, 13), (3, 14), (3, 15), (11, 22), (12, 29)]:
            assert jalali(year, month, day) in solar
    assert len(solar) == 70
    assert all(not row["projected"] for row in rows if row["kind"] == "solar")
    assert all(row["projected"] for row in rows if row["kind"] == "lunar")
    lunar_a_year = [
        row for row in rows if row["kind"] == "lunar" and jalali(1405, 1, 1) <= row["date"] < jalali(1406, 1, 1)
    ]
    assert 16 <= len(lunar_a_year) <= 18  # 17 lunar holidays; the lunar year is 11 days shorter than the solar


def test_ashura_1404_is_where_it_was_observed():
    ashura = [row["date"] for row in read_official_holidays() if row["title"] == "عاشورای حسینی"]
    assert jalali(1404, 4, 15) in ashura  # 6 July 2025


def test_loading_twice_changes_nothing_and_shared_dates_are_one_day_off(db):
    created, updated = load_official_holidays()
    assert created == Holiday.objects.count() > 150 and updated == 0
    assert load_official_holidays() == (0, 0)
    nowruz_1404 = Holiday.objects.get(date=dt.date(2025, 3, 21), organisation__isnull=True)
    assert "عید نوروز" in nowruz_1404.title and nowruz_1404.kind == Holiday.Kind.SOLAR
    assert Holiday.objects.filter(kind=Holiday.Kind.LUNAR, projected=True).exists()


def test_a_closure_already_on_an_official_date_becomes_the_holiday(db):
    Holiday.objects.create(date=jalali(1405, 11, 22), title="تعطیلی")
    created, updated = load_official_holidays()
    holiday = Holiday.objects.get(date=jalali(1405, 11, 22))
    assert updated == 1 and holiday.kind == Holiday.Kind.SOLAR and holiday.title == "پیروزی انقلاب اسلامی"


def test_the_sources_note_sits_beside_the_data():
    note = (HOLIDAYS_CSV.parent / "SOURCES.md").read_text(encoding="utf-8")
    assert "ژئوفیزیک" in note or "Geophysics" in note


def test_a_corrected_lunar_date_replaces_the_projected_one(db, tmp_path):
    data = tmp_path / "holidays.csv"
    header = "date,jalali,title,kind,projected,hijri\n"
    data.write_text(header + "2025-06-07,1404/03/17,عید سعید قربان,lunar,1,1446-12-10\n", encoding="utf-8")
    load_official_holidays(data)
    data.write_text(header + "2025-06-06,1404/03/16,عید سعید قربان,lunar,0,1446-12-10\n", encoding="utf-8")
    assert load_official_holidays(data) == (1, 1)
    assert list(Holiday.objects.values_list("date", "projected")) == [(dt.date(2025, 6, 6), False)]
