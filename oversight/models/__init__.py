"""The supervision registers (监督保障), one module per register."""

from .complaints import (
    COMPLAINT_WORKFLOW,
    DISCLOSURE_SUBJECTS,
    STAFF_CHANNELS,
    Channel,
    Complaint,
    ComplaintResult,
    ComplaintStatus,
    ComplaintSubject,
)
from .corrections import CORRECTION_WORKFLOW, CorrectionStatus, ErrorKind, SiteErrorReport
from .ratings import Rating, RatingTarget, RatingValue
from .reading import (
    RECEIVED_COUNTERPARTS,
    SENT_COUNTERPARTS,
    Counterpart,
    Delivery,
    DeliveryDirection,
    ReadingPoint,
    Visit,
)
from .review import REVIEW_WORKFLOW, ReviewCase, ReviewDocument, ReviewKind, ReviewResult, ReviewStatus
from .subscriptions import PushLog, Subscription, SubscriptionChannel, SubscriptionStatus
from .suggestions import (
    DISCLOSURE_CATEGORY,
    SUGGESTION_WORKFLOW,
    DisclosureForm,
    Suggestion,
    SuggestionKind,
    SuggestionResult,
    SuggestionStatus,
    SuggestionTopic,
)
from .workplan import TASK_WORKFLOW, TaskStatus, WorkPlan, WorkPlanTask

__all__ = [
    "COMPLAINT_WORKFLOW", "CORRECTION_WORKFLOW", "DISCLOSURE_CATEGORY", "DISCLOSURE_SUBJECTS", "RECEIVED_COUNTERPARTS",
    "REVIEW_WORKFLOW", "SENT_COUNTERPARTS", "STAFF_CHANNELS", "SUGGESTION_WORKFLOW", "TASK_WORKFLOW", "Channel",
    "Complaint", "ComplaintResult", "ComplaintStatus", "ComplaintSubject", "CorrectionStatus", "Counterpart",
    "Delivery", "DeliveryDirection", "DisclosureForm", "ErrorKind", "PushLog", "Rating", "RatingTarget",
    "RatingValue", "ReadingPoint", "ReviewCase", "ReviewDocument", "ReviewKind", "ReviewResult", "ReviewStatus",
    "SiteErrorReport", "Subscription", "SubscriptionChannel", "SubscriptionStatus", "Suggestion", "SuggestionKind",
    "SuggestionResult", "SuggestionStatus", "SuggestionTopic", "TaskStatus", "Visit", "WorkPlan", "WorkPlanTask",
]
