"""HTTP clients acting as a persona, shared by the permission matrices: the back office through a logged-in session,
the API through the person's token (None: anonymous)."""

from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from security.tests.helpers import log_in


def client_for(kind: str, user) -> Client | APIClient:
    """`kind` is the action's prefix in a matrix: "api" for the API, anything else for the back office."""
    if kind == "api":
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client
    client = Client()
    if user is not None:
        log_in(client, user)  # as the two-step login leaves it: verified by the person's second factor
    return client
