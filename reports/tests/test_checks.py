"""The balance rules, each shown failing when one cell is tampered with, and naming the cell."""

import pytest

from reports.checks import CheckContext, run_checks, text_check
from reports.formats import legacy, y2019, y2021
from reports.formats.base import FIGURES, TABLE2, TABLE3, TABLE4, Severity

COLS = ["natural_person", "business", "research", "public_interest", "legal_services", "other_org"]
OUTCOMES = ["granted", "partial", *(f"withheld_{i}" for i in range(1, 9)), *(f"unable_{i}" for i in range(1, 4)),
            *(f"rejected_{i}" for i in range(1, 6)), *(f"other_{i}" for i in range(1, 4))]


def balanced_2021() -> dict:
    """A consistent table: every outcome row has 1 natural person and 1 business; 2 carried in, 3 carried out."""
    v = {}
    for row in OUTCOMES:
        for c in COLS:
            v[(TABLE3, row, c)] = 1 if c in ("natural_person", "business") else 0
    for c in COLS:
        v[(TABLE3, "carried_in", c)] = 2 if c == "natural_person" else 0
        v[(TABLE3, "carried_out", c)] = 3 if c == "natural_person" else 0
        v[(TABLE3, "total", c)] = sum(v[(TABLE3, r, c)] for r in OUTCOMES)
        v[(TABLE3, "received", c)] = v[(TABLE3, "total", c)] + v[(TABLE3, "carried_out", c)] - v[(TABLE3, "carried_in", c)]
    for row in ["received", "carried_in", *OUTCOMES, "total", "carried_out"]:
        v[(TABLE3, row, "total")] = sum(v[(TABLE3, row, c)] for c in COLS)
    for g in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
        for i, r in enumerate(("upheld", "corrected", "other", "pending")):
            v[(TABLE4, g, r)] = i
        v[(TABLE4, g, "total")] = 6
    v[(TABLE2, "normative", "made")] = 2
    v[(TABLE2, "normative", "abolished")] = 1
    v[(TABLE2, "normative", "in_force")] = 11
    return v


def result(results, rule):
    return next(r for r in results if r.rule == rule)


def test_a_balanced_table_passes_every_rule():
    results = run_checks(y2021.FORMAT, balanced_2021())
    assert [(r.rule, r.ok) for r in results] == [(code, True) for code in y2021.FORMAT.rules]


def test_t3_1_fails_when_received_is_tampered_and_names_the_column():
    values = balanced_2021()
    values[(TABLE3, "received", "natural_person")] += 1
    values[(TABLE3, "received", "total")] += 1  # keep T3-3 green: only T3-1 must fail
    results = run_checks(y2021.FORMAT, values)
    t31 = result(results, "T3-1")
    assert not t31.ok and t31.severity == Severity.ERROR and t31.blocking
    assert len(t31.failures) == 2  # the 自然人 and 总计 columns
    assert (TABLE3, "received", "natural_person") in t31.failing_cells()
    assert "“自然人”列：一（" in t31.failures[0].message
    assert all(r.ok for r in results if r.rule != "T3-1")


def test_t3_2_fails_when_an_outcome_row_is_tampered():
    values = balanced_2021()
    values[(TABLE3, "withheld_3", "research")] = 4
    values[(TABLE3, "withheld_3", "total")] += 4
    t32 = result(run_checks(y2021.FORMAT, values), "T3-2")
    assert not t32.ok
    assert [f.cells[0] for f in t32.failures] == [(TABLE3, "total", "research"), (TABLE3, "total", "total")]
    assert "三（七）总计为0，三（一）至三（六）各项之和为4" in t32.failures[0].message


def test_t3_3_fails_when_a_total_column_is_tampered():
    values = balanced_2021()
    values[(TABLE3, "partial", "total")] = 7
    results = run_checks(y2021.FORMAT, values)
    t33 = result(results, "T3-3")
    assert not t33.ok and len(t33.failures) == 1
    assert t33.failures[0].cells[0] == (TABLE3, "partial", "total")
    assert "“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”行：总计为7" in t33.failures[0].message


def test_t4_1_fails_when_a_group_total_is_tampered():
    values = balanced_2021()
    values[(TABLE4, "litigation_direct", "total")] = 5
    t41 = result(run_checks(y2021.FORMAT, values), "T4-1")
    assert not t41.ok
    assert t41.failures[0].message.startswith("行政诉讼（未经复议直接起诉）：总计为5")
    assert (TABLE4, "litigation_direct", "total") in t41.failing_cells()


