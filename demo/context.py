"""What the demo steps share: the agencies and people they created, and the accounts to print at the end."""

from dataclasses import dataclass, field

DEMO_PASSWORD = "gongkai-demo-2026"


@dataclass
class Account:
    username: str
    role: str
    agency: str
    password: str = DEMO_PASSWORD


@dataclass
class DemoContext:
    agencies: dict = field(default_factory=dict)  # key → Agency ("county", "dongsheng", …)
    offices: dict = field(default_factory=dict)  # (agency key, office name) → Office
    users: dict = field(default_factory=dict)  # username → User
    accounts: list[Account] = field(default_factory=list)
    system_user: object = None  # the platform administrator, acting for imports
