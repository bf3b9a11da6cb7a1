"""Every `manage.py` command the README prints runs as printed after `make run`: with no
variables of its own, only the file `make run` writes (var/demo.env), on a loaded demo."""

import os
import re
import secrets
import shlex
import subprocess
import sys

import pytest
from django.conf import settings

README = settings.BASE_DIR / "README.md"
PRINTED = re.compile(r"^\.venv/bin/python manage\.py (.+)$", re.M)
# What `make run` leaves behind it is the file; the test's own environment must not help.
NOT_INHERITED = {
    "PORTAL_PROFILE", "SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL",
    "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "PORTAL_ENV_FILE",
}  # fmt: skip


def printed_commands() -> list[list[str]]:
    """The README's shell blocks' `manage.py` lines (not the set-up lines `make run` runs)."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(), re.S)
    return [shlex.split(line) for block in blocks for line in PRINTED.findall(block)]


@pytest.fixture(scope="module")
def after_make_run(tmp_path_factory):
    """A migrated, loaded demo database and the env file that points at it, as `make run`
    leaves them (the database in a temporary folder rather than var/)."""
    folder = tmp_path_factory.mktemp("after-make-run")
    env_file = folder / "demo.env"
    env_file.write_text(
        f"PORTAL_PROFILE=demo\nSECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"DATABASE_URL=sqlite:///{folder / 'portal.sqlite3'}\n"
        f"CELERY_FILESYSTEM_DIR={folder / 'celery'}\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env["PORTAL_ENV_FILE"] = str(env_file)
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        run(command, env, folder)
    return env, folder


def run(arguments: list[str], env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *arguments],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def test_the_readme_prints_the_commands_this_test_runs():
    names = [command[0] for command in printed_commands()]
    assert names == ["export_360giving", "load_benchmarks", "export_diversity"]


@pytest.mark.parametrize("command", printed_commands(), ids=lambda command: command[0])
def test_each_printed_command_runs_as_printed_after_make_run(after_make_run, command):
    env, folder = after_make_run
    # Relative paths in the README are from the repository: link what they name into the
    # working folder, so the files the command writes land there and not in the checkout.
    (folder / "demo").is_symlink() or (folder / "demo").symlink_to(settings.BASE_DIR / "demo")
    result = run(command, env, folder)
    assert "Error" not in result.stderr
    if "--output" in command:
        written = folder / command[command.index("--output") + 1]
        assert written.stat().st_size > 0
