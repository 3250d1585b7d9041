"""Catalogue search: one interface, a PostgreSQL and an SQLite engine behind it.

Interface (used by the quick-log typeahead, the staff and public pages and the API):
- index_services(service_ids=[...]) / index_articles(article_ids=[...]): refresh the index rows
  of these objects inside the caller's transaction (a deleted object's row goes).
- index_rebuild(municipality_id=None): the whole index, or one municipality's (`catalogue_reindex`).
- catalogue_search(municipality_id=..., q="...", limit=10, public=False) -> list[SearchHit], best
  first. Services only unless `kinds` asks for articles too.

How a search runs: `text.Lexicon` (the municipality's vocabulary and synonyms, cached in process
memory) turns the query into groups of alternative terms — stems, other spellings, synonyms,
compound parts, vocabulary words like a misspelt one, and words the last one begins. The database
finds candidates with its full-text index: on PostgreSQL a tsvector of the `norwegian`
configuration with a GIN index (pg_trgm finds the misspellings), on SQLite FTS5 over text stemmed
here with the same Snowball algorithm, each ranked with field weights (ts_rank, bm25). The best
candidates are ranked again here, the same way on both databases: each query word counts by how
telling it is (idf) times the best field it matched in (name > keywords > summary > body) and how
(exact > other spelling > synonym > compound part > prefix > misspelling), so a question with
many small words is ranked by the words that matter.

The index is kept in step by the catalogue services. Rows written around them (bulk loads,
fixtures, `QuerySet.update` that touches `updated_at`) are found by a cheap check at each search —
counts and the newest change of the catalogue and the synonyms — and indexed then.
"""

import datetime as dt
import logging
import re
import threading
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction

from servicetorg.catalogue import text
from servicetorg.catalogue.models import Article, Service

log = logging.getLogger(__name__)

KINDS = ("service", "article")
# Field order everywhere: name, keywords, summary, body.
FIELD_WEIGHTS = (1.0, 0.7, 0.4, 0.2)
BM25_WEIGHTS = (10.0, 6.0, 3.0, 1.0)
PART_FACTOR = 0.6  # a word found only as part of a compound in the text (dunk in søppeldunk)
FUZZY_MIN_SIMILARITY = 0.45
COMMON_SHARE = 0.25  # a query word in more documents than this does not choose the candidates
REBUILD_SHARE = 0.3  # more stale rows than this share: rebuild the municipality's index at once


@dataclass(frozen=True)
class SearchHit:
    """A service or an article, with how well it matches (higher is better)."""

    service: Service | None
    score: float
    kind: str = "service"
    article: Article | None = None

    @property
    def obj(self) -> Service | Article:
        return self.service if self.kind == "service" else self.article


def _doc_id(kind: str, object_id: int) -> int:
    # One id for both kinds, so the FTS rowid needs no lookup.
    return object_id * 2 + (1 if kind == "article" else 0)


# --- documents ---------------------------------------------------------------------------------


@dataclass
class _Doc:
    kind: str
    object_id: int
    municipality_id: int
    active: bool
    public: bool
    updated: dt.datetime | None
    fields: tuple[str, str, str, str]


def _service_doc(s: Service) -> _Doc:
    links = " ".join(str(link.get("title", "")) for link in s.links if isinstance(link, dict)) if isinstance(
        s.links, list) else ""
    return _Doc(
        kind="service", object_id=s.pk, municipality_id=s.municipality_id, active=s.active, public=s.active,
        updated=s.updated_at,
        fields=(
            " ".join((s.name, s.name_nn, s.name_en)),
            s.keywords,
            " ".join((s.summary, s.summary_nn, s.summary_en, s.area.name_nb, s.area.name_nn)),
            # Guidance is for staff: it does not decide what the public finds.
            " ".join((s.body, s.body_nn, s.body_en, s.fees, s.legal_basis, links)),
        ),
    )


