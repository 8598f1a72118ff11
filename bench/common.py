"""What the benchmark commands (and the tests that run the app as processes) share: the machine they ran on,
free ports and child processes, and rewriting a command's own block of BENCHMARKS.md."""

from __future__ import annotations

import platform
import re
import socket
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_pids(pid: int) -> set[int]:
    """The processes whose parent is `pid` (e.g. gunicorn's workers), read from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.add(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return found


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
    following = re.search(r"^## ", text[start + len(section) :], flags=re.MULTILINE)
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
