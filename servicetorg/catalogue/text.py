"""Norwegian text for the catalogue search: how people write, turned into terms.

Pure functions and one class, no database: `search.py` feeds them and stores the result.

- `words(text)`: lower-cased word tokens, nynorsk and dialect forms mapped to bokmål
  (skule → skole, søkje → søke, korleis → hvordan), hyphenated words joined (e-post → epost).
- `stem(word)`: the Norwegian Snowball stemmer, the algorithm of PostgreSQL's `norwegian`
  configuration, so the Python side and the database agree on the terms.
- `STOPWORDS`: PostgreSQL's Norwegian stop list (bokmål and nynorsk) and the question words and
  dialect forms people type; a superset, so the database never drops a word Python keeps.
- `Lexicon`: the vocabulary of one municipality's index and its synonym groups. It splits
  compounds (barnehageplass → barnehage + plass, eiendomsskatten → eiendom + s + skatten),
  resolves unknown spellings (søppla → søppel, soppel → søppel) and turns a query into
  groups of alternatives that `search.py` sends to the database and ranks.
"""

import math
import re
import threading
import unicodedata
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.txt"

# PostgreSQL's norwegian.stop (Snowball's list: bokmål and nynorsk), word for word.
_PG_STOP = """
og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett har om vi min
mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal selv sjøl her
alle vil bli ble blei blitt kunne inn når være kom noen noe ville dere deres kun ja etter ned skulle denne
for deg si sine sitt mot å meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken
hvilke sånn inni mellom vår hver hvem vors hvis både bare enn fordi før mange også slik vært båe begge
siden dykk dykkar dei deira deires deim di då eg ein eit eitt elles honom hjå ho hoe henne hennar hennes
hoss hossen ingi inkje korleis korso kva kvar kvarhelst kven kvi kvifor me medan mi mine mykje no nokon
noka nokor noko nokre sia sidan so somt somme um upp vere vore verte vort varte vart
"""
# Words that carry no subject in a citizen's question: question words, dialect forms, auxiliaries,
# politeness, and the English ones visitors type.
_MORE_STOP = """
hei hallo takk kjære hilsen mvh vennlig vennleg ok okei
ka kor kå kem kæm koss kossen åssen åffer kvifor korfor kordan kossn hvorfor hvordan
æ e æg je vi oss jeg eg meg mæ dæ du deg dere dokker dok dykk ho hu hun han ham dem dei
får få fått fikk gjør gjøre gjer gjere gjorde gjort må måtte bør burde trenger treng trengs kan kunne
skal skulle vil ville går gå gikk kommer kjem komme kome kom kommet står stå
litt veldig ganske jo vel nok visst altså liksom da nå no snart lenge igjen igjen
også òg og enda ennå mye mykje mer meir mest flere fleire
ting noe noko nokon noen alt alle heile hele helt heilt
sånn slik sånt slikt
min mitt mine vår vårt våre din ditt dine sin sitt sine
the a an to of in on at for my our your their do does did how what where when who why which
can could would should will shall is are was were be been being am it its this that these those
i me we you he she they them his her and or but not no don t s get got need needs want please
with from about just here there have has had any some there
"""
STOPWORDS = frozenset((_PG_STOP + _MORE_STOP).split())

# Particles that start lexicalised compounds (innbygger, avgift, omsorg, tilskudd): a split
# there gives a misleading part, so a compound never starts with one.
_PARTICLES = frozenset({
    "inn", "ut", "opp", "ned", "til", "fra", "frå", "over", "under", "med", "mot", "av", "på", "om", "for", "bort",
    "fram", "frem", "etter", "sam", "mis", "all", "hel", "halv", "an", "bi", "be", "ge", "er", "u", "inne", "ute",
    "oppe", "nede", "bak", "gjennom", "mellom", "innen", "utan", "uten",
})

