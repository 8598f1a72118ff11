"""Adding many workers at once is a service step (shifts.services.add_workers), which the bulk page calls."""

from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from rownaq.shifts import services
from rownaq.shifts.models import Worker


def test_the_bulk_page_adds_each_named_worker_on_the_same_terms(world, client):
    client.force_login(world.member_a)
    response = client.post(
        reverse("shifts:worker-bulk", args=[world.unit_a.pk]),
        {
            "names": "علی رضایی\n\n  مریم احمدی  \n",
            "skills": "جوشکاری، تراشکاری",
            "hazardous": "on",
            "shift_worker": "on",
            "contract_hours": "۴۴",
            "hourly_wage": "۲۵۰٬۰۰۰",
        },
    )
    assert response.status_code == 302
    workers = Worker.objects.filter(unit=world.unit_a).order_by("name")
    assert [w.name for w in workers] == ["علی رضایی", "مریم احمدی"]
    assert {(w.skills, w.hazardous, w.shift_worker, w.contract_hours, w.hourly_wage) for w in workers} == {
        ("جوشکاری، تراشکاری", True, True, Decimal(44), Decimal(250000))
    }


def test_adding_workers_is_all_or_none(world):
    with pytest.raises(IntegrityError):  # the second has no name: the first is not kept either
        services.add_workers(world.unit_a, ["علی رضایی", None], hourly_wage=Decimal(250000))
    assert not Worker.objects.filter(unit=world.unit_a).exists()
