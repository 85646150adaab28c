"""What the Office readers share: the container behind a .docx / .xlsx name.

The container is decided from the file's bytes before any parser runs.

Office files come in two containers: OOXML (.docx/.xlsx, a zip) and the OLE compound file (legacy
.doc/.xls, and also password-protected OOXML, which Office wraps in an OLE file holding an
EncryptionInfo stream). Parsers only say "not a zip"; sniffing first lets us tell the user what to do.
"""

from __future__ import annotations

import zipfile
from enum import StrEnum
from pathlib import Path

from reviewer.errors import InputError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"



def _utf16(name: str) -> bytes:
    # OLE directory entries store stream names as UTF-16LE.
    return name.encode("utf-16-le")


class Container(StrEnum):
    ZIP = "zip"
    ENCRYPTED = "encrypted"  # OLE wrapper of a password-protected OOXML file
    LEGACY_WORD = "legacy_word"  # .doc (OLE with a WordDocument stream)
    LEGACY_EXCEL = "legacy_excel"  # .xls (OLE with a Workbook / Book stream)
    OLE_OTHER = "ole_other"
    UNKNOWN = "unknown"


def sniff(path: Path) -> Container:
    """The container kind of `path`; raises InputError when the file cannot be read at all."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_OLE_MAGIC))
            if head != _OLE_MAGIC:
                return Container.ZIP if zipfile.is_zipfile(path) else Container.UNKNOWN
            # Directory sectors may sit anywhere in the file, so scan all of it; Office files that
            # reach this branch are small (an encrypted draft or a legacy document).
            data = head + handle.read()
    except OSError as error:
        raise InputError(f"无法读取文件（{error.strerror or error}）", file=str(path)) from error
    if _utf16("EncryptionInfo") in data or _utf16("EncryptedPackage") in data:
        return Container.ENCRYPTED
    if _utf16("WordDocument") in data:
        return Container.LEGACY_WORD
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return Container.LEGACY_EXCEL
    return Container.OLE_OTHER


def zip_members(path: Path) -> set[str]:
    """Names inside a zip container; empty when the central directory cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return set()


def is_word_package(members: set[str]) -> bool:
    return "word/document.xml" in members


def is_excel_package(members: set[str]) -> bool:
    return "xl/workbook.xml" in members


class Package(StrEnum):
    WORD = "word"
    EXCEL = "excel"


CORRUPT: dict[Package, str] = {
    Package.WORD: "文件已损坏或不是有效的Word文档",
    Package.EXCEL: "文件已损坏或不是有效的Excel工作簿",
}


def check_package(path: Path, expected: Package) -> None:
    """InputError, saying what to do, unless `path` is an unencrypted OOXML package of the expected kind."""
    source = str(path)
    container = sniff(path)
    if container is Container.ENCRYPTED:
        raise InputError("文件已加密，请先取消密码保护", file=source)
    if container is Container.LEGACY_WORD:
        raise InputError(".doc 格式不受支持，请另存为 .docx", file=source)
    if container is Container.LEGACY_EXCEL:
        raise InputError(".xls 格式不受支持，请另存为 .xlsx", file=source)
    if container is not Container.ZIP:
        raise InputError(CORRUPT[expected], file=source)
    members = zip_members(path)
    word, excel = is_word_package(members), is_excel_package(members)
    if expected is Package.WORD and excel and not word:
        raise InputError("文件实为 Excel 工作簿，请将扩展名改为 .xlsx", file=source)
    if expected is Package.EXCEL and word and not excel:
        raise InputError("文件实为 Word 文档，请将扩展名改为 .docx", file=source)
