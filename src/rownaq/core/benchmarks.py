"""What every benchmark command shares: the machine it ran on, and rewriting its own block of BENCHMARKS.md."""
from __future__ import annotations

import platform
import re
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return float("nan")


def write_marked_block(path: Path, section: str, begin: str, end: str, default_prose: str, block: str) -> None:
    """Put `block` between the `begin` and `end` markers of the `section` heading of the Markdown file `path`,
    adding the section (with `default_prose`, which holds the markers) or the markers when missing; everything
    else in the file is kept as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if section not in text:
        text = text.rstrip("\n") + "\n\n" + default_prose
    start = text.index(section)
    following = re.search(r"^## ", text[start + len(section):], flags=re.MULTILINE)
    stop = start + len(section) + following.start() if following else len(text)
    part = text[start:stop]
    if begin not in part or end not in part:
        part = part.rstrip("\n") + f"\n\n{begin}\n{end}\n"
    head, rest = part.split(begin, 1)
    _, tail = rest.split(end, 1)
    part = f"{head}{begin}\n{block}\n{end}{tail}"
    if following and not part.endswith("\n\n"):
        part = part.rstrip("\n") + "\n\n"
    path.write_text(text[:start] + part + text[stop:], encoding="utf-8")
