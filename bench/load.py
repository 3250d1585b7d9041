"""`python -m bench.load`: many processes under load, against the production profile.

Builds a scratch PostgreSQL database (LOAD_DATABASE_URL, default .../servicetorg_load) with one
municipality, its sites and units and LOAD_USERS staff accounts, starts gunicorn with DEBUG=false and
the Redis task backend (LOAD_REDIS_URL, database 13 by default), LOAD_RQ_WORKERS task workers beside it,
and runs locust headless: LOAD_USERS concurrent staff sessions (clerks log inquiries and forward some with
an SMS receipt, read the quick-log and the inquiry list; caseworkers read the unit inbox; leaders read the
dashboard) for LOAD_SECONDS, once per gunicorn worker count in LOAD_WEB_WORKERS (default "2,4").

It then checks that nothing was lost or doubled: every inquiry the clients logged is in the database once,
every forwarding with a receipt has exactly one outbox message, and every message is sent once (the
outbox drains within a minute after the run). It reports req/s, the median and p95 per page, and the
failures (which must be zero). Results go to bench/results/load.json. Needs `pip install -e '.[bench]'`.
"""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/servicetorg_load")
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/13")
USERS = int(os.environ.get("LOAD_USERS", "200"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "300"))
WEB_WORKERS = [int(n) for n in os.environ.get("LOAD_WEB_WORKERS", "2,4").split(",")]
RQ_WORKERS = int(os.environ.get("LOAD_RQ_WORKERS", "2"))
PASSWORD = "load-test-password-123"

SEED = """
from django.contrib.auth.hashers import make_password
from servicetorg.accounts.models import Role, User
from servicetorg.catalogue.models import Area, Handling, Service
from servicetorg.organisation.models import Municipality, Site, Unit
m = Municipality.objects.create(number="3907", name="Sandefjord", slug="sandefjord")
sites = [Site.objects.create(municipality=m, name=f"Servicetorg {n}", slug=f"site-{n}", library="Bibliotek")
         for n in range(3)]
unit = Unit.objects.create(municipality=m, name="Byggesak", slug="byggesak")
Service.objects.create(municipality=m, name="Tømming av avfallsbeholdere", slug="tomming-avfall",
                       area=Area.objects.get(code="renovasjon"), step=1, handling=Handling.ANSWER)
hashed = make_password(%(password)r)
people = []
for n in range(%(users)d):
    role = Role.LEADER if n %% 10 == 0 else Role.CASEWORKER if n %% 10 == 1 else Role.FRONTLINE
    people.append(User(username=f"staff{n}", password=hashed, role=role, municipality=m, first_name=f"S{n}"))
User.objects.bulk_create(people)
for n, user in enumerate(User.objects.filter(username__startswith="staff").order_by("pk")):
    user.sites.set([sites[n %% 3]])
    if user.role == Role.CASEWORKER:
        user.units.set([unit])
print("seeded")
"""

