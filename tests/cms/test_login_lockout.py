"""The admin sign-in locks out repeated wrong passwords (django-axes), per username and
address, for a cool-off, with a clear message; production carries the same rules."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/admin/login/"
RIGHT, WRONG = "the-right-password", "a-wrong-password"
OFFICE, HOME = "203.0.113.10", "198.51.100.7"

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    """Two editors who may use the admin."""
    User = get_user_model()
    return (
        User.objects.create_superuser("ruth", "ruth@clinic.example", RIGHT),
        User.objects.create_superuser("kenji", "kenji@clinic.example", RIGHT),
    )


def sign_in(client, username, password, address=OFFICE):
    client.logout()
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def fail_until_locked(client, username, address=OFFICE):
    for _ in range(settings.MERIDIAN_LOGIN_FAILURE_LIMIT):
        response = sign_in(client, username, WRONG, address)
    return response


def test_the_right_password_is_refused_once_the_failure_limit_is_reached(client, staff):
    for _ in range(settings.MERIDIAN_LOGIN_FAILURE_LIMIT - 1):
        assert sign_in(client, "ruth", WRONG).status_code == 200  # the form again
    assert fail_until_locked(client, "ruth").status_code == 429
    response = sign_in(client, "ruth", RIGHT)
    assert response.status_code == 429
    assert not signed_in(response)
    assert b"Sign-in is locked for now" in response.content
    assert b"too many wrong passwords" in response.content


def test_below_the_limit_the_right_password_still_signs_in(client, staff):
    for _ in range(settings.MERIDIAN_LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "ruth", WRONG)
    assert signed_in(sign_in(client, "ruth", RIGHT))


def test_one_users_failures_do_not_lock_a_colleague_at_the_same_address(client, staff):
    fail_until_locked(client, "ruth")
    assert sign_in(client, "ruth", RIGHT).status_code == 429
    assert signed_in(sign_in(client, "kenji", RIGHT))


def test_an_address_is_locked_once_its_failures_over_all_usernames_reach_its_limit(
    client, staff
):
    per_user = settings.MERIDIAN_LOGIN_FAILURE_LIMIT
    per_address = settings.MERIDIAN_LOGIN_ADDRESS_FAILURE_LIMIT
    assert per_address > per_user
    # Guessing names: each below its own limit, together at the address's.
    for n in range(per_address):
        sign_in(client, f"guess-{n // (per_user - 1)}", WRONG)
    response = sign_in(client, "kenji", RIGHT)
    assert response.status_code == 429
    assert signed_in(sign_in(client, "kenji", RIGHT, address=HOME))


def test_the_locked_user_can_still_sign_in_from_another_address(client, staff):
    fail_until_locked(client, "ruth", address=OFFICE)
    assert sign_in(client, "ruth", RIGHT, address=OFFICE).status_code == 429
    assert signed_in(sign_in(client, "ruth", RIGHT, address=HOME))


def test_sign_in_works_again_after_the_cool_off(client, staff):
    fail_until_locked(client, "ruth")
    assert sign_in(client, "ruth", RIGHT).status_code == 429
    # Time passes: the failures are now older than the cool-off.
    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - cool_off
        - datetime.timedelta(minutes=1)
    )
    assert signed_in(sign_in(client, "ruth", RIGHT))


def test_a_successful_sign_in_resets_the_failure_count(client, staff):
    for _ in range(settings.MERIDIAN_LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "ruth", WRONG)
    assert signed_in(sign_in(client, "ruth", RIGHT))
    # A fresh count: as many wrong passwords again still do not lock.
    for _ in range(settings.MERIDIAN_LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "ruth", WRONG)
    assert signed_in(sign_in(client, "ruth", RIGHT))


def test_axes_reset_lifts_the_lock(client, staff):
    fail_until_locked(client, "ruth")
    assert sign_in(client, "ruth", RIGHT).status_code == 429
    call_command("axes_reset", verbosity=0)
    assert signed_in(sign_in(client, "ruth", RIGHT))


PRINT_LOCKOUT = """
from django.conf import settings
print("app", "axes" in settings.INSTALLED_APPS)
print("middleware", settings.MIDDLEWARE[-1])
print("backend", settings.AUTHENTICATION_BACKENDS[0])
print("limits", settings.MERIDIAN_LOGIN_FAILURE_LIMIT,
      settings.MERIDIAN_LOGIN_ADDRESS_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME)
"""


def test_production_settings_carry_the_lockout(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x9Q!" * 12,
        DJANGO_ALLOWED_HOSTS="cms.clinic.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", PRINT_LOCKOUT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "app True",
        "middleware axes.middleware.AxesMiddleware",
        "backend cms.auth.LockoutBackend",
        "limits 5 20 1.0",
    ]
