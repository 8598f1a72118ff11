"""Password change and reset by e-mail, in Persian."""

import re

from django.core import mail

from tests.conftest import PASSWORD


def test_password_reset_by_email_then_login_with_the_new_password(client, world):
    world.member_a.email = "a@example.ir"
    world.member_a.save()
    response = client.post("/accounts/password_reset/", {"email": "a@example.ir"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    done = client.post(form_url, {"new_password1": "Tabriz-Salimi-1405!", "new_password2": "Tabriz-Salimi-1405!"})
    assert done.status_code == 302
    assert client.login(username="unit.a", password="Tabriz-Salimi-1405!")


def test_unknown_email_reveals_nothing(client, world):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.ir"})
    assert response.status_code == 302 and not mail.outbox


def test_password_change_needs_the_old_password(client, world):
    client.force_login(world.member_a)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": "Tabriz-Salimi-1405!", "new_password2": "Tabriz-Salimi-1405!"},
    )
    assert response.status_code == 200 and "گذرواژه" in response.content.decode()
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "Tabriz-Salimi-1405!", "new_password2": "Tabriz-Salimi-1405!"},
    )
    assert response.status_code == 302
