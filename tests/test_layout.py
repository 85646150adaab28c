"""Layout: the seeds against the expert labels, then hand-built RawDocuments (format-independent)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer import layout
from reviewer.errors import InputError
from reviewer.layout import build_document
from reviewer.layout_labels import clean_project_name, project_heading
from reviewer.model import Document, Location, Project
from reviewer.numbering import numbered_items
from reviewer.readers import read_document
from reviewer.readers.grid import Cell, Grid, Paragraph, RawDocument
from reviewer.readers.text import parse_text
from reviewer.values import ValueKind

Norm = Callable[[object], str]


# --- the seeds ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_documents(seed_paths: list[Path]) -> dict[str, Document]:
    return {path.name.split("_")[0]: read_document(path) for path in seed_paths}


@pytest.fixture(scope="module")
def gold_by_doc(gold_lines: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in gold_lines:
        grouped[line["doc"].split("_")[0]].append(line)
    return grouped


def gold_projects(gold: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(project line, its indicator lines) in file order."""
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in gold:
        if line["row"] is not None:
            rows[line["project"]].append(line)
    return [(line, sorted(rows[line["project"]], key=lambda r: r["row"])) for line in gold if line["row"] is None]


def test_seed_counts(seed_documents: dict[str, Document], gold_by_doc: dict[str, list[dict[str, Any]]]) -> None:
    counts = {key: (len(doc.projects), sum(len(p.indicators) for p in doc.projects)) for key, doc in seed_documents.items()}
    assert counts == {"000": (3, 24), "001": (11, 99), "002": (14, 113), "003": (11, 55), "004": (34, 115)}
    gold_counts = {key: (sum(g["row"] is None for g in lines), sum(g["row"] is not None for g in lines))
                   for key, lines in gold_by_doc.items()}
    assert counts == gold_counts


def test_seed_projects_and_rows_equal_the_gold(seed_documents: dict[str, Document],
                                               gold_by_doc: dict[str, list[dict[str, Any]]], norm: Norm) -> None:
    mismatches = []
    for key, document in seed_documents.items():
        expected = gold_projects(gold_by_doc[key])
        assert len(document.projects) == len(expected), key
        for project, (gold, gold_rows) in zip(document.projects, expected, strict=True):
            if norm(project.name) != norm(gold["project"]):
                mismatches.append((key, "name", gold["project"], project.name))
            if norm(project.goal) != norm(gold["goal"]):
                mismatches.append((key, project.name, "goal", gold["goal"], project.goal))
            got = [(i.row, norm(i.name), norm(i.value)) for i in project.indicators]
            want = [(g["row"], norm(g["name"]), norm(g["value"])) for g in gold_rows]
            if got != want:
                mismatches.append((key, project.name, "rows", want, got))
            for indicator, gold_row in zip(project.indicators, gold_rows, strict=False):
                for name in ("level1", "level2", "description", "basis"):
                    if norm(getattr(indicator, name)) != norm(gold_row[name]):
                        mismatches.append((key, project.name, indicator.row, name, gold_row[name], getattr(indicator, name)))
    assert mismatches == []


def test_seed_amounts_and_spending_plans_equal_the_gold(seed_documents: dict[str, Document],
                                                        gold_by_doc: dict[str, list[dict[str, Any]]]) -> None:
    stated = 0
    for key, document in seed_documents.items():
        for project, (gold, _) in zip(document.projects, gold_projects(gold_by_doc[key]), strict=True):
            for name in ("budget", "fiscal", "other"):
                expected = None if gold[name] is None else float(gold[name])
                assert getattr(project, name) == expected, (key, project.name, name)
            plan = project.spending_plan.raw if project.spending_plan else None
            assert plan == gold["plan"], (key, project.name)
            stated += gold["budget"] is not None
            assert project.amounts_stated == (gold["budget"] is not None)
    assert stated == 36  # every form of 001-003 states its amounts


