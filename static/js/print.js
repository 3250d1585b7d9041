// A button with data-print prints the page (no inline onclick: the CSP forbids it).
(function () {
  "use strict";
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-print]");
    if (button) window.print();
  });
})();
