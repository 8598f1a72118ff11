"""The Persian file picker in a real Chromium: no inline script (the page guard fails on a CSP violation), the
browser's English words hidden, the chosen names written by app.js, a count with Persian digits for several."""

import pytest
from playwright.sync_api import expect

from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_file_picker_names_the_chosen_files_in_persian(world, page):
    login(page, world.staff_province.username)
    page.goto("/registry/organisations/import/")
    picker = page.locator(".fa-file-input").first
    names = picker.locator(".fa-file-input-names")
    expect(names).to_have_text("پرونده‌ای انتخاب نشده است")
    expect(picker.locator(".fa-file-input-button")).to_have_text("انتخاب پرونده…")
    file_input = picker.locator("input[type=file]")
    assert file_input.bounding_box()["width"] <= 1  # the browser's own "Choose file" is not seen
    file_input.set_input_files([{"name": "واحدها.xlsx", "mimeType": "application/octet-stream", "buffer": b"x"}])
    expect(names).to_have_text("واحدها.xlsx")
    page.evaluate("document.querySelector('.fa-file-input input').multiple = true")
    file_input.set_input_files(
        [{"name": f"{n}.pdf", "mimeType": "application/pdf", "buffer": b"%PDF"} for n in ("الف", "ب", "پ")]
    )
    expect(names).to_have_text("۳ پرونده: الف.pdf، ب.pdf، پ.pdf")
