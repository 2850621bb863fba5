"""The demo site's PDF documents, written by a tiny hand-made PDF 1.4 writer.

A document is one page: text lines (Helvetica, WinAnsi so å, ä and ö work), or
none at all for a "scanned" document of drawn shapes that a screen reader
cannot read. What the document declares is up to it: a title (document info),
a language (catalog /Lang), its dates (/CreationDate and /ModDate), and whether
it is tagged: /MarkInfo and a structure tree (Document with one P per text
line, each referring to its marked content by MCID). A titled document asks
viewers to show the title (/DisplayDocTitle). Output is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """A one-page PDF and what it declares ("" for a title or language: none)."""

    modified: str  # ISO date, written as both /CreationDate and /ModDate
    title: str = ""
    lang: str = ""
    tagged: bool = False
    lines: tuple[str, ...] = ()


DOCUMENTS: dict[str, Document] = {
    # Clean: tagged, with title and language.
    "/dokument/taxa-2026.pdf": Document(
        modified="2026-01-08",
        title="Taxa för bygglov och anmälan 2026",
        lang="sv-SE",
        tagged=True,
        lines=(
            "Älvbyns kommun - Samhällsbyggnadsförvaltningen",
            "Taxa för bygglov och anmälan 2026",
            "Beslutad av kommunfullmäktige den 24 november 2025, § 112.",
            "Taxan gäller från den 1 januari 2026.",
            "",
            "Bygglov för nybyggnad av enbostadshus: 24 600 kronor",
            "Bygglov för tillbyggnad av enbostadshus: 9 800 kronor",
            "Bygglov för fritidshus: 18 300 kronor",
            "Anmälan om eldstad: 3 200 kronor",
            "Rivningslov: 4 100 kronor",
            "Strandskyddsdispens: 8 600 kronor",
            "",
            "Avgiften tas ut när beslutet har fattats.",
            "Frågor om taxan besvaras av bygglovsenheten, telefon 0999-12 31 00.",
        ),
    ),
    # Scanned: shapes only, untagged, no title, no language.
    "/dokument/detaljplan-norra-strand-plankarta.pdf": Document(modified="2026-07-15"),
    # Scanned and untagged, but with a title and a language.
    "/kultur-och-fritid/dokument/skoterleder-karta.pdf": Document(
        modified="2026-10-30",
        title="Karta över skoterleder vintern 2026-2027",
        lang="sv-SE",
    ),
    # Untagged text, no title, no language.
    "/omsorg-och-stod/dokument/ansokan-om-bostadsanpassningsbidrag.pdf": Document(
        modified="2026-09-01",
        lines=(
            "Älvbyns kommun - Socialförvaltningen",
            "Ansökan om bostadsanpassningsbidrag",
            "",
            "Sökandens namn:",
            "Adress:",
            "Telefon:",
            "",
            "Vilken anpassning söker du bidrag för?",
            "Beskriv hur funktionsnedsättningen påverkar dig i bostaden.",
            "",
            "Bifoga intyg från arbetsterapeut eller läkare och en offert.",
            "Skicka ansökan till Socialförvaltningen, Box 100, 999 30 Älvbyn.",
        ),
    ),
    # Tagged, with title and language, but last changed in 2022.
    "/kultur-och-fritid/dokument/riktlinjer-for-foreningsbidrag-2022.pdf": Document(
        modified="2022-03-15",
        title="Riktlinjer för föreningsbidrag 2022",
        lang="sv-SE",
        tagged=True,
        lines=(
            "Älvbyns kommun - Kultur- och fritidsförvaltningen",
            "Riktlinjer för föreningsbidrag 2022",
            "Antagna av kultur- och fritidsnämnden den 15 mars 2022, § 18.",
            "",
            "Aktivitetsbidrag: 25 kronor per deltagartillfälle för deltagare 7-20 år.",
            "Lokalbidrag: högst 40 procent av föreningens lokalkostnad.",
            "Arrangemangsbidrag: högst 15 000 kronor per arrangemang.",
            "",
            "Föreningen ska vara registrerad i kommunens föreningsregister.",
        ),
    ),
}


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi encoding, with parentheses and backslashes escaped."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content(document: Document) -> bytes:
    """The page's content stream: text lines (tagged: each line marked content with its
    MCID), or shapes only for a scanned document."""
    if not document.lines:
        shapes = [
            b"0.85 g 40 60 515 720 re f",
            b"0.3 G 2 w 80 120 435 600 re S",
            b"0.5 G 1 w 80 420 m 515 420 l S 300 120 m 300 720 l S",
            b"0.6 g 120 500 140 160 re f 340 200 120 180 re f",
        ]
        return b"\n".join(shapes) + b"\n"
    body = [b"BT /F1 11 Tf 14 TL 56 780 Td"]
    mcid = 0
    for line in document.lines:
        if not document.tagged:
            body.append(_pdf_string(line) + b" Tj T*")
        elif line:
            body.append(b"/P <</MCID %d>> BDC " % mcid + _pdf_string(line) + b" Tj EMC T*")
            mcid += 1
        else:
            body.append(b"T*")
    return b"\n".join([*body, b"ET"]) + b"\n"


def _pdf_date(iso: str) -> bytes:
    """``2026-01-08`` -> ``(D:20260108090000+01'00')``: nine in the morning, Swedish time."""
    return b"(D:%s090000+01'00')" % iso.replace("-", "").encode()


def _objects(document: Document) -> list[bytes]:
    """The document's objects, numbered from 1: catalog, pages, page, contents, font, info,
    and for a tagged document its structure tree root, Document element, parent tree and
    one P element per text line."""
    stream = _content(document)
    catalog = b"<< /Type /Catalog /Pages 2 0 R"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
    info = b"<< "
    if document.title:
        catalog += b" /ViewerPreferences << /DisplayDocTitle true >>"
        info += b"/Title " + _pdf_string(document.title) + b" "
    if document.lang:
        catalog += b" /Lang " + _pdf_string(document.lang)
    if document.tagged:
        catalog += b" /MarkInfo << /Marked true >> /StructTreeRoot 7 0 R"
        page += b" /StructParents 0"
    date = _pdf_date(document.modified)
    objects = [
        catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page + b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        info + b"/Producer (klarsyn demo) /CreationDate " + date + b" /ModDate " + date + b" >>",
    ]
    if document.tagged:
        paragraphs = [b"%d 0 R" % (10 + mcid) for mcid in range(sum(map(bool, document.lines)))]
        objects += [
            b"<< /Type /StructTreeRoot /K 8 0 R /ParentTree 9 0 R /ParentTreeNextKey 1 >>",
            b"<< /Type /StructElem /S /Document /P 7 0 R /K [" + b" ".join(paragraphs) + b"] >>",
            b"<< /Nums [0 [" + b" ".join(paragraphs) + b"]] >>",
        ]
        objects += [
            b"<< /Type /StructElem /S /P /P 8 0 R /Pg 3 0 R /K %d >>" % mcid
            for mcid in range(len(paragraphs))
        ]
    return objects


def render_pdf(document: Document) -> bytes:
    """Write a complete one-page PDF with a correct cross-reference table."""
    objects = _objects(document)
    out = bytearray(b"%PDF-1.4\n%\xe5\xe4\xf6\xc5\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
