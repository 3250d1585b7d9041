"""One way for a view to answer with its whole page or, when htmx asks, only the fragment that changes."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def render_page_or_fragment(request: HttpRequest, page: str, fragment: str, context: dict) -> HttpResponse:
    """The whole page, or only `fragment` when htmx swaps part of it.

    htmx restoring a page from history (back and forward after a swap that pushed the URL) asks
    with HX-Request too, and needs the whole page."""
    is_fragment = bool(request.htmx) and not request.htmx.history_restore_request
    response = render(request, fragment if is_fragment else page, {**context, "fragment": is_fragment})
    # The page and its fragment share one URL: browsers and caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