def _article_doc(a: Article) -> _Doc:
    return _Doc(
        kind="article", object_id=a.pk, municipality_id=a.municipality_id, active=a.active,
        public=a.active and a.public, updated=a.updated_at,
        fields=(a.title, a.keywords, " ".join(s.name for s in a.services.all()), a.body),
    )


@dataclass
class _Analysed:
    doc: _Doc
    field_words: list[list[str]]  # per field: the words (and compound parts) for the database
    field_stems: list[list[str]]  # per field: their stems, for SQLite's FTS
    terms: str  # per field: distinct stems, compound parts marked "~"; for the ranking here
    words: dict[str, str]  # every distinct word with its stem: the document's share of the vocabulary


def _analyse(doc: _Doc, lexicon: text.Lexicon) -> _Analysed:
    per_field = [[w for w in text.words(f) if not text.is_stop(w)] for f in doc.fields]
    own = {w for ws in per_field for w in ws}
    extra = own | {text.stem(w) for w in own}
    splits: dict[str, list[str]] = {}
    field_words, field_stems, terms = [], [], []
    all_words: dict[str, str] = {}
    for ws in per_field:
        parts = []
        for w in dict.fromkeys(ws):
            if w not in splits:
                splits[w] = [p for p in (lexicon.split(w, extra) or []) if not text.is_stop(p)]
            parts.extend(splits[w])
        fw = ws + parts
        stems = [text.stem(w) for w in fw]
        field_words.append(fw)
        field_stems.append(stems)
        exact = dict.fromkeys(text.stem(w) for w in ws)
        part_stems = [s for s in dict.fromkeys(text.stem(p) for p in parts) if s not in exact]
        terms.append(" ".join([*exact, *("~" + s for s in part_stems)]))
        for w, s in zip(fw, stems, strict=True):
            all_words[w] = s
    return _Analysed(doc=doc, field_words=field_words, field_stems=field_stems, terms="|".join(terms),
                     words=all_words)


def _parse_terms(terms: str) -> dict[str, float]:
    """A document's terms as stem → the weight of the best field it is in. A stem found only as part
    of a compound is keyed "~stem"."""
    out: dict[str, float] = {}
    fields = terms.split("|")
    # From the lightest field to the heaviest, so that the heaviest wins.
    for weight, field in sorted(zip(FIELD_WEIGHTS, fields, strict=False)):
        out.update(dict.fromkeys(field.split(), weight))
    return out


# --- engines -------------------------------------------------------------------------------------


def _chunks(seq: Sequence, size: int = 500):
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


class _Engine(ABC):
    """What each database does its own way; the ranking above them is shared."""

    vendor = ""

    @abstractmethod
    def state_sql(self) -> str:
        ...

    @abstractmethod
    def delete_docs(self, cursor, ids: list[int]) -> list[tuple[int, str]]:
        ...

    @abstractmethod
    def insert_docs(self, cursor, items: list[_Analysed]) -> None:
        ...

    @abstractmethod
    def delete_municipality(self, cursor, municipality_id: int | None) -> None:
        ...

    @abstractmethod
    def candidates(self, cursor, *, municipality_id, groups, kinds, public, limit) -> list[tuple]:
        ...

    @abstractmethod
    def fuzzy(self, cursor, *, municipality_id, words, lexicon) -> dict[str, list[tuple[str, float]]]:
        ...

    def upsert_words_sql(self) -> str:
        return (
            "INSERT INTO catalogue_searchword (municipality_id, word, stem, df) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (municipality_id, word) DO UPDATE SET df = catalogue_searchword.df + excluded.df"
        )

    @staticmethod
    def _updated(value):
        return connection.ops.adapt_datetimefield_value(value) if value is not None else None


_STATE = """
SELECT
  (SELECT COUNT(*) FROM catalogue_service WHERE municipality_id = %(m)s),
  (SELECT MAX(updated_at) FROM catalogue_service WHERE municipality_id = %(m)s),
  (SELECT COUNT(*) FROM catalogue_article WHERE municipality_id = %(m)s),
  (SELECT MAX(updated_at) FROM catalogue_article WHERE municipality_id = %(m)s),
  (SELECT COUNT(*) FROM catalogue_searchdoc WHERE municipality_id = %(m)s),
  {synonyms}
"""


