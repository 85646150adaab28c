"""Template variants other departments and provinces use, written as real .docx / .xlsx / .txt files.

Each test builds a small realistic form with python-docx or openpyxl (real merged cells), reads it
through reviewer.readers.read_document and checks the projects and indicators the layout finds.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl
import pytest

from reviewer.layout_labels import label_of
from reviewer.model import Document, Project
from reviewer.readers import read_document

# A merge: (first row, first column, last row, last column), 0-based and inclusive.
Merge = tuple[int, int, int, int]


def add_table(word: docx.document.Document, rows: Sequence[Sequence[str]], merges: Sequence[Merge] = ()) -> None:
    width = max(len(row) for row in rows)
    table = word.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for top, left, bottom, right in merges:
        # python-docx joins the texts of merged cells; the covered cells are written empty above.
        table.cell(top, left).merge(table.cell(bottom, right))


def write_sheet(sheet: openpyxl.worksheet.worksheet.Worksheet, rows: Sequence[Sequence[object]],
                merges: Sequence[Merge] = ()) -> None:
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value not in ("", None):
                sheet.cell(r, c, value)
    for top, left, bottom, right in merges:
        sheet.merge_cells(start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1)


def rows_of(project: Project) -> list[tuple[str, str, str, str]]:
    return [(i.level1, i.level2, i.name, i.value) for i in project.indicators]


# --- 1. the national 项目支出绩效目标表 (财预〔2021〕101号 annex) ------------------------------------------
NATIONAL_ROWS = [
    ["项目名称", "乡村教师培训项目", "", "", ""],
    ["主管部门", "某省教育厅", "实施单位", "某省教师发展中心", ""],
    ["项目资金（万元）", "年度资金总额", "120", "", ""],
    ["", "其中：财政拨款", "100", "", ""],
    ["", "其他资金", "20", "", ""],
    ["总体目标", "长期目标", "", "年度目标", ""],
    ["", "三年内完成全省乡村教师轮训。", "", "全年培训乡村教师500人次，培训合格率不低于95%。", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
    ["", "产出指标", "数量指标", "培训人次", "≥500人次"],
    ["", "", "质量指标", "培训合格率", "≥95%"],
    ["", "", "时效指标", "培训完成时间", "2024年11月底前"],
    ["", "效益指标", "社会效益指标", "乡村教师教学能力", "明显提升"],
    ["", "满意度指标", "服务对象满意度指标", "参训教师满意度", "≥90%"],
]
NATIONAL_MERGES: list[Merge] = [
    (0, 1, 0, 4), (1, 3, 1, 3), (2, 0, 4, 0), (2, 2, 2, 4), (3, 2, 3, 4), (4, 2, 4, 4),
    (5, 0, 6, 0), (5, 1, 5, 2), (5, 3, 5, 4), (6, 1, 6, 2), (6, 3, 6, 4),
    (7, 0, 12, 0), (8, 1, 10, 1),
]


def check_national(document: Document) -> None:
    assert len(document.projects) == 1
    project = document.projects[0]
    assert project.name == "乡村教师培训项目"
    assert (project.budget, project.fiscal, project.other) == (120, 100, 20)
    assert project.goal == "全年培训乡村教师500人次，培训合格率不低于95%。"
    assert rows_of(project) == [
        ("产出指标", "数量指标", "培训人次", "≥500人次"),
        ("产出指标", "质量指标", "培训合格率", "≥95%"),
        ("产出指标", "时效指标", "培训完成时间", "2024年11月底前"),
        ("效益指标", "社会效益指标", "乡村教师教学能力", "明显提升"),
        ("满意度指标", "服务对象满意度指标", "参训教师满意度", "≥90%"),
    ]
    assert not project.has_basis_column
    assert all(i.description == "" and i.basis is None for i in project.indicators)


def test_national_form_docx(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("项目支出绩效目标表")
    word.add_paragraph("（2024年度）")
    add_table(word, NATIONAL_ROWS, NATIONAL_MERGES)
    word.save(str(tmp_path / "national.docx"))
    check_national(read_document(tmp_path / "national.docx"))


def test_national_form_xlsx(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    write_sheet(sheet, [["项目支出绩效目标表"], ["（2024年度）"], *NATIONAL_ROWS],
                [(0, 0, 0, 4)] + [(t + 2, l, b + 2, r) for t, l, b, r in NATIONAL_MERGES])
    book.save(tmp_path / "national.xlsx")
    check_national(read_document(tmp_path / "national.xlsx"))


def test_national_form_with_two_row_indicator_header(tmp_path: Path) -> None:
    """"绩效指标" as a title row over the table, 一级/二级/三级/指标值 in the row below."""
    rows = [row[:] for row in NATIONAL_ROWS]
    header = rows.index(["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"])
    rows[header:header + 1] = [["绩效指标", "", "", "", ""], ["一级指标", "二级指标", "三级指标", "指标值", ""]]
    for index in range(header + 2, len(rows)):
        rows[index] = rows[index][1:] + [""]
    merges = [m for m in NATIONAL_MERGES if m[0] < header] + [(header, 0, header, 4), (header + 2, 0, header + 4, 0)]
    word = docx.Document()
    word.add_paragraph("项目支出绩效目标表")
    add_table(word, rows, merges)
    word.save(str(tmp_path / "national2.docx"))
    check_national(read_document(tmp_path / "national2.docx"))


# --- 2. provincial forms with extra columns ----------------------------------------------------------
def test_provincial_extra_columns_are_ignored_and_split_values_joined(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    write_sheet(sheet, [
        ["2024年项目支出绩效目标申报表"],
        ["项目名称", "农村饮水安全巩固提升", "", "", "项目编码", "43000024T000000123456", "", "", ""],
        ["预算数（万元）", "300", "", "", "财政拨款（万元）", "300", "", "", ""],
        ["年度绩效目标", "完成20处农村供水工程维修改造，受益人口3万人。", "", "", "", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标方向", "分值", "评分标准", "备注"],
        ["产出指标", "数量指标", "维修改造工程数", "≥", "20", "处", "正向", "20", "完成得满分", ""],
        ["", "质量指标", "工程验收合格率", "≥", "95", "%", "正向", "20", "", "按验收报告"],
        ["", "成本指标", "单处工程平均成本", "≤", "15", "万元", "反向", "10", "", ""],
        ["效益指标", "社会效益指标", "受益人口", "≥", "3", "万人", "正向", "30", "", ""],
        ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥", "90", "%", "正向", "10", "", ""],
    ], [(0, 0, 0, 9), (1, 1, 1, 3), (1, 5, 1, 9), (2, 1, 2, 3), (2, 5, 2, 9), (3, 1, 3, 9), (5, 0, 7, 0)])
    book.save(tmp_path / "province.xlsx")
    document = read_document(tmp_path / "province.xlsx")
    assert [p.name for p in document.projects] == ["农村饮水安全巩固提升"]
    project = document.projects[0]
    assert project.code == "43000024T000000123456"
    assert (project.budget, project.fiscal) == (300, 300)
    assert rows_of(project) == [
        ("产出指标", "数量指标", "维修改造工程数", "≥20处"),
        ("产出指标", "质量指标", "工程验收合格率", "≥95%"),
        ("产出指标", "成本指标", "单处工程平均成本", "≤15万元"),
        ("效益指标", "社会效益指标", "受益人口", "≥3万人"),
        ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%"),
    ]
    assert all(i.description == "" for i in project.indicators)


# --- 3. one project per sheet, and a department-level sheet ------------------------------------------
def project_sheet_rows(name: str, budget: str, level2_name: str) -> list[list[object]]:
    return [
        [f"{name}绩效目标表"],
        ["单位：万元"],
        ["项目名称", name, "", "", ""],
        ["预算数", budget, "其中：财政资金", budget, ""],
        ["绩效目标", f"保障{name}顺利实施。", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", ""],
        ["产出指标", "数量指标", level2_name, "≥10次", ""],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", ""],
    ]


DEPARTMENT_SHEET: list[list[object]] = [
    ["2024年部门整体绩效目标表"],
    ["部门名称", "某县司法局", "", ""],
    ["年度总体目标", "全面履行司法行政职能，完成普法、调解和社区矫正各项任务。", "", ""],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "开展普法宣传活动", "≥50场"],
    ["效益指标", "社会效益指标", "矛盾纠纷调解成功率", "≥95%"],
]


@pytest.mark.parametrize("department_first", [True, False])
def test_one_project_per_sheet_and_a_department_sheet(tmp_path: Path, department_first: bool) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    sheets: list[tuple[str, list[list[object]]]] = [
        ("普法宣传", project_sheet_rows("普法宣传专项", "20", "普法宣传活动")),
        ("人民调解", project_sheet_rows("人民调解经费", "35.5", "调解员培训")),
    ]
    department = ("部门整体绩效目标", DEPARTMENT_SHEET)
    sheets = [department, *sheets] if department_first else [*sheets, department]
    for index, (title, rows) in enumerate(sheets):
        sheet = first if index == 0 else book.create_sheet()
        sheet.title = title
        write_sheet(sheet, rows)
    book.save(tmp_path / "sheets.xlsx")
    document = read_document(tmp_path / "sheets.xlsx")
    assert [p.name for p in document.projects] == ["普法宣传专项", "人民调解经费"]
    assert [p.budget for p in document.projects] == [20, 35.5]
    assert [rows_of(p)[0][2] for p in document.projects] == ["普法宣传活动", "调解员培训"]
    assert all(len(p.indicators) == 2 for p in document.projects)


def test_sheet_name_names_a_project_whose_form_has_no_name(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "社区矫正专项"
    write_sheet(sheet, [
        ["预算数", "12", "", ""],
        ["绩效目标", "完成社区矫正对象监管。", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "矫正对象监管人数", "≥100人"],
    ])
    book.save(tmp_path / "unnamed.xlsx")
    document = read_document(tmp_path / "unnamed.xlsx")
    assert [p.name for p in document.projects] == ["社区矫正专项"]


# --- 4. amount units ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("note", "label", "value", "expected"),
    [
        ("单位：元", "预算数", "1,200,000.00", 120.0),
        ("金额单位：元", "预算数", "1200000", 120.0),
        ("金额单位：万元", "预算数", "1,200.50", 1200.5),
        ("", "预算数(元)", "1,200,000.00", 120.0),
        ("", "预算数（万元）", "120", 120.0),
        ("单位：万元", "预算金额(元)", "50000", 5.0),  # the label's own unit wins over the note
    ],
)
def test_amount_units_and_thousands_separators(tmp_path: Path, note: str, label: str, value: str,
                                               expected: float) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    rows: list[list[object]] = [["办公楼维修改造项目绩效目标表"]]
    if note:
        rows.append(["", "", "", note])
    rows += [
        ["项目名称", "办公楼维修改造", "", ""],
        [label, value, "其他资金", "0"],
        ["绩效目标", "完成办公楼维修。", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "质量指标", "验收合格率", "100%"],
    ]
    write_sheet(sheet, rows)
    book.save(tmp_path / "units.xlsx")
    project = read_document(tmp_path / "units.xlsx").projects[0]
    assert project.budget == pytest.approx(expected)
    assert project.other == 0


def test_amounts_in_yuan_in_docx(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("办公楼维修改造项目绩效目标表")
    word.add_paragraph("金额单位：元")
    add_table(word, [
        ["项目名称", "办公楼维修改造", "", ""],
        ["年度资金总额", "1,200,000.00", "其中：财政拨款", "1,000,000.00"],
        ["年度目标", "完成办公楼维修。", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "质量指标", "验收合格率", "100%"],
    ], [(0, 1, 0, 3), (2, 1, 2, 3)])
    word.save(str(tmp_path / "yuan.docx"))
    project = read_document(tmp_path / "yuan.docx").projects[0]
    assert (project.budget, project.fiscal) == (pytest.approx(120), pytest.approx(100))


# --- 5. docx: names in headings only, several projects, a table split by a page break ---------------
def small_form(goal: str, indicators: list[list[str]], header: bool = True) -> list[list[str]]:
    rows = [["绩效目标", goal, "", ""]] if goal else []
    if header:
        rows.append(["一级指标", "二级指标", "三级指标", "指标值"])
    return rows + indicators


def test_docx_projects_named_in_headings_only(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("2024年部门预算项目绩效目标")
    word.add_paragraph("一、法律援助经费项目支出绩效目标表")
    add_table(word, small_form("办结法律援助案件300件。", [["产出指标", "数量指标", "办结案件数", "≥300件"]]),
              [(0, 1, 0, 3)])
    word.add_paragraph("二、人民调解以奖代补资金项目支出绩效目标表")
    add_table(word, small_form("调解矛盾纠纷1000件。", [
        ["产出指标", "数量指标", "调解纠纷件数", "≥1000件"],
        ["满意度指标", "服务对象满意度指标", "当事人满意度", "≥90%"],
    ]), [(0, 1, 0, 3)])
    word.save(str(tmp_path / "headings.docx"))
    document = read_document(tmp_path / "headings.docx")
    assert [p.name for p in document.projects] == ["法律援助经费", "人民调解以奖代补资金"]
    assert [len(p.indicators) for p in document.projects] == [1, 2]
    assert document.projects[1].goal == "调解矛盾纠纷1000件。"


@pytest.mark.parametrize("repeat_header", [False, True])
def test_docx_table_split_by_a_page_break_continues_the_project(tmp_path: Path, repeat_header: bool) -> None:
    word = docx.Document()
    word.add_paragraph("社区矫正经费项目支出绩效目标表")
    add_table(word, [["项目名称", "社区矫正经费", "", ""], *small_form("监管社区矫正对象。", [
        ["产出指标", "数量指标", "监管对象人数", "≥100人"],
        ["", "质量指标", "脱管漏管率", "≤1%"],
    ])], [(0, 1, 0, 3), (1, 1, 1, 3), (3, 0, 4, 0)])
    word.add_page_break()
    add_table(word, small_form("", [
        ["", "时效指标", "报到及时率", "100%"],
        ["效益指标", "社会效益指标", "重新犯罪率", "≤0.2%"],
    ], header=repeat_header))
    word.add_paragraph("人民调解经费项目支出绩效目标表")
    add_table(word, [["项目名称", "人民调解经费", "", ""], *small_form("调解纠纷。", [
        ["产出指标", "数量指标", "调解件数", "≥50件"],
    ])], [(0, 1, 0, 3), (1, 1, 1, 3)])
    word.save(str(tmp_path / "split.docx"))
    document = read_document(tmp_path / "split.docx")
    assert [p.name for p in document.projects] == ["社区矫正经费", "人民调解经费"]
    assert rows_of(document.projects[0]) == [
        ("产出指标", "数量指标", "监管对象人数", "≥100人"),
        ("产出指标", "质量指标", "脱管漏管率", "≤1%"),
        ("产出指标", "时效指标", "报到及时率", "100%"),
        ("效益指标", "社会效益指标", "重新犯罪率", "≤0.2%"),
    ]


# --- 6. flat exports ---------------------------------------------------------------------------------
@pytest.mark.parametrize("description_column", [False, True])
def test_flat_export_with_project_columns_on_first_rows_and_blank_rows(tmp_path: Path,
                                                                       description_column: bool) -> None:
    header = ["单位名称", "项目名称", "预算金额(万元)", "年度绩效目标", "一级指标", "二级指标", "三级指标", "指标值"]
    if description_column:
        header.append("指标值说明")

    def row(*cells: str) -> list[object]:
        return list(cells) + ([""] if description_column else [])

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    write_sheet(sheet, [
        ["2024年项目支出绩效目标汇总表"],
        header,
        row("某县水利局", "河道清淤工程", "80", "清淤河道10公里。", "产出指标", "数量指标", "清淤长度", "≥10公里"),
        row("", "", "", "", "", "质量指标", "验收合格率", "100%"),
        row("", "", "", "", "效益指标", "生态效益指标", "河道水质", "稳定达标"),
        [],
        row("某县水利局", "小型水库维修", "45.5", "维修小型水库3座。", "产出指标", "数量指标", "维修水库数", "3座"),
        row("", "", "", "", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ])
    book.save(tmp_path / "flat.xlsx")
    document = read_document(tmp_path / "flat.xlsx")
    assert [p.name for p in document.projects] == ["河道清淤工程", "小型水库维修"]
    assert [p.budget for p in document.projects] == [80, 45.5]
    assert [p.goal for p in document.projects] == ["清淤河道10公里。", "维修小型水库3座。"]
    assert [p.unit for p in document.projects] == ["某县水利局", "某县水利局"]
    assert rows_of(document.projects[0]) == [
        ("产出指标", "数量指标", "清淤长度", "≥10公里"),
        ("产出指标", "质量指标", "验收合格率", "100%"),
        ("效益指标", "生态效益指标", "河道水质", "稳定达标"),
    ]
    assert rows_of(document.projects[1])[1] == ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%")


# --- 7. encodings ------------------------------------------------------------------------------------
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16"])
def test_seed_in_other_encodings_parses_the_same(tmp_path: Path, encoding: str) -> None:
    seed = sorted(SEEDS_DIR.glob("*.txt"))[0]
    text = seed.read_text(encoding="utf-8")
    encoded = text.encode(encoding, errors="strict")
    path = tmp_path / f"seed.{encoding}.txt"
    path.write_bytes(encoded)
    original, converted = read_document(seed), read_document(path)
    assert [p.name for p in converted.projects] == [p.name for p in original.projects]
    assert [len(p.indicators) for p in converted.projects] == [len(p.indicators) for p in original.projects]


def test_operator_words_and_qualitative_marks_in_split_value_forms(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("公共法律服务平台运维项目支出绩效目标表")
    add_table(word, [
        ["项目名称", "公共法律服务平台运维", "", "", "", "", ""],
        ["绩效目标", "保障平台全年正常运行。", "", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "计量单位", "权重（%）"],
        ["产出指标", "数量指标", "平台接入服务点", "大于等于", "120", "个", "20"],
        ["", "质量指标", "系统故障修复时间", "小于等于", "24", "小时", "20"],
        ["", "时效指标", "平台正常运行率", "定量", "99", "%", "20"],
        ["效益指标", "社会效益指标", "群众办事便利程度", "定性", "明显提高", "", "20"],
        ["满意度指标", "服务对象满意度指标", "用户满意度", "≥", "≥90", "%", "20"],
    ], [(0, 1, 0, 6), (1, 1, 1, 6), (3, 0, 5, 0)])
    word.save(str(tmp_path / "words.docx"))
    [project] = read_document(tmp_path / "words.docx").projects
    assert [i.value for i in project.indicators] == ["≥120个", "≤24小时", "99%", "明显提高", "≥90%"]


def test_flat_export_with_a_two_row_header(tmp_path: Path) -> None:
    """"绩效指标" merged over 一级/二级/三级/指标值, the project columns merged down over both header rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    write_sheet(sheet, [
        ["项目编码", "项目名称", "预算金额（元）", "绩效指标", "", "", ""],
        ["", "", "", "一级指标", "二级指标", "三级指标", "指标值"],
        ["P001", "档案数字化", "1,500,000.00", "产出指标", "数量指标", "数字化档案卷数", "≥5000卷"],
        ["", "", "", "效益指标", "社会效益指标", "档案查阅效率", "明显提高"],
        ["P002", "档案库房改造", "300,000.00", "产出指标", "质量指标", "验收合格率", "100%"],
    ], [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 6)])
    book.save(tmp_path / "flat2.xlsx")
    document = read_document(tmp_path / "flat2.xlsx")
    assert [(p.code, p.name, p.budget) for p in document.projects] == [
        ("P001", "档案数字化", pytest.approx(150)), ("P002", "档案库房改造", pytest.approx(30))]
    assert [len(p.indicators) for p in document.projects] == [2, 1]


