"""portal routes for the applications domain."""

urlpatterns: list = []
