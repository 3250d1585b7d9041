// The kiosk returns to its start page after a quiet spell, so the next person never sees
// someone else's number. Any touch or key restarts the wait (WCAG 2.2.1: the person can
// extend it), and nothing happens on the start page itself.
(function () {
  "use strict";
  var url = document.body.getAttribute("data-reset-url");
  var seconds = parseInt(document.body.getAttribute("data-reset-seconds") || "0", 10);
  if (!url || !seconds) {
    return;
  }
  var timer = null;
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(function () { window.location.assign(url); }, seconds * 1000);
  }
  ["pointerdown", "keydown", "touchstart"].forEach(function (name) {
    document.addEventListener(name, arm, { passive: true });
  });
  arm();
})();
