"""Search evaluation: do citizens' questions find the right area?

    .venv/bin/python -m bench.search_eval [--backend sqlite|postgresql|both] [--questions FILE] [--all]
    .venv/bin/python -m bench.search_eval --suggest [--questions bench/search_emails.csv]

With --suggest each row is a whole message (an e-mail with greetings, signature, quotes), ranked
as POST /api/v1/catalogue/suggest does (bench/search_emails.csv by default).

Loads the catalogue (the demo municipality, then servicetorg/catalogue/data/starter_catalogue.json
through the importer when it is there) into a scratch database — SQLite in a temporary folder and
PostgreSQL `servicetorg_h5_eval` (BENCH_SEARCH_PG_URL) — asks each question of
bench/search_questions.csv (question,expected_area; bench/search_questions_dev.csv if that is
missing) as the public search does, and reports top-1 and top-3 area accuracy per backend with
the misses. Target: top-3 at least 90%.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

from bench.search_db import BACKENDS, ROOT, run_children, setup_child

QUESTIONS = ROOT / "bench" / "search_questions.csv"
DEV_QUESTIONS = ROOT / "bench" / "search_questions_dev.csv"
TARGET_TOP3 = 0.90


def read_questions(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(row["question"].strip(), row["expected_area"].strip()) for row in csv.DictReader(f)
                if row.get("question", "").strip()]


EMAILS = ROOT / "bench" / "search_emails.csv"


def child(backend: str, questions_path: Path, suggest: bool = False) -> dict:
    setup_child(backend)
    from bench.search_db import load_catalogue
    from servicetorg.catalogue.models import Area
    from servicetorg.catalogue.search import catalogue_search, catalogue_suggest

    municipality, source = load_catalogue()
    known_areas = set(Area.objects.values_list("code", flat=True))
    questions = read_questions(questions_path)
    rows = []
    for question, expected in questions:
        if suggest:
            hits = catalogue_suggest(municipality_id=municipality.pk, text=question, limit=3, public=True)
        else:
            hits = catalogue_search(municipality_id=municipality.pk, q=question, limit=3, public=True)
        got = [(h.service.area_id, h.service.name) for h in hits]
        areas = [a for a, _n in got]
        rows.append({
            "question": question, "expected": expected, "known_area": expected in known_areas,
            "top1": bool(areas) and areas[0] == expected, "top3": expected in areas, "got": got,
        })
    return {"source": source, "questions": str(questions_path.relative_to(ROOT)), "rows": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument("--questions", type=Path)
    parser.add_argument("--all", action="store_true", help="list every question, not only those not first")
    parser.add_argument("--suggest", action="store_true", help="whole messages through the suggestions")
    parser.add_argument("--child", choices=BACKENDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    questions = args.questions or (EMAILS if args.suggest else QUESTIONS if QUESTIONS.exists() else DEV_QUESTIONS)
    questions = questions.resolve()
    if args.child:
        print(json.dumps(child(args.child, questions, suggest=args.suggest)))
        return 0

    backends = list(BACKENDS) if args.backend == "both" else [args.backend]
    results = run_children("bench.search_eval", backends,
                           ["--questions", str(questions), *(["--suggest"] if args.suggest else [])])
    ok = True
    for backend, result in results.items():
        if "error" in result:
            print(f"{backend}: failed ({result['error']})")
            ok = False
            continue
        rows = result["rows"]
        n = len(rows)
        top1 = sum(r["top1"] for r in rows) / n
        top3 = sum(r["top3"] for r in rows) / n
        ok = ok and top3 >= TARGET_TOP3
        print(f"\n{backend}: {result['source']}; {n} questions from {result['questions']}")
        print(f"  top-1 {top1:6.1%}   top-3 {top3:6.1%}   (target top-3 >= {TARGET_TOP3:.0%})")
        # Misses (not in the top 3), then the questions whose area is second or third.
        for r in sorted(rows, key=lambda r: (r["top3"], r["top1"])):
            if r["top1"] and not args.all:
                continue
            mark = "ok  " if r["top1"] else "top3" if r["top3"] else "MISS"
            unknown = "" if r["known_area"] else " (unknown area code!)"
            got = "; ".join(f"{a}: {name}" for a, name in r["got"]) or "nothing"
            shown = " ".join(r["question"].split())[:160]
            print(f"  {mark} [{r['expected']}{unknown}] {shown}\n         -> {got}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
