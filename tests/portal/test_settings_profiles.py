"""The settings read from the environment: the production profile is deployable as it is."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        name: value
        for name, value in os.environ.items()
        if name
        not in {
            "PORTAL_PROFILE",
            "SECRET_KEY",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "PORTAL_PROFILE": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "cpeg-portal.example.org",
}


def test_the_production_profile_passes_check_deploy_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_without_a_secret_key_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_an_unknown_profile_is_refused_by_name():
    result = manage("check", PORTAL_PROFILE="staging", SECRET_KEY="x")
    assert result.returncode != 0
    assert "PORTAL_PROFILE must be 'production' or 'demo', not 'staging'" in result.stderr


def test_the_demo_profile_fails_check_deploy_because_it_serves_plain_http():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    PORTAL_PROFILE="demo", SECRET_KEY=secrets.token_urlsafe(50))  # fmt: skip
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


def test_manage_py_typed_by_hand_after_make_run_reads_the_demo_settings_file(tmp_path):
    demo_env = tmp_path / "demo.env"
    demo_env.write_text(f"PORTAL_PROFILE=demo\nSECRET_KEY={secrets.token_urlsafe(50)}\n")
    result = manage("check", PORTAL_ENV_FILE=str(demo_env))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_demo_settings_file_never_overrides_a_profile_the_environment_chooses(tmp_path):
    demo_env = tmp_path / "demo.env"
    demo_env.write_text("PORTAL_PROFILE=demo\nSECRET_KEY=from-the-file\n")
    result = manage("check", PORTAL_PROFILE="production", PORTAL_ENV_FILE=str(demo_env))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_make_run_links_e_mails_to_the_port_it_serves_on():
    """`make run PORT=8080` serves on 8080, so the e-mails it sends must link there too."""
    printed = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "dev", "PORT=8080"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    exports = [line for line in printed.splitlines() if "export " in line]
    assert len(exports) == 2  # the web server and worker of make run, and of make dev
    assert all('PORTAL_BASE_URL="http://127.0.0.1:8080"' in line for line in exports)
