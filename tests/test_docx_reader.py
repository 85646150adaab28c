"""read_docx on small hand-built documents: one test per merge case, text case and error case."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from writers import write_ole

from reviewer.errors import InputError
from reviewer.readers.docx import read_docx
from reviewer.readers.grid import Grid, Paragraph


def _docx_with_body(path: Path, body_xml: str) -> Path:
    """A real .docx (python-docx's default package) whose body holds exactly `body_xml`."""
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != body.sectPr.tag:
            body.remove(child)
    fragment = parse_xml(f"<w:body {nsdecls('w')}>{body_xml}</w:body>")
    for element in list(fragment):
        body.sectPr.addprevious(element)
    document.save(str(path))
    return path


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def _tc(content: str, *, span: int = 1, vmerge: str | None = None, hmerge: str | None = None) -> str:
    props = ""
    if span > 1:
        props += f"<w:gridSpan w:val='{span}'/>"
    if hmerge is not None:
        props += f"<w:hMerge w:val='{hmerge}'/>" if hmerge else "<w:hMerge/>"
    if vmerge is not None:
        props += f"<w:vMerge w:val='{vmerge}'/>" if vmerge else "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def _tbl(*rows: str, columns: int = 4) -> str:
    grid = "".join("<w:gridCol w:w='1000'/>" for _ in range(columns))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _tr(*cells: str, grid_before: int = 0) -> str:
    props = f"<w:trPr><w:gridBefore w:val='{grid_before}'/></w:trPr>" if grid_before else ""
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def _texts(grid: Grid) -> list[list[tuple[int, str]]]:
    return [[(cell.column, cell.text) for cell in row] for row in grid.rows]


def _only_grid(path: Path) -> Grid:
    grids = [block for block in read_docx(path).blocks if isinstance(block, Grid)]
    assert len(grids) == 1
    return grids[0]


def test_paragraphs_and_tables_keep_document_order(tmp_path: Path) -> None:
    path = _docx_with_body(
        tmp_path / "order.docx",
        _p("第一部分")
        + "<w:p/>"
        + _tbl(_tr(_tc(_p("项目名称")), _tc(_p("甲"))))
        + _p("  第二部分  ")
        + _tbl(_tr(_tc(_p("项目名称")), _tc(_p("乙")))),
    )
    blocks = read_docx(path).blocks
    assert [type(block).__name__ for block in blocks] == ["Paragraph", "Grid", "Paragraph", "Grid"]
    first, table1, second, table2 = blocks
    assert isinstance(first, Paragraph) and first.text == "第一部分" and first.line == 1
    # The empty paragraph is skipped but still counted, so indices match Word's paragraph order.
    assert isinstance(second, Paragraph) and second.text == "第二部分" and second.line == 3
    assert isinstance(table1, Grid) and isinstance(table2, Grid)
    assert (table1.table, table2.table) == (1, 2)
    assert _texts(table2) == [[(1, "项目名称"), (2, "乙")]]


def test_horizontal_merge_appears_once_at_its_first_column(tmp_path: Path) -> None:
    path = _docx_with_body(
        tmp_path / "span.docx",
        _tbl(
            _tr(_tc(_p("项目编码")), _tc(_p("P001"), span=2), _tc(_p("项目名称"))),
            _tr(_tc(_p("绩效目标")), _tc(_p("目标"), span=3)),
        ),
    )
    assert _texts(_only_grid(path)) == [
        [(1, "项目编码"), (2, "P001"), (4, "项目名称")],
        [(1, "绩效目标"), (2, "目标")],
    ]


def test_vertical_merge_keeps_text_in_top_row_and_empty_below(tmp_path: Path) -> None:
    path = _docx_with_body(
        tmp_path / "vmerge.docx",
        _tbl(
            _tr(_tc(_p("产出指标"), vmerge="restart"), _tc(_p("数量指标"))),
            _tr(_tc(_p("残留文字"), vmerge=""), _tc(_p("质量指标"))),  # bare vMerge means continue
            _tr(_tc("", vmerge="continue"), _tc(_p("时效指标"))),
            _tr(_tc(_p("效益指标")), _tc(_p("社会效益指标"))),
        ),
    )
    assert _texts(_only_grid(path)) == [
        [(1, "产出指标"), (2, "数量指标")],
        [(1, ""), (2, "质量指标")],
        [(1, ""), (2, "时效指标")],
        [(1, "效益指标"), (2, "社会效益指标")],
    ]


def test_merges_made_by_python_docx_api_follow_the_grid_convention(tmp_path: Path) -> None:
    # python-docx's row.cells repeats the merged cell; the reader must not.
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(2, 0)).text = "一级"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "跨两列"
    for row, text in ((1, "b"), (2, "c")):
        table.cell(row, 1).text = text
        table.cell(row, 2).text = text.upper()
    path = tmp_path / "api.docx"
    document.save(str(path))
    assert _texts(_only_grid(path)) == [
        [(1, "一级"), (2, "跨两列")],
        [(1, ""), (2, "b"), (3, "B")],
        [(1, ""), (2, "c"), (3, "C")],
    ]


def test_vertical_merge_over_a_spanned_cell(tmp_path: Path) -> None:
    path = _docx_with_body(
        tmp_path / "block.docx",
        _tbl(
            _tr(_tc(_p("资金支出计划"), span=2, vmerge="restart"), _tc(_p("3月底")), _tc(_p("6月底"))),
            _tr(_tc("", span=2, vmerge="continue"), _tc(_p("25%")), _tc(_p("50%"))),
        ),
    )
    assert _texts(_only_grid(path)) == [
        [(1, "资金支出计划"), (3, "3月底"), (4, "6月底")],
        [(1, ""), (3, "25%"), (4, "50%")],
    ]


