"""api routes for the catalog domain."""

urlpatterns: list = []
