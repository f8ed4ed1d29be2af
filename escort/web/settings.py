"""Django settings for the portal; everything configurable comes from :class:`escort.web.config.WebConfig`."""

from pathlib import Path

from escort.web.config import WebConfig

CONFIG = WebConfig.from_env()
DATA = CONFIG.data
DATA.mkdir(parents=True, exist_ok=True)
BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = CONFIG.secret_key()
DEBUG = False
ALLOWED_HOSTS = ["*"]  # escort serve binds the address; put a reverse proxy with its own host check in front
INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions", "django.contrib.messages",
    "django.contrib.staticfiles", "django_htmx", "huey.contrib.djhuey", "escort.web.portal",
]
MIDDLEWARE = [
    "escort.web.security.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "escort.web.security.LanguageMiddleware",
]
ROOT_URLCONF = "escort.web.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
    "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                       "django.contrib.auth.context_processors.auth",
                                       "django.contrib.messages.context_processors.messages",
                                       "escort.web.i18n.context"]},
}]
WSGI_APPLICATION = "escort.web.wsgi.application"
DATABASES = {"default": CONFIG.database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher",
                    "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
                             "OPTIONS": {"min_length": 10}},
                            {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"}]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = False
USE_TZ = True
STATIC_URL = "/static/"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14  # answers save one by one, so a session that expires loses nothing
SESSION_COOKIE_SECURE = CONFIG.secure_cookies
CSRF_COOKIE_SECURE = CONFIG.secure_cookies
CSRF_COOKIE_HTTPONLY = False  # the autosave script reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = None
ESCORT_UPLOAD_DIR = DATA / "uploads"       # outside any static or web root; served only as attachments
ESCORT_REPORT_DIR = DATA / "reports"
ESCORT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
ESCORT_LOGIN_MAX_FAILURES = 5               # per username or address within the window
ESCORT_LOGIN_WINDOW_SECONDS = 15 * 60
ESCORT_INVITATION_DAYS = 30

if CONFIG.huey_url:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "escort", "url": CONFIG.huey_url, "immediate": False}
else:
    HUEY = {"huey_class": "huey.SqliteHuey", "name": "escort", "filename": str(DATA / "huey.sqlite3"),
            "immediate": False}

LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}}}
