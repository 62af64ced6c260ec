"""The pages keep a strict Content-Security-Policy, sign-in guesses are held off, and the
production settings pass Django's deployment check."""

import os
import re
import subprocess
import sys

import pytest
from django.core.management import call_command

from evident.core.models import Role

STRONG_KEY = "k3y-" + "x9Q2mZ7vL4pR8tW1" * 4


@pytest.fixture
def member(client, make_user, org):
    user = make_user(org, Role.SMS_MANAGER, username="ada")
    user.set_password("correct horse battery")
    user.save()
    return user


def test_every_page_carries_the_policy_and_runs_no_inline_script_or_style(client, member):
    client.force_login(member)
    for path in ("/o/acme/", "/o/acme/incidents/", "/o/acme/progress/", "/accounts/login/"):
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, path
        page = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), path
        assert " style=" not in page and "<style" not in page, path


def test_repeated_wrong_passwords_pause_sign_in_until_an_administrator_unlocks(client, member):
    wrong = {"username": "ada", "password": "guess"}
    codes = [client.post("/accounts/login/", wrong).status_code for _ in range(6)]
    assert codes[:4] == [200] * 4 and codes[-1] == 429
    right = {"username": "ada", "password": "correct horse battery"}
    paused = client.post("/accounts/login/", right)
    assert paused.status_code == 429 and "Sign-in paused" in paused.content.decode()
    call_command("axes_reset_username", "ada")
    assert client.post("/accounts/login/", right).status_code == 302


def test_the_admin_sign_in_is_held_off_the_same_way(client, member):
    wrong = {"username": "ada", "password": "guess", "next": "/admin/"}
    codes = [client.post("/admin/login/", wrong).status_code for _ in range(6)]
    assert codes[-1] == 429


def _check(env: dict) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "evident.cli", "check", "--deploy", "--fail-level", "WARNING"]
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    return subprocess.run(
        command, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = _check(
        {
            "EVIDENT_ENV": "production",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "evident.example.org",
            "EVIDENT_DATA_DIR": str(tmp_path),
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_weak_secret_key(tmp_path):
    result = _check(
        {
            "EVIDENT_ENV": "production",
            "SECRET_KEY": "x",
            "ALLOWED_HOSTS": "evident.example.org",
            "EVIDENT_DATA_DIR": str(tmp_path),
        }
    )
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr
