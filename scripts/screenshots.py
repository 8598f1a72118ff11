"""README screenshots, regenerated: `make screenshots`.

Prepares the demo in a database of its own (var/screenshots.sqlite3, never the demo's), serves it on a free local
port, and takes full-page pictures in Debian's Chromium at desktop (1366 px) and phone (390 px) width of the
monthly report form (as the unit's manager, on a draft of the month that just ended) and of the statistics
dashboard (as the province's staff). Writes docs/screenshots/*.png, which README.md shows.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
PASSWORD = "rownaq-demo-1403"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def draft_report_url(env: dict) -> str:
    """A draft of the month that just ended for the demo unit's manager (made if missing)."""
    code = (
        "from django.contrib.auth.models import User;"
        "from rownaq.registry.models import Membership;"
        "from rownaq.reporting import services;"
        "from rownaq.reporting.models import MonthlyReport;"
        "user = User.objects.get(username='unit.member');"
        "unit = Membership.objects.filter(user=user).first().organisation;"
        "month = services.latest_reportable_month();"
        "report = services.start_report(unit, month, user);"
        "MonthlyReport.objects.filter(pk=report.pk).update(status='draft');"
        "print(f'/reports/{report.pk}/edit/')"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def main() -> int:
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'screenshots.sqlite3'}", "DEBUG": "1"}
    (ROOT / "var").mkdir(exist_ok=True)
    subprocess.run(
        [sys.executable, "manage.py", "demo", "--no-serve"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    form_url = draft_report_url(env)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        OUT.mkdir(parents=True, exist_ok=True)
        shots = [("report-form", "unit.member", form_url), ("dashboard", "staff.province", "/reports/dashboard/")]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
            for name, user, path in shots:
                for size, (width, height) in SIZES.items():
                    context = browser.new_context(viewport={"width": width, "height": height}, locale="fa-IR")
                    page = context.new_page()
                    page.goto(base + "/accounts/login/")
                    page.fill("input[name=username]", user)
                    page.fill("input[name=password]", PASSWORD)
                    page.click("button[type=submit]")
                    page.wait_for_url(lambda url: "/accounts/login/" not in url)
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    target = OUT / f"{name}-{size}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target.relative_to(ROOT))
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
