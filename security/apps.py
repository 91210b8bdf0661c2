from django.apps import AppConfig

LABELS = {
    "security.login.succeeded": "登录成功",
    "security.login.password_failed": "登录失败（密码错误）",
    "security.login.account_inactive": "登录失败（账号已停用）",
    "security.login.second_factor_failed": "登录失败（验证码错误）",
    "security.login.locked_out": "登录被锁定",
    "security.login.unlocked": "解除登录锁定",
    "security.logout": "退出登录",
    "security.session.expired": "会话超时",
    "security.mfa.enrolled": "绑定动态验证码",
    "security.mfa.recovery_codes_regenerated": "重新生成恢复码",
    "security.mfa.reset": "重置多因素认证",
    "security.mfa.policy_changed": "修改本机关多因素认证要求",
    "security.password.changed": "修改密码",
}


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "安全管理"

    def ready(self):
        from audit.labels import register_labels

        register_labels(LABELS)
        from .tokens import LABELS as TOKEN_LABELS

        register_labels(TOKEN_LABELS)
