"""The formats registry: everything that differs between format years follows from `reports.formats.FORMATS`."""

import dataclasses

import pytest

from api.serializers.reports import AnnualReportSerializer
from reports import formats
from reports.formats import FORMATS, legacy, version_for_year, y2019, y2021
from reports.formats.base import TABLE2
from reports.models import AnnualReport, FormatVersion


def test_the_stored_choices_are_the_formats_newest_first():
    assert FormatVersion.choices == [(f.version, f.label) for f in (y2021.FORMAT, y2019.FORMAT, legacy.FORMAT)]
    assert (FormatVersion.Y2021, FormatVersion.Y2019, FormatVersion.LEGACY) == ("2021", "2019", "legacy")
    assert AnnualReport._meta.get_field("format_version").choices == FormatVersion.choices
    assert all(label for _, label in FormatVersion.choices)


def test_the_api_offers_the_same_versions():
    assert list(AnnualReportSerializer().fields["format"].choices) == list(FORMATS)


def test_the_first_report_year_is_the_earliest_formats_first_year():
    assert formats.FIRST_REPORT_YEAR == legacy.FORMAT.first_year == 2008


def test_a_new_format_year_is_picked_from_its_first_year(monkeypatch):
    y2031 = dataclasses.replace(y2021.FORMAT, version="2031", label="2031年格式", first_year=2031)
    monkeypatch.setattr(formats, "FORMATS", {"2031": y2031, **FORMATS})
    assert version_for_year(2030) == "2021"
    assert version_for_year(2031) == version_for_year(2040) == "2031"
    assert formats.format_for_year(2031) is y2031


def test_a_year_before_every_format_falls_under_the_earliest():
    assert version_for_year(2007) == "legacy"


@pytest.mark.parametrize(("fmt", "has_tables", "other_rows", "in_force"), [
    (y2021.FORMAT, True, ("other_1",), True),
    (y2019.FORMAT, True, ("other_1", "other_2", "other_3"), False),
    (legacy.FORMAT, False, ("other_1",), False),
])
def test_what_differs_between_formats_is_on_the_format(fmt, has_tables, other_rows, in_force):
    assert fmt.has_tables is has_tables
    assert fmt.table3_source_rows("other" if fmt is y2019.FORMAT else "other_1") == other_rows
    assert (fmt.cell(TABLE2, "normative", "in_force") is not None) is in_force
