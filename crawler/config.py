"""Audit settings: defaults, a TOML config file, and command-line options on top.

A config file holds an ``[audit]`` table whose keys are the fields of
:class:`AuditConfig`, and optionally ``[[owner]]`` and ``[[audience]]`` arrays (see
README.md and audits/targets.py), a ``[consent]`` table (:class:`Consent`), and the
``[digest]`` and ``[mail]`` tables that klarsyn/mailsettings.py reads. Unknown keys and
wrong types are errors, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from audits.axe import DEFAULT_TAGS
from audits.plain_language import DEFAULT_OFF, RULES
from audits.targets import DEFAULT_AUDIENCES, GENERAL, Audience, Owner
from audits.tomlfile import read_toml
from crawler.scope import QUERY_POLICIES
from reports.editlinks import check_template
from reports.i18n import LANGUAGES
from reports.reporters.files import DEFAULT_FORMATS, FORMATS


class ConfigError(ValueError):
    """Bad settings: the message is one sentence for the user."""


#: What a visitor answers a cookie banner: rejecting is the default, as the visitor who
#: shares the least.
CONSENT_ACTIONS = ("reject", "accept")


@dataclass(frozen=True)
class Consent:
    """``[consent]``: how the browsers answer the site's cookie banner before they audit.

    ``reject`` and ``accept`` are CSS selectors of the banner's buttons; ``action`` says
    which one is clicked (its selector must be set); ``banner`` is a CSS selector of the
    banner itself ("": the clicked button's closest dialog, else its parent element),
    which is audited once, open, and must be gone after the click
    (crawler/browser/consent.py).
    """

    reject: str = ""
    accept: str = ""
    action: str = "reject"
    banner: str = ""

    @property
    def button(self) -> str:
        """The selector of the button that is clicked."""
        return self.accept if self.action == "accept" else self.reject


def consent_from(value: Any) -> Consent:
    """A ``[consent]`` table (or its stored settings) as a Consent, or ConfigError."""
    if not isinstance(value, dict):
        raise ConfigError("[consent] must be a table")
    allowed = {f.name for f in dataclasses.fields(Consent)}
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ConfigError(f"unknown [consent] setting(s) {', '.join(unknown)}")
    bad = sorted(k for k, v in value.items() if not isinstance(v, str))
    if bad:
        raise ConfigError(f"[consent] {', '.join(bad)} must be a string")
    consent = Consent(**{k: v.strip() for k, v in value.items()})
    if consent.action not in CONSENT_ACTIONS:
        raise ConfigError(f"[consent] action must be {' or '.join(CONSENT_ACTIONS)}")
    if not consent.button:
        raise ConfigError(
            f"[consent] needs the CSS selector of the button to click: {consent.action} = \"…\""
        )
    return consent


@dataclass(frozen=True)
class AuditConfig:
    start_urls: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    query: str = "keep"
    max_pages: int = 500
    max_depth: int = 10
    fixed_urls: bool = False
    browsers: int = 2
    page_timeout: float = 30.0
    download_timeout: float = 30.0
    tags: tuple[str, ...] = DEFAULT_TAGS
    best_practice: bool = False
    min_words: int = 50
    #: Klarspråk rules not run (by rule id); by default the rules whose measured
    #: precision is too low to run unasked (audits.plain_language.DEFAULT_OFF).
    klarsprak_off: tuple[str, ...] = tuple(sorted(DEFAULT_OFF))
    #: Pages and documents older than this are "inaktuella" (policy-stale-*).
    max_age_days: int = 365
    #: The day ages are counted to (ISO date); empty: the day the audit starts.
    reference_date: str = ""
    formats: tuple[str, ...] = DEFAULT_FORMATS
    #: The language of the reports' own words (reports.i18n.LANGUAGES).
    lang: str = "sv"
    loopback_only: bool = False
    #: The browser loads nothing from hosts outside the scope (third-party resources).
    block_third_party: bool = False
    #: Trap limits (see README, "Traps"): URLs of one path that differ only in their
    #: query string, and the longest URL followed.
    max_query_variants: int = 50
    max_url_length: int = 2000
    #: Keep an evidence pack: each page's rendered HTML and screenshots, and a screenshot of
    #: each WCAG violation's element (reports/evidence.py), under <out>/evidence/run-<id>.
    evidence: bool = False
    #: Re-use the previous run's results for pages whose HTML and same-site subresources
    #: did not change (crawler/incremental.py).
    incremental: bool = False
    #: Put in the User-Agent so a site owner can reach whoever runs the audit.
    contact: str = ""
    #: A TOML file of accepted exceptions (audits/exceptions.py); "" for none. In a config
    #: file a relative path is taken from the config file's folder.
    exceptions: str = ""
    #: The site's name in a portfolio (``klarsyn audit --sites``); "": named by its hosts.
    name: str = ""
    #: The CMS address of a page's editor, with ``{url}``, ``{path}`` or ``{host}``
    #: (reports/editlinks.py): "Redigera sidan" beside every page; "": no links.
    edit_url: str = ""
    owners: tuple[Owner, ...] = ()
    audiences: tuple[Audience, ...] = DEFAULT_AUDIENCES
    #: How the browsers answer the cookie banner; None: they click nothing.
    consent: Consent | None = None

    def public_settings(self) -> dict[str, object]:
        """What the report's method section and the store show (no credentials live here)."""
        return dataclasses.asdict(self)


_TABLES = ("owners", "audiences", "consent")
_FIELDS = {f.name: f for f in dataclasses.fields(AuditConfig) if f.name not in _TABLES}


def _coerce(name: str, value: Any) -> Any:
    default = _FIELDS[name].default
    if isinstance(default, tuple):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"'{name}' must be a list of strings")
        return tuple(value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"'{name}' must be true or false")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"'{name}' must be a whole number")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"'{name}' must be a number")
        return float(value)
    if not isinstance(value, str):
        raise ConfigError(f"'{name}' must be a string")
    return value