class _Postgres(_Engine):
    vendor = "postgresql"

    def state_sql(self) -> str:
        return _STATE.format(synonyms=(
            "(SELECT string_agg(words, chr(30) ORDER BY id) FROM catalogue_synonym "
            "WHERE municipality_id = %(m)s OR municipality_id IS NULL)"
        ))

    def delete_docs(self, cursor, ids):
        out = []
        for chunk in _chunks(ids):
            cursor.execute(
                "DELETE FROM catalogue_searchdoc WHERE id = ANY(%s) RETURNING municipality_id, words", [list(chunk)]
            )
            out.extend(cursor.fetchall())
        return out

    def insert_docs(self, cursor, items):
        cursor.executemany(
            "INSERT INTO catalogue_searchdoc (id, kind, object_id, municipality_id, active, public, source_updated, "
            "words, terms, vec) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, "
            "setweight(to_tsvector('norwegian', %s), 'A') || setweight(to_tsvector('norwegian', %s), 'B') || "
            "setweight(to_tsvector('norwegian', %s), 'C') || setweight(to_tsvector('norwegian', %s), 'D'))",
            [
                (
                    _doc_id(a.doc.kind, a.doc.object_id), a.doc.kind, a.doc.object_id, a.doc.municipality_id,
                    a.doc.active, a.doc.public, self._updated(a.doc.updated), " ".join(a.words), a.terms,
                    *(" ".join(ws) for ws in a.field_words),
                )
                for a in items
            ],
        )

    def delete_municipality(self, cursor, municipality_id):
        if municipality_id is None:
            cursor.execute("DELETE FROM catalogue_searchdoc")
            cursor.execute("DELETE FROM catalogue_searchword")
        else:
            cursor.execute("DELETE FROM catalogue_searchdoc WHERE municipality_id = %s", [municipality_id])
            cursor.execute("DELETE FROM catalogue_searchword WHERE municipality_id = %s", [municipality_id])

    @staticmethod
    def _tsquery(groups: list[text.Group]) -> str:
        def atom(a: text.Atom) -> str:
            terms = [f"'{s}'" for s in a.stems] + [f"'{p}':*" for p in a.prefixes]
            return "(" + " | ".join(terms) + ")"

        def alt(x: text.Alternative) -> str:
            return "(" + " & ".join(atom(a) for a in x.atoms) + ")"

        return " | ".join("(" + " | ".join(alt(x) for x in g.alternatives) + ")" for g in groups)

    def candidates(self, cursor, *, municipality_id, groups, kinds, public, limit):
        # The SQL is in migration 0004 (catalogue_search_candidates), with why it is a function.
        cursor.execute(
            "SELECT kind, object_id, terms, rank FROM catalogue_search_candidates(CAST(%s AS tsquery), %s, %s, %s, %s)",
            [self._tsquery(groups), municipality_id, list(kinds), public, limit],
        )
        return cursor.fetchall()

    def fuzzy(self, cursor, *, municipality_id, words, lexicon):
        # pg_trgm's % finds the candidates through the trigram index (threshold 0.3); the ranking
        # and the cut are the same as the SQLite engine's.
        cursor.execute(
            "SELECT q, w.word, similarity(w.word, q) FROM unnest(%s::text[]) AS q, LATERAL ("
            "  SELECT word FROM catalogue_searchword"
            "  WHERE municipality_id = %s AND df > 0 AND word %% q"
            "  ORDER BY similarity(word, q) DESC, word LIMIT 5) AS w",
            [list(words), municipality_id],
        )
        out: dict[str, list[tuple[str, float]]] = {}
        for q, word, sim in cursor.fetchall():
            out.setdefault(q, []).append((word, float(sim)))
        return out