def test_seed_project_names_are_clean(seed_documents: dict[str, Document]) -> None:
    names = [p.name for doc in seed_documents.values() for p in doc.projects]
    assert seed_documents["004"].projects[0].name == "补助被征地农民支出(人社)"
    for name in names:
        assert name and name == name.strip()
        assert not re.search(r"\[bookmark|TC |\\f|\]|^\d+[.、．]|绩效目标表$|项目绩效表$", name), name


def test_seed_indicators_are_parsed_and_located(seed_documents: dict[str, Document]) -> None:
    document = seed_documents["000"]
    first = document.projects[0].indicators[0]
    assert first.parsed.kind is ValueKind.NUMBER and first.parsed.number == 1090
    assert first.location.file == document.source
    assert (first.location.table, first.location.column) == (1, 3)
    assert first.location.line is not None
    lines = Path(document.source).read_text(encoding="utf-8-sig").split("\n")
    assert lines[first.location.line - 1].strip() == first.name
    assert all(i.basis is not None for p in document.projects for i in p.indicators)


def test_seed_department_parts(seed_documents: dict[str, Document]) -> None:
    department = seed_documents["000"].department
    assert department is not None
    numbers = [item.number for item in department.items]
    assert numbers[:5] == ["（一）", "（二）", "（三）", "（四）", "（四）"]
    assert department.items[3].title == "" and department.items[4].title.startswith("法律顾问进社区")
    assert department.items[2].indicators is not None and department.items[2].indicators.endswith("达到省级要求标准。")
    assert len(department.overall_items) == 3 and department.safeguards
    skipped = seed_documents["002"].department
    assert skipped is not None
    assert [item.number for item in skipped.items][10:12] == ["（十一）", "（十三）"]
    assert skipped.items[6].title == "专项经费" and skipped.items[6].goal
    with_duties = seed_documents["003"].department
    assert with_duties is not None and all(item.duty and item.goal for item in with_duties.items)
    assert seed_documents["000"].year == 2022
    assert seed_documents["001"].unit == "中共承德高新技术产业开发区工作委员会政法委员会本级"


def test_seed_template_rows_are_not_indicators(seed_documents: dict[str, Document]) -> None:
    project = seed_documents["004"].projects[0]
    assert len(project.indicators) == 3
    assert [row.level2 for row in project.template_rows] == [
        "质量指标", "时效指标", "成本指标", "经济效益指标", "生态效益指标", "可持续性影响指标"]
    assert project.template_rows[3].level1 == "效果指标"


# --- hand-built documents ----------------------------------------------------------------------------
def grid(rows: list[list[str]], table: int = 1) -> Grid:
    return Grid(table=table, rows=[[Cell(text=text, row=r, column=c) for c, text in enumerate(row, start=1)]
                                   for r, row in enumerate(rows, start=1)])


HEADER6 = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]


def one_project(*rows: list[str], blocks_before: list[Grid | Paragraph] | None = None) -> Project:
    raw = RawDocument(source="t.docx", blocks=[*(blocks_before or []), grid(list(rows))])
    [project] = build_document(raw).projects
    return project


def test_header_row_column_count_decides_and_level_names_carry_forward() -> None:
    project = one_project(
        ["项目名称", "社区矫正专项"],
        ["一级指标", "二级指标", "三级指标", "指标解释", "目标值"],
        ["产出指标", "数量指标", "矫正人数", "接收人数", "≥20人"],
        ["", "", "接收率", "按时接收", "100%"],
        ["", "质量指标", "", "", ""],
        ["效益指标", "", "知晓率", "", "≥90%"],
        ["", "社会效益指标", "再犯率", "", ""],
    )
    assert project.has_basis_column is False
    got = [(i.row, i.level1, i.level2, i.name, i.value, i.basis) for i in project.indicators]
    assert got == [
        (1, "产出指标", "数量指标", "矫正人数", "≥20人", None),
        (2, "产出指标", "数量指标", "接收率", "100%", None),
        (3, "效益指标", "", "知晓率", "≥90%", None),
        (4, "效益指标", "社会效益指标", "再犯率", "", None),
    ]
    assert [(t.level1, t.level2) for t in project.template_rows] == [("产出指标", "质量指标")]
    assert project.indicators[3].parsed.kind is ValueKind.EMPTY


