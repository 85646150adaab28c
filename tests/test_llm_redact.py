"""--redact: names, ID-card and phone numbers are masked consistently and restored exactly."""

from __future__ import annotations

from reviewer.llm.redact import Redactor, find_person_names


def test_names_found_by_context_are_masked_everywhere() -> None:
    texts = ["王跃强医疗专项", "确保王跃强各项费用的使用，做好王跃强家属的稳控工作", "联系人：李明"]
    names = find_person_names("\n".join(texts))
    assert names == {"王跃强", "李明"}
    redactor = Redactor.for_texts(texts)
    masked = redactor.mask("王跃强医疗专项，联系人：李明")
    assert "王跃强" not in masked and "李明" not in masked
    assert redactor.restore(masked) == "王跃强医疗专项，联系人：李明"


def test_place_and_office_names_are_not_people() -> None:
    assert find_person_names("高新区家属院维修；李家村家庭农场；王庄镇医疗站") == set()


def test_id_card_and_phone_numbers_but_not_amounts_or_codes() -> None:
    texts = ["身份证11010119900307123X，手机13812345678，座机0551-62345678",
             "预算120.00万元，项目编码13082222P008988100010，2022年8月1日"]
    redactor = Redactor.for_texts(texts)
    assert sorted(redactor.secrets) == sorted(["11010119900307123X", "13812345678", "0551-62345678"])
    masked = redactor.mask(" ".join(texts))
    assert "13082222P008988100010" in masked and "120.00万元" in masked
    assert redactor.restore(masked) == " ".join(texts)


def test_extra_names_from_the_config_are_masked() -> None:
    redactor = Redactor.for_texts(["经办：赵六"], extra_names=["赵六"])
    assert redactor.mask("经办：赵六") == "经办：〔姓名1〕"


def test_restore_walks_nested_data() -> None:
    redactor = Redactor(["张三丰"])
    token = redactor.mask("张三丰")
    assert redactor.restore_data({"a": [token, {"b": f"{token}家属"}], "n": 3}) == {"a": ["张三丰", {"b": "张三丰家属"}], "n": 3}
