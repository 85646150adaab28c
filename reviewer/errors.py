"""Typed errors. Every error the user can cause carries where it happened and prints as one line."""

from __future__ import annotations


class ReviewerError(Exception):
    """Base of every error the tool reports to the user (exit code 2, no traceback)."""

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        project: str | None = None,
        row: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.file = file
        self.project = project
        self.row = row

    def __str__(self) -> str:
        where = [part for part in (self.file, self.project) if part]
        if self.row is not None:
            where.append(f"第{self.row}行")
        return f"{': '.join(where)}: {self.reason}" if where else self.reason


class InputError(ReviewerError):
    """The input file is missing, unreadable, of an unsupported kind, or holds no indicator table."""


class ConfigError(ReviewerError):
    """reviewer.toml or a command-line option is invalid."""


class LLMError(ReviewerError):
    """The LLM endpoint failed or answered something that could not be used."""
