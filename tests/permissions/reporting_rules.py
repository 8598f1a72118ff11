"""Rules of the monthly reports (pages and API), the dashboard and the indicators."""

from tests.permissions.matrix import (
    AD,
    PR,
    PUBLIC,
    SIGNED,
    STAFF_ONLY,
    UNIT_A,
    A,
    B,
    O,
    P,
    S,
    form,
    get,
    literal,
    policy,
    post,
)

# Reviewing (return, accept, reopen) is for staff who edit the unit's place; the unit's own members see the report
# but the review flow turns them away with its message (a redirect on the page, 409 in the API).
REVIEW = policy("REVIEW", ok=(S, AD), nochange=(A,), hide=(B, P, PR, O))
# The API takes any signed-in caller's report but refuses, field by field, a unit outside their scope.
REPORT_FOR_A = policy("REPORT_FOR_A", ok=(A, S, AD), nochange=(B, P, PR, O))
# Live indicators by area: staff, the press and partner bodies (suppressed outside their scope); units have their
# own reports instead.
DASHBOARD = policy("DASHBOARD", ok=(S, O, AD, P, PR), forbid=(A, B))
UNKNOWN_STEP = policy("UNKNOWN_STEP", forbid=(A, S, AD), hide=(B, P, PR, O))


def step(pk: str, action: str) -> dict:
    return {"pk": pk, "action": literal(action)}


def unit_a_name(s):
    return s.unit_a.name


RULES = {
    "reporting:report-list": (get(SIGNED, shows=(unit_a_name, {A, S, AD})),),
    "reporting:report-start": (
        post(UNIT_A, effect=True, data=lambda s: {"organisation": s.unit_a.pk, "period": s.free_period}),
    ),
    "reporting:report-import": form(STAFF_ONLY, note="no file: the form again"),
    "reporting:completeness": (get(STAFF_ONLY, shows=(lambda s: s.unit_b.name, {S, AD})),),
    "reporting:dashboard": (get(DASHBOARD),),
    "reporting:report-detail": (get(UNIT_A, obj="report_submitted"),),
    "reporting:report-edit": form(UNIT_A, obj="report_draft", data={"action": "copy"}, effect=True),
    "reporting:report-history": (get(UNIT_A, obj="report_submitted"),),
    "reporting:report-action": (
        post(UNIT_A, args=step("report_draft", "submit"), effect=True),
        post(
            REVIEW, args=step("report_submitted", "return"), data={"comment": "ارقام فروش را بازبینی کنید"}, effect=True
        ),
        post(REVIEW, args=step("report_submitted", "accept"), effect=True),
        post(REVIEW, args=step("report_accepted", "reopen"), data={"comment": "اصلاح اشتغال"}, effect=True),
        post(UNKNOWN_STEP, args=step("report_submitted", "publish"), note="no such step"),
    ),
    "monthlyreport-list": (
        get(SIGNED, shows=(lambda s: s.import_line_a.item, {A, S, AD})),
        post(
            REPORT_FOR_A,
            effect=True,
            data=lambda s: {
                "organisation": s.unit_a.pk,
                "period": s.free_period,
                "submit": False,
                "shifts_worked": 3,
                "working_days": 24,
                "employees_total": 90,
            },
        ),
    ),
    "monthlyreport-detail": (get(UNIT_A, obj="report_submitted"),),
    "monthlyreport-submit": (post(UNIT_A, obj="report_draft", effect=True),),
    "monthlyreport-return-for-correction": (
        post(REVIEW, obj="report_submitted", data={"comment": "ارقام فروش را بازبینی کنید"}, effect=True),
    ),
    "monthlyreport-accept": (post(REVIEW, obj="report_submitted", effect=True),),
    "monthlyreport-reopen": (post(REVIEW, obj="report_accepted", data={"comment": "اصلاح اشتغال"}, effect=True),),
    "api-indicators": (get(SIGNED),),
    "api-public-indicators": (get(PUBLIC),),
    "api-completeness": (get(STAFF_ONLY),),
}
