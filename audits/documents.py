"""What a document tells about its accessibility: PDF facts, their findings, and age.

:func:`inspect_pdf` reads a PDF (with pypdf) into :class:`PdfFacts`; it is the
only function here that touches the file, and the only exception it lets out
is :class:`DocumentError`. :func:`check_pdf` turns the facts into findings of
the policy rules (metadata in ``audits.policy``):

=====================  ==============================================================
policy-pdf-untagged    the catalog lacks ``/MarkInfo << /Marked true >>`` or a
                       ``/StructTreeRoot`` (both are needed: a tagged PDF, ISO 32000)
policy-pdf-no-title    neither the document info ``/Title`` nor XMP ``dc:title``
policy-pdf-no-lang     no catalog ``/Lang``
policy-pdf-scanned     the document has pages but none of the first
                       ``MAX_TEXT_PAGES`` yields any extractable text
=====================  ==============================================================

:func:`stale_document` reports a document older than the configured limit
(``policy-stale-document``). :func:`office_kind` names Word, Excel, PowerPoint
and OpenDocument files so they can be listed; nothing inside an Office file is
checked in this version.

Cost is bounded: text is looked for on at most ``MAX_TEXT_PAGES`` pages, and
stops at the first page that has some; pypdf's own limits guard decompression.
The caller limits the size of the file it fetches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from io import BytesIO
from urllib.parse import urlsplit

from pypdf import PasswordType, PdfReader
from pypdf.generic import BooleanObject, DictionaryObject, IndirectObject, NameObject

from audits.model import Finding
from audits.policy import RULES

MAX_TEXT_PAGES = 10
"""Text is looked for on at most this many pages (from the first)."""

HEADER_WINDOW = 1024
"""``%PDF-`` must start within this many bytes, as readers allow."""


class DocumentError(Exception):
    """The file cannot be read as a PDF; the message is one Swedish sentence."""


@dataclass(frozen=True)
class PdfFacts:
    """What a PDF file tells about its accessibility."""

    pages: int
    tagged: bool
    """The catalog has ``/MarkInfo << /Marked true >>`` and a ``/StructTreeRoot``."""
    title: str
    """Document info ``/Title``, else XMP ``dc:title``, stripped; "" if none."""
    lang: str
    """The catalog's ``/Lang``, stripped; "" if none."""
    has_text: bool
    """Some page (of the first MAX_TEXT_PAGES) yields extractable text."""
    modified: datetime | None
    """``/ModDate``, else ``/CreationDate``; timezone-aware when the date gives an offset."""


def inspect_pdf(data: bytes) -> PdfFacts:
    """Read the facts of a PDF file, or raise :class:`DocumentError`.

    An encrypted PDF that opens without a password (restrictions only, which
    every viewer opens) is inspected; one that needs a password is an error.
    Any failure inside pypdf, whatever its type, becomes a DocumentError.
    """
    start = data.find(b"%PDF-", 0, HEADER_WINDOW)
    if start < 0:
        raise DocumentError("Filen är inte en PDF-fil.")
    if data.rfind(b"%%EOF") < start:
        raise DocumentError("PDF-filen är ofullständig (avkortad) och kan inte läsas.")
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise DocumentError("PDF-filen är krypterad och kan inte läsas utan lösenord.")
        root = reader.root_object
        if not isinstance(root, DictionaryObject):
            raise DocumentError("PDF-filen saknar dokumentkatalog och kan inte läsas.")
        return PdfFacts(
            pages=len(reader.pages),
            tagged=_tagged(root),
            title=_title(reader),
            lang=_text(root.get("/Lang")),
            has_text=_has_text(reader),
            modified=_modified(reader),
        )
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many types on hostile input; all mean "broken"
        raise DocumentError("PDF-filen är trasig och kan inte läsas.") from exc


def _text(value: object) -> str:
    """A PDF string (or name, without its slash) as stripped text; anything else as ""."""
    if isinstance(value, IndirectObject):
        value = value.get_object()
    if isinstance(value, NameObject):
        value = value[1:]
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return value.strip() if isinstance(value, str) else ""