def test_grid_before_and_legacy_hmerge(tmp_path: Path) -> None:
    path = _docx_with_body(
        tmp_path / "legacy.docx",
        _tbl(
            _tr(_tc(_p("b")), _tc(_p("c")), grid_before=1),
            _tr(_tc(_p("合并"), hmerge="restart"), _tc(_p("旧"), hmerge="continue"), _tc(_p("x")), _tc(_p("y"))),
        ),
    )
    assert _texts(_only_grid(path)) == [[(2, "b"), (3, "c")], [(1, "合并"), (3, "x"), (4, "y")]]


def test_multi_paragraph_cell_joins_lines_and_drops_empty_paragraphs(tmp_path: Path) -> None:
    content = _p("1.目标一") + "<w:p/>" + _p("2.目标二") + "<w:p><w:r><w:t>3.甲</w:t><w:br/><w:t>乙</w:t></w:r></w:p>"
    path = _docx_with_body(tmp_path / "lines.docx", _tbl(_tr(_tc(_p("绩效目标")), _tc(content))))
    assert _only_grid(path).rows[0][1].text == "1.目标一\n2.目标二\n3.甲\n乙"


def test_nested_table_text_is_flattened_into_its_cell(tmp_path: Path) -> None:
    nested = _tbl(_tr(_tc(_p("3月底")), _tc(_p("6月底"))), _tr(_tc(_p("25%")), _tc("")), columns=2)
    path = _docx_with_body(tmp_path / "nested.docx", _tbl(_tr(_tc(_p("计划")), _tc(_p("如下：") + nested))))
    grid = _only_grid(path)
    assert _texts(grid) == [[(1, "计划"), (2, "如下：\n3月底 6月底\n25%")]]


def test_field_codes_and_tracked_deletions_leave_no_residue(tmp_path: Path) -> None:
    paragraph = (
        "<w:p>"
        "<w:r><w:t xml:space='preserve'>（二）分项绩效目标</w:t></w:r>"
        # A TC field has an instruction and no result.
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText xml:space='preserve'> TC 分项绩效目标 \\f A \\l 1 </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
        # A PAGE field: only its result is visible.
        "<w:r><w:t xml:space='preserve'> 第</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r>"
        "<w:r><w:t>3</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
        "<w:r><w:t>页</w:t></w:r>"
        "<w:del w:id='1' w:author='x'><w:r><w:delText>删掉的</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='x'><w:r><w:t>，新增</w:t></w:r></w:ins>"
        "<w:bookmarkStart w:id='0' w:name='_GoBack'/><w:bookmarkEnd w:id='0'/>"
        "<w:hyperlink r:id='rId99'><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
        "<w:fldSimple w:instr=' DATE '><w:r><w:t>，2024</w:t></w:r></w:fldSimple>"
        "</w:p>"
    )
    body = paragraph.replace("<w:hyperlink r:id", f"<w:hyperlink {nsdecls('r')} r:id")
    path = _docx_with_body(tmp_path / "fields.docx", body)
    [block] = read_docx(path).blocks
    assert isinstance(block, Paragraph)
    assert block.text == "（二）分项绩效目标 第3页，新增链接，2024"


def test_content_controls_are_read_through(tmp_path: Path) -> None:
    body = (
        "<w:sdt><w:sdtPr/><w:sdtContent>"
        + _p("控件里的段落")
        + _tbl(_tr(_tc(_p("a")), _tc("<w:sdt><w:sdtContent>" + _p("控件单元格") + "</w:sdtContent></w:sdt>")))
        + "</w:sdtContent></w:sdt>"
    )
    path = _docx_with_body(tmp_path / "sdt.docx", body)
    blocks = read_docx(path).blocks
    assert isinstance(blocks[0], Paragraph) and blocks[0].text == "控件里的段落"
    assert isinstance(blocks[1], Grid) and _texts(blocks[1]) == [[(1, "a"), (2, "控件单元格")]]


# --- errors ------------------------------------------------------------------------------------------


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_docx(path)
    error = caught.value
    assert error.file == str(path)
    assert "\n" not in str(error)
    return error


def test_random_bytes_are_a_corrupt_document(tmp_path: Path) -> None:
    path = tmp_path / "junk.docx"
    path.write_bytes(b"this is not a word document at all" * 10)
    assert _error(path).reason == "文件已损坏或不是有效的Word文档"


def test_truncated_docx_is_corrupt(tmp_path: Path) -> None:
    whole = _docx_with_body(tmp_path / "whole.docx", _p("正文")).read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(whole[: len(whole) // 2])
    assert _error(path).reason == "文件已损坏或不是有效的Word文档"


def test_zip_without_word_parts_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert _error(path).reason == "文件已损坏或不是有效的Word文档"


def test_broken_document_xml_is_corrupt(tmp_path: Path) -> None:
    source = _docx_with_body(tmp_path / "source.docx", _p("正文"))
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as archive:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]  # cut the XML in the middle of an element
            archive.writestr(item, data)
    assert _error(path).reason == "文件已损坏或不是有效的Word文档"


def test_encrypted_document_asks_to_remove_the_password(tmp_path: Path) -> None:
    path = write_ole(tmp_path / "secret.docx", ["EncryptionInfo", "EncryptedPackage"])
    assert _error(path).reason == "文件已加密，请先取消密码保护"


def test_legacy_doc_renamed_is_unsupported(tmp_path: Path) -> None:
    path = write_ole(tmp_path / "old.docx", ["WordDocument", "1Table"])
    assert _error(path).reason == ".doc 格式不受支持，请另存为 .docx"


def test_workbook_renamed_to_docx_says_what_it_is(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "book.docx"
    openpyxl.Workbook().save(path)
    assert "Excel" in _error(path).reason
