"""Every write on applications for disclosure. Each function checks the acting person's permission in the application's
agency, locks the application row, guards the source state, records the event, recomputes the due date through the one
clock (`applications.clock`), issues the letter that goes with the event, and writes an audit event — all in one
transaction. A DomainError (or `CalendarNotLoaded`, HTTP 422) leaves nothing changed.

States:

    待确认 ──confirm_receipt──▶ 办理中 ◀──receive_correction── 补正中 ◀──request_correction (once)──┐
    (平信/网上/电子邮件/传真)      │  ▲                                   │ A21 after the deadline           │
                                   │  └──── end_consultation / fee_paid ──┤                                  │
                                   ├──start_consultation──▶ 征求意见中    ▼                                  │
                                   ├──send_fee_notice──▶ 待缴费 ──A22 after the payment period──▶ 视为放弃    │
                                   ├──reply (one code)──▶ 已答复 ──deliver──▶ 已送达 ──archive──▶ 已归档      │
                                   └──split──▶ 已拆分 (the parts carry on, each counted on its own)           │
                                   └─────────────────────────────────────────────────────────────────────────┘
Dates passed to services are the days the events happened (`on`); past dates are allowed (late registration,
historical records), future dates are not.

The functions live in one module per section (intake, correction, consultation, extension, reasonable_period,
fee_notices, cost_fees, replies, splitting, personal_data, calendar_changes, letter_templates; shared helpers in
`helpers`);
`from applications import services` and `services.<name>` reach every one of them, as before the split.
"""

from .. import clock, fees, rules  # noqa: F401  (reachable as services.clock etc., as before the split)
from ..errors import ApplicationError, DeadlineRuleViolation, WrongState  # noqa: F401
from .calendar_changes import (  # noqa: F401
    recompute_open_due_dates,
)
from .consultation import (  # noqa: F401
    _close_expired_consultations,
    _open_consultation,
    end_consultation,
    record_consultation_receipt,
    start_consultation,
)
from .correction import (  # noqa: F401
    DEFAULT_CORRECTION_DAYS,
    receive_correction,
    request_correction,
)
from .cost_fees import (  # noqa: F401
    cost_items,
    send_cost_fee_notice,
)
from .extension import (  # noqa: F401
    extend,
)
from .fee_notices import (  # noqa: F401
    _money,
    _month_position,
    quote_fee,
    record_fee_notice_receipt,
    record_fee_paid,
    send_fee_notice,
    waive_fee,
)
from .helpers import (  # noqa: F401
    TRACKING_ALPHABET,
    TRACKING_LENGTH,
    _approver,
    _audit,
    _check_day,
    _clock_start,
    _iso,
    _issue,
    _lock,
    _new_tracking_code,
    _refresh_clock,
    _require_state,
    _save,
    _sync,
    normalise_tracking_code,
)
from .intake import (  # noqa: F401
    _EMAIL_RE,
    _PHONE_RE,
    ApplicantInput,
    _create,
    _receipt_dates,
    assign_handler,
    clean_applicant,
    confirm_receipt,
    register_application,
    submit_online,
)
from .letter_templates import (  # noqa: F401
    reset_letter_template,
    save_letter_settings,
    save_letter_template,
)
from .personal_data import (  # noqa: F401
    LETTER_FORMATS,
    PersonalData,
    download_letter,
    reveal_personal_data,
)
from .reasonable_period import (  # noqa: F401
    _mentions_personal_data,
    set_reasonable_period,
)
from .replies import (  # noqa: F401
    archive,
    deliver,
    reply,
)
from .splitting import (  # noqa: F401
    convert_to_proactive,
    split,
)
