// Älvbyns kommun: the cookie banner (kakbanner), the site's own, as many municipal sites have.
//
// Every page loads this script (templates/layout.html, with defer). Until the visitor has answered, it puts a
// modal dialog over the page and hides the page from assistive technology (aria-hidden and
// inert on everything but the dialog), as such banners do. "Endast nödvändiga" rejects,
// "Godkänn alla" accepts; either sets the cookie "kakval" for a year and the dialog goes.
// With "alla", every page then loads the visitor statistics' tracking pixel.
//
// The banner has real accessibility faults, which klarsyn reports once, as the banner's own
// item, when the audit answers it ([consent] in the config): its close button has no
// accessible name (button-name) and its small print is grey on white (color-contrast).
// Without [consent], the faults are on every page and the content behind it is hidden.
// tests/test_consent_browser.py serves this file on its own small sites.
"use strict";

(function () {
  const answer = (document.cookie.match(/(?:^|;\s*)kakval=([^;]*)/) || [])[1];
  if (answer === "alla") {
    const pixel = document.createElement("img");
    pixel.src = "/bilder/besok.gif";
    pixel.width = 1;
    pixel.height = 1;
    pixel.className = "besoksstatistik";
    document.body.appendChild(pixel);
  }
  if (answer) {
    return;
  }
  const hidden = Array.from(document.body.children);
  for (const part of hidden) {
    part.setAttribute("aria-hidden", "true");
    part.inert = true;
  }
  const banner = document.createElement("div");
  banner.id = "kakbanner";
  banner.className = "kakbanner";
  banner.setAttribute("role", "dialog");
  banner.setAttribute("aria-modal", "true");
  banner.setAttribute("aria-labelledby", "kakbanner-rubrik");
  banner.innerHTML =
    '<button type="button" class="kakbanner-stang"><span aria-hidden="true">×</span></button>' +
    '<h2 id="kakbanner-rubrik">Vi använder kakor</h2>' +
    "<p>Vi använder kakor för att webbplatsen ska fungera och, om du vill, för att räkna besök.</p>" +
    '<p class="kakbanner-finstilt" style="color:#aaaaaa;background:#ffffff">' +
    'Läs mer på sidan <a href="/kakor/" style="color:#aaaaaa">Kakor på webbplatsen</a>.</p>' +
    '<button type="button" id="kakor-nodvandiga">Endast nödvändiga</button> ' +
    '<button type="button" id="kakor-alla">Godkänn alla</button>';
  banner.style.cssText =
    "position:fixed;inset:auto 0 0 0;z-index:10;background:#ffffff;padding:1em;" +
    "border-top:3px solid #004b87";
  document.body.appendChild(banner);

  function choose(value) {
    document.cookie = "kakval=" + value + "; path=/; max-age=31536000; SameSite=Lax";
    banner.remove();
    for (const part of hidden) {
      part.removeAttribute("aria-hidden");
      part.inert = false;
    }
  }
  banner.querySelector("#kakor-nodvandiga").addEventListener("click", () => choose("nodvandiga"));
  banner.querySelector(".kakbanner-stang").addEventListener("click", () => choose("nodvandiga"));
  banner.querySelector("#kakor-alla").addEventListener("click", () => choose("alla"));
})();
