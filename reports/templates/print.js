// Optional: open every <details> before printing so a printed or PDF report is complete.
// Without JavaScript the report reads the same on screen; only closed sections stay closed.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
});
