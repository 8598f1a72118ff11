"""Rules of the site's own pages (home, health, accounts, API index and schema), of places and of the registry."""

from django.forms.models import model_to_dict

from rownaq.core.national_id import make_national_id
from tests.permissions.matrix import (
    AD,
    ADMIN_ONLY,
    NOCHANGE,
    PR,
    PROVINCE_EDIT,
    PROVINCE_STAFF,
    PUBLIC,
    SIGNED,
    SIGNED_IN,
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
    literal,
    patch,
    policy,
    post,
    update,
)

UNIT_A_VIEWERS = {A, S, AD}
OWN_NOTICE = policy("OWN_NOTICE", ok=(A,), hide=(B, P, PR, O, S, AD))


def unit_a_name(s):
    return s.unit_a.name


def organisation_form(organisation, **changes) -> dict:
    """What the organisation page's form posts (no product rows)."""
    from rownaq.registry.forms import OrganisationForm

    data = {}
    for name, value in {**model_to_dict(organisation, fields=OrganisationForm._meta.fields), **changes}.items():
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    return data | {
        "products-TOTAL_FORMS": "0",
        "products-INITIAL_FORMS": "0",
        "products-MIN_NUM_FORMS": "0",
        "products-MAX_NUM_FORMS": "1000",
    }


def new_organisation(s) -> dict:
    from rownaq.registry.models import Organisation

    return organisation_form(
        Organisation(
            kind=Organisation.Kind.UNIT,
            name="واحد تازهٔ آزمایشی",
            county=s.tabriz,
            estate=s.salimi,
            national_id=make_national_id("3141592653"),
            isic=s.isic,
            employees=12,
        )
    )


def estate_form(estate, **changes) -> dict:
    from rownaq.places.forms import EstateForm

    values = {**model_to_dict(estate, fields=EstateForm._meta.fields), **changes}
    return {name: value for name, value in values.items() if value is not None}


def new_estate(s) -> dict:
    from rownaq.places.models import Estate

    return estate_form(
        Estate(county=s.tabriz, name="ناحیهٔ صنعتی آزمایشی", kind=Estate.Kind.ZONE, operator="شرکت شهرک‌ها")
    )


# An organisation's status: the staff of its place; its members are refused the field (400), others never see it.
STAFF_FIELDS = policy("STAFF_FIELDS", ok=(S, AD), nochange=(A,), hide=(B, P, PR, O))
# Members may add products to their own unit only; staff to the units of their places.
PRODUCT_ADD_FOR_A = policy("PRODUCT_ADD_FOR_A", ok=(A, S, AD), nochange=(B, P, PR, O))
# A join link that is no invitation: everyone, signed in or not, is told so and nothing changes.
INVALID_LINK = policy("INVALID_LINK", nochange=SIGNED_IN, anonymous=NOCHANGE)
# An organisation's delete: the province's staff; its own members see it but may not delete it.
ORGANISATION_DELETE = UNIT_A_STAFF

