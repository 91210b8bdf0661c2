"""Reads of the reports app (owned by the annual-report issue).

Contract used by the portal: `published_annual_reports(agency)` returns the agency's published annual reports,
newest first, each with `.year`, `.title`, `.published_on` and `.get_absolute_url()`.
"""


def published_annual_reports(agency):
    return []
