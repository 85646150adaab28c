"""Response-model validators: unknown rows, kinds outside the subset, rewrites checked by our rules."""

from __future__ import annotations

import json
from typing import Any

import pytest
from llm_projects import department_part, publicity_project
from pydantic import ValidationError

from reviewer.lexicon import Lexicon
from reviewer.llm.schema import DepartmentJudgment, JudgeContext, ProjectJudgment
from reviewer.llm.verify import Verifier, draft_value
from reviewer.rules import make_context
from reviewer.rules.settings import RuleSettings

SETTINGS = RuleSettings()
CTX = make_context(SETTINGS, Lexicon.load())

GOOD_GOAL = "2024年12月底前开展法治宣传活动12次，群众法律知晓率达到85%以上。"


def judge(strict: bool = True) -> JudgeContext:
    return JudgeContext(restore=lambda s: s, verifier=Verifier(publicity_project(), SETTINGS, CTX), strict=strict)


def row(n: int, **changes: Any) -> dict[str, Any]:
    base = {"row": n, "measurable": True, "measurable_reason": "有数值", "relevant": "yes",
            "relevant_reason": "衡量本项目", "kinds": [], "confidence": 0.9, "rewrite": None}
    return {**base, **changes}


EFFECT_REWRITE = {"level1": "效益指标", "level2": "社会效益指标", "name": "群众法律知晓率",
                  "description": "抽样调查中知晓主要法律常识的群众占受访群众的比例", "comparison": "≥",
                  "number": 85, "unit": "%", "basis": "上年度抽样调查结果"}
SATISFACTION_REWRITE = {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "参加活动群众满意度",
                        "description": "问卷调查中表示满意的参加群众占受访群众的比例", "comparison": "≥",
                        "number": 90, "unit": "%", "basis": "上年度满意度调查结果"}


def answer(rows: list[dict[str, Any]], goal: str = GOOD_GOAL, additions: list[dict[str, Any]] | None = None) -> str:
    check = {"ok": True, "reason": "已写明"}
    return json.dumps({
        "rows": rows,
        "goal": {"specific": check, "measurable": {"ok": False, "reason": "无数量"}, "achievable": check,
                 "relevant": check, "time_bound": {"ok": False, "reason": "无时限"}, "confidence": 0.8,
                 "rewritten": goal},
        "additions": additions or [],
    }, ensure_ascii=False)


def good_rows() -> list[dict[str, Any]]:
    return [row(1), row(2, measurable=False, kinds=["generic_name"], rewrite=EFFECT_REWRITE),
            row(3, kinds=["unrealistic_target"], rewrite=SATISFACTION_REWRITE)]


def parse(text: str, context: JudgeContext) -> ProjectJudgment:
    return ProjectJudgment.model_validate_json(text, context=context.as_validation_context(), strict=False)


def test_a_sound_answer_passes_strict_validation() -> None:
    context = judge()
    parsed = parse(answer(good_rows()), context)
    assert [r.row for r in parsed.rows] == [1, 2, 3]
    assert context.rejected == {} and context.notes == []


def test_unknown_row_is_an_error_the_model_sees_then_dropped_when_kept() -> None:
    rows = [*good_rows(), row(99)]
    with pytest.raises(ValidationError, match="第99行不存在"):
        parse(answer(rows), judge())
    lenient = judge(strict=False)
    parsed = parse(answer(rows), lenient)
    assert [r.row for r in parsed.rows] == [1, 2, 3]
    assert any("第99行" in note for note in lenient.notes)


def test_missing_and_repeated_rows_are_reported() -> None:
    with pytest.raises(ValidationError, match="缺少第3行的判断"):
        parse(answer(good_rows()[:2]), judge())
    with pytest.raises(ValidationError, match="第1行判断重复"):
        parse(answer([*good_rows(), row(1)]), judge())


def test_kinds_outside_the_subset_are_rejected_or_dropped() -> None:
    rows = good_rows()
    rows[0]["kinds"] = ["all_fine", "generic_name"]
    rows[0]["rewrite"] = {**EFFECT_REWRITE, "level1": "产出指标", "level2": "数量指标", "name": "宣传材料发放份数",
                          "description": "全年发放的宣传材料份数", "number": 2000, "unit": "份"}
    with pytest.raises(ValidationError, match="all_fine"):
        parse(answer(rows), judge())
    lenient = judge(strict=False)
    parsed = parse(answer(rows), lenient)
    assert parsed.rows[0].kinds == ["generic_name"]
    assert any("all_fine" in note for note in lenient.notes)