class _SQLite(_Engine):
    vendor = "sqlite"

    def state_sql(self) -> str:
        return _STATE.format(synonyms=(
            "(SELECT group_concat(words, char(30)) FROM (SELECT words FROM catalogue_synonym "
            "WHERE municipality_id = %(m)s OR municipality_id IS NULL ORDER BY id))"
        ))

    def delete_docs(self, cursor, ids):
        out = []
        for chunk in _chunks(ids):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"DELETE FROM catalogue_searchdoc WHERE id IN ({marks}) RETURNING municipality_id, words",  # noqa: S608
                list(chunk),
            )
            out.extend(cursor.fetchall())
            cursor.execute(f"DELETE FROM catalogue_searchfts WHERE rowid IN ({marks})", list(chunk))  # noqa: S608
        return out

    def insert_docs(self, cursor, items):
        cursor.executemany(
            "INSERT INTO catalogue_searchdoc (id, kind, object_id, municipality_id, active, public, source_updated, "
            "words, terms) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    _doc_id(a.doc.kind, a.doc.object_id), a.doc.kind, a.doc.object_id, a.doc.municipality_id,
                    a.doc.active, a.doc.public, self._updated(a.doc.updated), " ".join(a.words), a.terms,
                )
                for a in items
            ],
        )
        cursor.executemany(
            "INSERT INTO catalogue_searchfts (rowid, name, keywords, summary, body) VALUES (%s, %s, %s, %s, %s)",
            [(_doc_id(a.doc.kind, a.doc.object_id), *(" ".join(ss) for ss in a.field_stems)) for a in items],
        )

    def delete_municipality(self, cursor, municipality_id):
        if municipality_id is None:
            cursor.execute("DELETE FROM catalogue_searchdoc")
            cursor.execute("DELETE FROM catalogue_searchfts")
            cursor.execute("DELETE FROM catalogue_searchword")
        else:
            cursor.execute(
                "DELETE FROM catalogue_searchfts WHERE rowid IN "
                "(SELECT id FROM catalogue_searchdoc WHERE municipality_id = %s)", [municipality_id]
            )
            cursor.execute("DELETE FROM catalogue_searchdoc WHERE municipality_id = %s", [municipality_id])
            cursor.execute("DELETE FROM catalogue_searchword WHERE municipality_id = %s", [municipality_id])

    @staticmethod
    def _match(groups: list[text.Group]) -> str:
        def atom(a: text.Atom) -> str:
            terms = [f'"{s}"' for s in a.stems] + [f'"{p}" *' for p in a.prefixes]
            return "(" + " OR ".join(terms) + ")"

        def alt(x: text.Alternative) -> str:
            return "(" + " AND ".join(atom(a) for a in x.atoms) + ")"

        return " OR ".join("(" + " OR ".join(alt(x) for x in g.alternatives) + ")" for g in groups)

    def candidates(self, cursor, *, municipality_id, groups, kinds, public, limit):
        marks = ", ".join(["%s"] * len(kinds))
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        # bm25 is lower for better matches; negated so that both engines sort the same way.
        sql = (  # only constants and placeholders are formatted in
            f"SELECT d.kind, d.object_id, d.terms, -bm25(catalogue_searchfts, {weights}) AS r "  # noqa: S608
            "FROM catalogue_searchfts JOIN catalogue_searchdoc d ON d.id = catalogue_searchfts.rowid "
            f"WHERE catalogue_searchfts MATCH %s AND d.municipality_id = %s AND d.kind IN ({marks}) "
            "AND d.active AND (d.public OR NOT %s) ORDER BY r DESC, d.id LIMIT %s"
        )
        cursor.execute(sql, [self._match(groups), municipality_id, *kinds, public, limit])
        return cursor.fetchall()

    def fuzzy(self, cursor, *, municipality_id, words, lexicon):
        return {w: lexicon.fuzzy(w) for w in words}


def _engine() -> _Engine:
    vendor = connection.vendor
    if vendor == "postgresql":
        return _Postgres()
    if vendor == "sqlite":
        return _SQLite()
    raise RuntimeError(f"The catalogue search supports PostgreSQL and SQLite, not {vendor}.")


# --- the vocabulary, cached per process -----------------------------------------------------------