# Nynorsk and dialect words → bokmål. Whole words; `_MORPHEMES` handles them inside compounds.
NYNORSK = {
    "kva": "hva", "ka": "hva", "kå": "hva", "kvar": "hvor", "kor": "hvor", "kven": "hvem", "kem": "hvem",
    "kvifor": "hvorfor", "korfor": "hvorfor", "korleis": "hvordan", "koss": "hvordan", "kossen": "hvordan",
    "åssen": "hvordan", "eg": "jeg", "æ": "jeg", "ikkje": "ikke", "ikkj": "ikke", "itj": "ikke", "ho": "hun",
    "me": "vi", "vere": "være", "vera": "være", "verte": "bli", "vart": "ble", "blei": "ble", "kjem": "kommer",
    "heilt": "helt", "heile": "hele", "berre": "bare", "mykje": "mye", "noko": "noe", "nokon": "noen", "ein": "en",
    "eit": "et", "eitt": "ett", "frå": "fra", "òg": "også", "sjølv": "selv", "utan": "uten", "saman": "sammen",
    "gje": "gi", "gjev": "gir", "gjer": "gjør", "gjere": "gjøre", "treng": "trenger", "kostar": "koster",
    "kosta": "koste", "månad": "måned", "månaden": "måneden", "månader": "måneder", "veke": "uke", "veka": "uka",
    "veker": "uker", "dagar": "dager", "pengar": "penger", "løn": "lønn", "søkja": "søke", "fekk": "fikk",
    "hjå": "hos", "dotter": "datter", "dottera": "datteren", "sonen": "sønnen", "son": "sønn", "borna": "barna",
    "born": "barn", "ungane": "barna", "ungen": "barnet", "unge": "barn", "ungar": "barn", "syster": "søster",
    "gamal": "gammel", "stad": "sted", "staden": "stedet", "bu": "bo", "bur": "bor", "budd": "bodd",
    "flyttar": "flytter", "fortaue": "fortauet", "gata": "gaten", "vegen": "veien", "veg": "vei", "vegar": "veier",
    "ljos": "lys", "straum": "strøm", "straumen": "strømmen", "auka": "økt", "auke": "økning", "aukar": "øker",
    "kome": "kommet", "sjå": "se", "høyre": "høre", "seie": "si", "trur": "tror", "veit": "vet", "ynskjer": "ønsker",
    "ønskjer": "ønsker", "selje": "selge", "leige": "leie", "leigde": "leide", "tilsett": "ansatt",
    "tilsette": "ansatte", "verksemd": "virksomhet", "verksemda": "virksomheten", "eiga": "egen", "eige": "eget",
    "eigen": "egen", "sjølvstendig": "selvstendig", "grunngjeving": "begrunnelse", "saka": "saken",
    "tenesta": "tjenesten", "teneste": "tjeneste", "tenester": "tjenester", "tida": "tiden", "opa": "åpen",
    "open": "åpen", "ope": "åpent", "stengd": "stengt", "stengde": "stengt", "nokre": "noen", "fleire": "flere",
    "meir": "mer", "forste": "første", "fyrste": "første", "sjukt": "sykt", "hjelpa": "hjelpen",
    "funkar": "fungerer", "funker": "fungerer", "virkar": "virker", "verkar": "virker", "bossbilen": "søppelbilen",
    "bosbilen": "søppelbilen",
}

# Nynorsk and dialect stems that also appear inside compounds (sjukeheimsplass, byggjeløyve,
# parkeringsløyve): replaced anywhere in a word, longest first.
_MORPHEMES = [
    ("helsesjukepleiar", "helsesykepleier"), ("saksbehandlar", "saksbehandler"), ("tryggleik", "trygghet"),
    ("førehand", "forhånd"), ("eigedom", "eiendom"), ("kyrkjegard", "kirkegård"), ("kyrkje", "kirke"),
    ("teneste", "tjeneste"), ("heime", "hjemme"), ("heim", "hjem"), ("sjuk", "syk"), ("skule", "skole"),
    ("byggje", "bygge"), ("løyve", "tillatelse"), ("opning", "åpning"), ("symje", "svømme"), ("vatnet", "vannet"),
    ("vatn", "vann"), ("avlaup", "avløp"), ("bustad", "bolig"), ("røyste", "stemme"), ("midlar", "midler"),
    ("lækjar", "lege"), ("pleiar", "pleier"), ("tilskot", "tilskudd"), ("gravstad", "gravsted"),
    ("fritidsordning", "fritidsordning"), ("innbyggjar", "innbygger"), ("naud", "nød"), ("omsorgsløn", "omsorgslønn"),
]
_MORPHEME_RE = re.compile("|".join(re.escape(a) for a, b in sorted(_MORPHEMES, key=lambda p: -len(p[0])) if a != b))
_MORPHEME_MAP = dict(_MORPHEMES)
# Nynorsk -kje/-gje where bokmål has -ke/-ge: søkje, søkjer, leggje, tenkje.
_KJE_RE = re.compile(r"(?<=[kg])j(?=(e|er|a|ar|ast|ande|ing|inga)$)")

