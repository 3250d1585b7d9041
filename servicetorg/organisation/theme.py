"""Each municipality's Designsystemet theme: its colour (and its logo) as a few CSS
custom properties, served as a small stylesheet (no inline style or script, so a
strict Content-Security-Policy holds). Light and dark schemes both keep contrast:
the colour is used as the accent base, and the text colour on it is chosen by
the WCAG contrast ratio."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from servicetorg.organisation.models import Municipality


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: float, b: float) -> float:
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def _mix(hex_colour: str, other: str, amount: float) -> str:
    a = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def theme_css(municipality: Municipality | None) -> str:
    if municipality is None or not municipality.theme_color:
        return "/* Designsystemet's own theme */\n"
    base = municipality.theme_color.lower()
    # Keep text on the colour readable (4.5:1): white on dark colours, near-black on light ones.
    contrast = "#ffffff" if _contrast(_luminance(base), 1.0) >= _contrast(_luminance(base), 0.0) else "#111111"
    hover, active = _mix(base, "#000000", 0.15), _mix(base, "#000000", 0.3)
    light = (f"--ds-color-accent-base-default:{base};--ds-color-accent-base-hover:{hover};"
             f"--ds-color-accent-base-active:{active};--ds-color-accent-base-contrast-default:{contrast};"
             f"--st-brand:{base};--st-brand-contrast:{contrast};")
    # On a dark background a dark brand colour is lightened for links and borders.
    dark_base = _mix(base, "#ffffff", 0.45) if _luminance(base) < 0.2 else base
    dark_contrast = "#111111" if _luminance(dark_base) > 0.18 else "#ffffff"
    dark = (f"--ds-color-accent-base-default:{dark_base};"
            f"--ds-color-accent-base-hover:{_mix(dark_base, '#ffffff', 0.15)};"
            f"--ds-color-accent-base-active:{_mix(dark_base, '#ffffff', 0.3)};"
            f"--ds-color-accent-base-contrast-default:{dark_contrast};"
            f"--st-brand:{dark_base};--st-brand-contrast:{dark_contrast};")
    return (f"/* {municipality.name} */\n"
            f":root,[data-color-scheme=light]{{{light}}}\n"
            f"[data-color-scheme=dark]{{{dark}}}\n"
            f"@media (prefers-color-scheme: dark){{[data-color-scheme=auto]{{{dark}}}}}\n")


@require_GET
@cache_control(max_age=300, public=True)
def theme_stylesheet(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    return HttpResponse(theme_css(municipality), content_type="text/css; charset=utf-8")


def current_municipality(request) -> Municipality | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.municipality_id:
        return user.municipality
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("municipality_slug") if match else None
    if slug:
        return Municipality.objects.filter(slug=slug).first()
    return None


def theme_for(municipality: Municipality) -> dict:
    """The template's `theme` for a municipality a view already has (saves the context processor's query)."""
    return {"municipality": {"name": municipality.name, "slug": municipality.slug},
            "logo_url": municipality.logo_url,
            "css_url": reverse("theme-css", args=[municipality.slug]) if municipality.theme_color else ""}


def context(request) -> dict:
    """`theme`: the municipality's name, its stylesheet's address and logo, lazily: one small
    query on a page that shows the shell (none where nothing asks for it)."""
    from django.utils.functional import SimpleLazyObject

    def make():
        municipality = current_municipality(request)
        return theme_for(municipality) if municipality else {}

    return {"theme": SimpleLazyObject(make)}
