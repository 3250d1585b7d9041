"""The catalogue answer a clerk inserts into a reply: what to tell the citizen and the self-service links."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def catalogue_answer(*, service, language: str = "nb", base_url: str = "") -> str:
    with translation.override(language if language in ("nb", "nn", "en") else "nb"):
        parts = []
        summary = service.localized("summary")
        if summary:
            parts.append(summary)
        links = [link for link in (service.links if isinstance(service.links, list) else []) if isinstance(link, dict)]
        if links:
            parts.append(_("You can do this yourself here:") + "\n" + "\n".join(
                f"- {link.get('title', '')}: {link.get('url', '')}" for link in links))
        page = reverse("public:service", kwargs={"municipality_slug": service.municipality.slug, "slug": service.slug})
        parts.append(_("Read more: %(url)s") % {"url": base_url + page})
    return "\n\n".join(parts)
