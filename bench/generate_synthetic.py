"""Fill the database DATABASE_URL points at with a synthetic national data set (benchmarks, load tests, CI).

    python -m bench.generate_synthetic [--scale small|...] [--units N] ... [--reference load|minimal]

Every name it writes is marked synthetic (bench/synthetic.py). Use a database of its own: never production."""

from __future__ import annotations

import argparse
import os
import sys


def parse(argv: list[str]) -> argparse.Namespace:
    from bench.synthetic import SCALES

    parser = argparse.ArgumentParser(prog="python -m bench.generate_synthetic", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), help="preset sizes; options below override")
    parser.add_argument("--provinces", type=int)
    parser.add_argument("--counties", type=int, help="default: about 0.43 per estate, at least 2 a province")
    parser.add_argument("--estates", type=int)
    parser.add_argument("--units", type=int)
    parser.add_argument("--months", type=int, help="Jalali months of reports, ending with the month due now")
    parser.add_argument("--last", help="the last month generated, e.g. 1404-06")
    parser.add_argument("--seed", type=int)
    parser.add_argument(
        "--reference",
        choices=["load", "minimal"],
        default="load",
        help="with no ISIC codes in the database: load the reference codes, or create a dozen",
    )
    parser.add_argument(
        "--rollup",
        choices=["sql", "python"],
        default="sql",
        help="fill the cells with INSERT ... SELECT (default) or stats.rebuild (small data)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rownaq.settings")
    import django

    django.setup()
    from bench import synthetic

    args = parse(sys.argv[1:] if argv is None else argv)
    base = synthetic.SCALES[args.scale or "full"]
    values = {
        name: getattr(args, name) if getattr(args, name) is not None else getattr(base, name)
        for name in ("provinces", "counties", "estates", "units", "months", "last", "seed")
    }
    try:
        spec = synthetic.Spec(**values)
        result = synthetic.generate(
            spec, reference=args.reference, rollup_with=args.rollup, progress=lambda message: print(message, flush=True)
        )
    except (ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"months {result.first} .. {result.last}; {synthetic.describe(result.counts)}")
    print("seconds: " + ", ".join(f"{k} {v:,}" for k, v in result.seconds.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
