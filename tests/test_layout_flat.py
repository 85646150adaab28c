"""layout_flat on hand-built grids: header detection, project boundaries, joined values, amounts, plans."""

from __future__ import annotations

import pytest

from reviewer.errors import InputError
from reviewer.layout_flat import build_projects, is_flat, join_value, plan_percents, split_plan_text
from reviewer.layout_headers import Column, match_header, money_unit
from reviewer.readers.grid import Cell, Grid

SOURCE = "清单.xlsx"


def grid(*rows: list[str], first_row: int = 1) -> Grid:
    """A sheet-like grid; "" cells are kept so columns line up as in a sheet."""
    return Grid(
        rows=[
            [Cell(text=text, row=first_row + r, column=c) for c, text in enumerate(row, start=1)]
            for r, row in enumerate(rows)
        ],
        table=1,
        sheet="Sheet1",
    )


HEADER = ["项目名称", "项目编码", "预算数", "绩效目标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]


def test_is_flat_needs_project_and_indicator_columns_on_one_row() -> None:
    assert is_flat(grid(HEADER))
    assert is_flat(grid(["项目绩效目标清单"], ["单位：万元"], HEADER))
    # The form's own indicator header has no project column.
    assert not is_flat(grid(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]))
    # Project fields and indicator header on different rows: that is the form, not a listing.
    assert not is_flat(grid(["项目名称", "甲"], ["一级指标", "二级指标", "三级指标", "指标值"]))
    # No value column.
    assert not is_flat(grid(["项目名称", "三级指标", "绩效指标描述"]))
    # Too far down to be the listing's header.
    assert not is_flat(grid(*[["说明"]] * 10, HEADER))


def test_project_columns_on_first_row_only_are_carried_forward() -> None:
    projects = build_projects(
        grid(
            HEADER,
            ["甲项目", "P1", "30", "完成甲", "产出指标", "数量指标", "培训人数", "≥100人", "计划"],
            ["", "", "", "", "", "质量指标", "合格率", "≥95%", "标准"],
            ["", "", "", "", "满意度指标", "满意度指标", "满意度", "≥90%", "调查"],
            ["乙项目", "P2", "5", "完成乙", "产出指标", "数量指标", "场次", "4场", "计划"],
        ),
        SOURCE,
    )
    assert [(p.name, p.code, p.budget, p.goal) for p in projects] == [("甲项目", "P1", 30.0, "完成甲"), ("乙项目", "P2", 5.0, "完成乙")]
    first = projects[0]
    assert [(i.row, i.level1, i.level2, i.name, i.value) for i in first.indicators] == [
        (1, "产出指标", "数量指标", "培训人数", "≥100人"),
        (2, "产出指标", "质量指标", "合格率", "≥95%"),
        (3, "满意度指标", "满意度指标", "满意度", "≥90%"),
    ]
    assert first.indicators[1].parsed.number == 95
    assert first.indicators[1].location.model_dump(exclude_none=True) == {
        "file": SOURCE, "sheet": "Sheet1", "table": 1, "row": 3, "column": 7,
    }  # fmt: skip
    assert first.location.row == 2 and first.location.column == 1


def test_project_columns_on_every_row_and_a_new_code_starts_a_new_project() -> None:
    projects = build_projects(
        grid(
            HEADER,
            ["专项经费", "P1", "1", "", "产出指标", "数量指标", "次数", "3次", "计划"],
            ["专项经费", "P1", "1", "", "产出指标", "数量指标", "人数", "10人", "计划"],
            ["专项经费", "P2", "2", "", "产出指标", "数量指标", "户数", "5户", "计划"],
        ),
        SOURCE,
    )
    assert [(p.name, p.code, [i.name for i in p.indicators]) for p in projects] == [
        ("专项经费", "P1", ["次数", "人数"]),
        ("专项经费", "P2", ["户数"]),
    ]


def test_empty_template_rows_are_not_indicators() -> None:
    [project] = build_projects(
        grid(
            HEADER,
            ["甲", "P1", "1", "", "产出指标", "数量指标", "人数", "10人", "计划"],
            ["", "", "", "", "", "时效指标", "", "", ""],
            ["", "", "", "", "", "成本指标", "", "", ""],
            ["", "", "", "", "", "质量指标", "合格率", "≥95%", ""],
        ),
        SOURCE,
    )
    assert [(i.row, i.level2, i.name) for i in project.indicators] == [(1, "数量指标", "人数"), (2, "质量指标", "合格率")]
    assert [(t.level1, t.level2, t.location.row) for t in project.template_rows] == [
        ("产出指标", "时效指标", 3),
        ("产出指标", "成本指标", 4),
    ]


def test_level2_carries_forward_while_level1_repeats() -> None:
    [project] = build_projects(
        grid(
            HEADER,
            ["甲", "", "", "", "产出指标", "数量指标", "人数", "10人", "计划"],
            ["", "", "", "", "产出指标", "", "场次", "3场", "计划"],
            ["", "", "", "", "效益指标", "", "影响", "明显", "经验"],
        ),
        SOURCE,
    )
    assert [(i.level1, i.level2) for i in project.indicators] == [
        ("产出指标", "数量指标"),
        ("产出指标", "数量指标"),
        ("效益指标", ""),
    ]


def test_split_value_columns_are_joined_like_the_form() -> None:
    header = ["项目名称", "三级指标", "指标性质", "指标值", "计量单位", "确定依据"]
    [project] = build_projects(
        grid(
            header,
            ["甲", "合格率", "大于等于", "95", "%", "标准"],
            ["", "响应时长", "≤", "2", "h", ""],
            ["", "是否达标", "=", "是", "", ""],
            ["", "服务质量", "定性", "优", "", ""],
            ["", "覆盖率", "≥", "95%", "%", ""],
            ["", "人数", "", "", "人", ""],
        ),
        SOURCE,
    )
    # A unit without a number is no value: the row names an indicator whose value is missing.
    assert [i.value for i in project.indicators] == ["≥95%", "≤2h", "是", "优", "≥95%", ""]


