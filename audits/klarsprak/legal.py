"""Titles of statutes and EU acts quoted in Swedish text.

A municipal page quotes the laws it applies: "lagen (1993:387) om stöd och service till
vissa funktionshindrade", "Europaparlamentets och rådets förordning (EU) 2016/679 av den 27
april 2016 om skydd för fysiska personer …". The title is the legislator's wording: the
klarspråk rules neither count it against the sentence's length at full weight nor advise
on its words (audits/klarsprak/page.py masks them).
"""

from __future__ import annotations

import re

_TITLE_END = (
    r"(?:[^,.;:!?()\n]|[.:](?=\w))*?(?=\s*(?:[,;!?(]|[.:](?!\w)|$)|\s+(?:som|när|där|eftersom|men|"
    r"innan|vilket|vilka|(?:om|och|eller)\s+(?:du|ni|vi|man|jag|hen|han|hon))\b)"
)
#: The title of a Swedish statute or an EU act, as a text quotes it: "lagen (2018:1937) om
#: tillgänglighet till digital offentlig service", "Europaparlamentets och rådets förordning
#: (EU) 2016/679 av den 27 april 2016 om skydd för fysiska personer …", up to the next
#: punctuation (a title has none but its number).
LEGAL_TITLE = re.compile(
    r"\b(?:[\wåäöÅÄÖ-]*(?:lag|lagen|förordning|förordningen|balk|balken|kungörelse)"
    r"\s+\((?:SFS\s+)?\d{4}:\d+\)\s+om\s" + _TITLE_END + r""
    r"|(?:Europaparlamentets\s+och\s+rådets\s+|[Rr]ådets\s+|[Kk]ommissionens\s+)?"
    r"(?:förordning|direktiv|beslut)(?:en|et)?\s+\((?:EU|EG|EEG|Euratom)\)\s+(?:nr\s+)?"
    r"\d+/\d+(?:/\w+)?" + _TITLE_END + r")",
)


def legal_titles(sentence: str) -> list[str]:
    """The titles of statutes and EU acts quoted in ``sentence`` (see LEGAL_TITLE)."""
    return [m.group(0) for m in LEGAL_TITLE.finditer(sentence)]
