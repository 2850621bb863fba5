"""Config file and option validation: a typo is an error, never a silent default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crawler.config import AuditConfig, ConfigError, build_config, read_config_file


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "klarsyn.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_then_command_line(tmp_path: Path) -> None:
    values = read_config_file(
        _write(
            tmp_path,
            (
                "[audit]\nstart_urls = ['https://www.alvbyn.se/']\nmax_pages = 40\n"
                "page_timeout = 12\nexclude = '/sok'\n"
            ),
        )
    )
    config = build_config(values, {"max_pages": 10, "browsers": None})
    assert config.start_urls == ("https://www.alvbyn.se/",)
    assert config.max_pages == 10
    assert config.browsers == AuditConfig().browsers
    assert config.page_timeout == 12.0
    assert config.exclude == ("/sok",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[audit]\nmax_pagez = 3\n", "unknown setting(s) max_pagez"),
        ("[audit]\nmax_pages = 'många'\n", "'max_pages' must be a whole number"),
        ("[audit]\nbest_practice = 1\n", "'best_practice' must be true or false"),
        ("[audit\n", "is not valid TOML"),
        ("[audit]\nstart_urls = ['ftp://x.se/']\n", "is not an http or https URL"),
        ("[audit]\nquery = 'sometimes'\n", "'query' must be one of keep, drop"),
        ("[audit]\nbrowsers = 0\n", "'browsers' must be at least 1"),
        ("[audit]\nexclude = ['(']\n", "is not a valid regular expression"),
        ("[audit]\nformats = ['docx']\n", "formats must be among html, json, csv"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        build_config(read_config_file(_write(tmp_path, text)), {})


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        read_config_file(tmp_path / "nej.toml")


def test_owners_and_audiences(tmp_path: Path) -> None:
    values = read_config_file(
        _write(
            tmp_path,
            (
                "[[owner]]\nname = 'Socialförvaltningen'\npattern = '/omsorg/'\n"
                "contact = 'social@alvbyn.se'\n"
                "[[audience]]\nname = 'lättläst'\npatterns = ['/lattlast/']\nlix_target = 30\n"
            ),
        )
    )
    config = build_config(values, {})
    assert config.owners[0].name == "Socialförvaltningen"
    assert config.owners[0].patterns == ("/omsorg/",)
    assert [(a.name, a.lix_target) for a in config.audiences] == [
        ("lättläst", 30.0),
        ("allmän information", 40.0),
    ]
    settings = config.public_settings()
    assert settings["owners"] == (
        {"name": "Socialförvaltningen", "patterns": ("/omsorg/",), "contact": "social@alvbyn.se"},
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[owner]]\npattern = '/x/'\n", "every owner needs a name"),
        ("[[owner]]\nname = 'A'\n", "owner A needs at least one pattern"),
        ("[[owner]]\nname = 'A'\npattern = '('\n", "is not a valid regular expression"),
        ("[[audience]]\nname = 'B'\nlix_target = 0\n", "lix_target must be a number from 1 to 100"),
        ("[[audience]]\nname = 'B'\nlix_target = 30\ncolour = 'red'\n", "unknown audience setting"),
        ("[owners]\nname = 'A'\n", "unknown table(s) owners"),
    ],
)
def test_bad_owner_or_audience(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        read_config_file(_write(tmp_path, text))