_TOKEN_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
MAX_WORD = 40

# Endings the stemmer removes from one form of a word and keeps on another.
_ENDINGS = ("e", "er", "en", "et", "a", "ene", "ar")

# Search terms: index and query agree on these.
MIN_PREFIX = 3
MIN_SPLIT = 6  # shorter words are not tried as compounds
MIN_PART = 3


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").lower()


def nb_form(word: str) -> str:
    """A word in its bokmål form, as far as the small maps know it."""
    if word in NYNORSK:
        return NYNORSK[word]
    if len(word) > 4:
        word = _MORPHEME_RE.sub(lambda m: _MORPHEME_MAP[m.group(0)], word)
        word = _KJE_RE.sub("", word)
    return word


def tokens(text: str) -> list[list[str]]:
    """The words of a text, each as a list of its hyphen parts (e-post → ["e", "post"])."""
    out = []
    for raw in _TOKEN_RE.findall(normalise(text)):
        parts = [nb_form(p) for p in re.split(r"['’-]", raw) if p]
        if raw.count("'") or raw.count("’"):
            parts = parts[:1]  # an apostrophe ends the word: "NAV's" → nav
        if parts and all(len(p) <= MAX_WORD for p in parts):
            out.append(parts)
    return out


def words(text: str) -> list[str]:
    """The words of a text for the index: hyphenated words joined and also given by part."""
    out = []
    for parts in tokens(text):
        if len(parts) > 1:
            out.append("".join(parts))
        out.extend(parts)
    return out


def is_stop(word: str) -> bool:
    return word in STOPWORDS


_local = threading.local()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball's Norwegian stem; words with digits are kept as they are (PostgreSQL does the same)."""
    if not word.isalpha():
        return word
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        # The stemmer object keeps state while it works: one per thread.
        stemmer = _local.stemmer = snowballstemmer.stemmer("norwegian")
    return stemmer.stemWord(word)


def fold(word: str) -> str:
    """The word as typed on a keyboard without æ, ø and å (søppel → soppel, åpningstid → apningstid)."""
    word = word.replace("æ", "ae").replace("ø", "o").replace("aa", "a")
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def syncope_variants(s: str) -> list[str]:
    """Nouns in -el/-er/-en lose the e when inflected (søppel → søpla, sykkel → sykler): the other form."""
    out = []
    if len(s) >= 4 and s[-1] in "lrn" and s[-2] not in "aeiouyæøå":
        base = s[:-1]
        out.append(base + "e" + s[-1])
        if base[-1] not in "aeiouyæøå":
            out.append(base + base[-1] + "e" + s[-1])  # søpl → søppel
    if len(s) >= 5 and s[-2] == "e" and s[-1] in "lrn":
        base = s[:-2]
        out.append(base + s[-1])
        if len(base) >= 2 and base[-1] == base[-2]:
            out.append(base[:-1] + s[-1])  # søppel → søpl
    return out


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: two spaces before, one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def read_synonym_lines(lines: Iterable[str]) -> list[list[str]]:
    """Synonym groups from text: one group a line, words separated by commas, # starts a comment."""
    groups = []
    for line in lines:
        line = line.split("#", 1)[0]
        group = [normalise(w).strip() for w in line.split(",")]
        group = [w for w in group if w]
        if len(group) > 1:
            groups.append(group)
    return groups


@lru_cache(maxsize=1)
def national_synonyms() -> tuple[tuple[str, ...], ...]:
    """The groups shipped in data/synonyms.txt."""
    with SYNONYMS_FILE.open(encoding="utf-8") as f:
        return tuple(tuple(g) for g in read_synonym_lines(f))


# How much a match counts, by how it was found.
EXACT = 1.0
VARIANT = 0.95  # the same word in another spelling (søppla/søppel, soppel/søppel)
SYNONYM = 0.85
PARTS = 0.85  # a compound found as its parts
PREFIX = 0.75
FUZZY = 0.7


