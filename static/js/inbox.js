// The inbox's keyboard shortcuts and the catalogue answer, without inline scripts.
(function () {
  "use strict";
  var opened = Date.now();
  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" ||
      target.isContentEditable);
  }
  // Handling time: seconds the thread page was open when a form is sent (capped on the server).
  document.querySelectorAll("form[data-timed]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var field = form.querySelector("input[name$='seconds']");
      if (field) { field.value = Math.round((Date.now() - opened) / 1000); }
    });
  });
  // One click on a suggested service: its answer into the reply (editable) and the service for closing.
  document.querySelectorAll("[data-use-service]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var text = document.getElementById("id_text");
      if (!text) { return; }
      event.preventDefault();
      text.value = (text.value ? text.value.replace(/\s+$/, "") + "\n\n" : "") + link.dataset.answer;
      ["id_close-service", "id_fwd-service"].forEach(function (id) {
        var select = document.getElementById(id);
        if (select) { select.value = link.dataset.useService; }
      });
      text.focus();
    });
  });
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-keyboard-list] tbody tr"));
  var current = -1;
  function select(index) {
    if (!rows.length) { return; }
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) { row.classList.toggle("is-selected", i === current); });
    var link = rows[current].querySelector("a");
    if (link) { link.focus(); }
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    if (event.key === "j") { select(current + 1); event.preventDefault(); return; }
    if (event.key === "k") { select(current - 1); event.preventDefault(); return; }
    if (event.key === "r") {
      var reply = document.getElementById("id_text");
      if (reply) { reply.focus(); event.preventDefault(); }
      return;
    }
    var target = document.querySelector("[data-shortcut='" + event.key + "']");
    if (target) { target.click(); event.preventDefault(); }
  });
})();
