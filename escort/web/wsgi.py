"""WSGI entry point: ``escort.web.wsgi:application`` (escort serve runs it under waitress)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escort.web.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
