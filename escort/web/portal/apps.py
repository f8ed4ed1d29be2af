from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "escort.web.portal"
    label = "portal"
    verbose_name = "Escort portal"
