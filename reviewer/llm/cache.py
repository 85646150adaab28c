"""SQLite cache of model answers, keyed by everything that determines the answer.

The key hashes the model, the base URL, the structured-output mode, the rendered messages, the
response schema, the prompt files' content and CACHE_VERSION (bump it when the meaning of a stored
answer changes). The value is the answer's JSON exactly as the model returned it (masked when
--redact is on) plus its token counts: it is validated again on every read, so a change in our rules
shows at once. Entries are written one per call as it completes, so a killed run resumes.
No request, header or key is stored.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel

from reviewer.errors import ConfigError

CACHE_VERSION = 1

_SCHEMA = """
create table if not exists answers (
    key text primary key,
    call text not null,
    model text not null,
    created real not null,
    answer text not null,
    prompt_tokens integer not null default 0,
    completion_tokens integer not null default 0
)
"""


def cache_key(
    *,
    model: str,
    base_url: str,
    mode: str,
    messages: list[dict[str, str]],
    response_model: type[BaseModel],
    prompt_fingerprint: str,
) -> str:
    material = {
        "version": CACHE_VERSION,
        "model": model,
        "base_url": base_url.rstrip("/"),
        "mode": mode,
        "messages": messages,
        "schema": _schema(response_model),
        "prompts": prompt_fingerprint,
    }
    encoded = json.dumps(material, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@functools.cache
def _schema(response_model: type[BaseModel]) -> dict[str, Any]:
    return response_model.model_json_schema()


@dataclass(frozen=True)
class CachedAnswer:
    answer: str
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class CacheStats:
    path: Path
    entries: int
    size_bytes: int
    by_call: dict[str, int]
    oldest: float | None
    newest: float | None


class ResponseCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            self._db.execute("pragma journal_mode=wal")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"无法打开模型缓存: {exc}", file=str(path)) from exc

    def get(self, key: str) -> CachedAnswer | None:
        row = self._db.execute(
            "select answer, prompt_tokens, completion_tokens from answers where key = ?", (key,)
        ).fetchone()
        return CachedAnswer(row[0], row[1], row[2]) if row else None

    def put(self, key: str, *, call: str, model: str, answer: str, prompt_tokens: int, completion_tokens: int) -> None:
        self._db.execute(
            "insert or replace into answers values (?, ?, ?, ?, ?, ?, ?)",
            (key, call, model, time.time(), answer, prompt_tokens, completion_tokens),
        )
        self._db.commit()

    def stats(self) -> CacheStats:
        by_call = dict(self._db.execute("select call, count(*) from answers group by call").fetchall())
        oldest, newest = self._db.execute("select min(created), max(created) from answers").fetchone()
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return CacheStats(self.path, sum(by_call.values()), size, by_call, oldest, newest)

    def clear(self) -> int:
        removed = self._db.execute("delete from answers").rowcount
        self._db.commit()
        self._db.execute("vacuum")
        return removed

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def describe(stats: CacheStats) -> str:
    """`reviewer cache stats` in Chinese, one fact per line."""

    def when(stamp: float | None) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(stamp)) if stamp else "—"

    calls = {"project": "项目", "department": "部门整体", "opinion": "审核意见"}
    lines = [
        f"缓存文件: {stats.path}",
        f"条目数: {stats.entries}" + (
            "(" + "，".join(f"{calls.get(k, k)} {v}" for k, v in sorted(stats.by_call.items())) + ")"
            if stats.by_call else ""
        ),
        f"大小: {stats.size_bytes / 1024:.1f} KiB",
        f"最早: {when(stats.oldest)}  最新: {when(stats.newest)}",
    ]
    return "\n".join(lines)
