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
