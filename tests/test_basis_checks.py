"""BAS rules: where a 指标值确定依据 stops being a basis."""

from __future__ import annotations

import pytest

from reviewer.rules import RuleSettings, check_project, make_context
from reviewer.rules.cases import Case, CaseRow

CTX = make_context()


def _flagged(basis: str | None, **cells: str) -> bool:
    row = {"name": "河道巡查次数", "description": "全年河道巡查次数", "value": "≥48次", **cells}
    case = Case(rows=[CaseRow(basis=basis, **row)])
    return bool(check_project(case.build_project(), RuleSettings(select=["BAS001"]), CTX))


@pytest.mark.parametrize(
    "basis",
    ["行业标准", "年度工作计划", "工作经验", "依据上年度标准", "年初预算申请", "全年预算", "市局比例分配",
     "秦皇岛市委政法委《关于暑期安保期间管控工作方案》", "实际巡查天数占应巡查天数的比率",
     "根据以往工作经验，确保巡查工作任务及时完成", "定期对河道开展巡查,平均每月四次"],
)
def test_sources_are_accepted(basis: str) -> None:
    assert not _flagged(basis)


@pytest.mark.parametrize(
    "basis",
    ["", "  ", "%", "次", "万张", "结合实际", "根据实际确定巡查次数", "全年河道巡查次数",
     "河道巡查次数为48次", "巡查覆盖情况", "确保河道安全无隐患", "巡查效果逐年提升", "全年不少于48次"],
)
def test_non_bases_are_flagged(basis: str) -> None:
    assert _flagged(basis)


def test_no_basis_column_is_not_checked() -> None:
    assert not _flagged(None)


def test_a_copy_that_adds_a_source_is_accepted() -> None:
    # the row's description plus where the number comes from is a basis
    assert not _flagged("全年河道巡查次数按照县河长办通知执行")


def test_template_rows_are_not_checked() -> None:
    assert not _flagged("", name="", description="", value="")


def test_shared_basis_is_flagged_only_where_it_does_not_fit() -> None:
    explanation = "宣传资料每年印发两次，发放越多宣传越到位"
    rows = [
        CaseRow(name="宣传资料发放份数", description="全年发放宣传资料份数", value="≥2000份", basis=explanation),
        CaseRow(level2="时效指标", name="及时率", description="按期完成率", value="100%", basis=explanation),
        CaseRow(level2="成本指标", name="项目成本", description="全年支出", value="≤2万元", basis=explanation),
    ]
    findings = check_project(Case(rows=rows).build_project(), RuleSettings(select=["BAS002"]), CTX)
    assert sorted(f.row for f in findings) == [2, 3]
    assert all(f.kind == "basis_invalid" for f in findings)


def _satisfaction_flagged(basis: str) -> bool:
    row = {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "服务对象满意度",
           "description": "受助群众对救助服务的满意度", "value": "≥90%"}
    case = Case(rows=[CaseRow(basis=basis, **row)])
    return bool(check_project(case.build_project(), RuleSettings(select=["BAS001"]), CTX))


@pytest.mark.parametrize(
    "basis", ["据以往经验，救助资金发放率至少90%", "救助及时次数和总救助次数的比例", "救助场次达到标准"]
)
def test_satisfaction_basis_about_another_measure_is_flagged(basis: str) -> None:
    assert _satisfaction_flagged(basis)


@pytest.mark.parametrize(
    "basis", ["上年满意度调查结果为92%", "行业标准", "《社会救助服务规范》", "问卷调查中满意人数占受访人数的比例"]
)
def test_satisfaction_basis_from_surveys_or_sources_is_accepted(basis: str) -> None:
    assert not _satisfaction_flagged(basis)


def test_reworded_description_with_a_connective_is_a_copy_but_a_short_citation_is_not() -> None:
    reworded = {"name": "奖补发放", "description": "根据村级评比结果，根据名次发放奖补资金", "value": "完成发放"}
    assert _flagged("根据评比结果，依据名次完成奖补资金的发放", **reworded)
    assert not _flagged("按照年度巡查计划", name="年度巡查计划完成率", description="年度巡查计划完成率", value="100%")


def test_empty_basis_on_a_template_row_is_left_to_the_placeholder_rule() -> None:
    assert not _flagged("", name="目标内容1", description="", value="")
    assert not _flagged("XX", name="目标内容1", description="", value="")
    assert _flagged("", name="河道巡查次数")  # a filled-in row still needs its basis
    assert _flagged("", name="XX满意度", description="", value="XX")  # a started row: its basis is its own omission


@pytest.mark.parametrize("basis", ["年度消费者满意度测评", "消费者满意度问卷", "消费者满意度电话回访"])
def test_a_survey_named_after_the_measure_is_a_source(basis: str) -> None:
    assert not _flagged(basis, name="消费者满意度", description="测评得分率", value="≥85%")
