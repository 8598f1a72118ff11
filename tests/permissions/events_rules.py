"""Rules of media tours (stages, visits, invitations, coverage, matchmaking) and export meetings (pages and API).

The tour is East Azerbaijan's; its stage visits unit A in the Salimi estate and invites IRNA (the press role's
outlet) and a knowledge-based company; unit A has a matchmaking meeting with that company. The export meeting is
East Azerbaijan's, organised with the Chamber (the partner's body), with unit A as a participant and seller of a
lead."""

import datetime as dt

from rownaq.core.jalali import format_jalali_date
from tests.permissions.matrix import (
    AD,
    PR,
    PROVINCE_STAFF,
    PUBLIC,
    SIGNED,
    STAFF_ADD,
    STAFF_ADD_IN_EAZ,
    UNIT_A,
    UNIT_A_STAFF,
    A,
    B,
    O,
    P,
    S,
    delete,
    form,
    get,
    patch,
    policy,
    post,
    update,
)

# A tour is its province staff's work: nobody else learns of it (they see its stages they take part in).
TOUR = PROVINCE_STAFF
# A stage: its organisers, the visited unit and the invited press.
STAGE_SEEN = policy("STAGE_SEEN", ok=(A, PR, S, AD), hide=(B, P, O))
STAGE_ORGANISE = policy("STAGE_ORGANISE", ok=(S, AD), forbid=(A, PR), hide=(B, P, O))
# Coverage is added by the press for its own outlet, or by the organisers; the visited unit may not.
COVERAGE = policy("COVERAGE", ok=(PR, S, AD), forbid=(A,), hide=(B, P, O))
# Matchmaking is for the stage's two sides (the visited unit, invited companies) and its organisers.
MATCHMAKING = policy("MATCHMAKING", ok=(A, S, AD), forbid=(PR,), hide=(B, P, O))
# The press's invitation: the invitee's organisation answers it, the organisers may answer or change it.
INVITATION = policy("INVITATION", ok=(PR, S, AD), hide=(A, B, P, O))
INVITATION_ORGANISE = policy("INVITATION_ORGANISE", ok=(S, AD), forbid=(PR,), hide=(A, B, P, O))
# An export meeting: its province's staff, its organising body and its participants.
EXPORT_SEEN = policy("EXPORT_SEEN", ok=(A, P, S, AD), hide=(B, PR, O))
# A unit follows its own lead up (status, next step) but may not rewrite it (400).
LEAD_REWRITE = policy("LEAD_REWRITE", ok=(S, AD), nochange=(A,), hide=(B, P, PR, O))
EXPORT_ORGANISE = policy("EXPORT_ORGANISE", ok=(S, AD), forbid=(A, P), hide=(B, PR, O))


def jalali(days: int) -> str:
    return format_jalali_date(dt.date.today() + dt.timedelta(days=days), persian_digits=False)


