"""Word lists the rules consult. They are data files (reviewer/data/<name>.txt, one entry per line,
'#' starts a comment) so reviewers can extend them from reviewer.toml without touching code."""

from __future__ import annotations

import re
from functools import cached_property
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from reviewer.errors import ConfigError

# name -> what the list holds; each has a file reviewer/data/<name>.txt
LEXICONS: dict[str, str] = {
    "vague_phrases": "空泛、不可考核的表述(指标值或绩效目标中出现即视为未量化)",
    "positive_words": "正向指标的特征词(越高越好：完成率、覆盖率、及时率、满意度…)",
    "negative_words": "反向指标的特征词(越低越好：成本、再犯罪率、故障率、投诉…)",
    "generic_names": "空泛的三级指标名称(可放在任何项目中的套话)",
    "environment_terms": "表明项目涉及生态环境的词语",
    "fund_flow_terms": "资金流转类表述(以投入代替产出)",
    "placeholder_patterns": "模板占位文字的正则表达式",
    "basis_sources": "指标值确定依据中表明来源的词语(文件、计划、标准、统计、上年数据、合同、预算…)",
    "basis_vague": "不构成确定依据的表述(结合实际、逐年提升…)；以^开头的词条只在开头匹配",
    "surnames": "常见姓氏(识别个人姓名)",
    "personal_context": "紧跟个人姓名、指向个人事务的词语(家属、医疗、救助…)",
}


class LexiconSettings(BaseModel):
    """[lexicon] in reviewer.toml: add entries inline or from extra files (one entry per line)."""

    model_config = ConfigDict(extra="forbid")

    add: dict[str, list[str]] = Field(default_factory=dict, description="按词表名追加词条")
    files: dict[str, list[Path]] = Field(default_factory=dict, description="按词表名追加词表文件")


def _read_entries(text: str) -> list[str]:
    entries = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if entry:
            entries.append(entry)
    return entries


class Lexicon:
    """All word lists, loaded once: the packaged files plus what the config adds."""

    def __init__(self, lists: dict[str, list[str]]) -> None:
        unknown = set(lists) - set(LEXICONS)
        if unknown:
            raise ConfigError(f"未知的词表名: {', '.join(sorted(unknown))}(可用: {', '.join(LEXICONS)})")
        self.lists = lists

    @classmethod
    def load(cls, settings: LexiconSettings | None = None) -> Lexicon:
        settings = settings or LexiconSettings()
        lists: dict[str, list[str]] = {}
        data = resources.files("reviewer") / "data"
        for name in LEXICONS:
            lists[name] = _read_entries((data / f"{name}.txt").read_text(encoding="utf-8"))
        for name, paths in settings.files.items():
            for path in paths:
                try:
                    text = Path(path).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise ConfigError(f"无法读取词表文件: {exc}", file=str(path)) from exc
                lists.setdefault(name, []).extend(_read_entries(text))
        for name, words in settings.add.items():
            lists.setdefault(name, []).extend(w.strip() for w in words if w.strip())
        return cls(lists)

    def words(self, name: str) -> list[str]:
        return self.lists[name]

    def contains_any(self, name: str, text: str) -> str | None:
        """The first entry of list `name` that occurs in `text`, or None."""
        for word in self.lists[name]:
            if word in text:
                return word
        return None

    @cached_property
    def placeholder_regexes(self) -> list[re.Pattern[str]]:
        try:
            return [re.compile(p) for p in self.lists["placeholder_patterns"]]
        except re.error as exc:
            raise ConfigError(f"模板占位正则表达式无效: {exc}") from exc
