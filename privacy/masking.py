"""How personal data looks to everyone who is not handling it."""


def mask_id_number(value: str) -> str:
    """110105********1234 style: region kept, birth date and sequence hidden."""
    value = (value or "").strip()
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    value = (value or "").strip()
    digits = [c for c in value if c.isdigit()]
    if len(digits) < 7:
        return "*" * len(value)
    if len(digits) == 11 and digits[0] == "1":
        return "".join(digits[:3]) + "****" + "".join(digits[-4:])
    return value[:-4].translate(str.maketrans("0123456789", "**********")) + value[-4:]


def mask_address(value: str) -> str:
    """Keep the first six characters (province/city/county level) and hide the rest."""
    value = (value or "").strip()
    if len(value) <= 6:
        return value[:2] + "*" * max(len(value) - 2, 0)
    return value[:6] + "*" * min(len(value) - 6, 8)


def mask_name(value: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***."""
    value = (value or "").strip()
    if len(value) <= 1:
        return value
    return value[0] + "*" * (len(value) - 1)


def mask_email(value: str) -> str:
    value = (value or "").strip()
    if "@" not in value:
        return "*" * len(value)
    local, domain = value.split("@", 1)
    return (local[:1] + "***@" + domain) if local else "***@" + domain