def test_form_fields_amounts_in_yuan_purpose_in_next_row_and_plan() -> None:
    project = one_project(
        ["001001某某局本级", "金额单位：元"],
        ["项目编码", "————", "项目名称", "3.网格化管理经费"],
        ["预算规模及资金用途", "预算数", "300,000", "其中：财政  资金", "200000", "其他资金", "100000"],
        ["", "用于网格员补贴"],
        ["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底"],
        ["", "", "50", "80%", "100%"],
        ["绩效目标", "1.网格员在岗率达到95%；\n2.事件办结率达到90%。"],
        HEADER6,
        ["产出指标", "数量指标", "网格员人数", "在岗网格员人数", "≥240人", "花名册"],
    )
    assert (project.name, project.code, project.unit) == ("网格化管理经费", None, "某某局本级")
    assert (project.budget, project.fiscal, project.other, project.amounts_stated) == (30.0, 20.0, 10.0, True)
    assert project.purpose == "用于网格员补贴"
    assert project.spending_plan is not None
    assert project.spending_plan.raw == ["", "50", "80%", "100%"]
    assert project.spending_plan.percents == [None, 50.0, 80.0, 100.0]
    assert project.goal_items == ["网格员在岗率达到95%；", "事件办结率达到90%。"]
    assert project.indicators[0].basis == "花名册"


def test_amount_labels_with_units_and_values_below_them() -> None:
    project = one_project(
        ["项目名称", "甲"],
        ["年度预算数（元）", "财政资金（元）", "其他资金（元）"],
        ["50000", "50000", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "次数", "≥3次"],
    )
    assert (project.budget, project.fiscal, project.other) == (5.0, 5.0, None)


def test_split_value_columns_are_joined() -> None:
    project = one_project(
        ["项目名称", "甲"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
        ["产出指标", "数量指标", "培训人次", "≥", "300", "人次"],
    )
    assert project.indicators[0].value == "≥300人次"


def test_project_name_cell_wins_over_the_heading() -> None:
    heading = Paragraph(text="雪亮工程运行维护费预算项目绩效表", line=3)
    project = one_project(["项目名称", "雪亮工程运行维护服务费"], HEADER6, ["产出指标", "数量指标", "设备数", "", "1090个", "经验"],
                          blocks_before=[heading])
    assert project.name == "雪亮工程运行维护服务费"
    assert project.location.line == 3


def test_heading_names_a_form_without_name_cell_and_forms_split_into_projects() -> None:
    raw = RawDocument(source="t.txt", blocks=[
        Paragraph(text="第二部分 预算项目绩效目标", line=1),
        Paragraph(text="1、甲经费绩效目标表", line=2),
        grid([["绩效目标", "做好甲"], HEADER6, ["产出指标", "数量指标", "甲数", "", "1个", ""]]),
        grid([["项目名称", "乙经费"], HEADER6, ["产出指标", "数量指标", "乙数", "", "2个", ""]], table=2),
        grid([["项目名称", "丙经费"], ["绩效目标", "做好丙"], HEADER6, ["产出指标", "数量指标", "丙数", "", "3个", ""]], table=3),
    ])
    document = build_document(raw)
    assert [(p.name, p.goal, [i.name for i in p.indicators]) for p in document.projects] == [
        ("甲经费", "做好甲", ["甲数"]), ("乙经费", "", ["乙数"]), ("丙经费", "做好丙", ["丙数"])]
    assert document.department is None


def test_table_continued_in_a_new_grid_keeps_its_columns() -> None:
    raw = RawDocument(source="t.docx", blocks=[
        grid([["项目名称", "甲"], HEADER6, ["产出指标", "数量指标", "甲数", "", "1个", "计划"]]),
        grid([HEADER6, ["", "质量指标", "合格率", "", "100%", "标准"]], table=2),
    ])
    [project] = build_document(raw).projects
    assert [(i.row, i.level1, i.name) for i in project.indicators] == [(1, "产出指标", "甲数"), (2, "产出指标", "合格率")]


def test_indicator_cells_that_look_like_labels_stay_indicators() -> None:
    project = one_project(
        ["项目名称", "甲"], HEADER6,
        ["产出指标", "成本指标", "项目预算数", "预算数", "≤30万元", "预算"],
        ["", "数量指标", "100000人次", "", "100000人次", ""],
    )
    assert [i.name for i in project.indicators] == ["项目预算数", "100000人次"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("[bookmark: x]1.法制工作专项绩效目标表", None),  # residue is the reader's job; still a heading
        ("1.法制工作专项绩效目标表", "法制工作专项"),
        ("11、高校毕业生到村任职补贴绩效目标表", "高校毕业生到村任职补贴"),
        ("雪亮工程运行维护费预算项目绩效表", "雪亮工程运行维护费"),
        ("（3）铁路护路可视化监管项目绩效目标表", "铁路护路可视化监管项目"),
        ("项目支出绩效目标表", ""),
        ("项目支出绩效目标表（2023年度）", ""),
        ("二、分项绩效目标", None),
        ("预算项目绩效目标", None),
    ],
)
def test_project_headings(text: str, name: str | None) -> None:
    if text.startswith("[bookmark"):
        assert project_heading(text) is not None
        return
    assert project_heading(text) == name


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [("1.网格员经费", "网格员经费"), ("2022年网格员经费", "2022年网格员经费"), ("3.5万亩农田建设", "3.5万亩农田建设"),
     ("12345热线运维", "12345热线运维"), ("项目名称：乙 项目", "乙 项目")],
)
def test_clean_project_name(text: str, cleaned: str) -> None:
    assert clean_project_name(text) == cleaned