@dataclass
class Atom:
    """One concept: any of these stems (or stems starting with a prefix), each with a weight."""

    stems: dict[str, float] = field(default_factory=dict)
    prefixes: dict[str, float] = field(default_factory=dict)
    # The vocabulary's stems that start with a prefix, so that ranking looks them up instead of
    # scanning every term; None when there are too many to list.
    prefix_stems: dict[str, float] | None = field(default_factory=dict)

    def add(self, s: str, weight: float) -> None:
        if weight > self.stems.get(s, 0.0):
            self.stems[s] = weight

    def add_prefix(self, p: str, weight: float, expansion: list[str] | None) -> None:
        if weight > self.prefixes.get(p, 0.0):
            self.prefixes[p] = weight
        if expansion is None or self.prefix_stems is None:
            self.prefix_stems = None
            return
        for s in expansion:
            if weight > self.prefix_stems.get(s, 0.0):
                self.prefix_stems[s] = weight

    def __bool__(self) -> bool:
        return bool(self.stems or self.prefixes)


@dataclass
class Alternative:
    """All atoms must match (a compound given as its parts, or a phrase from the synonym list)."""

    atoms: list[Atom]
    weight: float = 1.0


@dataclass
class Group:
    """What one word of the query may match: any of the alternatives. `idf` says how telling it is."""

    word: str
    alternatives: list[Alternative]
    idf: float = 1.0
    share: float = 0.0  # of the documents that have it (roughly)


@dataclass(frozen=True)
class QueryWord:
    word: str  # normalised, bokmål form
    stem: str
    prefix: bool  # the last word while typing


