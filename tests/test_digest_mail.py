"""The digest by e-mail, through a real SMTP server on 127.0.0.1 (aiosmtpd): one message
per owner with news, UTF-8 subjects and names, text and HTML parts, a refused recipient
reported while the others are delivered, and the password in no log and no output.

Two nightly runs of the demo: the session's shared demo audit is the first night, and the
second is ``klarsyn audit --digest`` of the demo served with a planted fix and planted new
faults on the demo's own address. ``klarsyn audit --digest`` also runs on a small site with
a configured follow-up owner.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from crawler.demo import CONSENT, REFERENCE_DATE, build_site
from crawler.demo import PORT as DEMO_PORT
from crawler.demo import owners as demo_owners
from crawler.localserver import SiteServer
from klarsyn.cli import main
from klarsyn.mail import deliver, recipients
from klarsyn.mailsettings import read_notify_settings
from reports.reporters.digestreport import DigestMessage
from reports.store import Store
from tests.conftest import HTML, REPO, DemoAudit, html_page
from tests.smtpserver import SmtpServer
from tests.test_digest import add_run, axe, page
from tests.tlscerts import make_certificates

USER = "klarsyn"
PASSWORD = "hemligt-lösen-7Q"  # noqa: S105 (the test server's)
PASSWORD_ENV = "KLARSYN_TEST_SMTP_PASSWORD"  # noqa: S105 (a variable's name)
BOU, SBF, SOC, KOF, KSF = (
    "Barn- och utbildningsförvaltningen", "Samhällsbyggnadsförvaltningen",
    "Socialförvaltningen", "Kultur- och fritidsförvaltningen", "Kommunstyrelseförvaltningen",
)
ADDRESS = {BOU: "webb.bou@alvbyn.example", SBF: "webb.sbf@alvbyn.example",
           SOC: "webb.soc@alvbyn.example", KOF: "webb.kof@alvbyn.example",
           KSF: "webb.ksf@alvbyn.example"}  # the demo's contacts (crawler/demo/manifest.json)
#: The fault planted on the second night: an image without a text alternative.
PLANTED = b'<img src="/bilder/planterad.png" class="planterad">'
REPORT_URL = "https://intranat.alvbyn.example/klarsyn/"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(USER, PASSWORD).start()
    yield server
    server.stop()


def mail_config(path: Path, port: int, extra: str = "", *, security: str = "none") -> Path:
    path.write_text(
        "[mail]\n"
        "host = '127.0.0.1'\n"
        f"port = {port}\n"
        f"security = '{security}'\n"
        f"user = '{USER}'\n"
        f"password_env = '{PASSWORD_ENV}'\n"
        "from = 'Webbgranskningen i Älvbyn <klarsyn@alvbyn.example>'\n"
        "reply_to = 'webbredaktionen@alvbyn.example'\n" + extra,
        encoding="utf-8",
    )
    return path


def klarsyn(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), PASSWORD_ENV: PASSWORD}
    return subprocess.run([sys.executable, "-m", "klarsyn", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd, env=env, check=False)


def by_owner(server: SmtpServer) -> dict[str, EmailMessage]:
    """The messages received, by the owner named in their To header."""
    found = {}
    for received in server.mailbox.received:
        (to,) = received.message["To"].addresses
        assert received.recipients == [to.addr_spec]
        found[to.display_name] = received.message
    return found


def parts(message: EmailMessage) -> tuple[str, str]:
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None
    assert html is not None
    return text.get_content(), html.get_content()


def night_two(base: str) -> dict[str, tuple[bytes, str]]:
    """The demo as it is served the next night: Modersmål fixed (its page declares its
    language now) and an image without a text alternative added at the end of the main
    content of Omsorg och stöd and of Vatten och avlopp."""
    site = dict(build_site(base))

    def change(path: str, old: bytes, new: bytes) -> None:
        body, kind = site[path]
        assert body.count(old) == 1
        site[path] = (body.replace(old, new), kind)

    change("/barn-och-utbildning/modersmal/", b"<html>", b'<html lang="sv">')
    for path in ("/omsorg-och-stod/", "/bygga-och-bo/vatten-och-avlopp/"):
        change(path, b"</main>", PLANTED + b"</main>")
    return site


def demo_config(path: Path, port: int) -> Path:
    """A municipality's nightly config for the demo, as `klarsyn audit` with no URL sets
    it (owners and contacts, the cookie banner answered, the demo's reference day), and
    its mail server."""
    owners = "".join(
        f"\n[[owner]]\nname = '{o.name}'\npattern = '{o.patterns[0]}'\ncontact = '{o.contact}'\n"
        for o in demo_owners()
    )
    extra = (f"\n[digest]\nreport_url = '{REPORT_URL}'\n"
             f"\n[audit]\nreference_date = '{REFERENCE_DATE}'\n"
             f"\n[consent]\nreject = '{CONSENT.reject}'\n" + owners)
    return mail_config(path, port, extra)


@pytest.mark.browser
@pytest.mark.slow
def test_two_nights_of_the_demo_one_message_per_owner_with_news(
    demo_audit: DemoAudit, smtp: SmtpServer, tmp_path: Path
) -> None:
    """The session's audit of the demo is the first night; the second is a real audit of
    the demo served with a fix and two new faults, on the demo's own address."""
    out = tmp_path / "natt"
    out.mkdir()
    shutil.copy(demo_audit.store, out / "klarsyn.sqlite")
    smtp.mailbox.refuse.add(ADDRESS[SOC])
    config = demo_config(tmp_path / "klarsyn.toml", smtp.port)
    server = SiteServer(port=DEMO_PORT)  # the demo's address: the same site as last night
    server.files = night_two(server.base_url)
    server.start()
    try:
        done = klarsyn("audit", server.base_url + "/", "--best-practice", "--loopback-only",
                       "--config", str(config), "--out", str(out), "--digest", cwd=tmp_path)
    finally:
        server.stop()

    # The exit code stays the gate's (the demo has violations); the failure is reported.
    assert done.returncode == 2, done.stderr
    assert f"the digest of {SOC} was not delivered to {ADDRESS[SOC]}" in done.stderr
    assert "550" in done.stderr
    got = by_owner(smtp)
    # Kultur och fritid had nothing new: no message. Kommunstyrelseförvaltningen follows up.
    assert set(got) == {BOU, SBF, KSF}
    assert smtp.mailbox.logins == [USER] * 4  # one connection per owner, SOC's refused at RCPT
    bou_text, bou_html = parts(got[BOU])
    assert got[BOU]["Subject"] == f"Webbgranskning {_day(out)}: 1 åtgärdat – {BOU}"
    assert "=?utf-8?" in got[BOU].as_string().split("\n\n", 1)[0]  # encoded, not raw 8-bit
    assert "Åtgärdat (1)" in bou_text
    assert "/barn-och-utbildning/modersmal/" in bou_text
    assert "Nya fel mot WCAG" not in bou_text
    sbf_text, sbf_html = parts(got[SBF])
    assert got[SBF]["Subject"] == f"Webbgranskning {_day(out)}: 1 nytt fel – {SBF}"
    assert "Nya fel mot WCAG (1)" in sbf_text
    assert "Bilder måste ha alternativ text" in sbf_text  # the rule in plain Swedish
    assert "kritisk" in sbf_text
    assert "planterad.png" in sbf_html
    # A link to the page's section of the report, where the report is published.
    assert f'href="{REPORT_URL}sidor/sidor-' in sbf_html
    ksf_text, ksf_html = parts(got[KSF])
    assert got[KSF]["Subject"] == (f"Webbgranskning {_day(out)}: uppföljning, 2 nya fel, "
                                   f"1 åtgärdat – {KSF}")
    assert "Alla förvaltningar" in ksf_html
    assert f"{SOC}: nya fel 1" in ksf_text
    assert f"{KOF}: nya fel 0, mallfel (sidor) 0, åtgärdade 0" in ksf_text
    for html in (bou_html, sbf_html, ksf_html):
        assert "<img" not in html
        assert "<script" not in html
    summary = (out / "digest" / "utskick.txt").read_text(encoding="utf-8")
    assert f"MISSLYCKADES: {SOC} → {ADDRESS[SOC]}" in summary
    assert f"skickat: {BOU} → {ADDRESS[BOU]}" in summary
    assert (out / "digest" / "socialforvaltningen.html").is_file()  # written all the same
    assert not (out / "digest" / "kultur-och-fritidsforvaltningen.html").exists()
    _no_password(done.stderr, out)


def _day(out: Path) -> str:
    with Store(out / "klarsyn.sqlite", create=False) as store:
        return store.load_run(store.latest_run_id()).started[:10]


def _no_password(log: str, out: Path) -> None:
    assert PASSWORD not in log
    for path in out.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


@pytest.mark.browser
def test_audit_digest_end_to_end_on_a_small_site(
    serve: object, smtp: SmtpServer, tmp_path: Path
) -> None:
    """`klarsyn audit --digest` after a real crawl, against the site's previous run (built
    in the store): the fault fixed since and the new one reach their owners, the exit code
    stays the gate's, and the configured follow-up owner gets the roll-up."""
    site = serve({  # type: ignore[operator]
        "/": (html_page("Start", "<p><a href='/skola/'>Skola</a> <a href='/bygga/'>Bygga</a></p>"),
              HTML),
        "/skola/": (html_page("Skola", "<p>Välkommen till skolan.</p>"), HTML),
        "/bygga/": (html_page("Bygga", "<p>Bygglov.</p><img src='/ritning.png'>"), HTML),
    })
    base = site.base_url
    out = tmp_path / "ut"
    out.mkdir()
    owners = [{"name": BOU, "patterns": ["/skola/"], "contact": ADDRESS[BOU]},
              {"name": SBF, "patterns": ["/bygga/"], "contact": ADDRESS[SBF]}]
    with Store(out / "klarsyn.sqlite") as store:
        # Yesterday's run: the school page had an image without alt, the building page none.
        add_run(store, [
            replace(page("/"), url=base + "/"),
            replace(page("/skola/", axe("image-alt", '<img src="/elev.png">')),
                    url=base + "/skola/"),
            replace(page("/bygga/"), url=base + "/bygga/"),
        ], site=base + "/", owners=owners)
    config = mail_config(tmp_path / "klarsyn.toml", smtp.port,
                         f"\n[digest]\nfollow_up = '{SBF}'\n"
                         "report_url = 'https://intranat.alvbyn.example/klarsyn/'\n"
                         + "".join(f"\n[[owner]]\nname = '{o['name']}'\npattern = "
                                   f"'{o['patterns'][0]}'\ncontact = '{o['contact']}'\n"
                                   for o in owners))

    done = klarsyn("audit", base + "/", "--config", str(config), "--out", str(out),
                   "--loopback-only", "--browsers", "1", "--digest", cwd=tmp_path)

    assert done.returncode == 2, done.stderr  # the gate's: the new violation remains
    got = by_owner(smtp)
    assert set(got) == {BOU, SBF}
    bou_text, _ = parts(got[BOU])
    assert "Åtgärdat (1)" in bou_text
    assert "elev.png" in bou_text
    sbf_text, sbf_html = parts(got[SBF])
    assert "Nya fel mot WCAG (1)" in sbf_text
    assert "ritning.png" in sbf_text
    assert "Alla förvaltningar" in sbf_text  # the configured follow-up owner's roll-up
    assert 'href="https://intranat.alvbyn.example/klarsyn/sidor/sidor-1.html#sida-' in sbf_html
    assert f"sent the digest of {SBF} to {ADDRESS[SBF]}" in done.stderr
    _no_password(done.stderr, out)


def test_dry_run_writes_multipart_messages_and_escapes_page_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = axe("image-alt", '<img src="x" onerror="alert(1)"><script>alert(2)</script>')
    with Store(tmp_path / "klarsyn.sqlite") as store:
        add_run(store, [page("/skola/")])
        add_run(store, [page("/skola/", hostile), page("/bygga/")])
    config = mail_config(tmp_path / "klarsyn.toml", 9)  # the discard port: never reached

    code = main(["digest", str(tmp_path / "klarsyn.sqlite"), "--config", str(config),
                 "--dry-run"])

    assert code == 0
    assert "(not sent: --dry-run)" in capsys.readouterr().err
    eml = tmp_path / "digest" / "barn-och-utbildningsforvaltningen.eml"
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"].endswith("1 nytt fel – Barn- och utbildningsförvaltningen")
    assert str(message["From"]) == "Webbgranskningen i Älvbyn <klarsyn@alvbyn.example>"
    assert str(message["Reply-To"]) == "webbredaktionen@alvbyn.example"
    assert message["Auto-Submitted"] == "auto-generated"
    text, html = parts(message)
    assert "<script>" not in html
    # For mail clients: inline styles only (no style sheet, no classes), no images.
    assert "<style" not in html
    assert 'class="' not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "<script>alert(2)</script>" in text  # plain text: shown as it is, nothing runs
    # Samhällsbyggnadsförvaltningen had nothing new, and nothing is sent to it.
    assert not (tmp_path / "digest" / "samhallsbyggnadsforvaltningen.eml").exists()
    summary = (tmp_path / "digest" / "utskick.txt").read_text(encoding="utf-8")
    assert "skrivet (skickas inte): Barn- och utbildningsförvaltningen" in summary


def test_send_empty_gives_every_owner_a_digest(tmp_path: Path) -> None:
    with Store(tmp_path / "klarsyn.sqlite") as store:
        add_run(store, [page("/skola/")])
        add_run(store, [page("/skola/")])
    config = tmp_path / "klarsyn.toml"
    config.write_text("[digest]\nsend_empty = true\n", encoding="utf-8")
    assert main(["digest", str(tmp_path / "klarsyn.sqlite"), "--config", str(config)]) == 0
    text = (tmp_path / "digest" / "samhallsbyggnadsforvaltningen.txt").read_text("utf-8")
    assert "Inget nytt på era sidor sedan förra granskningen." in text
    assert text.startswith("Webbgranskning 2026-11-01: inget nytt – Samhällsbyggnadsförvaltningen")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("[mail]\nhost = 'h'\nfrom = 'a@b.se'\npassword = 'x'",
         "[mail] takes no password: name the environment variable"),
        ("[mail]\nhost = 'h'\nfrom = 'a@b.se'\nsecurity = 'tls'",
         "[mail] security must be one of starttls, ssl, none"),
        ("[mail]\nhost = 'h'\nfrom = 'inte en adress'", "[mail] from must be an e-mail address"),
        ("[mail]\nfrom = 'a@b.se'", "[mail] needs a host"),
        ("[mail]\nhost = 'h'\nfrom = 'a@b.se'\nuser = 'u'\npassword_env = 'KLARSYN_NO_SUCH_VAR'",
         "the environment variable KLARSYN_NO_SUCH_VAR ([mail] password_env) is not set"),
        ("[digest]\nsend_empty = 'ja'", "[digest] send_empty must be true or false"),
        ("[digest]\nreport_url = 'intranat/klarsyn'", "[digest] report_url must be an http"),
    ],
)
def test_bad_digest_settings_are_one_sentence_before_anything_is_done(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, message: str
) -> None:
    config = tmp_path / "klarsyn.toml"
    config.write_text(table + "\n", encoding="utf-8")
    # audit --digest reads them before it crawls: the demo is never started here.
    assert main(["audit", "--config", str(config), "--digest", "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_dry_run_needs_digest_and_a_mail_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "--dry-run", "--out", str(tmp_path / "o")]) == 1
    assert "--dry-run is for --digest" in capsys.readouterr().err
    with Store(tmp_path / "klarsyn.sqlite") as store:
        add_run(store, [page("/skola/")])
        add_run(store, [page("/skola/", axe("label", "<input>"))])
    assert main(["digest", str(tmp_path / "klarsyn.sqlite"), "--dry-run"]) == 1
    assert "need a [mail] table" in capsys.readouterr().err


def test_a_sites_first_run_has_no_digest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(tmp_path / "klarsyn.sqlite") as store:
        add_run(store, [page("/skola/", axe("label", "<input>"))])
    assert main(["digest", str(tmp_path / "klarsyn.sqlite")]) == 0
    assert "is the first run of its site" in capsys.readouterr().err
    assert not (tmp_path / "digest").exists()



def test_recipients_are_the_addresses_of_an_owners_contact() -> None:
    found = recipients("webb.bou@alvbyn.example; Rektor <rektor@alvbyn.example>, "
                       "https://alvbyn.example/kontakt")
    assert [a.addr_spec for a in found] == ["webb.bou@alvbyn.example", "rektor@alvbyn.example"]
    assert recipients("https://alvbyn.example/kontakt") == ()


#: One owner's digest as rendered (what is in it is tested above; here: how it travels).
DIGEST = DigestMessage(
    owner=BOU, contact=ADDRESS[BOU], stem="barn-och-utbildningsforvaltningen",
    subject="Webbgranskning: 1 nytt fel – " + BOU, html="<p>Ett nytt fel.</p>",
    text="Ett nytt fel.",
)


@pytest.mark.parametrize(("security", "implicit"), [("starttls", False), ("ssl", True)])
def test_mail_goes_over_tls_verified_with_the_configured_ca(
    tmp_path: Path, security: str, implicit: bool
) -> None:
    tls = make_certificates(tmp_path)
    server = SmtpServer(USER, PASSWORD, tls=tls, implicit=implicit).start()
    config = mail_config(tmp_path / "klarsyn.toml", server.port, f"ca_file = '{tls.ca}'\n",
                         security=security)
    mail = read_notify_settings(config).mail
    assert mail is not None
    try:
        trusted = deliver([DIGEST], mail, tmp_path, {PASSWORD_ENV: PASSWORD})
        untrusted = deliver([DIGEST], replace(mail, ca_file=None), tmp_path / "utan-ca",
                            {PASSWORD_ENV: PASSWORD})
    finally:
        server.stop()
    assert [d.outcome for d in trusted] == ["sent"]
    assert server.mailbox.logins == [USER]
    assert [r.recipients for r in server.mailbox.received] == [[ADDRESS[BOU]]]
    # A certificate of a CA the system does not know: one sentence, nothing sent.
    assert [(d.outcome, d.error) for d in untrusted] == [(
        "failed",
        "the SMTP server's TLS certificate is not trusted here: set [mail] ca_file to the"
        " certificate of the CA that signed it",
    )]
    assert len(server.mailbox.received) == 1


def test_a_refused_connection_is_one_owners_failure_and_the_others_are_delivered(
    smtp: SmtpServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    digests = [replace(DIGEST, owner=owner, contact=ADDRESS[owner], stem=owner[:3].lower())
               for owner in (BOU, SOC, KSF)]
    smtp.refuse_connection(2)  # Socialförvaltningen's: each owner's message has its own
    mail = read_notify_settings(mail_config(tmp_path / "klarsyn.toml", smtp.port)).mail
    assert mail is not None

    done = deliver(digests, mail, tmp_path, {PASSWORD_ENV: PASSWORD})

    assert [(d.owner, d.outcome) for d in done] == [(BOU, "sent"), (SOC, "failed"),
                                                    (KSF, "sent")]
    assert done[1].error == "the server answered 554 5.3.2 Anslutningen nekas"
    assert [r.recipients for r in smtp.mailbox.received] == [[ADDRESS[BOU]], [ADDRESS[KSF]]]
    summary = (tmp_path / "digest" / "utskick.txt").read_text(encoding="utf-8")
    assert f"MISSLYCKADES: {SOC} → {ADDRESS[SOC]}: the server answered 554" in summary
    assert f"digest of {SOC} to {ADDRESS[SOC]} not delivered" in caplog.text
    _no_password(caplog.text, tmp_path)
