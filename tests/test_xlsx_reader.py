"""read_xlsx on small hand-built workbooks: merged ranges, cell formatting, sheets, and error cases."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from writers import write_ole

from reviewer.errors import InputError
from reviewer.readers.grid import Grid
from reviewer.readers.xlsx import cell_text, format_number, read_xlsx


def _grids(path: Path) -> list[Grid]:
    blocks = read_xlsx(path).blocks
    assert all(isinstance(block, Grid) for block in blocks)
    return [block for block in blocks if isinstance(block, Grid)]


def _texts(grid: Grid) -> list[list[tuple[int, int, str]]]:
    return [[(cell.row, cell.column, cell.text) for cell in row] for row in grid.rows]


def test_merged_ranges_follow_the_grid_convention(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"], sheet["D1"] = "项目编码", "P001", "项目名称"
    sheet.merge_cells("B1:C1")
    sheet["A2"], sheet["B2"], sheet["C2"], sheet["D2"] = "产出指标", "数量指标", "人数", "≥10人"
    sheet.merge_cells("A2:A4")  # 一级 merged down
    sheet["B3"], sheet["C3"], sheet["D3"] = "质量指标", "合格率", "≥95%"
    sheet["B4"] = "时效指标"
    sheet["C4"] = "跨两行两列"
    sheet.merge_cells("C4:D5")  # a block merge
    sheet["A5"], sheet["B5"] = "效益指标", "社会效益指标"
    path = tmp_path / "merged.xlsx"
    book.save(path)
    [grid] = _grids(path)
    assert _texts(grid) == [
        [(1, 1, "项目编码"), (1, 2, "P001"), (1, 4, "项目名称")],
        [(2, 1, "产出指标"), (2, 2, "数量指标"), (2, 3, "人数"), (2, 4, "≥10人")],
        [(3, 1, ""), (3, 2, "质量指标"), (3, 3, "合格率"), (3, 4, "≥95%")],
        [(4, 1, ""), (4, 2, "时效指标"), (4, 3, "跨两行两列")],
        [(5, 1, "效益指标"), (5, 2, "社会效益指标"), (5, 3, "")],
    ]


def test_empty_rows_are_dropped_but_rows_keep_their_sheet_numbers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B2"] = "标题"
    sheet["A5"], sheet["C5"] = "a", "c"
    sheet["C9"].number_format = "0.00"  # formatted but empty: not data
    path = tmp_path / "sparse.xlsx"
    book.save(path)
    [grid] = _grids(path)
    assert _texts(grid) == [
        [(2, 1, ""), (2, 2, "标题"), (2, 3, "")],
        [(5, 1, "a"), (5, 2, ""), (5, 3, "c")],
    ]


def test_cell_values_read_as_shown_in_excel(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    values: list[tuple[object, str | None, str]] = [
        (30.0, None, "30"),
        (8.12, None, "8.12"),
        (0.1 + 0.2, None, "0.3"),
        (1090, None, "1090"),
        (0.95, "0%", "95%"),
        (0.955, "0.0%", "95.5%"),
        (1, "0.00%", "100%"),
        (95, '0"%"', "95"),  # a quoted "%" is a literal: the value is not scaled
        (dt.datetime(2024, 3, 31), "yyyy-mm-dd", "2024-03-31"),
        (dt.datetime(2024, 3, 31, 8, 30), "yyyy-mm-dd hh:mm", "2024-03-31 08:30:00"),
        (True, None, "是"),
        ("  ≥95%\u3000", None, "≥95%"),
        ("其中：财政\u3000资金", None, "其中：财政 资金"),
    ]
    for row, (value, number_format, _) in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=1, value=value)
        if number_format:
            cell.number_format = number_format
    path = tmp_path / "values.xlsx"
    book.save(path)
    [grid] = _grids(path)
    assert [row[0].text for row in grid.rows] == [expected for _, _, expected in values]


def test_formula_without_cached_value_reads_empty_not_as_formula(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"], sheet["C1"], sheet["D1"] = 1, 2, "=A1+B1", "合计"
    path = tmp_path / "formula.xlsx"
    book.save(path)
    [grid] = _grids(path)
    assert [cell.text for cell in grid.rows[0]] == ["1", "2", "", "合计"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.0, "0"), (-2.5, "-2.5"), (1e-05, "0.00001"), (123456789012.0, "123456789012"), (2.675, "2.675")],
)
def test_format_number(value: float, expected: str) -> None:
    assert format_number(value) == expected


def test_cell_text_of_empty_cell() -> None:
    assert cell_text(None, "General") == ""


def test_every_visible_sheet_is_one_grid(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "封面"
    book.active["A1"] = "2024年项目支出绩效目标"
    hidden = book.create_sheet("隐藏")
    hidden["A1"] = "不应读出"
    hidden.sheet_state = "hidden"
    very_hidden = book.create_sheet("深度隐藏")
    very_hidden["A1"] = "不应读出"
    very_hidden.sheet_state = "veryHidden"
    book.create_sheet("空表")
    book.create_sheet("项目")["B3"] = "项目名称"
    path = tmp_path / "sheets.xlsx"
    book.save(path)
    grids = _grids(path)
    assert [(grid.table, grid.sheet) for grid in grids] == [(1, "封面"), (2, "空表"), (3, "项目")]
    assert grids[1].rows == []
    assert _texts(grids[2]) == [[(3, 1, ""), (3, 2, "项目名称")]]


# --- errors ------------------------------------------------------------------------------------------


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_xlsx(path)
    error = caught.value
    assert error.file == str(path)
    assert "\n" not in str(error)
    return error


def test_random_bytes_are_a_corrupt_workbook(tmp_path: Path) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    assert _error(path).reason == "文件已损坏或不是有效的Excel工作簿"


def test_broken_sheet_xml_is_corrupt(tmp_path: Path) -> None:
    source = tmp_path / "source.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "项目名称"
    book.save(source)
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as archive:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data[: len(data) // 2]
            archive.writestr(item, data)
    assert _error(path).reason == "文件已损坏或不是有效的Excel工作簿"


def test_zip_without_workbook_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert _error(path).reason == "文件已损坏或不是有效的Excel工作簿"


def test_encrypted_workbook_asks_to_remove_the_password(tmp_path: Path) -> None:
    path = write_ole(tmp_path / "secret.xlsx", ["EncryptionInfo", "EncryptedPackage"])
    assert _error(path).reason == "文件已加密，请先取消密码保护"


def test_legacy_xls_renamed_is_unsupported(tmp_path: Path) -> None:
    path = write_ole(tmp_path / "old.xlsx", ["Workbook", "SummaryInformation"])
    assert _error(path).reason == ".xls 格式不受支持，请另存为 .xlsx"


def test_word_document_renamed_to_xlsx_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "doc.xlsx"
    docx.Document().save(str(path))
    assert "Word" in _error(path).reason