@pytest.mark.parametrize(
    ("operator", "value", "unit", "expected"),
    [
        ("大于等于", "95", "%", "≥95%"),
        ("小于等于", "2", "h", "≤2h"),
        ("=", "100", "%", "=100%"),
        ("=", "是", "", "是"),
        ("正向", "1090", "个", "1090个"),
        (">=", "3", "次", "≥3次"),
        ("≥", "≥95%", "%", "≥95%"),
        ("≥", "", "%", ""),
    ],
)
def test_join_value(operator: str, value: str, unit: str, expected: str) -> None:
    assert join_value(operator, value, unit) == expected


def test_two_header_rows_refine_group_columns() -> None:
    [project] = build_projects(
        grid(
            ["项目名称", "资金支出计划（%）", "", "", "", "三级指标", "指标值", "", ""],
            ["", "3月底", "6月底", "10月底", "12月底", "", "符号", "指标值", "计量单位"],
            ["甲", "25%", "50%", "75%", "100%", "人数", "≥", "10", "人"],
        ),
        SOURCE,
    )
    assert project.spending_plan is not None
    assert project.spending_plan.raw == ["25%", "50%", "75%", "100%"]
    assert project.spending_plan.percents == [25, 50, 75, 100]
    assert [i.value for i in project.indicators] == ["≥10人"]
    assert project.indicators[0].location.row == 3


def test_amounts_in_yuan_from_a_note_above_or_from_the_header() -> None:
    rows = [["金额单位：元"], ["项目名称", "预算金额", "财政拨款", "其他资金", "三级指标", "目标值"], ["甲", "81,200", "80000", "1200", "人数", "10人"]]
    [project] = build_projects(grid(*rows), SOURCE)
    assert (project.budget, project.fiscal, project.other) == (8.12, 8.0, 0.12)
    assert project.amounts_stated
    header = ["项目名称", "预算数（元）", "财政资金（万元）", "三级指标", "指标值"]
    [project] = build_projects(grid(header, ["甲", "50000", "5", "人数", "10人"]), SOURCE)
    assert (project.budget, project.fiscal, project.other) == (5.0, 5.0, None)
    [project] = build_projects(grid(header, ["甲", "5万元", "50000元", "人数", "10人"]), SOURCE)
    assert (project.budget, project.fiscal) == (5.0, 5.0)


def test_one_plan_column_and_goal_items() -> None:
    header = ["项目名称", "支出计划", "年度绩效目标", "指标名称", "指标值"]
    [project] = build_projects(
        grid(header, ["甲", "3月底25%；6月底50%；10月底；12月底100%", "1.完成培训\n2.发放补贴", "人数", "10人"]),
        SOURCE,
    )
    assert project.spending_plan is not None
    assert project.spending_plan.raw == ["25%", "50%", "", "100%"]
    assert project.spending_plan.percents == [25, 50, None, 100]
    assert project.goal == "1.完成培训\n2.发放补贴"
    assert project.goal_items == ["完成培训", "发放补贴"]


def test_no_basis_column() -> None:
    [project] = build_projects(grid(["项目名称", "三级指标", "指标值"], ["甲", "人数", "10人"]), SOURCE)
    assert not project.has_basis_column
    assert project.indicators[0].basis is None


def test_repeated_headers_blank_and_total_rows_are_skipped() -> None:
    projects = build_projects(
        grid(
            HEADER,
            ["甲", "P1", "1", "", "产出指标", "数量指标", "人数", "10人", "计划"],
            [""] * 9,
            HEADER,
            ["合计", "", "1", "", "", "", "", "", ""],
        ),
        SOURCE,
    )
    assert [(p.name, len(p.indicators)) for p in projects] == [("甲", 1)]


def test_indicator_before_any_project_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        build_projects(grid(HEADER, ["", "", "", "", "产出指标", "数量指标", "人数", "10人", "计划"]), SOURCE)
    assert caught.value.file == SOURCE and caught.value.row == 2


def test_dash_code_is_no_code() -> None:
    [project] = build_projects(grid(HEADER, ["甲", "————", "", "", "", "", "人数", "1人", ""]), SOURCE)
    assert project.code is None


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("项目名称", Column.PROJECT_NAME),
        ("* 项目代码", Column.PROJECT_CODE),
        ("预算数（万元）", Column.BUDGET),
        ("其中：财政    资金", Column.FISCAL),
        ("年度资金总额", Column.BUDGET),
        ("指标值/描述", Column.VALUE),
        ("绩效指标描述", Column.DESCRIPTION),
        ("指标解释", Column.DESCRIPTION),
        ("度量单位", Column.MEASURE_UNIT),
        ("截至6月底", Column.PLAN_6),
        ("十二月末", Column.PLAN_12),
        ("指标值确定依据", Column.BASIS),
        ("单位", None),
        ("备注", None),
    ],
)
def test_match_header(header: str, column: Column | None) -> None:
    assert match_header(header) is column


def test_money_unit() -> None:
    assert money_unit("预算数（元）") == "元"
    assert money_unit("金额单位：万元") == "万元"
    assert money_unit("预算数") is None


def test_plan_helpers() -> None:
    assert split_plan_text("25%，50%，75%，100%") == ["25%", "50%", "75%", "100%"]
    assert plan_percents(["0.25", "0.5", "0.75", "1"]) == [25, 50, 75, 100]
    assert plan_percents(["", "0", "100%", "100%"]) == [None, 0, 100, 100]
