"""parse_value: examples from real 指标值 cells, then properties over generated values."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from reviewer.values import _UNITS, Comparison, ParsedValue, ValueKind, parse_value

GE, LE, GT, LT, EQ = Comparison.GE, Comparison.LE, Comparison.GT, Comparison.LT, Comparison.EQ
N, R, T = ValueKind.NUMBER, ValueKind.RANGE, ValueKind.TEXT

# raw -> (kind, op, number, unit)
QUANTITIES: list[tuple[str, ValueKind, Comparison | None, float | None, str | None]] = [
    ("≥50百分比", N, GE, 50, "%"),
    ("≥ 95 %", N, GE, 95, "%"),
    ("100", N, None, 100, None),
    ("≥2万张", N, GE, 20000, "张"),
    ("≥50000张/册", N, GE, 50000, "张/册"),
    ("20元/户", N, None, 20, "元/户"),
    ("≤2h", N, LE, 2, "h"),
    ("≤12小时", N, LE, 12, "h"),
    ("≥24 hours", N, GE, 24, "h"),
    ("≥10月份", N, GE, 10, "月份"),
    ("≤6个月", N, LE, 6, "月"),
    ("≤5日", N, LE, 5, "天"),
    ("≥10 个工作日", N, GE, 10, "工作日"),
    ("＞3万元", N, GT, 3, "万元"),
    ("≥150000元", N, GE, 150000, "元"),
    ("≥100", N, GE, 100, None),
    ("≤150万元", N, LE, 150, "万元"),
    ("≥45万", N, GE, 45, "万"),
    ("≥6.4万", N, GE, 6.4, "万"),
    ("1.5万人次", N, None, 15000, "人次"),
    ("1090个", N, None, 1090, "个"),
    ("≥90%", N, GE, 90, "%"),
    ("100%", N, None, 100, "%"),
    ("100百分比", N, None, 100, "%"),
    ("≥1 人/年", N, GE, 1, "人/年"),
    ("≥3种", N, GE, 3, "种"),
    ("≥5台", N, GE, 5, "台"),
    ("≥60公里", N, GE, 60, "公里"),
    ("≥3千米", N, GE, 3, "千米"),
    ("≥0件", N, GE, 0, "件"),
    ("不低于95%", N, GE, 95, "%"),
    ("不超过30天", N, LE, 30, "天"),
    ("大于等于90%", N, GE, 90, "%"),
    ("小于5%", N, LT, 5, "%"),
    ("至少2次", N, GE, 2, "次"),
    ("达到95%", N, None, 95, "%"),
    ("95%以上", N, GE, 95, "%"),
    ("95%及以上", N, GE, 95, "%"),
    ("3天以内", N, LE, 3, "天"),
    ("3年内", N, LE, 3, "年"),
    ("≥95%（含）", N, GE, 95, "%"),
    ("≦30天", N, LE, 30, "天"),
    ("≧90%", N, GE, 90, "%"),
    (">=90%", N, GE, 90, "%"),
    ("=<5次", N, LE, 5, "次"),
    ("⩾80%", N, GE, 80, "%"),
    ("＝100％", N, EQ, 100, "%"),
    ("１２３个", N, None, 123, "个"),
    ("50,000人", N, None, 50000, "人"),
    ("≥５０，０００人", N, GE, 50000, "人"),
    ("≥5栋以上", N, GE, 5, "栋"),
    ("≥-5%", N, GE, -5, "%"),
    ("设备完好率≥95%", N, GE, 95, "%"),
    ("满意度100%", N, None, 100, "%"),
    ("服务人数2000人", N, None, 2000, "人"),
    ("≥95%（2023年为90%）", N, GE, 95, "%"),
    ("2次/月", N, None, 2, "次/月"),
    ("百分之百", N, None, 100, "%"),
    ("不低于百分之九十五", N, GE, 95, "%"),
    ("两次", N, None, 2, "次"),
    ("不少于三场", N, GE, 3, "场"),
    ("12月底前100%到位", N, None, 100, "%"),
    ("每年≥2次", N, GE, 2, "次"),
    ("0新区环境稳定", T, None, 0, None),
    ("补助1007家庭户，补助1630名被征地农民", T, None, 1007, "家庭户"),
    ("开展3次宣传活动", T, None, 3, "次"),
]


@pytest.mark.parametrize(("raw", "kind", "op", "number", "unit"), QUANTITIES)
def test_quantity(raw: str, kind: ValueKind, op: Comparison | None, number: float, unit: str | None) -> None:
    value = parse_value(raw)
    assert (value.kind, value.op, value.number, value.unit) == (kind, op, number, unit)
    assert value.raw == raw


@pytest.mark.parametrize(
    ("raw", "low", "high", "unit"),
    [
        ("2-3次", 2, 3, "次"),
        ("90%-95%", 90, 95, "%"),
        ("90%—95%", 90, 95, "%"),
        ("90%——95%", 90, 95, "%"),
        ("2~3", 2, 3, None),
        ("2～3", 2, 3, None),
        ("2至3次", 2, 3, "次"),
        ("2 - 3 h", 2, 3, "h"),
        ("2-3万张", 20000, 30000, "张"),
        ("2万-3万元", 2, 3, "万元"),
        ("5-3次", 3, 5, "次"),
    ],
)
def test_range(raw: str, low: float, high: float, unit: str | None) -> None:
    value = parse_value(raw)
    assert (value.kind, value.number, value.high, value.unit) == (ValueKind.RANGE, low, high, unit)


@pytest.mark.parametrize("raw", ["", "  ", "/", "／", "无", "—", "——", "-", "空", "\\", "…", "暂无", "N/A"])
def test_empty(raw: str) -> None:
    value = parse_value(raw)
    assert value.kind is ValueKind.EMPTY
    assert not value.is_quantified
    assert value.render() == ""


@pytest.mark.parametrize(
    ("raw", "options"),
    [
        ("是", ["是"]),
        ("否", ["否"]),
        ("有", ["有"]),
        ("是。", ["是"]),
        ("是/否", ["是", "否"]),
        ("是／否", ["是", "否"]),
        ("是或否", ["是", "否"]),
        ("是否", ["是", "否"]),
        ("是、否", ["是", "否"]),
        ("有/无", ["有", "无"]),
    ],
)
def test_yes_no(raw: str, options: list[str]) -> None:
    value = parse_value(raw)
    assert value.kind is ValueKind.YES_NO
    assert value.options == options
    assert value.both_options is (len(options) > 1)
    assert value.text == "/".join(options)
    assert not value.is_quantified


@pytest.mark.parametrize(
    ("raw", "options", "op"),
    [
        ("优", ["优"], None),
        ("良好", ["良好"], None),
        ("合格", ["合格"], None),
        ("部分达成", ["部分达成"], None),
        ("未达成", ["未达成"], None),
        ("一般", ["一般"], None),
        ("良好及以上", ["良好"], GE),
        ("≥良", ["良"], GE),
        ("不低于良好", ["良好"], GE),
        ("优/良/中/差", ["优", "良", "中", "差"], None),
        ("优秀、良好、合格", ["优秀", "良好", "合格"], None),
        ("达成/部分达成/未达成", ["达成", "部分达成", "未达成"], None),
        ("好/较好/一般/差", ["好", "较好", "一般", "差"], None),
        ("优：30000人\n良：20000人", ["优", "良"], None),
        ("优:≥90分;良:80-89分;差:<60分", ["优", "良", "差"], None),
    ],
)
def test_graded(raw: str, options: list[str], op: Comparison | None) -> None:
    value = parse_value(raw)
    assert (value.kind, value.options, value.op) == (ValueKind.GRADED, options, op)
    assert value.is_quantified


@pytest.mark.parametrize("raw", ["较好", "好", "很好"])
def test_lone_comparative_is_not_a_grade(raw: str) -> None:
    # "较好" than what? Alone it is a vague wish; only inside a stated scale is it a level.
    value = parse_value(raw)
    assert value.kind is ValueKind.TEXT
    assert not value.is_quantified


def test_graded_word_inside_a_sentence_is_not_graded() -> None:
    assert parse_value("优秀的服务").kind is ValueKind.TEXT
    assert parse_value("好评率≥95%").kind is ValueKind.NUMBER


@pytest.mark.parametrize(
    "raw",
    [
        "进一步提高", "逐年提升", "按要求支出", "稳定", "开展扫黑除恶宣传情况", "提高效率", "提高",
        "按进度支付", "0新区环境稳定", "按时完成任务", "第2期", "1、开展宣传", "2024年", "(≥**个)",
        "一次性补助", "12月底前进一步提高",
    ],
)
def test_vague_text_is_not_quantified(raw: str) -> None:
    value = parse_value(raw)
    assert value.kind is ValueKind.TEXT
    assert not value.is_quantified


def test_text_keeps_the_words_and_the_number() -> None:
    value = parse_value("0新区环境稳定")
    assert (value.number, value.text) == (0, "新区环境稳定")
    assert parse_value("按进度支付").number is None
    assert parse_value("按进度支付").text == "按进度支付"
    several = parse_value("补助1007家庭户，补助1630名被征地农民")
    assert several.is_quantified
    assert several.text == "补助…，补助1630名被征地农民"


def test_deadline() -> None:
    with_target = parse_value("12月底前100%到位")
    assert (with_target.kind, with_target.deadline, with_target.text) == (N, "12月底前", "12月底前…到位")
    for raw, deadline in [
        ("12月底前完成", "12月底前"),
        ("2024年12月31日前完成", "2024年12月31日前"),
        ("年底前完成", "年底前"),
        ("10月底前支付完毕", "10月底前"),
    ]:
        value = parse_value(raw)
        assert (value.kind, value.deadline, value.number) == (ValueKind.DEADLINE, deadline, None)
        assert value.is_quantified
    vague = parse_value("12月底前进一步提高")
    assert (vague.kind, vague.deadline) == (T, "12月底前")


def test_a_lone_month_is_a_quantity_not_a_date() -> None:
    assert parse_value("≥10月份").deadline is None
    assert parse_value("3月").unit == "月"


def test_money() -> None:
    assert parse_value("≥150000元").amount_in_wan() == 15
    assert parse_value("≤150万元").amount_in_wan() == 150
    assert parse_value("2亿元").amount_in_wan() == 20000
    assert parse_value("500千元").amount_in_wan() == 50
    assert parse_value("≥45万").amount_in_wan() == 45
    assert parse_value("10-20万元").amount_in_wan(high=True) == 20
    assert parse_value("20元/户").amount_in_wan() is None
    assert parse_value("≥95%").amount_in_wan() is None
    assert parse_value("20元/户").is_money
    assert parse_value("≤150万元").is_money
    assert not parse_value("≥45万").is_money
    assert not parse_value("≥2万张").is_money


def test_percent() -> None:
    assert parse_value("≥50百分比").is_percent
    assert parse_value("95％").is_percent
    assert not parse_value("95").is_percent


@pytest.mark.parametrize(
    ("raw", "rendered"),
    [
        ("≥ 95 %", "≥95%"),
        ("≥50百分比", "≥50%"),
        ("不低于95.0%", "≥95%"),
        ("95%以上", "≥95%"),
        ("≥2万张", "≥20000张"),
        ("≥6.4万", "≥6.4万"),
        ("≥0.0001万元", "≥0.0001万元"),
        ("90%—95%", "90-95%"),
        ("是或否", "是/否"),
        ("良好及以上", "≥良好"),
        ("按进度支付 ", "按进度支付"),
        ("无", ""),
    ],
)
def test_render(raw: str, rendered: str) -> None:
    assert parse_value(raw).render() == rendered


def test_normalized_units_map_to_themselves() -> None:
    # render() writes normalized units; parsing them again must not change them.
    for normalized in set(_UNITS.values()):
        assert _UNITS.get(normalized) == normalized, normalized


def test_model_built_by_hand_renders() -> None:
    value = ParsedValue(raw="", kind=ValueKind.NUMBER, op=LE, number=2.5, unit="h")
    assert value.render() == "≤2.5h"
    assert value.is_quantified


# ---------------------------------------------------------------------------------------------------
# Properties

PREFIX_OPS = [
    ("≥", GE), ("≧", GE), ("＞＝", GE), (">=", GE), ("⩾", GE), ("不低于", GE), ("不少于", GE),
    ("至少", GE), ("大于等于", GE), ("≤", LE), ("≦", LE), ("<=", LE), ("=<", LE),
    ("⩽", LE), ("不超过", LE), ("不高于", LE), ("小于等于", LE), (">", GT), ("＞", GT), ("大于", GT),
    ("<", LT), ("＜", LT), ("小于", LT), ("=", EQ), ("＝", EQ), ("等于", EQ),
]
SUFFIX_OPS = [("以上", GE), ("及以上", GE), ("以下", LE), ("以内", LE), ("之内", LE)]
UNITS = [
    ("%", "%"), ("％", "%"), ("百分比", "%"), ("h", "h"), ("H", "h"), ("小时", "h"), ("天", "天"),
    ("个月", "月"), ("月份", "月份"), ("元", "元"), ("万元", "万元"), ("亿元", "亿元"), ("元/户", "元/户"),
    ("张/册", "张/册"), ("人/年", "人/年"), ("次/年", "次/年"), ("人次", "人次"), ("件", "件"), ("个", "个"),
    ("台", "台"), ("家", "家"), ("场", "场"), ("期", "期"), ("份", "份"), ("人", "人"), ("户", "户"),
    ("次", "次"), ("公里", "公里"), ("km", "km"), ("篇", "篇"), ("分", "分"), ("年", "年"),
]
SPACES = st.sampled_from(["", "", "", " ", "  ", "\u3000"])
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


@st.composite
def numbers(draw: st.DrawFn) -> tuple[str, Decimal]:
    """A non-negative number as written in a cell, and its value."""
    value = draw(
        st.decimals(min_value=0, max_value=10**9, places=draw(st.integers(0, 3)), allow_nan=False)
    )
    text = format(value, "f")
    if value == value.to_integral_value() and value >= 1000 and draw(st.booleans()):
        text = f"{int(value):,}"
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    return text, value


@st.composite
def quantities(draw: st.DrawFn) -> tuple[str, Comparison | None, Decimal, str | None]:
    number_text, number = draw(numbers())
    unit_written, unit = draw(st.sampled_from([*UNITS, ("", None)]))
    if unit == "年":
        assume(not 1900 <= number <= 2099)  # "2024年" is a year, not a duration
    op_text, op = draw(st.sampled_from([("", None), *PREFIX_OPS]))
    suffix_text, suffix_op = ("", None) if op else draw(st.sampled_from([("", None), *SUFFIX_OPS]))
    parts = [op_text, number_text, unit_written, suffix_text]
    raw = draw(SPACES) + "".join(part + draw(SPACES) for part in parts if part)
    return raw, op or suffix_op, number, unit


@given(quantities())
@example(("≥ 95 %", GE, Decimal(95), "%"))
@example(("１，０００ 人次以上", GE, Decimal(1000), "人次"))
@settings(deadline=None)
def test_generated_quantities_are_recovered(
    case: tuple[str, Comparison | None, Decimal, str | None],
) -> None:
    raw, op, number, unit = case
    value = parse_value(raw)
    assert (value.kind, value.op, value.number, value.unit) == (N, op, float(number), unit)


@given(numbers(), numbers(), st.sampled_from(["-", "~", "～", "—", "——", "至", "到"]), st.sampled_from(UNITS))
@settings(deadline=None)
def test_generated_ranges_are_recovered(
    low: tuple[str, Decimal], high: tuple[str, Decimal], separator: str, unit: tuple[str, str]
) -> None:
    raw = f"{low[0]}{unit[0]}{separator}{high[0]}{unit[0]}"
    if unit[1] == "年":
        assume(not any(1900 <= n <= 2099 for n in (low[1], high[1])))
    value = parse_value(raw)
    expected = sorted([float(low[1]), float(high[1])])
    assert (value.kind, value.number, value.high, value.unit) == (R, *expected, unit[1])


MAGNITUDES = st.sampled_from([("万", 10**4), ("千", 10**3), ("亿", 10**8)])


@given(numbers(), MAGNITUDES, st.sampled_from(["张", "人次", "户", "人"]))
@settings(deadline=None)
def test_magnitudes_fold_into_count_units(
    number: tuple[str, Decimal], magnitude: tuple[str, int], unit: str
) -> None:
    value = parse_value(f"≥{number[0]}{magnitude[0]}{unit}")
    assert (value.number, value.unit) == (float(number[1] * magnitude[1]), unit)


# Arbitrary text, and text made of the pieces values are made of (reaches far more branches).
VALUE_PIECES = st.sampled_from(
    list("0123456789０１.,，-~—至到≥≤><=≧％% /\n:：()（）是否有无优良中差好万千亿百十两三一元张人次天")
    + list("月份年底前日号h个内及或第、")
    + ["百分比", "以上", "以下", "以内", "之内", "不低于", "不超过", "达到", "达", "未达", "小时", "个月",
       "百分之", "部分达成", "良好", "是否", "完成", "到位", "工作日", "万元", "(含)", "km", "hours", "栋",
       "新区", "家庭户", "每年", "约", "控制在", "——"]
)
ANY_TEXT = st.one_of(st.text(), st.lists(VALUE_PIECES, max_size=12).map("".join))


@given(ANY_TEXT)
@settings(max_examples=400, deadline=None)
def test_never_raises_and_keeps_raw(raw: str) -> None:
    value = parse_value(raw)
    assert value.raw == raw
    assert value.kind in ValueKind
    if value.kind is ValueKind.RANGE:
        assert value.number is not None and value.high is not None and value.number <= value.high
    if value.kind in (ValueKind.NUMBER, ValueKind.RANGE):
        assert value.number is not None
    if value.number is not None:
        assert value.number == value.number and abs(value.number) < 1e30  # finite


def _essence(value: ParsedValue) -> tuple[object, ...]:
    return (value.kind, value.op, value.number, value.high, value.unit, value.options)


@given(st.one_of(ANY_TEXT, quantities().map(lambda case: case[0])))
@settings(max_examples=400, deadline=None)
def test_render_is_idempotent(raw: str) -> None:
    value = parse_value(raw)
    rendered = value.render()
    again = parse_value(rendered)
    assert _essence(again) == _essence(value)
    assert again.render() == rendered


@pytest.mark.parametrize(("raw", "op", "text"), [("达到Ⅲ类", None, "Ⅲ类"), ("Ⅱ类及以上", Comparison.GE, "Ⅱ类"), ("III类", None, "III类")])
def test_a_class_of_a_national_standard_is_a_graded_level(raw: str, op: Comparison | None, text: str) -> None:
    value = parse_value(raw)
    assert (value.kind, value.op, value.text, value.is_quantified) == (ValueKind.GRADED, op, text, True)
