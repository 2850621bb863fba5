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
        ("[audit]\nformats = ['pdf']\n", "formats must be among html, json, csv"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        build_config(read_config_file(_write(tmp_path, text)), {})


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        read_config_file(tmp_path / "nej.toml")
