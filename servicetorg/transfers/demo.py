"""Demo data: the Innherred economy unit's answer to the five-point mandate
(Innherred samkommune, 2004), loaded into the demo's Økonomienheten.

The tasks, volumes, training and recommendations are the work group's; they are
bokmål content, as a unit would type them, not interface text. Where the
document states no volume ("Fordelt på mange i dag") none is stored; for the
cheques at Leira the document states only the rhythm (every 14 days), so the
two hours each time is our estimate and says so. The demo goes through the same
services as a person would: the register by the unit's leader, the assessment
and the transfers by the service centre's leader, so the transferred
citizen-facing tasks update the catalogue with a new version.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from servicetorg.accounts.models import Role, User
from servicetorg.catalogue.models import Area, Service
from servicetorg.transfers.models import STATUS_ORDER, StaffPosition, Status, Task, UnitLeadership
from servicetorg.transfers.services import mandate_report_update, task_advance, task_assess, task_create
from servicetorg.transfers.volumes import VolumeKind

ECONOMY_UNIT = "okonomi"
# The economy unit's leader (a demo account of servicetorg/demo/loader.py) keeps its register.
UNIT_LEADER = "okonomileder"
# The staffing of the Sandefjord decision: 3 positions for Stokke and Andebu, 3 for Sandefjord with the leader.
POSITIONS = [("Servicetorget Stokke og Andebu", ("stokke", "andebu"), Decimal(3), False),
             ("Servicetorget Sandefjord", ("sandefjord",), Decimal(3), True)]

KEEP_REASON = "Saksbehandling uten standardsvar; ingen sak er lik. Blir i økonomienheten."

# name, description, audience, step, volume, systems, access, training, assessment, status, catalogue
TASKS = [
    {"name": "Økonomiplan", "audience": "internal", "step": 4, "short": "no", "long": "no", "recommendation": "keep"},
    {"name": "Budsjett", "audience": "internal", "step": 4, "short": "no", "long": "no", "recommendation": "keep"},
    {
        "name": "TV-aksjonen", "audience": "external", "step": 3,
        "description": "Lokal koordinering av TV-aksjonen: bøssebærere, roder, innsamlingsbøsser og oppgjør.",
        "volume_text": "1/2 stilling i perioden 20.09 – 25.10", "volume_kind": VolumeKind.PERIOD_SHARE,
        "volume_amount": Decimal("0.5"), "volume_start": (9, 20), "volume_end": (10, 25),
        "training_what": "Overlevering av oppgaven", "training_by": "Marit Wangberg (har oppgaven i dag)",
        "training_hours": Decimal(4),
        "short": "yes", "long": "yes", "recommendation": "transfer", "status": Status.TRANSFERRED,
        "reason": "Regelstyrt og publikumsrettet; en avgrenset periode hver høst.",
        "service": "tv-aksjonen", "handling": "answer",
        "guidance": "Servicetorget koordinerer TV-aksjonen lokalt fra 20. september til 25. oktober: registrer "
                 "bøssebærere, del ut roder og bøsser, og ta imot bøssene etter aksjonen.",
    },
    {
        "name": "Utleie av haller", "audience": "external", "step": 3,
        "description": "Utleie av idrettshaller og gymsaler til lag, foreninger og private.",
        "volume_text": "4-5 timer pr uke", "volume_kind": VolumeKind.PER_WEEK, "volume_amount": Decimal(4),
        "volume_amount_max": Decimal(5), "systems": "Bookingsystemet", "access": "write",
        "training_what": "Opplæring i utleie og bookingsystemet", "training_by": "Marit Wangberg",
        "training_hours": Decimal(6),
        "short": "yes", "long": "yes", "recommendation": "transfer", "status": Status.TRANSFERRED,
        "reason": "Regelstyrt saksbehandling med klare kriterier (utleiereglement og priser).",
        "service": "leie-av-idrettshall", "handling": "answer",
        "guidance": "Servicetorget leier ut hallene etter utleiereglementet: sjekk ledig tid, registrer leien og "
                 "send bekreftelse.",
    },
    {
        "name": "Bilpark – kjørebøker og fordeling av utgifter", "audience": "internal", "step": 3,
        "description": "Føre kjørebøker for kommunens biler og fordele utgiftene på enhetene.",
        "volume_text": "2 dager pr kvartal", "volume_kind": VolumeKind.DAYS_PER_QUARTER, "volume_amount": Decimal(2),
        "systems": "Regnskap", "access": "read",
        "training_what": "Opplæring i å skrive kjørebøker", "training_by": "Økonomienheten",
        "training_hours": Decimal(3),
        "short": "partly", "long": "yes", "recommendation": "transfer", "status": Status.TRANSFERRED,
        "reason": "Rutinearbeid etter faste regler når opplæringen er gitt.",
    },
    {
        "name": "Ekstern utleie av møterom", "audience": "external", "step": 3,
        "description": "Utleie av kommunens møterom til eksterne.",
        "volume_text": "Fordelt på mange i dag", "systems": "Bookingsystemet", "access": "write",
        "short": "yes", "long": "yes", "recommendation": "transfer", "status": Status.TRANSFERRED,
        "reason": "Samles på servicetorget i stedet for å være spredt på mange.",
        "service": "leie-av-moterom", "handling": "answer",
        "guidance": "Servicetorget leier ut møterommene: sjekk ledig tid i bookingsystemet og bekreft leien.",
    },
    {
        "name": "Skriving og utlevering av sjekker til beboere på Leira mottak", "audience": "external", "step": 3,
        "description": "Asylsøkere på Leira mottak får livsopphold som sjekk hver 14. dag til de får bankkonto. "
                    "Timer per gang er anslått (2 timer); rapporten oppgir bare hyppigheten.",
        "volume_text": "Hver 14. dag, ca. 2 timer", "volume_kind": VolumeKind.EVERY_N_DAYS, "volume_amount": Decimal(2),
        "volume_interval_days": 14, "systems": "Regnskap", "access": "read",
        "training_what": "Rutine for sjekker og kvittering", "training_by": "Økonomienheten",
        "training_hours": Decimal(2),
        "short": "yes", "long": "partly", "recommendation": "transfer", "status": Status.AGREED,
        "reason": "Fast rutine; behovet faller bort når beboerne har bankkonto.",
        "area": "flyktning-integrering", "handling": "answer",
        "guidance": "Skriv ut og lever sjekken mot kvittering. Spørsmål om beløpet går til økonomienheten.",
    },
    {"name": "Innkjøp", "audience": "internal", "step": 4, "short": "no", "long": "no", "recommendation": "keep"},
    {"name": "Bilagsregistrering", "audience": "internal", "step": 3, "short": "no", "long": "no",
     "recommendation": "keep",
     "systems": "Regnskap", "access": "none"},
    {"name": "Scanning", "audience": "internal", "step": 3, "short": "no", "long": "partly", "recommendation": "keep"},
    {"name": "Remittering", "audience": "internal", "step": 3, "short": "no", "long": "no", "recommendation": "keep"},
    {"name": "Regnskapsrapportering", "audience": "internal", "step": 4, "short": "no", "long": "no",
     "recommendation": "keep",
     "systems": "Regnskap", "access": "read",
     "reason": "Saksbehandling i enheten; servicetorget får spørretilgang i regnskapet for å svare på spørsmål."},
    {"name": "Fakturering, produksjon og utsending av fakturablanketter", "audience": "external", "step": 3,
     "short": "no", "long": "no", "recommendation": "keep", "systems": "Kommfakt", "access": "read",
     "reason": "Saksbehandling i enheten; servicetorget får spørretilgang i Kommfakt for å svare på spørsmål "
            "om fakturaer."},
    {"name": "Purring", "audience": "external", "step": 3, "short": "no", "long": "no", "recommendation": "keep"},
    {"name": "Innfordring", "audience": "external", "step": 4, "short": "no", "long": "no", "recommendation": "keep"},
    {"name": "Avstemming", "audience": "internal", "step": 3, "short": "no", "long": "no", "recommendation": "keep"},
    {"name": "Forliksrådssekretær", "audience": "external", "step": 3, "short": "no", "long": "no",
     "recommendation": "keep",
     "description": "Sekretær for forliksrådet (i Levanger)."},
    {"name": "Formidlingslån fra Husbanken", "audience": "external", "step": 4, "short": "no", "long": "no",
     "recommendation": "keep"},
    {"name": "Sosiallån", "audience": "external", "step": 4, "short": "no", "long": "no", "recommendation": "keep"},
]

REPORT = {
    "group_members": "Dagrun Austad, Ingrid M. Næss, Erling Steinmo og Per Erik Garli",
    "mandate_comment": "Mandatet ok! Punkt 1 blir litt spesielt for økonomienheten da denne enheten stort sett "
                       "jobber opp mot andre interne resultatenheter og virksomhetsområder.",
    "answer_1": "Oppgavelisten står i tabellen, sortert på tjenestetrappa.",
    "conclusion_1": "På grunn av at enhetens oppgaver for det meste er interne oppgaver i organisasjonen er det "
                    "vanskelig å «sortere» disse i tjenestetrappa. De oppgavene som går mot eksterne brukere ligger "
                    "under regelorientert og skjønnsmessig saksbehandling.",
    "answer_2": "Stort sett alt som gjøres på økonomienheten er en form for saksbehandling. Ingen sak er lik, og det "
                "finnes heller ikke standardsvar på oppgavene. Det kan komme nye momenter etter at økonomienheten "
                "blir samlokalisert og vi da får se hvordan oppgavene løses. Evaluering av samlokaliseringen vil også "
                "bli en evaluering av servicekontorets rolle i forhold til økonomienheten.",
    "conclusion_2": "Saksbehandlerrettede oppgaver bør ligge i økonomienheten.\nServicekontoret bør ha "
                    "spørretilgang i Kommfakt og regnskap.\nServicekontorets rolle i forhold til økonomienheten bør "
                    "evalueres etter at samlokaliseringen er på plass.",
    "answer_3": "Livsopphold for flyktninger: Flyktningetjenesten har ansvar for dette, og det er ikke foreslått "
                "overført.",
    "conclusion_3": "De ovennevnte oppgavene overføres til servicekontoret i løpet av 2004.",
    "answer_4": "",
    "conclusion_4": "Selv om økonomienheten ikke tilrår så veldig mange oppgaver overført til servicekontoret, er det "
                    "behov for samarbeid og dialog. Dette bør være en kontinuerlig prosess.",
    "answer_5": "Ved samlokalisering ser vi for oss at servicekontoret i den kommunen vi ikke blir samlokalisert i, "
                "vil få flere henvendelser enn det andre.",
    "conclusion_5": "Økonomienheten bør ha egne kontorer i den kommunen vi ikke blir samlokalisert i. Dette for å få "
                    "brukernærhet både internt og eksternt.",
    # Signed with the demo's own place and date (set in transfers_demo_load), not Levanger 2004.
    "signed_by": "Per Erik Garli, leder av arbeidsgruppa",
}


def transfers_demo_load(*, municipality, sites: dict, units: dict, transferred_days_ago: int = 365) -> int:
    """Load the register, the report and the staff positions; returns the number of tasks."""
    unit = units[ECONOMY_UNIT]
    unit_leader = User.objects.get(municipality=municipality, username=UNIT_LEADER)
    UnitLeadership.objects.create(municipality=municipality, unit=unit, user=unit_leader)
    leader = User.objects.filter(municipality=municipality, role=Role.LEADER).order_by("pk").first()
    for title, site_slugs, fte, with_leader in POSITIONS:
        position = StaffPosition.objects.create(municipality=municipality, title=title, fte=fte,
                                                includes_leader=with_leader)
        position.sites.set([sites[slug] for slug in site_slugs])

    year = timezone.localdate().year
    services = {s.slug: s for s in Service.objects.filter(municipality=municipality,
                                                          slug__in=[t["service"] for t in TASKS if "service" in t])}
    for entry in TASKS:
        fields = {
            "name": entry["name"], "description": entry.get("description", ""), "audience": entry["audience"],
            "step": entry["step"], "volume_text": entry.get("volume_text", ""),
            "volume_kind": entry.get("volume_kind", VolumeKind.NONE), "volume_amount": entry.get("volume_amount"),
            "volume_amount_max": entry.get("volume_amount_max"),
            "volume_interval_days": entry.get("volume_interval_days"),
            "volume_start": dt.date(year, *entry["volume_start"]) if "volume_start" in entry else None,
            "volume_end": dt.date(year, *entry["volume_end"]) if "volume_end" in entry else None,
            "systems": entry.get("systems", ""), "access": entry.get("access", "none"),
            "training_what": entry.get("training_what", ""), "training_hours": entry.get("training_hours"),
            "training_by": entry.get("training_by", ""),
        }
        task = task_create(by=unit_leader, unit=unit, **fields)
        task_assess(
            task=task, by=leader, can_short=entry["short"], can_long=entry["long"],
            assessment_reason=entry.get("reason", KEEP_REASON if entry["recommendation"] == "keep" else ""),
            recommendation=entry["recommendation"], service=services.get(entry.get("service")),
            catalogue_area=Area.objects.get(code=entry["area"]) if "area" in entry else None,
            catalogue_handling=entry.get("handling", ""), catalogue_guidance=entry.get("guidance", ""),
        )
        target = entry.get("status", Status.PROPOSED)
        for status in STATUS_ORDER[1: STATUS_ORDER.index(target) + 1]:
            task_advance(task=task, by=leader, to=status)
    # The transfers happened a year ago in the demo's story, so the evaluation has a year of inquiries;
    # the assessments two months before that.
    Task.objects.filter(unit=unit, transferred_on__isnull=False).update(
        transferred_on=timezone.localdate() - dt.timedelta(days=transferred_days_ago))
    Task.objects.filter(unit=unit).update(
        assessed_at=timezone.now() - dt.timedelta(days=transferred_days_ago + 60))
    today = timezone.localdate()
    mandate_report_update(unit=unit, by=unit_leader, **{
        **REPORT, "place": municipality.name, "dated": today,
        "conclusion_3": REPORT["conclusion_3"].replace("2004", str(today.year)),
    })
    return len(TASKS)
