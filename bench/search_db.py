"""The throwaway database the search benchmarks run in: SQLite in a temporary folder, or a PostgreSQL
database made afresh. Each backend runs in its own process, since Django reads its settings once."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_SEARCH_PG_URL", "postgres://postgres@127.0.0.1:5432/servicetorg_h5_eval")
BACKENDS = ("sqlite", "postgresql")


def run_children(module: str, backends: list[str], args: list[str]) -> dict[str, dict]:
    """Run `python -m module --child BACKEND args` for each backend; each prints one JSON line last."""
    results = {}
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="servicetorg-search-") as tmp:
            env = dict(os.environ, SERVICETORG_VAR_DIR=tmp, DJANGO_SETTINGS_MODULE="servicetorg.settings",
                       DEBUG="false", SECRET_KEY="bench-only-not-secret")
            env["DATABASE_URL"] = PG_URL if backend == "postgresql" else f"sqlite:///{tmp}/bench.sqlite3"
            proc = subprocess.run(  # noqa: S603 (our own interpreter and module)
                [sys.executable, "-m", module, "--child", backend, *args], cwd=ROOT, env=env,
                stdout=subprocess.PIPE, text=True, check=False,
            )
            lines = [line for line in proc.stdout.splitlines() if line.strip()]
            if proc.returncode != 0 or not lines:
                print(proc.stdout, file=sys.stderr)
                results[backend] = {"error": f"exit {proc.returncode}"}
                continue
            for line in lines[:-1]:
                print(f"  [{backend}] {line}", file=sys.stderr)
            results[backend] = json.loads(lines[-1])
    return results


def setup_child(backend: str) -> None:
    """In the child: a fresh, migrated database."""
    import django

    if backend == "postgresql":
        import dj_database_url
        import psycopg

        db = dj_database_url.parse(PG_URL)
        with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


STARTER = ROOT / "servicetorg" / "catalogue" / "data" / "starter_catalogue.json"


def load_catalogue(path: Path = STARTER) -> tuple:
    """The demo municipality (sites, units, its services), then the starter catalogue into it when
    the file is there, through the real importer. Returns (municipality, description)."""
    from django.core.management import call_command

    from servicetorg.catalogue.models import Article, Service
    from servicetorg.organisation.models import Municipality

    call_command("load_demo", no_history=True, verbosity=0)
    municipality = Municipality.objects.get()
    source = "demo catalogue (load_demo)"
    if path.exists():
        try:
            from servicetorg.catalogue.importexport import catalogue_import
        except ImportError:
            catalogue_import = None
        if catalogue_import is None:
            print(f"no importer: {path.name} not loaded")
        else:
            data = json.loads(path.read_text(encoding="utf-8"))
            report = catalogue_import(municipality=municipality, data=data, by=None)
            if report.errors:
                print(f"{path.name} not loaded: {len(report.errors)} bad rows, first: {report.errors[:3]}")
            else:
                source = f"demo + {path.name}"
    services = Service.objects.filter(municipality=municipality, active=True).count()
    articles = Article.objects.filter(municipality=municipality).count()
    return municipality, f"{source}: {services} services, {articles} articles"
