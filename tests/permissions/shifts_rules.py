"""Rules of the shift planner (pages and API): unit A's shift, post, worker, a worker's request and an approved
roster with one cell. Planning is the unit's own work and its staff's: member A plans, member B never learns of
unit A's records; the approved roster answers the planner's steps at once (no solver run)."""

from tests.permissions.matrix import (
    FOR_UNIT_A,
    SIGNED,
    UNIT_A,
    UNITS_AND_STAFF,
    delete,
    form,
    get,
    post,
    update,
)

WORKER = {"name": "کارگر تازه", "contract_hours": "44", "hourly_wage": "500000", "shift_worker": "on", "active": "on"}


def roster_cell(s) -> dict:
    return {"worker": s.worker_a.pk, "date": s.roster_a.first_date.isoformat(), "cell": "off"}


RULES = {
    "shifts:home": (get(SIGNED, shows=(lambda s: s.unit_a.name, {"member_a", "staff_province", "admin"})),),
    "shifts:unit": (get(UNIT_A, obj="unit_a"),),
    "shifts:simulator": (get(UNIT_A, obj="unit_a"),),
    "shifts:shift-create": form(
        UNIT_A,
        args={"unit_pk": "unit_a"},
        effect=True,
        data={"code": "ع", "name": "عصر", "start": "14:00", "end": "22:00", "order": 2},
    ),
    "shifts:post-create": form(UNIT_A, args={"unit_pk": "unit_a"}, effect=True, data={"name": "خط رنگ"}),
    "shifts:worker-create": form(UNIT_A, args={"unit_pk": "unit_a"}, effect=True, data=WORKER),
    "shifts:worker-bulk": form(
        UNIT_A,
        args={"unit_pk": "unit_a"},
        effect=True,
        data={"names": "کارگر یکم\nکارگر دوم", "contract_hours": "44", "hourly_wage": "500000"},
    ),
    "shifts:shift-edit": form(
        UNIT_A,
        obj="shift_a",
        effect=True,
        data={"code": "ص", "name": "صبح زود", "start": "06:00", "end": "14:00", "order": 0},
    ),
    "shifts:shift-delete": form(UNIT_A, obj="shift_a", note="the roster's cell protects it: a message"),
    "shifts:post-edit": form(UNIT_A, obj="post_a", effect=True, data={"name": "خط قالب‌سازی ۲"}),
    "shifts:post-delete": form(UNIT_A, obj="post_a", note="the roster's cell protects it: a message"),
    "shifts:worker-edit": form(UNIT_A, obj="worker_a", effect=True, data={**WORKER, "name": "رضا کارگر"}),
    "shifts:worker-delete": form(UNIT_A, obj="worker_a", note="the roster's cell protects it: a message"),
    "shifts:request-create": (
        post(UNIT_A, obj="worker_a", effect=True, data={"date": "1404/01/10", "kind": "day_off", "note": "مرخصی"}),
    ),
    "shifts:request-delete": (post(UNIT_A, obj="worker_request_a", effect=True),),
    "shifts:roster-list": (get(SIGNED, shows=(lambda s: s.roster_a.title, {"member_a", "staff_province", "admin"})),),
    "shifts:roster-create": form(
        UNITS_AND_STAFF,
        post_policy=FOR_UNIT_A,
        effect=True,
        data=lambda s: {"unit": s.unit_a.pk, "title": "برنامهٔ اردیبهشت", "first_date": "1404/02/06", "weeks": 4},
    ),
    "shifts:roster-detail": (get(UNIT_A, obj="roster_a"),),
    "shifts:roster-edit": form(UNIT_A, obj="roster_a", effect=True, data={"title": "برنامهٔ فروردین (ویرایش)"}),
    "shifts:roster-delete": form(UNIT_A, obj="roster_a", effect=True),
    "shifts:roster-history": (get(UNIT_A, obj="roster_a"),),
    "shifts:roster-generate": (post(UNIT_A, obj="roster_a", note="approved: a message, no solver run"),),
    "shifts:roster-pin": (post(UNIT_A, obj="roster_a", data=roster_cell, note="approved: a message"),),
    "shifts:roster-unpin": (post(UNIT_A, obj="roster_a", data=lambda s: {"assignment": s.cell_a.pk}),),
    "shifts:roster-approve": (post(UNIT_A, obj="roster_a", note="already approved: a message"),),
    "shifts:roster-reopen": (post(UNIT_A, obj="roster_a", effect=True),),
    "shifts:roster-worker": (get(UNIT_A, args={"pk": "roster_a", "worker_pk": "worker_a"}),),
    "shifts:roster-post": (get(UNIT_A, args={"pk": "roster_a", "post_pk": "post_a"}),),
    "shifts:roster-premiums": (get(UNIT_A, obj="roster_a"),),
    "roster-list": (
        get(SIGNED, shows=(lambda s: s.roster_a.title, {"member_a", "staff_province", "admin"})),
        post(
            FOR_UNIT_A,
            effect=True,
            data=lambda s: {"unit": s.unit_a.pk, "title": "برنامهٔ اردیبهشت", "first_date": "2025-04-26", "weeks": 4},
        ),
    ),
    "roster-detail": (
        get(UNIT_A, obj="roster_a"),
        *update(UNIT_A, obj="roster_a", data={"title": "برنامهٔ فروردین (ویرایش)"}, effect=True),
        delete(UNIT_A, obj="roster_a", effect=True),
    ),
    "roster-approve": (post(UNIT_A, obj="roster_a", note="already approved: 409"),),
    "roster-generate": (post(UNIT_A, obj="roster_a", note="approved: 409, no solver run"),),
    "roster-pin": (
        post(
            UNIT_A,
            obj="roster_a",
            note="approved: 409",
            data=lambda s: {"worker": s.worker_a.pk, "date": s.roster_a.first_date.isoformat()},
        ),
    ),
    "roster-unpin": (
        post(
            UNIT_A,
            obj="roster_a",
            note="approved: 409",
            data=lambda s: {"worker": s.worker_a.pk, "date": s.roster_a.first_date.isoformat()},
        ),
    ),
    "roster-reopen": (post(UNIT_A, obj="roster_a", effect=True),),
    "roster-premiums": (get(UNIT_A, obj="roster_a"),),
    "assignment-list": (get(SIGNED, shows=(lambda s: s.worker_a.name, {"member_a", "staff_province", "admin"})),),
    "assignment-detail": (get(UNIT_A, obj="cell_a"),),
}
