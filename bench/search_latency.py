"""Search latency with 5,000 services and articles, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.search_latency [--backend sqlite|postgresql|both] [--docs 5000] [--rounds 3]

Builds a scratch database (SQLite in a temporary folder; PostgreSQL `servicetorg_h5_eval`, see
BENCH_SEARCH_PG_URL), loads the catalogue as the evaluation does, and grows it to `--docs`
services and articles with realistic variations of its texts (another part of town, another
audience, sentences of related services, FAQ articles linked to services). Then it times
`catalogue_search` in-process over about 200 queries — the citizens' questions, words being typed,
misspellings, single words — after one warm-up pass, and reports p50/p95 in milliseconds.
Target: p95 under 30 ms.
"""

import argparse
import json
import random
import statistics
import sys
import time

from bench.search_db import BACKENDS, ROOT, run_children, setup_child

TARGET_P95_MS = 30.0
PLACES = ["i sentrum", "i Stokke", "i Andebu", "på Vesterøya", "i Sandar", "for næringslivet", "for lag og foreninger",
          "for eldre", "for barnefamilier", "for nye innbyggere", "på nynorsk", "sommer", "vinter", "i skoleferien"]
FAQ_OPENINGS = ["Hva gjør jeg når", "Hvordan kan jeg", "Kan jeg", "Hvem kontakter jeg om", "Hva koster",
                "Hvor lang tid tar", "Korleis kan eg", "Må jeg søke om"]


def build(municipality, total: int, seed: int = 5) -> dict:
    """Grow the catalogue to `total` services and articles with bulk inserts, then index it all."""
    from servicetorg.catalogue.models import Article, Service
    from servicetorg.catalogue.search import index_rebuild

    rng = random.Random(seed)
    base = list(Service.objects.filter(municipality=municipality))
    sentences_by_area: dict[str, list[str]] = {}
    for s in base:
        for sentence in (s.summary + " " + s.body).replace("\n", " ").split(". "):
            if len(sentence) > 20:
                sentences_by_area.setdefault(s.area_id, []).append(sentence.strip().rstrip(".") + ".")
    existing = len(base) + Article.objects.filter(municipality=municipality).count()
    n_articles = max(0, (total - existing) // 5)
    n_services = max(0, total - existing - n_articles)
    services = []
    for i in range(n_services):
        src = base[i % len(base)]
        place = PLACES[(i // len(base)) % len(PLACES)]
        pool = sentences_by_area.get(src.area_id) or [src.summary]
        body = " ".join(rng.sample(pool, min(len(pool), rng.randint(3, 8))))
        services.append(Service(
            municipality=municipality, name=f"{src.name} {place}"[:150], slug=f"{src.slug}-v{i}"[:160],
            area_id=src.area_id, step=src.step, handling=src.handling, forward_to_id=src.forward_to_id,
            owner_unit_id=src.owner_unit_id, summary=src.summary, body=body, keywords=src.keywords,
            fees=src.fees, legal_basis=src.legal_basis, active=rng.random() > 0.03,
        ))
    Service.objects.bulk_create(services, batch_size=500)
    all_services = list(Service.objects.filter(municipality=municipality))
    articles = []
    for i in range(n_articles):
        src = rng.choice(all_services)
        pool = sentences_by_area.get(src.area_id) or [src.summary]
        articles.append(Article(
            municipality=municipality, title=f"{rng.choice(FAQ_OPENINGS)} {src.name.lower()}?"[:200],
            slug=f"faq-{i}", body=" ".join(rng.sample(pool, min(len(pool), rng.randint(2, 6)))),
            keywords=src.keywords, public=rng.random() > 0.2,
        ))
    Article.objects.bulk_create(articles, batch_size=500)
    links = Article.services.through
    links.objects.bulk_create(
        [links(article_id=a.pk, service_id=rng.choice(all_services).pk)
         for a in Article.objects.filter(municipality=municipality)],
        batch_size=1000,
    )
    started = time.perf_counter()
    rows = index_rebuild(municipality_id=municipality.pk)
    return {"docs": rows, "index_seconds": round(time.perf_counter() - started, 1)}


def queries(seed: int = 11) -> list[str]:
    """About 200: the evaluation's questions, and words typed, misspelt and alone."""
    from bench.search_eval import DEV_QUESTIONS, QUESTIONS, read_questions

    rng = random.Random(seed)
    path = QUESTIONS if QUESTIONS.exists() else DEV_QUESTIONS
    questions = [q for q, _a in read_questions(path)]
    words = sorted({w.strip("?,.!").lower() for q in questions for w in q.split() if len(w) > 5})
    out = list(questions)
    for w in rng.sample(words, min(30, len(words))):
        out.append(w[: rng.randint(3, len(w) - 1)])  # typing
    for w in rng.sample(words, min(25, len(words))):
        i = rng.randrange(1, len(w) - 1)
        out.append(w[:i] + w[i + 1:])  # a letter missing
    out += rng.sample(words, min(20, len(words)))
    return out[:205]


def child(backend: str, total: int, rounds: int) -> dict:
    setup_child(backend)
    from django.db import connection

    from bench.search_db import load_catalogue
    from servicetorg.catalogue.search import cache_clear, catalogue_search

    municipality, source = load_catalogue()
    built = build(municipality, total)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does in production: statistics, and the GIN indexes' pending lists merged.
            cursor.execute("VACUUM ANALYZE")
    qs = queries()
    cache_clear()
    started = time.perf_counter()
    catalogue_search(municipality_id=municipality.pk, q="barnehage", limit=10)
    cold_ms = (time.perf_counter() - started) * 1000
    for q in qs:  # warm-up: the fuzzy index, the database's caches
        catalogue_search(municipality_id=municipality.pk, q=q, limit=10, public=True)
    times = []
    kinds = (("service",), ("service", "article"))
    for r in range(rounds):
        for i, q in enumerate(qs):
            started = time.perf_counter()
            catalogue_search(municipality_id=municipality.pk, q=q, limit=10, public=(i + r) % 2 == 0,
                             kinds=kinds[(i + r) % 3 == 0])
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "source": source, **built, "queries": len(qs), "timed": len(times), "cold_ms": round(cold_ms, 1),
        "p50": round(statistics.median(times), 2), "p95": round(times[int(0.95 * len(times)) - 1], 2),
        "p99": round(times[int(0.99 * len(times)) - 1], 2), "max": round(times[-1], 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=BACKENDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.docs, args.rounds)))
        return 0
    backends = list(BACKENDS) if args.backend == "both" else [args.backend]
    results = run_children("bench.search_latency", backends,
                           ["--docs", str(args.docs), "--rounds", str(args.rounds)])
    ok = True
    print(f"\n{'backend':<11} {'docs':>6} {'index s':>8} {'cold ms':>8} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'max ms':>7}")
    for backend, r in results.items():
        if "error" in r:
            print(f"{backend:<11} failed ({r['error']})")
            ok = False
            continue
        ok = ok and r["p95"] < TARGET_P95_MS
        print(f"{backend:<11} {r['docs']:>6} {r['index_seconds']:>8} {r['cold_ms']:>8} {r['p50']:>7} {r['p95']:>7} "
              f"{r['p99']:>7} {r['max']:>7}")
    print(f"({results and next(iter(results.values())).get('timed', 0)} timed searches per backend over "
          f"{results and next(iter(results.values())).get('queries', 0)} queries; target p95 < {TARGET_P95_MS:.0f} ms)")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "search_latency.json").write_text(json.dumps(results, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
