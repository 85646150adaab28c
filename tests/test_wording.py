"""NAM rules: principles beyond the TOML examples (whole names vs fragments, copies, residue, names)."""

from __future__ import annotations

import pytest

from reviewer.lexicon import Lexicon, LexiconSettings
from reviewer.rules import RuleSettings, check_project, make_context
from reviewer.rules.cases import Case, CaseProject, CaseRow

CTX = make_context()


def _kinds(case: Case, code: str, ctx=CTX) -> list[tuple[int | None, str]]:
    findings = check_project(case.build_project(), RuleSettings(select=[code]), ctx)
    return [(f.row, f.message) for f in findings]


def _row(code: str, **cells: str) -> list[tuple[int | None, str]]:
    return _kinds(Case(rows=[CaseRow(**cells)]), code)


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("完成率", True),
        ("工作完成率", True),  # an empty qualifier does not make it specific
        ("宣传工作完成率", False),  # 宣传 says what is completed
        ("乡镇稳定水平", True),  # "*稳定水平" is a fragment entry
        ("实现数字化，提高工作效率", True),
        ("提高网络会议效率", False),  # "提高效率" is a whole-name entry, not a fragment
        ("项目成本", False),
        ("业务保障能力提升情况", True),
        ("资金发放情况", False),
        ("社区矫正对象接收率", False),
    ],
)
def test_generic_names_match_whole_names_and_listed_fragments(name: str, generic: bool) -> None:
    assert bool(_row("NAM001", name=name, description="说明", value="≥90%")) is generic


def test_generic_name_list_is_extended_from_config() -> None:
    lexicon = Lexicon.load(LexiconSettings(add={"generic_names": ["宣传效果"]}))
    ctx = make_context(lexicon=lexicon)
    case = Case(rows=[CaseRow(name="宣传效果", description="说明", value="≥90%")])
    assert _kinds(case, "NAM001", ctx)
    assert not _kinds(case, "NAM001")


def test_name_repeating_its_level2_is_generic_but_satisfaction_is_not() -> None:
    assert _row("NAM001", level1="效益指标", level2="社会效益指标", name="社会效益", value="≥90%")
    assert not _row("NAM001", level1="满意度指标", level2="满意度指标", name="满意度", value="≥90%")


@pytest.mark.parametrize(
    ("name", "description", "copied"),
    [
        ("资金成本", "资金成本", True),
        ("各项任务完成及时率（%）", "各项任务完成及时率(%)", True),
        ("受益乡镇个数", "收益乡镇个数", True),  # a typo of the same words
        ("网上信访知识知晓人数", "网上信访知识知晓人数 人数越多越好", True),
        ("维稳经费发放的乡镇个数", "乡镇个数", True),
        ("司法救助数量情况", "司法救助数量", False),  # drops the vague 情况: a (small) definition
        ("及时率", "任务完成及时率", False),  # the description narrows the name
        ("设备数量", "所需维护设备数量", False),
        ("资金成本", "", False),
    ],
)
def test_copied_description(name: str, description: str, copied: bool) -> None:
    assert bool(_row("NAM002", name=name, description=description, value="≥1")) is copied


def test_placeholder_needs_an_unfilled_template() -> None:
    assert _row("NAM003", name="宣传次数", description="全年宣传次数", value="（≥**次）")
    assert _row("NAM003", name="目标内容2", description="", value="≥1次")
    assert not _row("NAM003", name="XXL码服装采购数量", description="采购数量", value="≥100套")
    filled = Case(project=CaseProject(goal="1.目标内容1发放明白纸2万张", goal_items=["目标内容1发放明白纸2万张"]))
    assert not _kinds(filled, "NAM004")


def test_personal_name_needs_context_and_repetition() -> None:
    once = Case(project=CaseProject(name="慰问经费", goal="慰问赵德明家属"), rows=[CaseRow(name="慰问户数", value="5户")])
    twice = Case(
        project=CaseProject(name="慰问经费", goal="慰问赵德明家属，落实赵德明医疗费用"),
        rows=[CaseRow(name="慰问户数", value="5户")],
    )
    assert not _kinds(once, "NAM005")
    findings = _kinds(twice, "NAM005")
    assert findings and "赵德明" in findings[0][1] and findings[0][0] is None


