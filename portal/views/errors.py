from django.shortcuts import render


def bad_request(request, exception=None):
    return render(request, "portal/error.html", {"title": "请求有误", "message": "请求内容不正确，请检查后重试。"},
                  status=400)


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else "您没有访问该页面的权限。"
    return render(request, "portal/error.html", {"title": "无权访问", "message": message}, status=403)


def not_found(request, exception=None):
    return render(request, "portal/error.html", {"title": "页面不存在", "message": "您访问的页面不存在或信息已撤回。"},
                  status=404)


def server_error(request):
    return render(request, "portal/error.html", {"title": "系统繁忙", "message": "服务器暂时无法处理请求，请稍后再试。"},
                  status=500)


def rate_limited(request, exception=None):
    return render(request, "portal/error.html",
                  {"title": "提交过于频繁", "message": "您提交得太频繁了，请稍等几分钟后再试。已填写的内容请先自行保存。"},
                  status=429)
