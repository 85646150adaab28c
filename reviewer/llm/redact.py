"""--redact: mask personal names, ID-card and phone numbers before anything leaves the process.

Masking works on the rendered messages (so rule messages that quote a name are covered too) and
replaces each distinct value with a numbered token (〔姓名1〕, 〔身份证号1〕, 〔电话1〕). The model is
asked to copy tokens verbatim; every string of its answer is restored before it is verified or shown.
Over-masking is harmless (the model sees a token), missing a name is a leak, so name detection is
generous: a name found once anywhere in the document is masked everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_ID_CARD = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)
_MOBILE = re.compile(r"(?<![\d.])1[3-9]\d{9}(?![\d.])")
# A landline needs its separator: a bare run of digits is more often an amount or a code.
_LANDLINE = re.compile(r"(?<![\d.])0\d{2,3}[-－—]\d{7,8}(?![\d.])")

# Used when the rules' lexicon has no "surnames" list: the most common surnames (together they
# cover the large majority of the population).
_DEFAULT_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_DEFAULT_DOUBLE_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐")
# Words that follow a person's name when a form talks about a person's own affairs.
_DEFAULT_PERSON_CONTEXT = (
    "家属", "同志", "先生", "女士", "本人", "医疗", "住院", "治疗", "病情", "救助", "慰问", "父亲", "母亲",
    "妻子", "丈夫", "儿子", "女儿", "一家", "家庭", "老人", "遗属", "稳控", "各项费用",
)
# Labels a name follows on forms: 联系人：张三.
_LABELS = "联系人|负责人|经办人|申请人|填报人|审核人|姓名|户主|患者|当事人|受助人|救助对象|信访人"
# The usual ends of place and office names: "高新区", "李家村" are not people.
_NOT_GIVEN_NAME = set("省市县区乡镇村街道局委办厅处科所站院校队部会组社室中心府门路河山湖江海")


class Redactor:
    """One per document: the value → token table, so the same name always gets the same token."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._tokens: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
            self._token("姓名", name)

    @classmethod
    def for_texts(
        cls,
        texts: Iterable[str],
        extra_names: Iterable[str] = (),
        surnames: Iterable[str] = (),
        person_context: Iterable[str] = (),
    ) -> Redactor:
        corpus = "\n".join(t for t in texts if t)
        names = set(extra_names) | find_person_names(corpus, surnames, person_context)
        redactor = cls(names)
        for pattern, label in ((_ID_CARD, "身份证号"), (_MOBILE, "电话"), (_LANDLINE, "电话")):
            for match in pattern.finditer(corpus):
                redactor._token(label, match.group(0))
        return redactor

    def _token(self, label: str, value: str) -> str:
        if value not in self._tokens:
            self._counts[label] = self._counts.get(label, 0) + 1
            self._tokens[value] = f"〔{label}{self._counts[label]}〕"
        return self._tokens[value]

    @property
    def secrets(self) -> list[str]:
        """Every masked value (tests assert none of them is ever sent)."""
        return list(self._tokens)

    def mask(self, text: str) -> str:
        # Numbers first (they cannot contain a name), then names, longest first so 欧阳明华 beats 欧阳明.
        for pattern in (_ID_CARD, _MOBILE, _LANDLINE):
            text = pattern.sub(lambda m: self._tokens.get(m.group(0), m.group(0)), text)
        for value in sorted(self._tokens, key=len, reverse=True):
            if value in text:
                text = text.replace(value, self._tokens[value])
        return text

    def restore(self, text: str) -> str:
        for value, token in self._tokens.items():
            if token in text:
                text = text.replace(token, value)
        return text

    def restore_data(self, data: Any) -> Any:
        if isinstance(data, str):
            return self.restore(data)
        if isinstance(data, list):
            return [self.restore_data(item) for item in data]
        if isinstance(data, dict):
            return {key: self.restore_data(value) for key, value in data.items()}
        return data


def find_person_names(corpus: str, surnames: Iterable[str] = (), person_context: Iterable[str] = ()) -> set[str]:
    singles = "".join(sorted({s for s in surnames if len(s) == 1} or set(_DEFAULT_SURNAMES)))
    doubles = sorted({s for s in surnames if len(s) == 2} | set(_DEFAULT_DOUBLE_SURNAMES), key=len, reverse=True)
    surname = f"(?:{'|'.join(doubles)}|[{singles}])"
    contexts = sorted(set(person_context) | set(_DEFAULT_PERSON_CONTEXT), key=len, reverse=True)
    before_context = re.compile(rf"({surname}[\u4e00-\u9fff]{{1,2}}?)(?=(?:{'|'.join(map(re.escape, contexts))}))")
    after_label = re.compile(rf"(?:{_LABELS})[:：\s]*({surname}[\u4e00-\u9fff]{{1,2}})(?![\u4e00-\u9fff])")
    found: set[str] = set()
    for pattern in (after_label, before_context):
        for match in pattern.finditer(corpus):
            candidate = match.group(1)
            given = candidate[2:] if candidate[:2] in doubles else candidate[1:]
            if given and not set(given) & _NOT_GIVEN_NAME:
                found.add(candidate)
    # A two-character match can be the start of a three-character name found elsewhere ("王跃" of
    # "王跃强"): keep the longer one, or masking would leave its last character behind.
    return {name for name in found if not any(other != name and other.startswith(name) for other in found)}
