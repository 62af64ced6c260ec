"""Signing in and out with Django's auth views and our templates."""

from django.contrib.auth import get_user_model


def test_signing_in_leads_to_the_organisation_and_signing_out_back_to_sign_in(client, manager):
    page = client.get("/accounts/login/?next=/o/acme/incidents/")
    assert page.status_code == 200
    assert '<label for="id_username">' in page.content.decode()
    response = client.post(
        "/accounts/login/",
        {"username": manager.username, "password": "pw-for-tests", "next": "/o/acme/incidents/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/o/acme/incidents/"
    assert client.get("/o/acme/incidents/").status_code == 200

    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert client.get("/o/acme/incidents/").status_code == 302


def test_a_wrong_password_is_refused_with_a_message(client, manager):
    response = client.post("/accounts/login/", {"username": manager.username, "password": "no"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()


def test_a_user_without_any_organisation_is_told_so(client, db):
    user = get_user_model().objects.create_user("newcomer")
    client.force_login(user)
    assert "not a member of any organisation" in client.get("/").content.decode()
