// Optional: open every <details> before printing, for browsers older than CSS ::details-content
// (style.css prints closed sections open without this script in Chromium 131+, Firefox 143+,
// Safari 18.4+). Without JavaScript the report reads the same on screen.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
});