@dataclass
class _Entry:
    lexicon: text.Lexicon
    signature: tuple | None  # the state the lexicon was checked against for searching; None: check again
    index_signature: tuple | None = None  # the state after this process last wrote the index


_cache: dict[int, _Entry] = {}
_cache_lock = threading.Lock()


def _state(cursor, engine: _Engine, municipality_id: int) -> tuple:
    """What the catalogue, the index and the synonyms look like now, in one cheap query."""
    cursor.execute(engine.state_sql(), {"m": municipality_id})
    row = cursor.fetchone()
    return tuple(str(v) if isinstance(v, dt.datetime) else v for v in row)


def _synonym_groups(aggregated: str | None) -> list[list[str]]:
    groups = [list(g) for g in text.national_synonyms()]
    if aggregated:
        lines = [row.replace("\n", ",").replace("\r", ",") for row in aggregated.split("\x1e")]
        groups.extend(text.read_synonym_lines(lines))
    return groups


def _load_lexicon(cursor, municipality_id: int, *, n_docs: int, synonyms: str | None) -> text.Lexicon:
    cursor.execute(
        "SELECT word, stem, df FROM catalogue_searchword WHERE municipality_id = %s AND df > 0", [municipality_id]
    )
    words = {w: (s, df) for w, s, df in cursor.fetchall()}
    return text.Lexicon(words=words, n_docs=n_docs, synonym_groups=_synonym_groups(synonyms))


def _lexicon_for_search(cursor, engine: _Engine, municipality_id: int) -> text.Lexicon:
    state = _state(cursor, engine, municipality_id)
    entry = _cache.get(municipality_id)
    if entry is not None and entry.signature == state:
        return entry.lexicon
    # A search only reads: the catalogue services index what they write, an import indexes at its
    # end, and `index_refresh_stale` (a periodic task) catches rows written around them.
    lexicon = _load_lexicon(cursor, municipality_id, n_docs=state[4], synonyms=state[5])
    with _cache_lock:
        _cache[municipality_id] = _Entry(lexicon=lexicon, signature=state, index_signature=state)
    return lexicon


def _lexicon_for_index(cursor, engine: _Engine, municipality_id: int) -> text.Lexicon:
    """The vocabulary for splitting a document's compounds: the cached one if nothing but this
    process has changed the index since, else read again."""
    state = _state(cursor, engine, municipality_id)
    entry = _cache.get(municipality_id)
    if entry is not None and state in (entry.index_signature, entry.signature):
        return entry.lexicon
    lexicon = _load_lexicon(cursor, municipality_id, n_docs=state[4], synonyms=state[5])
    with _cache_lock:
        _cache[municipality_id] = _Entry(lexicon=lexicon, signature=None, index_signature=state)
    return lexicon


def _written(cursor, engine: _Engine, analysed: list, touched: set[int]) -> None:
    """After writing: the cached vocabularies learn the new words, and searches check again."""
    new_words: dict[int, dict[str, str]] = {}
    for a in analysed:
        new_words.setdefault(a.doc.municipality_id, {}).update(a.words)
    for m in touched:
        entry = _cache.get(m)
        if entry is None:
            continue
        entry.lexicon.add_words(new_words.get(m, {}))
        entry.index_signature = _state(cursor, engine, m)
        entry.signature = None


def cache_clear() -> None:
    """Forget every cached vocabulary (tests, after a raw change of the index)."""
    with _cache_lock:
        _cache.clear()


# --- writing the index -----------------------------------------------------------------------------


