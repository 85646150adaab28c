"""Readers: a file of any supported kind into a RawDocument (grid.py), then into the typed Document.

Dispatch is by suffix. The .docx and .xlsx readers are imported only when such a file is read, so a
plain-text run never pays for python-docx or openpyxl.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from reviewer.errors import InputError
from reviewer.model import Document
from reviewer.readers.grid import RawDocument

# suffix → (module, function); the module is imported on first use.
_READERS: dict[str, tuple[str, str]] = {
    ".txt": ("reviewer.readers.text", "read_text"),
    ".docx": ("reviewer.readers.docx", "read_docx"),
    ".xlsx": ("reviewer.readers.xlsx", "read_xlsx"),
}
SUPPORTED = tuple(_READERS)
# Formats people save drafts in that we cannot read, with what to do instead.
_SAVE_AS: dict[str, str] = {".doc": ".docx", ".wps": ".docx", ".xls": ".xlsx", ".et": ".xlsx", ".csv": ".xlsx"}


def read_raw(path: Path) -> RawDocument:
    """The file's blocks in reading order; InputError for a missing, unreadable or unsupported file."""
    source = str(path)
    if not path.exists():
        raise InputError("文件不存在", file=source)
    if path.is_dir():
        raise InputError("是目录，不是文件", file=source)
    suffix = path.suffix.lower()
    if suffix in _SAVE_AS:
        raise InputError(f"{suffix} 格式不受支持，请另存为 {_SAVE_AS[suffix]}", file=source)
    if suffix not in _READERS:
        supported = "、".join(SUPPORTED)
        raise InputError(f"不支持的文件类型“{path.suffix or '(无扩展名)'}”(支持 {supported})", file=source)
    return _reader(suffix)(path)


def read_document(path: Path) -> Document:
    """The typed Document of a draft: read_raw, then the layout step shared by every format."""
    # Imported here: reviewer.layout imports reviewer.readers.grid, i.e. this package.
    from reviewer.layout import build_document

    return build_document(read_raw(path))


def _reader(suffix: str) -> Callable[[Path], RawDocument]:
    # Imported on demand: python-docx and openpyxl are slow to import and a run rarely needs both.
    module_name, function = _READERS[suffix]
    reader: Callable[[Path], RawDocument] = getattr(importlib.import_module(module_name), function)
    return reader
