"""The demo municipality: Sandefjord with its three service centres, its units,
a starter catalogue, one account per role and two years of synthetic history.

The service names, summaries and keywords are bokmål *content* (what a
municipality would type into its catalogue), not interface text, so they are
not marked for translation. The demo accounts and their passwords live here and
only here; `manage.py demo_logins` prints them.
"""

import datetime as dt
import time
from dataclasses import dataclass
from typing import NamedTuple

import holidays
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from servicetorg.accounts.models import Role, User
from servicetorg.catalogue.models import Area, Handling, Service
from servicetorg.inquiries.generator import inquiries_generate
from servicetorg.organisation.models import (
    Municipality,
    OpeningException,
    OpeningHours,
    Site,
    Unit,
    UnitKind,
)

MUNICIPALITY = {"number": "3907", "name": "Sandefjord", "slug": "sandefjord"}
DEMO_URL = "http://127.0.0.1:8000"
HISTORY_DAYS = 730
HISTORY_PER_DAY = 150
HISTORY_SEED = 3907

_MON, _TUE, _WED, _THU, _FRI = range(5)


class DemoSite(NamedTuple):
    slug: str
    name: str
    library: str
    address: str
    email: str
    # weekday -> list of (opens, closes); several intervals make a split day.
    hours: dict[int, list[tuple[str, str]]]
    # July: other hours for every day the site is normally open, or None for closed.
    summer: tuple[str, str] | None


SITES = [
    DemoSite(
        "sandefjord", "Sandefjord servicetorg", "Sandefjord bibliotek", "Kongens gate 2, 3210 Sandefjord",
        "servicetorget@sandefjord.kommune.no",
        {_MON: [("08:00", "15:30")], _TUE: [("08:00", "15:30")], _WED: [("08:00", "15:30")],
         _THU: [("08:00", "18:00")], _FRI: [("08:00", "15:30")]},
        ("09:00", "14:00"),
    ),
    DemoSite(
        "stokke", "Stokke servicetorg", "Stokke bibliotek", "Kirkeveien 8, 3160 Stokke",
        "servicetorget@sandefjord.kommune.no",
        {_MON: [("10:00", "15:00")], _TUE: [("10:00", "15:00")], _WED: [("10:00", "15:00")],
         _THU: [("10:00", "15:00")], _FRI: [("10:00", "15:00")]},
        ("10:00", "14:00"),
    ),
    DemoSite(
        "andebu", "Andebu servicetorg", "Andebu bibliotek", "Kodalveien 1, 3158 Andebu",
        "servicetorget@sandefjord.kommune.no",
        # Thursday is a split day: closed at lunch, open in the evening with the library.
        {_TUE: [("10:00", "14:00")], _WED: [("10:00", "14:00")], _THU: [("10:00", "12:00"), ("14:00", "18:00")]},
        None,
    ),
]
SITE_PHONE = "33 41 60 00"


class DemoUnit(NamedTuple):
    slug: str
    name: str
    email: str
    kind: str = UnitKind.INTERNAL
    sensitive: bool = False
    parent: str | None = None
    phone: str = ""


_KOMMUNE = "sandefjord.kommune.no"
UNITS = [
    DemoUnit("servicetorget", "Servicetorget", f"servicetorget@{_KOMMUNE}", phone=SITE_PHONE),
    DemoUnit("dokumentsenteret", "Dokumentsenteret", f"postmottak@{_KOMMUNE}"),
    DemoUnit("okonomi", "Økonomienheten", f"okonomi@{_KOMMUNE}"),
    DemoUnit("kommunalteknikk", "Kommunalteknikk", f"kommunalteknikk@{_KOMMUNE}"),
    DemoUnit("byggesak", "Byggesak", f"byggesak@{_KOMMUNE}"),
    DemoUnit("plan-geodata", "Plan og geodata", f"plan@{_KOMMUNE}"),
    DemoUnit("oppvekst", "Oppvekst", f"oppvekst@{_KOMMUNE}"),
    DemoUnit("ppt", "PPT", f"ppt@{_KOMMUNE}", sensitive=True, parent="oppvekst"),
    DemoUnit("barnevern", "Barneverntjenesten", f"barnevern@{_KOMMUNE}", sensitive=True),
    DemoUnit("helse-omsorg", "Helse og omsorg", f"helse.omsorg@{_KOMMUNE}"),
    DemoUnit("tildelingskontoret", "Tildelingskontoret", f"tildelingskontoret@{_KOMMUNE}", parent="helse-omsorg"),
    DemoUnit("helsestasjonen", "Helsestasjonen", f"helsestasjonen@{_KOMMUNE}", parent="helse-omsorg"),
    DemoUnit("legevakt", "Legetjenester og legevakt", f"legetjenester@{_KOMMUNE}", parent="helse-omsorg"),
    # Health and addiction services: recorded as statistics only, like child welfare.
    DemoUnit("psykisk-helse-rus", "Psykisk helse og rus", f"psykiskhelse.rus@{_KOMMUNE}", sensitive=True,
             parent="helse-omsorg"),
    DemoUnit("flyktningetjenesten", "Flyktningetjenesten", f"flyktningetjenesten@{_KOMMUNE}"),
    DemoUnit("boligkontoret", "Boligkontoret", f"boligkontoret@{_KOMMUNE}"),
    DemoUnit("kultur", "Kultur", f"kultur@{_KOMMUNE}"),
    DemoUnit("brannvesenet", "Vestfold interkommunale brannvesen", "", phone="33 31 50 00"),
    DemoUnit("renovasjon", "Renovasjonsselskapet", "kundeservice@renovasjon.example.no"),
    DemoUnit("naering", "Næring", f"naering@{_KOMMUNE}"),
    DemoUnit("landbruk-miljo", "Landbruk og miljø", f"landbruk@{_KOMMUNE}"),
    DemoUnit("hr", "HR", f"hr@{_KOMMUNE}"),
    DemoUnit("politisk-sekretariat", "Politisk sekretariat", f"politisk.sekretariat@{_KOMMUNE}"),
    DemoUnit("kirkelig-fellesrad", "Kirkelig fellesråd", "", kind=UnitKind.EXTERNAL),
    # The DOMAIN rule: NAV inquiries keep category, channel and time, never free text.
    DemoUnit("nav", "NAV Sandefjord", "", kind=UnitKind.EXTERNAL, sensitive=True,
             phone="55 55 33 33"),
    DemoUnit("skatteetaten", "Skatteetaten", "", kind=UnitKind.EXTERNAL, phone="800 80 000"),
    DemoUnit("politiet", "Politiet", "", kind=UnitKind.EXTERNAL, phone="02800"),
    DemoUnit("statens-vegvesen", "Statens vegvesen", "", kind=UnitKind.EXTERNAL, phone="22 07 30 00"),
]


