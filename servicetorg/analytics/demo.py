"""Demo data for the dashboard: synthetic survey answers for a sample of the
demo history, and the rollups built from the generated log."""

import datetime as dt
import random

from django.db.models import F

from servicetorg.analytics.models import SurveyResponse, SurveySource
from servicetorg.analytics.rollups import rollups_rebuild
from servicetorg.inquiries.models import Channel, Inquiry

# Score weights 1..5 by channel: the counter pleases most, letters least.
SCORES = {
    Channel.WALK_IN: (2, 3, 8, 35, 52), Channel.PHONE: (3, 5, 12, 40, 40), Channel.EMAIL: (5, 8, 17, 40, 30),
    Channel.CHAT: (3, 6, 14, 42, 35),
}
DEFAULT_SCORES = (5, 8, 17, 40, 30)
COMMENTS = ["Fikk god hjelp, takk!", "Lang ventetid på telefon.", "Hyggelig og kunnskapsrik ansatt.",
            "Vanskelig å finne riktig skjema på nettsiden.", "Rask og grei behandling."]
SAMPLE_EVERY = 25  # one inquiry in 25 answers the survey


def analytics_demo_load(*, municipality, seed: int = 3907) -> int:
    rng = random.Random(seed)
    sampled = (Inquiry.objects.filter(municipality=municipality).annotate(m=F("id") % SAMPLE_EVERY).filter(m=0)
               .values_list("site_id", "channel", "area_id", "received_at"))
    answers = []
    for site_id, channel, area, received in sampled:
        score = rng.choices(range(1, 6), weights=SCORES.get(channel, DEFAULT_SCORES))[0]
        kiosk = channel == Channel.WALK_IN and rng.random() < 0.5
        answers.append(SurveyResponse(
            municipality=municipality, site_id=site_id, channel=channel, area_code="" if kiosk else area,
            source=SurveySource.KIOSK if kiosk else SurveySource.LINK, score=score,
            comment=rng.choice(COMMENTS) if rng.random() < 0.1 else "",
            answered_at=received + dt.timedelta(minutes=5 if kiosk else rng.randint(30, 600)),
        ))
    SurveyResponse.objects.bulk_create(answers, batch_size=2000)
    rollups_rebuild(municipality_id=municipality.pk)
    return len(answers)
