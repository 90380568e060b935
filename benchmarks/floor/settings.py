"""A bare Django project: the floor that the app's pages are measured against (see run.py).

No database, sessions, auth, middleware or translations: only URL routing and one template, so
the ratio of an app page to this page is what the app adds on top of Django and gunicorn.
"""

import secrets
from pathlib import Path

# Nothing is signed or stored, so a key made per process keeps a secret out of the repository.
SECRET_KEY = secrets.token_urlsafe(50)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "benchmarks.floor.urls"
WSGI_APPLICATION = "benchmarks.floor.wsgi.application"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
    }
]
USE_I18N = False
USE_TZ = True
