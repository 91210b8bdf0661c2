"""Back-office pages of the supervision registers (监督保障) and of the standard catalogue's coverage.

Every register has a list, a detail page with its timeline, and forms. A detail page posts its actions to itself
(`action` names the transition): the view parses the form, calls one service, and on a DomainError shows the
message beside the field and renders the page again with what was typed and the error's 4xx status. Records are
fetched and authorised in one selector call (404/403 inside); the county 政务公开办 sees every agency.

One module per register (or page group); `shared` holds what they share. The names below are the views
`backoffice/routes/oversight.py` routes to.
"""

from .complaints import complaint, complaint_list, complaint_new
from .coverage import coverage_agency, coverage_county, matter, matter_new
from .evaluation import ratings
from .index import index
from .reading import reading_point, reading_points
from .review import review_case, review_case_new, review_cases, review_document
from .site_errors import site_error, site_error_list
from .subscription_counts import subscriptions
from .suggestions import suggestion, suggestion_list, suggestion_new
from .time_limits import service_levels
from .workplan import work_plan, work_plans

__all__ = [
    "complaint", "complaint_list", "complaint_new", "coverage_agency", "coverage_county", "index", "matter",
    "matter_new", "ratings", "reading_point", "reading_points", "review_case", "review_case_new", "review_cases",
    "review_document", "service_levels", "site_error", "site_error_list", "subscriptions", "suggestion",
    "suggestion_list", "suggestion_new", "work_plan", "work_plans",
]
