"""audits.documents on real PDF files built here: tagged, untagged, scanned, broken."""

from __future__ import annotations

import contextlib
import random
import re
from datetime import UTC, date, datetime, timedelta, timezone
from io import BytesIO

import pytest
from pypdf import PdfReader, PdfWriter

from audits.documents import (
    MAX_TEXT_PAGES,
    DocumentError,
    PdfFacts,
    age_in_words,
    check_pdf,
    describe,
    inspect_pdf,
    office_kind,
    parse_pdf_date,
    stale_document,
)
from audits.model import Outcome, Source
from audits.policy import RULES
from crawler.demo import build_site

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def build_pdf(objects: list[bytes], info: int | None = None) -> bytes:
    """A complete PDF 1.7: object 1 is the catalog; a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe5\xe4\xf6\xc5\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"/Size %d /Root 1 0 R" % (len(objects) + 1)
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def text_content(lines: list[str]) -> bytes:
    body = b"BT /F1 12 Tf 16 TL 72 760 Td\n"
    body += b"".join(pdf_string(line) + b" Tj T*\n" for line in lines)
    return body + b"ET"


def tagged_pdf() -> bytes:
    """Tagged: MarkInfo, StructTreeRoot → Document → P → MCID 0 on the page, Lang, Title."""
    content = b"/P << /MCID 0 >> BDC\n" + text_content(["Taxa för bygglov 2026"]) + b"\nEMC"
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /MarkInfo << /Marked true >> /StructTreeRoot 6 0 R "
            b"/Lang (sv-SE) /ViewerPreferences << /DisplayDocTitle true >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> /StructParents 0 /Tabs /S >>",
            stream(content),
            FONT,
            b"<< /Type /StructTreeRoot /K 7 0 R /ParentTree 9 0 R /ParentTreeNextKey 1 >>",
            b"<< /Type /StructElem /S /Document /P 6 0 R /K [8 0 R] >>",
            b"<< /Type /StructElem /S /P /P 7 0 R /Pg 3 0 R /K [0] >>",
            b"<< /Nums [0 [8 0 R]] >>",
            b"<< /Title " + pdf_string("Taxa för bygglov 2026") + b" /Producer (klarsyn test) "
            b"/CreationDate (D:20230101090000Z) /ModDate (D:20240101120000+01'00') >>",
        ],
        info=10,
    )


def untagged_pdf(pages: int = 1, text_on: tuple[int, ...] = (0,)) -> bytes:
    """Text (on the pages ``text_on``), no MarkInfo, no title, no language."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        FONT,
    ]
    for i in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i)
        )
        lines = [f"Sida {i + 1}: Ansökan om bygglov"] if i in text_on else []
        objects.append(stream(text_content(lines) if lines else b"0.5 g 50 50 100 100 re f"))
    objects.append(b"<< /Producer (klarsyn test) /CreationDate (D:20190305) >>")
    return build_pdf(objects, info=len(objects))


def scanned_pdf() -> bytes:
    """An image XObject and vector shapes, no text; has a title and language."""
    pixels = bytes(range(0, 256, 4)) * 4  # 16 x 16 grey ramp
    image = stream(
        pixels, b" /Type /XObject /Subtype /Image /Width 16 /Height 16 "
        b"/ColorSpace /DeviceGray /BitsPerComponent 8"
    )  # fmt: skip
    content = b"q 400 0 0 560 97 140 cm /Im1 Do Q\n0.3 G 2 w 80 120 435 600 re S"
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Lang (sv-SE) >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
            stream(content),
            image,
            b"<< /Title (Plankarta Norra strand) >>",
        ],
        info=6,
    )


def xmp_title_pdf() -> bytes:
    """No /Info title, but an XMP dc:title in the catalog's /Metadata."""
    xmp = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<dc:title><rdf:Alt><rdf:li xml:lang="x-default"> Årsredovisning 2025 </rdf:li>'
        "</rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R /Lang /sv >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 6 0 R >> >> >>",
            stream(text_content(["Årsredovisning"])),
            stream(xmp, b" /Type /Metadata /Subtype /XML"),
            FONT,
        ]
    )


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    owner = "ägarlösen"  # a test fixture's password, not a secret
    writer.encrypt(user_password=user_password, owner_password=owner, algorithm="AES-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# --- the fixtures are real, valid PDFs ------------------------------------------------


@pytest.mark.parametrize("make", [tagged_pdf, untagged_pdf, scanned_pdf, xmp_title_pdf])
def test_fixture_is_a_valid_pdf_that_pypdf_opens_strictly(make):
    data = make()
    # Every xref entry points at its object: "N 0 obj" at that offset.
    xref_at = int(re.search(rb"startxref\n(\d+)", data).group(1))
    table = data[xref_at:].split(b"trailer")[0].split(b"\n")[3:]
    for number, entry in enumerate(filter(None, table), start=1):
        offset = int(entry[:10])
        assert data[offset:].startswith(b"%d 0 obj" % number)
    reader = PdfReader(BytesIO(data), strict=True)  # strict: raises on a bad xref
    assert len(reader.pages) >= 1
    for page in reader.pages:
        page.extract_text()


def test_tagged_structure_is_what_it_claims():
    reader = PdfReader(BytesIO(tagged_pdf()), strict=True)
    root = reader.root_object
    tree = root["/StructTreeRoot"].get_object()
    document = tree["/K"].get_object()
    paragraph = document["/K"][0].get_object()
    assert (document["/S"], paragraph["/S"], paragraph["/K"][0]) == ("/Document", "/P", 0)
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    content = reader.pages[0].get_contents().get_data()
    assert b"/P << /MCID 0 >> BDC" in content
    assert b"EMC" in content


# --- inspect_pdf tells them apart ---------------------------------------------------


def test_inspect_tagged_pdf():
    facts = inspect_pdf(tagged_pdf())
    assert facts == PdfFacts(
        pages=1,
        tagged=True,
        title="Taxa för bygglov 2026",
        lang="sv-SE",
        has_text=True,
        modified=datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=1))),
    )
    assert check_pdf(facts) == ()