class DemoService(NamedTuple):
    area: str
    slug: str
    name: str
    step: int
    handling: str
    owner: str | None
    forward_to: str | None
    summary: str
    keywords: str


_A, _G, _F, _R = Handling.ANSWER, Handling.GUIDE, Handling.FORWARD, Handling.REFER

# fmt: off
SERVICES = [
    # servicetorg
    DemoService("servicetorg", "apningstider-og-adresser", "Åpningstider og adresser", 1, _A, "servicetorget", None,
                "Åpningstider, adresser og kontaktinformasjon for servicetorgene, rådhuset og kommunens enheter.",
                "åpningstid, åpent, stengt, når åpner, adresse, hvor ligger, opningstid, kontakt, telefonnummer"),
    DemoService("servicetorg", "sentralbord", "Sentralbord og hvem jobber hvor", 1, _A, "servicetorget", None,
                "Vi finner rett person eller enhet og setter deg over til den som kan hjelpe deg.",
                "sentralbord, sette over, snakke med, saksbehandler, ansatt, hvem har ansvar, telefonliste"),
    DemoService("servicetorg", "hittegods", "Hittegods", 1, _A, "servicetorget", None,
                "Lever inn eller spør etter ting som er funnet i kommunale bygg og på servicetorget.",
                "mistet, funnet, glemt, gjenglemt, lommebok, nøkler, hittegods, vott, lue, mobil"),
    DemoService("servicetorg", "publikums-pc-og-utskrift", "Publikums-PC, kopiering og utskrift", 1, _A,
                "servicetorget", None,
                "Bruk publikums-PC-ene på servicetorget til å skrive ut, kopiere og skanne dokumenter.",
                "pc, datamaskin, skrive ut, printe, printer, kopiere, skanne, utskrift, skrivar"),
    # digital-hjelp
    DemoService("digital-hjelp", "bankid-minid-id-porten", "Hjelp med BankID, MinID og ID-porten", 2, _G,
                "servicetorget", None,
                "Vi hjelper deg å logge inn med BankID eller MinID, og viser deg hva du gjør hvis du har glemt koden.",
                "bankid, bank id, minid, min id, id-porten, innlogging, logge inn, passord, kodebrikke, glemt kode"),
    DemoService("digital-hjelp", "digital-postkasse", "Digital postkasse (Digipost og e-Boks)", 2, _G,
                "servicetorget", None,
                "Få hjelp til å opprette digital postkasse, lese brev fra det offentlige eller reservere deg.",
                "digipost, eboks, e-boks, digital post, brev på nett, postkasse, reservere, reservasjon"),
    DemoService("digital-hjelp", "elektroniske-skjema", "Hjelp til å fylle ut elektroniske skjemaer", 2, _G,
                "servicetorget", None,
                "Vi hjelper deg med nettskjemaer og vedlegg, så du klarer det selv neste gang.",
                "nettskjema, e-skjema, søke på nett, fylle ut, vedlegg, laste opp, skjema på nett, sjølvbetjening"),
    # dokumentsenter
    DemoService("dokumentsenter", "status-i-sak", "Status i en sak (saksgang)", 2, _F, "dokumentsenteret",
                "dokumentsenteret",
                "Dokumentsenteret svarer på hvor en sak står og når du kan vente svar.",
                "saksgang, status, hvor er saken, saksnummer, svar på søknad, behandlingstid, venter på svar"),
    DemoService("dokumentsenter", "innsyn-og-postliste", "Innsyn i saksdokumenter og postliste", 3, _F,
                "dokumentsenteret", "dokumentsenteret",
                "Be om innsyn i dokumenter etter offentleglova, eller søk i kommunens postliste.",
                "innsyn, postliste, offentlig journal, dokumenter, arkiv, journal, offentleglova, innsynskrav"),
    DemoService("dokumentsenter", "sende-post-til-kommunen", "Sende brev og dokumenter til kommunen", 1, _A,
                "dokumentsenteret", None,
                "Postadresse, e-postadresse og sikker digital forsendelse til kommunen.",
                "postadresse, postmottak, sende brev, sende dokumenter, e-post til kommunen, sikker sending"),
    # politikk-valg
    DemoService("politikk-valg", "politiske-moter", "Politiske møter, sakspapirer og protokoller", 1, _A,
                "politisk-sekretariat", None,
                "Møteplan, saksliste og protokoller for kommunestyret, formannskapet og utvalgene.",
                "kommunestyre, bystyret, møteplan, sakskart, saksliste, protokoll, referat, utvalg, formannskap"),
    DemoService("politikk-valg", "valg-og-forhandsstemming", "Valg og forhåndsstemming", 1, _A,
                "politisk-sekretariat", None,
                "Hvor og når du kan forhåndsstemme, og hva du tar med til valglokalet.",
                "valg, val, stemme, forhåndsstemme, forhåndsstemming, valgkort, stemmested, valgdag, kommunevalg"),
    DemoService("politikk-valg", "innbyggerforslag", "Innbyggerforslag og kontakt med politikerne", 2, _G,
                "politisk-sekretariat", None,
                "Slik fremmer du et innbyggerforslag eller skriver til ordføreren og de folkevalgte.",
                "innbyggerforslag, underskrifter, ordfører, ordføreren, politiker, kontakte politiker, folkevalgt"),
    # barnehage
    DemoService("barnehage", "barnehageplass", "Søknad om barnehageplass", 2, _G, "oppvekst", None,
                "Søk barnehageplass på nett innen fristen for hovedopptaket, eller løpende gjennom året.",
                "barnehage, bhg, barnehageplass, søke barnehage, hovedopptak, opptak, venteliste, plass i barnehage"),
    DemoService("barnehage", "barnehage-foreldrebetaling", "Foreldrebetaling og redusert betaling i barnehage", 2,
                _G, "oppvekst", None,
                "Pris for barnehageplass, søskenmoderasjon og søknad om redusert betaling eller gratis kjernetid.",
                "barnehagepris, foreldrebetaling, redusert betaling, gratis kjernetid, søskenmoderasjon, makspris"),
    DemoService("barnehage", "bytte-eller-si-opp-barnehageplass", "Bytte eller si opp barnehageplass", 2, _G,
                "oppvekst", None,
                "Søk om å bytte barnehage eller si opp plassen i foreldreportalen.",
                "oppsigelse barnehage, si opp plass, bytte barnehage, overflytting, endre plass, foreldreportal"),
    # skole-sfo
    DemoService("skole-sfo", "skolestart-og-bytte-av-skole", "Skolestart og bytte av skole", 2, _G, "oppvekst",
                None,
                "Innskriving til første klasse, hvilken skole barnet sokner til, og søknad om skolebytte.",
                "skolestart, skulestart, innskriving, skoleinnskriving, førsteklasse, bytte skole, nærskole"),
    DemoService("skole-sfo", "sfo", "SFO – søknad, oppsigelse og betaling", 2, _G, "oppvekst", None,
                "Søk plass i skolefritidsordningen, endre eller si opp plassen, og se prisene.",
                "sfo, skolefritidsordning, aks, sfo-plass, si opp sfo, sfo pris, sfo betaling, gratis sfo"),
    DemoService("skole-sfo", "skoleskyss", "Skoleskyss", 3, _G, "oppvekst", None,
                "Rett til gratis skoleskyss, skolekort og søknad om skyss på grunn av farlig skolevei.",
                "skoleskyss, skolebuss, buss til skolen, skolekort, farlig skolevei, skyss, skuleskyss"),
    # ppt
    DemoService("ppt", "henvisning-til-ppt", "Henvisning til PPT", 4, _F, "ppt", "ppt",
                "PPT utreder barn og unge som kan trenge spesialpedagogisk hjelp eller spesialundervisning.",
                "ppt, pp-tjenesten, henvisning, sakkyndig vurdering, spesialundervisning, lærevansker, dysleksi"),
    DemoService("ppt", "kontakt-med-ppt", "Kontakt med PPT om barn i barnehage eller skole", 2, _F, "ppt", "ppt",
                "Foreldre og ansatte kan be om en samtale med PPT om et barn de er bekymret for.",
                "ppt, rådgiver ppt, snakke med ppt, tilrettelegging, spesialpedagogisk hjelp, logoped, språkvansker"),
    # barnevern
    DemoService("barnevern", "bekymringsmelding", "Bekymringsmelding til barnevernet", 4, _F, "barnevern",
                "barnevern",
                "Er du bekymret for et barn, kan du melde fra til barnevernstjenesten, også anonymt.",
                "bekymring, bekymringsmelding, barnevern, barnevernet, melde, omsorgssvikt, vold, bv"),
    DemoService("barnevern", "kontakt-med-barnevernet", "Kontakt med barnevernstjenesten", 2, _F, "barnevern",
                "barnevern",
                "Vi setter deg i kontakt med barnevernstjenesten eller barnevernvakten.",
                "barnevern, saksbehandler barnevern, snakke med barnevernet, fosterhjem, barnevernvakt, akutt"),
    # helsestasjon
    DemoService("helsestasjon", "time-pa-helsestasjonen", "Time på helsestasjonen og skolehelsetjenesten", 2, _G,
                "helsestasjonen", None,
                "Kontroller for barn, svangerskapsomsorg, helsesykepleier på skolen og helsestasjon for ungdom.",
                "helsestasjon, helsesykepleier, helsesøster, 6-ukerskontroll, kontroll, svangerskap, hfu, ungdom"),
    DemoService("helsestasjon", "vaksinasjon", "Vaksinasjon, også reisevaksiner", 2, _G, "helsestasjonen", None,
                "Vaksiner i barnevaksinasjonsprogrammet, influensavaksine og reisevaksiner.",
                "vaksine, vaksinasjon, reisevaksine, influensavaksine, sprøyte, vaksinekontor, hpv, koronavaksine"),
    # helse-omsorg
    DemoService("helse-omsorg", "hjemmetjenester", "Hjemmesykepleie og praktisk bistand", 4, _G,
                "tildelingskontoret", None,
                "Søk om hjemmesykepleie eller hjelp i hjemmet; Tildelingskontoret behandler søknaden.",
                "hjemmesykepleie, heimesjukepleie, hjemmehjelp, hjemmetjeneste, praktisk bistand, hjelp hjemme"),
    DemoService("helse-omsorg", "sykehjem-og-korttidsopphold", "Korttidsopphold og langtidsplass på sykehjem", 4,
                _G, "tildelingskontoret", None,
                "Søk om korttidsopphold, avlastning eller fast plass på sykehjem.",
                "sykehjem, sjukeheim, langtidsplass, korttidsopphold, avlastning, institusjonsplass, omsorgsbolig"),
    DemoService("helse-omsorg", "trygghetsalarm", "Trygghetsalarm og velferdsteknologi", 3, _G,
                "tildelingskontoret", None,
                "Trygghetsalarm, medisindispenser og annen teknologi som gjør det tryggere å bo hjemme.",
                "trygghetsalarm, alarm, velferdsteknologi, medisindispenser, gps, fallalarm, tryggleiksalarm"),
    DemoService("helse-omsorg", "hjelpemidler", "Hjelpemidler (rullator, rullestol, seng)", 3, _G, "helse-omsorg",
                None,
                "Lån av hjelpemidler fra kommunens hjelpemiddellager, kortvarig eller varig.",
                "hjelpemiddel, hjelpemidler, rullator, rullestol, sykeseng, låne, hjelpemiddellager, krykker"),
    DemoService("helse-omsorg", "omsorgsstonad-og-bpa", "Omsorgsstønad og brukerstyrt personlig assistanse (BPA)",
                4, _G, "tildelingskontoret", None,
                "Stønad til pårørende med tunge omsorgsoppgaver, og BPA for dem som vil styre sin egen hjelp.",
                "omsorgsstønad, omsorgslønn, bpa, brukerstyrt, pårørende, assistent"),
    # lege-legevakt
    DemoService("lege-legevakt", "fastlege", "Fastlege og bytte av fastlege", 2, _G, "legevakt", None,
                "Bytt fastlege på helsenorge.no, eller få hjelp til å finne en lege med ledig plass.",
                "fastlege, bytte fastlege, lege, legekontor, helsenorge, ny lege, legetime, ledig lege"),
    DemoService("lege-legevakt", "legevakt", "Legevakt – telefon og åpningstid", 1, _A, "legevakt", None,
                "Ring legevakten på 116 117 ved akutt sykdom når fastlegen er stengt; ring 113 ved livsfare.",
                "legevakt, legevakta, 116117, akutt, lege natt, lege i helga, skadelegevakt, 113"),
    # psykisk-helse-rus
    DemoService("psykisk-helse-rus", "psykisk-helsehjelp", "Hjelp for psykisk helse (lavterskeltilbud)", 2, _G,
                "psykisk-helse-rus", None,
                "Samtaletilbud uten henvisning for deg som sliter med angst, depresjon eller livskriser.",
                "psykisk helse, psykolog, samtale, angst, depresjon, rask psykisk helsehjelp, lavterskel, psykiatri"),
    DemoService("psykisk-helse-rus", "rustjenester", "Rustjenester og hjelp til pårørende", 2, _G,
                "psykisk-helse-rus", None,
                "Hjelp ved rusproblemer, og råd og støtte til pårørende.",
                "rus, rusavhengighet, alkohol, narkotika, pårørende, ruskonsulent, avrusning, lar"),
    # nav-sosial
    DemoService("nav-sosial", "okonomisk-sosialhjelp", "Økonomisk sosialhjelp og nødhjelp", 4, _R, "nav", "nav",
                "NAV behandler søknader om økonomisk sosialhjelp; ved akutt nød kan du få hjelp samme dag.",
                "sosialhjelp, sosialen, nødhjelp, penger til mat, økonomisk hjelp, nav sosial, nødpenger, husleie"),
    DemoService("nav-sosial", "gjeldsradgivning", "Gjeldsrådgivning", 2, _R, "nav", "nav",
                "Gratis råd fra NAV hvis du har betalingsproblemer eller gjeld du ikke klarer å betjene.",
                "gjeld, gjeldsrådgivning, inkasso, betalingsproblemer, økonomisk rådgivning, gjeldsordning"),
    DemoService("nav-sosial", "nav-arbeid-og-ytelser", "Arbeid, dagpenger og ytelser fra NAV", 2, _R, "nav", "nav",
                "Dagpenger, sykepenger, arbeidsavklaringspenger og jobbsøking gjennom NAV.",
                "nav, dagpenger, arbeidsledig, permittert, sykepenger, aap, meldekort, nav-kontor, uføre"),
    # flyktning-integrering
    DemoService("flyktning-integrering", "introduksjonsprogram", "Introduksjonsprogram og bosetting av flyktninger",
                2, _G, "flyktningetjenesten", None,
                "Bosetting, introduksjonsprogram og oppfølging av flyktninger de første årene i kommunen.",
                "flyktning, introduksjonsprogram, intro, bosetting, ukraina, ukrainsk, kollektiv beskyttelse"),
    DemoService("flyktning-integrering", "norskopplaering", "Norskopplæring for voksne", 2, _G,
                "flyktningetjenesten", None,
                "Norskkurs, samfunnskunnskap og norskprøver ved voksenopplæringen.",
                "norskkurs, norskopplæring, lære norsk, voksenopplæring, norskprøve, samfunnskunnskap"),
    DemoService("flyktning-integrering", "tolk", "Tolk i møte med kommunen", 2, _G, "flyktningetjenesten", None,
                "Kommunen bestiller tolk når du trenger det i møte med en tjeneste.",
                "tolk, tolking, tolketjeneste, trenger tolk, oversetting, språk, tolkebestilling"),
    # bolig
    DemoService("bolig", "kommunal-utleiebolig", "Kommunal utleiebolig", 4, _G, "boligkontoret", None,
                "Søk om kommunal utleiebolig hvis du ikke klarer å skaffe bolig selv.",
                "kommunal bolig, leie bolig, utleiebolig, trenger bolig, bostedsløs, husleie kommunen"),
    DemoService("bolig", "bostotte", "Bostøtte", 2, _G, "boligkontoret", None,
                "Søk bostøtte fra Husbanken på nett; vi hjelper deg med søknaden.",
                "bostøtte, bustøtte, husbanken, støtte til husleie, boutgifter, bostøtte søknad"),
    DemoService("bolig", "startlan-og-tilskudd", "Startlån og tilskudd til tilpasning", 4, _G, "boligkontoret", None,
                "Startlån for deg som ikke får vanlig boliglån, og tilskudd til å tilpasse boligen.",
                "startlån, startlaan, kjøpe bolig, lån fra kommunen, tilskudd, tilpasning av bolig"),
    # byggesak
    DemoService("byggesak", "byggesoknad", "Søknad om tillatelse til tiltak (byggesøknad)", 2, _G, "byggesak", None,
                "Slik søker du om å bygge, rive eller endre bruk, og hvilke vedlegg søknaden trenger.",
                "byggesøknad, byggetillatelse, søke om å bygge, tilbygg, påbygg, rammetillatelse, byggemelding"),
    DemoService("byggesak", "bygge-uten-a-soke", "Bygge uten å søke (garasje, terrasse, gjerde)", 1, _G,
                "byggesak", None,
                "Mindre garasjer, terrasser og gjerder kan ofte bygges uten søknad hvis reglene følges.",
                "garasje, carport, terrasse, platting, gjerde, levegg, bod, søknadsfritt, unntatt søknadsplikt"),
    DemoService("byggesak", "ferdigattest", "Ferdigattest og midlertidig brukstillatelse", 3, _G, "byggesak", None,
                "Søk ferdigattest når tiltaket er ferdig, eller sjekk om en eldre bolig har ferdigattest.",
                "ferdigattest, brukstillatelse, ferdigmelding, godkjent, mangler ferdigattest, boligsalg"),
    DemoService("byggesak", "ulovlig-bygging", "Melding om ulovlig bygging", 4, _F, "byggesak", "byggesak",
                "Tips om bygging uten tillatelse sendes videre til byggesaksavdelingen.",
                "ulovlig, bygger uten tillatelse, tips, ulovlig bygging, svartbygg, nabo bygger"),
    # plan-kart-eiendom
    DemoService("plan-kart-eiendom", "reguleringsplaner", "Reguleringsplaner og arealplan", 1, _G, "plan-geodata",
                None,
                "Finn reguleringsplanen for en eiendom i planinnsynet, og si din mening i høringer.",
                "reguleringsplan, regulering, kommuneplan, arealplan, planinnsyn, høring, planforslag"),
    DemoService("plan-kart-eiendom", "kart-og-eiendomsgrenser", "Kart, eiendomsgrenser og matrikkel", 2, _G,
                "plan-geodata", None,
                "Situasjonskart, eiendomsgrenser og opplysninger fra matrikkelen.",
                "kart, grense, eiendomsgrense, grensepunkt, matrikkel, gårdsnummer, gnr, bnr, situasjonskart"),
    DemoService("plan-kart-eiendom", "fradeling-og-oppmaling", "Fradeling og oppmåling av tomt", 4, _G,
                "plan-geodata", None,
                "Søk om å dele en eiendom eller bestill oppmåling av grenser.",
                "fradeling, dele eiendom, tomt, oppmåling, seksjonering, sammenslåing, dele tomta"),
    # skatt-gebyr-faktura
    DemoService("skatt-gebyr-faktura", "eiendomsskatt", "Eiendomsskatt", 1, _A, "okonomi", None,
                "Hvordan eiendomsskatten beregnes, når den forfaller, og hvordan du klager på taksten.",
                "eiendomsskatt, eigedomsskatt, skatteseddel, takst, klage eiendomsskatt, bunnfradrag"),
    DemoService("skatt-gebyr-faktura", "kommunale-gebyrer", "Kommunale gebyrer for vann, avløp og renovasjon", 1,
                _A, "okonomi", None,
                "Årsgebyrer for vann, avløp og renovasjon, og hvordan de faktureres.",
                "gebyr, kommunale avgifter, vannavgift, avløpsgebyr, renovasjonsgebyr, årsgebyr, priser"),
    DemoService("skatt-gebyr-faktura", "faktura-og-betaling", "Faktura, betaling og avdrag", 2, _A, "okonomi", None,
                "Spørsmål om en faktura fra kommunen, eFaktura, AvtaleGiro og avtale om avdrag.",
                "faktura, regning, kid, betale, forfall, avdrag, betalingsutsettelse, avtalegiro, efaktura"),
    DemoService("skatt-gebyr-faktura", "purring-og-inkasso", "Purring og inkasso fra kommunen", 2, _A, "okonomi",
                None,
                "Hva du gjør når du har fått purring eller inkassovarsel fra kommunen.",
                "purring, inkasso, innfordring, betalingspåminnelse, purregebyr, namsmann, tvangsinnfordring"),
    # vann-avlop
    DemoService("vann-avlop", "vannlekkasje", "Vannlekkasje og brudd på vannledning", 2, _F, "kommunalteknikk",
                "kommunalteknikk",
                "Meld fra om vannlekkasje eller at vannet er borte; utenom arbeidstid ringer du vakttelefonen.",
                "vannlekkasje, lekkasje, vannbrudd, ikke vann, vannet borte, lavt trykk, brudd, vatn, vakttelefon"),
    DemoService("vann-avlop", "avlesing-av-vannmaler", "Avlesing av vannmåler", 2, _G, "kommunalteknikk", None,
                "Les av vannmåleren og meld inn målerstanden på nett innen fristen.",
                "vannmåler, vannmålar, måleravlesning, avlese, lese av måler, målerstand, forbruk"),
    DemoService("vann-avlop", "vannkvalitet-og-kokevarsel", "Vannkvalitet og kokevarsel", 1, _A,
                "kommunalteknikk", None,
                "Gjeldende kokevarsler og svar på spørsmål om misfarget vann eller lukt.",
                "kokevarsel, koke vann, vannkvalitet, brunt vann, misfarget, lukter, drikkevann"),
    # renovasjon
    DemoService("renovasjon", "tommekalender", "Tømmekalender og glemt tømming", 1, _A, "renovasjon", None,
                "Se når avfallet hentes hos deg, og meld fra om dunken ikke ble tømt.",
                "søppel, bos, boss, avfall, dunk, tømming, henting, glemt tømming, ikke tømt, tømmedag, søppelbil"),
    DemoService("renovasjon", "avfallsbeholder", "Bytte, bestille eller reparere avfallsbeholder", 2, _G,
                "renovasjon", "renovasjon",
                "Bestill ny, større eller mindre dunk, eller meld fra om en ødelagt beholder.",
                "dunk, søppeldunk, beholder, ny dunk, knust dunk, større dunk, restavfall, papp, plast, matavfall"),
    DemoService("renovasjon", "gjenvinningsstasjon", "Gjenvinningsstasjon, farlig avfall og storavfall", 1, _G,
                "renovasjon", None,
                "Åpningstider og priser på gjenvinningsstasjonene, og henting av storavfall.",
                "gjenvinningsstasjon, fyllplass, tippen, miljøstasjon, farlig avfall, storavfall, hageavfall"),
    # vei-trafikk-parkering
    DemoService("vei-trafikk-parkering", "feil-pa-vei-og-gatelys", "Melde feil på vei, hull og gatelys", 2, _G,
                "kommunalteknikk", None,
                "Meld fra om hull i veien, gatelys som ikke virker eller skilt som mangler.",
                "hull i veien, hull, gatelys, lyktestolpe, veilys, kumlokk, skilt, feilmelding, vei, veg"),
    DemoService("vei-trafikk-parkering", "broyting-og-stroing", "Brøyting og strøing", 1, _G, "kommunalteknikk",
                None,
                "Hvilke veier kommunen brøyter og strør, i hvilken rekkefølge, og hvor du melder fra.",
                "brøyting, snø, brøyte, strøing, strø, glatt, is, snømåking, brøytekant, ikkje brøyta"),
    DemoService("vei-trafikk-parkering", "parkeringstillatelse", "Parkeringstillatelse, også for forflytningshemmede",
                3, _G, "kommunalteknikk", None,
                "Søk om parkeringstillatelse for forflytningshemmede eller beboerparkering.",
                "parkering, parkeringskort, hc-kort, handikapkort, beboerparkering, p-bot, parkeringsbot"),
    # brann-feiing
    DemoService("brann-feiing", "feiing-og-tilsyn", "Feiing og tilsyn av ildsted", 2, _G, "brannvesenet",
                "brannvesenet",
                "Når feieren kommer, hva tilsynet gjelder, og hvordan du melder nytt ildsted.",
                "feier, feiing, pipe, skorstein, ildsted, tilsyn, vedovn, pipebrann, feiar"),
    DemoService("brann-feiing", "bal-og-brenning", "Melde fra om bål og brenning", 1, _G, "brannvesenet", None,
                "Regler for bål og brenning, og hvordan du melder fra til brannvesenet.",
                "bål, brenning, bålmelding, sankthans, bålforbud, brenne hageavfall, bålpanne, fyrverkeri"),
    # kultur-bibliotek
    DemoService("kultur-bibliotek", "bibliotek", "Bibliotek – lån, lånekort og arrangementer", 1, _A, "kultur",
                None,
                "Lånekort, fornying, meråpent bibliotek og arrangementer på bibliotekene.",
                "bibliotek, lånekort, låne bok, fornye, bøker, e-bok, meråpent, lese"),
    DemoService("kultur-bibliotek", "kulturskolen", "Kulturskolen", 2, _G, "kultur", None,
                "Søk plass i kulturskolen og se tilbud og priser.",
                "kulturskole, musikkskole, piano, dans, teater, søke kulturskolen, venteliste kulturskole"),
    DemoService("kultur-bibliotek", "tv-aksjonen", "TV-aksjonen – bøssebærere og innsamling", 1, _A, "kultur",
                None,
                "Meld deg som bøssebærer, hent bøsse og rodeliste, eller lever bøssa etter aksjonen.",
                "tv-aksjonen, tv aksjonen, bøssebærer, bøsse, innsamling, innsamlingsaksjon, nrk, rode"),
    DemoService("kultur-bibliotek", "tilskudd-til-lag-og-foreninger", "Tilskudd til lag og foreninger", 2, _G,
                "kultur", None,
                "Kulturmidler og andre tilskudd til lag, foreninger og frivillige.",
                "tilskudd, kulturmidler, foreninger, lag, søke støtte, frivillighet, idrettslag, tilskot"),
    # idrett-utleie
    DemoService("idrett-utleie", "leie-av-idrettshall", "Leie av idrettshall og gymsal", 3, _A, "servicetorget",
                None,
                "Leie enkelttimer i idrettshaller og gymsaler, og søknad om fast halltid for sesongen.",
                "hall, idrettshall, gymsal, leie hall, halltid, treningstid, sesongfordeling, booke hall"),
    DemoService("idrett-utleie", "leie-av-moterom", "Leie av møterom og selskapslokaler", 3, _A, "servicetorget",
                None,
                "Book kommunale møterom, grendehus og selskapslokaler.",
                "møterom, leie lokale, selskapslokale, grendehus, festlokale, booke rom, samfunnshus"),
    DemoService("idrett-utleie", "friluftsliv", "Friluftsliv, turstier og badeplasser", 1, _A, "kultur", None,
                "Turkart, lysløyper, badeplasser og vannkvalitet på badestedene.",
                "tursti, badeplass, badevann, friluft, turkart, lysløype, skiløype, gapahuk"),
    # naering-bevilling
    DemoService("naering-bevilling", "salgs-og-skjenkebevilling", "Salgs- og skjenkebevilling", 4, _G, "naering",
                None,
                "Søk om salgs-, skjenke- eller serveringsbevilling, også for én enkelt anledning.",
                "skjenkebevilling, skjenking, alkohol, salgsbevilling, enkeltanledning, serveringsbevilling"),
    DemoService("naering-bevilling", "veiledning-for-etablerere", "Veiledning for etablerere og næringsliv", 2, _G,
                "naering", None,
                "Gratis veiledning for deg som vil starte eller utvikle en bedrift.",
                "starte bedrift, etablerer, gründer, næring, enkeltpersonforetak, næringsrådgiver"),
    # landbruk-miljo
    DemoService("landbruk-miljo", "landbruk-og-tilskudd", "Landbruk, skogbruk og produksjonstilskudd", 2, _G,
                "landbruk-miljo", None,
                "Søknader om produksjonstilskudd, konsesjon og skogfond.",
                "landbruk, gårdsbruk, gardsbruk, produksjonstilskudd, jord, skog, konsesjon, bonde, skogfond"),
    DemoService("landbruk-miljo", "jakt-og-pakjort-vilt", "Jakt, fiske og påkjørt vilt", 1, _G, "landbruk-miljo",
                None,
                "Fellingstillatelser og fiskekort, og hva du gjør hvis du har kjørt på et dyr.",
                "jakt, elgjakt, fellingstillatelse, fiskekort, påkjørt vilt, viltnemnd, rådyr, hjort"),
    DemoService("landbruk-miljo", "forurensning", "Forurensning og miljøsaker", 2, _G, "landbruk-miljo", None,
                "Meld fra om forurensning, forsøpling eller nedgravde oljetanker.",
                "forurensning, oljeutslipp, forsøpling, støy, lukt, oljetank, nedgravd tank, miljø"),
    # gravferd-vigsel
    DemoService("gravferd-vigsel", "gravferd-og-gravplasser", "Gravferd og gravplasser", 2, _G,
                "kirkelig-fellesrad", "kirkelig-fellesrad",
                "Gravplasser, festeavgift og stell av graver; kirkelig fellesråd forvalter gravplassene.",
                "gravferd, begravelse, gravplass, kirkegård, gravstein, festeavgift, urne, minnelund"),
    DemoService("gravferd-vigsel", "borgerlig-vigsel", "Borgerlig vigsel i kommunen", 3, _A, "servicetorget",
                None,
                "Bestill tid for borgerlig vigsel i rådhuset og se hva dere må ha med.",
                "vigsel, bryllup, gifte seg, gifte oss, borgerlig vigsel, vielse, prøvingsattest"),
    # jobb-kommunen
    DemoService("jobb-kommunen", "ledige-stillinger", "Ledige stillinger i kommunen", 1, _A, "hr", None,
                "Se ledige stillinger og søk jobb i kommunen på nett.",
                "jobb, stilling, ledig stilling, søke jobb, vikar, jobbe i kommunen, cv, søknad"),
    DemoService("jobb-kommunen", "sommerjobb-og-laerling", "Sommerjobb, lærlingplass og arbeidspraksis", 1, _A, "hr",
                None,
                "Sommerjobb for ungdom, lærlingplasser og arbeidspraksis i kommunen.",
                "sommerjobb, lærling, lærlingplass, praksis, arbeidspraksis, sommarjobb, ungdom jobb"),
    # statlig
    DemoService("statlig", "pass-id-kort-og-politiattest", "Pass, ID-kort og politiattest", 1, _R, None,
                "politiet",
                "Pass, nasjonalt ID-kort og politiattest bestilles hos politiet.",
                "pass, id-kort, nasjonalt id-kort, passkontor, bestille pass, politiattest, vandelsattest, politiet"),
    DemoService("statlig", "skatt-og-folkeregister", "Skattemelding, skattekort og flyttemelding", 1, _R, None,
                "skatteetaten",
                "Skattemelding, skattekort og melding om flytting hører til Skatteetaten.",
                "skattemelding, selvangivelse, skattekort, skatt, folkeregister, flyttemelding, d-nummer"),
    DemoService("statlig", "forerkort-og-kjoretoy", "Førerkort og kjøretøy", 1, _R, None, "statens-vegvesen",
                "Førerkort, oppkjøring og EU-kontroll hører til Statens vegvesen.",
                "førerkort, lappen, oppkjøring, teoriprøve, vegvesen, eu-kontroll, omregistrering, bil"),
]
# fmt: on


