"""The server-error handler (urls.handler500): when the database is unreachable (PostgreSQL restarting, stopped,
or refusing connections), a 503 that says so in Persian — an HTML page, or under /api/ the JSON every API error has
— instead of a generic 500. Anything else gets the usual 500 page.

Django calls this view for any exception no view or middleware handled, with the exception still current, so it
also covers failures inside middleware (the session and the signed-in user are read there, before any view runs).
No traceback reaches the client either way; the server log keeps it. With CONN_HEALTH_CHECKS on, a worker whose
connection broke opens a new one on its next request, so nothing needs restarting once the database is back.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
UNAVAILABLE_MESSAGE = (
    "سامانه موقتاً به پایگاه داده دسترسی ندارد و درخواست شما انجام نشد. چند لحظهٔ دیگر دوباره تلاش کنید."
)
# If even the template cannot be rendered, this is the page.
FALLBACK_PAGE = (
    '<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>رونق</title></head>'
    f"<body><h1>سامانه موقتاً در دسترس نیست</h1><p>{UNAVAILABLE_MESSAGE}</p></body></html>"
)


def database_unavailable(request) -> HttpResponse:
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": UNAVAILABLE_MESSAGE, "code": "database_unavailable"},
            status=503,
            headers=headers,
            json_dumps_params={"ensure_ascii": False},
        )
    try:
        # No request context: the context processors would query the database again.
        body = loader.render_to_string("503.html", {"message": UNAVAILABLE_MESSAGE})
    except Exception:  # the error page must not fail in its turn
        body = FALLBACK_PAGE
    return HttpResponse(body, status=503, headers=headers, content_type="text/html; charset=utf-8")


def server_error(request):
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable(request)
    return defaults.server_error(request)
