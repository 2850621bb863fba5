"""The site's name: what the report's heading, its <title> and its printed page header call
the audited site.

A name, never a list: a run of a thousand start URLs still gets a heading one line long.

- An audit of a URL list (``--urls FILE``, stored as the ``fixed_urls`` setting):
  "N adresser från en lista" ("1 adress från en lista"), whatever hosts the list names.
- Otherwise the start URLs' hosts, each once, in the order first given: one host alone
  ("www.alvbyn.se", also for several start URLs on it), two or three joined in Swedish
  ("a.se, b.se och c.se"), more than three as the first three and how many more
  ("a.se, b.se, c.se och 2 till"). A host keeps an explicit port (the same host on
  another port is another site); a start URL without a host is named as given.

Numbers are written as the rest of the report writes counts: digits alone ("1000").
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from audits.model import RunInfo
from reports.i18n import SWEDISH, Translator
from reports.runsettings import RunSettings

#: How many hosts the name lists before it says how many more there are.
MAX_HOSTS_NAMED = 3


def run_site_name(run: RunInfo, settings: RunSettings, words: Translator = SWEDISH) -> str:
    """The name of the site ``run`` audited, from its stored start URLs.

    A store written before the start URLs were a setting has them only in ``run.site``
    (the start URLs joined by ", "); that is read instead.
    """
    start_urls = settings.start_urls or tuple(u for u in run.site.split(", ") if u)
    return site_name(start_urls, from_list=settings.fixed_urls, words=words)


def site_name(
    start_urls: Sequence[str], *, from_list: bool, words: Translator = SWEDISH
) -> str:
    """The site's name of ``start_urls`` (see the module's docstring); ``from_list``: the
    URLs came from a ``--urls`` file."""
    if from_list:
        n = len(start_urls)
        return words.ngettext(
            "%(n)s adress från en lista", "%(n)s adresser från en lista", n
        ) % {"n": n}
    hosts = list(dict.fromkeys(_host(u) for u in start_urls))
    if len(hosts) > MAX_HOSTS_NAMED:
        named, more = hosts[:MAX_HOSTS_NAMED], len(hosts) - MAX_HOSTS_NAMED
        return words.gettext("%(hosts)s och %(n)s till") % {"hosts": ", ".join(named), "n": more}
    if len(hosts) > 1:
        return words.gettext("%(hosts)s och %(last)s") % {
            "hosts": ", ".join(hosts[:-1]), "last": hosts[-1]}
    return hosts[0] if hosts else ""


def _host(url: str) -> str:
    """The URL's host (lower case, an explicit port kept), or the URL itself without one."""
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        return url
    if not host:
        return url
    return f"{host}:{port}" if port is not None else host
