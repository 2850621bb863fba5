"""The demo site's PDF documents, written by a tiny hand-made PDF 1.4 writer.

One document has a real text stream (Helvetica, WinAnsi so å, ä and ö work);
the other is "scanned": drawn shapes and no text at all, like a scanned paper
that a screen reader cannot read. Neither is tagged. Output is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """A one-page PDF: a title for the document info and either text lines or none."""

    title: str
    lines: tuple[str, ...] = ()


DOCUMENTS: dict[str, Document] = {
    "/dokument/taxa-2026.pdf": Document(
        title="Taxa för bygglov och anmälan 2026",
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
    "/dokument/detaljplan-norra-strand-plankarta.pdf": Document(
        title="Plankarta detaljplan Norra strand (inskannad)",
    ),
}


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi encoding, with parentheses and backslashes escaped."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content(document: Document) -> bytes:
    """The page's content stream: text lines, or shapes only for a scanned document."""
    if not document.lines:
        shapes = [
            b"0.85 g 40 60 515 720 re f",
            b"0.3 G 2 w 80 120 435 600 re S",
            b"0.5 G 1 w 80 420 m 515 420 l S 300 120 m 300 720 l S",
            b"0.6 g 120 500 140 160 re f 340 200 120 180 re f",
        ]
        return b"\n".join(shapes) + b"\n"
    body = [b"BT /F1 11 Tf 14 TL 56 780 Td"]
    body += [_pdf_string(line) + b" Tj T*" for line in document.lines]
    return b"\n".join([*body, b"ET"]) + b"\n"


def render_pdf(document: Document) -> bytes:
    """Write a complete one-page PDF with a correct cross-reference table."""
    stream = _content(document)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (sv-SE) >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Title " + _pdf_string(document.title) + b" /Producer (klarsyn demo) >>",
    ]
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