def test_no_indicator_table_is_an_input_error() -> None:
    raw = RawDocument(source="t.txt", blocks=[Paragraph(text="2023年工作总结", line=1), grid([["项目名称", "甲"]])])
    with pytest.raises(InputError, match="未找到绩效指标表") as caught:
        build_document(raw)
    assert caught.value.file == "t.txt"


def test_department_part_from_text() -> None:
    text = "\n".join([
        "2023年部门整体绩效目标",
        "一、总体绩效目标",
        "一是做好甲。二是做好乙。",
        "二、分项绩效目标",
        "（一）矛盾调解",
        "职责描述：调解矛盾纠纷。",
        "绩效目标：调解成功率达到90%。",
        "绩效指标：调解案件200件。（二）（二）法律援助绩效目标：援助100件",
        "（四）社区矫正",
        "绩效目标：在册人员",
        "再犯率为0。",
        "三、工作保障措施",
        "完善制度。",
        "第二部分",
        "1.甲绩效目标表",
        "\t绩效目标\n\t做好甲\n",
        "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n",
        "\t产出指标\n\t数量指标\n\t甲数\n\t1个\n",
    ])
    document = build_document(parse_text(text, source="t.txt"))
    assert document.year == 2023
    department = document.department
    assert department is not None
    assert department.overall_items == ["做好甲。", "做好乙。"]
    items = [(i.number, i.title, i.duty, i.goal, i.indicators) for i in department.items]
    assert items == [
        ("（一）", "矛盾调解", "调解矛盾纠纷。", "调解成功率达到90%。", "调解案件200件。"),
        ("（二）", "", None, None, None),
        ("（二）", "法律援助", None, "援助100件", None),
        ("（四）", "社区矫正", None, "在册人员\n再犯率为0。", None),
    ]
    assert department.safeguards == "完善制度。"
    assert [p.name for p in document.projects] == ["甲"]


