from agencies.selectors import site_settings


def site(request):
    return {"site": site_settings(), "elder_mode": getattr(request, "elder_mode", False)}
