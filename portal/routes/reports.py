"""portal routes for the reports domain."""

urlpatterns: list = []
