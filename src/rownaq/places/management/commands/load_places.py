from django.core.management.base import BaseCommand

from rownaq.core.actor import acting_as
from rownaq.places.services import load_places


class Command(BaseCommand):
    help = "Load Iran's provinces and East Azerbaijan's counties and industrial estates (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", help="folder holding the CSV files (default: places/data)")

    def handle(self, *args, **options):
        with acting_as(None):
            counts = load_places(options.get("data_dir"))
        self.stdout.write(
            self.style.SUCCESS(
                "provinces {provinces}, counties {counties}, estates {estates} "
                "(created {created}, updated {updated})".format(**counts)
            )
        )
