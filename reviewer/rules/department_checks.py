"""DEP: the department-level part (总体/分项绩效目标)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewer.findings import Kind, Severity
from reviewer.model import DepartmentItem, Document
from reviewer.numbering import strip_numbering, token_at
from reviewer.rules.base import Context, Hit, Rule, Scope

# Department-level indicators are sentences; any figure in them ("参险人数1500人", "达到90%",
# "百分之九十五") makes them checkable, while "确保敏感时期安全无事" is not.
_FIGURE = re.compile(r"\d|百分之|[零一二两三四五六七八九十百千万]+(?:个|人|次|件|户|家|项|所|场|名|篇|份|期|批|类|轮|种)")


def _label(item: DepartmentItem) -> str:
    return f"{item.number}{item.title}".strip() or "分项绩效目标"


def _item_not_quantified(document: Document, ctx: Context) -> Iterator[Hit]:
    if document.department is None:
        return
    for item in document.department.items:
        if item.indicators is None:
            continue  # this form has no 绩效指标 line for its items
        text = item.indicators.strip()
        if not text:
            problem, shown = "未填写绩效指标", ""
        elif _FIGURE.search(text):
            continue
        else:
            problem, shown = "没有任何数量、比率或时限", f"“{text}”"
        yield Hit(
            message=f"分项绩效目标“{_label(item)}”的绩效指标{shown}{problem}，无法据以考核。",
            suggestion=f"为“{item.title.strip() or _label(item)}”写出可考核的指标和目标值，如“完成…X次(人/件)”“…率达到95%”。",
            location=item.location,
        )


ITEM_NOT_QUANTIFIED = Rule(
    code="DEP001",
    name="department_item_not_quantified",
    kind=Kind.NOT_QUANTIFIED,
    severity=Severity.WARNING,
    scope=Scope.DOCUMENT,
    title="分项绩效指标未量化",
    rationale="部门分项绩效目标的绩效指标应细化量化；只写“确保工作开展顺畅”“网络通畅数据共享”等表述，年终无法评价部门履职效果。",
    basis="财预〔2015〕88号 完整性、可行性(绩效目标应细化、量化)",
    suggestion="每个分项至少写一个带数值的绩效指标。",
    check=_item_not_quantified,
)


def _number_of(item: DepartmentItem) -> int | None:
    token = token_at(item.number.strip(), 0) if item.number.strip() else None
    return token.value if token is not None else None


def _leading_number(title: str) -> str:
    rest = strip_numbering(title)
    return title[: len(title) - len(rest)].strip() if rest != title and title.endswith(rest) else ""


def _numbering_problems(document: Document, ctx: Context) -> Iterator[Hit]:
    if document.department is None:
        return
    previous: int | None = None
    for item in document.department.items:
        value = _number_of(item)
        title = item.title.strip()
        # "（四）（四）法律顾问进社区": the number typed twice, one of them left in the title.
        doubled = _leading_number(title)
        if doubled:
            yield Hit(
                message=f"分项绩效目标“{_label(item)}”的序号重复书写(标题中又出现“{doubled}”)。",
                suggestion=f"删去标题中多余的“{doubled}”。",
                location=item.location,
            )
        if value is None:
            continue
        if previous is not None and value == previous:
            yield Hit(
                message=f"分项绩效目标序号“{item.number.strip()}”与上一项重复。",
                suggestion="按顺序重新编号，并核对是否把同一分项写了两遍。",
                location=item.location,
            )
        elif previous is not None and value > previous + 1:
            yield Hit(
                message=f"分项绩效目标序号从第{previous}项跳到“{item.number.strip()}”，中间缺号。",
                suggestion="核对是否漏写了分项绩效目标；没有漏项则按顺序重新编号。",
                location=item.location,
            )
        previous = value


NUMBERING = Rule(
    code="DEP002",
    name="department_numbering",
    kind=Kind.PLACEHOLDER,
    severity=Severity.INFO,
    scope=Scope.DOCUMENT,
    title="分项绩效目标序号重复或缺号",
    rationale=(
        "序号重复或跳号(“（四）（四）”“（十一）→（十三）”)是套用模板或复制旧文本后未整理干净留下的痕迹，"
        "与未替换的模板文字同属编辑残留；缺号还可能意味着漏写了一个分项，审核时需要核实。"
    ),
    basis="建议(财预〔2015〕88号 完整性)",
    suggestion="核对分项是否齐全，按顺序重新编号。",
    check=_numbering_problems,
)


RULES: list[Rule] = [ITEM_NOT_QUANTIFIED, NUMBERING]
