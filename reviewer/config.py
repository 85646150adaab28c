"""reviewer.toml: found in the working directory or given with --config. Every key is in the README."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reviewer.errors import ConfigError
from reviewer.findings import Finding
from reviewer.lexicon import LexiconSettings
from reviewer.rules.settings import RuleSettings

CONFIG_NAME = "reviewer.toml"


class Accepted(BaseModel):
    """A finding the reviewer has accepted: left out of reports from then on."""

    model_config = ConfigDict(extra="forbid")

    rule: str | None = Field(None, description="规则代码或前缀，如 VAL001")
    kind: str | None = Field(None, description="问题类型，如 basis_invalid")
    project: str | None = Field(None, description="项目名称；省略表示所有项目")
    row: int | None = Field(None, description="指标行号；省略表示该项目所有行")
    reason: str = Field("", description="接受的理由(留档)")

    def matches(self, finding: Finding) -> bool:
        return (
            (self.rule is None or finding.rule.startswith(self.rule))
            and (self.kind is None or finding.kind == self.kind)
            and (self.project is None or finding.project == self.project)
            and (self.row is None or finding.row == self.row)
        )


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: RuleSettings = Field(default_factory=RuleSettings)
    lexicon: LexiconSettings = Field(default_factory=LexiconSettings)
    accept: list[Accepted] = Field(default_factory=list)
    # Parsed by the stages that own them, so this module does not import them.
    llm: dict[str, Any] = Field(default_factory=dict)
    grading: dict[str, Any] = Field(default_factory=dict)

    def accepted(self, finding: Finding) -> bool:
        return any(entry.matches(finding) for entry in self.accept)


def _relative_to(base: Path, paths: object) -> object:
    """Word-list paths are relative to the config file, not to where reviewer runs; a wrong type is
    left for validation to report."""
    entries = [paths] if isinstance(paths, str) else paths
    if not isinstance(entries, list):
        return paths
    return [str(base / entry) if isinstance(entry, str) else entry for entry in entries]


def load_config(path: Path | None = None, cwd: Path | None = None) -> Config:
    """The given file, else reviewer.toml in the working directory, else the defaults."""
    if path is None:
        candidate = (cwd or Path.cwd()) / CONFIG_NAME
        if not candidate.is_file():
            return Config()
        path = candidate
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError("配置文件不存在", file=str(path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取配置文件: {exc}", file=str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件不是有效的 TOML: {exc}", file=str(path)) from exc
    lexicon = data.get("lexicon")
    if isinstance(lexicon, dict) and isinstance(lexicon.get("files"), dict):
        lexicon["files"] = {name: _relative_to(path.parent, paths) for name, paths in lexicon["files"].items()}
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"配置项 {where} 无效: {first['msg']}", file=str(path)) from exc
