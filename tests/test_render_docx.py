"""DOCX: the 审核意见书 opens and follows the five-part layout; the annotated copy of a seed-derived .docx
has one comment per offending cell and is otherwise identical to the input, which is never modified."""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from render_fixtures import sample_review
from writers import write_form_docx

from reviewer.config import Config
from reviewer.errors import InputError
from reviewer.findings import Kind
from reviewer.grading import grade_review
from reviewer.model import Location
from reviewer.readers import read_document
from reviewer.readers.docx import cell_text, read_docx
from reviewer.readers.grid import Grid
from reviewer.renderers.docx import _VALUE_KINDS, _Body, annotate_docx, build_opinion, write_opinion
from reviewer.review import review_rules


def test_opinion_opens_and_has_the_five_parts(tmp_path: Path) -> None:
    review = sample_review()
    grade_review(review)
    path = tmp_path / "意见书.docx"
    write_opinion(review, path)
    opened = docx.Document(str(path))
    texts = [p.text for p in opened.paragraphs]
    assert texts[0] == "绩效目标审核意见书"
    assert any("审核等级为“中”" in t for t in texts)
    for project in ("乡村道路养护经费", "业务培训经费", "档案数字化经费"):
        start = next(i for i, t in enumerate(texts) if project in t and "审核等级" in t)
        parts = [next(i for i in range(start, len(texts)) if texts[i] == f"{n}. {title}") for n, title in
                 enumerate(["总体目标", "产出指标", "效益指标", "满意度指标", "需补充完善事项"], start=1)]
        assert parts == sorted(parts)
    assert any("审核人（签字）" in t for t in texts)
    assert any("【大模型改写建议】" in t for t in texts)
    [table] = opened.tables
    assert len(table.rows) == 1 + 3
    section = opened.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_opinion_lists_department_findings() -> None:
    review = sample_review()
    grade_review(review)
    texts = [p.text for p in build_opinion(review).paragraphs]
    department = texts.index("二、部门整体绩效目标")
    assert "没有数字" in texts[department + 1]
    projects = texts.index("三、项目绩效目标审核意见")
    assert any(t.startswith("【大模型改写的总体绩效目标】2025年") for t in texts[department:projects])
    assert any("大模型审核说明：第9行不存在" in t for t in texts[projects:])


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path):
    """Seed 002 written out as a Word form, read back, reviewed by the rules."""
    folder = tmp_path_factory.mktemp("docx")
    source = write_form_docx(read_document(seeds_dir / "002_dfc48b6464bdf355.txt"), folder / "002.docx")
    review = review_rules(read_document(source), Config())
    grade_review(review)
    return source, review


def _anchors(path: Path) -> dict[str, str]:
    """comment id -> text of the cell (or paragraph) the comment is anchored on."""
    body = docx.Document(str(path)).element.body
    anchored = {}
    for start in body.iter(qn("w:commentRangeStart")):
        holder = start
        while holder.tag not in (qn("w:tc"), qn("w:body")):
            holder = holder.getparent()
        text = cell_text(holder) if holder.tag == qn("w:tc") else "".join(t.text or "" for t in start.getparent().iter(qn("w:t")))
        anchored[start.get(qn("w:id"))] = text
    return anchored


def test_annotated_copy_has_one_comment_per_problem_cell(seed_docx, tmp_path: Path) -> None:
    source, review = seed_docx
    assert review.findings
    before = hashlib.sha256(source.read_bytes()).digest()
    target = tmp_path / "002.批注.docx"
    result = annotate_docx(review, source, target)
    assert hashlib.sha256(source.read_bytes()).digest() == before, "the original is never modified"
    assert result.unplaced == [] and result.findings == len(review.findings)

    comments = list(docx.Document(str(target)).comments)
    anchors = _anchors(target)
    assert len(comments) == result.comments == len(anchors)
    assert len(set(anchors)) == len(anchors)
    # Every finding's message and suggestion reach the department in a comment.
    for finding in review.findings:
        holders = [c for c in comments if finding.message in c.text]
        assert holders, finding.message
        if finding.suggestion:
            assert any(finding.suggestion in c.text for c in holders)
    # No two comments sit on the same cell: the number of comments equals the number of distinct cells.
    holders = list(_holders(target))  # kept alive so that lxml keeps one proxy (one id) per element
    assert len({id(holder) for holder in holders}) == len(comments)


def _holders(path: Path):
    body = docx.Document(str(path)).element.body
    for start in body.iter(qn("w:commentRangeStart")):
        holder = start
        while holder.tag not in (qn("w:tc"), qn("w:body")):
            holder = holder.getparent()
        yield holder if holder.tag == qn("w:tc") else start.getparent()


def test_value_problems_sit_on_the_value_cell(seed_docx, tmp_path: Path) -> None:
    source, review = seed_docx
    target = tmp_path / "copy.docx"
    annotate_docx(review, source, target)
    comments = {c.comment_id: c.text for c in docx.Document(str(target)).comments}
    anchors = _anchors(target)
    indicators = {(p.name, i.row): i for p in review.document.projects for i in p.indicators}
    messages = [f.message for f in review.findings]
    checked = 0
    for finding in review.findings:
        if finding.kind not in _VALUE_KINDS or finding.row is None or messages.count(finding.message) > 1:
            continue
        indicator = indicators[(finding.project, finding.row)]
        if not indicator.value or indicator.value in (indicator.name, indicator.description, indicator.basis):
            continue
        [comment_id] = [cid for cid, text in comments.items() if finding.message in text]
        assert "".join(anchors[str(comment_id)].split()) == "".join(indicator.value.split())
        checked += 1
    assert checked, "seed 002 has value problems"


def test_annotated_copy_is_otherwise_identical(seed_docx, tmp_path: Path) -> None:
    source, review = seed_docx
    target = tmp_path / "copy.docx"
    annotate_docx(review, source, target)
    original, annotated = read_docx(source), read_docx(target)
    assert [b.model_dump(exclude={"source"}) for b in annotated.blocks] == [b.model_dump(exclude={"source"}) for b in original.blocks]


def test_cell_addressing_matches_the_reader(seed_docx) -> None:
    source, _ = seed_docx
    body = _Body.of(docx.Document(str(source)).element.body)
    checked = 0
    for block in read_docx(source).blocks:
        if not isinstance(block, Grid):
            continue
        for row in block.rows:
            for cell in row:
                if not cell.text:
                    continue
                tc = body.cell(Location(file="x", table=block.table, row=cell.row, column=cell.column), None)
                assert tc is not None and cell_text(tc) == cell.text
                checked += 1
    assert checked > 100


def test_annotation_never_overwrites_the_original(seed_docx) -> None:
    source, review = seed_docx
    with pytest.raises(InputError):
        annotate_docx(review, source, source)


def test_kinds_point_at_their_cells() -> None:
    assert Kind.WRONG_DIRECTION in _VALUE_KINDS and Kind.GENERIC_NAME not in _VALUE_KINDS