def iso(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


def stage_form(s, number: int) -> dict:
    return {
        "number": number,
        "date": jalali(9),
        "estate": s.salimi.pk,
        "meeting_point": "درِ شمالی شهرک",
        "start_time": "08:00",
        "end_time": "15:00",
        "speed_kmh": 30,
    }


def visit_form(organisation_pk) -> dict:
    return {
        "visit-organisation": organisation_pk,
        "visit-duration_minutes": 30,
        "visit-opens": "08:00",
        "visit-closes": "15:00",
    }


def export_meeting_form(s, title="نشست صادرات به عراق") -> dict:
    return {
        "title": title,
        "country": "IQ",
        "date": jalali(20),
        "province": s.eaz.pk,
        "location": "تبریز",
        "organizers": [s.chamber.pk],
    }


def lead_status(s) -> dict:
    return {f"lead{s.lead.pk}-status": "in_progress", f"lead{s.lead.pk}-next_step": "ارسال نمونه"}


RULES = {
    # ---------------------------------------------------------------- tours
    "events:tour-list": (get(SIGNED, shows=(lambda s: s.tour.title, {S, AD})),),
    "events:tour-create": form(
        STAFF_ADD,
        post_policy=STAFF_ADD_IN_EAZ,
        effect=True,
        data=lambda s: {"title": "تور تازه", "province": s.eaz.pk, "description": "بازدید"},
    ),
    "events:tour-detail": (get(TOUR, obj="tour"),),
    "events:tour-edit": form(
        TOUR,
        obj="tour",
        effect=True,
        data=lambda s: {"title": s.tour.title, "province": s.eaz.pk, "description": "بازدید خبرنگاران"},
    ),
    "events:tour-history": (get(TOUR, obj="tour"),),
    "events:stage-create": form(TOUR, args={"tour_pk": "tour"}, effect=True, data=lambda s: stage_form(s, 2)),
    "events:stage-detail": (get(STAGE_SEEN, obj="stage"),),
    "events:stage-edit": form(STAGE_ORGANISE, obj="stage", effect=True, data=lambda s: stage_form(s, 1)),
    "events:stage-plan": (post(STAGE_ORGANISE, obj="stage", effect=True),),
    "events:stage-schedule": (get(STAGE_SEEN, obj="stage"),),
    "events:press-kit": (get(STAGE_SEEN, obj="stage"),),
    "events:visit-create": form(STAGE_ORGANISE, obj="stage", effect=True, data=lambda s: visit_form(s.salimi_unit.pk)),
    "events:invitation-create": (
        post(
            STAGE_ORGANISE,
            obj="stage",
            effect=True,
            data={"invite-role": "journalist", "invite-name": "خبرنگار مهمان", "invite-email": "guest@example.ir"},
        ),
    ),
    "events:attendance": form(
        STAGE_ORGANISE, obj="stage", effect=True, data=lambda s: {"present": [s.invitation_press.pk]}
    ),
    "events:coverage-create": (
        post(
            COVERAGE,
            obj="stage",
            effect=True,
            data=lambda s: {
                "coverage-outlet": s.irna.pk,
                "coverage-title": "گزارش بازدید از شهرک سلیمی",
                "coverage-url": "https://irna.example/news/1",
                "coverage-published_on": jalali(8),
            },
        ),
    ),
    "events:matchmaking": (get(MATCHMAKING, obj="stage"),),
    "events:booking": form(
        MATCHMAKING,
        obj="stage",
        effect=True,
        data=lambda s: {"slot": s.slot_free.pk, "requester": s.unit_a.pk, "counterpart": s.kb.pk, "topic": "قالب"},
    ),
    "events:slots": form(
        MATCHMAKING,
        obj="stage",
        post_policy=STAGE_ORGANISE,
        effect=True,
        data={"start": "14:00", "end": "15:00", "length_minutes": 20},
    ),
    "events:visit-edit": form(
        STAGE_ORGANISE,
        obj="visit_a",
        effect=True,
        data=lambda s: {**visit_form(s.unit_a.pk), "visit-duration_minutes": 50},
    ),
    "events:visit-delete": (post(STAGE_ORGANISE, obj="visit_a", effect=True),),
    "events:invitation-answer": (post(INVITATION, obj="invitation_press", effect=True, data={"answer": "yes"}),),
    "events:match-meeting-cancel": (post(UNIT_A, obj="match_meeting", effect=True),),
    "events:mine": (get(SIGNED, shows=(lambda s: s.tour.title, {A, PR, S, AD})),),
    "events:consent": form(UNIT_A, obj="unit_a", effect=True, data={"products": "on", "employees": "on"}),
    "rsvp": (
        get(PUBLIC, args={"token": lambda s: s.invitation_press.token}),
        post(
            PUBLIC,
            args={"token": lambda s: s.invitation_press.token},
            data={"answer": "yes"},
            effect=True,
            watch=("invitation_press",),
            note="the unguessable token is the key",
        ),
    ),
    # ---------------------------------------------------------------- export meetings
    "events:export-meeting-list": (get(SIGNED, shows=(lambda s: s.export_meeting.title, {A, P, S, AD})),),
    "events:export-meeting-create": form(
        STAFF_ADD, post_policy=STAFF_ADD_IN_EAZ, effect=True, data=export_meeting_form
    ),
    "events:export-meeting-detail": (get(EXPORT_SEEN, obj="export_meeting"),),
    "events:export-meeting-edit": form(
        EXPORT_ORGANISE,
        obj="export_meeting",
        effect=True,
        data=lambda s: export_meeting_form(s, title="نشست صادرات به سوریه (ویرایش)"),
    ),
    "events:export-meeting-history": (get(EXPORT_SEEN, obj="export_meeting"),),
    "events:participant-create": (
        post(
            EXPORT_ORGANISE,
            obj="export_meeting",
            effect=True,
            data=lambda s: {"organisation": s.salimi_unit.pk, "offered_hs": "848071"},
        ),
    ),
    "events:partner-create": (
        post(
            EXPORT_ORGANISE,
            obj="export_meeting",
            effect=True,
            data={"name": "احمد الخطیب", "company": "بازرگانی حلب", "country": "SY", "contact": "+963 11 000"},
        ),
    ),
    "events:lead-create": (
        post(
            EXPORT_ORGANISE,
            obj="export_meeting",
            effect=True,
            data=lambda s: {
                "seller": s.unit_a.pk,
                "buyer": s.buyer.pk,
                "hs": "848071",
                "product": "قالب بادی",
                "quantity": "5",
                "value": "20000",
                "currency": "USD",
            },
        ),
    ),
    "events:lead-status": (post(UNIT_A, obj="lead", effect=True, data=lead_status),),
    "events:lead-history": (get(UNIT_A, obj="lead"),),
    # ---------------------------------------------------------------- API
    "tour-list": (
        get(SIGNED, shows=(lambda s: s.tour.title, {S, AD})),
        post(STAFF_ADD_IN_EAZ, effect=True, data=lambda s: {"title": "تور تازه", "province": s.eaz.pk}),
    ),
    "tour-detail": (
        get(TOUR, obj="tour"),
        *update(TOUR, obj="tour", data={"description": "بازدید خبرنگاران"}, effect=True),
        delete(TOUR, obj="tour"),
    ),
    "tourstage-list": (
        get(SIGNED, shows=(lambda s: s.stage.meeting_point, {A, PR, S, AD})),
        post(
            STAFF_ADD_IN_EAZ,
            effect=True,
            data=lambda s: {
                "tour": s.tour.pk,
                "number": 2,
                "date": iso(9),
                "estate": s.salimi.pk,
                "meeting_point": "درِ شمالی",
                "start_time": "08:00",
                "end_time": "15:00",
            },
        ),
    ),
    "tourstage-detail": (
        get(STAGE_SEEN, obj="stage"),
        *update(STAGE_ORGANISE, obj="stage", data={"meeting_point": "درِ جنوبی شهرک"}, effect=True),
        delete(STAGE_ORGANISE, obj="stage"),
    ),
    "tourstage-plan": (post(STAGE_ORGANISE, obj="stage", effect=True),),
    "visit-list": (
        get(SIGNED),
        post(
            STAFF_ADD_IN_EAZ,
            effect=True,
            data=lambda s: {"stage": s.stage.pk, "organisation": s.salimi_unit.pk, "duration_minutes": 30},
        ),
    ),
    "visit-detail": (
        get(STAGE_SEEN, obj="visit_a"),
        *update(STAGE_ORGANISE, obj="visit_a", data={"duration_minutes": 50}, effect=True),
        delete(STAGE_ORGANISE, obj="visit_a", effect=True),
    ),
    "invitation-list": (
        get(SIGNED, shows=(lambda s: s.invitation_press.name, {PR, S, AD})),
        post(
            STAFF_ADD_IN_EAZ,
            effect=True,
            data=lambda s: {"stage": s.stage.pk, "role": "journalist", "name": "خبرنگار مهمان"},
        ),
    ),
    "invitation-detail": (
        get(INVITATION, obj="invitation_press"),
        *update(INVITATION_ORGANISE, obj="invitation_press", data={"name": "خبرنگار ایرنا تبریز"}, effect=True),
        delete(INVITATION_ORGANISE, obj="invitation_press", effect=True),
    ),
    "invitation-rsvp": (post(INVITATION, obj="invitation_press", data={"answer": "yes"}, effect=True),),
    "exportmeeting-list": (
        get(SIGNED, shows=(lambda s: s.export_meeting.title, {A, P, S, AD})),
        post(
            STAFF_ADD_IN_EAZ,
            effect=True,
            data=lambda s: {
                "title": "نشست صادرات به عراق",
                "country": "IQ",
                "date": iso(20),
                "province": s.eaz.pk,
                "organizers": [s.chamber.pk],
            },
        ),
    ),
    "exportmeeting-detail": (
        get(EXPORT_SEEN, obj="export_meeting"),
        *update(EXPORT_ORGANISE, obj="export_meeting", data={"notes": "هماهنگی با رایزن"}, effect=True),
        delete(EXPORT_ORGANISE, obj="export_meeting", note="its leads protect it: 409 for those allowed"),
    ),
    "lead-list": (
        get(SIGNED, shows=(lambda s: s.lead.product, {A, S, AD})),
        post(
            STAFF_ADD_IN_EAZ,
            effect=True,
            data=lambda s: {
                "meeting": s.export_meeting.pk,
                "seller": s.unit_a.pk,
                "buyer": s.buyer.pk,
                "product": "قالب بادی",
                "quantity": "5",
                "value": "20000",
                "currency": "USD",
            },
        ),
    ),
    "lead-detail": (
        get(UNIT_A, obj="lead"),
        *update(UNIT_A, obj="lead", data={"status": "in_progress", "next_step": "ارسال نمونه"}, effect=True),
        patch(
            LEAD_REWRITE,
            obj="lead",
            data={"value": "99000"},
            effect=True,
            note="who sells what to whom is the organisers' record",
        ),
        delete(UNIT_A_STAFF, obj="lead", effect=True),
    ),
}
