"""Fill the database DATABASE_URL points at with a synthetic national data set (benchmarks, load tests, CI)."""
from django.core.management.base import BaseCommand, CommandError

from rownaq.reporting import synthetic


class Command(BaseCommand):
    help = ("Generate synthetic provinces, estates, units and accepted monthly reports (every name marked "
            "synthetic) and fill the statistics cells. Use a database of its own: never production.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(synthetic.SCALES), help="preset sizes; options below override")
        parser.add_argument("--provinces", type=int)
        parser.add_argument("--counties", type=int, help="default: about 0.43 per estate, at least 2 a province")
        parser.add_argument("--estates", type=int)
        parser.add_argument("--units", type=int)
        parser.add_argument("--months", type=int, help="Jalali months of reports, ending with the month due now")
        parser.add_argument("--last", help="the last month generated, e.g. 1404-06")
        parser.add_argument("--seed", type=int)
        parser.add_argument("--reference", choices=["load", "minimal"], default="load",
                            help="with no ISIC codes in the database: load the reference codes, or create a dozen")
        parser.add_argument("--rollup", choices=["sql", "python"], default="sql",
                            help="fill the cells with INSERT ... SELECT (default) or stats.rebuild (small data)")

    def handle(self, *args, scale=None, reference="load", rollup="sql", **options):
        base = synthetic.SCALES[scale or "full"]
        values = {name: options[name] if options.get(name) is not None else getattr(base, name)
                  for name in ("provinces", "counties", "estates", "units", "months", "last", "seed")}
        try:
            spec = synthetic.Spec(**values)
            result = synthetic.generate(spec, reference=reference, rollup_with=rollup,
                                        progress=lambda message: self.stdout.write(message))
        except (ValueError, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"months {result.first} .. {result.last}; {synthetic.describe(result.counts)}")
        self.stdout.write("seconds: " + ", ".join(f"{k} {v:,}" for k, v in result.seconds.items()))