def read_config_file(path: Path) -> dict[str, Any]:
    """The ``[audit]`` table of a TOML file, type-checked."""
    data = read_toml(path, "config file", ConfigError)
    return config_values(data, f"config file {path}", path.resolve().parent)


def config_values(data: dict[str, Any], where: str, folder: Path) -> dict[str, Any]:
    """The settings of a config file's tables (``audit``, ``owner``, ``audience``,
    ``consent``),
    type-checked; an error names ``where`` they come from, and a relative exceptions file
    is taken from ``folder``."""
    # [digest] and [mail] are the digest's and its e-mail's (klarsyn/mailsettings.py).
    unknown = sorted(set(data) - {"audit", "owner", "audience", "consent", "digest", "mail"})
    if unknown:
        raise ConfigError(f"{where}: unknown table(s) {', '.join(unknown)}")
    table = data.get("audit", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [audit] must be a table")
    unknown = sorted(set(table) - set(_FIELDS))
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s) {', '.join(unknown)}")
    try:
        values = {name: _coerce(name, value) for name, value in table.items()}
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    if values.get("exceptions"):
        values["exceptions"] = str(folder / values["exceptions"])
    try:
        if "owner" in data:
            values["owners"] = tuple(_owner(entry) for entry in _entries(data["owner"]))
        if "audience" in data:
            audiences = tuple(_audience(entry) for entry in _entries(data["audience"]))
            if all(a.patterns for a in audiences):
                audiences += (GENERAL,)
            values["audiences"] = audiences
        if "consent" in data:
            values["consent"] = consent_from(data["consent"])
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    return values


def _entries(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError("[[owner]] and [[audience]] must be arrays of tables")
    return value


def _patterns(entry: dict[str, Any], kind: str) -> tuple[str, ...]:
    raw = entry.get("patterns", entry.get("pattern", []))
    patterns = [raw] if isinstance(raw, str) else raw
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ConfigError(f"{kind} patterns must be strings")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"'{pattern}' is not a valid regular expression ({exc})") from exc
    return tuple(patterns)


def _name(entry: dict[str, Any], kind: str, allowed: set[str]) -> str:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise ConfigError(f"unknown {kind} setting(s) {', '.join(unknown)}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"every {kind} needs a name")
    return name.strip()


def _owner(entry: dict[str, Any]) -> Owner:
    name = _name(entry, "owner", {"name", "pattern", "patterns", "contact"})
    contact = entry.get("contact", "")
    if not isinstance(contact, str):
        raise ConfigError(f"owner {name}: contact must be a string")
    patterns = _patterns(entry, "owner")
    if not patterns:
        raise ConfigError(f"owner {name} needs at least one pattern")
    return Owner(name, patterns, contact)


def _audience(entry: dict[str, Any]) -> Audience:
    name = _name(entry, "audience", {"name", "pattern", "patterns", "lix_target"})
    target = entry.get("lix_target")
    if isinstance(target, bool) or not isinstance(target, int | float) or not 0 < target <= 100:
        raise ConfigError(f"audience {name}: lix_target must be a number from 1 to 100")
    return Audience(name, _patterns(entry, "audience"), float(target))


def check_url(url: str) -> str:
    """An absolute http(s) URL with a host, or ConfigError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"'{url}' is not an http or https URL")
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise ConfigError(f"'{url}' has an invalid port") from exc
    return url


def build_config(file_values: dict[str, Any], overrides: dict[str, Any]) -> AuditConfig:
    """Defaults, then the file, then the command line; validated as a whole."""
    values = {**file_values, **{k: v for k, v in overrides.items() if v is not None}}
    config = AuditConfig(**values)
    for url in config.start_urls:
        check_url(url)
    if config.query not in QUERY_POLICIES:
        raise ConfigError(f"'query' must be one of {', '.join(QUERY_POLICIES)}")
    for name in (
        "max_pages",
        "browsers",
        "min_words",
        "max_age_days",
        "max_query_variants",
        "max_url_length",
    ):
        if getattr(config, name) < 1:
            raise ConfigError(f"'{name}' must be at least 1")
    if config.max_depth < 0:
        raise ConfigError("'max_depth' must be 0 or more")
    if config.page_timeout <= 0 or config.download_timeout <= 0:
        raise ConfigError("timeouts must be more than 0 seconds")
    if config.reference_date:
        try:
            date.fromisoformat(config.reference_date)
        except ValueError as exc:
            raise ConfigError("'reference_date' must be a date like 2026-11-26") from exc
    unknown = sorted(set(config.klarsprak_off) - set(RULES))
    if unknown:
        raise ConfigError(
            f"'klarsprak_off' names no klarspråk rule: {', '.join(unknown)} "
            f"(the rules are {', '.join(RULES)})"
        )
    bad = sorted(set(config.formats) - set(FORMATS))
    if bad or not config.formats:
        raise ConfigError(f"formats must be among {', '.join(FORMATS)} (got {', '.join(bad)})")
    if config.lang not in LANGUAGES:
        raise ConfigError(f"'lang' must be one of {', '.join(LANGUAGES)} (got {config.lang!r})")
    if config.edit_url:
        try:
            check_template(config.edit_url)
        except ValueError as exc:
            raise ConfigError(str(exc)) from exc
    for pattern in config.include + config.exclude:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"'{pattern}' is not a valid regular expression ({exc})") from exc
    return config
