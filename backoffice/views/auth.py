"""Staff login and logout. Logins are rate-limited per address and per username."""

from django.contrib.auth import views as auth_views
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit


@method_decorator(ratelimit(key="ip", rate="20/5m", method="POST", block=True), name="post")
@method_decorator(ratelimit(key="post:username", rate="10/5m", method="POST", block=True), name="post")
class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class LogoutView(auth_views.LogoutView):
    next_page = "/"
