"""The demo's catalogue: the starter catalogue (245 services, 44 articles), a data file loaded
through the same importer a municipality uses for its own."""

from pathlib import Path

from servicetorg.catalogue.importexport import catalogue_import

STARTER_CATALOGUE = Path(__file__).resolve().parent / "data" / "starter_catalogue.json"


def catalogue_demo_load(*, municipality) -> int:
    """Import the starter catalogue; returns the services created."""
    report = catalogue_import(municipality=municipality, json_text=STARTER_CATALOGUE.read_text("utf-8"), note="Demo")
    if not report.ok:
        raise ValueError(f"the starter catalogue does not import: {report.errors[:5]}")
    return report.created