def test_inspect_untagged_pdf():
    facts = inspect_pdf(untagged_pdf())
    assert (facts.pages, facts.tagged, facts.title, facts.lang, facts.has_text) == (
        1, False, "", "", True,
    )  # fmt: skip
    assert facts.modified == datetime(2019, 3, 5)  # only /CreationDate, no offset: naive
    rules = [f.rule for f in check_pdf(facts)]
    assert rules == ["policy-pdf-untagged", "policy-pdf-no-title", "policy-pdf-no-lang"]


def test_inspect_scanned_pdf():
    facts = inspect_pdf(scanned_pdf())
    assert (facts.pages, facts.tagged, facts.has_text) == (1, False, False)
    assert (facts.title, facts.lang, facts.modified) == ("Plankarta Norra strand", "sv-SE", None)
    assert [f.rule for f in check_pdf(facts)] == ["policy-pdf-untagged", "policy-pdf-scanned"]


def test_title_from_xmp_and_lang_as_name():
    facts = inspect_pdf(xmp_title_pdf())
    assert (facts.title, facts.lang) == ("Årsredovisning 2025", "sv")


def test_marked_without_structure_tree_is_not_tagged():
    data = tagged_pdf().replace(b"/StructTreeRoot 6 0 R", b"/StructTreeRooX 6 0 R")
    assert inspect_pdf(data).tagged is False
    data = tagged_pdf().replace(b"<< /Marked true >>", b"<< /Marked false>>")  # same length
    assert inspect_pdf(data).tagged is False


def test_text_is_looked_for_on_the_first_pages_only():
    late = untagged_pdf(pages=MAX_TEXT_PAGES + 2, text_on=(MAX_TEXT_PAGES + 1,))
    facts = inspect_pdf(late)
    assert (facts.pages, facts.has_text) == (MAX_TEXT_PAGES + 2, False)
    scanned = [f for f in check_pdf(facts) if f.rule == "policy-pdf-scanned"]
    assert f"första {MAX_TEXT_PAGES} sidor" in scanned[0].message
    assert inspect_pdf(untagged_pdf(pages=3, text_on=(2,))).has_text is True


def test_owner_password_only_is_inspected():
    facts = inspect_pdf(encrypted(tagged_pdf(), ""))
    assert (facts.tagged, facts.title, facts.has_text) == (True, "Taxa för bygglov 2026", True)


# --- broken input gives DocumentError and nothing else ------------------------------


@pytest.mark.parametrize(
    ("data", "word"),
    [
        (b"", "inte en PDF"),
        (b"GIF89a\x01\x00" + bytes(200), "inte en PDF"),
        (b"<html><body>Inte hittad</body></html>", "inte en PDF"),
        (untagged_pdf()[:300], "avkortad"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"\n%%EOF\n", "trasig"),
        (encrypted(untagged_pdf(), "hemligt"), "lösenord"),
    ],
    ids=["empty", "gif", "html", "truncated", "garbage", "encrypted"],
)
def test_unreadable_files_raise_document_error(data, word):
    with pytest.raises(DocumentError, match=word) as caught:
        inspect_pdf(data)
    assert str(caught.value).count(".") == 1  # one sentence


def test_cyclic_page_tree_never_raises_anything_else():
    data = untagged_pdf().replace(b"/Kids [4 0 R]", b"/Kids [2 0 R]")
    try:
        facts = inspect_pdf(data)
    except DocumentError:
        return
    assert facts.pages >= 0


