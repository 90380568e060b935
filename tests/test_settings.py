"""The settings module as a fresh process sees it: hardened in production, a self-contained demo without environment."""

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_HOST = "peerreview.example"

# Printed by a fresh interpreter, so that nothing from this test process leaks into the settings.
PRINT_SETTINGS = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "peerreview.settings"
import django
django.setup()
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "DATABASE_ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DATABASE_NAME": str(settings.DATABASES["default"]["NAME"]),
    "CONN_MAX_AGE": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"]["LOCATION"],
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "STATICFILES_STORAGE": settings.STORAGES["staticfiles"]["BACKEND"],
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
}))
"""


def _environment(tmp_path: Path, **variables: str) -> dict[str, str]:
    """Nothing but PATH, HOME and a private var/ folder, plus what the test asks for."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "PEERREVIEW_VAR_DIR": str(tmp_path / "var"),
        **variables,
    }


def _run(args: list[str], env: dict[str, str], cwd: Path = BASE_DIR) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 -- our own interpreter and manage.py, no shell
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def _settings(env: dict[str, str], cwd: Path = BASE_DIR) -> dict:
    result = _run(["-c", PRINT_SETTINGS], env, cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _production(tmp_path: Path, **variables: str) -> dict[str, str]:
    production = {
        "DJANGO_PRODUCTION": "true",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters
        "DJANGO_ALLOWED_HOSTS": PRODUCTION_HOST,
    }
    return _environment(tmp_path, **{**production, **variables})


def test_settings_production_passes_deploy_check(tmp_path):
    env = _production(tmp_path)
    assert len(env["DJANGO_SECRET_KEY"]) == 64
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (0 silenced).")


def test_settings_production_without_secret_key_refuses_to_start(tmp_path):
    env = _production(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: Set the DJANGO_SECRET_KEY environment variable" in (
        result.stderr
    )
    assert not (tmp_path / "var" / "secret_key").exists()


@pytest.mark.parametrize("secret_key", ["", "too-short"])
def test_settings_production_with_weak_secret_key_refuses_to_start(tmp_path, secret_key):
    result = _run(["manage.py", "check"], _production(tmp_path, DJANGO_SECRET_KEY=secret_key))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_settings_production_without_allowed_hosts_refuses_to_start(tmp_path):
    env = _production(tmp_path)
    del env["DJANGO_ALLOWED_HOSTS"]
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the DJANGO_ALLOWED_HOSTS environment variable" in result.stderr


def test_settings_production_values(tmp_path):
    env = _production(tmp_path)
    values = _settings(env)
    assert (values["DEBUG"], values["SECRET_KEY"], values["ALLOWED_HOSTS"]) == (
        False,
        env["DJANGO_SECRET_KEY"],
        [PRODUCTION_HOST],
    )
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["STATICFILES_STORAGE"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.mark.parametrize(
    ("variables", "debug"),
    [({}, False), ({"DJANGO_DEBUG": "false"}, False), ({"DJANGO_DEBUG": "true"}, True)],
)
def test_settings_debug_off_unless_asked(tmp_path, variables, debug):
    assert _settings(_environment(tmp_path, **variables))["DEBUG"] is debug


def test_settings_no_environment_runs_embedded(tmp_path):
    var = tmp_path / "var"
    values = _settings(_environment(tmp_path))
    assert {key: values[key] for key in values if key not in {"SECRET_KEY", "CONN_MAX_AGE"}} == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "[::1]"],
        "DATABASE_ENGINE": "django.db.backends.sqlite3",
        "DATABASE_NAME": str(var / "db.sqlite3"),
        "CACHE_BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "CACHE_LOCATION": str(var / "cache"),
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_TASK_ALWAYS_EAGER": False,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "SESSION_COOKIE_SECURE": False,
    }
    assert values["CONN_MAX_AGE"] > 0
    assert sorted(p.name for p in (var / "broker").iterdir()) == ["control", "queue"]
    # The demo's secret key is made once, kept private, and reused on the next start.
    key_file = var / "secret_key"
    assert (key_file.read_text(), key_file.stat().st_mode & 0o777) == (values["SECRET_KEY"], 0o600)
    assert len(values["SECRET_KEY"]) >= 50
    assert _settings(_environment(tmp_path))["SECRET_KEY"] == values["SECRET_KEY"]


def test_settings_var_dir_read_from_dotenv(tmp_path):
    # A copy of the settings package next to its own .env; the apps still come from this checkout.
    project = tmp_path / "project"
    shutil.copytree(BASE_DIR / "peerreview", project / "peerreview", ignore=shutil.ignore_patterns("__pycache__"))
    var = tmp_path / "var-from-dotenv"
    (project / ".env").write_text(f"PEERREVIEW_VAR_DIR={var}\n")
    env = _environment(tmp_path, PYTHONPATH=f"{project}{os.pathsep}{BASE_DIR}")
    del env["PEERREVIEW_VAR_DIR"]
    values = _settings(env, cwd=project)
    assert (values["DATABASE_NAME"], values["CACHE_LOCATION"]) == (str(var / "db.sqlite3"), str(var / "cache"))
