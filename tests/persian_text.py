"""What a Persian page must not show: Latin digits inside Persian text, and English UI labels left by Django, DRF or
the browser. `problems(html)` reads one HTML page and returns what is wrong with it, each as a short text.

What is Latin by nature is excepted by rule, never by page:
- text inside <code>, <kbd>, <samp>, <script>, <style>, <textarea>, and inside any element marked `lang="en"` or
  with the class `latin` (the templates put it on code-like values: part numbers, usernames, e-mail, URLs);
- a digit run in a word that also has Latin letters or is an address ("M12", "ISO9001", "a@b.ir", "http://x/1");
- a text that is English as a whole (Latin words and no Persian letter), e.g. an English title;
- form values (<input value>), which are what the user typed; only the attributes people read or hear
  (placeholder, title, aria-label, alt, and the value of a button-like input) are read as text.
"""

from __future__ import annotations

import gettext
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

SKIPPED = {"code", "kbd", "samp", "script", "style", "textarea", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
BUTTON_INPUTS = {"submit", "button", "reset"}
LATIN_CLASS = "latin"
# The class of the project's Persian file picker (core/static/core/file-input.js builds it around the input).
PERSIAN_FILE_PICKER_CLASS = "fa-file-input"

PERSIAN_LETTER = re.compile(r"[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
LATIN_DIGIT = re.compile(r"[0-9]")
# A word of Latin letters; snake_case counts (a raw choice value such as "mould_making" shown to people).
LATIN_WORD = re.compile(r"(?<![\w.@/])[A-Za-z][A-Za-z_]+(?![\w.@/])")
BLANK_CHOICE_DASH = "---------"
# A stored code shown as it is stored ("mould_making", "semi_active"): the label of a choice was not looked up.
RAW_IDENTIFIER = re.compile(r"(?<![\w.@/-])[a-z]+(?:_[a-z0-9]+)+(?![\w.@/-])")


def _latin_by_nature(word: str) -> bool:
    return bool(LATIN_LETTER.search(word)) or "@" in word or "://" in word


def latin_digit_words(text: str) -> list[str]:
    """The words of `text` that carry Latin digits where Persian ones belong: not a word with Latin letters, nor a
    number that goes with the Latin word beside it ("ISO 9001", "HS 2022")."""
    if LATIN_LETTER.search(text) and not PERSIAN_LETTER.search(text):
        return []  # an English text as a whole
    words = text.split()
    found = []
    for index, word in enumerate(words):
        if not LATIN_DIGIT.search(word) or _latin_by_nature(word):
            continue
        neighbours = words[max(index - 1, 0) : index] + words[index + 1 : index + 2]
        if any(LATIN_LETTER.search(neighbour) for neighbour in neighbours):
            continue
        found.append(word)
    return found


def is_english_text(text: str) -> bool:
    """English words (beyond acronyms such as HS, ISIC, PDF) and no Persian letter: a label nobody translated."""
    return not PERSIAN_LETTER.search(text) and any(not word.isupper() for word in LATIN_WORD.findall(text))


@lru_cache(maxsize=1)
def _default_messages() -> tuple[set[str], list[re.Pattern]]:
    """Every message Django and DRF translate (their English msgids): shown as such, it was not translated."""
    import django
    import rest_framework

    catalogs = [
        *Path(django.__file__).parent.glob("**/locale/fa/LC_MESSAGES/*.mo"),
        *Path(rest_framework.__file__).parent.glob("locale/fa/LC_MESSAGES/*.mo"),
    ]
    whole, inside = set(), []
    for catalog in catalogs:
        with open(catalog, "rb") as handle:
            ids = gettext.GNUTranslations(handle)._catalog.keys()  # the msgids are the point
        for msgid in ids:
            for text in msgid if isinstance(msgid, tuple) else (msgid,):
                if not isinstance(text, str) or not LATIN_LETTER.search(text) or "\x04" in text:
                    continue
                text = " ".join(text.split())
                whole.add(text)
                if len(text.split()) >= 3:
                    pattern = re.escape(text)
                    pattern = re.sub(r"%(?:\\\(\w+\\\))?[sdif]|\\\{\w*\\\}", ".+?", pattern)
                    inside.append(re.compile(pattern))
    return whole, inside


def default_message(text: str) -> str | None:
    """The Django/DRF default message `text` is or holds, if any."""
    if PERSIAN_LETTER.search(text):
        return None
    whole, inside = _default_messages()
    if text in whole or text.rstrip(".:") in whole:
        return text
    for pattern in inside:
        found = pattern.search(text)
        if found:
            return found.group(0)
    return None


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, excepted, in a Persian file picker)
        self.problems: list[str] = []
        self.tag = ""

    @property
    def excepted(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    @property
    def in_file_picker(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        excepted = (
            self.excepted
            or tag in SKIPPED
            or LATIN_CLASS in classes
            or attributes.get("lang", "").lower().startswith("en")
        )
        in_picker = self.in_file_picker or PERSIAN_FILE_PICKER_CLASS in classes
        if not excepted:
            for name in READ_ATTRIBUTES:
                if attributes.get(name):
                    self.read(attributes[name], f"<{tag} {name}>")
            if tag == "input" and attributes.get("type") in BUTTON_INPUTS and attributes.get("value"):
                self.read(attributes["value"], f"<input type={attributes['type']}>")
        if tag == "input" and attributes.get("type") == "file" and not in_picker:
            self.problems.append(
                f"browser file picker in English (Choose file / No file chosen): "
                f"<input type=file name={attributes.get('name', '')}>"
            )
        if tag == "input" and attributes.get("type") == "time":
            self.problems.append(
                f"browser time field (AM/PM, Latin digits): <input type=time name={attributes.get('name', '')}>"
            )
        if tag not in VOID:
            self.stack.append((tag, excepted, in_picker))
        self.tag = tag

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if self.excepted:
            return
        text = " ".join(data.split())
        if text:
            where = self.stack[-1][0] if self.stack else ""
            self.read(text, f"<{where}>")

    def read(self, text: str, where: str):
        for word in latin_digit_words(text):
            self.problems.append(f"Latin digits {word!r} in {where} {text[:120]!r}")
        if text == BLANK_CHOICE_DASH:
            self.problems.append(f"Django's blank choice {text!r} in {where}")
            return
        for identifier in RAW_IDENTIFIER.findall(text):
            self.problems.append(f"raw stored value {identifier!r} in {where} {text[:120]!r}")
        message = default_message(text)
        if message:
            self.problems.append(f"untranslated default {message!r} in {where}")
        elif is_english_text(text):
            self.problems.append(f"English text in {where} {text[:120]!r}")


def problems(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.problems
