"""Every create, update and delete of registry records is recorded: who, when, before, after."""

import pytest
from django.core.management import call_command

from rownaq.core.actor import acting_as
from rownaq.core.audit import history_for
from rownaq.core.models import ChangeRecord
from rownaq.registry.models import Product


def test_update_records_actor_before_and_after(world):
    with acting_as(world.staff_province):
        world.unit_a.employees = 150
        world.unit_a.save()
    record = ChangeRecord.objects.filter(object_id=str(world.unit_a.pk), action="update").get()
    assert record.actor == world.staff_province
    assert record.before["employees"] == 120 and record.after["employees"] == 150
    assert record.changed_fields() == [("employees", 120, 150)]


def test_save_without_change_writes_nothing(world):
    before = ChangeRecord.objects.count()
    world.unit_a.save()
    assert ChangeRecord.objects.count() == before


def test_product_changes_show_in_the_organisations_history(world):
    with acting_as(world.member_a):
        product = Product.objects.create(organisation=world.unit_a, name="قالب دایکاست", unit="set")
        product.delete()
    actions = [(r.action, r.object_repr) for r in history_for(world.unit_a)]
    assert ("create", "قالب دایکاست") in actions and ("delete", "قالب دایکاست") in actions
    assert all(r.actor == world.member_a for r in history_for(world.unit_a) if r.object_repr == "قالب دایکاست")


def test_delete_keeps_the_last_state(world):
    pk = world.unit_c.pk
    name = world.unit_c.name
    with acting_as(world.admin):
        world.unit_c.delete()
    record = ChangeRecord.objects.get(object_id=str(pk), action="delete", content_type__model="organisation")
    assert record.before["name"] == name and record.after is None and record.actor == world.admin


def test_change_through_a_view_names_the_signed_in_user(world, client):
    client.force_login(world.staff_salimi)
    response = client.post(
        f"/registry/organisations/{world.unit_a.pk}/edit/",
        {
            "kind": "unit",
            "name": world.unit_a.name,
            "national_id": world.unit_a.national_id,
            "county": world.tabriz.pk,
            "estate": world.salimi.pk,
            "isic": "2822",
            "status": "semi_active",
            "usual_shifts": "2",
            "employees": "90",
            "products-TOTAL_FORMS": "0",
            "products-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = ChangeRecord.objects.filter(object_id=str(world.unit_a.pk), action="update").latest("at")
    assert record.actor == world.staff_salimi
    assert record.after["status"] == "semi_active" and record.before["status"] == "active"


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
