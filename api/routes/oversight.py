"""API routes of the supervision registers (under /api/v1/, staff with a token)."""

from django.urls import path

from api.views import oversight as views

urlpatterns = [
    path("review-cases/", views.ReviewCaseList.as_view(), name="api-review-cases"),
    path("review-cases/table-four/", views.review_table_four, name="api-review-table-four"),
    path("review-cases/<int:pk>/", views.review_case_detail, name="api-review-case"),
    path("review-cases/<int:pk>/answer/", views.review_case_answer, name="api-review-case-answer"),
    path("review-cases/<int:pk>/decide/", views.review_case_decide, name="api-review-case-decide"),
    path("review-cases/<int:pk>/reopen/", views.review_case_reopen, name="api-review-case-reopen"),
    path("review-cases/<int:pk>/documents/", views.review_case_document, name="api-review-case-document"),
    path("suggestions/", views.SuggestionList.as_view(), name="api-suggestions"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="api-suggestion"),
    path("suggestions/<int:pk>/reply/", views.suggestion_reply, name="api-suggestion-reply"),
    path("suggestions/<int:pk>/revise-reply/", views.suggestion_revise_reply, name="api-suggestion-revise-reply"),
    path("suggestions/<int:pk>/disclose/", views.suggestion_disclose, name="api-suggestion-disclose"),
    path("suggestions/<int:pk>/withhold-disclosure/", views.suggestion_withhold, name="api-suggestion-withhold"),
    path("complaints/", views.ComplaintList.as_view(), name="api-complaints"),
    path("complaints/<int:pk>/", views.complaint_detail, name="api-complaint"),
    path("complaints/<int:pk>/route/", views.complaint_route, name="api-complaint-route"),
    path("complaints/<int:pk>/classify/", views.complaint_classify, name="api-complaint-classify"),
    path("complaints/<int:pk>/close/", views.complaint_close, name="api-complaint-close"),
    path("complaints/<int:pk>/reopen/", views.complaint_reopen, name="api-complaint-reopen"),
    path("site-error-reports/", views.SiteErrorList.as_view(), name="api-site-errors"),
    path("site-error-reports/<int:pk>/", views.site_error_detail, name="api-site-error"),
    path("site-error-reports/<int:pk>/fix/", views.site_error_fix, name="api-site-error-fix"),
    path("site-error-reports/<int:pk>/reject/", views.site_error_reject, name="api-site-error-reject"),
    path("reading-points/", views.ReadingPointList.as_view(), name="api-reading-points"),
    path("deliveries/", views.DeliveryList.as_view(), name="api-deliveries"),
    path("visits/", views.VisitList.as_view(), name="api-visits"),
    path("work-plans/", views.WorkPlanList.as_view(), name="api-work-plans"),
    path("work-plans/<int:pk>/tasks/", views.work_plan_task_create, name="api-work-plan-tasks"),
    path("work-plan-tasks/<int:pk>/complete/", views.work_plan_task_complete, name="api-work-plan-task-complete"),
    path("supervision/summary/", views.supervision_summary, name="api-supervision-summary"),
    path("coverage/", views.coverage_county, name="api-coverage-county"),
    path("coverage/<str:code>/", views.coverage_detail, name="api-coverage"),
]
