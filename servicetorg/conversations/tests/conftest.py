from pathlib import Path

import pytest

from servicetorg.conversations.models import Queue, QueueAddress

EML = Path(__file__).parent / "eml"


def eml(name: str) -> bytes:
    return (EML / name).read_bytes()


@pytest.fixture
def queue(municipality, site):
    queue = Queue.objects.create(municipality=municipality, name="Servicetorget", site=site,
                                 sms_number="+4759000000", web_form=True)
    QueueAddress.objects.create(municipality=municipality, queue=queue, address="servicetorget@sandefjord.kommune.no")
    QueueAddress.objects.create(municipality=municipality, queue=queue, address="postmottak@sandefjord.kommune.no")
    return queue


@pytest.fixture
def other_queue(other_municipality):
    from servicetorg.organisation.models import Site

    site = Site.objects.create(municipality=other_municipality, name="Levanger servicetorg", slug="levanger")
    queue = Queue.objects.create(municipality=other_municipality, name="Levanger", site=site)
    QueueAddress.objects.create(municipality=other_municipality, queue=queue, address="post@levanger.kommune.no")
    return queue
