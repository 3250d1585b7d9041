"""`make screenshots`: PNGs of the main screens, on a desktop and a phone, into docs/screenshots/.

Drives the running demo (`--base-url`) with Playwright and Debian's chromium
(/usr/bin/chromium, or $CHROMIUM), never a downloaded browser. The README shows
the files, so they stay true to the pages: run it again after changing a screen.
"""

import argparse
import os
import sys
from pathlib import Path

import django
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
DESKTOP = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}

# (file name, user or None for a citizen, path, viewports)
SCREENS = [
    ("public-front", None, "/public/sandefjord/", ("desktop", "mobile")),
    ("public-booking", None, "/public/sandefjord/booking/", ("mobile",)),
    ("quicklog", "frontline", "/inquiries/log/", ("desktop", "mobile")),
    ("overview", "leder", "/analytics/?preset=last_12_months", ("desktop", "mobile")),
    ("catalogue", "frontline", "/catalogue/", ("desktop",)),
    ("unit-inbox", "saksbehandler", "/forwarding/inbox/", ("desktop",)),
    ("staffing", "leder", "/staffing/", ("desktop",)),
    ("task-transfer", "okonomileder", "/transfers/", ("desktop",)),
]


def _passwords() -> dict[str, str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicetorg.settings")
    django.setup()
    from servicetorg.organisation.demo import DEMO_USERS

    return {u.username: u.password for u in DEMO_USERS}


def _log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(_passwords()[username])
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state("networkidle")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--out", default="docs/screenshots")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = args.base_url.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for kind, viewport in (("desktop", DESKTOP), ("mobile", PHONE)):
            for user in {s[1] for s in SCREENS if kind in s[3]}:
                context = browser.new_context(viewport=viewport, locale="nb-NO", timezone_id="Europe/Oslo",
                                              color_scheme="light", device_scale_factor=1)
                page = context.new_page()
                if user:
                    _log_in(page, base, user)
                for name, who, path, kinds in SCREENS:
                    if who != user or kind not in kinds:
                        continue
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    target = out / f"{name}-{kind}.png"
                    page.screenshot(path=str(target), full_page=False)
                    print(target)
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
