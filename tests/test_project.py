"""Project wiring: settings from the environment, start-up checks, migrations, the demo corpus."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.test.utils import override_settings

from claims.models import Article, Claim, Conflict, Figure
from sources.models import Citation

ROOT = Path(__file__).resolve().parent.parent


def settings_in_subprocess(env: dict[str, str], expr: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL")}
    code = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='factcheck.settings'; django.setup(); " \
           f"from django.conf import settings; print({expr})"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=60)


def test_a_secret_key_is_required_when_debug_is_off():
    result = settings_in_subprocess({"DEBUG": "false"}, "settings.DEBUG")
    assert result.returncode != 0 and "SECRET_KEY (or SECRET_KEY_FILE) must be set" in result.stderr


def test_the_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file")
    result = settings_in_subprocess({"SECRET_KEY_FILE": str(secret)}, "settings.SECRET_KEY")
    assert result.stdout.strip() == "from-a-file", result.stderr


def test_a_misspelt_boolean_stops_start_up():
    result = settings_in_subprocess({"DEBUG": "yes please"}, "settings.DEBUG")
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr


def test_a_boolean_can_come_from_a_file_too(tmp_path):
    flag = tmp_path / "debug"
    flag.write_text("true\n")
    result = settings_in_subprocess({"DEBUG_FILE": str(flag)}, "settings.DEBUG")
    assert result.stdout.strip() == "True", result.stderr


def test_without_redis_tasks_run_inline_and_with_it_they_go_to_the_broker():
    inline = settings_in_subprocess({"DEBUG": "true"}, "settings.CELERY_TASK_ALWAYS_EAGER, settings.DATABASES")
    assert inline.stdout.startswith("True") and "db.sqlite3" in inline.stdout
    queued = settings_in_subprocess({"DEBUG": "true", "REDIS_URL": "redis://127.0.0.1:6379/3"},
                                    "settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL")
    assert queued.stdout.strip() == "False redis://127.0.0.1:6379/3"


def test_a_production_start_without_redis_is_warned_about():
    with override_settings(DEBUG=False, CELERY_TASK_ALWAYS_EAGER=True):
        assert "factcheck.W001" in [message.id for message in run_checks()]
    with override_settings(DEBUG=False, CELERY_TASK_ALWAYS_EAGER=False):
        assert "factcheck.W001" not in [message.id for message in run_checks()]


def test_fetching_internal_networks_in_production_is_warned_about():
    with override_settings(DEBUG=False, FACTCHECK_FETCH_ALLOW_NETWORKS="127.0.0.0/8"):
        assert "factcheck.W002" in [message.id for message in run_checks()]
    with override_settings(DEBUG=True, FACTCHECK_FETCH_ALLOW_NETWORKS="127.0.0.0/8"):
        assert "factcheck.W002" not in [message.id for message in run_checks()]
    with override_settings(DEBUG=False, FACTCHECK_FETCH_ALLOW_NETWORKS=""):
        assert "factcheck.W002" not in [message.id for message in run_checks()]


def test_an_unreadable_allow_list_stops_start_up():
    with override_settings(FACTCHECK_FETCH_ALLOW_NETWORKS="127.0.0.0/8, intranet"):
        errors = [message for message in run_checks() if message.id == "factcheck.E002"]
    assert errors and "intranet" in errors[0].msg


@pytest.mark.django_db
def test_the_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_the_demo_corpus_loads_once_and_logs_in(client, capsys):
    call_command("load_demo", password="demo-pass-1")
    counts = [model.objects.count() for model in (Article, Claim, Figure, Citation, Conflict)]
    assert counts[0] >= 6 and counts[1] >= 20 and counts[4] >= 4
    call_command("load_demo", password="demo-pass-2")
    assert [model.objects.count() for model in (Article, Claim, Figure, Citation, Conflict)] == counts
    out = capsys.readouterr().out
    assert "demo-pass-2" in out
    # Through the login form: login throttling (django-axes) needs the request that client.login() lacks.
    response = client.post("/admin/login/", {"username": "editor", "password": "demo-pass-2"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    token = out.rsplit("API token for 'editor': ", 1)[1].split()[0]
    assert client.get("/api/sources/", headers={"Authorization": f"Token {token}"}).status_code == 200
    assert Conflict.objects.filter(kind="contradiction").count() >= 2
    assert Figure.objects.filter(text="bis zu fünf Millionen Artilleriegeschosse", qualifier="up_to").exists()
    assert client.get("/admin/claims/article/").status_code == 200
    assert client.get("/api/claims/", {"unit": "Container"}).data["results"]
    # The sample comes reviewed: a verdict of each kind, one claim in review, the veto contradiction confirmed,
    # all by the reviewer and in history; loading again changed none of it.
    statuses = sorted(Claim.objects.exclude(status="unreviewed").values_list("status", flat=True))
    assert statuses == ["disputed", "false", "in_review", "supported", "unverifiable"]
    assert Claim.objects.get(status="false").history.latest().history_user.username == "reviewer"
    assert Conflict.objects.get(status="confirmed").kind == "contradiction"
    supported = Claim.objects.get(status="supported")
    assert client.get(f"/api/claims/{supported.ref}/claimreview/").json()["reviewRating"]["ratingValue"] == 3


def test_https_mode_secures_cookies_behind_a_proxy():
    result = settings_in_subprocess({"SECRET_KEY": "k", "FACTCHECK_HTTPS": "true"},
                                    "settings.SESSION_COOKIE_SECURE, settings.SECURE_PROXY_SSL_HEADER[0]")
    assert result.stdout.strip() == "True HTTP_X_FORWARDED_PROTO", result.stderr


CELERY_MEMORY = "__import__('factcheck.celery').celery.app.conf.worker_max_memory_per_child"


@pytest.mark.parametrize(("value", "expected"), [(None, "512000"), ("300000", "300000"), ("0", "0")])
def test_the_worker_memory_cap_reaches_the_celery_app(value, expected):
    env = {"DEBUG": "true"} if value is None else {"DEBUG": "true", "CELERY_WORKER_MAX_MEMORY_PER_CHILD": value}
    result = settings_in_subprocess(env, CELERY_MEMORY)
    assert result.stdout.strip() == expected, result.stderr


@pytest.mark.parametrize("value", ["500M", "512 MB", "-1", "1.5", "lots"])
def test_a_bad_worker_memory_cap_stops_start_up(value):
    result = settings_in_subprocess({"DEBUG": "true", "CELERY_WORKER_MAX_MEMORY_PER_CHILD": value}, CELERY_MEMORY)
    assert result.returncode != 0
    message = f"CELERY_WORKER_MAX_MEMORY_PER_CHILD must be a whole number of KiB, 0 or more, not {value!r}"
    assert message in result.stderr


def test_the_largest_request_body_is_a_setting():
    default = settings_in_subprocess({"SECRET_KEY": "k"}, "settings.DATA_UPLOAD_MAX_MEMORY_SIZE")
    # Room for the longest article allowed, three bytes a character as a form encodes text outside ASCII.
    assert default.stdout.strip() == "15000000", default.stderr
    given = settings_in_subprocess({"SECRET_KEY": "k", "FACTCHECK_MAX_REQUEST_BYTES": "1234"},
                                   "settings.DATA_UPLOAD_MAX_MEMORY_SIZE")
    assert given.stdout.strip() == "1234", given.stderr