def test_a_kind_the_rules_own_is_not_accepted_from_the_model() -> None:
    rows = good_rows()
    rows[2]["kinds"] = ["satisfaction_100"]  # a rule decides this one, not the model
    with pytest.raises(ValidationError, match="satisfaction_100"):
        parse(answer(rows), judge())


def test_a_rewrite_that_breaks_our_rules_is_rejected_with_the_rule_message() -> None:
    rows = good_rows()
    rows[2]["rewrite"] = {**SATISFACTION_REWRITE, "comparison": "=", "number": 100}
    with pytest.raises(ValidationError, match="第3行的改写未通过校验"):
        parse(answer(rows), judge())
    lenient = judge(strict=False)
    parse(answer(rows), lenient)
    assert "满意" in lenient.rejected["row:3"]


def test_a_rewrite_whose_value_does_not_parse_or_has_no_unit_is_rejected() -> None:
    rows = good_rows()
    rows[1]["rewrite"] = {**EFFECT_REWRITE, "unit": ""}
    lenient = judge(strict=False)
    parse(answer(rows), lenient)
    assert "单位" in lenient.rejected["row:2"]


def test_a_rewrite_that_removes_the_only_effect_row_is_rejected() -> None:
    rows = good_rows()
    rows[1]["rewrite"] = {**EFFECT_REWRITE, "level1": "产出指标", "level2": "数量指标", "name": "宣传材料发放份数",
                          "description": "全年发放的宣传材料份数", "number": 2000, "unit": "份"}
    lenient = judge(strict=False)
    parse(answer(rows), lenient)
    assert "row:2" in lenient.rejected


def test_a_flagged_row_needs_a_rewrite() -> None:
    rows = good_rows()
    rows[1]["rewrite"] = None
    with pytest.raises(ValidationError, match="第2行有问题，但没有给出改写"):
        parse(answer(rows), judge())


def test_additions_are_only_for_missing_categories() -> None:
    with pytest.raises(ValidationError, match="无需新增"):
        parse(answer(good_rows(), additions=[SATISFACTION_REWRITE]), judge())


def test_a_vague_rewritten_goal_is_rejected() -> None:
    with pytest.raises(ValidationError, match="绩效目标"):
        parse(answer(good_rows(), goal="进一步做好法治宣传工作"), judge())
    lenient = judge(strict=False)
    parse(answer(good_rows(), goal="进一步做好法治宣传工作"), lenient)
    assert "goal" in lenient.rejected


def test_structural_errors_fail_even_when_lenient() -> None:
    with pytest.raises(ValidationError):
        parse(json.dumps({"rows": "全部合格"}), judge(strict=False))


def test_department_items_must_exist_and_rewrites_must_carry_numbers() -> None:
    part = department_part()
    check = {"ok": True, "reason": "好"}
    overall = {"specific": check, "measurable": check, "achievable": check, "relevant": check,
               "time_bound": check, "confidence": 0.8, "rewritten": "2024年底前矛盾纠纷调解成功率达到95%"}
    items = [{"item": 1, "measurable": True, "reason": "已量化", "confidence": 0.9,
              "rewritten_goal": "规范管理社区矫正对象", "rewritten_indicators": ["规范化管理率≥98%"]},
             {"item": 5, "measurable": False, "reason": "无数值", "confidence": 0.9,
              "rewritten_goal": "及时援助", "rewritten_indicators": ["结案率明显提高"]}]
    text = json.dumps({"overall": overall, "items": items}, ensure_ascii=False)
    strict = JudgeContext(restore=lambda s: s, department=part)
    with pytest.raises(ValidationError, match="分项5不存在"):
        DepartmentJudgment.model_validate_json(text, context=strict.as_validation_context())
    lenient = JudgeContext(restore=lambda s: s, department=part, strict=False)
    parsed = DepartmentJudgment.model_validate_json(text, context=lenient.as_validation_context())
    assert [i.item for i in parsed.items] == [1]


def test_draft_value_is_written_as_our_parser_reads_it() -> None:
    assert draft_value("≥", 95.0, "%") == "≥95%"
    assert draft_value("≤", 2.5, "万元") == "≤2.5万元"


def test_an_opinion_that_copies_the_field_instructions_is_refused() -> None:
    from reviewer.llm.schema import ReviewOpinion

    echo = json.dumps({"summary": "总体审核意见，200字以内", "required_changes": ["required_changes"]}, ensure_ascii=False)
    with pytest.raises(ValidationError, match="照抄"):
        ReviewOpinion.model_validate_json(echo)
    fine = json.dumps({"summary": "3个项目中2个指标未量化，需修改后重报。", "required_changes": ["量化指标值"]},
                      ensure_ascii=False)
    assert ReviewOpinion.model_validate_json(fine).required_changes == ["量化指标值"]
