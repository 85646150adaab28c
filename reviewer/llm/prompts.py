"""Prompts are Jinja2 files in prompts/, rendered strictly: a variable the code forgot is an error.

Table text is data, never instructions: the `cell` filter flattens it to one line, caps its length and
replaces the 【】 brackets that delimit rows (【行3】) and the data block, so a cell cannot fake a row,
close the data block early, or smuggle in a new section.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound

from reviewer.errors import ConfigError, LLMError

# Which files each call uses (the cache key includes their content, includes too).
PROMPT_FILES: dict[str, tuple[str, ...]] = {
    "project": ("project_system.j2", "project_user.j2", "_rubric.j2"),
    "department": ("department_system.j2", "department_user.j2", "_rubric.j2"),
    "opinion": ("opinion_system.j2", "opinion_user.j2"),
}

_SPACES = re.compile(r"\s+")


def default_prompts_dir() -> Path:
    # prompts/ sits next to the package in the source tree (the top level of the repository).
    return Path(__file__).resolve().parents[2] / "prompts"


class Prompts:
    def __init__(self, directory: Path | None = None, max_cell_chars: int = 300) -> None:
        self.directory = directory or default_prompts_dir()
        if not self.directory.is_dir():
            raise ConfigError(f"提示词目录不存在: {self.directory}")
        self.max_cell_chars = max_cell_chars
        self.env = Environment(
            loader=FileSystemLoader(self.directory),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
            trim_blocks=False,
        )
        self.env.filters["cell"] = self._cell
        self.env.filters["amount"] = _amount

    def _cell(self, value: Any, long: bool = False) -> str:
        if value is None:
            return "(空)"
        text = _SPACES.sub(" ", str(value)).strip()
        text = text.replace("【", "〖").replace("】", "〗")
        limit = self.max_cell_chars * (3 if long else 1)
        if len(text) > limit:
            text = text[:limit] + "…(已截断)"
        return text or "(空)"

    def render(self, kind: str, **variables: Any) -> list[dict[str, str]]:
        """The chat messages of one call: the system prompt (rubric) and the user prompt (the data)."""
        system_file, user_file = PROMPT_FILES[kind][:2]
        try:
            system = self.env.get_template(system_file).render(**variables).strip()
            user = self.env.get_template(user_file).render(**variables).strip()
        except TemplateNotFound as exc:
            raise ConfigError(f"缺少提示词模板 {exc.name}(目录 {self.directory})") from exc
        except TemplateError as exc:
            raise LLMError(f"提示词模板 {kind} 渲染失败: {exc}") from exc
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def fingerprint(self, kind: str) -> str:
        digest = hashlib.sha256()
        for name in PROMPT_FILES[kind]:
            path = self.directory / name
            try:
                digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
            except OSError as exc:
                raise ConfigError(f"无法读取提示词模板 {path}: {exc}") from exc
        return digest.hexdigest()


def _amount(value: float | None) -> str:
    if value is None:
        return "(未填)"
    return f"{value:g}万元"
