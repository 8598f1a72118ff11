"""Benchmark of the roster engine on the Curtois & Qu instances.

    python -m bench.roster [--instances 1-12] [--time-limit 60] [--seed 0] [--workers 2] [--no-write]
    python -m bench.roster --factory [--seed 0] [--no-write]   # the sample plant (bench/factory.py)

Solves each instance, checks every returned roster with the independent validator (a failure is reported loudly
and makes the exit status non-zero), prints a table and writes it, with the command and the machine, into the
section "## Roster engine (Curtois & Qu)" of BENCHMARKS.md (other sections are left as they are).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import sys
import time
from pathlib import Path

from bench.common import cpu_model
from rownaq.shifts.solver import solve
from rownaq.shifts.validator import check

from .curtois import BEST_KNOWN, BEST_KNOWN_SOURCE, load_instance

SECTION = "## Roster engine (Curtois & Qu)"
DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"


def parse_instances(text: str) -> list[int]:
    numbers: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            first, last = (int(x) for x in part.split("-", 1))
            numbers.extend(range(first, last + 1))
        else:
            numbers.append(int(part))
    bad = [n for n in numbers if not 1 <= n <= 24]
    if bad:
        raise argparse.ArgumentTypeError(f"no instance {bad[0]}: the benchmark has Instance1..Instance24")
    return numbers


def machine() -> str:
    import numpy
    import ortools

    return (
        f"{os.cpu_count()} cores (nproc), {cpu_model()}; Python {platform.python_version()}, "
        f"OR-Tools {ortools.__version__}, numpy {numpy.__version__}"
    )


def run(numbers: list[int], time_limit: float, seed: int, workers: int, log=print) -> tuple[list[dict], bool]:
    rows, all_valid = [], True
    for number in numbers:
        problem = load_instance(number)
        load_before = round(os.getloadavg()[0], 2)
        started, started_cpu = time.monotonic(), time.process_time()
        result = solve(problem, time_limit_s=time_limit, seed=seed, workers=workers)
        elapsed = time.monotonic() - started
        size = f"{len(problem.employees)}x{problem.horizon}x{len(problem.shifts)}"
        row = {
            "instance": number,
            "size": size,
            "best": BEST_KNOWN.get(number),
            "objective": result.objective,
            "bound": result.bound,
            "status": result.status,
            "time": elapsed,
            "valid": None,
            "time_to_best": result.stats.get("time_to_best"),
            "time_to_first": result.stats.get("time_to_first"),
            "cpu_to_first": result.stats.get("cpu_to_first"),
            "cpu": time.process_time() - started_cpu,
        }
        if result.roster is not None:
            evaluation = check(problem, result.roster)
            row["valid"] = evaluation.feasible and evaluation.objective == result.objective
            if not row["valid"]:
                all_valid = False
                log(
                    f"!!! VALIDATION FAILED on Instance{number}: objective {result.objective} vs recomputed "
                    f"{evaluation.objective}; {len(evaluation.violations)} violations, first: "
                    f"{evaluation.violations[:5]}"
                )
        row["load_before"], row["load_after"] = load_before, round(os.getloadavg()[0], 2)
        rows.append(row)
        log(format_row(row))
    return rows, all_valid


def gap(row: dict) -> str:
    if row["best"] is None or row["objective"] is None:
        return ""
    return f"{100.0 * (row['objective'] - row['best']) / row['best']:+.1f}%"


HEADER = (
    "| instance | size (staff x days x shifts) | best known | objective | gap | lower bound | status | "
    "first roster (s, CPU s) | time to best (s) | time (s, CPU s) | validator |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|"
)


def format_row(row: dict) -> str:
    valid = {True: "ok", False: "FAILED", None: "no roster"}[row["valid"]]
    return (
        f"| {row['instance']} | {row['size']} | {row['best'] or ''} | "
        f"{row['objective'] if row['objective'] is not None else 'none'} | {gap(row)} | "
        f"{row['bound'] if row['bound'] is not None else ''} | {row['status']} | "
        f"{_pair(row.get('time_to_first'), row.get('cpu_to_first'))} | "
        f"{row['time_to_best'] if row['time_to_best'] is not None else ''} | "
        f"{_pair(row['time'], row.get('cpu'))} | {valid} |"
    )


def _pair(wall, cpu) -> str:
    """Wall seconds, and the CPU seconds of the process in that time (2 workers: up to twice the wall time on an
    idle machine; much less when other work shares the cores)."""
    if wall is None:
        return ""
    return f"{wall:.1f}" if cpu is None else f"{wall:.1f} ({cpu:.1f})"


def render_run(numbers: list[int], time_limit: float, seed: int, workers: int, rows: list[dict], command: str) -> str:
    contiguous = len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1))
    span = f"{numbers[0]}-{numbers[-1]}" if contiguous else ",".join(map(str, numbers))
    within = [r for r in rows if r["best"] and r["objective"] is not None and r["objective"] <= 1.05 * r["best"]]
    within10 = [r for r in rows if r["best"] and r["objective"] is not None and r["objective"] <= 1.10 * r["best"]]
    first10 = [r for r in rows if r.get("time_to_first") is not None and r["time_to_first"] <= 10.0]
    with_best = [r for r in rows if r["best"]]
    proved = [r for r in rows if r["status"] == "OPTIMAL"]
    lines = [
        f"### Instances {span}, {time_limit:g} s each",
        "",
        f"- command: `{command}`",
        f"- machine: {machine()}",
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}; seed {seed}; {workers} workers",
        (
            f"- within 5% of best known: {len(within)} of {len(with_best)}, within 10%: {len(within10)}; "
            if with_best
            else "- "
        )
        + f"proved optimal by the engine's own bound: {len(proved)} of {len(rows)}; "
        + f"roster found: {sum(r['objective'] is not None for r in rows)} of {len(rows)}, "
        + f"within 10 s: {len(first10)}",
        f"- load average (1 min) before and after the run: {rows[0].get('load_before', '?')} / "
        f"{rows[-1].get('load_after', '?')}"
        if rows
        else "",
        "",
        HEADER,
        *[format_row(r) for r in rows],
        "",
        best_known_note(rows),
        "",
    ]
    return "\n".join(lines)


def best_known_note(rows: list[dict]) -> str:
    """Where each best-known value comes from, and which instances have none."""
    sourced = [
        f"{r['instance']}: {BEST_KNOWN_SOURCE[r['instance']]}" for r in rows if r["instance"] in BEST_KNOWN_SOURCE
    ]
    missing = [str(r["instance"]) for r in rows if r["instance"] not in BEST_KNOWN_SOURCE]
    parts = ["Best known: " + "; ".join(sourced) + "."] if sourced else []
    if missing:
        parts.append("No published value found for " + ", ".join(missing) + ".")
    return " ".join(parts)


def write_section(path: Path, run_text: str, preamble: str) -> None:
    """Replace (or add) this run's subsection inside the engine's section; leave everything else alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = text.find(SECTION)
    if start < 0:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n{preamble.strip()}\n\n"
        start = text.find(SECTION)
    following = re.search(r"^## ", text[start + len(SECTION) :], flags=re.MULTILINE)
    end = start + len(SECTION) + following.start() if following else len(text)
    section = text[start:end]
    heading = run_text.splitlines()[0]
    if heading in section:
        run_start = section.index(heading)
        after = re.search(r"^### ", section[run_start + len(heading) :], flags=re.MULTILINE)
        run_end = run_start + len(heading) + after.start() if after else len(section)
        section = section[:run_start] + run_text.rstrip("\n") + "\n\n" + section[run_end:].lstrip("\n")
    else:
        section = section.rstrip("\n") + "\n\n" + run_text.rstrip("\n") + "\n\n"
    text = text[:start] + section.rstrip("\n") + "\n" + ("\n" + text[end:] if end < len(text) else "")
    path.write_text(text, encoding="utf-8")


