"""Rules of sourcing (pages and API): unit A's published, public need with a drawing, in which unit B (member B's
unit, a maker) has shown interest; unit A's capability profile; the import line of unit A's monthly report.

The need itself is its buyer's and its staff's; makers (members of units, knowledge-based firms, engineering
groups, and staff) meet published needs only in the marketplace, where an anonymous buyer stays anonymous."""

from tests.permissions.matrix import (
    AD,
    FOR_UNIT_A,
    PDF_FILE,
    PR,
    SIGNED,
    STAFF_ONLY,
    UNIT_A,
    UNITS_AND_STAFF,
    A,
    B,
    O,
    P,
    S,
    form,
    get,
    policy,
    post,
    update,
)

# The marketplace: registered makers (unit members here) and staff of any province; not partner bodies or the press.
MARKET = policy("MARKET", ok=(A, B, S, O, AD), forbid=(P, PR))
MARKET_NEED = policy("MARKET_NEED", ok=(A, B, S, O, AD), hide=(P, PR))
# Interest is a maker's act for its own organisation: unit B may; unit A may not on its own need, staff act for no
# maker (the form turns both away).
INTEREST = policy("INTEREST", ok=(B,), nochange=(A, S, O, AD), forbid=(P, PR))
API_INTEREST = policy("API_INTEREST", ok=(B,), forbid=(A, S, O, AD), hide=(P, PR))
# A public need's drawing: whoever sees the need whole, and makers through the marketplace.
PUBLIC_DRAWING = policy("PUBLIC_DRAWING", ok=(A, B, S, O, AD), hide=(P, PR))
# The interest of unit B: the buyer's side and the maker's own members.
INTEREST_SEEN = policy("INTEREST_SEEN", ok=(A, B, S, AD), hide=(P, PR, O))
# A capability profile may be created for unit A by its members and staff; others are refused field by field.
CAPABILITY_FOR_A = policy("CAPABILITY_FOR_A", ok=(A, S, AD), nochange=(B, P, PR, O))

NEED = {"title": "قطعهٔ یدکی پمپ", "kind": "part", "unit": "pcs", "currency": "USD", "visibility": "public"}


def unit_a_name(s):
    return s.unit_a.name


def need_form(s) -> dict:
    return {
        "title": s.need_a.title + " (اصلاح)",
        "kind": "mould",
        "unit": "set",
        "currency": "EUR",
        "visibility": "public",
        "hs_code": "848071",
        "hs_confirmed": "on",
        "version": s.need_a.version,
    }


def forget_capability(s):
    type(s.capability_a).objects.filter(pk=s.capability_a.pk).delete()  # by query: the scene's object stays whole


def forget_interest(s):
    type(s.interest_b).objects.filter(pk=s.interest_b.pk).delete()


