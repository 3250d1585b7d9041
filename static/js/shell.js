// The staff shell: the side navigation folds away on small screens behind the
// Menu button (keyboard: Enter/Space opens it, Escape closes it and returns focus).
// Without JavaScript the navigation simply shows above the page.
(function () {
  "use strict";
  function init() {
    const toggle = document.querySelector(".nav-toggle");
    const nav = document.getElementById("side-nav");
    if (!toggle || !nav) return;
    document.documentElement.classList.add("js");
    function set(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    }
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      set(open);
      if (open) { const first = nav.querySelector("a"); if (first) first.focus(); }
    });
    nav.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        set(false);
        toggle.focus();
      }
    });
    // The user menu closes with Escape too.
    document.querySelectorAll("details.user-menu").forEach((menu) => {
      menu.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
