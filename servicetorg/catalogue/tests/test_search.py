"""The catalogue search understands how people write Norwegian. The same tests run on SQLite
(FTS5) and PostgreSQL (tsvector + pg_trgm); the catalogue is built through the catalogue services,
as the staff screens and the importer do."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from servicetorg.catalogue import search, text
from servicetorg.catalogue.models import Area, Article, ArticleKind, Handling, Service, Synonym
from servicetorg.catalogue.search import catalogue_search
from servicetorg.catalogue.selectors import service_typeahead
from servicetorg.catalogue.services import service_create, service_update
from servicetorg.catalogue.tasks import catalogue_index_refresh
from servicetorg.organisation.models import Unit


def add(municipality, name, area, *, handling=Handling.GUIDE, **fields):
    return service_create(by=None, municipality=municipality, name=name, area=Area.objects.get(code=area),
                          step=fields.pop("step", 2), handling=handling, **fields)


@pytest.fixture
def catalogue(municipality):
    """A small catalogue written the way municipalities write theirs."""
    barnevern = Unit.objects.create(municipality=municipality, name="Barneverntjenesten", slug="barnevern",
                                    sensitive=True)
    s = {}
    s["kalender"] = add(
        municipality, "Tømmekalender for husholdningsavfall", "renovasjon", handling=Handling.ANSWER, step=1,
        summary="Se hvilke dager restavfall, papir og plast blir hentet hos deg.",
        body="Restavfall hentes hver andre uke. Kalenderen finner du på nettsidene.",
    )
    s["glemt"] = add(
        municipality, "Melde fra om glemt henting av avfall", "renovasjon",
        keywords="ikke tømt, ikke hentet, glemt, søppeldunken",
        summary="Ble avfallsbeholderen ikke tømt på hentedagen? Meld fra, så kommer renovatøren tilbake.",
        body="Sett beholderen ved veien før klokken sju på hentedagen.",
    )
    s["barnehageplass"] = add(
        municipality, "Søknad om barnehageplass", "barnehage",
        name_nn="Søknad om barnehageplass",
        summary="Søk plass i barnehage innen fristen for hovedopptaket 1. mars.",
        summary_nn="Søk plass i barnehage innan fristen for hovudopptaket 1. mars.",
        body="Alle barn som fyller ett år innen utgangen av november, har rett til plass.",
    )
    s["bytte"] = add(
        municipality, "Bytte eller si opp plass i barnehage", "barnehage",
        summary="Bytt barnehage eller si opp plassen i foreldreportalen.",
    )
    s["eiendomsskatt"] = add(
        municipality, "Eiendomsskatt", "skatt-gebyr-faktura", handling=Handling.ANSWER, step=1,
        summary="Eiendomsskatten skrives ut i februar og betales i fire terminer.",
    )
    s["brøyting"] = add(
        municipality, "Brøyting og strøing av kommunale veier", "vei-trafikk-parkering", handling=Handling.ANSWER,
        step=1, summary="Kommunen brøyter og strør kommunale veier og fortau etter en fast prioritering.",
    )
    s["skole"] = add(
        municipality, "Skolestart og bytte av skole", "skole-sfo",
        summary="Innskriving til første klasse og søknad om å bytte skole.",
    )
    s["byggesøknad"] = add(
        municipality, "Søknad om å bygge", "byggesak",
        summary="De fleste tiltak på eiendommen trenger tillatelse fra kommunen.",
        body="Garasje, tilbygg og terrasse: sjekk om du må søke før du begynner.",
    )
    s["bekymring"] = add(
        municipality, "Bekymringsmelding til barnevernet", "barnevern", handling=Handling.FORWARD, step=4,
        forward_to=barnevern, owner_unit=barnevern, summary="Er du bekymret for et barn? Si fra.",
    )
    s["hall"] = add(
        municipality, "Leie av idrettshall og gymsal", "idrett-utleie", step=3,
        summary="Lag, foreninger og private kan leie haller og gymsaler.",
    )
    return s


def names(hits):
    return [hit.service.name for hit in hits]


def top(municipality, q, **kwargs):
    hits = catalogue_search(municipality_id=municipality.pk, q=q, **kwargs)
    return hits[0].service if hits else None


# --- the two sentences of the issue ----------------------------------------------------------------


def test_a_missed_collection_is_on_top_when_said_the_way_people_say_it(municipality, catalogue):
    assert top(municipality, "søppla ble ikke tømt") == catalogue["glemt"]


def test_a_nynorsk_question_finds_the_kindergarten_application(municipality, catalogue):
    assert top(municipality, "korleis søkjer eg barnehageplass") == catalogue["barnehageplass"]


# --- words ----------------------------------------------------------------------------------------------


def test_inflected_forms_find_the_service(municipality, catalogue):
    assert top(municipality, "veiene ble ikke brøytet") == catalogue["brøyting"]
    assert top(municipality, "idrettshallene") == catalogue["hall"]


def test_a_compound_in_the_query_finds_its_parts_in_the_text(municipality, catalogue):
    # Nowhere in the catalogue as one word: barnehage + plass, bygge + søknad.
    assert "Bytte eller si opp plass i barnehage" in names(
        catalogue_search(municipality_id=municipality.pk, q="si opp barnehageplassen")
    )
    assert top(municipality, "byggesøknad") == catalogue["byggesøknad"]


def test_a_linking_s_is_dropped_when_splitting(municipality):
    service = add(municipality, "Skatt på eiendom", "skatt-gebyr-faktura")
    assert text.Lexicon(words={"skatt": ("skatt", 1), "eiendom": ("eiendom", 1)}, n_docs=1,
                        synonym_groups=[]).split("eiendomsskatten") == ["eiendom", "skatten"]
    assert top(municipality, "eiendomsskatten") == service


def test_a_part_of_a_compound_in_the_text_is_found(municipality, catalogue):
    assert top(municipality, "skatt") == catalogue["eiendomsskatt"]
    assert catalogue["glemt"] in [h.service for h in catalogue_search(municipality_id=municipality.pk, q="dunk")]


def test_everyday_words_and_synonyms_find_the_service(municipality, catalogue):
    assert top(municipality, "bos") in (catalogue["kalender"], catalogue["glemt"])
    assert top(municipality, "snømåking") == catalogue["brøyting"]
    assert top(municipality, "kindergarten") in (catalogue["barnehageplass"], catalogue["bytte"])


def test_nynorsk_forms_find_bokmål_texts(municipality, catalogue):
    assert top(municipality, "byte av skule") == catalogue["skole"]
    assert top(municipality, "korleis søkjer eg byggjeløyve") == catalogue["byggesøknad"]


def test_a_nynorsk_text_is_found_with_bokmål_words(municipality):
    service = add(municipality, "Kulturskule", "kultur-bibliotek", name_nn="Kulturskule",
                  summary="Søk plass i kulturskulen.")
    assert top(municipality, "kulturskolen") == service


def test_misspellings_are_corrected(municipality, catalogue):
    assert top(municipality, "barnhageplass") == catalogue["barnehageplass"]
    assert top(municipality, "eindomsskatt") == catalogue["eiendomsskatt"]
    assert top(municipality, "idretshall") == catalogue["hall"]


def test_words_typed_without_æ_ø_and_å_are_found(municipality, catalogue):
    assert top(municipality, "soppla ble ikke tomt") == catalogue["glemt"]
    assert top(municipality, "broyting") == catalogue["brøyting"]


def test_the_last_word_is_a_prefix_while_typing(municipality, catalogue):
    assert top(municipality, "barneh") in (catalogue["barnehageplass"], catalogue["bytte"])
    assert top(municipality, "tømmekal") == catalogue["kalender"]
    assert top(municipality, "bekym") == catalogue["bekymring"]


def test_stopwords_do_not_drown_the_ranking(municipality, catalogue):
    assert top(municipality, "hva kan jeg gjøre når det ikke er brøytet hos meg?") == catalogue["brøyting"]
    assert catalogue_search(municipality_id=municipality.pk, q="hva er det som ikke er") == []


def test_a_name_match_ranks_above_a_body_match(municipality):
    in_body = add(municipality, "Hundehold", "landbruk-miljo", body="Om båndtvang og hund i byen.",
                  summary="Regler for dyr.")
    in_name = add(municipality, "Hund på kommunens friområder", "landbruk-miljo", summary="Regler for dyr.")
    hits = catalogue_search(municipality_id=municipality.pk, q="hund")
    assert [h.service for h in hits][:2] == [in_name, in_body]
    assert hits[0].score > hits[1].score


def test_an_empty_query_finds_nothing(municipality, catalogue):
    assert catalogue_search(municipality_id=municipality.pk, q="   ") == []
    assert catalogue_search(municipality_id=municipality.pk, q="?!") == []


# --- what is shown ------------------------------------------------------------------------------------


def test_inactive_services_are_never_found(municipality, catalogue):
    service_update(service=catalogue["hall"], by=None, active=False)
    assert catalogue["hall"] not in [h.service for h in catalogue_search(municipality_id=municipality.pk,
                                                                         q="idrettshall", public=False)]
    assert catalogue_search(municipality_id=municipality.pk, q="idrettshall", public=True) == []


def test_articles_are_found_and_the_public_sees_only_public_ones(municipality, catalogue):
    faq = Article.objects.create(municipality=municipality, title="Hva gjør jeg når bosset ikke er hentet?",
                                 slug="bosset-ikke-hentet", body="Meld fra på nett samme dag.")
    script = Article.objects.create(municipality=municipality, title="Telefonmanus: glemt henting av bos",
                                    slug="manus-glemt-henting", kind=ArticleKind.PHONE_SCRIPT, public=False,
                                    body="Spør om adressen og hentedagen.")
    search.index_articles(article_ids=[faq.pk, script.pk])
    both = ("service", "article")

    staff = catalogue_search(municipality_id=municipality.pk, q="bosset ikke hentet", kinds=both)
    assert {h.article for h in staff if h.kind == "article"} == {faq, script}
    assert all(h.obj is not None for h in staff)
    public = catalogue_search(municipality_id=municipality.pk, q="bosset ikke hentet", kinds=both, public=True)
    assert {h.article for h in public if h.kind == "article"} == {faq}
    # Services only, unless asked.
    assert {h.kind for h in catalogue_search(municipality_id=municipality.pk, q="bosset ikke hentet")} == {"service"}


def test_another_municipality_s_catalogue_is_never_searched(municipality, other_municipality, catalogue):
    add(other_municipality, "Søknad om barnehageplass i Levanger", "barnehage")
    hits = catalogue_search(municipality_id=municipality.pk, q="barnehageplass", limit=20)
    assert {h.service.municipality_id for h in hits} == {municipality.pk}


# --- keeping the index in step --------------------------------------------------------------------


def test_a_renamed_service_is_found_by_its_new_name_only(municipality, catalogue):
    assert top(municipality, "idrettshall") == catalogue["hall"]
    service_update(service=catalogue["hall"], by=None, name="Utleie av svømmebasseng",
                   summary="Lag kan leie bassenget.")
    assert top(municipality, "svømmebasseng") == catalogue["hall"]
    assert catalogue["hall"] not in [h.service for h in catalogue_search(municipality_id=municipality.pk,
                                                                         q="idrettshall")]


def test_a_deactivated_service_leaves_the_index_and_comes_back(municipality, catalogue):
    service_update(service=catalogue["eiendomsskatt"], by=None, active=False)
    assert top(municipality, "eiendomsskatt") != catalogue["eiendomsskatt"]
    service_update(service=catalogue["eiendomsskatt"], by=None, active=True)
    assert top(municipality, "eiendomsskatt") == catalogue["eiendomsskatt"]


def test_services_written_around_the_catalogue_services_are_found_after_the_index_check(municipality, catalogue):
    """Written with the ORM (as bulk loads and raw SQL do), not through the catalogue services: a search
    never writes, so the periodic index check brings them in and drops what was deleted."""
    added = Service.objects.create(municipality=municipality, name="Tømming av avfallsbeholdere", slug="tomming-avfall",
                                   area=Area.objects.get(code="renovasjon"), step=1, handling=Handling.ANSWER)
    Service.objects.filter(pk=catalogue["hall"].pk).delete()
    with CaptureQueriesContext(connection) as searching:
        catalogue_search(municipality_id=municipality.pk, q="avfallsbeholdere")
    assert not [q for q in searching.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE",
                                                                                                "DELETE"))]
    assert catalogue_index_refresh.call() == 1
    assert added in [h.service for h in catalogue_search(municipality_id=municipality.pk, q="avfallsbeholdere")]
    assert catalogue_search(municipality_id=municipality.pk, q="idrettshall gymsal") == []


def test_a_municipality_s_own_synonym_takes_effect_once_saved(municipality, other_municipality, catalogue):
    assert catalogue_search(municipality_id=municipality.pk, q="miljøtrikken") == []
    Synonym.objects.create(municipality=municipality, words="miljøtrikken, henting av avfall")
    assert top(municipality, "miljøtrikken") == catalogue["glemt"]
    # Only for this municipality.
    other = add(other_municipality, "Henting av avfall", "renovasjon")
    assert catalogue_search(municipality_id=other_municipality.pk, q="miljøtrikken") == []
    # A national row (no municipality) applies to all.
    Synonym.objects.create(municipality=None, words="miljøtrikken, avfall")
    assert top(other_municipality, "miljøtrikken") == other


def test_catalogue_reindex_rebuilds_the_index(municipality, catalogue):
    call_command("catalogue_reindex", verbosity=0)
    assert top(municipality, "søppla ble ikke tømt") == catalogue["glemt"]
    call_command("catalogue_reindex", municipality=municipality.slug, verbosity=0)
    assert top(municipality, "barnehageplass") == catalogue["barnehageplass"]


def test_a_search_takes_a_fixed_number_of_queries(municipality, catalogue, django_assert_max_num_queries):
    top(municipality, "barnehage")  # the first search after a change loads the vocabulary
    with django_assert_max_num_queries(4):
        catalogue_search(municipality_id=municipality.pk, q="barnhageplass søknad", limit=10)


# --- the quick-log typeahead ------------------------------------------------------------------------


def test_the_typeahead_lists_services_then_areas(municipality, catalogue):
    picks = service_typeahead(municipality_id=municipality.pk, q="barneh")
    values = [p.value for p in picks]
    assert values[:2] == [f"service:{catalogue['barnehageplass'].pk}", f"service:{catalogue['bytte'].pk}"] or \
        values[:2] == [f"service:{catalogue['bytte'].pk}", f"service:{catalogue['barnehageplass'].pk}"]
    assert "area:barnehage" in values
    assert values.index("area:barnehage") > 1


def test_the_typeahead_understands_a_whole_sentence(municipality, catalogue):
    picks = service_typeahead(municipality_id=municipality.pk, q="søppla ble ikke tømt")
    assert picks[0].value == f"service:{catalogue['glemt'].pk}"
    assert picks[0].label == catalogue["glemt"].name


def test_the_typeahead_marks_sensitive_services(municipality, catalogue):
    pick = service_typeahead(municipality_id=municipality.pk, q="bekymringsmelding")[0]
    assert pick.value == f"service:{catalogue['bekymring'].pk}"
    assert pick.sensitive
    assert pick.handling == Handling.FORWARD


# --- the text rules, without a database ------------------------------------------------------------


def test_nynorsk_and_dialect_forms_become_bokmål():
    assert text.words("Korleis søkjer eg om byggjeløyve på skulen?") == [
        "hvordan", "søker", "jeg", "om", "byggetillatelse", "på", "skolen",
    ]
    assert text.nb_form("sjukeheimsplass") == "sykehjemsplass"
    assert text.nb_form("ikkje") == "ikke"


def test_hyphenated_words_are_kept_whole_and_by_part():
    assert text.words("e-post til NAV") == ["epost", "e", "post", "til", "nav"]


def test_the_stemmer_is_snowball_s_norwegian():
    assert text.stem("barnehagen") == text.stem("barnehage") == "barnehag"
    assert text.stem("søknader") == "søknad"
    assert text.stem("abc123") == "abc123"


def test_compounds_split_into_the_fewest_known_parts():
    lexicon = text.Lexicon(
        words={w: (text.stem(w), 1) for w in ["søppel", "dunk", "barnehage", "plass", "bygge", "søknad", "barn",
                                              "hage", "eiendom", "skatt", "inn", "bygger"]},
        n_docs=10, synonym_groups=[],
    )
    assert lexicon.split("søppeldunken") == ["søppel", "dunken"]
    assert lexicon.split("barnehageplass") == ["barnehage", "plass"]
    assert lexicon.split("byggesøknad") == ["bygge", "søknad"]
    assert lexicon.split("eiendomsskatten") == ["eiendom", "skatten"]
    # A particle does not start a compound: innbygger is not inn + bygger.
    assert lexicon.split("innbygger") is None
    assert lexicon.split("renovasjon") is None


def test_the_trigram_similarity_is_pg_trgm_s():
    assert text.similarity("søpel", "søppel") == pytest.approx(0.625)
    assert text.similarity("soppel", "søppel") == pytest.approx(0.4)


def test_the_national_synonym_list_is_read():
    groups = text.national_synonyms()
    assert len(groups) >= 80
    assert any({"søppel", "bos", "avfall", "renovasjon"} <= set(g) for g in groups)
    assert any({"brøyting", "snømåking", "snørydding"} <= set(g) for g in groups)
    assert any({"barnehage", "bhg", "barnehageplass"} <= set(g) for g in groups)


def test_the_typeahead_answers_the_browser_journey_s_keystrokes(
    municipality, service_renovasjon, service_byggesak, service_barnevern
):
    # e2e/test_quicklog_journey.py types these; conftest's services are created around the services.
    def values(q):
        return [p.value for p in service_typeahead(municipality_id=municipality.pk, q=q)]

    assert values("søppel")[0] == f"service:{service_renovasjon.pk}"
    assert values("bygg")[:2] == [f"service:{service_byggesak.pk}", "area:byggesak"]
    assert values("bekym")[0] == f"service:{service_barnevern.pk}"
    assert "area:bolig" in values("bolig")