RULES = {
    # ---------------------------------------------------------------- the site
    "home": (get(SIGNED),),
    # Notifications are one person's own: even the administrator does not open another's.
    "notify:list": (get(SIGNED, shows=(lambda s: s.notice_a.title, {A})),),
    "notify:open": (post(OWN_NOTICE, obj="notice_a", effect=True, redirect="/reports/"),),
    "notify:read-all": (post(SIGNED),),
    "notify:preferences": form(SIGNED, data={"mobile": "۰۹۱۲۱۲۳۴۵۶۷", "by_sms": "on"}, effect=True),
    "health": (get(ADMIN_ONLY),),
    "health-action": (
        post(
            ADMIN_ONLY,
            args={"action": literal("backup")},
            effect=True,
            note="queues a backup task; its job's page follows",
        ),
    ),
    # a job's page and its cancel: its author and whoever may see (cancel: plan) its subject, roster A
    "job": (get(UNIT_A, obj="job_a"),),
    "job-cancel": (post(UNIT_A, obj="job_a", effect=True),),
    "api-job-detail": (get(UNIT_A, obj="job_a"),),
    "api-job-cancel": (post(UNIT_A, obj="job_a", effect=True),),
    "liveness": (get(PUBLIC),),
    "ping": (get(PUBLIC),),
    "public-stats": (get(PUBLIC),),
    "login": (get(PUBLIC),),
    "logout": (post(PUBLIC, redirect="/accounts/login/", note="signing out is POST only"),),
    "password_change": form(SIGNED),
    "password_change_done": (get(SIGNED),),
    "password_reset": (get(PUBLIC),),
    "password_reset_done": (get(PUBLIC),),
    "password_reset_confirm": (get(PUBLIC, args={"uidb64": literal("MQ"), "token": literal("set-password")}),),
    "password_reset_complete": (get(PUBLIC),),
    "api-root": (get(SIGNED),),
    "api-schema": (get(SIGNED),),
    "api-docs": (get(SIGNED),),
    # ---------------------------------------------------------------- places: estates are reference data
    "places:estate-list": (get(SIGNED),),
    "places:estate-create": form(STAFF_ADD, post_policy=STAFF_ADD_IN_EAZ, data=new_estate, effect=True),
    "places:estate-detail": (get(SIGNED, obj="salimi", shows=(unit_a_name, UNIT_A_VIEWERS)),),
    "places:estate-edit": form(
        PROVINCE_EDIT, obj="salimi", effect=True, data=lambda s: estate_form(s.salimi, operator="بهره‌بردار تازه")
    ),
    "places:estate-history": (get(SIGNED, obj="salimi"),),
    "province-list": (get(SIGNED),),
    "province-detail": (get(SIGNED, obj="eaz"),),
    "county-list": (get(SIGNED),),
    "county-detail": (get(SIGNED, obj="tabriz"),),
    "estate-list": (
        get(SIGNED),
        post(
            STAFF_ADD_IN_EAZ,
            effect=True,
            data=lambda s: {"county": s.tabriz.pk, "name": "ناحیهٔ صنعتی آزمایشی", "kind": "zone"},
        ),
    ),
    "estate-detail": (
        get(SIGNED, obj="salimi"),
        *update(PROVINCE_EDIT, obj="salimi", data={"operator": "بهره‌بردار تازه"}, effect=True),
        delete(PROVINCE_EDIT, obj="salimi", note="organisations protect the estate: 409 for those allowed"),
    ),
    # ---------------------------------------------------------------- registry
    "registry:organisation-list": (get(SIGNED, shows=(unit_a_name, UNIT_A_VIEWERS)),),
    "registry:organisation-create": form(STAFF_ADD, post_policy=STAFF_ADD_IN_EAZ, data=new_organisation, effect=True),
    "registry:organisation-import": form(STAFF_ADD, note="no file: the form again"),
    "registry:organisation-detail": (get(UNIT_A, obj="unit_a"),),
    "registry:organisation-edit": form(
        UNIT_A, obj="unit_a", effect=True, data=lambda s: organisation_form(s.unit_a, phone="04134567890")
    ),
    "registry:organisation-history": (get(UNIT_A, obj="unit_a"),),
    "registry:organisation-delete": form(
        ORGANISATION_DELETE, obj="unit_a", note="its records protect unit A: a message for those allowed"
    ),
    # Inviting people to join unit A: the editing staff of its place; its members see it but may not invite.
    "registry:organisation-invitations": form(
        UNIT_A_STAFF,
        obj="unit_a",
        effect=True,
        data={"name": "علی رضایی", "mobile": "۰۹۱۴۱۱۱۲۲۳۳", "email": "ali@example.ir", "role": "member"},
    ),
    "registry:invitation-resend": (post(PROVINCE_STAFF, obj="invitation_a", effect=True),),
    "registry:invitation-revoke": (post(PROVINCE_STAFF, obj="invitation_a", effect=True),),
    "invitation-accept": (
        get(PUBLIC, args={"token": literal("no-such-invitation")}),
        post(
            INVALID_LINK,
            args={"token": literal("no-such-invitation")},
            data={"password1": "Abc-12345-xyz", "password2": "Abc-12345-xyz"},
            note="a link that is not an invitation: the page says so (400), nothing changes",
        ),
    ),
    "registry:hs-list": (get(SIGNED),),
    "registry:hs-detail": (get(SIGNED, obj="hs", shows=(unit_a_name, UNIT_A_VIEWERS)),),
    "organisation-list": (
        get(SIGNED, shows=(unit_a_name, UNIT_A_VIEWERS)),
        post(
            STAFF_ADD_IN_EAZ,
            effect=True,
            data=lambda s: {
                "kind": "unit",
                "name": "واحد تازهٔ آزمایشی",
                "county": s.tabriz.pk,
                "estate": s.salimi.pk,
                "isic": s.isic.pk,
                "national_id": make_national_id("3141592653"),
            },
        ),
    ),
    "organisation-detail": (
        get(UNIT_A, obj="unit_a"),
        *update(UNIT_A, obj="unit_a", data={"phone": "04134567890"}, effect=True),
        patch(
            STAFF_FIELDS,
            obj="unit_a",
            data={"status": "idle"},
            effect=True,
            note="kind, place and status are the staff's to change",
        ),
        delete(ORGANISATION_DELETE, obj="unit_a", note="its records protect unit A: 409 for those allowed"),
    ),
    "product-list": (
        get(SIGNED, shows=(lambda s: s.product_a.name, UNIT_A_VIEWERS)),
        post(
            PRODUCT_ADD_FOR_A,
            effect=True,
            data=lambda s: {
                "organisation": s.unit_a.pk,
                "name": "قالب دمشی",
                "hs": s.hs.pk,
                "annual_capacity": "20.00",
                "unit": "set",
            },
        ),
    ),
    "product-detail": (
        get(UNIT_A, obj="product_a"),
        *update(UNIT_A, obj="product_a", data={"annual_capacity": "120.00"}, effect=True),
        delete(UNIT_A, obj="product_a", note="its production lines protect it: 409 for those allowed"),
    ),
    "isiccode-list": (get(SIGNED),),
    "isiccode-detail": (get(SIGNED, obj="isic"),),
    "isiccode-hs-codes": (get(SIGNED, obj="isic"),),
    "hscode-list": (get(SIGNED),),
    "hscode-detail": (get(SIGNED, obj="hs"),),
    "hscode-isic-classes": (get(SIGNED, obj="hs"),),
}
