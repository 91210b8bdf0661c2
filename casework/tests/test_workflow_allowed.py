"""A transition whose permission is not one fixed Perm in the object's agency (`Transition.allowed`): the current step
of a review chain, the 第一责任人. `can` and `available_actions` ask it instead of `perm`; the others still use `perm`."""

from dataclasses import dataclass

import pytest
from django.db import models

from agencies.access import Perm
from casework.workflow import Transition, Workflow

pytestmark = pytest.mark.django_db


class Door(models.TextChoices):
    SHUT = "shut", "关闭"
    OPEN = "open", "打开"


@dataclass
class Room:
    status: str
    agency_id: int
    keyholder: str


DOORS = Workflow(
    key="test.door", label="门", states=Door, initial=Door.SHUT, open_states=[Door.SHUT],
    transitions=[
        Transition("unlock", "开门", (Door.SHUT,), Door.OPEN, perm=Perm.CATALOG_VIEW,
                   allowed=lambda user, room: user.username == room.keyholder),
        Transition("look", "查看", (Door.SHUT, Door.OPEN), perm=Perm.CATALOG_VIEW),
    ],
)


def test_allowed_replaces_the_permission_check(township, clerk, outsider):
    mine, theirs = Room(Door.SHUT, township.pk, keyholder="clerk"), Room(Door.SHUT, township.pk, keyholder="x")
    assert [t.name for t in DOORS.available_actions(mine, clerk)] == ["unlock", "look"]
    assert [t.name for t in DOORS.available_actions(theirs, clerk)] == ["look"]
    assert DOORS.can(clerk, mine, "unlock") and not DOORS.can(clerk, theirs, "unlock")
    # the keyholder of another agency: `allowed` decides alone; `perm` still guards the transitions without it
    assert [t.name for t in DOORS.available_actions(Room(Door.SHUT, township.pk, "outsider"), outsider)] == ["unlock"]
    assert not DOORS.can(clerk, Room(Door.OPEN, township.pk, "clerk"), "unlock")  # the state still decides
