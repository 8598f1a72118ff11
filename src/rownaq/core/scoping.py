"""Who may see and do what: the one place where querysets are restricted by role and scope.

Views, the API and exports all call `restrict()` (lists) or `get_scoped_or_404()` / `can()` (one object), so a
page cannot show more than its caller may see. A model takes part by declaring:

    scope_paths = {"province": "...", "county": "...", "estate": "...", "organisation": "..."}
        lookups from the model to the place or organisation that decides its scope (missing = no such link);
        "organisation" may be a tuple of lookups (a case belongs to its unit and to the bodies it is referred to);
    member_actions = {"view", "change", ...}
        what members of the owning organisation may do with it;
    scope_public_view = True
        when every signed-in user may view it (reference data such as estates);
    scope_add_levels = ("province", "county")
        which staff assignments may create such records (default: any; an estate cannot hold a new estate).

Roles: admin (superuser) does everything; staff act inside their StaffAssignment places (editing only where
can_edit); members act on their organisations' records as member_actions allow; everyone else sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"


def _no_places() -> dict[str, set[int]]:
    return {"province": set(), "county": set(), "estate": set()}


@dataclass
class Access:
    is_authenticated: bool = False
    is_admin: bool = False
    view_places: dict[str, set[int]] = field(default_factory=_no_places)
    edit_places: dict[str, set[int]] = field(default_factory=_no_places)
    organisation_ids: set[int] = field(default_factory=set)
    organisation_kinds: set[str] = field(default_factory=set)

    @property
    def is_staff(self) -> bool:
        return self.is_admin or any(self.view_places.values())

    @property
    def is_unit_member(self) -> bool:
        return bool(self.organisation_kinds & {"unit", "knowledge_based", "engineering_group"})

    @property
    def is_partner(self) -> bool:
        return "agency" in self.organisation_kinds

    @property
    def is_press(self) -> bool:
        return "media" in self.organisation_kinds

    def role_labels(self) -> list[str]:
        labels = []
        if self.is_admin:
            labels.append("مدیر سامانه")
        elif self.is_staff:
            labels.append("کارشناس سازمان")
        if self.is_unit_member:
            labels.append("عضو واحد")
        if self.is_partner:
            labels.append("عضو نهاد همکار")
        if self.is_press:
            labels.append("خبرنگار")
        return labels


def unit_paths(via: str = "organisation") -> dict[str, str]:
    """Scope lookups for a model whose scope is that of the organisation reached through `via`."""
    return {"province": f"{via}__county__province", "county": f"{via}__county", "estate": f"{via}__estate"}


def access_of(user) -> Access:
    """The user's roles and scope, computed once per user object (so once per request)."""
    if user is None or not user.is_authenticated:
        return Access()
    cached = getattr(user, "_rownaq_access", None)
    if cached is not None:
        return cached
    access = Access(is_authenticated=True, is_admin=bool(user.is_superuser and user.is_active))
    for assignment in user.staff_assignments.all():
        for level in ("province", "county", "estate"):
            place_id = getattr(assignment, f"{level}_id")
            if place_id:
                access.view_places[level].add(place_id)
                if assignment.can_edit:
                    access.edit_places[level].add(place_id)
    for org_id, kind in user.memberships.values_list("organisation_id", "organisation__kind"):
        access.organisation_ids.add(org_id)
        access.organisation_kinds.add(kind)
    user._rownaq_access = access
    return access


def forget_access(user) -> None:
    if hasattr(user, "_rownaq_access"):
        del user._rownaq_access


def _paths_q(paths: dict[str, str], places: dict[str, set[int]]) -> models.Q:
    q = models.Q(pk__in=[])
    for level, ids in places.items():
        path = paths.get(level)
        if ids and path:
            q |= models.Q(**{f"{path}__in": ids})
    return q


def _place_q(model, places: dict[str, set[int]]) -> models.Q:
    return _paths_q(getattr(model, "scope_paths", {}), places)


def scope_q(model, user, action: str = VIEW) -> models.Q | None:
    """A Q selecting the rows of `model` the user may act on; None means all rows."""
    access = access_of(user)
    if access.is_admin:
        return None
    if not access.is_authenticated:
        return models.Q(pk__in=[])
    if action == VIEW and getattr(model, "scope_public_view", False):
        return None
    q = _place_q(model, access.view_places if action == VIEW else access.edit_places)
    own = _member_q(model, access.organisation_ids)
    if own is not None and action in getattr(model, "member_actions", ()):
        q |= own
    return q


def restrict(queryset: models.QuerySet, user, action: str = VIEW) -> models.QuerySet:
    q = scope_q(queryset.model, user, action)
    return queryset if q is None else queryset.filter(q).distinct()


def can(user, action: str, obj: models.Model) -> bool:
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def get_scoped_or_404(queryset: models.QuerySet, user, action: str = VIEW, **lookup) -> models.Model:
    """The object if the user may see it; 404 when it is outside their scope (its existence is not revealed),
    403 when they may see it but not perform `action` on it."""
    try:
        obj = restrict(queryset, user, VIEW).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
    if action != VIEW and not can(user, action, obj):
        raise PermissionDenied
    return obj


