"""指标值 parsing: every value is read once, here, into a ParsedValue that rules use as is.

Conventions (rules rely on them; change them only together with the rules and tests/test_values.py):

* Symbols: full-width and half-width forms are the same (＞ = >, ％ = %, １ = 1); ≧ ⩾ >= => ≥= mean ≥,
  ≦ ⩽ <= =< ≤= mean ≤. Whitespace between the parts is ignored ("≥ 95 %" is "≥95%").
* Operators may be words. Before the number: 大于等于/不低于/不少于/不小于/至少 → ≥,
  小于等于/不超过/不高于/不多于/控制在 → ≤, 大于/高于/超过 → >, 小于/低于/少于 → <, 等于 → =.
  达到 is filler, not an operator: "完成率达到100%" is the plain target 100%, not the degenerate "≥100%".
  After the number and unit: 以上 → ≥ (Chinese counting includes the number itself), 以下/以内/之内/内 → ≤.
  A symbol before the number wins over a suffix word, which wins over a prefix word.
* Magnitudes: 万/千/亿 in front of a non-money unit are folded into the number (≥2万张 → 20000 张).
  Money keeps its unit as written (元, 千元, 万元, 亿元) and so does a bare magnitude with no unit
  (≥45万 → 45 "万"): only the indicator can tell whether that is money. `amount_in_wan()` converts both.
* Units are normalized through `_UNITS` (百分比/％/percent → %, 小时/h/hr → h, 日 → 天, 个月 → 月,
  月份 stays 月份); compound units keep their parts (元/户, 张/册, 人/年); unknown short units are kept
  as written.
* Ranges (2-3次, 90%—95%, 2~3, 2至3次) give kind RANGE with number = low end, high = high end.
* Dates are never quantities. "12月底前", "2024年12月31日前", "年底前" go to `deadline`; a value that is
  only a deadline plus words like 完成/到位/支付 is kind DEADLINE ("12月底前完成"); with a quantity it
  stays NUMBER ("12月底前100%到位" → 100 %, deadline "12月底前", text "12月底前…到位").
* "无" alone is EMPTY (KINDS.md value_missing). 是/否/有 are YES_NO with one option; "是/否", "是或否",
  "是否", "有/无" (both options left in) are YES_NO with two `options` (`both_options`).
* A quantity with an explicit comparison, with only filler words around it (达到, 完成, 到位, 累计,
  约, 每年 ...), or alone at the end of a label ("满意度100%") is NUMBER/RANGE, the other words going to
  `text`. A sentence that merely contains numbers is TEXT but keeps its main quantity in op/number/unit
  ("0新区环境稳定" → TEXT, number 0, text "新区环境稳定"; "开展3次宣传活动" → TEXT, 3 次). The main
  quantity is the first one with a comparison, else the first one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field


class Comparison(StrEnum):
    GE = "≥"
    LE = "≤"
    GT = ">"
    LT = "<"
    EQ = "="


class ValueKind(StrEnum):
    EMPTY = "empty"  # "", "/", "无", "—": nothing stated
    NUMBER = "number"  # [op] number [unit], e.g. ≥95%, 1090个, 20元/户
    RANGE = "range"  # low-high [unit], e.g. 2-3次, 90%-95%
    YES_NO = "yes_no"  # 是 / 否 / 有, or both options left in ("是/否")
    GRADED = "graded"  # a graded qualitative level: 优/良/中/差, 达成/部分达成/未达成
    DEADLINE = "deadline"  # only a deadline to meet: "12月底前完成", "2024年12月31日前"
    TEXT = "text"  # anything else: qualitative text, possibly with a number inside


class ParsedValue(BaseModel):
    raw: str  # exactly the cell text as read
    kind: ValueKind
    op: Comparison | None = None
    number: float | None = None  # the (low) number; for RANGE the low end; magnitudes folded in
    high: float | None = None  # RANGE only
    unit: str | None = None  # normalized: "%", "万元", "元/户", "h", "天", "月份", ...
    # The qualitative words: the whole value for TEXT/DEADLINE without a quantity; otherwise the words
    # outside the quantity, joined by "…" ("12月底前…到位"); the grade word for GRADED; "是/否" for YES_NO.
    text: str | None = None
    options: list[str] = Field(default_factory=list)  # YES_NO / GRADED words as written, e.g. ["是", "否"]
    deadline: str | None = None  # a date phrase found in the value, e.g. "12月底前"

    @property
    def both_options(self) -> bool:
        """True for a yes/no value with both answers left in ("是/否"): nothing was decided."""
        return self.kind is ValueKind.YES_NO and len(self.options) > 1

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def is_money(self) -> bool:
        """The unit is an amount of money, alone or per something (元, 万元, 元/户); bare 万/亿 excluded."""
        return self.unit is not None and self.unit.split("/", 1)[0] in _MONEY_UNITS

    @property
    def is_quantified(self) -> bool:
        """Can completion be judged? NUMBER/RANGE/GRADED/DEADLINE, or TEXT carrying a number with a unit.

        YES_NO is not: whether "是" is acceptable depends on the indicator's name (a rule's business).
        """
        if self.kind in _QUANTIFIED_KINDS:
            return True
        return self.kind is ValueKind.TEXT and self.number is not None and self.unit is not None

    def amount_in_wan(self, *, high: bool = False) -> float | None:
        """The amount in 万元 when the unit is a total of money (元/千元/万元/亿元) or a bare 万/亿.

        A bare magnitude is read as money here; call this only for indicators about money. Per-unit
        amounts (元/户) give None. `high=True` gives a RANGE's high end.
        """
        factor = _WAN_PER_UNIT.get(self.unit or "")
        amount = self.high if high else self.number
        if factor is None or amount is None:
            return None
        return float(Decimal(repr(amount)) * factor)

    def render(self) -> str:
        """The canonical form: operator symbol, number without a trailing ".0", unit ("≥95%", "2-3次").

        Parsing the result gives the same kind, op, number and unit. Words outside the quantity (text,
        deadline) are not part of it; TEXT and DEADLINE render as their stripped raw text.
        """
        op = self.op.value if self.op else ""
        unit = self.unit or ""
        if self.kind is ValueKind.EMPTY:
            return ""
        if self.kind is ValueKind.NUMBER and self.number is not None:
            return f"{op}{_format_number(self.number)}{unit}"
        if self.kind is ValueKind.RANGE and self.number is not None and self.high is not None:
            return f"{op}{_format_number(self.number)}-{_format_number(self.high)}{unit}"
        if self.kind is ValueKind.YES_NO:
            return "/".join(self.options)
        if self.kind is ValueKind.GRADED and len(self.options) == 1:
            return f"{op}{self.options[0]}"
        return self.raw.strip()


_QUANTIFIED_KINDS = frozenset({ValueKind.NUMBER, ValueKind.RANGE, ValueKind.GRADED, ValueKind.DEADLINE})

# ---------------------------------------------------------------------------------------------------
# Tables

# One character for one character, so that positions in the folded text are positions in `raw` and
# the words we keep can be cut from the original (with its own punctuation).
_FOLD: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII
_FOLD.update(
    {
        ord(src): dst
        for src, dst in {
            "\u3000": " ", "\u00a0": " ", "≧": "≥", "⩾": "≥", "≦": "≤", "⩽": "≤",
            "﹥": ">", "﹤": "<", "﹦": "=", "﹪": "%", "—": "-", "–": "-", "―": "-", "−": "-",
            "‐": "-", "‑": "-", "﹣": "-", "〜": "~", "∶": ":",
        }.items()
    }
)

# Operators written before the number: (token, op, is_symbol). Matched longest first.
_PREFIX_OPS: list[tuple[str, Comparison, bool]] = sorted(
    [
        *((t, Comparison.GE, True) for t in ("≥", ">=", "=>", "≥=", "≮")),
        *((t, Comparison.LE, True) for t in ("≤", "<=", "=<", "≤=", "≯")),
        (">", Comparison.GT, True),
        ("<", Comparison.LT, True),
        *((t, Comparison.EQ, True) for t in ("=", "==")),
        *(
            (t, Comparison.GE, False)
            for t in ("大于等于", "大于或等于", "不低于", "不少于", "不小于", "至少", "最少", "最低",
                      )
        ),
        *(
            (t, Comparison.LE, False)
            for t in ("小于等于", "小于或等于", "不超过", "未超过", "不高于", "不多于", "不大于",
                      "至多", "最多", "最高", "控制在")
        ),
        *((t, Comparison.GT, False) for t in ("大于", "高于", "多于", "超过")),
        *((t, Comparison.LT, False) for t in ("小于", "低于", "少于", "不足", "不到", "未达到", "未达")),
        ("等于", Comparison.EQ, False),
    ],
    key=lambda entry: -len(entry[0]),
)
_PREFIX_OP_PATTERN = "|".join(re.escape(token) for token, _, _ in _PREFIX_OPS)
_PREFIX_OP_OF = {token: op for token, op, _ in _PREFIX_OPS}

# Operators written after the number and unit; "(含)" around them is a restatement of 以上/以下.
_SUFFIX_OP_OF = {
    "及以上": Comparison.GE, "或以上": Comparison.GE, "以上": Comparison.GE,
    "及以下": Comparison.LE, "或以下": Comparison.LE, "以下": Comparison.LE,
    "以内": Comparison.LE, "之内": Comparison.LE, "内": Comparison.LE,
}
_SUFFIX_RE = re.compile(
    r"\s*(?:\(含[^()]{0,4}\)\s*)?(及以上|或以上|以上|及以下|或以下|以下|以内|之内|内)(?:\s*\(含[^()]{0,4}\))?"
)

# Written unit -> normalized unit. Every normalized unit is also a key mapping to itself (render()
# relies on that to re-parse its own output).
_UNITS: dict[str, str] = {
    "%": "%", "百分比": "%", "percent": "%", "‰": "‰", "百分点": "百分点", "个百分点": "百分点",
    "h": "h", "H": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "小时": "h", "个小时": "h",
    "分钟": "分钟", "min": "分钟", "mins": "分钟", "秒": "秒",
    "天": "天", "日": "天", "自然日": "天", "工作日": "工作日", "个工作日": "工作日",
    "周": "周", "星期": "周", "个星期": "周",
    "月": "月", "个月": "月", "月份": "月份", "季度": "季度", "个季度": "季度", "年": "年", "年度": "年度",
    "元": "元", "千元": "千元", "万元": "万元", "十万元": "十万元", "百万元": "百万元", "千万元": "千万元",
    "亿元": "亿元",
    "km": "km", "KM": "km", "Km": "km", "㎞": "km", "公里": "公里", "千米": "千米", "米": "米", "m": "m",
    "平方公里": "平方公里", "平方千米": "平方公里", "km²": "平方公里", "公顷": "公顷",
    "平方米": "平方米", "㎡": "平方米", "m²": "平方米", "m2": "平方米", "立方米": "立方米", "m³": "立方米",
    "亩": "亩", "吨": "吨", "t": "吨", "千克": "千克", "kg": "千克", "KG": "千克",
    "公斤": "公斤", "斤": "斤", "千瓦": "千瓦", "千瓦时": "千瓦时", "度": "度", "℃": "℃",
    "人次": "人次", "人天": "人天", "人": "人", "名": "名", "位": "位", "人口": "人口",
    "户": "户", "户次": "户次", "家庭户": "家庭户", "家": "家", "家次": "家次",
    "个": "个", "件": "件", "件次": "件次", "台": "台", "台次": "台次", "套": "套", "场": "场",
    "场次": "场次", "期": "期", "份": "份", "次": "次", "项": "项", "种": "种", "篇": "篇", "条": "条",
    "册": "册", "张": "张", "本": "本", "部": "部", "所": "所", "处": "处", "座": "座", "栋": "栋",
    "间": "间", "辆": "辆", "辆次": "辆次", "艘": "艘", "批": "批", "批次": "批次", "轮": "轮", "类": "类",
    "门": "门", "支": "支", "队": "队", "组": "组", "块": "块", "根": "根", "株": "株", "棵": "棵",
    "只": "只", "头": "头", "盏": "盏", "站": "站", "村": "村", "课时": "课时", "学时": "学时",
    "个点": "个点", "点": "点", "分": "分", "倍": "倍", "级": "级", "节": "节", "段": "段", "单": "单",
}
# ASCII units must not run into more letters ("m" is not the start of "min").
_UNIT_RE = re.compile(
    "|".join(
        re.escape(unit) + ("(?![A-Za-z])" if unit.isascii() and unit.isalpha() else "")
        for unit in sorted(_UNITS, key=len, reverse=True)
    )
)
_MONEY_UNITS = frozenset({"元", "千元", "万元", "十万元", "百万元", "千万元", "亿元"})
_WAN_PER_UNIT: dict[str, Decimal] = {
    "元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "十万元": Decimal(10),
    "百万元": Decimal(100), "千万元": Decimal(1000), "亿元": Decimal(10000),
    "万": Decimal(1), "亿": Decimal(10000),
}
_MAGNITUDES: dict[str, Decimal] = {
    "百万": Decimal(10**6), "千万": Decimal(10**7), "十万": Decimal(10**5),
    "万": Decimal(10**4), "千": Decimal(10**3), "亿": Decimal(10**8),
}
_MAGNITUDE_RE = re.compile("百万|千万|十万|万|千|亿")

# Where an unknown unit must end: an operator word, filler or separator follows it.
_UNIT_STOP_RE = re.compile(r"以上|以下|以内|之内|内|及|或|左右|上下|前|完成|到|至|[-~(/、,;:]")
_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")
_ASCII_RUN_RE = re.compile(r"[A-Za-z]+")
_MAX_UNKNOWN_UNIT = 3  # CJK characters; longer runs are words, not units ("0新区环境稳定")

_NUMBER_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_MAX_DIGITS = 15  # longer digit strings are codes or ids, and would not survive float()
_PER_RE = re.compile(r"\s*/\s*")
_RANGE_SEP_RE = re.compile(r"\s*(?:--?|~|至|到)\s*(?=[0-9])")
_NON_SPACE_RE = re.compile(r"\S")
_LIST_MARK_RE = re.compile(r"[、)]|\.(?![0-9])")  # "1、", "(1)", "1." before more text

_DATE_RE = re.compile(
    r"(?:(?P<year>(?:19|20)[0-9]{2})\s*年度?\s*)?"
    r"(?:(?P<month>[0-9]{1,2})\s*月份?\s*)?"
    r"(?:(?P<day>[0-9]{1,2})\s*[日号]\s*)?"
    r"(?P<rel>底|末|初|上旬|中旬|下旬)?\s*"
    r"(?P<before>之前|以前|前|止|为止)?"
)
_YEAR_END_RE = re.compile(r"(?:当年|本年度?|年度|年)(?:底|末)(?:之前|以前|前)?|当?年内")

# Words that may stand next to a quantity or deadline without making the value a sentence.
_FILLER_RE = re.compile(
    "|".join(
        sorted(
            (
                "达到", "达", "完成", "全部", "全面", "到位", "实现", "累计", "共计", "合计", "总计", "共",
                "约", "大约", "左右", "上下", "每年", "每月", "每季度", "每周", "每天", "每日", "年均",
                "全年", "年度", "当年", "保持在", "保持", "控制在", "确保", "力争", "含", "按时", "为",
                "以上", "以下", "以内", "之内", "内", "及", "或", "目标值", "目标", "支付", "拨付", "发放",
                "完毕", "兑现", "办结", "结清", "之前", "以前", "前",
            ),
            key=len,
            reverse=True,
        )
    )
)

_EMPTY_WORDS = frozenset({"无", "空", "暂无", "null", "none", "n/a", "na", "nan"})
_EMPTY_CHARS = frozenset("-/\\.…_~·")
_TRAILING_PUNCT = "。.;,!"

_YES_NO_WORDS = frozenset({"是", "否", "有"})
_YES_NO_BOTH_RE = re.compile(r"([是否有无])[/、,;|\\或]?([是否有无])")
_YES_NO_PAIRS = ({"是", "否"}, {"有", "无"})

_GRADES = (
    "优", "良", "中", "差", "优秀", "良好", "合格", "不合格", "及格", "不及格", "达成", "基本达成",
    "部分达成", "未达成", "好", "较好", "很好", "一般", "较差", "满意", "较满意", "比较满意", "基本满意",
    "非常满意", "不满意",
)
# Comparatives ("较好", "很好") rank against nothing: on their own they are a vague wish, not a level of a
# stated scale; inside a scale ("好/较好/一般/差") they are one of its levels.
_COMPARATIVE_GRADES = frozenset({"好", "较好", "很好", "较差"})
_GRADE_PATTERN = "|".join(sorted(_GRADES, key=len, reverse=True))
_GRADE_SET = frozenset(_GRADES)
_GRADE_ONE_RE = re.compile(
    rf"(?P<pre>{_PREFIX_OP_PATTERN})?(?P<grade>{_GRADE_PATTERN})(?P<suf>及以上|或以上|以上|及以下|以下)?"
)
# A class of a national standard (地表水 Ⅲ类, 二级标准) is a graded level: "达到Ⅲ类", "Ⅱ类及以上".
_CLASS_GRADE_RE = re.compile(
    r"(?:达到|优于|不低于|不劣于)?(?P<grade>[ⅠⅡⅢⅣⅤⅥ]|VI|IV|V|I{1,3})类(?:水质|水|标准)?(?P<suf>及以上|或以上|以上)?"
)
_GRADE_SCALE_SPLIT_RE = re.compile(r"[/、,;|或]+")
_GRADE_LINES_SPLIT_RE = re.compile(r"[\n;,]+")
_GRADE_LABEL_RE = re.compile(rf"\s*(?P<grade>{_GRADE_PATTERN})\s*[:(≥≤<>=0-9\s]")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_POWERS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMBER_RE = re.compile(r"(百分之)?([零〇一二两三四五六七八九十百千万]+)")


# ---------------------------------------------------------------------------------------------------
# Parsing


@dataclass(slots=True)
class _Quantity:
    start: int  # where the quantity begins in the folded text (its operator included)
    end: int
    op: Comparison | None
    number: Decimal
    high: Decimal | None
    unit: str | None


def parse_value(raw: str) -> ParsedValue:
    """Read one 指标值 cell. Never raises; `raw` is kept unchanged."""
    folded = raw.translate(_FOLD)
    compact = "".join(folded.split()).rstrip(_TRAILING_PUNCT)
    if _is_empty(compact):
        return ParsedValue(raw=raw, kind=ValueKind.EMPTY)
    return (
        _parse_yes_no(raw, compact)
        or _parse_graded(raw, folded, compact)
        or _parse_quantity(raw, folded)
        or _parse_chinese_quantity(raw, compact)
        or _parse_text(raw, folded)
    )


def _is_empty(compact: str) -> bool:
    return all(ch in _EMPTY_CHARS for ch in compact) or compact.lower() in _EMPTY_WORDS


def _parse_yes_no(raw: str, compact: str) -> ParsedValue | None:
    if compact in _YES_NO_WORDS:
        return ParsedValue(raw=raw, kind=ValueKind.YES_NO, text=compact, options=[compact])
    match = _YES_NO_BOTH_RE.fullmatch(compact)
    if match and {match[1], match[2]} in _YES_NO_PAIRS:
        options = [match[1], match[2]]
        return ParsedValue(raw=raw, kind=ValueKind.YES_NO, text="/".join(options), options=options)
    return None


def _parse_graded(raw: str, folded: str, compact: str) -> ParsedValue | None:
    """A grade ("良好", "良好及以上", "≥良", "Ⅲ类"), a scale ("优/良/中/差"), or labelled lines ("优：30000人")."""
    if (match := _CLASS_GRADE_RE.fullmatch(compact)) is not None:
        op = Comparison.GE if match["suf"] else None
        return ParsedValue(raw=raw, kind=ValueKind.GRADED, op=op, text=f"{match['grade']}类", options=[match["grade"]])
    match = _GRADE_ONE_RE.fullmatch(compact)
    if match and not (match["grade"] in _COMPARATIVE_GRADES and not match["suf"] and not match["pre"]):
        grade = match["grade"]
        op = _SUFFIX_OP_OF[match["suf"]] if match["suf"] else None
        if match["pre"] and op is None:
            op = _PREFIX_OP_OF[match["pre"]]
        return ParsedValue(raw=raw, kind=ValueKind.GRADED, op=op, text=grade, options=[grade])
    parts = _GRADE_SCALE_SPLIT_RE.split(compact)
    if len(parts) > 1 and all(part in _GRADE_SET for part in parts):
        return ParsedValue(raw=raw, kind=ValueKind.GRADED, text=raw.strip(), options=parts)
    lines = [line for line in _GRADE_LINES_SPLIT_RE.split(folded) if line.strip()]
    labels = [_GRADE_LABEL_RE.match(line + " ") for line in lines] if len(lines) > 1 else []
    if labels and all(labels):
        grades = [label["grade"] for label in labels if label]
        return ParsedValue(raw=raw, kind=ValueKind.GRADED, text=raw.strip(), options=grades)
    return None


def _parse_quantity(raw: str, folded: str) -> ParsedValue | None:
    quantities, deadline = _scan(folded)
    if not quantities:
        return None
    main = next((q for q in quantities if q.op is not None), quantities[0])
    spans = [(main.start, main.end)] + ([deadline] if deadline else [])
    # A target: it has a comparison, or only filler around it, or it is the one quantity and only
    # ends a label ("满意度100%"); words after the number make it a sentence ("开展3次宣传活动").
    is_target = (
        main.op is not None
        or not _content_words(_cut(folded, spans))
        or (len(quantities) == 1 and not _content_words(_cut(folded, [(0, main.end), *spans[1:]])))
    )
    if main.high is not None and is_target:
        kind = ValueKind.RANGE
    else:
        kind = ValueKind.NUMBER if is_target else ValueKind.TEXT
    pieces = [raw[: main.start].strip(), raw[main.end :].strip()]
    text = "…".join(piece for piece in pieces if _has_word(piece)) or None
    return ParsedValue(
        raw=raw,
        kind=kind,
        op=main.op,
        number=float(main.number),
        high=float(main.high) if main.high is not None and kind is ValueKind.RANGE else None,
        unit=main.unit,
        text=text,
        deadline=raw[deadline[0] : deadline[1]].strip() if deadline else None,
    )


def _parse_chinese_quantity(raw: str, compact: str) -> ParsedValue | None:
    """A value written wholly in Chinese numerals: "两次", "不少于三场", "百分之九十五", "百分之百"."""
    match = _CN_NUMBER_RE.search(compact)
    if not match:
        return None
    before = compact[: match.start()]
    op = _PREFIX_OP_OF.get(before)
    if before and op is None:
        return None
    if match[1]:
        unit, scale, end = "%", Decimal(1), match.end()
    else:
        read = _read_unit(compact, match.end(), allow_unknown=False)
        if read is None:
            return None
        unit, scale, end = read
    suffix = _SUFFIX_RE.match(compact, end)
    if suffix:
        op, end = _SUFFIX_OP_OF[suffix[1]], suffix.end()
    if end != len(compact):
        return None
    number = Decimal(_chinese_to_int(match[2])) * scale
    if _is_year(number, None, unit):
        return None
    return ParsedValue(raw=raw, kind=ValueKind.NUMBER, op=op, number=float(number), unit=unit)


def _parse_text(raw: str, folded: str) -> ParsedValue:
    _, deadline = _scan(folded)
    if deadline is None:
        year_end = _YEAR_END_RE.search(folded)
        deadline = year_end.span() if year_end else None
    if deadline is None:
        return ParsedValue(raw=raw, kind=ValueKind.TEXT, text=raw.strip())
    only_deadline = not _content_words(_cut(folded, [deadline]))
    return ParsedValue(
        raw=raw,
        kind=ValueKind.DEADLINE if only_deadline else ValueKind.TEXT,
        text=raw.strip(),
        deadline=raw[deadline[0] : deadline[1]].strip(),
    )


def _scan(s: str) -> tuple[list[_Quantity], tuple[int, int] | None]:
    """Every quantity in the folded text, skipping dates, ordinals and list numbers; the first deadline."""
    quantities: list[_Quantity] = []
    deadline: tuple[int, int] | None = None
    skip_until = 0
    for match in _NUMBER_RE.finditer(s):
        start = match.start()
        if start < skip_until:
            continue
        date = _DATE_RE.match(s, start)
        if date and _is_date(date):
            if deadline is None and _is_deadline(date):
                deadline = (start, date.end())
            skip_until = date.end()
            continue
        if _is_counter(s, match):
            continue
        quantity = _read_quantity(s, match)
        skip_until = quantity.end
        if not _is_year(quantity.number, quantity.high, quantity.unit):
            quantities.append(quantity)
    return quantities, deadline


def _is_date(date: re.Match[str]) -> bool:
    year, month, day, rel, before = date.group("year", "month", "day", "rel", "before")
    return bool(year or (month and (day or rel or before)) or (day and before))


def _is_year(number: Decimal, high: Decimal | None, unit: str | None) -> bool:
    """"2000年" however written ("2千年", "两千年") is a year, not a duration: keeps render() faithful."""
    return high is None and unit in ("年", "年度") and number == int(number) and 1900 <= number <= 2099


def _is_deadline(date: re.Match[str]) -> bool:
    return bool(date["month"] or date["day"] or date["rel"] or date["before"])


def _is_counter(s: str, match: re.Match[str]) -> bool:
    """Not an amount: too long to be one, glued to a code ("ISO9001"), an ordinal ("第2期"), a list number."""
    start = match.start()
    if sum(ch.isdigit() for ch in match.group()) > _MAX_DIGITS:
        return True
    before = s[start - 1] if start else ""
    if before.isascii() and before.isalpha() or before == "第":
        return True
    mark = _LIST_MARK_RE.match(s, match.end())
    if mark is None or _NON_SPACE_RE.search(s, mark.end()) is None:
        return False
    begin = start
    while begin and s[begin - 1] in " (":
        begin -= 1
    return begin == 0 or s[begin - 1] == "\n"


def _read_quantity(s: str, match: re.Match[str]) -> _Quantity:
    """[op] number [unit] [sep number [unit]] [suffix op], starting from the number `match`."""
    start, pos = match.start(), match.end()
    low = Decimal(match.group().replace(",", ""))
    unit, scale = None, Decimal(1)
    if s.endswith("百分之", 0, start):
        start -= len("百分之")
        unit = "%"
    else:
        read = _read_unit(s, pos)
        if read:
            unit, scale, pos = read
    high = None
    separator = _RANGE_SEP_RE.match(s, pos)
    if separator:
        second = _NUMBER_RE.match(s, separator.end())
        if second is not None and sum(ch.isdigit() for ch in second.group()) <= _MAX_DIGITS:
            high, pos = Decimal(second.group().replace(",", "")), second.end()
            read = _read_unit(s, pos)
            if read:
                high_unit, high_scale, pos = read
                # "2-3万张", "2万-3万元": the unit after the high end applies to both ends.
                if unit is None or unit in _MAGNITUDES:
                    unit, scale = high_unit, high_scale
                high *= high_scale
            else:
                high *= scale
    low *= scale
    if _is_minus_sign(s, start):
        low, start = -low, start - 1
    if high is not None and high < low:
        low, high = high, low
    op, start = _prefix_op(s, start)
    suffix = _SUFFIX_RE.match(s, pos)
    if suffix:
        pos = suffix.end()
        if op is None or not _is_symbol_op(s, start):
            op = _SUFFIX_OP_OF[suffix[1]]
    return _Quantity(start=start, end=pos, op=op, number=low, high=high, unit=unit)


def _is_minus_sign(s: str, start: int) -> bool:
    """A "-" right before the number that follows nothing or an operator symbol ("≥-5%")."""
    if not start or s[start - 1] != "-":
        return False
    before = start - 1
    while before and s[before - 1].isspace():
        before -= 1
    return before == 0 or s[before - 1] in "≥≤<>=≮≯"


def _prefix_op(s: str, start: int) -> tuple[Comparison | None, int]:
    """The operator right before `start` (spaces allowed between) and where it begins."""
    end = start
    while end and s[end - 1].isspace():
        end -= 1
    for token, op, _ in _PREFIX_OPS:
        if s.endswith(token, 0, end):
            return op, end - len(token)
    return None, start


def _is_symbol_op(s: str, start: int) -> bool:
    return any(s.startswith(token, start) for token, _, is_symbol in _PREFIX_OPS if is_symbol)


def _read_unit(s: str, pos: int, *, allow_unknown: bool = True) -> tuple[str, Decimal, int] | None:
    """Unit after a number: (normalized unit, factor folded into the number, end), or None."""
    while pos < len(s) and s[pos] in " \t":
        pos += 1
    scale = Decimal(1)
    magnitude = None
    known = _UNIT_RE.match(s, pos)
    if known is None:
        magnitude = _MAGNITUDE_RE.match(s, pos)
    if magnitude is not None:
        base = _read_base_unit(s, magnitude.end(), allow_unknown)
        if base is None:  # "≥45万": keep the magnitude as the unit
            return magnitude.group(), scale, magnitude.end()
        unit, end = base
        if unit in _MONEY_UNITS:
            unit = magnitude.group() + unit
        else:
            scale = _MAGNITUDES[magnitude.group()]
    else:
        base = _read_base_unit(s, pos, allow_unknown)
        if base is None:
            return None
        unit, end = base
    per = _PER_RE.match(s, end)
    if per:
        denominator = _read_base_unit(s, per.end(), allow_unknown)
        if denominator:
            unit, end = f"{unit}/{denominator[0]}", denominator[1]
    return unit, scale, end


def _read_base_unit(s: str, pos: int, allow_unknown: bool) -> tuple[str, int] | None:
    """A single unit word: a known one (normalized), else a short run of letters kept as written."""
    known = _UNIT_RE.match(s, pos)
    if known:
        return _UNITS[known.group()], known.end()
    # A magnitude never starts an unknown unit: "万一" after a number would read differently alone.
    if not allow_unknown or _UNIT_STOP_RE.match(s, pos) or _MAGNITUDE_RE.match(s, pos):
        return None
    ascii_run = _ASCII_RUN_RE.match(s, pos)
    if ascii_run:
        return (ascii_run.group(), ascii_run.end()) if len(ascii_run.group()) <= 5 else None
    run = _CJK_RUN_RE.match(s, pos)
    if run is None:
        return None
    for length in range(1, min(_MAX_UNKNOWN_UNIT, len(run.group())) + 1):
        end = pos + length
        if end == run.end() or _UNIT_STOP_RE.match(s, end):
            return run.group()[:length], end
    return None


def _cut(s: str, spans: list[tuple[int, int]]) -> str:
    """`s` without the given spans, the pieces separated by a space."""
    pieces, last = [], 0
    for begin, end in sorted(spans):
        pieces.append(s[last:begin])
        last = max(last, end)
    pieces.append(s[last:])
    return " ".join(pieces)


def _content_words(s: str) -> str:
    """What is left of `s` once punctuation, operators and filler words are gone."""
    letters = "".join(ch for ch in s if ch.isalnum())
    return _FILLER_RE.sub("", letters)


def _has_word(s: str) -> bool:
    return any(ch.isalnum() for ch in s)


def _chinese_to_int(numerals: str) -> int:
    total = section = digit = 0
    for ch in numerals:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_POWERS:
            section += (digit or 1) * _CN_POWERS[ch]
            digit = 0
        else:  # 万
            total += (section + digit or 1) * 10000
            section = digit = 0
    return total + section + digit


def _format_number(number: float) -> str:
    """Plain decimal notation, no exponent, no trailing ".0"."""
    text = format(Decimal(repr(number)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
