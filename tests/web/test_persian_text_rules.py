"""The rules of tests/persian_text.py: what the page crawler calls a defect, and what it lets be by rule."""

import pytest

from tests.persian_text import problems


@pytest.mark.parametrize(
    "html",
    [
        "<p>عددی بین ۰ و 30 وارد کنید</p>",
        "<td>670.4٪</td>",
        "<p>صفحهٔ 2 از 3</p>",
        "<span>1405/07</span>",
        "<li>اتاق بازرگانی (10 روز کاری)</li>",
        "<span>12</span>",
        '<input placeholder="مثلاً 1403/01/15">',
        '<a title="3 پرونده">پرونده‌ها</a>',
    ],
)
def test_latin_digits_in_persian_text_are_found(html):
    assert any("Latin digits" in problem for problem in problems(html)), html


@pytest.mark.parametrize(
    "html",
    [
        "<p>قطعهٔ M12-B3 و استاندارد ISO 9001 (HS 2022)</p>",
        "<p>رایانامه: a1@b2.ir و http://x.ir/1</p>",
        "<code>848071</code>",
        '<p>کد <span class="latin">1405-07</span></p>',
        '<p lang="en">Chapter 84 — Machinery</p>',
        '<input name="national_id" value="10101010103">',
        '<p>کد <span lang="en">English title with 3 parts</span></p>',
        "<th>HS</th><th>ISIC</th>",
        "<script>var x = 30;</script><style>.a{width:30px}</style>",
        "<p>عددی بین ۰ و ۳۰</p>",
    ],
)
def test_latin_by_nature_is_let_be(html):
    assert problems(html) == [], html


@pytest.mark.parametrize(
    "html, what",
    [
        ("<ul class='errorlist'><li>This field is required.</li></ul>", "untranslated"),
        ("<a rel='next'>Next</a>", "English text"),
        ("<a>Previous</a>", "English text"),
        ("<li>Ensure this value is less than or equal to 30.</li>", "untranslated"),
        ("<select><option value=''>---------</option></select>", "blank choice"),
        ("<button>Upload file now</button>", "English text"),
        ("<li>فرایندها: mould_making، ریخته‌گری</li>", "raw stored value"),
        ("<input type='file' name='attachment'>", "file picker"),
        ("<input type='time' name='start'>", "time field"),
        ("<input type='submit' value='Save changes'>", "English text"),
    ],
)
def test_english_ui_labels_are_found(html, what):
    assert any(what in problem for problem in problems(html)), (html, problems(html))


def test_a_file_input_inside_the_persian_picker_is_let_be():
    html = '<label class="fa-file-input"><input type="file" name="a"><span>انتخاب پرونده</span></label>'
    assert problems(html) == []


def test_an_exception_ends_with_its_element():
    assert problems("<p><code>12</code> و 12</p>") != []
