"""The dependency audit: OSV range semantics, the kept PyPA extract, explanations, and the real lock file."""

import io
import json
import urllib.error

from tools import depaudit
from tools.depaudit import ACCEPTED, ROOT, SNAPSHOT, Finding, audit_online, audit_snapshot, in_range, pinned

LOCK = """\
django==4.2.0 \\
    --hash=sha256:abc
Jinja2==3.1.2 \\
    # via flask
psycopg[binary]==3.2.1 ; python_version >= "3.11"
"""


def test_pins_are_read_with_canonical_names_extras_and_markers():
    assert pinned(LOCK) == {"django": "4.2.0", "jinja2": "3.1.2", "psycopg": "3.2.1"}


def test_osv_ranges():
    two_lines = [{"introduced": "5.0"}, {"fixed": "5.0.8"}, {"introduced": "4.2"}, {"fixed": "4.2.15"}]
    assert in_range("4.2.14", two_lines) and in_range("5.0.7", two_lines)
    assert not in_range("4.2.15", two_lines) and not in_range("4.1.9", two_lines)
    assert not in_range("5.0.8", two_lines) and not in_range("5.1", two_lines)
    assert in_range("0.1", [{"introduced": "0"}]) and in_range("99", [{"introduced": "0"}])
    assert in_range("1.4", [{"introduced": "0"}, {"last_affected": "1.4"}])
    assert not in_range("1.4.1", [{"introduced": "0"}, {"last_affected": "1.4"}])
    assert not in_range("not-a-version", [{"introduced": "0"}])


def test_the_kept_extract_finds_known_django_advisories_in_an_old_release():
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    found = audit_snapshot({"django": "4.2.0"}, snapshot)
    aliases = {a for f in found for a in f.aliases}
    assert "CVE-2024-42005" in aliases  # QuerySet.values() SQL injection, fixed in 4.2.15
    assert all(f.package == "django" and f.source == "snapshot" for f in found)
    assert not audit_snapshot(
        {"django": "4.2.16"},
        {"packages": {"django": [a for a in snapshot["packages"]["django"] if "CVE-2024-42005" in a["aliases"]]}},
    )


def test_a_finding_is_explained_by_its_id_or_an_alias():
    finding = Finding("x", "1", "PYSEC-1", ("CVE-1", "GHSA-1"), "", (), "snapshot")
    assert depaudit.unexplained([finding], {}) == [finding]
    assert depaudit.unexplained([finding], {"GHSA-1": "not reachable: we never call the affected function"}) == []


def test_the_locked_dependencies_have_no_unexplained_known_vulnerability():
    pins = pinned((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    assert {"django", "djangorestframework", "openpyxl", "weasyprint"} <= set(pins)
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    accepted = json.loads(ACCEPTED.read_text(encoding="utf-8"))
    assert depaudit.unexplained(audit_snapshot(pins, snapshot), accepted) == []
    assert all(reason.strip() for reason in accepted.values())


def test_online_audit_reads_pypi_vulnerabilities_and_gives_up_cleanly_when_unreachable(monkeypatch):
    def answer(url, timeout):
        assert url == "https://pypi.org/pypi/django/4.2.0/json"
        return io.BytesIO(
            json.dumps(
                {
                    "vulnerabilities": [
                        {
                            "id": "PYSEC-2024-70",
                            "aliases": ["CVE-2024-42005"],
                            "summary": "SQL injection",
                            "fixed_in": ["4.2.15"],
                            "withdrawn": None,
                        },
                        {"id": "PYSEC-OLD", "aliases": [], "withdrawn": "2024-01-01"},
                    ]
                }
            ).encode()
        )

    monkeypatch.setattr(depaudit.urllib.request, "urlopen", answer)
    found = audit_online({"django": "4.2.0"})
    assert [(f.advisory, f.fixed_in, f.source) for f in found] == [("PYSEC-2024-70", ("4.2.15",), "pypi")]

    def unreachable(url, timeout):
        raise urllib.error.URLError("no route")

    monkeypatch.setattr(depaudit.urllib.request, "urlopen", unreachable)
    assert audit_online({"django": "4.2.0"}) is None


def test_the_command_fails_on_an_unexplained_finding(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(depaudit, "audit_online", lambda pins: None)
    lock = tmp_path / "requirements.lock"
    lock.write_text("django==4.2.0 \\\n", encoding="utf-8")
    assert depaudit.main(["--lock", str(lock)]) == 1
    assert "UNEXPLAINED" in capsys.readouterr().out
    lock.write_text("django==5.2.19 \\\n", encoding="utf-8")
    assert depaudit.main(["--lock", str(lock)]) == 0
    assert depaudit.main(["--lock", str(lock), "--online"]) == 2  # asked for the API, which did not answer
