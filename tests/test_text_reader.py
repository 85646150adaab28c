""".txt reader: cells, rows, multi-line cells, Word residue, encodings; and a fuzz test of the whole
read_document path (mutated seeds and random bytes raise nothing but ReviewerError)."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.errors import InputError, ReviewerError
from reviewer.readers import read_document, read_raw
from reviewer.readers.encoding import UNREADABLE, decode_text
from reviewer.readers.grid import Grid, Paragraph, RawDocument
from reviewer.readers.text import clean_residue, parse_text, read_text

HEADER = "\t一级指标\n\t二级指标\n\t三级指标\n\t绩效指标描述\n\t指标值\n\t指标值确定依据\n"


def grids(raw: RawDocument) -> list[Grid]:
    return [block for block in raw.blocks if isinstance(block, Grid)]


def paragraphs(raw: RawDocument) -> list[Paragraph]:
    return [block for block in raw.blocks if isinstance(block, Paragraph)]


def texts(grid: Grid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


def test_cells_rows_and_paragraphs() -> None:
    raw = parse_text("标题\n\n\t项目名称\n\t甲项目\n\n\t绩效目标\n\t做好工作\n\n结尾段落\n", source="x.txt")
    assert [p.text for p in paragraphs(raw)] == ["标题", "结尾段落"]
    [grid] = grids(raw)
    assert texts(grid) == [["项目名称", "甲项目"], ["绩效目标", "做好工作"]]
    assert grid.line == 3 and grid.table == 1
    assert [(c.row, c.column, c.line) for c in grid.rows[1]] == [(2, 1, 6), (2, 2, 7)]


def test_continuation_lines_join_the_cell_above() -> None:
    raw = parse_text("\t绩效目标\n\t1.第一项\n2.第二项\n3.第三项\n\n", source="x.txt")
    assert texts(grids(raw)[0]) == [["绩效目标", "1.第一项\n2.第二项\n3.第三项"]]


def test_trailing_tabs_are_merged_columns_and_inner_tabs_split_cells() -> None:
    raw = parse_text("\t绩效目标\n\t1.做好宣传工作\t\t\t\t\t\t\n\n\t甲\t乙\t\n\n", source="x.txt")
    assert texts(grids(raw)[0]) == [["绩效目标", "1.做好宣传工作"], ["甲", "乙"]]


def test_cell_starting_with_a_tab_and_an_empty_paragraph() -> None:
    # "\t\t" then text: a description cell whose content begins with a TAB (Word export of an indent).
    text = HEADER + "\n\t产出指标\n\t数量指标\n\t维护次数\n\t\t\n保障正常运转\n\n\t≥5次\n\t工作计划\n\n"
    [grid] = grids(parse_text(text, source="x.txt"))
    assert texts(grid)[1] == ["产出指标", "数量指标", "维护次数", "保障正常运转", "≥5次", "工作计划"]


def test_blank_line_inside_a_cell_of_an_indicator_row() -> None:
    # The header has 6 columns: a row with 3 cells so far cannot end at a blank line.
    text = HEADER + "\n\t满意度指标\n\t服务对象满意度指标\n\t增强学法\n\n守法意识\n\t法律意识\n\t提高\n\t学法\n\n守法意识提高\n\n\n2、下一项目绩效目标表\n"
    raw = parse_text(text, source="x.txt")
    [grid] = grids(raw)
    assert texts(grid)[1] == ["满意度指标", "服务对象满意度指标", "增强学法\n\n守法意识", "法律意识", "提高", "学法\n\n守法意识提高"]
    assert [p.text for p in paragraphs(raw)] == ["2、下一项目绩效目标表"]


def test_blank_line_ends_a_short_row_when_the_next_chunk_does_not_complete_it() -> None:
    text = HEADER + "\n\t产出指标\n\t数量指标\n\n\t\n\t质量指标\n\t合格率\n\t合格率\n\t≥90%\n\t标准\n\n"
    [grid] = grids(parse_text(text, source="x.txt"))
    assert texts(grid)[1:] == [["产出指标", "数量指标"], ["", "质量指标", "合格率", "合格率", "≥90%", "标准"]]


def test_form_rows_are_never_merged_into_an_indicator_row() -> None:
    text = HEADER + "\n\t满意度指标\n\t满意度\n\n\t项目编码\n\tX1\n\t项目名称\n\t乙\n\n"
    [grid] = grids(parse_text(text, source="x.txt"))
    assert texts(grid)[1:] == [["满意度指标", "满意度"], ["项目编码", "X1", "项目名称", "乙"]]


def test_heading_after_a_complete_row_is_a_paragraph() -> None:
    text = HEADER + "\n\t产出指标\n\t数量指标\n\t甲\n\t甲\n\t1个\n\t计划\n\n3.乙项目绩效目标表\n\t绩效目标\n\t乙\n\n"
    raw = parse_text(text, source="x.txt")
    assert [p.text for p in paragraphs(raw)] == ["3.乙项目绩效目标表"]
    assert [g.table for g in grids(raw)] == [1, 2]


@pytest.mark.parametrize(
    ("line", "cleaned"),
    [
        ("[bookmark: _Toc_4_4_0000000004]1.法制工作专项绩效目标表", "1.法制工作专项绩效目标表"),
        ("11、高校毕业生补贴绩效目标表 TC 11、高校毕业生补贴绩效目标表 \\f B \\l 1 ", "11、高校毕业生补贴绩效目标表"),
        (" TC 1、别的项目绩效目标表 \\f C \\l 1 ", ""),
        ("（二）分项绩效目标 TC 分项绩效目标 \\f A \\l 1 ", "（二）分项绩效目标"),
        ("2.]网格员手机APP终端费用绩效目标表", "2.网格员手机APP终端费用绩效目标表"),
        ("保留[方括号]内容", "保留[方括号]内容"),
        ("TCP协议", "TCP协议"),
    ],
)
def test_word_residue_is_removed(line: str, cleaned: str) -> None:
    assert clean_residue(line).strip() == cleaned


def test_residue_only_and_page_number_lines_do_not_end_a_row() -> None:
    text = "\t绩效目标\n\t做好\npage number\n[bookmark: _GoBack]\n工作\n\n"
    assert texts(grids(parse_text(text, source="x.txt"))[0]) == [["绩效目标", "做好\n工作"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes("标题\r\n\r\n\t项目名称\r\n\t社区矫正专项\r\n".encode(encoding))
    raw = read_text(path)
    assert [p.text for p in paragraphs(raw)] == ["标题"]
    assert texts(grids(raw)[0]) == [["项目名称", "社区矫正专项"]]


def test_wide_and_non_breaking_spaces_become_plain_spaces() -> None:
    assert decode_text("其中：财政\u3000\u00a0资金\r".encode(), source="x") == "其中：财政  资金\n"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,  # decodes as neither
        b"\x00\x01\x02\x03abc\x00" * 50,  # valid UTF-8, but control characters
        b"\x89PNG\r\n\x1a\n" + bytes([0] * 64),
    ],
)
def test_binary_input_is_an_input_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert caught.value.reason == UNREADABLE
    assert caught.value.file == str(path)


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing.txt", "文件不存在"), ("draft.pdf", "不支持的文件类型")],
)
def test_read_raw_rejects_missing_and_unsupported_files(tmp_path: Path, name: str, reason: str) -> None:
    path = tmp_path / name
    if name.endswith(".pdf"):
        path.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=reason):
        read_raw(path)
    with pytest.raises(InputError, match="目录"):
        read_raw(tmp_path)


def test_seed_cell_with_blank_lines_is_one_cell(seeds_dir: Path) -> None:
    raw = read_text(next(seeds_dir.glob("004_*.txt")))
    cells = [cell.text for grid in grids(raw) for row in grid.rows for cell in row]
    assert "增强青少年学法、尊法\n\n守法、用法意识" in cells
    assert not any("[bookmark" in text or "TC " in text or "\\f" in text for text in cells)
    assert not any("[bookmark" in p.text or " TC " in p.text for p in paragraphs(raw))


# --- fuzz: whatever the input, read_document raises ReviewerError or nothing ---------------------------
def _mutate(lines: list[str], ops: list[tuple[str, int, str]]) -> list[str]:
    lines = list(lines)
    for op, position, noise in ops:
        if not lines:
            break
        index = position % len(lines)
        if op == "delete":
            del lines[index]
        elif op == "duplicate":
            lines.insert(index, lines[index])
        elif op == "shuffle":
            window = lines[index: index + 12]
            random.Random(position).shuffle(window)
            lines[index: index + 12] = window
        elif op == "insert":
            lines.insert(index, noise)
        elif op == "splice":
            cut = position % (len(lines[index]) + 1)
            lines[index] = lines[index][:cut] + noise + lines[index][cut:]
        elif op == "truncate":
            lines = lines[:index]
    return lines


def _read_bytes(data: bytes, suffix: str = ".txt") -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"draft{suffix}"
        path.write_bytes(data)
        try:
            read_document(path)
        except ReviewerError:
            pass


_SEED_LINES: dict[str, list[str]] = {}


def _seed_lines(path: Path) -> list[str]:
    if path.name not in _SEED_LINES:
        _SEED_LINES[path.name] = path.read_text(encoding="utf-8-sig").split("\n")
    return _SEED_LINES[path.name]


_OPS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "shuffle", "insert", "splice", "truncate"]),
        st.integers(min_value=0, max_value=10_000),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
        | st.sampled_from(["\t", "\t\t\t", "", "\t一级指标", "\t项目名称", "（四）（四）", "1.甲绩效目标表", "\t3月底"]),
    ),
    max_size=8,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=4), ops=_OPS, encoding=st.sampled_from(["utf-8", "gb18030"]))
def test_mutated_seeds_raise_only_reviewer_errors(seed_paths: list[Path], seed: int, ops: list[tuple[str, int, str]],
                                                  encoding: str) -> None:
    text = "\n".join(_mutate(_seed_lines(seed_paths[seed]), ops))
    _read_bytes(text.encode(encoding, errors="replace"))


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=2000))
def test_random_bytes_raise_only_reviewer_errors(data: bytes) -> None:
    _read_bytes(data)
