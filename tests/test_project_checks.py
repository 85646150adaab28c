"""PRJ rules: categories, the goal, the spending plan."""

from __future__ import annotations

import pytest

from reviewer.model import Location, TemplateRow
from reviewer.rules import RuleSettings, check_project, make_context
from reviewer.rules.cases import Case, CaseProject, CaseRow

CTX = make_context()


def _messages(case: Case, code: str) -> list[str]:
    return [f.message for f in check_project(case.build_project(), RuleSettings(select=[code]), CTX)]


def test_template_rows_alone_do_not_fill_a_category() -> None:
    project = Case(rows=[CaseRow(name="接种人数", value="≥5000人")]).build_project()
    project.template_rows = [
        TemplateRow(level1="效益指标", level2="社会效益指标", location=Location(file="x")),
        TemplateRow(level1="满意度指标", level2="服务对象满意度指标", location=Location(file="x")),
    ]
    messages = [f.message for f in check_project(project, RuleSettings(select=["PRJ001"]), CTX)]
    assert len(messages) == 1 and "效益指标、满意度指标" in messages[0] and "为空" in messages[0]


def test_cost_level1_is_not_required_and_level2_rescues_a_blank_level1() -> None:
    rows = [
        CaseRow(level1="", level2="数量指标", name="接种人数", value="≥5000人"),
        CaseRow(level1="成本指标", level2="经济成本指标", name="单人成本", value="≤20元"),
        CaseRow(level1="效益指标", level2="社会效益指标", name="接种率", value="≥95%"),
        CaseRow(level1="满意度指标", level2="服务对象满意度指标", name="家长满意度", value="≥90%"),
    ]
    assert _messages(Case(rows=rows), "PRJ001") == []


def test_a_project_without_any_table_is_not_missing_categories() -> None:
    assert _messages(Case(project=CaseProject(goal="年内完成12个村饮水工程改造")), "PRJ001") == []


@pytest.mark.parametrize(
    ("goal", "vague"),
    [
        ("各项工作全部落实。", True),
        ("1.1、深化社区矫正工作。 2、落实各项政策。 3、提高矫正质量。", True),  # numbering is no quantity
        ("1.目标内容1网格员APP正常使用 2.目标内容2镇村网络通畅", True),
        ("2024年持续推进扫黑除恶各项工作", True),  # a year is no target
        ("聘请常年法律顾问4家", False),
        ("发放宣传明白纸20000余张", False),
        ("确保养老金按时足额发放", False),
        ("6月底前完成全部设备采购", False),
        ("参保率达到百分之九十五", False),
        ("", False),  # no goal at all is not a vague goal
    ],
)
def test_goal_needs_a_quantity_standard_or_deadline(goal: str, vague: bool) -> None:
    assert bool(_messages(Case(project=CaseProject(goal=goal)), "PRJ002")) is vague


@pytest.mark.parametrize(
    ("plan", "budget", "problem"),
    [
        (["", "20%", "40%", "60%"], None, "未达到100%"),
        (["", "", "50%", "100%"], None, None),
        (["30%", "60%", "50%", "100%"], None, "降到"),
        (["50%", "100%", "120%", "150%"], None, "超过了100%"),
        (["25%", "50%", "75%", ""], None, "未填写"),
        (["0.25", "0.5", "0.75", "1"], None, None),  # fractions
        (["10", "20", "30", "40"], 40.0, None),  # amounts in 万元 reaching the budget
        (["10", "20", "30", "35"], 40.0, "未达到100%"),
        (["", "", "", ""], None, None),  # no plan
    ],
)
def test_spending_plan(plan: list[str], budget: float | None, problem: str | None) -> None:
    messages = _messages(Case(project=CaseProject(plan=plan, budget=budget)), "PRJ003")
    if problem is None:
        assert messages == []
    else:
        assert len(messages) == 1 and problem in messages[0]
