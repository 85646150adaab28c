"""Column headers of budget-performance tables and their synonyms, shared by the layout steps.

Different finance systems and templates name the same column differently (三级指标 / 指标名称,
绩效指标描述 / 指标解释, 预算数 / 预算金额 / 年度资金总额 ...). Headers are compared after
`normalize_header` (whitespace, required-field stars, "其中：" and bracketed units removed), so the
synonyms below are written in that normalized form.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal


class Column(StrEnum):
    PROJECT_NAME = "project_name"
    PROJECT_CODE = "project_code"
    UNIT = "unit"  # 单位名称: the department or unit, not a unit of measure
    BUDGET = "budget"
    FISCAL = "fiscal"
    OTHER = "other"
    PURPOSE = "purpose"
    GOAL = "goal"
    PLAN = "plan"  # 资金支出计划 as one column (or the group header above the month columns)
    PLAN_3 = "plan_3"
    PLAN_6 = "plan_6"
    PLAN_10 = "plan_10"
    PLAN_12 = "plan_12"
    LEVEL1 = "level1"
    LEVEL2 = "level2"
    NAME = "name"  # 三级指标
    DESCRIPTION = "description"
    VALUE = "value"
    OPERATOR = "operator"  # 指标值 split out: ≥ ≤ = or 大于等于 ... (指标性质 may hold 正向/反向 instead)
    POLARITY = "polarity"  # 指标方向: 正向 / 反向 / 定性
    MEASURE_UNIT = "measure_unit"  # 指标值 split out: 计量单位
    BASIS = "basis"


HEADER_SYNONYMS: dict[Column, tuple[str, ...]] = {
    Column.PROJECT_NAME: ("项目名称", "项目名", "项目", "预算项目名称", "二级项目名称", "项目全称"),
    Column.PROJECT_CODE: ("项目编码", "项目代码", "项目编号", "项目ID", "预算项目编码", "预算项目代码", "二级项目编码"),
    Column.UNIT: (
        "单位名称",
        "预算单位",
        "预算单位名称",
        "部门名称",
        "实施单位",
        "主管部门",
        # 中央部门项目支出绩效目标申报表 and provincial 项目绩效目标表 headers.
        "主管部门名称",
        "一级主管部门",
        "一级主管部门名称",
        "实施单位名称",
        "项目实施单位",
        "项目单位",
        "申报单位",
        "项目申报单位",
        "项目申报单位名称",
        "填报单位",
    ),
    Column.BUDGET: (
        "预算数",
        "预算金额",
        "年度资金总额",
        "资金总额",
        "预算资金",
        "年度预算数",
        "项目预算数",
        "预算总额",
        "年度预算",
        "项目金额",
        "项目总额",
        "项目资金总额",
        "项目总金额",
        "总金额",
        "预算安排",
        "年度预算安排",
        "年度预算金额",
        "本年预算数",
        "本年度预算数",
        "当年预算数",
        "项目预算",
        "项目预算金额",
        "预算资金总额",
        "申报金额",
        "申报预算数",
    ),
    Column.FISCAL: (
        "财政资金",
        "财政拨款",
        "财政性资金",
        "财政拨款资金",
        "本级财政资金",
        "一般公共预算",
        "一般公共预算资金",
        "一般公共预算拨款",
        "财政预算拨款",
        "财政预算资金",
        "财政补助",
        "财政补助资金",
        "当年财政拨款",
    ),
    Column.OTHER: ("其他资金", "其它资金", "其他来源资金", "其它来源资金", "非财政拨款资金", "非财政资金"),
    Column.PURPOSE: (
        "资金用途",
        "项目资金用途",
        "主要用途",
        "用途",
        "资金使用用途",
        "资金使用方向",
        "资金投向",
        "预算资金用途",
    ),
    Column.GOAL: (
        "绩效目标",
        "年度目标",
        "年度绩效目标",
        "项目绩效目标",
        "项目年度绩效目标",
        "总体目标",
        "年度总体目标",
        "年度预期目标",
        "预期绩效目标",
        "本年度绩效目标",
        "当年绩效目标",
        "年度绩效目标内容",
    ),
    Column.PLAN: (
        "资金支出计划",
        "支出计划",
        "支出进度计划",
        "资金支出进度",
        "资金支出计划累计",
        "资金使用计划",
        "用款计划",
        "分月用款计划",
        "预算执行计划",
        "资金支出进度计划",
    ),
    Column.LEVEL1: ("一级指标", "一级指标名称"),
    Column.LEVEL2: ("二级指标", "二级指标名称"),
    # Not "绩效指标": listings use it as the group header over 一级/二级/三级.
    Column.NAME: ("三级指标", "指标名称", "三级指标名称", "绩效指标名称", "具体指标"),
    Column.DESCRIPTION: (
        "绩效指标描述",
        "指标描述",
        "指标解释",
        "指标说明",
        "指标内容",
        "指标定义",
        "指标含义",
        "指标内涵",
        "指标解释说明",
    ),
    Column.VALUE: (
        "指标值",
        "指标值/描述",
        "目标值",
        "年度指标值",
        "指标目标值",
        "绩效指标值",
        "年度目标值",
        "数值",
        "预期值",
        "预期指标值",
        "年度预期值",
        "标准值",
        "指标标准值",
        "本年指标值",
        "当年指标值",
    ),
    Column.OPERATOR: ("指标性质", "符号", "运算符", "比较符", "指标值符号", "计算符号", "指标符号", "运算符号", "比较符号"),
    # 指标性质 stays with OPERATOR: exports fill it with either "≥" or "正向"; see `polarity_of`.
    Column.POLARITY: ("指标方向", "指标导向", "指标极性", "指标正反向", "正反向", "指标类型", "指标取向", "指标值方向"),
    # Bare "单位" is left out: in a project listing it as often means the department (单位名称).
    Column.MEASURE_UNIT: ("度量单位", "计量单位", "指标值单位", "指标单位", "计量单位名称", "指标计量单位", "指标度量单位"),
    Column.BASIS: (
        "指标值确定依据",
        "确定依据",
        "指标值设定依据",
        "设定依据",
        "依据",
        "取值依据",
        "指标取值依据",
        "指标值取值依据",
        "目标值确定依据",
        "目标值设定依据",
        "指标值确定依据及说明",
    ),
}

# 资金支出计划 month columns: 3月底, 6月末, 截至10月底, 十二月底 ...
_MONTH = re.compile(r"^(?:截至|截止)?(3|6|10|12|三|六|十|十二)月(?:底|末|份)?(?:累计)?(?:支出)?(?:进度)?$")
_MONTH_COLUMNS = {
    "3": Column.PLAN_3,
    "三": Column.PLAN_3,
    "6": Column.PLAN_6,
    "六": Column.PLAN_6,
    "10": Column.PLAN_10,
    "十": Column.PLAN_10,
    "12": Column.PLAN_12,
    "十二": Column.PLAN_12,
}
PLAN_MONTHS: tuple[Column, ...] = (Column.PLAN_3, Column.PLAN_6, Column.PLAN_10, Column.PLAN_12)

_BRACKETED = re.compile(r"[（(【\[]([^）)】\]]*)[）)】\]]")
_NOISE = re.compile(r"[\s\u3000*＊:：]")
_LOOKUP: dict[str, Column] = {
    synonym: column for column, synonyms in HEADER_SYNONYMS.items() for synonym in synonyms
}

# Amount scale to 万元 (the model's unit) from a header or a note such as "单位：元".
YUAN_TO_WAN = 1 / 10000


def normalize_header(text: str) -> str:
    text = _BRACKETED.sub("", text)
    text = _NOISE.sub("", text)
    return text.removeprefix("其中")


def match_header(text: str) -> Column | None:
    """The column a header cell names, or None when it is not a known header."""
    key = normalize_header(text)
    if not key:
        return None
    month = _MONTH.match(key)
    if month:
        return _MONTH_COLUMNS[month.group(1)]
    return _LOOKUP.get(key)


def money_unit(text: str) -> str | None:
    """The money unit (万元 or 元) a header's bracket or a note ("金额单位：元") states, else None."""
    for inside in _BRACKETED.findall(text):
        found = _money_word(inside)
        if found:
            return found
    note = re.search(r"单位\s*[:：]\s*(万元|元)", text)
    return note.group(1) if note else None


def _money_word(text: str) -> str | None:
    if "万元" in text:
        return "万元"
    if "元" in text:
        return "元"
    return None


# 指标性质 / 指标方向 cells: which way is better, as the department declares it.
_POSITIVE = re.compile(r"^(?:正向|正向指标|正指标|越大越好|越高越好|越多越好|高优|极大型)$")
_NEGATIVE = re.compile(r"^(?:反向|反向指标|逆向|逆向指标|负向|负向指标|越小越好|越低越好|越少越好|低优|极小型)$")
_QUALITATIVE = re.compile(r"^(?:定性|定性指标)$")


def polarity_of(*cells: str) -> Literal["positive", "negative", "qualitative"] | None:
    """The polarity the first cell that states one declares (正向 / 反向 / 定性), else None.

    Pass the 指标方向 cell before the 指标性质 (operator) cell: the latter often holds "≥" or 定量 instead.
    """
    for cell in cells:
        text = _NOISE.sub("", cell or "")
        if _POSITIVE.match(text):
            return "positive"
        if _NEGATIVE.match(text):
            return "negative"
        if _QUALITATIVE.match(text):
            return "qualitative"
    return None
