"""Escort's web portal (``pip install escort[web]``): a Django project that enterprises self-assess in and lawyers review in.

The core never imports this package.  Everything the portal shows about checklists, findings and reports comes
from the application service (:mod:`escort.web.engine`), so the questionnaire, visibility, parsing, evaluation and
report code are the CLI's own.
"""

import os


def setup(data: str | None = None) -> None:
    """Configure Django for the portal (data folder *data*) and load the apps; idempotent."""
    import django
    from django.conf import settings

    if data is not None:
        os.environ["ESCORT_WEB_DATA"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escort.web.settings")
    if not settings.configured or not getattr(django.apps.apps, "ready", False):
        django.setup()