class DemoUser(NamedTuple):
    username: str
    password: str
    role: str
    first_name: str
    last_name: str
    sites: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    is_staff: bool = False
    note: str = ""


# Demo accounts only: printed by `manage.py demo_logins`, never used outside the demo.
DEMO_USERS = [
    DemoUser("frontline", "demo-frontline-2026", Role.FRONTLINE, "Frida", "Andersen", sites=("sandefjord",),
             note="Servicetorget, Sandefjord"),
    DemoUser("frontline2", "demo-frontline2-2026", Role.FRONTLINE, "Jonas", "Berg", sites=("stokke", "andebu"),
             note="Servicetorget, Stokke og Andebu"),
    DemoUser("leder", "demo-leder-2026", Role.LEADER, "Lise", "Hansen",
             sites=("sandefjord", "stokke", "andebu"), note="Leder for servicetorgene"),
    DemoUser("saksbehandler", "demo-saksbehandler-2026", Role.CASEWORKER, "Per", "Olsen", units=("byggesak",),
             note="Byggesak"),
    DemoUser("admin", "demo-admin-2026", Role.ADMIN, "Astrid", "Nilsen", is_staff=True,
             note="Administrator"),
]

# The demo administrator manages these apps' records in the Django admin.
ADMIN_APPS = ("organisation", "catalogue", "inquiries", "accounts")