def test_department_table_after_the_projects_in_docx(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("1.法律援助经费项目支出绩效目标表")
    add_table(word, small_form("办结法律援助案件300件。", [["产出指标", "数量指标", "办结案件数", "≥300件"]]))
    word.add_paragraph("某县司法局部门整体支出绩效目标表")
    add_table(word, [
        ["部门名称", "某县司法局", "", ""],
        ["年度预算总额", "560", "", ""],
        ["年度总体目标", "履行司法行政职能。", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "普法活动场次", "≥50场"],
        ["效益指标", "社会效益指标", "群众法治意识", "明显提升"],
    ])
    word.save(str(tmp_path / "dept_after.docx"))
    document = read_document(tmp_path / "dept_after.docx")
    assert [p.name for p in document.projects] == ["法律援助经费"]
    assert len(document.projects[0].indicators) == 1
    assert document.department is not None
    assert [(i.row, i.level1, i.name, i.value) for i in document.department.indicators] == [
        (1, "产出指标", "普法活动场次", "≥50场"),
        (2, "效益指标", "群众法治意识", "明显提升"),
    ]


def test_a_document_with_only_the_department_table_has_no_projects(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("2024年部门整体绩效目标表")
    add_table(word, DEPARTMENT_SHEET[1:])  # type: ignore[arg-type]
    word.save(str(tmp_path / "dept_only.docx"))
    document = read_document(tmp_path / "dept_only.docx")
    assert document.projects == []
    assert document.unit == "某县司法局"
    assert document.department is not None
    assert "完成普法" in document.department.overall
    assert document.department.indicators and all(i.name for i in document.department.indicators)


def test_compilation_title_over_a_bare_form_heading_is_not_a_project(tmp_path: Path) -> None:
    """A 广东-style compilation: the title "2025年市级部门项目支出绩效目标申报表" and, before each form, a bare
    "项目支出绩效目标申报表" — two headings with nothing between them head one form, not an empty project."""
    word = docx.Document()
    word.add_paragraph("2025年市级部门项目支出绩效目标申报表")
    word.add_paragraph("金额单位：万元")
    for name, row in (("耕地保护动态监测", ["产出指标", "数量指标", "图斑核查数量", "≥4800个"]),
                      ("全民健身赛事活动", ["产出指标", "数量指标", "举办赛事场次", "≥20场次"])):
        word.add_paragraph("项目支出绩效目标申报表")
        add_table(word, [["项目名称", name, "", ""], ["年度绩效目标", "全年完成。", "", ""],
                         ["一级指标", "二级指标", "三级指标", "指标值"], row])
    word.save(str(tmp_path / "compilation.docx"))
    document = read_document(tmp_path / "compilation.docx")
    assert [p.name for p in document.projects] == ["耕地保护动态监测", "全民健身赛事活动"]
    assert [len(p.indicators) for p in document.projects] == [1, 1]


# --- 8. header and label names other finance systems use ---------------------------------------------
# Spellings from the 中央部门项目支出绩效目标申报表, provincial 项目绩效目标表 and 预算管理一体化 exports.
# Listed here, not imported from reviewer.layout_headers: removing a synonym must fail a test.
NEW_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("预算项目名称", "二级项目名称", "项目全称"),
    "code": ("预算项目编码", "预算项目代码", "二级项目编码"),
    "unit": ("主管部门名称", "一级主管部门", "一级主管部门名称", "实施单位名称", "项目实施单位", "项目单位",
             "申报单位", "项目申报单位", "项目申报单位名称", "填报单位"),
    "budget": ("年度预算金额", "本年预算数", "本年度预算数", "当年预算数", "项目预算", "项目预算金额",
               "预算资金总额", "申报金额", "申报预算数"),
    "fiscal": ("一般公共预算", "一般公共预算资金", "一般公共预算拨款", "财政预算拨款", "财政预算资金", "财政补助",
               "财政补助资金", "当年财政拨款"),
    "other": ("其它来源资金", "非财政拨款资金", "非财政资金"),
    "purpose": ("资金使用用途", "资金使用方向", "资金投向", "预算资金用途"),
    "goal": ("年度预期目标", "预期绩效目标", "本年度绩效目标", "当年绩效目标", "年度绩效目标内容"),
    "plan": ("资金使用计划", "用款计划", "分月用款计划", "预算执行计划", "资金支出进度计划"),
    "level1": ("一级指标名称",),
    "level2": ("二级指标名称",),
    "indicator": ("绩效指标名称", "具体指标"),
    "description": ("指标含义", "指标内涵", "指标解释说明"),
    "value": ("预期值", "预期指标值", "年度预期值", "标准值", "指标标准值", "本年指标值", "当年指标值"),
    "operator": ("指标符号", "运算符号", "比较符号"),
    "polarity": ("指标取向", "指标值方向"),
    "measure_unit": ("计量单位名称", "指标计量单位", "指标度量单位"),
    "basis": ("取值依据", "指标取值依据", "指标值取值依据", "目标值确定依据", "目标值设定依据", "指标值确定依据及说明"),
}
NEW_HEADER_CASES = [(field, header) for field, headers in NEW_HEADERS.items() for header in headers]
PROJECT_FIELDS = {"name", "code", "unit", "budget", "fiscal", "other", "purpose", "goal", "plan"}
PLAN_TEXT = "3月底25%；6月底50%；10月底80%；12月底100%"
# What each field's cell holds, and the header it replaces or joins in the base layout.
FIELD_CELLS: dict[str, tuple[str, str]] = {
    "name": ("项目名称", "乡村教师培训"),
    "code": ("项目编码", "P2024001"),
    "unit": ("单位名称", "某县教育局"),
    "budget": ("预算数", "12.5"),
    "fiscal": ("财政资金", "10"),
    "other": ("其他资金", "2.5"),
    "purpose": ("资金用途", "用于教师培训"),
    "goal": ("年度绩效目标", "全年培训乡村教师100人次。"),
    "plan": ("资金支出计划", PLAN_TEXT),
    "level1": ("一级指标", "产出指标"),
    "level2": ("二级指标", "数量指标"),
    "indicator": ("三级指标", "培训人次"),
    "description": ("指标解释", "全年培训的乡村教师人次"),
    "value": ("指标值", "≥100人次"),
    "operator": ("指标性质", "≥"),
    "polarity": ("指标方向", "正向"),
    "measure_unit": ("计量单位", "人次"),
    "basis": ("指标值确定依据", "计划标准"),
}


def check_field(project: Project, field: str) -> None:
    expected = FIELD_CELLS[field][1]
    indicator = project.indicators[0]
    if field in {"budget", "fiscal", "other"}:
        assert getattr(project, field) == float(expected)
    elif field == "plan":
        assert project.spending_plan is not None
        assert project.spending_plan.percents == [25, 50, 80, 100]
    elif field in PROJECT_FIELDS:
        assert getattr(project, field) == expected
    elif field == "indicator":
        assert indicator.name == expected
    elif field == "operator":
        assert indicator.value == "≥100"
    elif field == "measure_unit":
        assert indicator.value == "100人次"
    elif field == "polarity":
        assert indicator.polarity == "positive"
    else:
        assert getattr(indicator, field) == expected


def flat_export(field: str, header: str) -> tuple[list[str], list[str]]:
    """A one-project listing: 项目名称 | 一级 | 二级 | 三级 | 指标值, with `field` under `header`."""
    base = ["name", "level1", "level2", "indicator", "value"]
    fields = base if field in base else [*base, field]
    cells = {name: FIELD_CELLS[name][1] for name in fields}
    if field in {"operator", "measure_unit"}:
        cells["value"] = "100"  # the operator or the unit stands in its own column
    return ([header if name == field else FIELD_CELLS[name][0] for name in fields], [cells[name] for name in fields])


@pytest.mark.parametrize(("field", "header"), NEW_HEADER_CASES)
def test_new_header_names_in_a_flat_export(tmp_path: Path, field: str, header: str) -> None:
    header_row, data_row = flat_export(field, header)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    write_sheet(sheet, [["2024年项目支出绩效目标汇总表"], header_row, data_row])
    book.save(tmp_path / "flat.xlsx")
    [project] = read_document(tmp_path / "flat.xlsx").projects
    check_field(project, field)


def form_rows(field: str, label: str) -> list[list[str]]:
    """A small 项目支出绩效目标表 with `field` labelled `label` (a form label or an indicator-table header)."""
    rows: list[list[str]] = [["项目名称", FIELD_CELLS["name"][1], "", "", ""]]
    if field == "name":
        rows = [[label, FIELD_CELLS["name"][1], "", "", ""]]
    elif field == "plan":
        rows.append([label, "3月底", "6月底", "10月底", "12月底"])
        rows.append(["", "25%", "50%", "80%", "100%"])
    elif field in PROJECT_FIELDS:
        rows.append([label, FIELD_CELLS[field][1], "", "", ""])
    if field != "goal":
        rows.append(["年度绩效目标", FIELD_CELLS["goal"][1], "", "", ""])
    header, data = flat_export(field, label)
    if field in PROJECT_FIELDS:
        header, data = flat_export("indicator", "三级指标")
    # The form's indicator table: the listing's columns without the project name.
    rows.append(header[1:])
    rows.append(data[1:])
    return rows


@pytest.mark.parametrize(("field", "label"), NEW_HEADER_CASES)
def test_new_label_names_in_a_form(tmp_path: Path, field: str, label: str) -> None:
    rows = form_rows(field, label)
    word = docx.Document()
    add_table(word, rows)
    word.save(str(tmp_path / "form.docx"))
    [project] = read_document(tmp_path / "form.docx").projects
    check_field(project, field)


@pytest.mark.parametrize("long_term", ["中期目标", "中期绩效目标", "项目期目标", "实施期目标"])
def test_multi_year_goal_labels_are_labels_not_the_annual_goal(long_term: str) -> None:
    # A known label is never taken as a value; it is not the 年度目标 the year is judged on.
    assert label_of(long_term) == "long_term_goal"
    assert label_of(f"{long_term}：") == "long_term_goal"
