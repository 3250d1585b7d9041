from django.conf import settings
from django.utils import translation


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
