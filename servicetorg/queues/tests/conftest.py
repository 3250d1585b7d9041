import pytest

from servicetorg.queues.models import Counter, Errand


@pytest.fixture
def errand(site, service_renovasjon):
    errand = Errand.objects.create(municipality=site.municipality, site=site, name="Generelle spørsmål",
                                   name_nn="Generelle spørsmål", name_en="General questions", letter="A")
    errand.services.add(service_renovasjon)
    return errand


@pytest.fixture
def urgent_errand(site):
    return Errand.objects.create(municipality=site.municipality, site=site, name="Hastesak", letter="H",
                                 priority=5)


@pytest.fixture
def counter(site):
    return Counter.objects.create(municipality=site.municipality, site=site, name="Skranke 1")


@pytest.fixture
def counter2(site):
    return Counter.objects.create(municipality=site.municipality, site=site, name="Skranke 2")
