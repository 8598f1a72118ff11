"""Reading hostile workbooks (issue 15, finding 6): a declared sheet size of 16,384 x 1,048,576, a shared string that
inflates a small file a thousandfold, and broken XML end in a clear Persian refusal, quickly and in little memory."""

import re
import time
import zipfile
from io import BytesIO

import pytest
from openpyxl import Workbook

from rownaq.core import importing
from rownaq.core.importing import ImportFileError, open_workbook, sheet_rows

HEADERS = {"نام": "name", "کد": "code"}


def plain_workbook(rows=(("نام", "کد"), ("الف", 1))) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "واحدها"
    for row in rows:
        ws.append(list(row))
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rewritten(data: bytes, replace: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The same workbook with some members replaced (or added)."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", compression, compresslevel=9) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.pop(info.filename, source.read(info.filename)))
        for name, content in replace.items():
            target.writestr(name, content)
    return out.getvalue()


def with_shared_strings(data: bytes, sst: bytes) -> bytes:
    """The workbook with a shared-strings part that the workbook refers to (openpyxl itself writes inline strings)."""
    archive = zipfile.ZipFile(BytesIO(data))
    rels = (
        archive.read("xl/_rels/workbook.xml.rels")
        .decode()
        .replace(
            "</Relationships>",
            (
                '<Relationship Id="rIdSst" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/sharedStrings"/></Relationships>'
            ),
        )
    )
    types = (
        archive.read("[Content_Types].xml")
        .decode()
        .replace(
            "</Types>",
            (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'spreadsheetml.sharedStrings+xml"/></Types>'
            ),
        )
    )
    sheet = (
        archive.read("xl/worksheets/sheet1.xml")
        .decode()
        .replace('<c r="A2" t="inlineStr"><is><t>الف</t></is></c>', '<c r="A2" t="s"><v>0</v></c>')
    )
    return rewritten(
        data,
        {
            "xl/_rels/workbook.xml.rels": rels.encode(),
            "[Content_Types].xml": types.encode(),
            "xl/worksheets/sheet1.xml": sheet.encode(),
            "xl/sharedStrings.xml": sst,
        },
    )


SST = (
    b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    b'uniqueCount="1"><si><t>%s</t></si></sst>'
)


def read_all(data: bytes):
    return list(sheet_rows(open_workbook(data), ("واحدها",), HEADERS))


def test_a_plain_workbook_is_read():
    assert read_all(plain_workbook()) == [(2, {"name": "الف", "code": 1})]
    shared = with_shared_strings(plain_workbook(), SST % "ب".encode())
    assert read_all(shared) == [(2, {"name": "ب", "code": 1})]


def test_a_declared_size_of_the_whole_grid_is_ignored_and_rows_are_capped():
    data = plain_workbook()
    sheet = zipfile.ZipFile(BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    sheet = re.sub(r'<dimension ref="[^"]*" ?/>', '<dimension ref="A1:XFD1048576"/>', sheet)
    sheet = sheet.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>')
    bomb = rewritten(data, {"xl/worksheets/sheet1.xml": sheet.encode()})
    assert len(bomb) < 10_000
    started = time.monotonic()
    with pytest.raises(ImportFileError, match="سطر"):
        read_all(bomb)
    assert time.monotonic() - started < 5


def test_columns_beyond_the_cap_are_not_read(settings):
    wide = [["نام", "کد"] + [None] * 500 + ["دور"], ["الف", 1] + [None] * 500 + ["x"]]
    rows = list(sheet_rows(open_workbook(plain_workbook(wide)), ("واحدها",), {**HEADERS, "دور": "far"}))
    assert rows == [(2, {"name": "الف", "code": 1})]
    assert importing.MAX_COLUMNS < 500


def test_a_member_that_inflates_far_beyond_its_size_is_refused_before_it_is_opened():
    bomb = with_shared_strings(plain_workbook(), SST % (b"a" * (40 * 1024 * 1024)))
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ImportFileError, match="فشرده"):
        open_workbook(bomb)


def test_too_much_content_in_total_is_refused(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 100_000
    data = rewritten(plain_workbook(), {"xl/media/noise.bin": bytes(range(256)) * 1000}, zipfile.ZIP_STORED)
    with pytest.raises(ImportFileError, match="بزرگ"):
        open_workbook(data)


@pytest.mark.parametrize(
    "member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml"]
)
def test_malformed_xml_is_a_persian_error(member):
    data = with_shared_strings(plain_workbook(), SST % "ب".encode())
    broken = rewritten(data, {member: b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"'})
    with pytest.raises(ImportFileError, match="خراب"):
        read_all(broken)


@pytest.mark.django_db
def test_the_import_page_answers_a_broken_workbook_in_persian(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    broken = rewritten(plain_workbook(), {"xl/worksheets/sheet1.xml": b'<worksheet><sheetData><row><c r="A1"'})
    from rownaq.core.worker import run_pending

    client.force_login(world.staff_province)
    response = client.post("/registry/organisations/import/", {"file": SimpleUploadedFile("units.xlsx", broken)})
    assert response.status_code == 302  # the file is read by the task worker, and the page follows its job
    run_pending()
    page = client.get(response["Location"])
    assert page.status_code == 200 and "خراب" in page.content.decode()
