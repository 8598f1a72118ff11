import time

from django.core.management.base import BaseCommand

from rownaq.notify.services import deliver_due


class Command(BaseCommand):
    help = "Send the notifications that are due by email and SMS (with retries); --once for cron."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="send what is due now and stop")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between rounds (default 30)")

    def handle(self, *args, once=False, interval=30.0, **options):
        while True:
            run = deliver_due()
            self.stdout.write(f"sent {run.sent}, retrying {run.retrying}, failed {run.failed}")
            if once:
                return
            time.sleep(interval)
