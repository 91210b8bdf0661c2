"""API routes of the supervision registers (under /api/v1/, staff with a token). Each register's detail and
transition endpoints come from its RegisterAPI (api/views/transitions.py), built from the register's workflow."""

from django.urls import path

from api.views import oversight as views

urlpatterns = [
    path("review-cases/", views.ReviewCaseList.as_view(), name="api-review-cases"),
    path("review-cases/table-four/", views.review_table_four, name="api-review-table-four"),
    *views.REVIEW_CASES.urls("review-cases/"),
    path("review-cases/<int:pk>/documents/", views.review_case_document, name="api-review-case-document"),
    path("suggestions/", views.SuggestionList.as_view(), name="api-suggestions"),
    *views.SUGGESTIONS.urls("suggestions/"),
    path("complaints/", views.ComplaintList.as_view(), name="api-complaints"),
    *views.COMPLAINTS.urls("complaints/"),
    path("site-error-reports/", views.SiteErrorList.as_view(), name="api-site-errors"),
    *views.SITE_ERRORS.urls("site-error-reports/"),
    path("reading-points/", views.ReadingPointList.as_view(), name="api-reading-points"),
    path("deliveries/", views.DeliveryList.as_view(), name="api-deliveries"),
    path("visits/", views.VisitList.as_view(), name="api-visits"),
    path("work-plans/", views.WorkPlanList.as_view(), name="api-work-plans"),
    path("work-plans/<int:pk>/tasks/", views.work_plan_task_create, name="api-work-plan-tasks"),
    *views.WORK_PLAN_TASKS.urls("work-plan-tasks/"),
    path("supervision/summary/", views.supervision_summary, name="api-supervision-summary"),
    path("coverage/", views.coverage_county, name="api-coverage-county"),
    path("coverage/<str:code>/", views.coverage_detail, name="api-coverage"),
]
