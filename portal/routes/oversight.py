"""portal routes for the oversight domain."""

urlpatterns: list = []
