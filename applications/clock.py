"""The statutory clock of an application: ONE function turns the application's events into its reply due date and a
plain-Chinese explanation of how that date was reached. Every service that records an event calls `refresh()`, and so
does the calendar-change recomputer; nothing else computes a reply due date.

    start      the legal receipt date (Art.31), or the day the corrected application arrived (Art.30: the period
               restarts, it does not resume)
    period     20 working days (2019 Art.33) / 15 (2007 Art.24), plus an approved extension (≤ 20 / ≤ 15)
    Art.35     a longer reasonable period set by the agency (ReasonablePeriod): its date IS the due date (no cap)
    not counted every consultation from the day the letter is sent to the day the answer arrives or the answer period
               ends, both included (Art.33¶3; under 2007 only third parties, Art.24); the fee notice to payment when
               settings.FEE_PERIOD_SUSPENDS_CLOCK (§3.4, unverified in the primary text, hence a setting)

Counting follows domain.md §4.4 (start day excluded, only working days count) through `workdays.explanations.
compute_due`. Beyond the loaded calendar (an application received in late December before the State Council has
published, and the administrator loaded, the next year's arrangement) the reply due date is provisional: `refresh`
leaves it empty with the calendar's own message as its explanation, never a Monday–Friday guess, and the calendar
recomputer fills it in once the year is loaded. The application is still registered: the law does not let an agency
refuse to receive one because its calendar is incomplete. The same holds for a consultation's answer period and
the fee's payment period: beyond the loaded calendar they are stored empty (期限待定, with the calendar's message),
the reply due date depending on them stays provisional, and the recomputer fills all of them in. Only the
correction period: a default period ending beyond the calendar is stored empty and filled in later, and a correction
notice whose 7 working days cannot be counted yet is recorded (its timeliness is not refused on a guess).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from workdays import loading
from workdays.engine import Suspension
from workdays.errors import CalendarNotLoaded
from workdays.explanations import cn_date, compute_due
from workdays.loading import get_calendar

from . import rules
from .models import (
    DEFAULT_CORRECTION_DAYS,
    FEE_PAYMENT_DAYS,
    OPEN_STATUSES,
    Application,
    Consultation,
    CorrectionRequest,
    Extension,
    FeeNotice,
    ReasonablePeriod,
)

AWAITING_CONFIRMATION_TEXT = ("尚未确认收到申请：平常信函、网上申请、电子邮件和传真以双方确认之日为收到申请之日"
                              "（条例第三十一条），确认前答复期限不起算")


@dataclass(frozen=True)
class ClockInputs:
    """The rows the clock depends on, read once (fresh from the database or from prefetched relations)."""

    correction: CorrectionRequest | None
    consultations: tuple[Consultation, ...]
    extension: Extension | None
    fee: FeeNotice | None
    reasonable_period: ReasonablePeriod | None = None


@dataclass(frozen=True)
class ClockResult:
    due_date: date | None
    explanation: str


def inputs_for(application: Application) -> ClockInputs:
    """Read the clock's rows from the database (services call this after changing one of them)."""
    return ClockInputs(
        correction=CorrectionRequest.objects.filter(application=application).first(),
        consultations=tuple(Consultation.objects.filter(application=application).order_by("sent_on", "id")),
        extension=Extension.objects.filter(application=application).select_related("approved_by").first(),
        fee=FeeNotice.objects.filter(application=application).first(),
        reasonable_period=ReasonablePeriod.objects.filter(application=application).first(),
    )


def inputs_from_prefetched(application: Application) -> ClockInputs:
    """The same, from `select_related("correction", "extension__approved_by", "fee", "reasonable_period")` and
    `prefetch_related("consultations")` (the bulk recomputation)."""

    def one(name):
        try:
            return getattr(application, name)
        except ObjectDoesNotExist:
            return None

    return ClockInputs(one("correction"), tuple(sorted(application.consultations.all(), key=lambda c: (c.sent_on, c.pk))),
                       one("extension"), one("fee"), one("reasonable_period"))


