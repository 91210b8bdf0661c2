"""Back-office routes of API tokens (接口令牌)."""

from django.urls import path

from backoffice.views import tokens as views

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
