"""Rules of cases, routing rules, meetings and resolutions (pages and API).

Case A is unit A's, referred to the Chamber of Commerce (the partner's body); the new case is unit A's and not yet
triaged (so not referred: the partner does not see it); the resolved case waits for unit A's confirmation. The
meeting is East Azerbaijan's, attended by the Chamber, with case A on its agenda and a resolution for the Chamber
about case A."""

import datetime as dt

from rownaq.core.jalali import format_jalali_date
from tests.permissions.matrix import (
    AD,
    FOR_UNIT_A,
    HIDE,
    PDF_FILE,
    PR,
    PROVINCE_EDIT,
    SIGNED,
    STAFF_ADD,
    STAFF_ADD_IN_EAZ,
    STAFF_ONLY,
    UNIT_A_STAFF,
    A,
    B,
    O,
    P,
    S,
    delete,
    form,
    get,
    policy,
    post,
    update,
)

# Those a case concerns: the unit, the bodies it is referred to, and the staff of the unit's places.
CASE_PARTIES = policy("CASE_PARTIES", ok=(A, P, S, AD), hide=(B, PR, O))
# The staff's steps (triage, refer, reject) on a case the unit and the referred body see.
CASE_STAFF = policy("CASE_STAFF", ok=(S, AD), forbid=(A, P), hide=(B, PR, O))
# Closing a referral: the referred body or staff; the unit sees the case but may not.
REFERRAL_CLOSE = policy("REFERRAL_CLOSE", ok=(P, S, AD), forbid=(A,), hide=(B, PR, O))
# Confirming the outcome is the unit's word alone (not staff's, not the body's, not even an administrator's).
UNIT_CONFIRMS = policy("UNIT_CONFIRMS", ok=(A,), forbid=(P, S, AD), hide=(B, PR, O))
# A meeting: its place's staff see it whole, the attending body too, a unit through a resolution about its case.
MEETING_SEEN = CASE_PARTIES.but()
MEETING_STAFF = policy("MEETING_STAFF", ok=(S, AD), forbid=(A, P), hide=(B, PR, O))
RESOLUTION_STATUS = REFERRAL_CLOSE.but()
# Through the API, creating a resolution names the meeting in the payload: a meeting the caller does not see is a
# field error there (400), not a 404.
RESOLUTION_ADD = policy("RESOLUTION_ADD", ok=(S, AD), forbid=(A, P), nochange=(B, PR, O))


def case_title(s):
    return s.case_a.title


def meeting_title(s):
    return s.meeting_a.title


def meeting_minutes(s):
    return s.meeting_a.minutes