LOCUSTFILE = r'''
import itertools, re, threading
from locust import HttpUser, between, task

_numbers = itertools.count()
_lock = threading.Lock()
PASSWORD = "%(password)s"
USERS = %(users)d
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SITE = re.compile(r'<select name="site"[^>]*>\s*<option value="(\d+)"')
FORWARD = re.compile(r'/forwarding/forward/(\d+)/')
EMPTY = r'(?:\s*<option value=""[^>]*>[^<]*</option>)?'
FORWARDED_TO = re.compile(r'name="forwarded_to"[^>]*>' + EMPTY + r'\s*<option value="(\d+)"')
UNIT = re.compile(r'<select name="unit"[^>]*>' + EMPTY + r'\s*<option value="(\d+)"')


class Staff(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        with _lock:
            n = next(_numbers) %% USERS
        self.n = n
        self.role = "leader" if n %% 10 == 0 else "caseworker" if n %% 10 == 1 else "clerk"
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.client.headers["Origin"] = self.host.replace("http://", "https://")
        page = self.client.get("/accounts/login/", name="login page")
        self.client.post("/accounts/login/", {"csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                                              "username": f"staff{n}", "password": PASSWORD},
                         headers={"Referer": self.host.replace("http://", "https://") + "/accounts/login/"},
                         name="login", allow_redirects=False)
        self.logged = 0
        self.attempts = 0

    def _referer(self, path):
        return {"Referer": self.host.replace("http://", "https://") + path}

    @task(6)
    def work(self):
        if self.role == "leader":
            self.client.get("/analytics/", name="dashboard")
        elif self.role == "caseworker":
            self.client.get("/forwarding/inbox/", name="unit inbox")
        else:
            page = self.client.get("/inquiries/log/", name="quick-log page")
            site = SITE.search(page.text).group(1)
            self.attempts += 1
            unit = FORWARDED_TO.search(page.text)
            forward = unit is not None and self.attempts %% 3 == 0  # a third go to the unit with an SMS receipt
            fields = {"csrfmiddlewaretoken": CSRF.search(page.text).group(1), "channel": "phone", "site": site,
                      "pick": "area:renovasjon", "outcome": "forwarded" if forward else "answered",
                      "language": "nb", "minutes": "2", "note": ""}
            if forward:
                fields["forwarded_to"] = unit.group(1)
            with self.client.post("/inquiries/log/", fields, headers=self._referer("/inquiries/log/"),
                                  name="log an inquiry", allow_redirects=False, catch_response=True) as response:
                if response.status_code != 302:  # a refused form is an error too
                    response.failure(f"not saved ({response.status_code})")
                    return
                response.success()
            self.logged += 1
            with open(f"logged-{self.n}.count", "w") as out:
                out.write(str(self.logged))
            if forward:
                page = self.client.get("/inquiries/log/", name="quick-log page")
                pk = FORWARD.search(page.text)
                if pk:
                    form = self.client.get(f"/forwarding/forward/{pk.group(1)}/", name="forward form")
                    unit = UNIT.search(form.text)
                    if unit:
                        done = self.client.post(f"/forwarding/forward/{pk.group(1)}/", {
                            "csrfmiddlewaretoken": CSRF.search(form.text).group(1), "unit": unit.group(1),
                            "message": "Ringer om søknaden.", "phone": "+4799%%06d" %% self.n, "send_receipt": "on"},
                            headers=self._referer(f"/forwarding/forward/{pk.group(1)}/"), name="forward",
                            allow_redirects=False)
                        if done.status_code == 302:
                            with open(f"forwarded-{self.n}-{pk.group(1)}.mark", "w"):
                                pass

    @task(2)
    def read_list(self):
        if self.role != "caseworker":
            self.client.get("/inquiries/", name="inquiry list")
'''


def _db(url: str, name: str) -> str:
    p = urlsplit(url)
    return urlunsplit((p.scheme, p.netloc, f"/{name}", "", ""))


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="servicetorg.settings", DEBUG="false", SECRET_KEY="load-" + "x" * 60,
               DATABASE_URL=DATABASE_URL, TASKS_BACKEND="redis", REDIS_URL=REDIS_URL, ALLOWED_HOSTS="127.0.0.1",
               SMS_PROVIDER="file", EMAIL_BACKEND="file", LOG_LEVEL="WARNING",
               # locust speaks plain HTTP to gunicorn as the TLS proxy would; its cookie jar would not send
               # Secure cookies over http, so they are not marked Secure here (production keeps them Secure).
               SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false", **extra)
    return env


def _manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,  # noqa: S603
                          capture_output=True, text=True, **kwargs).stdout


