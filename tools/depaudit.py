"""Dependency audit: every package pinned in requirements-dev.lock (a superset of requirements.lock) checked against
known vulnerabilities.

Where PyPI's JSON API answers (the service pip-audit uses), each pinned version's advisories come from there.
This workplace reaches only the package index, not that API nor OSV, so the audit also reads a dated extract of
the PyPA advisory database kept in the repository (tools/advisories/, refreshed with `--import-osv`), and says
which source it used and how old it is. A finding fails the audit unless `tools/advisories/accepted.json`
explains it (advisory id -> reason), so no known vulnerability is left unexplained.

    python -m tools.depaudit [--lock requirements-dev.lock] [--online] [--import-osv DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

DATA = Path(__file__).resolve().parent / "advisories"
SNAPSHOT = DATA / "pypa-advisories.json"
ACCEPTED = DATA / "accepted.json"
ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    advisory: str
    aliases: tuple[str, ...]
    summary: str
    fixed_in: tuple[str, ...]
    source: str


def pinned(lock_text: str) -> dict[str, str]:
    """{canonical name: version} of every `name==version` line of a pip-compile lock file."""
    pins = {}
    for line in lock_text.splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def in_range(version: str, events: list[dict]) -> bool:
    """OSV ECOSYSTEM range semantics: events sorted by version; `introduced` opens, `fixed` (exclusive) and
    `last_affected` (inclusive) close; "0" means from the first release."""
    target = _version(version)
    if target is None:
        return False
    points = []
    for event in events:
        ((kind, value),) = event.items()
        at = Version("0") if value == "0" else _version(value)
        if at is not None:
            points.append((at, {"introduced": 0, "fixed": 1, "last_affected": 2, "limit": 3}.get(kind, 3), kind))
    affected = False
    for at, _, kind in sorted(points):
        if kind == "introduced" and target >= at:
            affected = True
        elif kind == "fixed" and target >= at:
            affected = False
        elif kind == "last_affected" and target > at:
            affected = False
    return affected


def affects(advisory: dict, version: str) -> bool:
    if version in advisory.get("versions", ()):
        return True
    return any(
        r.get("type") == "ECOSYSTEM" and in_range(version, r.get("events", ())) for r in advisory.get("ranges", ())
    )


def fixed_versions(advisory: dict) -> tuple[str, ...]:
    return tuple(e["fixed"] for r in advisory.get("ranges", ()) for e in r.get("events", ()) if "fixed" in e)


def audit_snapshot(pins: dict[str, str], snapshot: dict) -> list[Finding]:
    found = []
    for name, version in sorted(pins.items()):
        for advisory in snapshot["packages"].get(name, ()):
            if affects(advisory, version):
                found.append(
                    Finding(
                        name,
                        version,
                        advisory["id"],
                        tuple(advisory.get("aliases", ())),
                        advisory.get("summary", ""),
                        fixed_versions(advisory),
                        "snapshot",
                    )
                )
    return found


def audit_online(pins: dict[str, str], timeout: float = 10.0) -> list[Finding] | None:
    """Advisories from PyPI's JSON API (`vulnerabilities` of each release); None when the API is unreachable."""
    found = []
    for name, version in sorted(pins.items()):
        url = f"https://pypi.org/pypi/{name}/{version}/json"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                data = json.load(response)
        except (urllib.error.URLError, TimeoutError, ValueError, OSError):
            return None
        for vuln in data.get("vulnerabilities", ()):
            if vuln.get("withdrawn"):
                continue
            found.append(
                Finding(
                    name,
                    version,
                    vuln["id"],
                    tuple(vuln.get("aliases", ())),
                    (vuln.get("summary") or vuln.get("details") or "")[:200],
                    tuple(vuln.get("fixed_in", ())),
                    "pypi",
                )
            )
    return found


def unexplained(findings: list[Finding], accepted: dict[str, str]) -> list[Finding]:
    return [f for f in findings if not ({f.advisory, *f.aliases} & set(accepted))]


def import_osv(directory: Path, pins: dict[str, str], source: str) -> dict:
    """The extract kept in the repository: every advisory of the PyPA database (`vulns/<package>/*.yaml`, OSV
    format) for the pinned packages, reduced to what the audit reads."""
    import yaml  # only for refreshing the extract

    packages: dict[str, list] = {}
    newest = ""
    for path in sorted(Path(directory, "vulns").glob("*/*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        newest = max(newest, str(record.get("modified", "")))
        for entry in record.get("affected", ()):
            name = canonicalize_name(entry.get("package", {}).get("name", ""))
            if name not in pins or entry.get("package", {}).get("ecosystem") != "PyPI":
                continue
            packages.setdefault(name, []).append(
                {
                    "id": record["id"],
                    "aliases": record.get("aliases", []),
                    "summary": " ".join(str(record.get("summary") or record.get("details") or "").split())[:200],
                    "ranges": entry.get("ranges", []),
                    "versions": entry.get("versions", []),
                }
            )
    return {"source": source, "newest_record": newest, "packages": packages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements-dev.lock")
    parser.add_argument("--online", action="store_true", help="also ask PyPI's JSON API (fails if unreachable)")
    parser.add_argument(
        "--import-osv",
        type=Path,
        metavar="DIR",
        help="rebuild the extract from a checkout of github.com/pypa/advisory-database",
    )
    parser.add_argument("--source", default="github.com/pypa/advisory-database")
    args = parser.parse_args(argv)
    pins = pinned(args.lock.read_text(encoding="utf-8"))
    if args.import_osv:
        extract = import_osv(args.import_osv, pins, args.source)
        SNAPSHOT.write_text(json.dumps(extract, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        count = sum(len(v) for v in extract["packages"].values())
        print(f"{count} advisories for {len(extract['packages'])} of {len(pins)} pinned packages -> {SNAPSHOT}")
        return 0
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    accepted = json.loads(ACCEPTED.read_text(encoding="utf-8"))
    findings = audit_snapshot(pins, snapshot)
    print(
        f"{len(pins)} pinned packages; advisory extract of {snapshot['source']}, newest record "
        f"{snapshot['newest_record'][:10]}: {len(findings)} finding(s)"
    )
    online = audit_online(pins)
    if online is None:
        print("PyPI's vulnerability API is unreachable from here: the extract above is the audit.")
        if args.online:
            return 2
    else:
        print(f"PyPI's vulnerability API: {len(online)} finding(s)")
        findings += online
    for finding in findings:
        note = accepted.get(finding.advisory) or next((accepted[a] for a in finding.aliases if a in accepted), None)
        state = f"accepted: {note}" if note else "UNEXPLAINED"
        print(
            f"  {finding.package} {finding.version}: {finding.advisory} {','.join(finding.aliases)} "
            f"fixed in {','.join(finding.fixed_in) or '-'} ({finding.source}) {state}"
        )
    left = unexplained(findings, accepted)
    if left:
        print(f"{len(left)} known vulnerability(ies) without an explanation in {ACCEPTED.relative_to(ROOT)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
