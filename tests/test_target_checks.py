"""DIR/TGT rules beyond their documented cases: polarity heads, thresholds, suggestions."""

from __future__ import annotations

import pytest

from reviewer.rules import RuleSettings, check_project, make_context
from reviewer.rules.cases import Case, CaseRow
from reviewer.rules.settings import Thresholds
from reviewer.rules.target_terms import polarity

CTX = make_context()


def _row(**cells: str) -> Case:
    return Case(row=CaseRow(**cells))


def _codes(case: Case, prefix: str = "", settings: RuleSettings | None = None) -> set[str]:
    settings = settings or RuleSettings(select=["DIR", "TGT", "UNT", "VAL"])
    ctx = make_context(settings)
    return {f.rule for f in check_project(case.build_project(), settings, ctx) if f.rule.startswith(prefix)}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("投诉办结率", 1),  # the head 办结率 wins over 投诉
        ("故障修复率", 1),
        ("不合格率", -1),  # 不合格 is longer than 合格 at the same end
        ("成功接劝返回流人数", -1),
        ("成本节约率", 1),
        ("减少经济损失", 1),  # reducing something bad is good
        ("群众满意度", 1),
        ("值班值守情况", 0),
        ("平均办理时长", -1),
        ("培训时长", 1),  # more training hours are better: 时长 alone is no cost
    ],
)
def test_polarity_is_read_from_the_head_of_the_name(name: str, expected: int) -> None:
    ind = _row(level1="效益指标", level2="社会效益指标", name=name, value="≥1").build_project().indicators[0]
    assert polarity(ind, CTX.lexicon) == expected


def test_cost_money_is_a_ceiling_whatever_the_name_says() -> None:
    case = _row(level2="成本指标", name="预算经费支持工作保障完成", value="≥6.4万")
    assert "DIR001" in _codes(case)


def test_percentage_on_a_cost_row_with_a_completion_name_is_not_a_direction_problem() -> None:
    assert "DIR001" not in _codes(_row(level2="成本指标", name="按预算资金完成率", value="≥95%"))


def test_a_duration_on_a_rate_name_is_a_unit_problem_not_a_direction_problem() -> None:
    codes = _codes(_row(level2="时效指标", name="及时维修率", value="≤2h"))
    assert "UNT001" in codes and "DIR001" not in codes


def test_generic_rate_name_takes_its_polarity_from_the_description() -> None:
    case = _row(level2="质量指标", name="合格率", description="重点时期群众越级上访次数", value="≤3次")
    assert _codes(case, "DIR") == set()


def test_stated_polarity_in_the_basis_flips_the_name() -> None:
    case = Case(row=CaseRow(level2="数量指标", name="劝返人员回流人数", value="≤2人", basis="回流人数越少越好"))
    assert _codes(case, "DIR") == set()


def test_deadline_month_with_at_least_is_wrong_direction_and_wrong_unit() -> None:
    codes = _codes(_row(level2="时效指标", name="按时间节点缴纳保费", value="≥9月份"))
    assert {"DIR001", "UNT001"} <= codes


def test_hundred_percent_ceiling_is_meaningful_for_a_cost_ratio() -> None:
    assert "TGT001" not in _codes(_row(level2="成本指标", name="项目成本控制率", value="≤100%"))


def test_at_least_hundred_percent_on_satisfaction_is_both_kinds() -> None:
    case = _row(level1="满意度指标", level2="服务对象满意度指标", name="受训学员满意度", value="≥100%")
    assert {"TGT001", "TGT002"} <= _codes(case)


def test_bare_hundred_on_a_rate_is_degenerate() -> None:
    assert "TGT001" in _codes(_row(level2="时效指标", name="及时性", value="≥100"))


def test_bare_hundred_on_a_money_row_is_not_degenerate() -> None:
    assert "TGT001" not in _codes(_row(level2="成本指标", name="人均发放水平", value="≥100"))


def test_rate_floor_comes_from_the_thresholds() -> None:
    case = _row(level2="质量指标", name="工程验收合格率", value="≥85%")
    assert "TGT003" not in _codes(case)
    strict = RuleSettings(select=["TGT"], thresholds=Thresholds(rate_floor=90))
    assert "TGT003" in _codes(case, settings=strict)


def test_satisfaction_floor_comes_from_the_thresholds() -> None:
    case = _row(level1="满意度指标", level2="服务对象满意度指标", name="村民满意度", value="≥75%")
    assert "TGT003" in _codes(case)
    lenient = RuleSettings(select=["TGT"], thresholds=Thresholds(satisfaction_floor=70))
    assert "TGT003" not in _codes(case, settings=lenient)


def test_hundred_percent_completion_is_allowed() -> None:
    assert _codes(_row(level2="质量指标", name="补贴发放到位率", value="100%"), "TGT") == set()


def test_suggestions_are_concrete() -> None:
    settings = RuleSettings(select=["DIR", "TGT"])
    findings = check_project(_row(level2="成本指标", name="设备购置费", value="≥35万元").build_project(), settings)
    assert any("改为“≤”" in (f.suggestion or "") for f in findings)
    sat = _row(level1="满意度指标", level2="服务对象满意度指标", name="游客满意度", value="100%")
    findings = check_project(sat.build_project(), settings)
    assert any("≥90%" in (f.suggestion or "") for f in findings if f.rule == "TGT002")