@dataclass
class DemoResult:
    created: bool
    municipality: Municipality
    sites: int = 0
    units: int = 0
    services: int = 0
    users: int = 0
    exceptions: int = 0
    inquiries: int = 0
    history_seconds: float = 0.0


def _time(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


def _opening_exceptions(municipality: Municipality, site: Site, demo: DemoSite, years: range) -> list:
    """Public holidays closed; Christmas Eve, New Year's Eve and the Wednesday
    before Easter shorter; July on summer hours (or closed)."""
    exceptions: dict[dt.date, OpeningException] = {}

    def add(date, *, reason, opens=None, closes=None):
        intervals = demo.hours.get(date.weekday())
        if not intervals or date in exceptions:
            return
        closed = opens is None
        exceptions[date] = OpeningException(
            municipality=municipality, site=site, date=date, closed=closed, reason=reason,
            opens=None if closed else _time(opens), closes=None if closed else _time(closes),
        )

    public = holidays.country_holidays("NO", years=list(years), language="no")
    for date, name in sorted(public.items()):
        # Only weekdays: the sites are closed at weekends anyway, and some
        # versions of the calendar count every Sunday as a holiday.
        if date.weekday() < 5:
            add(date, reason=name)
    for year in years:
        for date, reason in ((dt.date(year, 12, 24), "Julaften"), (dt.date(year, 12, 31), "Nyttårsaften")):
            if date.weekday() < 5:
                first = demo.hours.get(date.weekday(), [("09:00", "12:00")])[0][0]
                add(date, reason=reason, opens=max(first, "09:00"), closes="12:00")
        # The Wednesday before Maundy Thursday: offices close at noon.
        easter_wednesday = next(
            (d for d, n in public.items() if d.year == year and n == "Skjærtorsdag"), None
        )
        if easter_wednesday:
            date = easter_wednesday - dt.timedelta(days=1)
            first = demo.hours.get(date.weekday(), [("08:00", "12:00")])[0][0]
            if first < "12:00":
                add(date, reason="Onsdag før skjærtorsdag", opens=first, closes="12:00")
        date = dt.date(year, 7, 1)
        while date.month == 7:
            if date.weekday() < 5:
                if demo.summer:
                    add(date, reason="Sommertid", opens=demo.summer[0], closes=demo.summer[1])
                else:
                    add(date, reason="Sommerstengt")
            date += dt.timedelta(days=1)
    return list(exceptions.values())


def demo_load(
    *, history_days: int = HISTORY_DAYS, per_day: float = HISTORY_PER_DAY, seed: int | None = HISTORY_SEED,
) -> DemoResult:
    """Build the demo municipality once. When it already exists, change nothing.

    The whole demo, history included, is one transaction: a failed run leaves
    nothing behind, so the next `make run` tries again from scratch.
    """
    existing = Municipality.objects.filter(slug=MUNICIPALITY["slug"]).first()
    if existing is not None:
        return DemoResult(created=False, municipality=existing)

    today = timezone.localdate()
    first_day = today - dt.timedelta(days=history_days)
    years = range(min(first_day.year, today.year), today.year + 2)

    with transaction.atomic():
        municipality = Municipality.objects.create(**MUNICIPALITY)
        result = DemoResult(created=True, municipality=municipality)

        sites: dict[str, Site] = {}
        for demo in SITES:
            site = Site.objects.create(
                municipality=municipality, slug=demo.slug, name=demo.name, library=demo.library,
                address=demo.address, phone=SITE_PHONE, email=demo.email,
            )
            sites[demo.slug] = site
            OpeningHours.objects.bulk_create(
                OpeningHours(municipality=municipality, site=site, weekday=weekday, opens=_time(opens),
                             closes=_time(closes))
                for weekday, intervals in demo.hours.items()
                for opens, closes in intervals
            )
            created = OpeningException.objects.bulk_create(_opening_exceptions(municipality, site, demo, years))
            result.exceptions += len(created)
        result.sites = len(sites)

        units: dict[str, Unit] = {}
        for demo in UNITS:
            units[demo.slug] = Unit.objects.create(
                municipality=municipality, slug=demo.slug, name=demo.name, kind=demo.kind, email=demo.email,
                phone=demo.phone, sensitive=demo.sensitive, parent=units[demo.parent] if demo.parent else None,
            )
        result.units = len(units)

        areas = {area.code: area for area in Area.objects.all()}
        result.services = len(Service.objects.bulk_create(
            Service(
                municipality=municipality, area=areas[demo.area], slug=demo.slug, name=demo.name, step=demo.step,
                handling=demo.handling, owner_unit=units[demo.owner] if demo.owner else None,
                forward_to=units[demo.forward_to] if demo.forward_to else None, summary=demo.summary,
                keywords=demo.keywords,
                sensitive=any(units[slug].sensitive for slug in (demo.owner, demo.forward_to) if slug),
            )
            for demo in SERVICES
        ))

        admin_permissions = list(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
        for demo in DEMO_USERS:
            user = User.objects.create_user(
                username=demo.username, password=demo.password, role=demo.role, municipality=municipality,
                first_name=demo.first_name, last_name=demo.last_name, is_staff=demo.is_staff,
                email=f"{demo.username}@demo.{_KOMMUNE}",
            )
            user.sites.set([sites[slug] for slug in demo.sites])
            user.units.set([units[slug] for slug in demo.units])
            if demo.role == Role.ADMIN:
                user.user_permissions.set(admin_permissions)
        result.users = len(DEMO_USERS)

        if history_days > 0 and per_day > 0:
            started = time.perf_counter()
            result.inquiries = inquiries_generate(
                municipality=municipality, start=first_day, end=today - dt.timedelta(days=1),
                per_day=per_day, seed=seed,
            )
            result.history_seconds = time.perf_counter() - started
    return result
