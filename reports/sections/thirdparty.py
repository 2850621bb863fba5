"""Resources from other websites: which hosts the audited pages load from, per site and page.

The browser records, per page, the hosts outside the audit's scope that the page loaded
resources from (``facts["third_party_hosts"]``, sorted ``name[:port]`` strings) and whether
the audit blocked them (``facts["third_party_blocked"]``, ``--block-third-party`` or
credentials). Cookie banners, maps, video players and e-service platforms come from such
suppliers: a fault in them is the supplier's to fix, so the report attributes them.

Counting: a host's ``pages`` counts each page that loads from it once; ``blocked`` is true
when the audit blocked it on every such page (its faults are then not in the report).
Host names come from crawled pages: they stay text and never become links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from audits.model import PageResult
from reports.viewmodel.parts import RulePage, make_link
from reports.viewmodel.sections import ThirdPartyHost, ThirdPartyView

HOSTS_FACT = "third_party_hosts"
BLOCKED_FACT = "third_party_blocked"
#: Example pages shown per host.
EXAMPLES_PER_HOST = 3


def page_hosts(page: PageResult) -> tuple[str, ...]:
    """The other hosts ``page`` loaded from (sorted, each once); () when none or unknown."""
    hosts = page.facts.get(HOSTS_FACT) or ()
    if not isinstance(hosts, list | tuple):
        return ()
    return tuple(sorted({str(h) for h in hosts if h}))


def page_blocked(page: PageResult) -> bool:
    """Whether the audit kept the page from loading anything from other hosts."""
    return page.facts.get(BLOCKED_FACT) is True


def third_party_view(pages: Sequence[PageResult], anchors: Mapping[str, str]) -> ThirdPartyView:
    """Group ``pages`` (those the report shows, see ``anchors``) by the other hosts they load."""
    by_host: defaultdict[str, list[PageResult]] = defaultdict(list)
    loading = 0
    for page in pages:
        hosts = page_hosts(page)
        loading += bool(hosts)
        for host in hosts:
            by_host[host].append(page)
    rows = [
        ThirdPartyHost(
            host=host,
            pages=len(hits),
            examples=tuple(RulePage(make_link(p.url), anchors.get(p.url, ""), 1)
                           for p in sorted(hits, key=lambda p: p.url)[:EXAMPLES_PER_HOST]),
            blocked=all(page_blocked(p) for p in hits),
        )
        for host, hits in by_host.items()
    ]
    return ThirdPartyView(
        hosts=tuple(sorted(rows, key=lambda r: (-r.pages, r.host))),
        pages=loading,
        blocked_pages=sum(page_blocked(p) for p in pages),
    )

