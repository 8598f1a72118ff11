"""Check that an installed lock is complete and consistent, extras included.

    python scripts/check_lock.py requirements.lock

`pip check` reads each installed package's plain requirements only; it does not follow extras (weasyprint asks
for `fonttools[woff]`, whose packages are brotli and zopfli). This check starts from the requirements of the
pyproject.toml beside the lock (and the extras the lock was compiled with, read from its header), follows every
requirement with the extras asked of it, and fails when a package that applies to this machine is missing from the
lock, pinned without `==` or without a hash, not installed at its pinned version, or outside what a dependant asks
for. Run by scripts/install-lock.sh after every install; only the standard library and the packaging library
vendored in pip are used.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.utils import canonicalize_name
from pip._vendor.packaging.version import Version

ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(==|>=|<=|~=|>|<|!=)?\s*([^\s;]*)\s*(;.*)?$")


def read_lock(path: Path) -> tuple[dict[str, tuple[str, bool]], list[str], list[str]]:
    """Pins that apply here ({name: (version, hashed)}), the extras named in the header, and the problems."""
    pins: dict[str, tuple[str, bool]] = {}
    problems: list[str] = []
    text = path.read_text(encoding="utf-8")
    comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    extras = re.findall(r"--extra[ =]([A-Za-z0-9_-]+)", comments)
    # join continuation lines so that each entry is one logical line
    logical = re.sub(r"\\\n", " ", text)
    for line in logical.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "-")):
            continue
        requirement_text, _, _hashes = line.partition(" --hash")
        match = ENTRY.match(requirement_text.strip())
        if not match:
            problems.append(f"unreadable lock line: {line[:80]}")
            continue
        name, _extras, operator, version, marker = match.groups()
        if marker and not Requirement(f"x{marker}").marker.evaluate():
            continue
        if operator != "==":
            problems.append(f"{name} is not pinned with == in {path.name}")
            continue
        pins[canonicalize_name(name)] = (version, "--hash=sha256:" in line)
    return pins, extras, problems


def root_requirements(project_dir: Path, extras: list[str]) -> list[Requirement]:
    project = tomllib.loads((project_dir / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    roots = [Requirement(text) for text in project.get("dependencies", [])]
    for extra in extras:
        roots += [Requirement(text) for text in project.get("optional-dependencies", {}).get(extra, [])]
    return roots


def check(lock: Path) -> list[str]:
    pins, header_extras, problems = read_lock(lock)
    for name, (_version, hashed) in sorted(pins.items()):
        if not hashed:
            problems.append(f"{name} has no hash in {lock.name}")

    wanted: dict[str, set[str]] = {}  # package -> extras asked of it so far
    queue: list[tuple[str, Requirement]] = [
        ("pyproject.toml", r) for r in root_requirements(lock.resolve().parent, header_extras)
    ]
    seen: set[tuple[str, str]] = set()
    while queue:
        asker, requirement = queue.pop()
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{asker} requires {requirement}, which {lock.name} does not pin: run `make lock`")
            continue
        version = pins[name][0]
        if not requirement.specifier.contains(Version(version), prereleases=True):
            problems.append(f"{asker} requires {requirement}, but {lock.name} pins {name}=={version}")
        try:
            installed = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name}=={version} is pinned but not installed")
            continue
        if Version(installed.version) != Version(version):
            problems.append(f"{name} is installed at {installed.version}, the lock pins {version}")
        extras = {""} | {canonicalize_name(e) for e in requirement.extras}
        new_extras = extras - wanted.get(name, set())
        if not new_extras:
            continue
        wanted.setdefault(name, set()).update(new_extras)
        for text in installed.requires or []:
            dependency = Requirement(text)
            for extra in new_extras:
                if dependency.marker is None or dependency.marker.evaluate({"extra": extra}):
                    key = (name, str(dependency))
                    if key not in seen:
                        seen.add(key)
                        queue.append((f"{name}{'[' + extra + ']' if extra else ''}", dependency))
                    break
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    problems = check(Path(argv[0]))
    for problem in problems:
        print(f"lock check: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
