"""One rule for rights over places (core.scoping.covers, places_q): an assignment covers its own place and every place
inside it, editing ones for changes; the place lists forms offer (places.services) follow from it."""

from rownaq.core import scoping
from rownaq.places.services import edited_counties, edited_places


def names(queryset) -> set[str]:
    return {str(place.name_en or place.name) for place in queryset}


def test_an_assignment_covers_its_place_and_the_places_inside_it(world):
    w = world
    salimi, tabriz, marand = scoping.place_path(w.salimi), scoping.place_path(w.tabriz), scoping.place_path(w.marand)
    assert salimi == (w.eaz.pk, w.tabriz.pk, w.salimi.pk) and scoping.place_path(w.eaz) == (w.eaz.pk, None, None)
    assert scoping.covers(w.staff_province, *salimi) and scoping.covers(w.staff_province, *marand)
    assert not scoping.covers(w.staff_province, *scoping.place_path(w.tehran))
    # An estate's expert edits the estate, not the county around it nor the rest of that county.
    assert scoping.covers(w.staff_salimi, *salimi) and not scoping.covers(w.staff_salimi, *tabriz)
    assert scoping.may_edit_unit_place(w.staff_salimi, w.unit_a) and not scoping.may_edit_unit_place(
        w.staff_salimi, w.chamber
    )  # the Chamber is in Tabriz, outside the estate
    # A view-only assignment sees its county but edits nothing there.
    assert scoping.covers(w.staff_marand_readonly, *marand, action=scoping.VIEW)
    assert not scoping.covers(w.staff_marand_readonly, *marand)
    assert not scoping.edits_somewhere(w.staff_marand_readonly) and scoping.edits_somewhere(w.staff_salimi)
    assert scoping.edits_estates(w.staff_salimi) and not scoping.edits_estates(w.staff_province)
    assert scoping.covers(w.admin, *scoping.place_path(w.tehran)) and scoping.edits_somewhere(w.admin)
    for outsider in (w.member_a, w.nobody):
        assert not scoping.covers(outsider, *salimi, action=scoping.VIEW) and not scoping.edits_somewhere(outsider)


def test_the_places_a_user_is_offered_follow_the_same_rule(world):
    w = world
    provinces, counties, estates = edited_places(w.staff_salimi)  # the estate, and the places holding it
    assert (names(provinces), names(counties), names(estates)) == ({"East Azerbaijan"}, {"Tabriz"}, {w.salimi.name})
    assert names(edited_counties(w.staff_salimi)) == set()  # no county of its own to record a unit or estate in
    provinces, counties, estates = edited_places(w.staff_province)
    assert names(counties) == names(edited_counties(w.staff_province)) == {"Tabriz", "Marand"}
    assert names(estates) == {w.salimi.name, w.marand_estate.name}
    assert [names(q) for q in edited_places(w.staff_marand_readonly)] == [set(), set(), set()]
    assert names(edited_counties(w.admin)) == {"Tabriz", "Marand", "Tehran"}