def test_t2_1_refuses_negative_values():
    values = balanced_2021()
    values[(TABLE2, "licensing", "decisions")] = -1
    t21 = result(run_checks(y2021.FORMAT, values), "T2-1")
    assert not t21.ok and t21.blocking
    assert t21.failing_cells() == [(TABLE2, "licensing", "decisions")]


def test_t2_2_warns_across_years_without_blocking():
    values = balanced_2021()
    previous = {(TABLE2, "normative", "in_force"): 9}  # 9 + 2 − 1 = 10, but the report says 11
    results = run_checks(y2021.FORMAT, values, CheckContext(previous=previous, previous_source="2024年度报告"))
    t22 = result(results, "T2-2")
    assert not t22.ok and not t22.blocking and t22.severity == Severity.WARNING
    assert t22.failures[0].message == ("行政规范性文件：现行有效件数为11，上一年度2024年度报告现行有效9件加本年制发2件减本年废止1件"
                                       "应为10件。")
    previous[(TABLE2, "normative", "in_force")] = 10
    assert result(run_checks(y2021.FORMAT, values, CheckContext(previous=previous)), "T2-2").ok


def test_t3_4_warns_when_carried_in_differs_from_last_years_carried_out():
    values = balanced_2021()
    previous = {(TABLE3, "carried_out", c): 0 for c in [*COLS, "total"]}
    previous[(TABLE3, "carried_out", "natural_person")] = 1
    previous[(TABLE3, "carried_out", "total")] = 1
    t34 = result(run_checks(y2021.FORMAT, values, CheckContext(previous=previous, previous_source="2024年度报告")),
                 "T3-4")
    assert not t34.ok and not t34.blocking
    assert t34.failing_cells() == [(TABLE3, "carried_in", "natural_person"), (TABLE3, "carried_in", "total")]


def test_cross_year_rules_say_why_they_were_not_applied():
    t34 = result(run_checks(y2021.FORMAT, balanced_2021()), "T3-4")
    assert t34.ok and "未核对" in t34.note


def test_t2_3_warns_a_township_with_regulations():
    values = balanced_2021()
    values[(TABLE2, "regulation", "made")] = 1
    t23 = result(run_checks(y2021.FORMAT, values, CheckContext(agency_kind="township")), "T2-3")
    assert not t23.ok and not t23.blocking
    assert result(run_checks(y2021.FORMAT, values, CheckContext(agency_kind="department")), "T2-3").ok


def test_the_trial_format_checks_its_single_other_row():
    values = {k: v for k, v in balanced_2021().items() if not k[1].startswith("other_")}
    for c in [*COLS, "total"]:
        values[(TABLE3, "other", c)] = sum(balanced_2021()[(TABLE3, f"other_{i}", c)] for i in (1, 2, 3))
    assert all(r.ok for r in run_checks(y2019.FORMAT, values))
    values[(TABLE3, "other", "business")] += 1
    values[(TABLE3, "other", "total")] += 1
    assert not result(run_checks(y2019.FORMAT, values), "T3-2").ok


def test_the_pre_2019_layout_is_not_held_to_the_2019_rules_but_warns_on_its_own_balance():
    values = {(FIGURES, "applications_received", "value"): 2, (FIGURES, "applications_granted", "value"): 1}
    results = run_checks(legacy.FORMAT, values)
    assert [r.rule for r in results] == ["L-1"]
    assert not results[0].ok and not results[0].blocking


def test_a_placeholder_left_in_the_text_blocks():
    check = text_check(y2021.FORMAT, {"other_innovation": "【待填写：年度政务公开工作创新情况】"})
    assert check.blocking
    assert check.failures[0].message == "“六、其他需要报告的事项（四）年度政务公开工作创新情况”还有【待填写】的内容。"
    assert text_check(y2021.FORMAT, {"other_innovation": "推行“一网通查”。"}).ok


@pytest.mark.parametrize("fmt", [y2021.FORMAT, y2019.FORMAT, legacy.FORMAT])
def test_an_empty_report_passes_its_blocking_rules(fmt):
    assert not [r for r in run_checks(fmt, {}) if r.blocking]
