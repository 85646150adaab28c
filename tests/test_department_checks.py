"""DEP rules: the department part's 分项 items."""

from __future__ import annotations

from reviewer.rules import RuleSettings, check_document, make_context
from reviewer.rules.cases import Case, CaseDepartment, CaseItem

CTX = make_context()


def _findings(items: list[CaseItem], code: str):
    case = Case(department=CaseDepartment(items=items))
    return check_document(case.build_document(), RuleSettings(select=[code]), CTX)


def test_department_findings_have_no_project_or_row() -> None:
    findings = _findings([CaseItem(number="（一）", title="信访", indicators="确保工作开展顺畅")], "DEP001")
    assert len(findings) == 1
    assert findings[0].project is None and findings[0].row is None and findings[0].kind == "not_quantified"


def test_chinese_numerals_count_as_figures() -> None:
    items = [CaseItem(number="（一）", title="培训", indicators="全年举办培训班三期，参训人员达到百分之九十五")]
    assert _findings(items, "DEP001") == []


def test_numbering_gap_is_reported_once_at_the_item_after_it() -> None:
    numbers = ["（九）", "（十）", "（十一）", "（十三）", "（十四）"]
    items = [CaseItem(number=n, title=f"事项{i}", indicators="完成3次") for i, n in enumerate(numbers)]
    findings = _findings(items, "DEP002")
    assert len(findings) == 1 and "（十三）" in findings[0].message and "11" in findings[0].message


def test_arabic_numbering_in_order_passes() -> None:
    items = [CaseItem(number=f"{n}、", title=f"事项{n}") for n in range(1, 13)]
    assert _findings(items, "DEP002") == []
