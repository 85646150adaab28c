"""CST: budget arithmetic with rounding, costs in 元/万元/bare 万, unit cost × quantity."""

from __future__ import annotations

from reviewer.findings import Kind
from reviewer.model import Indicator, Location, Project
from reviewer.rules import RuleSettings, check_project, make_context
from reviewer.values import parse_value

CTX = make_context()


def _ind(level1: str, level2: str, name: str, value: str, row: int = 1, description: str = "") -> Indicator:
    return Indicator(
        row=row, level1=level1, level2=level2, name=name, description=description, value=value,
        parsed=parse_value(value), location=Location(file="t", row=row),
    )


def _project(*rows: Indicator, budget: float | None = None, fiscal: float | None = None,
             other: float | None = None, stated: bool | None = None) -> Project:
    return Project(
        name="测试项目", budget=budget, fiscal=fiscal, other=other,
        amounts_stated=stated if stated is not None else budget is not None,
        indicators=list(rows), location=Location(file="t"),
    )


def _kinds(project: Project, prefix: str = "CST") -> list[tuple[str, int | None]]:
    return [(f.kind.value, f.row) for f in check_project(project, RuleSettings(select=[prefix]), CTX)]


def test_cost_in_yuan_is_converted_before_comparing() -> None:
    over = _project(_ind("产出指标", "成本指标", "项目成本", "≤150000元"), budget=14, fiscal=14)
    equal = _project(_ind("产出指标", "成本指标", "项目成本", "≤150000元"), budget=15, fiscal=15)
    assert (Kind.COST_BUDGET_CONFLICT.value, 1) in _kinds(over)
    assert Kind.COST_BUDGET_CONFLICT.value not in [k for k, _ in _kinds(equal)]


def test_bare_wan_is_money_only_on_a_money_row() -> None:
    money = _project(_ind("产出指标", "成本指标", "资金成本", "≤120万"), budget=50, fiscal=50)
    count = _project(_ind("产出指标", "数量指标", "发放明白纸", "≥120万"), budget=50, fiscal=50)
    assert (Kind.COST_BUDGET_CONFLICT.value, 1) in _kinds(money)
    assert _kinds(count) == []


def test_cost_conflict_suggests_capping_at_the_budget() -> None:
    project = _project(_ind("产出指标", "成本指标", "项目成本", "≤150万元"), budget=70, fiscal=70)
    (finding,) = [f for f in check_project(project, RuleSettings(select=["CST001"]), CTX)]
    assert "≤70万元" in (finding.suggestion or "")


def test_unit_cost_times_quantity_uses_the_matching_count() -> None:
    rows = [
        _ind("产出指标", "数量指标", "参保户数", "≥90000户", row=1),
        _ind("产出指标", "数量指标", "宣传次数", "≥3次", row=2),
        _ind("产出指标", "成本指标", "每户参保金额", "≥90万元", row=3),
    ]
    assert (Kind.COST_BUDGET_CONFLICT.value, 3) in _kinds(_project(*rows, budget=90, fiscal=90))


def test_unit_cost_within_budget_passes() -> None:
    rows = [
        _ind("产出指标", "数量指标", "网格员数量", "240人", row=1),
        _ind("产出指标", "成本指标", "每名网格员APP年费用", "708元", row=2),
    ]
    assert _kinds(_project(*rows, budget=17, fiscal=17)) == []


def test_budget_sum_allows_rounding_but_not_more() -> None:
    row = _ind("产出指标", "数量指标", "培训人次", "≥200人次")
    assert _kinds(_project(row, budget=8.12, fiscal=8.12, other=0.0)) == []
    assert _kinds(_project(row, budget=8.12, fiscal=8.115)) == []
    assert (Kind.BUDGET_INCONSISTENT.value, None) in _kinds(_project(row, budget=8.12, fiscal=8.0))


def test_form_without_amount_cells_is_not_asked_for_amounts() -> None:
    row = _ind("产出指标", "数量指标", "培训人次", "≥200人次")
    assert _kinds(_project(row, stated=False)) == []
    assert (Kind.BUDGET_INCONSISTENT.value, None) in _kinds(_project(row, stated=True))


def test_payment_timeliness_under_timeliness_is_accepted_but_fund_arrival_is_not() -> None:
    rows = [
        _ind("产出指标", "时效指标", "资金支付及时率", "100%", row=1),
        _ind("产出指标", "质量指标", "资金到位率", "≥90%", row=2),
        _ind("产出指标", "质量指标", "工资及保险发放准确率", "100%", row=3),
    ]
    assert _kinds(_project(*rows)) == [(Kind.INPUT_AS_OUTPUT.value, 2)]


def test_benefit_equal_to_budget_is_the_budget_itself() -> None:
    benefit = _ind("效益指标", "经济效益指标", "乡镇收益数量", "≥17.5万元")
    ceiling = _ind("效益指标", "经济效益指标", "资金成本", "≤18万元")
    assert (Kind.INPUT_AS_OUTPUT.value, 1) in _kinds(_project(benefit, budget=18, fiscal=18))
    assert Kind.INPUT_AS_OUTPUT.value not in [k for k, _ in _kinds(_project(ceiling, budget=18, fiscal=18))]