def compute(application: Application, inputs: ClockInputs) -> ClockResult:
    """The reply due date and its explanation. None while the clock has not started (待确认) or is stopped
    awaiting a correction (补正中). With a longer reasonable period set under Art.35, its date is the due date."""
    period = inputs.reasonable_period
    if period is not None and application.received_on is not None:
        return ClockResult(period.due_on, "；".join([
            f"原答复期限{cn_date(period.original_due, with_year=True)}",
            f"申请公开政府信息的数量、频次明显超过合理范围，因{period.reason.rstrip('。')}，"
            f"{cn_date(period.decided_on)}依据条例第三十五条确定延迟答复的合理期限并告知申请人",
            f"答复期限至{cn_date(period.due_on, with_year=True)}"]))
    if application.received_on is None:
        return ClockResult(None, AWAITING_CONFIRMATION_TEXT)
    rule_set = rules.RULE_SETS[application.rule_set]
    start, start_label, prefix = application.received_on, "收到申请", []
    correction = inputs.correction
    if correction is not None:
        prefix.append(f"收到申请 {cn_date(application.received_on, with_year=True)}")
        if correction.received_on is None:
            deadline = cn_date(correction.deadline) if correction.deadline else "待定（超出已载入的工作日历）"
            prefix.append(f"{cn_date(correction.notified_on)}告知补正，补正期限{deadline}")
            prefix.append("答复期限自收到补正后的申请之日起重新计算（条例" + rule_set.correction_article + "）")
            return ClockResult(None, "；".join(prefix))
        prefix.append(f"{cn_date(correction.notified_on)}告知补正")
        start, start_label = correction.received_on, "收到补正后的申请"

    # The explanation is shown to the applicant on the tracking page: it never names the party consulted (a third
    # party's identity is not the applicant's business; staff see it among the clock events).
    suspensions, notes = [], []
    pending = [c.party_received_on for c in inputs.consultations if c.suspended_until is None]
    if inputs.fee is not None and inputs.fee.suspended_until is None and settings.FEE_PERIOD_SUSPENDS_CLOCK:
        pending.append(inputs.fee.applicant_received_on)
    if pending:  # a period not counted ends beyond the loaded calendar: so does the reply due date
        calendar = get_calendar()
        raise CalendarNotLoaded(calendar.years[-1] + 1 if calendar.years else min(pending).year, calendar.loaded_span)
    for c in inputs.consultations:
        party = "征求第三方意见" if c.party == Consultation.Party.THIRD_PARTY else "征求其他机关意见"
        pending = "（尚未答复，暂计至答复期限）" if c.is_open and c.answered_on is None else ""
        if c.party in rule_set.suspending_parties:
            suspensions.append(Suspension(c.sent_on, c.suspended_until, f"{party}{pending}"))
        else:
            notes.append(f"{party}{cn_date(c.sent_on)}至{cn_date(c.suspended_until)}"
                         f"计入期限（2007年条例仅扣除征求第三方意见的时间）")
    fee = inputs.fee
    if fee is not None and settings.FEE_PERIOD_SUSPENDS_CLOCK:
        label = "收费通知至缴费" if fee.outcome != FeeNotice.Outcome.WAIVED else "收费通知至免除收费"
        if fee.is_open:
            label = "收费通知至缴费期限（尚未缴费）"
        suspensions.append(Suspension(fee.notified_on, fee.suspended_until, label))

    days = rule_set.reply_days
    period_label = "答复期限" if rule_set.code == rules.RULE_SET_2019 else "答复期限（2007年条例）"
    extension = inputs.extension
    if extension is not None:
        days += extension.days
        notes.append(f"延期{extension.days}个工作日经{extension.approved_by.display_name}批准"
                     f"（{cn_date(extension.decided_on)}告知申请人）")
        period_label = f"{period_label}{rule_set.reply_days}个工作日加延期{extension.days}个工作日，共"
    due = compute_due(start, days, start_label=start_label, period_label=period_label, suspensions=suspensions,
                      extra_steps=notes)
    return ClockResult(due.date, "；".join([*prefix, *due.steps]))