def _write(cursor, engine: _Engine, keys: list[tuple[str, int]], docs: list[_Doc],
           lexicon_for=None) -> set[int]:
    """Replace the index rows of `keys` by `docs` (a key without a doc is removed), and keep the
    vocabulary's document frequencies in step. Returns the municipalities touched."""
    removed = engine.delete_docs(cursor, [_doc_id(k, i) for k, i in keys])
    delta: Counter = Counter()
    touched = set()
    for municipality_id, words in removed:
        touched.add(municipality_id)
        for w in words.split():
            delta[(municipality_id, w)] -= 1
    analysed = []
    lexicons: dict[int, text.Lexicon] = {}
    for doc in docs:
        m = doc.municipality_id
        if m not in lexicons:
            lexicons[m] = lexicon_for(m) if lexicon_for else _lexicon_for_index(cursor, engine, m)
        a = _analyse(doc, lexicons[m])
        analysed.append(a)
        touched.add(m)
        for w in a.words:
            delta[(m, w)] += 1
    for chunk in _chunks(analysed, 200):
        engine.insert_docs(cursor, chunk)
    rows = [(m, w, text.stem(w), n) for (m, w), n in delta.items() if n]
    if rows:
        cursor.executemany(engine.upsert_words_sql(), rows)
        for m in {r[0] for r in rows if r[3] < 0}:
            cursor.execute("DELETE FROM catalogue_searchword WHERE municipality_id = %s AND df <= 0", [m])
    if lexicon_for is None:
        _written(cursor, engine, analysed, touched)
    return touched


def _services(ids: Iterable[int]):
    return Service.objects.filter(pk__in=list(ids)).select_related("area")


def _articles(ids: Iterable[int]):
    return Article.objects.filter(pk__in=list(ids)).prefetch_related("services")


def index_services(*, service_ids: list[int]) -> None:
    """Refresh the index rows of these services (called inside the catalogue services' transaction)."""
    ids = sorted(set(service_ids))
    if not ids:
        return
    engine = _engine()
    with connection.cursor() as cursor:
        docs = [_service_doc(s) for s in _services(ids)]
        _write(cursor, engine, [("service", i) for i in ids], docs)


def index_articles(*, article_ids: list[int]) -> None:
    """Refresh the index rows of these articles."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    engine = _engine()
    with connection.cursor() as cursor:
        docs = [_article_doc(a) for a in _articles(ids)]
        _write(cursor, engine, [("article", i) for i in ids], docs)


def index_rebuild(*, municipality_id: int | None = None) -> int:
    """Build the index again from the catalogue: every municipality's, or one. Returns the rows
    written. The vocabulary for compound splitting is gathered from all the texts first."""
    engine = _engine()
    services = Service.objects.select_related("area").order_by("pk")
    articles = Article.objects.prefetch_related("services").order_by("pk")
    if municipality_id is not None:
        services = services.filter(municipality_id=municipality_id)
        articles = articles.filter(municipality_id=municipality_id)
    docs = [_service_doc(s) for s in services.iterator(chunk_size=500)]
    docs += [_article_doc(a) for a in articles.iterator(chunk_size=500)]
    lexicons = _first_pass(docs)
    with transaction.atomic(), connection.cursor() as cursor:
        engine.delete_municipality(cursor, municipality_id)
        _write(cursor, engine, [], docs, lexicon_for=lexicons.__getitem__)
    if municipality_id is None:
        cache_clear()
    else:
        with _cache_lock:
            _cache.pop(municipality_id, None)
    return len(docs)


def _first_pass(docs: list[_Doc]) -> dict[int, text.Lexicon]:
    """A vocabulary per municipality from the documents' own words, for splitting compounds."""
    counts: dict[int, Counter] = {}
    for doc in docs:
        c = counts.setdefault(doc.municipality_id, Counter())
        c.update({w for f in doc.fields for w in text.words(f) if not text.is_stop(w)})
    return {
        m: text.Lexicon(words={w: (text.stem(w), n) for w, n in c.items()}, n_docs=len(docs),
                        synonym_groups=text.national_synonyms())
        for m, c in counts.items()
    }


def index_refresh_stale(*, municipality_id: int) -> bool:
    """Index the municipality's services and articles whose rows are missing or older than they
    are (written around the catalogue services: raw SQL, a bulk load, an admin delete), and drop
    rows of objects that are gone. True if anything was written."""
    engine = _engine()
    try:
        with connection.cursor() as cursor:
            return _refresh_stale(cursor, engine, municipality_id)
    except DatabaseError:
        log.exception("catalogue search: could not bring the index up to date")
        return False


