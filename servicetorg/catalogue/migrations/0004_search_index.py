"""The catalogue search index: one row per service or article with its analysed text, and the
vocabulary of each municipality (word, stem, document frequency) for compounds, misspellings
and weights.

PostgreSQL: a tsvector built with the `norwegian` configuration under a GIN index, and pg_trgm
with a trigram GIN index on the vocabulary. SQLite: an FTS5 table of Snowball-stemmed text.
The tables are not Django models: only servicetorg.catalogue.search reads and writes them.
No foreign keys to Django's tables, so that flushing those (tests, `manage.py flush`) never
trips over the index; the search repairs rows that point at nothing.
"""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE TABLE catalogue_searchdoc (
        id bigint PRIMARY KEY,
        kind varchar(8) NOT NULL,
        object_id bigint NOT NULL,
        municipality_id bigint NOT NULL,
        active boolean NOT NULL,
        public boolean NOT NULL,
        source_updated timestamp with time zone NULL,
        words text NOT NULL,
        terms text NOT NULL,
        vec tsvector NOT NULL
    )
    """,
    "CREATE INDEX catalogue_searchdoc_vec ON catalogue_searchdoc USING gin (vec)",
    "CREATE INDEX catalogue_searchdoc_municipality ON catalogue_searchdoc (municipality_id, kind)",
    """
    CREATE TABLE catalogue_searchword (
        municipality_id bigint NOT NULL,
        word varchar(40) NOT NULL,
        stem varchar(40) NOT NULL,
        df integer NOT NULL,
        PRIMARY KEY (municipality_id, word)
    )
    """,
    "CREATE INDEX catalogue_searchword_trgm ON catalogue_searchword USING gin (word gin_trgm_ops)",
    # The candidates of a search, ranked with field weights (D body, C summary, B keywords, A name).
    # The planner does not count the cost of reading a tsvector, so for a query that matches a few
    # hundred documents it prefers reading them all (10 ms at 5,000) to the GIN index (1 ms); the
    # function's own setting, undone when it returns, makes it use the index.
    """
    CREATE FUNCTION catalogue_search_candidates(q tsquery, m bigint, kinds text[], only_public boolean, lim integer)
    RETURNS TABLE (kind varchar, object_id bigint, terms text, rank real)
    LANGUAGE sql STABLE
    SET enable_seqscan = off
    AS $$
        SELECT d.kind, d.object_id, d.terms, ts_rank('{0.1, 0.3, 0.6, 1.0}', d.vec, q) AS rank
        FROM (SELECT * FROM catalogue_searchdoc WHERE vec @@ q OFFSET 0) AS d
        WHERE d.municipality_id = m AND d.kind = ANY(kinds) AND d.active AND (d.public OR NOT only_public)
        ORDER BY rank DESC, d.id
        LIMIT lim
    $$
    """,
]

SQLITE = [
    """
    CREATE TABLE catalogue_searchdoc (
        id integer PRIMARY KEY,
        kind varchar(8) NOT NULL,
        object_id bigint NOT NULL,
        municipality_id bigint NOT NULL,
        active bool NOT NULL,
        public bool NOT NULL,
        source_updated datetime NULL,
        words text NOT NULL,
        terms text NOT NULL
    )
    """,
    "CREATE INDEX catalogue_searchdoc_municipality ON catalogue_searchdoc (municipality_id, kind)",
    # The FTS rowid is the document's id. Terms are stemmed in Python, so the tokenizer only splits
    # on spaces; diacritics stay (søk and sok are different words).
    """
    CREATE VIRTUAL TABLE catalogue_searchfts USING fts5(
        name, keywords, summary, body,
        tokenize = 'unicode61 remove_diacritics 0',
        prefix = '3 4 5'
    )
    """,
    """
    CREATE TABLE catalogue_searchword (
        municipality_id bigint NOT NULL,
        word varchar(40) NOT NULL,
        stem varchar(40) NOT NULL,
        df integer NOT NULL,
        PRIMARY KEY (municipality_id, word)
    )
    """,
]

# Every search checks how many services and articles there are and when one last changed, to see
# whether the index and the cached vocabulary are current: one index seek instead of a scan.
# (Raw indexes: Django's SQLite table rebuilds would drop them, which costs speed, not correctness.)
STATE_INDEXES = [
    "CREATE INDEX catalogue_service_search_state ON catalogue_service (municipality_id, updated_at)",
    "CREATE INDEX catalogue_article_search_state ON catalogue_article (municipality_id, updated_at)",
]

DROP = [
    "DROP INDEX IF EXISTS catalogue_service_search_state",
    "DROP INDEX IF EXISTS catalogue_article_search_state",
    "DROP TABLE IF EXISTS catalogue_searchword",
    "DROP TABLE IF EXISTS catalogue_searchfts",
    "DROP TABLE IF EXISTS catalogue_searchdoc",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRES, "sqlite": SQLITE}.get(vendor)
    if statements is None:
        raise RuntimeError(f"The catalogue search supports PostgreSQL and SQLite, not {vendor}.")
    for sql in [*statements, *STATE_INDEXES]:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    # pg_trgm stays: other things may use it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP FUNCTION IF EXISTS catalogue_search_candidates(tsquery, bigint, text[], boolean, integer)"
        )
    for sql in DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_service_content_articles_synonyms_versions"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
