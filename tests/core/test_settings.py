"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys

import pytest

STRONG_KEY = "t3st-" + "Hq8Lw2Zp5Vn9Rc4X" * 4
SETUP = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run_python(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="evident.settings")
    return subprocess.run(
        [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("given", "missing"),
    [({}, "SECRET_KEY"), ({"SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS")],
)
def test_production_without_required_settings_fails_fast_naming_the_setting(given, missing):
    result = run_python({"EVIDENT_ENV": "production", **given})
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_production_with_required_settings_starts_without_debug():
    result = run_python(
        {"EVIDENT_ENV": "production", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "evident.example"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_evident_command_maps_hyphenated_names_to_commands(tmp_path):
    env = {**os.environ, "EVIDENT_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "evident.cli", "verify-ledger", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "--org" in result.stdout