@pytest.mark.parametrize(
    ("goal", "items"),
    [
        ("1.1、深化矫正。 \n2、落实政策。\n3、提高质量。", ["深化矫正。", "落实政策。", "提高质量。"]),
        ('1."1、确保费用使用。\n2、做好稳控工作。"', ["确保费用使用。", "做好稳控工作。"]),
        ("1.聘请法律顾问4家（3家参与双随机，1家参加重大项目）；", ["聘请法律顾问4家（3家参与双随机，1家参加重大项目）；"]),
        ("（1）甲\n（2）乙", ["甲", "乙"]),
        ("目标内容1保障工资发放", []),
        ("安排2.5万元用于宣传", []),
    ],
)
def test_goal_items(goal: str, items: list[str]) -> None:
    assert numbered_items(goal) == items


def test_flat_grids_go_to_layout_flat(monkeypatch: pytest.MonkeyPatch) -> None:
    flat_project = Project(name="扁平项目", location=Location(file="t.xlsx"))
    seen: list[Grid] = []

    def build_projects(grid: Grid, source: str) -> list[Project]:
        seen.append(grid)
        return [flat_project]

    monkeypatch.setattr(layout.layout_flat, "is_flat", lambda grid: grid.table == 2)
    monkeypatch.setattr(layout.layout_flat, "build_projects", build_projects)
    raw = RawDocument(source="t.xlsx", blocks=[
        grid([["项目名称", "表单项目"], HEADER6, ["产出指标", "数量指标", "甲数", "", "1个", ""]]),
        grid([["whatever"]], table=2),
    ])
    document = build_document(raw)
    assert [p.name for p in document.projects] == ["表单项目", "扁平项目"]
    assert [g.table for g in seen] == [2]


def test_ministry_template_with_annual_goal_column_and_left_merged_header() -> None:
    raw = RawDocument(source="t.docx", blocks=[
        Paragraph(text="项目支出绩效目标申报表", line=1),
        Paragraph(text="（2023年度）", line=2),
        grid([
            ["项目名称", "乡村道路养护"],
            ["主管部门及代码", "交通局", "实施单位", "公路站"],
            ["项目资金（万元）", "年度资金总额：", "120"],
            ["", "其中：财政拨款", "100"],
            ["", "其他资金", "20"],
            ["总体目标", "中长期目标", "年度目标"],
            ["", "完成全区道路养护", "1.养护道路50公里；2.优良路率达到85%。"],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
            ["", "产出指标", "数量指标", "养护里程", "≥50公里"],
            ["", "", "质量指标", "优良路率", "≥85%"],
            ["", "效益指标", "社会效益指标", "群众出行条件", "明显改善"],
        ]),
    ])
    document = build_document(raw)
    assert document.year == 2023
    [project] = document.projects
    assert (project.name, project.unit) == ("乡村道路养护", "公路站")
    assert (project.budget, project.fiscal, project.other) == (120.0, 100.0, 20.0)
    assert project.goal == "1.养护道路50公里；2.优良路率达到85%。"
    assert project.goal_items == ["养护道路50公里；", "优良路率达到85%。"]
    assert [(i.level1, i.level2, i.name, i.value) for i in project.indicators] == [
        ("产出指标", "数量指标", "养护里程", "≥50公里"),
        ("产出指标", "质量指标", "优良路率", "≥85%"),
        ("效益指标", "社会效益指标", "群众出行条件", "明显改善"),
    ]
    assert project.indicators[0].location.column == 4


def test_department_part_as_a_table() -> None:
    raw = RawDocument(source="t.docx", blocks=[
        Paragraph(text="部门整体绩效目标表", line=1),
        grid([
            ["部门名称", "某某区司法局"],
            ["总体绩效目标", "1.完成普法宣传；2.办结法律援助案件。"],
            ["工作保障措施", "健全制度。"],
        ]),
        Paragraph(text="1.法律援助经费绩效目标表", line=5),
        grid([["绩效目标", "办结案件"], HEADER6, ["产出指标", "数量指标", "案件数", "", "≥100件", "上年"]], table=2),
    ])
    document = build_document(raw)
    assert document.unit == "某某区司法局"
    assert document.department is not None
    assert document.department.overall_items == ["完成普法宣传；", "办结法律援助案件。"]
    assert document.department.safeguards == "健全制度。"
    assert [p.name for p in document.projects] == ["法律援助经费"]