def later(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


def jalali_later(days: int) -> str:
    return format_jalali_date(dt.date.today() + dt.timedelta(days=days), persian_digits=False)


NEW_CASE = {
    "category": "export",
    "title": "مشکل تازهٔ گمرکی",
    "description": "محموله در گمرک مانده است.",
    "currency": "IRR",
}


def close_referral(s) -> dict:
    prefix = f"close-{s.referral_a.pk}"
    return {f"{prefix}-version": s.case_a.version, f"{prefix}-result": "resolved", f"{prefix}-outcome": "انجام شد"}


def resolution_status(s) -> dict:
    return {f"resolution-{s.resolution_a.pk}-status": "implemented", f"resolution-{s.resolution_a.pk}-note": "صادر شد"}


RULES = {
    # ---------------------------------------------------------------- pages
    "cases:case-list": (get(SIGNED, shows=(case_title, {A, P, S, AD})),),
    "cases:case-create": form(
        policy("OPENERS", ok=(A, B, S, O, AD), forbid=(P, PR)),
        post_policy=FOR_UNIT_A,
        effect=True,
        data=lambda s: {**NEW_CASE, "organisation": s.unit_a.pk},
    ),
    "cases:statistics": (get(STAFF_ONLY),),
    # One-off closures: editing staff record them for partner bodies of their places (Tehran's staff cannot pick
    # the Tabriz Chamber: a form error); members never reach the page.
    "cases:closures": form(
        STAFF_ONLY,
        post_policy=STAFF_ADD_IN_EAZ,
        effect=True,
        data=lambda s: {"date": jalali_later(9), "title": "آلودگی هوا", "body": s.chamber.pk},
    ),
    "cases:case-detail": (get(CASE_PARTIES, obj="case_a"),),
    "cases:case-history": (get(CASE_PARTIES, obj="case_a"),),
    "cases:case-triage": (
        post(
            UNIT_A_STAFF,
            obj="case_new",
            effect=True,
            data=lambda s: {"triage-version": s.case_new.version, "triage-category": "export"},
        ),
    ),
    "cases:case-refer": (
        post(
            CASE_STAFF,
            obj="case_a",
            effect=True,
            data=lambda s: {"refer-version": s.case_a.version, "refer-bodies": [s.chamber.pk]},
        ),
    ),
    "cases:case-reject": (
        post(
            CASE_STAFF,
            obj="case_a",
            effect=True,
            data=lambda s: {"reject-version": s.case_a.version, "reject-reason": "در حوزهٔ سازمان نیست"},
        ),
    ),
    "cases:case-follow-up": (
        post(CASE_PARTIES, obj="case_a", effect=True, data={"follow_up-text": "با اتاق مبدأ تماس گرفتیم"}),
    ),
    "cases:case-confirm": (
        post(
            UNIT_CONFIRMS,
            obj="case_resolved",
            effect=True,
            data=lambda s: {
                "confirm-version": s.case_resolved.version,
                "confirm-solved": "yes",
                "confirm-satisfaction": "5",
            },
        ),
    ),
    "cases:referral-close": (
        post(REFERRAL_CLOSE, args={"pk": "case_a", "referral_pk": "referral_a"}, effect=True, data=close_referral),
    ),
    "cases:attachment-download": (get(CASE_PARTIES, args={"pk": "case_a", "attachment_pk": "case_attachment_a"}),),
    "cases:rule-list": (get(SIGNED),),
    "cases:rule-create": form(
        STAFF_ADD,
        post_policy=STAFF_ADD_IN_EAZ,
        effect=True,
        data=lambda s: {
            "category": "fx",
            "province": s.eaz.pk,
            "body": s.chamber.pk,
            "working_days": 6,
            "active": "on",
        },
    ),
    "cases:rule-edit": form(
        PROVINCE_EDIT,
        obj="rule_eaz",
        effect=True,
        data=lambda s: {
            "category": "export",
            "province": s.eaz.pk,
            "body": s.chamber.pk,
            "working_days": 7,
            "active": "on",
        },
    ),
    "cases:rule-history": (get(SIGNED, obj="rule_eaz"),),
    "cases:meeting-list": (get(SIGNED, shows=(meeting_title, {A, P, S, AD})),),
    "cases:meeting-create": form(
        STAFF_ADD,
        post_policy=STAFF_ADD_IN_EAZ,
        effect=True,
        data=lambda s: {
            "title": "جلسهٔ آزمایشی",
            "date": jalali_later(10),
            "province": s.eaz.pk,
            "attendees": [s.chamber.pk],
        },
    ),
    # Unit A sees the meeting through its resolution only: not its minutes.
    "cases:meeting-detail": (get(MEETING_SEEN, obj="meeting_a", shows=(meeting_minutes, {P, S, AD})),),
    # Unit A sees the meeting only through its resolution (cases.services.visible_meetings), not by scope: 404 here.
    "cases:meeting-edit": form(
        MEETING_STAFF.but(member_a=HIDE),
        obj="meeting_a",
        effect=True,
        data=lambda s: {
            "title": s.meeting_a.title,
            "date": jalali_later(1),
            "province": s.eaz.pk,
            "agenda": [s.case_a.pk],
            "attendees": [s.chamber.pk],
        },
    ),
    "cases:resolution-create": (
        post(
            MEETING_STAFF,
            obj="meeting_a",
            effect=True,
            data=lambda s: {
                "resolution-text": "گمرک ترخیص کند",
                "resolution-body": s.chamber.pk,
                "resolution-deadline": jalali_later(20),
            },
        ),
    ),
    "cases:resolution-status": (
        get(MEETING_SEEN, obj="resolution_a", redirect="/cases/meetings/"),
        post(RESOLUTION_STATUS, obj="resolution_a", effect=True, data=resolution_status),
    ),
    # ---------------------------------------------------------------- API
    "case-list": (
        get(SIGNED, shows=(case_title, {A, P, S, AD})),
        post(FOR_UNIT_A, effect=True, data=lambda s: {**NEW_CASE, "organisation": s.unit_a.pk}),
    ),
    "case-statistics": (get(STAFF_ONLY),),
    "case-detail": (get(CASE_PARTIES, obj="case_a"),),
    "case-triage": (post(UNIT_A_STAFF, obj="case_new", effect=True, data=lambda s: {"version": s.case_new.version}),),
    "case-refer": (
        post(
            CASE_STAFF,
            obj="case_a",
            effect=True,
            data=lambda s: {"version": s.case_a.version, "bodies": [s.chamber.pk]},
        ),
    ),
    "case-reject": (
        post(
            CASE_STAFF,
            obj="case_a",
            effect=True,
            data=lambda s: {"version": s.case_a.version, "reason": "در حوزهٔ سازمان نیست"},
        ),
    ),
    "case-follow-up": (post(CASE_PARTIES, obj="case_a", effect=True, data={"text": "پیگیری شد"}),),
    "case-close-referral": (
        post(
            REFERRAL_CLOSE,
            obj="case_a",
            effect=True,
            watch=("referral_a",),
            data=lambda s: {"referral": s.referral_a.pk, "resolved": True, "outcome": "انجام شد"},
        ),
    ),
    "case-confirm": (post(UNIT_CONFIRMS, obj="case_resolved", effect=True, data={"solved": True, "satisfaction": 4}),),
    "case-attach": (post(CASE_PARTIES, obj="case_a", effect=True, files=lambda s: {"file": ("نامه.pdf", PDF_FILE)}),),
    "caseattachment-list": (get(SIGNED, shows=(lambda s: s.case_attachment_a.original_name, {A, P, S, AD})),),
    "caseattachment-detail": (get(CASE_PARTIES, obj="case_attachment_a"),),
    "caseattachment-download": (get(CASE_PARTIES, obj="case_attachment_a"),),
    "routingrule-list": (
        get(SIGNED),
        post(
            STAFF_ADD_IN_EAZ,
            effect=True,
            data=lambda s: {"category": "fx", "province": s.eaz.pk, "body": s.chamber.pk, "working_days": 6},
        ),
    ),
    "routingrule-detail": (
        get(SIGNED, obj="rule_eaz"),
        *update(PROVINCE_EDIT, obj="rule_eaz", data={"working_days": 9}, effect=True),
        delete(PROVINCE_EDIT, obj="rule_eaz", effect=True),
    ),
    "meeting-list": (
        get(SIGNED, shows=(meeting_title, {A, P, S, AD})),
        post(
            STAFF_ADD_IN_EAZ,
            effect=True,
            data=lambda s: {"title": "جلسهٔ آزمایشی", "date": later(10), "province": s.eaz.pk},
        ),
    ),
    "meeting-detail": (
        get(MEETING_SEEN, obj="meeting_a", shows=(meeting_minutes, {P, S, AD})),
        *update(MEETING_STAFF, obj="meeting_a", data={"minutes": "گزارش جلسه"}, effect=True),
    ),
    "resolution-list": (
        get(SIGNED, shows=(lambda s: s.resolution_a.text, {A, P, S, AD})),
        post(
            RESOLUTION_ADD,
            effect=True,
            data=lambda s: {
                "meeting": s.meeting_a.pk,
                "text": "گمرک ترخیص کند",
                "body": s.chamber.pk,
                "deadline": later(20),
            },
        ),
    ),
    "resolution-detail": (get(MEETING_SEEN, obj="resolution_a"),),
    "resolution-set-status": (
        post(RESOLUTION_STATUS, obj="resolution_a", effect=True, data={"status": "implemented", "note": "صادر شد"}),
    ),
}