def _tagged(root: DictionaryObject) -> bool:
    mark_info = root.get("/MarkInfo")
    mark_info = mark_info.get_object() if mark_info is not None else None
    marked = mark_info.get("/Marked") if isinstance(mark_info, DictionaryObject) else None
    # bool(BooleanObject(False)) is True in pypdf: compare its value.
    return isinstance(marked, BooleanObject) and marked.value is True and "/StructTreeRoot" in root


def _title(reader: PdfReader) -> str:
    info = reader.metadata
    title = _text(info.get("/Title")) if info is not None else ""
    if title:
        return title
    xmp = reader.xmp_metadata
    titles = (xmp.dc_title or {}) if xmp is not None else {}
    return next((t.strip() for t in titles.values() if isinstance(t, str) and t.strip()), "")


def _has_text(reader: PdfReader) -> bool:
    for index, page in enumerate(reader.pages):
        if index >= MAX_TEXT_PAGES:
            return False
        if page.extract_text().strip():
            return True
    return False


def _modified(reader: PdfReader) -> datetime | None:
    info = reader.metadata
    if info is None:
        return None
    return parse_pdf_date(_text(info.get("/ModDate"))) or parse_pdf_date(
        _text(info.get("/CreationDate"))
    )


_PDF_DATE = re.compile(
    r"(?:D:)?(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?"
    r"\s*(?:(Z)|([+-])(\d\d)'?(?:(\d\d)'?)?)?"
)


def parse_pdf_date(text: str) -> datetime | None:
    """A PDF date string ("D:20240101120000+01'00'", ISO 32000 7.9.4), or None.

    Missing parts default to the start of their period; with an offset (or Z)
    the result is timezone-aware, without one it is naive (local time unknown).
    Impossible values ("D:20241345…") give None.
    """
    match = _PDF_DATE.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, zulu, sign, off_h, off_m = match.groups()
    tz = None
    if zulu:
        tz = UTC
    elif sign:
        offset = timedelta(hours=int(off_h), minutes=int(off_m or 0))
        tz = timezone(-offset if sign == "-" else offset) if offset < timedelta(days=1) else None
    try:
        return datetime(
            int(year), int(month or 1), int(day or 1),
            int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tz,
        )  # fmt: skip
    except ValueError:
        return None


def describe(facts: PdfFacts) -> str:
    """A short Swedish description, e.g. "PDF, 3 sidor, otaggad, titel saknas"."""
    parts = [f"PDF, {facts.pages} {'sida' if facts.pages == 1 else 'sidor'}"]
    parts.append("taggad" if facts.tagged else "otaggad")
    parts.append(f"titel ”{facts.title}”" if facts.title else "titel saknas")
    parts.append(f"språk {facts.lang}" if facts.lang else "språk saknas")
    if facts.pages and not facts.has_text:
        parts.append("ingen text")
    return ", ".join(parts)


def check_pdf(facts: PdfFacts) -> tuple[Finding, ...]:
    """The policy-pdf-* findings of one PDF, with the description as snippet."""
    snippet = describe(facts)
    findings = []
    if not facts.tagged:
        findings.append(RULES["policy-pdf-untagged"].finding(snippet, (
            "Dokumentet har inga taggar, så skärmläsare får ingen struktur (rubriker, "
            "stycken, listor, tabeller, läsordning). Skapa PDF-filen på nytt från "
            "källdokumentet med taggning påslagen (i Word: Spara som PDF, Alternativ, "
            "”Dokumentstrukturtaggar för hjälpmedel”), eller publicera innehållet som webbsida."
        )))  # fmt: skip
    if not facts.title:
        findings.append(RULES["policy-pdf-no-title"].finding(snippet, (
            "Dokumentet har ingen titel, så läsprogram och skärmläsare visar bara filnamnet. "
            "Skriv en beskrivande titel i dokumentegenskaperna (i Word: Arkiv, Information, "
            "Egenskaper, Rubrik) och skapa PDF-filen på nytt."
        )))  # fmt: skip
    if not facts.lang:
        findings.append(RULES["policy-pdf-no-lang"].finding(snippet, (
            "Dokumentet anger inget språk, så skärmläsare kan läsa det med fel uttal. "
            "Ställ in språket svenska i källdokumentet (i Word: Granska, Språk) innan du "
            "skapar PDF-filen, eller ange det i Acrobat under Egenskaper, Avancerat."
        )))  # fmt: skip
    if facts.pages and not facts.has_text:
        checked = min(facts.pages, MAX_TEXT_PAGES)
        scope = "Dokumentets sida" if checked == 1 else f"Dokumentets första {checked} sidor"
        findings.append(RULES["policy-pdf-scanned"].finding(snippet, (
            f"{scope} har ingen text som går att läsa ut, bara bilder eller ritade former, "
            "till exempel ett inskannat papper. Publicera texten som webbsida eller som "
            "taggad PDF skapad från originalet; finns bara papperet, tolka det med OCR och "
            "granska resultatet. En karta eller ritning behöver en textbeskrivning."
        )))  # fmt: skip
    return tuple(findings)


