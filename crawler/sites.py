"""The sites file of ``klarsyn audit --sites FILE``: many sites as one job.

A TOML file with an optional ``[audit]`` table of settings every site shares, and one
``[[site]]`` table per site::

    [audit]
    max_pages = 300

    [[site]]
    name = "Vänersborgs kommun"
    start_urls = ["https://www.vanersborg.se/"]
    exclude = ["/sok\\\\?"]
    owner = [{ name = "Barn- och utbildningsförvaltningen", patterns = ["/skola/"] }]
    audience = [{ name = "lättläst", pattern = "/lattlast/", lix_target = 30 }]

    [[site]]
    name = "Biblioteken"
    config = "bibliotek.toml"      # the site's own config file

A site's table holds its ``name`` (required, unique), optionally ``config`` (the site's own
config file, relative to this file) and any setting of a config file's ``[audit]`` table,
with its owner map (``owner``) and audiences (``audience``) as arrays of tables and how
its cookie banner is answered (``consent = { reject = "…" }``, a ``[consent]`` table). Settings
are read and checked as a config file's (crawler/config.py): a site's own keys win over its
config file, which wins over the shared ``[audit]`` table. Every site needs start URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audits.tomlfile import read_toml
from crawler.config import ConfigError, config_values, read_config_file
from reports.portfolio import folder_name

#: The keys of a [[site]] table that are not settings.
_SITE_KEYS = frozenset({"name", "config", "owner", "audience", "consent"})


@dataclass(frozen=True)
class SiteEntry:
    """One site of the file: its name, its report folder and its settings as a config
    file's (``read_config_file``)."""

    name: str
    folder: str
    values: dict[str, Any]


def read_sites_file(path: Path) -> tuple[SiteEntry, ...]:
    """The sites of ``path``, in the file's order; ConfigError names the site at fault."""
    data = read_toml(path, "sites file", ConfigError)
    unknown = sorted(set(data) - {"audit", "site"})
    if unknown:
        raise ConfigError(f"sites file {path}: unknown table(s) {', '.join(unknown)}")
    folder = path.resolve().parent
    shared = config_values({"audit": data.get("audit", {})}, f"sites file {path}", folder)
    tables = data.get("site")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(f"sites file {path} needs at least one [[site]] table")
    entries: list[SiteEntry] = []
    for number, table in enumerate(tables, start=1):
        entry = _entry(table, f"sites file {path}, site {number}", folder, shared)
        if entry.name in {e.name for e in entries}:
            raise ConfigError(f"sites file {path}: the site name '{entry.name}' is used twice")
        folder_of = folder_name(entry.name, {e.folder for e in entries})
        entries.append(SiteEntry(entry.name, folder_of, entry.values))
    return tuple(entries)


def _entry(
    table: dict[str, Any], where: str, folder: Path, shared: dict[str, Any]
) -> SiteEntry:
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where} needs a name")
    name = name.strip()
    where = f"{where} ({name})"
    own: dict[str, Any] = {}
    config = table.get("config")
    if config is not None:
        if not isinstance(config, str) or not config:
            raise ConfigError(f"{where}: 'config' must be the path of a config file")
        own = read_config_file(folder / config)
    settings = {k: v for k, v in table.items() if k not in _SITE_KEYS}
    parts = {"audit": settings} | {
        k: table[k] for k in ("owner", "audience", "consent") if k in table}
    values = {**shared, **own, **config_values(parts, where, folder), "name": name}
    if not values.get("start_urls"):
        raise ConfigError(f"{where} has no start_urls")
    return SiteEntry(name, "", values)