def _refresh_stale(cursor, engine: _Engine, municipality_id: int) -> bool:
    with transaction.atomic():
        stale = []
        for kind, table, bit in (("service", "catalogue_service", 0), ("article", "catalogue_article", 1)):
            sql = (  # the table and the bit are the constants above
                f"SELECT o.id FROM {table} o LEFT JOIN catalogue_searchdoc d ON d.id = o.id * 2 + {bit} "  # noqa: S608
                "WHERE o.municipality_id = %s AND (d.id IS NULL OR d.municipality_id <> o.municipality_id "
                "OR d.source_updated IS NULL OR d.source_updated <> o.updated_at)"
            )
            cursor.execute(sql, [municipality_id])
            stale += [(kind, r[0]) for r in cursor.fetchall()]
        cursor.execute(
            "SELECT d.kind, d.object_id FROM catalogue_searchdoc d "
            "LEFT JOIN catalogue_service s ON d.kind = 'service' AND s.id = d.object_id "
            "AND s.municipality_id = d.municipality_id "
            "LEFT JOIN catalogue_article a ON d.kind = 'article' AND a.id = d.object_id "
            "AND a.municipality_id = d.municipality_id "
            "WHERE d.municipality_id = %s AND s.id IS NULL AND a.id IS NULL",
            [municipality_id],
        )
        stale += [(k, i) for k, i in cursor.fetchall()]
        if not stale:
            return False
        cursor.execute("SELECT COUNT(*) FROM catalogue_searchdoc WHERE municipality_id = %s", [municipality_id])
        if len(stale) > max(50, REBUILD_SHARE * cursor.fetchone()[0]):
            index_rebuild(municipality_id=municipality_id)
            return True
        log.info("catalogue search: indexing %s rows written around the catalogue services", len(stale))
        index_services(service_ids=[i for k, i in stale if k == "service"])
        index_articles(article_ids=[i for k, i in stale if k == "article"])
        return True


# --- searching ---------------------------------------------------------------------------------------


OWN_WORD_BONUS = 0.15


def _atom_score(atom: text.Atom, terms: dict[str, float]) -> float:
    best = 0.0
    for s, w in atom.stems.items():
        best = max(best, w * terms.get(s, 0.0), w * PART_FACTOR * terms.get("~" + s, 0.0))
    if atom.prefixes and best < max(atom.prefixes.values()):
        if atom.prefix_stems is not None:
            for s, w in atom.prefix_stems.items():
                best = max(best, w * terms.get(s, 0.0), w * PART_FACTOR * terms.get("~" + s, 0.0))
            return best
        for t, field_weight in terms.items():
            for p, w in atom.prefixes.items():
                if t.startswith(p):
                    best = max(best, w * field_weight)
                elif t[0] == "~" and t.startswith(p, 1):
                    best = max(best, w * PART_FACTOR * field_weight)
    return best


def _score(groups: list[text.Group], terms: dict[str, float]) -> float:
    total = 0.0
    for g in groups:
        best = 0.0
        own_word = False
        for alt in g.alternatives:
            scores = [_atom_score(a, terms) for a in alt.atoms]
            mean = sum(scores) / len(scores)
            value = mean if all(scores) else 0.3 * mean
            best = max(best, alt.weight * value)
            own_word = own_word or any(w == 1.0 and s in terms for a in alt.atoms for s, w in a.stems.items())
        # The words the person typed themselves beat synonyms of them, wherever they stand
        # ("søppla ble ikke tømt": the service that says "ikke tømt" before the collection calendar).
        total += g.idf * (best + (OWN_WORD_BONUS if own_word else 0.0))
    return total