def age_in_words(days: int) -> str:
    """An age in Swedish words: "40 dagar", "5 månader", "2 år och 3 månader"."""
    if days < 60:
        return f"{days} {'dag' if days == 1 else 'dagar'}"
    months = round(days / 30.4375)
    if months < 12:
        return f"{months} månader"
    years, months = divmod(months, 12)
    text = f"{years} år"
    if months:
        text += f" och {months} {'månad' if months == 1 else 'månader'}"
    return text


def stale_document(
    modified: datetime | date | None, today: date, max_age_days: int
) -> Finding | None:
    """A policy-stale-document finding when ``modified`` is more than max_age_days old.

    The age is counted in whole days from the date (a datetime's own calendar
    date) to ``today``; no date, or a date in the future, gives None.
    """
    if modified is None:
        return None
    day = modified.date() if isinstance(modified, datetime) else modified
    age = (today - day).days
    if age <= max_age_days:
        return None
    return RULES["policy-stale-document"].finding(
        f"Senast ändrat {day.isoformat()}",
        f"Dokumentet ändrades senast {day.isoformat()}, för {age_in_words(age)} sedan "
        f"({age} dagar; gränsen är {max_age_days}). Kontrollera att det fortfarande gäller "
        "och uppdatera det, ersätt det med en nyare version eller ta bort det.",
    )


OFFICE_TYPES: dict[str, str] = {
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template": "Word",
    "application/vnd.ms-word.document.macroenabled.12": "Word",
    "application/rtf": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template": "Excel",
    "application/vnd.ms-excel.sheet.macroenabled.12": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow": "PowerPoint",
    "application/vnd.ms-powerpoint.presentation.macroenabled.12": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument",
    "application/vnd.oasis.opendocument.graphics": "OpenDocument",
}
"""Office media types (lower case) and the kind of document they are."""

OFFICE_EXTENSIONS: dict[str, str] = {
    **dict.fromkeys(("doc", "docx", "docm", "dot", "dotx", "rtf"), "Word"),
    **dict.fromkeys(("xls", "xlsx", "xlsm", "xlt", "xltx"), "Excel"),
    **dict.fromkeys(("ppt", "pptx", "pptm", "pps", "ppsx", "pot", "potx"), "PowerPoint"),
    **dict.fromkeys(("odt", "ods", "odp", "odg"), "OpenDocument"),
}

GENERIC_TYPES = frozenset(
    {"", "application/octet-stream", "application/zip", "application/x-zip-compressed",
     "application/x-download", "application/force-download", "binary/octet-stream",
     "application/download", "application/unknown"}
)  # fmt: skip
"""Media types that say nothing of the format: then the URL's file extension decides."""


def office_kind(content_type: str, url: str) -> str | None:
    """The kind of an Office file ("Word", "Excel", "PowerPoint", "OpenDocument"), else None.

    The media type decides; a generic one (octet-stream, zip, none) leaves it to
    the extension of the URL's path. Only names the kind: Office files are not
    inspected in this version.
    """
    media = content_type.split(";", 1)[0].strip().lower()
    if media in OFFICE_TYPES:
        return OFFICE_TYPES[media]
    if media not in GENERIC_TYPES:
        return None
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return OFFICE_EXTENSIONS.get(extension)