@pytest.mark.parametrize("text", ["全年万人次上访", "邱庄镇上访稳控", "武装部医疗", "一段时间上访"])
def test_words_after_a_surname_character_are_not_people(text: str) -> None:
    case = Case(project=CaseProject(name=text, goal=f"{text}；{text}"), rows=[CaseRow(name="次数", value="5次")])
    assert not _kinds(case, "NAM005")


@pytest.mark.parametrize(
    ("name", "value", "basis", "generic"),
    [
        ("提高群众健康水平", "明显提高", "年度工作计划", True),  # a slogan verb: a wish whatever the basis
        ("提升区域创新能力", "明显提升", "科技发展规划", True),
        ("全民阅读氛围", "进一步增强", "进一步增强", True),
        ("河湖环境", "持续改善", None, True),
        ("节能减排效果", "有效提升", "无", True),
        ("居民法治意识", "良好", "", True),
        ("市容环境", "有所改善", "城市管理考核办法", False),  # scored by a named method: only not quantified
        ("防治效果", "较好", "上年防治情况", False),
        ("节能减排效果", "≥10%", "无", False),  # a figure defines the condition
        ("精神文明建设效果", "提高新区精神文明", "无", False),  # the value names what improves
        ("河湖水质达标率", "持续改善", "无", False),  # a measure, only badly targeted
    ],
)
def test_vague_condition_with_a_value_that_only_says_better(name: str, value: str, basis: str | None, generic: bool) -> None:
    case = Case(rows=[CaseRow(level1="效益指标", level2="社会效益指标", name=name, description="说明", value=value, basis=basis)])
    assert bool(_kinds(case, "NAM001")) is generic


@pytest.mark.parametrize(
    ("description", "copied"),
    [("按预算资金完成率", True), ("按照预算资金完成率", True), ("按实际支出/预算数计算的完成率", False)],
)
def test_name_behind_a_bare_preposition_is_a_copy(description: str, copied: bool) -> None:
    assert bool(_row("NAM002", name="预算资金完成率", description=description, value="≥100%")) is copied


@pytest.mark.parametrize(
    ("goal", "name"),
    [
        ("为失独家庭户主刘桂兰等12户提供一对一帮扶", "刘桂兰"),
        ("受理申请人王强、李丽的救助申请", "王强"),
        ("对救助对象孙德胜（低保户）开展回访", "孙德胜"),
    ],
)
def test_a_person_named_once_after_a_role_word(goal: str, name: str) -> None:
    case = Case(project=CaseProject(name="扶助资金", goal=goal), rows=[CaseRow(name="扶助户数", value="≥12户")])
    findings = _kinds(case, "NAM005")
    assert findings and f"“{name}”" in findings[0][1]


@pytest.mark.parametrize(
    "goal",
    [
        "为患者张某等3人报销医疗费用",  # already anonymised
        "明确救助对象范围、标准和程序",  # 范 is a surname, 范围 is not a name
        "提高高血压患者管理率，糖尿病患者规范管理",
        "救助对象王某某家庭",
        "户主姓名、身份证号按规定脱敏",
    ],
)
def test_role_words_before_ordinary_words_are_not_people(goal: str) -> None:
    case = Case(project=CaseProject(name="救助资金", goal=goal), rows=[CaseRow(name="救助人数", value="≥3人")])
    assert not _kinds(case, "NAM005")


@pytest.mark.parametrize(
    ("goal", "named"),
    [
        ("由张建华等5名农业技术推广研究员牵头授课", True),
        ("聘请欧阳明等2名执业律师担任法律顾问", True),
        ("邀请李红等三位专家开展评审", True),
        ("由王书记等3名同志带班值守", False),  # a title, not a given name
        ("协调消防武警等20名官兵驻点备勤", False),  # 武警 inside a longer phrase is a troop
        ("组织高管等5人参加培训", False),
        ("由城关镇等5名联络员负责", False),  # a place
        ("抽调等3名同志参与", False),  # a count with no name
    ],
)
def test_named_person_heading_a_group(goal: str, named: bool) -> None:
    case = Case(project=CaseProject(name="培训经费", goal=goal), rows=[CaseRow(name="培训人数", value="≥30人")])
    assert bool(_kinds(case, "NAM005")) is named
