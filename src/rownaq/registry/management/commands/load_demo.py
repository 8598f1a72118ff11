import time

from django.core.management.base import BaseCommand

from rownaq.registry.demo import DEFAULT_SEED, load_demo
from rownaq.registry.models import Organisation, Product


class Command(BaseCommand):
    help = (
        "Load the demo: East Azerbaijan's places and public bodies, sample factories marked «(نمونه)», "
        "and demo users (safe to run again)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"random seed: the same seed gives the same sample data (default {DEFAULT_SEED})",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        logins = load_demo(seed=options["seed"])
        units = Organisation.objects.filter(kind=Organisation.Kind.UNIT).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"demo loaded in {time.monotonic() - started:.1f} s: {Organisation.objects.count()} organisations "
                f"({units} industrial units), {Product.objects.count()} products"
            )
        )
        self.stdout.write("\nDemo logins:")
        width = max(len(username) for username, _, _ in logins)
        for username, role, password in logins:
            self.stdout.write(f"  {username.ljust(width)}  {password}  {role}")
