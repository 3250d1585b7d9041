// One table component: a table with data-sortable gets sort buttons in its column
// headers (aria-sort says the order; Enter or Space sorts by keyboard). Numbers are
// read the way the page writes them ("1 234", "74,8 %", "−0,2 min"). The header is
// sticky by CSS (.table thead th); without JavaScript the table is as the server sent it.
(function () {
  "use strict";
  function value(cell) {
    const text = (cell ? cell.textContent : "").trim();
    const number = text.replace(/[\s\u00a0\u202f]/g, "").replace("\u2212", "-").replace(/%|min$/g, "").replace(",", ".");
    return number !== "" && !isNaN(Number(number)) ? Number(number) : text.toLocaleLowerCase();
  }
  function sortBy(table, index, th) {
    const body = table.tBodies[0];
    if (!body) return;
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th[aria-sort]").forEach((h) => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = value(a.cells[index]), y = value(b.cells[index]);
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), document.documentElement.lang || "nb");
      return ascending ? order : -order;
    });
    rows.forEach((row) => body.appendChild(row));
  }
  function init(root) {
    (root || document).querySelectorAll("table[data-sortable]:not([data-sort-ready])").forEach((table) => {
      table.setAttribute("data-sort-ready", "1");
      const heads = table.tHead ? Array.from(table.tHead.rows[0].cells) : [];
      if (!table.tBodies[0] || table.tBodies[0].rows.length < 2) return;
      heads.forEach((th, index) => {
        if (th.hasAttribute("data-nosort") || !th.textContent.trim()) return;
        const button = document.createElement("button");
        button.type = "button";
        button.className = "sort-button";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", () => sortBy(table, index, th));
      });
    });
  }
  document.addEventListener("DOMContentLoaded", () => init(document));
  document.addEventListener("htmx:load", (event) => init(event.detail.elt));
})();
