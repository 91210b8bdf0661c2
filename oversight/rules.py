"""Periods and legal rules of the supervision registers (data; agencies may override the periods of their own
registers through `casework.models.ServiceLevel`)."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from casework.clocks import ClockRule, Unit
from workdays.errors import CalendarNotLoaded
from workdays.explanations import cn_date

# --- registers' default periods ---------------------------------------------------------------------------------

# 《行政复议法》（2023年修订）第四十八条：被申请人自收到申请书副本之日起十日内提出书面答复；第八十八条：“十日”指工作日。
RECONSIDERATION_ANSWER = ClockRule(10, Unit.WORKING_DAYS, "收到复议申请书副本", "书面答复期限")
# 《行政诉讼法》第六十七条：被告自收到起诉状副本之日起十五日内提交证据、提出答辩状（期间届满日遇休息日顺延）。
LITIGATION_DEFENCE = ClockRule(15, Unit.CALENDAR_DAYS, "收到起诉状副本", "答辩期限", roll_to_working_day=True)


def suggestion_handling() -> ClockRule:
    """人大代表建议、政协提案: replied within three months of assignment by default (local rules; configurable)."""
    months = int(getattr(settings, "OVERSIGHT_SUGGESTION_MONTHS", 3))
    return ClockRule(months, Unit.MONTHS, "交办", "办理期限")


# Provincial rules implementing 国办发〔2014〕46号: the reply is made public within 20 working days of replying.
SUGGESTION_DISCLOSURE = ClockRule(20, Unit.WORKING_DAYS, "答复代表委员", "办理复文公开期限")


def complaint_answer() -> ClockRule:
    """投诉举报 answered within a number of working days (15 by default; per agency in the back office)."""
    days = int(getattr(settings, "OVERSIGHT_COMPLAINT_DAYS", 15))
    return ClockRule(days, Unit.WORKING_DAYS, "收到投诉举报", "答复期限")


# WEB-6: “我为政府网站找错” answered within 3 working days (provincial rules implementing 国办发〔2017〕47号).
SITE_ERROR_ANSWER = ClockRule(3, Unit.WORKING_DAYS, "收到网站纠错", "答复期限")

# 工作要点 tasks have a fixed due date chosen when the plan is made (no computed period).

# --- remedies shown on a reply letter -----------------------------------------------------------------------------

# 《行政复议法》第二十条：自知道之日起六十日内；《行政诉讼法》第四十六条：自知道之日起六个月内. Counted from the day after
# the reply is received, in calendar days and months; a last day that is a rest day moves to the next working day
# (行政复议法第八十八条、行政诉讼法第一百零一条 → 民事诉讼法第八十五条).
RECONSIDERATION_REMEDY = ClockRule(60, Unit.CALENDAR_DAYS, "收到答复", "申请行政复议期限", roll_to_working_day=True)
LITIGATION_REMEDY = ClockRule(6, Unit.MONTHS, "收到答复", "提起行政诉讼期限", roll_to_working_day=True)


@dataclass(frozen=True)
class RemedyDeadlines:
    served_on: date
    reconsideration_by: date
    litigation_by: date
    # True when the calendar does not reach a last day yet: shown as computed, without the move past a rest day
    provisional: bool = False

    @property
    def text(self) -> str:
        text = (f"如不服本答复，可以在收到本答复之日起60日内（至{cn_date(self.reconsideration_by, with_year=True)}）"
                f"依法申请行政复议，或者在6个月内（至{cn_date(self.litigation_by, with_year=True)}）依法提起行政诉讼。")
        if self.provisional:
            text += "期限最后一日为法定休假日的，顺延至休假日后的第一个工作日。"
        return text


def _last_day(rule: ClockRule, start: date) -> tuple[date, bool]:
    """(last day, whether the calendar could tell if it is a rest day)."""
    try:
        return rule.due(start).date, True
    except CalendarNotLoaded:
        unrolled = ClockRule(rule.length, rule.unit, rule.start_label, rule.period_label)
        return unrolled.due(start).date, False


def remedy_deadlines(served_on: date) -> RemedyDeadlines:
    """The last days to apply for reconsideration and to sue, for a reply received on `served_on`."""
    reconsideration, known = _last_day(RECONSIDERATION_REMEDY, served_on)
    litigation, known_too = _last_day(LITIGATION_REMEDY, served_on)
    return RemedyDeadlines(served_on, reconsideration, litigation, provisional=not (known and known_too))
