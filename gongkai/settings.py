"""The one settings module. Every deployment-specific value comes from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from .env import envbool, envint, envlist, envsecret, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("GONGKAI_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", "0")
# The development key only works for the embedded default; `manage.py check --deploy` flags it in production
# (security.W009 recognises the "django-insecure-" prefix).
SECRET_KEY = envsecret("SECRET_KEY", "django-insecure-dev-only-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "template_partials",
    "django_htmx",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # shared kernel
    "agencies",
    "audit",
    "workdays",
    "privacy",
    "search",
    "documents",
    "casework",
    "security",
    "backups",
    "notifications",
    # domain apps
    "catalog",
    "applications",
    "oversight",
    "reports",
    "opendata",
    "imports",
    # audience layers
    "portal",
    "backoffice",
    "api",
    "demo",
    "publication",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.middleware.SessionExpiryMiddleware",
    "security.middleware.StaffAuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.middleware.ElderModeMiddleware",
    "gongkai.middleware.NulInPathMiddleware",
    "gongkai.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",
    # last: answers published URLs from PUBLISH_ROOT (the embedded default; nginx does it in production)
    "publication.middleware.PublishedPagesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"
AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:workbench"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "portal.context_processors.site",
            ],
        },
    },
]

# --- databases --------------------------------------------------------------------------------------------
# SQLite in the project folder is the embedded default; PostgreSQL is the production database.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", "600"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a writer commits; IMMEDIATE avoids "database is locked" on upgrade.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not envbool("PG_JIT", "0"):
    # PostgreSQL's JIT compiles aggregate plans at 100+ ms each; our queries are short and indexed (bench/portal.py
    # measured 179 ms of JIT on a category count), so it is off unless asked for.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, background work -------------------------------------------------------------------------------
REDIS_URL = envstr("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Shared between the worker processes of the embedded default (rate limits, calendar version).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without Redis (the embedded default) tasks run in-process, right after the transaction commits.
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", "0" if REDIS_URL else "1")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE = {
    "daily-deadline-sweep": {
        "task": "casework.tasks.sweep_deadlines_task",
        "schedule": 60 * 60 * 24,
        "options": {"expires": 60 * 60 * 12},
    },
    "daily-purge-unconfirmed-subscriptions": {
        "task": "oversight.tasks.purge_unconfirmed_subscriptions_task",
        "schedule": 60 * 60 * 24,
        "options": {"expires": 60 * 60 * 12},
    },
    # notifications whose gateway failed: sent again when their backoff has passed
    "notifications-retry": {
        "task": "notifications.tasks.retry_deliveries_task",
        "schedule": 5 * 60,
        "options": {"expires": 4 * 60},
    },
    # 等保 2.0 安全审计: walk the audit trail's hash chain every day (manage.py verify_audit does the same).
    # Publication (issue 11): pending pages left by a drain that failed or was killed are written within a minute.
    "publication-pending-sweep": {
        "task": "publication.tasks.drain_task",
        "schedule": 60,
        "options": {"expires": 50},
    },
    "daily-audit-verification": {
        "task": "audit.tasks.verify_audit_chain_task",
        "schedule": 60 * 60 * 24,
        "options": {"expires": 60 * 60 * 12},
    },
}

# --- i18n / time --------------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- files ----------------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: downloads go through views that check visibility
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- e-mail -----------------------------------------------------------------------------------------------
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "gongkai@localhost")
SMS_BACKEND = envstr("SMS_BACKEND", "oversight.sms.FileSmsBackend")
# WeChat 公众号 template messages (notifications.gateways.wechat): files under VAR_DIR/wechat until a real backend is
# configured; WECHAT_TEMPLATES maps an event (notifications/events.py) to the template id the 公众号 approved.
WECHAT_BACKEND = envstr("WECHAT_BACKEND", "notifications.gateways.wechat.FileWechatBackend")
WECHAT_TEMPLATES = {"default": envstr("WECHAT_TEMPLATE_DEFAULT", "default")}

# --- security -------------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "0")
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "0")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", "0") else None
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# --- staff authentication (等保 2.0 level 3, 身份鉴别): passwords, second factor, lockout, sessions ------------
# Passwords: at least 10 characters of 3 of the 4 character classes, not like the person's name, not a common one.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "full_name", "email")}},
    {"NAME": "security.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "security.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]
# django-axes counts failed passwords and wrong second-factor codes per account and per address, whichever locks
# first; the back-office lockout page answers 429. Its backend must come first.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", "30")
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A login forgets the account's own failures (security.lockout.forget_account_failures), not the address's: axes'
# AXES_RESET_ON_SUCCESS would also clear every failure from that address, so whoever holds one account could reset
# the count of their guesses at a colleague's password by logging in between them.
AXES_RESET_ON_SUCCESS = False
# A locked account stays locked M minutes from the failure that locked it: attempts during the lock do not prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "security.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # successful logins and logouts are in the audit trail
AXES_CLIENT_IP_CALLABLE = "security.lockout.client_ip_address"
# Behind a reverse proxy the address counted is the one the proxy appended to X-Forwarded-For, not the proxy's own.
LOGIN_TRUST_FORWARDED_FOR = envbool("BEHIND_PROXY", "0")
AXES_VERBOSE = False
# The half-done login (password checked, second factor or enrolment pending) lives this long in the session.
LOGIN_SECOND_STEP_MINUTES = envint("LOGIN_SECOND_STEP_MINUTES", "10")
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "政府信息公开工作平台")
RECOVERY_CODE_COUNT = 10
# Back-office sessions end after this much inactivity, and in any case this long after login.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", "30")
SESSION_ABSOLUTE_HOURS = envint("SESSION_ABSOLUTE_HOURS", "12")
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 60 * 60
# --- end of staff authentication --------------------------------------------------------------------------------
# Personal data (ID numbers, phones, addresses) is encrypted at rest with this key (Fernet, urlsafe base64).
FIELD_ENCRYPTION_KEY = envsecret("FIELD_ENCRYPTION_KEY", "ZGV2LW9ubHktZmllbGQta2V5LWNoYW5nZS1tZS0wMTI=")
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", "1")
RATELIMIT_VIEW = "portal.views.errors.rate_limited"
# Behind nginx (BEHIND_PROXY) the client is the address nginx appended to X-Forwarded-For, not nginx itself: the same
# address the login lockout counts, so public forms and logins are limited per reader, not all in one bucket.
RATELIMIT_IP_META_KEY = "security.lockout.client_ip_address"

# --- API ----------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # first: its "Token" is the WWW-Authenticate challenge of every 401
        "security.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.BoundedPageNumberPagination",
    "PAGE_SIZE": 20,
    "DATE_FORMAT": "%Y-%m-%d",
    "DATE_INPUT_FORMATS": ["%Y-%m-%d"],
    "DEFAULT_THROTTLE_RATES": {"anon": envstr("API_ANON_RATE", "120/min"), "user": "600/min"},
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
}
# API tokens (security/tokens.py): the longest validity a token may be given, and the default offered.
API_TOKEN_MAX_DAYS = envint("API_TOKEN_MAX_DAYS", "365")
API_TOKEN_DEFAULT_DAYS = envint("API_TOKEN_DEFAULT_DAYS", "90")
SPECTACULAR_SETTINGS = {
    "TITLE": "Gongkai 政府信息公开平台 API",
    "DESCRIPTION": "公开读取接口与工作人员接口（令牌认证）。日期格式均为 YYYY-MM-DD。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name across apps get explicit, stable names in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ApplicationChannelEnum": "applications.models.Channel",
        "ApplicationStatusEnum": "applications.models.Status",
        "DeliveryMethodEnum": "applications.models.DeliveryMethod",
    },
}

# --- domain settings ------------------------------------------------------------------------------------------
GONGKAI_SITE_NAME = envstr("GONGKAI_SITE_NAME", "政府信息公开平台")
GONGKAI_BASE_URL = envstr("GONGKAI_BASE_URL", "http://127.0.0.1:8000")
# Art.26: proactive information is published within 20 working days of its formation or change.
PROACTIVE_PUBLISH_DAYS = 20
# The 工作台 warns when fewer than this many working days remain before a due date (WF-4).
DUE_SOON_WORKING_DAYS = envint("DUE_SOON_WORKING_DAYS", "5")
# Fee notice to payment is not counted toward the reply deadline (§3.4, unverified in the primary text).
FEE_PERIOD_SUSPENDS_CLOCK = envbool("FEE_PERIOD_SUSPENDS_CLOCK", "1")
# Default handling periods of the supervision registers (each agency may set its own).
OVERSIGHT_COMPLAINT_DAYS = envint("OVERSIGHT_COMPLAINT_DAYS", "15")  # working days to answer a complaint
OVERSIGHT_SUGGESTION_MONTHS = envint("OVERSIGHT_SUGGESTION_MONTHS", "3")  # months to answer an NPC/CPPCC suggestion

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "privacy.log_filters.MaskPersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- production HTTPS (issue 9: `manage.py check --deploy` is clean with the README's production settings) --------
# HSTS for the site's own subdomains too, and the preload flag (the agency decides whether to submit the domain).
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "0")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "0")

# --- errors (issue 9, item 6: every API error is {"code", "detail"} JSON; see api/errors.py, gongkai/error_views.py)
CSRF_FAILURE_VIEW = "gongkai.error_views.csrf_failure"
# JSON bodies are held to DATA_UPLOAD_MAX_MEMORY_SIZE like form bodies (api/parsers.py).
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "api.parsers.BoundedJSONParser",
    "rest_framework.parsers.FormParser",
    "rest_framework.parsers.MultiPartParser",
]

# --- read replicas (issue 11, item 5: gongkai/db_router.py) ------------------------------------------------------
# Anonymous portal pages and public API GETs may read PostgreSQL hot standbys (comma-separated URLs); writes, staff
# and everything after a write read the primary. Unset (the default): one database, the router and middleware idle.
DATABASE_REPLICAS = []
for _number, _url in enumerate(envlist("DATABASE_REPLICA_URLS", ""), start=1):
    _replica = dj_database_url.parse(_url, conn_max_age=envint("CONN_MAX_AGE", "600"), conn_health_checks=True)
    if "postgresql" not in DATABASES["default"]["ENGINE"] or "postgresql" not in _replica["ENGINE"]:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("DATABASE_REPLICA_URLS are PostgreSQL streaming replicas of a PostgreSQL DATABASE_URL")
    # A replica that does not answer within this many seconds is skipped; the primary answers instead.
    _replica["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}),
                           "connect_timeout": envint("DATABASE_REPLICA_CONNECT_TIMEOUT", "2")}
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["gongkai.db_router.ReplicaRouter"]
MIDDLEWARE.append("gongkai.db_router.ReplicaMiddleware")
# After a request of a browser wrote, its requests read the primary this long (the page a form redirects to).
REPLICA_PIN_SECONDS = envint("REPLICA_PIN_SECONDS", "5")
# A replica that failed is not tried again for this long.
REPLICA_RETRY_SECONDS = envint("REPLICA_RETRY_SECONDS", "30")

# --- publication (issue 11): the public pages as files (publication/, docs/publication.md) -------------------------
# nginx serves them (deploy/nginx/); without nginx PublishedPagesMiddleware does (PUBLICATION_SERVE).
PUBLISH_ROOT = Path(envstr("PUBLISH_ROOT", str(VAR_DIR / "publish")))
PUBLICATION_SERVE = envbool("PUBLICATION_SERVE", "1")