def catalogue_search(
    *, municipality_id: int, q: str, limit: int = 10, public: bool = False, kinds: Sequence[str] = ("service",),
    max_chars: int = 200,
) -> list[SearchHit]:
    """The services (and, with kinds=("service", "article"), articles) that best answer `q`, best
    first. Inactive services and articles never show; `public=True` also leaves out the articles
    that are not shown to the public (phone scripts). At most six queries whatever the catalogue size."""
    limit = max(0, min(int(limit), 500))
    kinds = tuple(k for k in KINDS if k in kinds)
    q = (q or "")[:max_chars]
    if not limit or not kinds or not q.strip():
        return []
    engine = _engine()
    with connection.cursor() as cursor:
        lexicon = _lexicon_for_search(cursor, engine, municipality_id)
        qwords = lexicon.parse(q)
        if not qwords:
            return []
        unknown = [qw.word for qw in qwords if lexicon.needs_fuzzy(qw)]
        fuzzy = engine.fuzzy(cursor, municipality_id=municipality_id, words=unknown, lexicon=lexicon) if unknown else {}
        fuzzy = {
            w: [(c, sim) for c, sim in found if sim >= FUZZY_MIN_SIMILARITY][:3] for w, found in fuzzy.items()
        }
        groups = lexicon.expand(qwords, fuzzy)
        if not groups:
            return []
        # Words most documents have ("kommunen") find nothing by themselves and make the database
        # rank thousands of rows; they still count in the ranking below.
        telling = [g for g in groups if g.share < COMMON_SHARE] or groups
        rows = engine.candidates(
            cursor, municipality_id=municipality_id, groups=telling, kinds=kinds, public=public,
            limit=max(60, 3 * limit),
        )
    if not rows:
        return []
    top_db = max(r[3] for r in rows) or 1.0
    idf_sum = sum(g.idf for g in groups)
    ranked = []
    for kind, object_id, terms, db_rank in rows:
        score = _score(groups, _parse_terms(terms))
        # The database's rank (term frequency, length) only breaks near-ties.
        score += 0.05 * idf_sum * max(db_rank, 0.0) / top_db
        ranked.append((score, kind, object_id))
    ranked.sort(key=lambda r: (-r[0], r[1] != "service", r[2]))
    ranked = ranked[: limit + 5]  # room for rows the index has not yet caught up with
    found = _load(ranked, municipality_id=municipality_id, public=public)
    hits = []
    for score, kind, object_id in ranked:
        obj = found.get((kind, object_id))
        if obj is None:
            continue
        if kind == "service":
            hits.append(SearchHit(service=obj, score=round(score, 4)))
        else:
            hits.append(SearchHit(service=None, article=obj, kind="article", score=round(score, 4)))
        if len(hits) == limit:
            break
    return hits


SUGGEST_MAX_CHARS = 600


def catalogue_suggest(*, municipality_id: int, text: str, subject: str = "", limit: int = 3,
                      public: bool = True) -> list[SearchHit]:
    """The services a whole message (e-mail, SMS, contact form) is most likely about, ranked
    exactly as the search ranks a question, after greetings, signatures, quoted replies and
    disclaimers are stripped (catalogue.message)."""
    from servicetorg.catalogue.message import message_core

    core = message_core(text)
    subject = re.sub(r"(?i)^\s*((re|sv|vs|fw|fwd|aw|wg)\s*:\s*)+", "", subject or "").strip()
    q = f"{subject} {core}".strip() if subject else core
    return catalogue_search(municipality_id=municipality_id, q=q, limit=limit, public=public,
                            max_chars=SUGGEST_MAX_CHARS)


def _load(ranked, *, municipality_id: int, public: bool) -> dict[tuple[str, int], Service | Article]:
    service_ids = [i for _s, k, i in ranked if k == "service"]
    article_ids = [i for _s, k, i in ranked if k == "article"]
    found: dict[tuple[str, int], Service | Article] = {}
    if service_ids:
        for s in Service.objects.filter(pk__in=service_ids, municipality_id=municipality_id, active=True) \
                .select_related("area", "forward_to", "owner_unit"):
            found[("service", s.pk)] = s
    if article_ids:
        articles = Article.objects.filter(pk__in=article_ids, municipality_id=municipality_id, active=True)
        if public:
            articles = articles.filter(public=True)
        for a in articles:
            found[("article", a.pk)] = a
    return found