def _sql(env, code: str) -> str:
    return _manage(env, "shell", "-c", code).strip().splitlines()[-1]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(port: int) -> None:
    import urllib.request

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def run_once(web_workers: int, workdir: Path) -> dict:
    import psycopg
    import redis

    name = urlsplit(DATABASE_URL).path.lstrip("/")
    with psycopg.connect(_db(DATABASE_URL, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(REDIS_URL).flushdb()
    port = _free_port()
    run_dir = workdir / f"web{web_workers}"
    run_dir.mkdir()
    env = _env(STATIC_ROOT=str(workdir / "static"), SERVICETORG_VAR_DIR=str(run_dir / "var"),
               SMS_FILE_PATH=str(run_dir / "sms.jsonl"), EMAIL_FILE_PATH=str(run_dir / "mail"),
               CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{port}", GUNICORN_BIND=f"127.0.0.1:{port}",
               GUNICORN_WORKERS=str(web_workers), GUNICORN_THREADS="4")
    _manage(env, "migrate", "--verbosity", "0")
    if not (workdir / "static").exists():
        _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    _manage(env, "shell", "-c", SEED % {"password": PASSWORD, "users": USERS})
    processes = []
    logs = open(run_dir / "servers.log", "w")  # noqa: SIM115
    try:
        processes.append(subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "servicetorg.wsgi:application"],
            cwd=ROOT, env={**env, "PROMETHEUS_MULTIPROC_DIR": str(run_dir / "prom")}, stdout=logs, stderr=logs))
        for _ in range(RQ_WORKERS):
            processes.append(subprocess.Popen([sys.executable, "manage.py", "worker", "--no-scheduler"],  # noqa: S603
                                              cwd=ROOT, env=env, stdout=logs, stderr=logs))
        _wait_until_up(port)
        locustfile = run_dir / "locustfile.py"
        locustfile.write_text(LOCUSTFILE % {"password": PASSWORD, "users": USERS})
        subprocess.run([sys.executable, "-m", "locust", "-f", str(locustfile), "--headless",  # noqa: S603
                        "-u", str(USERS), "-r", str(max(1, USERS // 20)), "-t", f"{SECONDS}s",
                        "--host", f"http://127.0.0.1:{port}", "--csv", str(run_dir / "stats"), "--only-summary",
                        # at the end each session finishes the request in hand, so the counts can be compared
                        "--stop-timeout", "120"],
                       cwd=run_dir, check=False)
        # Let the outbox drain, then check nothing was lost or doubled.
        logged = sum(int(p.read_text()) for p in run_dir.glob("logged-*.count"))
        forwarded = len(list(run_dir.glob("forwarded-*.mark")))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            left = _sql(env, "from servicetorg.notifications.models import Notification as N; "
                             "print(N.objects.exclude(status='sent').count())")
            if left == "0":
                break
            time.sleep(3)
        counts = json.loads(_sql(env, (
            "import json; from django.db.models import Count; "
            "from servicetorg.inquiries.models import Inquiry; "
            "from servicetorg.forwarding.models import Forwarding; "
            "from servicetorg.notifications.models import Notification as N; "
            "print(json.dumps({'inquiries': Inquiry.objects.count(), 'forwardings': Forwarding.objects.count(), "
            "'messages': N.objects.count(), 'sent': N.objects.filter(status='sent').count(), "
            "'doubled_keys': N.objects.values('idempotency_key').annotate(n=Count('id')).filter(n__gt=1).count()}))"
        )))
        sms_file = run_dir / "sms.jsonl"
        sms_lines = len(sms_file.read_text().splitlines()) if sms_file.exists() else 0
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        logs.close()
    pages = {}
    with open(run_dir / "stats_stats.csv") as f:
        for row in csv.DictReader(f):
            pages[row["Name"]] = {"requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                                  "median_ms": float(row["Median Response Time"] or 0),
                                  "p95_ms": float(row["95%"] or 0) if row.get("95%") not in (None, "N/A") else None,
                                  "rps": float(row["Requests/s"] or 0)}
    return {"web_workers": web_workers, "rq_workers": RQ_WORKERS, "users": USERS, "seconds": SECONDS,
            "pages": pages, "client_logged": logged, "client_forwarded": forwarded, "sms_written": sms_lines,
            **counts}


def main() -> None:
    if shutil.which("pg_dump") is None:
        print("needs PostgreSQL", file=sys.stderr)
    workdir = Path(tempfile.mkdtemp(prefix="st-load-"))
    results = []
    for web_workers in WEB_WORKERS:
        print(f"== {USERS} staff sessions for {SECONDS} s, {web_workers} gunicorn workers, {RQ_WORKERS} RQ workers")
        result = run_once(web_workers, workdir)
        results.append(result)
        total = result["pages"].get("Aggregated", {})
        print(f"{'page':<18} {'requests':>9} {'fail':>5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}")
        for name, page in result["pages"].items():
            print(f"{name:<18} {page['requests']:>9} {page['failures']:>5} {page['rps']:>7.1f} "
                  f"{page['median_ms']:>7.0f} {page['p95_ms'] or 0:>7.0f}")
        ok_inquiries = result["inquiries"] == result["client_logged"]
        ok_outbox = (result["messages"] == result["forwardings"] == result["client_forwarded"]
                     and result["sent"] == result["messages"] and result["doubled_keys"] == 0
                     and result["sms_written"] == result["messages"])
        print(f"inquiries logged by clients {result['client_logged']}, in the database {result['inquiries']}: "
              f"{'ok' if ok_inquiries else 'MISMATCH'}; forwardings {result['forwardings']}, outbox messages "
              f"{result['messages']}, sent {result['sent']}, SMS written {result['sms_written']}, doubled "
              f"{result['doubled_keys']}: {'ok' if ok_outbox else 'MISMATCH'}; failures "
              f"{total.get('failures', '?')}")
        result["ok"] = ok_inquiries and ok_outbox and total.get("failures", 1) == 0
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(workdir, ignore_errors=True)
    if not all(r["ok"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