PREAMBLE = """Engine: `rownaq.shifts.solver.solve` on the Curtois & Qu instances (schedulingbenchmarks.org), each roster
checked by the independent `rownaq.shifts.validator`. Best known = published values with their sources
(`curtois.BEST_KNOWN_SOURCE`); none was found for 20-24.
The machine is shared with other engineers running tests, so times and results vary from run to run."""


def factory_main(args, command: str) -> int:
    from . import factory as factory_bench

    setup, pins = factory_bench.factory_setup(args.seed)
    load_before = round(os.getloadavg()[0], 2)
    rows = factory_bench.run(args.seed, log=lambda line: print(line, flush=True))
    load_after = round(os.getloadavg()[0], 2)
    lines = [
        "### Factory benchmark (sample plant)",
        "",
        f"- command: `{command}`",
        f"- machine: {machine()}",
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}; seed {args.seed}; load average (1 min) "
        f"before and after: {load_before} / {load_after}",
        f"- instance: {factory_bench.describe(setup, pins)}",
        "",
        "| time limit (s) | first roster (s, CPU s) | objective | missing people | repairs | wall time (s, CPU s) | "
        "Labour-Law violations | validator |",
        "|---|---|---|---|---|---|---|---|",
        *[
            f"| {r['limit']:g} | {_pair(r['first'], r['first_cpu'])} | {r['objective']} | "
            f"{r['shortfalls']} | {r['repairs']} | {_pair(r['wall'], r['cpu'])} | {r['law_violations']} | "
            f"{'ok' if r['valid'] else 'FAILED'} |"
            for r in rows
        ],
        "",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section(args.output, "\n".join(lines), PREAMBLE)
        print(f"written to {args.output}")
    return 0 if all(r["valid"] for r in rows) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.roster", description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=parse_instances, default=parse_instances("1-12"))
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument(
        "--factory",
        action="store_true",
        help="the factory benchmark (300 workers, 4 weeks) instead of the Curtois & Qu instances",
    )
    args = parser.parse_args(argv)
    command = "python -m bench.roster " + " ".join(sys.argv[1:] if argv is None else argv)
    if args.factory:
        return factory_main(args, command.strip())
    print(HEADER, flush=True)
    rows, valid = run(
        args.instances, args.time_limit, args.seed, args.workers, log=lambda line: print(line, flush=True)
    )
    if not args.no_write:
        write_section(
            args.output,
            render_run(args.instances, args.time_limit, args.seed, args.workers, rows, command.strip()),
            PREAMBLE,
        )
        print(f"written to {args.output}")
    if not valid:
        print("!!! at least one roster FAILED validation", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
