from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the shell, translated; a bare page should even that fail (a database down)."""
    try:
        return HttpResponse(render_to_string("500.html", request=request), status=500)
    except Exception:  # noqa: BLE001 -- the error page must never fail
        return HttpResponse(render_to_string("500_plain.html"), status=500)
