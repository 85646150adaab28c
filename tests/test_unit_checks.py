"""UNT001 beyond its documented cases: what a row measures decides the unit it needs."""

from __future__ import annotations

import pytest

from reviewer.rules import RuleSettings, check_project
from reviewer.rules.cases import Case, CaseRow
from reviewer.rules.target_terms import Measure, row_measure

SETTINGS = RuleSettings(select=["UNT"])


def _case(budget: float | None = None, **cells: str) -> Case:
    case = Case(row=CaseRow(**cells))
    if budget is not None:
        case.project.budget = case.project.fiscal = budget
    return case


def _fires(case: Case) -> bool:
    return bool(check_project(case.build_project(), SETTINGS))


@pytest.mark.parametrize(
    ("name", "description", "measure"),
    [
        ("反宣品清除次数", "", Measure.COUNT),
        ("成果转化数", "", Measure.COUNT),
        ("公共安全指数", "", None),  # an index is not a count
        ("及时发放资金", "", None),  # an act on money, not an amount
        ("车辆运行维护费", "", Measure.MONEY),
        ("完成率", "每年宣传约3次", Measure.COUNT),  # a bare rate word defers to a counted description
        ("完成率", "宣传资料发放率", Measure.RATE),
        ("参保人数情况", "参保人数占应参保人数的比例", Measure.RATE),
        ("重要时期无重大事件发生", "", Measure.QUESTION),
        ("常年法律服务是否符合标准", "", Measure.QUESTION),
    ],
)
def test_row_measure(name: str, description: str, measure: Measure | None) -> None:
    ind = _case(name=name, description=description, value="1").build_project().indicators[0]
    assert row_measure(ind) == measure


def test_per_unit_amount_equal_to_the_budget_is_a_total() -> None:
    assert _fires(_case(budget=90, level2="成本指标", name="每户参保金额", value="≤90万元"))
    assert not _fires(_case(budget=90, level2="成本指标", name="每户参保金额", value="≤120元"))


def test_satisfaction_question_with_a_percentage_is_left_to_the_satisfaction_rules() -> None:
    case = _case(level1="满意度指标", level2="服务对象满意度指标", name="服务能否让群众满意", value="≥90%")
    assert not _fires(case)


def test_declared_percent_allows_a_bare_number() -> None:
    assert not _fires(_case(level2="质量指标", name="各项任务完成及时率（%）", value="≥90"))


def test_timeliness_count_is_fine_when_the_description_counts() -> None:
    case = _case(level2="时效指标", name="出现问题及时修复", description="出现问题及时修复的次数", value="≥5次")
    assert not _fires(case)


def test_satisfaction_score_is_not_a_mismatch() -> None:
    assert not _fires(_case(level1="满意度指标", level2="服务对象满意度指标", name="群众满意度", value="≥90分"))


def test_message_quotes_the_value_and_suggests_a_unit() -> None:
    findings = check_project(_case(name="技能培训人数", value="≥95%").build_project(), SETTINGS)
    assert "“≥95%”" in findings[0].message
    assert "人" in (findings[0].suggestion or "")
