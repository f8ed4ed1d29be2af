"""Response headers (CSP without inline script, no sniffing, no framing), the UI language, and login throttling."""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.utils import timezone

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if not request.path.startswith(settings.STATIC_URL):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class LanguageMiddleware:
    """``?lang=en`` or ``?lang=zh`` switches the UI language (kept in a cookie); Chinese by default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        asked = request.GET.get("lang")
        lang = asked if asked in ("zh", "en") else request.COOKIES.get("lang", "zh")
        request.lang = lang if lang in ("zh", "en") else "zh"
        response = self.get_response(request)
        if asked in ("zh", "en"):
            response.set_cookie("lang", asked, max_age=365 * 86400, samesite="Lax", httponly=True,
                                secure=settings.SESSION_COOKIE_SECURE)
        return response


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")[:64]


def is_locked_out(username: str, address: str) -> bool:
    """Too many failed logins for this username, or from this address, within the window."""
    from escort.web.portal.models import LoginFailure

    since = timezone.now() - dt.timedelta(seconds=settings.ESCORT_LOGIN_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.ESCORT_LOGIN_MAX_FAILURES
    return (recent.filter(username=username).count() >= limit
            or recent.filter(address=address).count() >= limit * 4)


def note_failure(username: str, address: str) -> None:
    from escort.web.portal.models import LoginFailure

    LoginFailure.objects.create(username=username[:150], address=address)


def clear_failures(username: str) -> None:
    from escort.web.portal.models import LoginFailure

    LoginFailure.objects.filter(username=username).delete()
