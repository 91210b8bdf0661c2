"""Back-office routes of the supervision registers (监督保障) and of the standard catalogue's coverage."""

from django.urls import path

from backoffice.views import oversight as views
from backoffice.views import oversight_imports

urlpatterns = [
    path("oversight/", views.index, name="oversight"),
    path("oversight/import/", oversight_imports.register_import, name="oversight_import"),
    path("oversight/review-cases/", views.review_cases, name="review_cases"),
    path("oversight/review-cases/new/", views.review_case_new, name="review_case_new"),
    path("oversight/review-cases/<int:pk>/", views.review_case, name="review_case"),
    path("oversight/review-cases/<int:pk>/documents/<int:document_id>/", views.review_document,
         name="review_document"),
    path("oversight/suggestions/", views.suggestion_list, name="suggestions"),
    path("oversight/suggestions/new/", views.suggestion_new, name="suggestion_new"),
    path("oversight/suggestions/<int:pk>/", views.suggestion, name="suggestion"),
    path("oversight/complaints/", views.complaint_list, name="complaints"),
    path("oversight/complaints/new/", views.complaint_new, name="complaint_new"),
    path("oversight/complaints/<int:pk>/", views.complaint, name="complaint"),
    path("oversight/site-errors/", views.site_error_list, name="site_errors"),
    path("oversight/site-errors/<int:pk>/", views.site_error, name="site_error"),
    path("oversight/reading-points/", views.reading_points, name="reading_points"),
    path("oversight/reading-points/<int:pk>/", views.reading_point, name="reading_point"),
    path("oversight/subscriptions/", views.subscriptions, name="subscriptions"),
    path("oversight/work-plans/", views.work_plans, name="work_plans"),
    path("oversight/work-plans/<int:pk>/", views.work_plan, name="work_plan"),
    path("oversight/ratings/", views.ratings, name="ratings"),
    path("oversight/service-levels/", views.service_levels, name="service_levels"),
    path("coverage/", views.coverage_county, name="coverage"),
    path("coverage/<str:code>/", views.coverage_agency, name="coverage_agency"),
    path("coverage/<str:code>/matters/new/", views.matter_new, name="matter_new"),
    path("coverage/matters/<int:pk>/", views.matter, name="matter"),
]