def test_notes_under_the_table_and_level1_only_rows_are_not_rows() -> None:
    project = one_project(
        ["项目名称", "甲"], HEADER6,
        ["效益指标", "", "", "", "", ""],
        ["", "社会效益指标", "知晓率", "", "≥90%", "调查"],
        ["", "生态效益指标", "", "", "", ""],
        ["注：指标值须量化"],
    )
    assert [(i.level1, i.level2, i.name) for i in project.indicators] == [("效益指标", "社会效益指标", "知晓率")]
    assert [(t.level1, t.level2) for t in project.template_rows] == [("效益指标", "生态效益指标")]


# --- fuzz: any arrangement of form words lays out or raises InputError ---------------------------------
_WORDS = [
    "", " ", "项目名称", "项目编码", "————", "单位名称", "103001某局本级", "单位：元", "金额单位：万元", "预算数", "其中：财政资金",
    "其他资金", "预算规模及资金用途", "资金支出计划（%）", "3月底", "6月底", "10月底", "12月底", "25%", "30", "1,000",
    "绩效目标", "中长期目标", "年度目标", "一级指标", "二级指标", "三级指标", "绩效指标", "指标值", "指标值确定依据",
    "产出指标", "数量指标", "≥95%", "是", "1.甲绩效目标表", "部门整体绩效目标表", "总体绩效目标", "（四）（四）乙",
    "注：说明", "项目名称：丙", "年度资金总额：12",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(
    st.one_of(
        st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=7), min_size=1, max_size=8).map(grid),
        st.sampled_from(_WORDS).map(lambda text: Paragraph(text=text, line=1)),
    ),
    max_size=8,
))
def test_random_arrangements_of_form_words(blocks: list[Grid | Paragraph]) -> None:
    try:
        document = build_document(RawDocument(source="fuzz.docx", blocks=blocks))
    except InputError as error:
        assert error.reason and error.file == "fuzz.docx"
        return
    for project in document.projects:
        assert [i.row for i in project.indicators] == list(range(1, len(project.indicators) + 1))


def test_a_direction_column_in_a_form_gives_each_row_its_polarity() -> None:
    project = one_project(
        ["项目名称", "路灯维护"],
        ["一级指标", "二级指标", "三级指标", "指标方向", "指标值", "指标值确定依据"],
        ["产出指标", "质量指标", "路灯亮灯率", "正向", "≥98%", "上年运维记录"],
        ["", "时效指标", "故障修复时长", "反向", "≤24小时", "运维合同"],
    )
    assert [(i.name, i.polarity, i.value) for i in project.indicators] == [
        ("路灯亮灯率", "positive", "≥98%"),
        ("故障修复时长", "negative", "≤24小时"),
    ]


@pytest.mark.parametrize("label", ["项目总额（万元）", "项目资金总额", "总金额", "年度预算安排"])
def test_budget_label_variants_in_a_form(label: str) -> None:
    project = one_project(
        ["项目名称", "农村饮水工程维修养护"],
        [label, "70", "其中：财政拨款", "70", "其他资金", "0"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "维修供水工程处数", "≥40处"],
    )
    assert (project.budget, project.fiscal, project.other) == (70, 70, 0)


def test_budget_column_variant_in_a_flat_export() -> None:
    raw = RawDocument(source="t.xlsx", blocks=[grid([
        ["项目名称", "项目总额（万元）", "其中：财政拨款", "一级指标", "二级指标", "三级指标", "指标值", "度量单位"],
        ["储备粮保管费用补贴", "90", "90", "产出指标", "数量指标", "储备粮规模", "≥0.3", "万吨"],
    ])])
    [project] = build_document(raw).projects
    assert (project.name, project.budget, project.fiscal) == ("储备粮保管费用补贴", 90, 90)
