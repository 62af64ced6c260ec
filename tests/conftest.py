"""Shared fixtures: organisations, users with roles, and an acting context."""

import pytest
from django.contrib.auth import get_user_model

from evident.core.context import acting
from evident.core.models import Membership, Organisation, Role


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(db):
    return Organisation.objects.create(slug="acme", name="Acme IT Services")


@pytest.fixture
def other_org(db):
    return Organisation.objects.create(slug="globex", name="Globex Hosting")


@pytest.fixture
def make_user(db):
    """Create a user with a role in an organisation: ``make_user(org, role="viewer")``."""

    def make(organisation, role=Role.SMS_MANAGER, username=None):
        username = username or f"{role}-{organisation.slug}"
        user = get_user_model().objects.create_user(username=username, password="pw-for-tests")
        Membership.objects.create(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def manager(org, make_user):
    return make_user(org, Role.SMS_MANAGER)


@pytest.fixture
def as_cli():
    """Writes inside the test are attributed to a CLI actor, as a command would."""
    with acting(source="cli", actor_name="test-runner") as ctx:
        yield ctx
