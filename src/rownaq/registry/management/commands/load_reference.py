import time

from django.core.management.base import BaseCommand

from rownaq.registry.reference import load_reference_codes


class Command(BaseCommand):
    help = "Load ISIC Rev.4 and HS 2022 codes and the HS -> ISIC concordance (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", help="folder laid out like registry/data (default: registry/data)")

    def handle(self, *args, **options):
        started = time.monotonic()
        counts = load_reference_codes(options.get("data_dir"))
        self.stdout.write(
            self.style.SUCCESS(
                "ISIC: sections {isic_sections}, divisions {isic_divisions}, groups {isic_groups}, "
                "classes {isic_classes}; HS: chapters {hs_chapters}, headings {hs_headings}, "
                "subheadings {hs_subheadings}; links {links} ({partial_links} partial) "
                "covering {linked_subheadings} subheadings".format(**counts)
                + f"; {time.monotonic() - started:.1f} s"
            )
        )
