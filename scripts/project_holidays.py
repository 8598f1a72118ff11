"""Write src/rownaq/core/data/holidays/holidays.csv: Iran's official holidays for Jalali years 1404-1410.

Solar holidays are fixed Jalali dates. Lunar holidays follow the Hijri calendar as sighted in Iran, which nobody
can know years ahead: they are projected here with the arithmetic (tabular, civil epoch) Islamic calendar, which
met Iran's announced dates exactly in four of six checks in 1403-1404 and was a day late in the other two (see
SOURCES.md), and marked projected=1. When the Institute of Geophysics publishes a year's official calendar, its
lunar dates replace these rows by hand (projected=0) and this script is not run again for that year.

Run: .venv/bin/python scripts/project_holidays.py
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import pathlib

import jdatetime

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/rownaq/core/data/holidays/holidays.csv"
YEARS = range(1404, 1411)
CALIBRATION_DAYS = 0

SOLAR = [  # (Jalali month, day, title)
    (1, 1, "عید نوروز"),
    (1, 2, "عید نوروز"),
    (1, 3, "عید نوروز"),
    (1, 4, "عید نوروز"),
    (1, 12, "روز جمهوری اسلامی ایران"),
    (1, 13, "روز طبیعت"),
    (3, 14, "رحلت حضرت امام خمینی"),
    (3, 15, "قیام ۱۵ خرداد"),
    (11, 22, "پیروزی انقلاب اسلامی"),
    (12, 29, "روز ملی شدن صنعت نفت"),
]
LUNAR = [  # (Hijri month, day, title); day 30 of Safar means its last day
    (1, 9, "تاسوعای حسینی"),
    (1, 10, "عاشورای حسینی"),
    (2, 20, "اربعین حسینی"),
    (2, 28, "رحلت رسول اکرم و شهادت امام حسن مجتبی"),
    (2, 30, "شهادت امام رضا"),
    (3, 8, "شهادت امام حسن عسکری"),
    (3, 17, "میلاد رسول اکرم و امام جعفر صادق"),
    (6, 3, "شهادت حضرت فاطمه زهرا"),
    (7, 13, "ولادت امام علی"),
    (7, 27, "مبعث رسول اکرم"),
    (8, 15, "ولادت حضرت قائم"),
    (9, 21, "شهادت امام علی"),
    (10, 1, "عید سعید فطر"),
    (10, 2, "تعطیل به مناسبت عید سعید فطر"),
    (10, 25, "شهادت امام جعفر صادق"),
    (12, 10, "عید سعید قربان"),
    (12, 18, "عید سعید غدیر خم"),
]
ISLAMIC_EPOCH = 1948439.5  # Julian day of 1 Muharram AH 1 (civil epoch, 16 July 622 Julian)


def hijri_month_length(year: int, month: int) -> int:
    if month % 2 == 1:
        return 30
    if month < 12:
        return 29
    return 30 if (14 + 11 * year) % 30 < 11 else 29


def tabular_hijri_to_gregorian(year: int, month: int, day: int) -> dt.date:
    jd = day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + ISLAMIC_EPOCH - 1
    # Julian day to Gregorian: 2451544.5 is 2000-01-01.
    return dt.date(2000, 1, 1) + dt.timedelta(days=int(jd - 2451544.5))


def projected(year: int, month: int, day: int) -> dt.date:
    if day == 30:
        day = hijri_month_length(year, month)
    return tabular_hijri_to_gregorian(year, month, day) + dt.timedelta(days=CALIBRATION_DAYS)


def rows():
    first = jdatetime.date(YEARS.start, 1, 1).togregorian()
    last = jdatetime.date(YEARS.stop, 1, 1).togregorian() - dt.timedelta(days=1)
    out = []
    for year in YEARS:
        for month, day, title in SOLAR:
            out.append((jdatetime.date(year, month, day).togregorian(), title, "solar", 0, ""))
    for hijri_year in range(1446, 1455):
        for month, day, title in LUNAR:
            date = projected(hijri_year, month, day)
            if first <= date <= last:
                out.append((date, title, "lunar", 1, f"{hijri_year}-{month:02d}-{day:02d}"))
    out.sort()
    return out


def main():
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["date", "jalali", "title", "kind", "projected", "hijri"])
        for date, title, kind, is_projected, hijri in rows():
            writer.writerow(
                [
                    date.isoformat(),
                    jdatetime.date.fromgregorian(date=date).strftime("%Y/%m/%d"),
                    title,
                    kind,
                    is_projected,
                    hijri,
                ]
            )


if __name__ == "__main__":
    main()
