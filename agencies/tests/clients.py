"""HTTP clients acting as a persona, shared by the permission matrices: the back office through a logged-in session,
the API through a write-scope API token of the person (None: anonymous)."""

from django.test import Client
from rest_framework.test import APIClient

from security.tests.helpers import log_in
from security.tests.token_factories import api_key_for


def client_for(kind: str, user) -> Client | APIClient:
    """`kind` is the action's prefix in a matrix: "api" for the API, anything else for the back office."""
    if kind == "api":
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
        return client
    client = Client()
    if user is not None:
        log_in(client, user)  # as the two-step login leaves it: verified by the person's second factor
    return client
