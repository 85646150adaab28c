"""XLSX revision sheet: opens with openpyxl, one row per indicator, frozen header, filters, status list,
severity colours, the LLM's rewrite in the suggestion columns, and document text never a formula."""

from __future__ import annotations

from io import BytesIO

import openpyxl
from render_fixtures import ROAD, finding, sample_review

from reviewer.findings import Kind, Severity
from reviewer.grading import grade_review
from reviewer.renderers.xlsx import INDICATOR_COLUMNS, STATUSES, render_xlsx

HEADERS = [name for name, _ in INDICATOR_COLUMNS]


def _load(review=None):
    review = review or sample_review()
    grade_review(review)
    return openpyxl.load_workbook(BytesIO(render_xlsx(review)))


def _rows(sheet) -> list[dict[str, object]]:
    return [dict(zip(HEADERS, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_one_row_per_indicator_with_original_cells() -> None:
    sheet = _load()["指标修改清单"]
    assert [c.value for c in sheet[1]] == HEADERS
    rows = _rows(sheet)
    assert len(rows) == 5 + 4 + 4
    road2 = next(r for r in rows if r["项目名称"] == ROAD and r["行"] == 2)
    assert (road2["三级指标"], road2["指标值"], road2["确定依据"]) == ("养护及时率", "≤100%", "工作经验")
    assert "指标方向错误" in road2["问题"] and "目标值无意义" in road2["问题"]
    assert road2["问题级别"] == "严重"
    assert road2["修改状态"] == STATUSES[0]
    clean = next(r for r in rows if r["项目名称"] == "档案数字化经费" and r["行"] == 1)
    assert clean["问题"] in (None, "") and clean["修改状态"] in (None, "")


def test_frozen_header_filter_and_status_list() -> None:
    workbook = _load()
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        [validation] = sheet.data_validations.dataValidation
        assert validation.type == "list"
        assert all(status in validation.formula1 for status in STATUSES)
    sheet = workbook["指标修改清单"]
    assert sheet.auto_filter.ref == f"A1:S{sheet.max_row}"


def test_severity_colours() -> None:
    sheet = _load()["指标修改清单"]
    fills = {}
    for row in sheet.iter_rows(min_row=2):
        fills[(row[1].value, row[2].value)] = row[0].fill.fgColor.rgb if row[0].fill.fill_type else None
    assert fills[(ROAD, 2)].endswith("FFC7CE")  # error
    assert fills[(ROAD, 5)].endswith("FFEB9C")  # warning
    assert fills[("档案数字化经费", 1)] is None


def test_llm_rewrite_fills_the_suggestion_columns() -> None:
    rows = _rows(_load()["指标修改清单"])
    road4 = next(r for r in rows if r["项目名称"] == ROAD and r["行"] == 4)
    assert (road4["建议三级指标"], road4["建议指标值"], road4["建议确定依据"]) == ("道路优良率", "≥85%", "公路技术状况评定标准")
    assert road4["建议来源"] == "大模型改写"
    road2 = next(r for r in rows if r["项目名称"] == ROAD and r["行"] == 2)
    assert road2["建议三级指标"] in (None, "")  # the rejected rewrite is not offered


def test_project_and_department_problems_sheet() -> None:
    sheet = _load()["项目与部门问题"]
    values = [[c for c in row] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(row[0] == "部门整体绩效目标" and "没有数字" in row[4] for row in values)
    assert any(row[0] == ROAD and row[1] == "差" and row[3] == "绩效目标不具体" for row in values)


def test_document_text_is_never_a_formula() -> None:
    review = sample_review()
    review.findings.append(finding("X", Kind.PLACEHOLDER, Severity.WARNING, ROAD, 1, "=HYPERLINK(\"http://x\")"))
    review.document.projects[0].indicators[0].value = "=1+1"
    sheet = _load(review)["指标修改清单"]
    cell = next(row[7] for row in sheet.iter_rows(min_row=2) if row[1].value == ROAD and row[2].value == 1)
    assert cell.value == "=1+1" and cell.data_type == "s"