class Lexicon:
    """One municipality's vocabulary (the words of its index with their document frequency) and
    synonym groups. Built once per index version and shared by the searches in a process."""

    def __init__(self, *, words: dict[str, tuple[str, int]], n_docs: int, synonym_groups: Iterable[Iterable[str]]):
        self.word_stem = {w: s for w, (s, _df) in words.items()}
        self.n_docs = max(n_docs, 1)
        self.stem_df: dict[str, int] = {}
        for s, df in words.values():
            self.stem_df[s] = self.stem_df.get(s, 0) + df
        self.sorted_stems = sorted(self.stem_df)
        self.folded: dict[str, set[str]] = {}
        for s in self.stem_df:
            if s.isalpha():
                self.folded.setdefault(fold(s), set()).add(s)
        self._trigram_index: dict[tuple[int, str], list[str]] | None = None
        self._lock = threading.Lock()
        # stem → the groups it belongs to, each group as a list of member phrases (lists of stems)
        self.synonyms: dict[str, list[list[list[str]]]] = {}
        self.synonym_words: set[str] = set()
        for group in synonym_groups:
            members = []
            for phrase in group:
                phrase_words = [w for w in words_of(phrase) if not is_stop(w)]
                if phrase_words:
                    members.append([stem(w) for w in phrase_words])
                    self.synonym_words.update(phrase_words)
            if len(members) < 2:
                continue
            for member in members:
                if len(member) == 1:
                    self.synonyms.setdefault(member[0], []).append(members)
        # A stem is "known" when the index has it, or the synonym list can turn it into one that is.
        self.known_stems = set(self.stem_df) | set(self.synonyms)

    def add_words(self, words: dict[str, str]) -> None:
        """Words just indexed (word → stem), so that the next document's compounds can use them."""
        for w, s in words.items():
            if w in self.word_stem:
                continue
            self.word_stem[w] = s
            if s not in self.stem_df:
                self.stem_df[s] = 0
                insort(self.sorted_stems, s)
                self.known_stems.add(s)
                if s.isalpha():
                    self.folded.setdefault(fold(s), set()).add(s)
            self.stem_df[s] += 1
        self._trigram_index = None

    # --- vocabulary -----------------------------------------------------------------------------

    def df(self, s: str) -> int:
        return self.stem_df.get(s, 0)

    def idf(self, df: float) -> float:
        return math.log(1.0 + self.n_docs / max(df, 1.0))

    def prefix_df(self, p: str, cap: int = 40) -> int:
        """Documents with a stem starting with p (an upper bound: a document may have several)."""
        i = bisect_left(self.sorted_stems, p)
        total = 0
        for s in self.sorted_stems[i : i + cap]:
            if not s.startswith(p):
                break
            total += self.stem_df[s]
        return min(total, self.n_docs)

    def expand_prefix(self, p: str, cap: int = 300) -> list[str] | None:
        """The stems that start with p; None if more than `cap`."""
        i = bisect_left(self.sorted_stems, p)
        out = []
        for s in self.sorted_stems[i : i + cap + 1]:
            if not s.startswith(p):
                return out
            out.append(s)
        return out if len(out) <= cap else None

    def has_prefix(self, p: str) -> bool:
        i = bisect_left(self.sorted_stems, p)
        return i < len(self.sorted_stems) and self.sorted_stems[i].startswith(p)

    def is_word(self, w: str, extra: set[str] | frozenset[str] = frozenset()) -> bool:
        return w in self.word_stem or w in self.synonym_words or w in extra

    # --- compounds ------------------------------------------------------------------------------

    def split(self, word: str, extra: set[str] | frozenset[str] = frozenset()) -> list[str] | None:
        """The parts of a compound, each a word of the vocabulary (`extra`: more words, such as the
        document's own). Linking -s- and -e- are dropped (eiendomsskatten → eiendom, skatten); the
        last part may be inflected. The split with the fewest parts wins. None if no split."""
        if len(word) < MIN_SPLIT or not word.isalpha():
            return None
        return _split(word, self, extra)

    def known_part(self, part: str, final: bool, extra: set[str] | frozenset[str]) -> bool:
        if len(part) < MIN_PART or is_stop(part):
            return False
        if self.is_word(part, extra):
            return True
        if len(part) < 4:
            return False  # a three-letter part must be a whole word (bil, snø, bos), not a stem
        s = stem(part)
        if final:
            return s in self.stem_df or s in self.synonyms or s in extra
        return part in self.stem_df

    # --- unknown words ----------------------------------------------------------------------------

    def respell(self, s: str) -> list[str]:
        """Stems of the index that are this stem in another spelling: -el/-la forms, no æøå, and the
        forms the stemmer cuts differently (telefonnummeret → telefonnummer, telefonnummer → telefonnumm)."""
        out = [v for v in syncope_variants(s) if v in self.known_stems]
        again = stem(s)
        if again != s and again in self.known_stems:
            out.append(again)
        out.extend(s + end for end in _ENDINGS if s + end in self.known_stems and stem(s + end) == s)
        for candidate in (s, *syncope_variants(s)):
            out.extend(x for x in self.folded.get(fold(candidate), ()) if x != s)
        return list(dict.fromkeys(out))

    def needs_fuzzy(self, qw: QueryWord) -> bool:
        if len(qw.word) < 4 or not qw.word.isalpha():
            return False
        if qw.stem in self.known_stems or qw.word in self.word_stem:
            return False
        return not self.respell(qw.stem)

    def fuzzy(self, word: str, limit: int = 5, threshold: float = 0.3) -> list[tuple[str, float]]:
        """Vocabulary words like this one, best first, by pg_trgm's measure (the SQLite engine's
        stand-in for the database's trigram index). Only words of about the same length can reach
        the threshold, so only those are looked at."""
        index = self._trigrams()
        grams = trigrams(word)
        counts: dict[str, int] = {}
        n = len(word)
        for length in range(max(3, n - 3), n + 4):
            for g in grams:
                for w in index.get((length, g), ()):
                    counts[w] = counts.get(w, 0) + 1
        scored = []
        for w, shared in counts.items():
            if shared < 2:
                continue
            sim = shared / (len(grams) + len(trigrams(w)) - shared)
            if sim >= threshold:
                scored.append((sim, w))
        scored.sort(key=lambda t: (-t[0], t[1]))
        return [(w, sim) for sim, w in scored[:limit]]

    def _trigrams(self) -> dict[tuple[int, str], list[str]]:
        if self._trigram_index is None:
            with self._lock:
                if self._trigram_index is None:
                    index: dict[tuple[int, str], list[str]] = {}
                    for w in list(self.word_stem):  # a copy: add_words may run in another thread
                        if w.isalpha() and len(w) >= 3:
                            for g in trigrams(w):
                                index.setdefault((len(w), g), []).append(w)
                    self._trigram_index = index
        return self._trigram_index

    # --- queries ------------------------------------------------------------------------------------

    def parse(self, q: str) -> list[QueryWord]:
        """The words of a query that carry meaning. The last word is also a prefix while the
        person is still typing it (no space after it)."""
        q = normalise(q)
        typing = bool(q) and not q[-1].isspace()
        toks = tokens(q)
        out: list[QueryWord] = []
        for i, parts in enumerate(toks):
            last = i == len(toks) - 1
            word = "".join(parts)
            if is_stop(word) and not (last and typing and len(out) == 0 and len(word) >= MIN_PREFIX):
                continue
            out.append(QueryWord(word=word, stem=stem(word), prefix=last and typing and len(word) >= MIN_PREFIX))
        return out[:12]

    def expand(self, qwords: list[QueryWord], fuzzy: dict[str, list[tuple[str, float]]]) -> list[Group]:
        """Groups of alternatives for each query word: the word, its other spellings and synonyms,
        its parts if a compound, vocabulary words like it if unknown, and words it begins (typing)."""
        groups = []
        for qw in qwords:
            main = Atom()
            alts: list[Alternative] = []
            known = qw.stem in self.known_stems
            # Always the word itself, even if the vocabulary (possibly a moment old) lacks it.
            main.add(qw.stem, EXACT)
            for v in self.respell(qw.stem):
                main.add(v, VARIANT)
            for s, w in list(main.stems.items()):
                self._add_synonyms(s, w, main, alts)
            for cand, sim in fuzzy.get(qw.word, ()):
                cs = self.word_stem.get(cand) or stem(cand)
                weight = FUZZY * min(1.0, 0.5 + sim)
                main.add(cs, weight)
                self._add_synonyms(cs, weight, main, alts)
            if qw.prefix:
                # The stem is usually a prefix of the word, and then the only one needed.
                prefixes = {qw.stem} if qw.word.startswith(qw.stem) else {qw.word, qw.stem}
                for p in prefixes:
                    if len(p) >= MIN_PREFIX and self.has_prefix(p):
                        main.add_prefix(p, PREFIX, self.expand_prefix(p))
            parts = self.split(qw.word)
            if parts:
                atoms = []
                for part in parts:
                    atom = Atom()
                    ps = stem(part)
                    atom.add(ps, EXACT)
                    if not known:
                        # A word the catalogue does not have: its parts may be said in other words too.
                        for v in self.respell(ps):
                            atom.add(v, VARIANT)
                        for s, w in list(atom.stems.items()):
                            self._add_synonyms(s, w, atom, None)
                    atoms.append(atom)
                alts.append(Alternative(atoms=atoms, weight=PARTS if not known else PARTS * 0.9))
            if main:
                alts.insert(0, Alternative(atoms=[main]))
            if not alts:
                continue
            df = self._group_df(alts)
            groups.append(Group(word=qw.word, alternatives=alts, idf=self.idf(df), share=min(1.0, df / self.n_docs)))
        return groups

    def _add_synonyms(self, s: str, weight: float, atom: Atom, alts: list[Alternative] | None) -> None:
        for members in self.synonyms.get(s, ()):
            for member in members:
                if len(member) == 1:
                    atom.add(member[0], weight * SYNONYM)
                elif alts is not None:
                    alts.append(Alternative(atoms=[Atom(stems={m: EXACT}) for m in member], weight=weight * SYNONYM))

    def _group_df(self, alts: list[Alternative]) -> int:
        """How common the word is: from its own forms when the index has them, else from the most
        common of the words that stand for it."""
        own = [self.df(s) for s, w in alts[0].atoms[0].stems.items() if w >= VARIANT] if alts[0].atoms else []
        if any(own):
            return max(own)
        df = 0
        for alt in alts:
            alt_df = None
            for atom in alt.atoms:
                atom_df = max([self.df(s) for s in atom.stems] or [0])
                for p in atom.prefixes:
                    atom_df = max(atom_df, self.prefix_df(p))
                alt_df = atom_df if alt_df is None else min(alt_df, atom_df)
            df = max(df, alt_df or 0)
        return df or 1


