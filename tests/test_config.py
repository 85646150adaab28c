"""reviewer.toml: defaults, every section, and one clear ConfigError for each kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.config import load_config
from reviewer.errors import ConfigError
from reviewer.findings import Finding, Kind, Severity
from reviewer.lexicon import Lexicon


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reviewer.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_in_working_directory_gives_defaults(tmp_path: Path) -> None:
    config = load_config(cwd=tmp_path)
    assert config.rules.select == [] and config.accept == []


def test_config_in_working_directory_is_found(tmp_path: Path) -> None:
    _write(tmp_path, '[rules]\nignore = ["DEP"]\n')
    assert load_config(cwd=tmp_path).rules.ignore == ["DEP"]


def test_every_section(tmp_path: Path) -> None:
    (tmp_path / "extra.txt").write_text("# mine\n稳步推进\n", encoding="utf-8")
    path = _write(
        tmp_path,
        """
[rules]
select = ["VAL", "CLS001"]
severity = { VAL002 = "info" }
[rules.thresholds]
rate_floor = 70
[lexicon.add]
generic_names = ["保障有力"]
[lexicon.files]
vague_phrases = "extra.txt"
[[accept]]
rule = "BAS"
project = "甲项目"
reason = "依据另附"
[grading]
fair_errors = 5
[llm]
model = "local"
""",
    )
    config = load_config(path)
    assert config.rules.enabled("VAL001") and config.rules.enabled("CLS001") and not config.rules.enabled("CLS002")
    assert config.rules.severity["VAL002"] is Severity.INFO
    assert config.rules.thresholds.rate_floor == 70
    lexicon = Lexicon.load(config.lexicon)
    assert "保障有力" in lexicon.words("generic_names")
    assert "稳步推进" in lexicon.words("vague_phrases")  # the relative path resolved against the config file
    finding = Finding(rule="BAS001", kind=Kind.BASIS_INVALID, severity=Severity.WARNING, project="甲项目", row=2, message="…")
    assert config.accepted(finding)
    assert not config.accepted(finding.model_copy(update={"project": "乙项目"}))
    assert config.grading == {"fair_errors": 5} and config.llm == {"model": "local"}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[rules\n", "不是有效的 TOML"),
        ("[rulez]\n", "rulez"),
        ('[rules]\nseverity = { VAL001 = "fatal" }\n', "rules.severity.VAL001"),
        ("[rules.thresholds]\nrate_floor = \"high\"\n", "rules.thresholds.rate_floor"),
        ("[lexicon]\nfiles = { vague_phrases = 3 }\n", "lexicon.files.vague_phrases"),
        ("lexicon = 3\n", "lexicon"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(_write(tmp_path, text))
    assert reason in str(info.value) and "reviewer.toml" in str(info.value)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="配置文件不存在"):
        load_config(tmp_path / "nope.toml")


def test_unknown_word_list_and_unreadable_file(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, '[lexicon.add]\nnot_a_list = ["x"]\n'))
    with pytest.raises(ConfigError, match="未知的词表名"):
        Lexicon.load(config.lexicon)
    config = load_config(_write(tmp_path, '[lexicon.files]\nvague_phrases = ["missing.txt"]\n'))
    with pytest.raises(ConfigError, match="无法读取词表文件"):
        Lexicon.load(config.lexicon)
