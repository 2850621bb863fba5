// Optional: sort the portfolio table by a column. Each header gets a button; a cell's
// data-sort key orders the rows (numbers as numbers). Without JavaScript the table reads
// the same, in the order the sites were given.
document.addEventListener("DOMContentLoaded", function () {
  var table = document.querySelector("table.sortable");
  if (!table) { return; }
  var headers = table.querySelectorAll("thead th");
  var body = table.tBodies[0];
  headers.forEach(function (th, column) {
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column].getAttribute("data-sort");
        var y = b.cells[column].getAttribute("data-sort");
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (isNaN(nx) || isNaN(ny)) ? x.localeCompare(y, "sv") : nx - ny;
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
