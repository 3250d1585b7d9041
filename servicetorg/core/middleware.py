from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Bokmål unless the person has chosen another language.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and a
    library's public PC or a clerk's English browser would then show English.
    The municipality's language is the default; the language switcher (a cookie)
    is the only way to change it. The API is the exception: an integration asks
    for its language explicitly with Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def _api_errors(errors: list[dict], status: int) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


class HostileInputMiddleware:
    """Refuses a NUL character in any parameter name or value, before a view sees it.

    No browser sends one, PostgreSQL refuses it in a string (a 500 from whatever
    query it reaches), and third-party views (the admin's search) never check.
    The API answers in its own shape: 400 {"errors": [{"field", "reason"}]}.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = self._nul_field(request)
        if field is not None:
            reason = _("The text contains a NUL character, which is not allowed.")
            if request.path_info.startswith("/api/"):
                return _api_errors([{"field": field or None, "reason": reason}], 400)
            return render(request, "core/bad_request.html", {"reason": reason}, status=400)
        return self.get_response(request)

    @staticmethod
    def _nul_field(request) -> str | None:
        if "\x00" in request.path_info:
            return ""
        sources = [request.GET]
        content_type = request.content_type or ""
        if request.method == "POST" and content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            # Read the raw body first while it is small, so a view or the API that reads request.body
            # after this (webhooks checking a signature) still can; a large upload is parsed as a stream.
            try:
                small = int(request.META.get("CONTENT_LENGTH") or 0) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            except ValueError:
                small = False
            if small:
                request.body  # noqa: B018 (caches the body)
            sources.append(request.POST)
        for data in sources:
            for key, values in data.lists():
                if "\x00" in key or any(isinstance(v, str) and "\x00" in v for v in values):
                    return key.replace("\x00", "")
        return None
