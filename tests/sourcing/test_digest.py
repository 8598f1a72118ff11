"""The daily digest: each maker that asks for it (capability.notify, members with an address) gets one e-mail with
the new published needs that match it well, and never the same need twice; weak matches, drafts, old needs and
needs it already answered are left out."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from rownaq.core.tasks import DAILY_JOBS, available_daily_jobs
from rownaq.sourcing import matching, services
from rownaq.sourcing.models import Capability, MatchNotice, Need

from .conftest import list_need, published

pytestmark = pytest.mark.django_db


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_the_digest_sends_once_per_need_and_maker(makers):
    w = makers
    need = published(w)
    mail.outbox.clear()
    call_command("sourcing_digest")
    sent = mails_to(w.maker.email)
    assert len(sent) == 1
    assert need.title in sent[0].body and f"/sourcing/market/{need.pk}/" in sent[0].body
    assert w.unit_a.name in sent[0].body, "a public buyer is named"
    notice = MatchNotice.objects.get(need=need, maker=w.mould_maker)
    assert notice.score >= matching.GOOD_MATCH_SCORE
    mail.outbox.clear()
    call_command("sourcing_digest")
    assert mails_to(w.maker.email) == [], "the same need is never sent twice"
    second = published(w, title="قالب تزریق پلاستیک سبد میوه ۲ کویته")
    call_command("sourcing_digest")
    sent = mails_to(w.maker.email)
    assert len(sent) == 1 and second.title in sent[0].body and need.title not in sent[0].body
    assert MatchNotice.objects.filter(maker=w.mould_maker).count() == 2


def test_the_digest_is_a_daily_job():
    assert "sourcing_digest" in DAILY_JOBS and "sourcing_digest" in available_daily_jobs()


def test_who_is_not_told(makers):
    w = makers
    draft = list_need(w, title="قالب تزریق پیش‌نویس")
    old = published(w, title="قالب تزریق قدیمی")
    Need.objects.filter(pk=old.pk).update(published_at=timezone.now() - dt.timedelta(days=60))
    weak = published(
        w, title="پارچهٔ نبافته پلی‌پروپیلن", hs=None, kind="raw_material", processes=[], materials="", description=""
    )
    answered = published(w, title="قالب تزریق پلاستیک درب ظرف")
    services.express_interest(answered, w.maker, w.mould_maker)
    mail.outbox.clear()
    run = services.run_digest()
    body = " ".join(m.body for m in mails_to(w.maker.email))
    for need in (draft, old, weak, answered):
        assert need.title not in body
    assert run.pairs == 0
    fresh = published(w, title="قالب تزریق پلاستیک سطل")
    Capability.objects.filter(organisation=w.mould_maker).update(notify=False)
    mail.outbox.clear()
    assert services.run_digest().pairs == 0 and mails_to(w.maker.email) == []
    assert not MatchNotice.objects.filter(need=fresh).exists(), "not told, so told later if they ask"
    Capability.objects.filter(organisation=w.mould_maker).update(notify=True)
    w.maker.email = ""
    w.maker.save()
    assert services.run_digest().pairs == 0
    assert not MatchNotice.objects.filter(need=fresh).exists()