def words_of(text: str) -> list[str]:
    """The words of a synonym entry or a query, in bokmål form, hyphenated words joined."""
    return ["".join(parts) for parts in tokens(text)]


def _split(word: str, lexicon: Lexicon, extra: set[str] | frozenset[str]) -> list[str] | None:
    best: dict[tuple[int, int], list[str] | None] = {}

    def solve(i: int, depth: int) -> list[str] | None:
        # The fewest parts covering word[i:], the last one possibly inflected; at most four in all.
        if (i, depth) in best:
            return best[(i, depth)]
        result = None
        if depth < 4:
            for j in range(len(word) - MIN_PART, i + MIN_PART - 1, -1):
                part = word[i:j]
                if i == 0 and part in _PARTICLES:
                    continue
                if not lexicon.known_part(part, final=False, extra=extra):
                    continue
                for k in (j, j + 1):
                    if k > j and word[j] not in "se":
                        continue
                    rest = word[k:]
                    if len(rest) < MIN_PART:
                        continue
                    tail = [rest] if lexicon.known_part(rest, final=True, extra=extra) else solve(k, depth + 1)
                    if tail and (result is None or 1 + len(tail) < len(result)):
                        result = [part, *tail]
        best[(i, depth)] = result
        return result

    return solve(0, 1)