RULES = {
    "sourcing:need-list": (get(SIGNED, shows=(lambda s: s.need_a.title, {A, S, AD})),),
    "sourcing:need-create": form(
        UNITS_AND_STAFF, post_policy=FOR_UNIT_A, effect=True, data=lambda s: {**NEED, "organisation": s.unit_a.pk}
    ),
    "sourcing:suggest-hs": (get(SIGNED, query="?title=قالب"),),
    "sourcing:from-import-line": (
        get(UNIT_A, args={"line_pk": "import_line_a"}, redirect="/reports/"),
        post(UNIT_A, args={"line_pk": "import_line_a"}, effect=True),
    ),
    # A maker who is not the buyer is sent to the need's marketplace page, where the buyer's identity is guarded.
    "sourcing:need-detail": (get(UNIT_A.but(member_b="allowed", staff_other_province="allowed"), obj="need_a"),),
    "sourcing:need-edit": form(UNIT_A, obj="need_a", effect=True, data=need_form),
    "sourcing:need-history": (get(UNIT_A, obj="need_a"),),
    "sourcing:need-move": (
        post(UNIT_A, obj="need_a", effect=True, data=lambda s: {"move-version": s.need_a.version, "to": "shortlisted"}),
    ),
    "sourcing:need-localize": (
        post(
            UNIT_A,
            obj="need_a",
            data=lambda s: {"localize-version": s.need_a.version},
            note="incomplete: the form again",
        ),
    ),
    "sourcing:need-withdraw": (
        post(
            UNIT_A,
            obj="need_a",
            effect=True,
            data=lambda s: {"withdraw-version": s.need_a.version, "withdraw-withdraw_reason": "one_time"},
        ),
    ),
    "sourcing:need-shortlist": (
        post(
            UNIT_A,
            obj="need_a",
            effect=True,
            data=lambda s: {"shortlist-version": s.need_a.version, "shortlist-interests": [s.interest_b.pk]},
        ),
    ),
    "sourcing:need-attach": (
        post(UNIT_A, obj="need_a", effect=True, files=lambda s: {"attach-attachments": ("نقشهٔ دوم.pdf", PDF_FILE)}),
    ),
    "sourcing:attachment-download": (get(PUBLIC_DRAWING, args={"pk": "need_a", "attachment_pk": "need_attachment_a"}),),
    "sourcing:market": (get(MARKET, shows=(lambda s: s.need_a.title, {A, B, S, O, AD})),),
    "sourcing:market-detail": (
        get(MARKET, obj="need_a"),
        get(MARKET, obj="need_anonymous", shows=(unit_a_name, {A, S, AD}), note="the anonymous buyer stays anonymous"),
    ),
    "sourcing:market-interest": (
        post(
            INTEREST,
            obj="need_a",
            effect=True,
            watch=("need_a",),
            prepare=forget_interest,
            data=lambda s: {"maker": s.unit_b.pk, "message": "می‌سازیم"},
            note="unit B's earlier interest is taken back first",
        ),
    ),
    "sourcing:serve": (get(MARKET),),
    "sourcing:capability-list": (get(policy("CAPABILITIES", ok=(A, B, S, O, AD), forbid=(P, PR))),),
    "sourcing:capability-edit": form(
        UNIT_A,
        obj="unit_a",
        effect=True,
        data={"summary": "ساخت قالب تزریق و دمشی", "processes": ["mould_making"], "accepts_new_work": "on"},
    ),
    "sourcing:linkage": (get(STAFF_ONLY, shows=(unit_a_name, {S, AD})),),
    "sourcing:savings": (get(UNITS_AND_STAFF),),
    "need-list": (
        get(SIGNED, shows=(lambda s: s.need_a.title, {A, S, AD})),
        post(FOR_UNIT_A, effect=True, data=lambda s: {**NEED, "organisation": s.unit_a.pk}),
    ),
    "need-ledger": (get(SIGNED),),
    "need-detail": (
        get(UNIT_A, obj="need_a"),
        *update(
            UNIT_A, obj="need_a", data=lambda s: {"description": "شرح تازه", "version": s.need_a.version}, effect=True
        ),
    ),
    "need-attach": (post(UNIT_A, obj="need_a", effect=True, files=lambda s: {"file": ("نقشهٔ دوم.pdf", PDF_FILE)}),),
    "need-makers": (get(UNIT_A, obj="need_a"),),
    "need-move": (
        post(
            UNIT_A,
            obj="need_a",
            effect=True,
            data=lambda s: {"to": "withdrawn", "withdraw_reason": "one_time", "version": s.need_a.version},
        ),
    ),
    "marketplace-list": (get(SIGNED, shows=(lambda s: s.need_a.title, {A, B, S, O, AD})),),
    "marketplace-detail": (
        get(MARKET_NEED, obj="need_a"),
        get(
            MARKET_NEED,
            obj="need_anonymous",
            shows=(unit_a_name, {A, S, AD}),
            note="the anonymous buyer stays anonymous",
        ),
    ),
    "marketplace-interest": (
        post(
            API_INTEREST,
            obj="need_a",
            effect=True,
            watch=("need_a",),
            prepare=forget_interest,
            data=lambda s: {"maker": s.unit_b.pk, "message": "می‌سازیم"},
            note="unit B's earlier interest is taken back first",
        ),
    ),
    "interest-list": (get(SIGNED, shows=(lambda s: s.interest_b.message, {A, B, S, AD})),),
    "interest-detail": (get(INTEREST_SEEN, obj="interest_b"),),
    "capability-list": (
        get(SIGNED, shows=(lambda s: s.capability_a.summary, {A, S, AD})),
        post(
            CAPABILITY_FOR_A,
            effect=True,
            prepare=forget_capability,
            data=lambda s: {"organisation": s.unit_a.pk, "summary": "ساخت قالب"},
            note="unit A's profile is removed first, so that one may be created",
        ),
    ),
    "capability-detail": (
        get(UNIT_A, obj="capability_a"),
        *update(UNIT_A, obj="capability_a", data={"summary": "ساخت قالب تزریق و دمشی"}, effect=True),
    ),
}