def test_mutated_pdfs_give_facts_or_document_error():
    rng = random.Random(2026)  # noqa: S311 - reproducible fuzzing, not cryptography
    originals = [tagged_pdf(), untagged_pdf(pages=3), scanned_pdf(), xmp_title_pdf()]
    for _ in range(300):
        data = bytearray(rng.choice(originals))
        for _ in range(rng.randint(1, 12)):
            at = rng.randrange(len(data))
            data[at : at + rng.randint(1, 8)] = rng.randbytes(rng.randint(0, 8))
        with contextlib.suppress(DocumentError):
            assert isinstance(inspect_pdf(bytes(data)), PdfFacts)


# --- findings ----------------------------------------------------------------------


def test_findings_are_klarsyn_best_practice_with_policy_impact():
    facts = PdfFacts(pages=3, tagged=False, title="", lang="", has_text=False, modified=None)
    findings = check_pdf(facts)
    assert [f.rule for f in findings] == [
        "policy-pdf-untagged", "policy-pdf-no-title", "policy-pdf-no-lang", "policy-pdf-scanned",
    ]  # fmt: skip
    for finding in findings:
        assert finding.source is Source.KLARSYN
        assert finding.outcome is Outcome.VIOLATION
        assert finding.best_practice is True
        assert finding.impact == RULES[finding.rule].impact
        assert finding.snippet == "PDF, 3 sidor, otaggad, titel saknas, språk saknas, ingen text"
        assert finding.message
    assert "första 3 sidor" in findings[3].message


def test_zero_pages_is_not_scanned():
    facts = PdfFacts(pages=0, tagged=True, title="T", lang="sv", has_text=False, modified=None)
    assert check_pdf(facts) == ()
    assert describe(facts) == "PDF, 0 sidor, taggad, titel ”T”, språk sv"


# --- dates and age -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("D:20240101120000+01'00'", datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=1)))),
        ("D:20240101120000+01'00", datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=1)))),
        ("D:20240615083000-05'30'", datetime(2024, 6, 15, 8, 30, tzinfo=timezone(
            -timedelta(hours=5, minutes=30)))),
        ("D:20240101120000Z", datetime(2024, 1, 1, 12, tzinfo=UTC)),
        ("D:20240101120000Z00'00'", datetime(2024, 1, 1, 12, tzinfo=UTC)),
        ("D:2024", datetime(2024, 1, 1)),
        ("20231231", datetime(2023, 12, 31)),
        ("D:20241345000000", None),
        ("igår", None),
        ("", None),
    ],
)  # fmt: skip
def test_parse_pdf_date(text, expected):
    assert parse_pdf_date(text) == expected


def test_stale_document():
    today = date(2026, 11, 26)
    assert stale_document(None, today, 365) is None
    assert stale_document(date(2026, 1, 1), today, 365) is None
    assert stale_document(date(2027, 1, 1), today, 365) is None  # in the future
    assert stale_document(date(2025, 11, 26), today, 365) is None  # exactly the limit
    finding = stale_document(datetime(2024, 5, 2, 23, 30), today, 365)
    assert finding is not None
    assert finding.rule == "policy-stale-document"
    assert finding.impact == RULES["policy-stale-document"].impact
    assert finding.best_practice is True
    assert finding.snippet == "Senast ändrat 2024-05-02"
    assert "för 2 år och 7 månader sedan (938 dagar; gränsen är 365)" in finding.message


@pytest.mark.parametrize(
    ("days", "words"),
    [(1, "1 dag"), (40, "40 dagar"), (100, "3 månader"), (365, "1 år"), (400, "1 år och 1 månad")],
)
def test_age_in_words(days, words):
    assert age_in_words(days) == words


# --- Office files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "url", "kind"),
    [
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "https://x.se/a", "Word"),
        ("application/msword; charset=binary", "https://x.se/a.doc", "Word"),
        ("application/vnd.ms-excel", "https://x.se/taxa", "Excel"),
        ("application/vnd.oasis.opendocument.text", "https://x.se/a.odt", "OpenDocument"),
        ("application/octet-stream", "https://x.se/dok/Bilaga%201.PPTX?v=2#s", "PowerPoint"),
        ("", "https://x.se/protokoll.xlsx", "Excel"),
        ("application/zip", "https://x.se/plan.ods", "OpenDocument"),
        ("text/html", "https://x.se/protokoll.docx", None),  # a login page, not the file
        ("application/pdf", "https://x.se/a.pdf", None),
        ("application/octet-stream", "https://x.se/docx/", None),
    ],
)  # fmt: skip
def test_office_kind(content_type, url, kind):
    assert office_kind(content_type, url) == kind


# --- the demo site's documents -----------------------------------------------------


def test_demo_documents_are_inspected():
    site = build_site("http://127.0.0.1:8000")
    for path in ("/dokument/taxa-2026.pdf", "/dokument/detaljplan-norra-strand-plankarta.pdf"):
        body, content_type = site[path]
        assert content_type == "application/pdf"
        assert inspect_pdf(body).pages >= 1