def may_add(user, model) -> bool:
    """Whether the user may create records of `model` somewhere: admins, editing staff, or members where the
    model lets members add to their own organisation."""
    access = access_of(user)
    if access.is_admin:
        return True
    levels = getattr(model, "scope_add_levels", ("province", "county", "estate"))
    if getattr(model, "scope_paths", None) and any(access.edit_places[level] for level in levels):
        return True
    return bool(access.organisation_ids and ADD in getattr(model, "member_actions", ()))


# Places: the one rule for "may this staff member edit (or see) this place", a unit's place included. An assignment
# covers its own place and every place inside it (a province's editor edits its counties and their estates, a
# county's its estates); admins are everywhere. Every question about rights over places is asked here.


def covers(user, province_id=None, county_id=None, estate_id=None, action: str = CHANGE) -> bool:
    """Whether the user's assignments (editing ones, unless `action` is VIEW) reach a place given by its path: the
    ids of its province, its county and itself (an estate), None where there is none."""
    access = access_of(user)
    if access.is_admin:
        return True
    places = access.view_places if action == VIEW else access.edit_places
    return province_id in places["province"] or county_id in places["county"] or estate_id in places["estate"]


def place_path(place) -> tuple[int | None, int | None, int | None]:
    """(province id, county id, estate id) of a province, county or estate: the place and those holding it."""
    if hasattr(place, "county_id"):  # an estate
        return place.county.province_id, place.county_id, place.pk
    if hasattr(place, "province_id"):  # a county
        return place.province_id, place.pk, None
    return place.pk, None, None


def may_edit_place(user, county, estate=None) -> bool:
    """Whether the user's editing assignments cover this county (or this estate): where they may place a unit."""
    if county is None:
        return access_of(user).is_admin
    return covers(user, county.province_id, county.pk, estate.pk if estate is not None else None)


def may_edit_unit_place(user, unit) -> bool:
    """Whether the user's editing assignments cover the place a unit (any organisation) is in: its staff."""
    return covers(user, unit.county.province_id, unit.county_id, unit.estate_id)


def places_q(
    user, action: str = CHANGE, *, province: str | None = None, county: str | None = None, estate: str | None = None
) -> models.Q:
    """A Q selecting the rows whose place the user's assignments (editing ones, unless `action` is VIEW) reach, by
    the lookup given for each level: counties the user edits are County.objects.filter(places_q(user,
    province="province", county="pk")); adding estate="estates" adds the counties holding an estate they edit.
    Everything for admins."""
    access = access_of(user)
    if access.is_admin:
        return models.Q()
    paths = {level: path for level, path in (("province", province), ("county", county), ("estate", estate)) if path}
    return _paths_q(paths, access.view_places if action == VIEW else access.edit_places)


def edits_somewhere(user) -> bool:
    """Admins, and staff with at least one editing assignment: those who may change units' records at all."""
    access = access_of(user)
    return access.is_admin or any(access.edit_places.values())


def edits_estates(user) -> bool:
    """Whether the user edits some estate in its own right (an estate's expert): their place errors are the
    estate's."""
    return bool(access_of(user).edit_places["estate"])


# Staff oversight: decisions the organization's staff take about a unit's records (accepting or returning its
# reports, changing its kind, place or registry status). They rest on the rights of a staff assignment over the
# record's own place (editing ones for changes), never on a membership nor on rights held somewhere else, and no
# one oversees the organisation they belong to.


def _member_q(model, organisation_ids: set[int]) -> models.Q | None:
    org_paths = getattr(model, "scope_paths", {}).get("organisation") or ()
    if isinstance(org_paths, str):
        org_paths = (org_paths,)
    if not organisation_ids or not org_paths:
        return None
    q = models.Q(pk__in=[])
    for path in org_paths:
        q |= models.Q(**{f"{path}__in": organisation_ids})
    return q


def staff_restrict(queryset: models.QuerySet, user, action: str = VIEW) -> models.QuerySet:
    """The rows the user reaches as the organization's staff: admins all, staff those in their assignments' places
    (editing ones unless `action` is VIEW); a membership never counts here."""
    access = access_of(user)
    if access.is_admin:
        return queryset
    if not access.is_authenticated:
        return queryset.none()
    places = access.view_places if action == VIEW else access.edit_places
    return queryset.filter(_place_q(queryset.model, places)).distinct()


def overseeable(queryset: models.QuerySet, user, action: str = CHANGE) -> models.QuerySet:
    """The rows the user may decide on as staff (staff_restrict), minus the records of the user's own
    organisations, whoever they are."""
    access = access_of(user)
    queryset = staff_restrict(queryset, user, action)
    model = queryset.model
    own = _member_q(model, access.organisation_ids)
    if own is not None:
        queryset = queryset.exclude(pk__in=model._default_manager.filter(own).values("pk"))
    return queryset.distinct()


def may_oversee(user, obj: models.Model, action: str = CHANGE) -> bool:
    return overseeable(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def is_own(user, obj: models.Model) -> bool:
    """Whether `obj` belongs to one of the user's organisations."""
    own = _member_q(type(obj), access_of(user).organisation_ids)
    return own is not None and type(obj)._default_manager.filter(own, pk=obj.pk).exists()