def refresh(application: Application, inputs: ClockInputs | None = None) -> tuple[date | None, date | None]:
    """Recompute and set `due_date` + `due_date_explanation` on the instance (the caller saves). Concluded
    applications keep the due date they were answered against, unless it was still provisional when they were
    answered (then the calendar recomputer fills it in, so that the reply can be judged on time or late). Returns
    (before, after)."""
    before = application.due_date
    if application.status not in OPEN_STATUSES and (before is not None or application.received_on is None):
        return before, before
    try:
        result = compute(application, inputs or inputs_for(application))
    except CalendarNotLoaded as exc:
        application.due_date = None
        application.due_date_explanation = f"答复期限暂未计算。{exc.message}录入后将自动计算。"
        return before, None
    application.due_date = result.due_date
    application.due_date_explanation = result.explanation
    return before, result.due_date


# --- the other periods (each stored on its own row) --------------------------------------------------------------

def correction_notice_due(application: Application) -> date | None:
    """Art.30: the correction notice is due within 7 working days of receipt (2019 rules; none under 2007). Beyond the
    loaded calendar it raises CalendarNotLoaded (the hint on the detail page then shows none)."""
    days = rules.RULE_SETS[application.rule_set].correction_notice_days
    if application.received_on is None or days is None:
        return None
    return get_calendar().nth_working_day_after(application.received_on, days)


def correction_notice_late(application: Application, on: date) -> date | None:
    """The last day for the correction notice (Art.30) when a notice sent on `on` comes after it; None when it is in
    time. Decided on the loaded calendar whenever `on` lies in it, even if the 7th working day itself would not (a
    notice on 12月29日 for an application received 12月28日 is in time without next year's calendar). When `on` lies
    beyond the loaded calendar and the 7th working day cannot be counted either, it answers None: the notice is
    recorded (期限待定) rather than refused on a guess."""
    days = rules.RULE_SETS[application.rule_set].correction_notice_days
    if application.received_on is None or days is None:
        return None
    calendar = get_calendar()
    try:
        if calendar.working_days_between(application.received_on, on - timedelta(days=1)) < days:
            return None
    except CalendarNotLoaded:
        pass  # `on` is beyond the calendar: late only if the 7th working day is known and has passed
    try:
        due = calendar.nth_working_day_after(application.received_on, days)
    except CalendarNotLoaded:
        return None
    return due if on > due else None


def correction_deadline(notified_on: date) -> date | None:
    """The default correction period (DEFAULT_CORRECTION_DAYS working days after the notice); None (期限待定) when it
    ends beyond the loaded calendar."""
    try:
        return get_calendar().nth_working_day_after(notified_on, DEFAULT_CORRECTION_DAYS)
    except CalendarNotLoaded:
        return None


def consultation_answer_due(application: Application, party_received_on: date) -> date | None:
    """Art.32/34: the party answers within 15 working days from receiving the letter (DL-SUSP-2); None (provisional)
    when that day lies beyond the loaded calendar."""
    try:
        return get_calendar().nth_working_day_after(party_received_on, rules.RULE_SETS[application.rule_set]
                                                    .consultation_days)
    except CalendarNotLoaded:
        return None


def fee_payment_due(applicant_received_on: date) -> date | None:
    """DL-FEE-1: 20 working days from the day after the applicant received the notice; None (provisional) beyond the
    loaded calendar."""
    try:
        return get_calendar().nth_working_day_after(applicant_received_on, FEE_PAYMENT_DAYS)
    except CalendarNotLoaded:
        return None


def within_provisional_period(on: date) -> None:
    """An act on `on` within a period whose end is still provisional (beyond the loaded calendar) is in time when
    `on` itself lies in the loaded calendar; after its end nothing can be said (CalendarNotLoaded, 422)."""
    calendar = get_calendar()
    if not calendar.covers(on):
        raise CalendarNotLoaded(on.year, calendar.loaded_span)


def working_days_left(due: date | None, today: date) -> int | None:
    """Working days from today to the due date (negative: working days overdue); None without a due date or
    outside the loaded calendar."""
    return loading.working_days_left(due, today)
