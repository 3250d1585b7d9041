// The waiting-room display: htmx polls the rows every second. When the newest call
// changes (a new number, or the same number called again) the chime plays. A failed
// poll shows "Reconnecting…" until the next one succeeds; nothing else is needed.
(function () {
  "use strict";
  var last = null;
  var sound = false;
  var audio = null;

  function signature() {
    var node = document.querySelector("[data-signature]");
    return node ? node.getAttribute("data-signature") : "";
  }

  document.addEventListener("DOMContentLoaded", function () {
    audio = new Audio(document.body.getAttribute("data-chime"));
    last = signature();
    var button = document.getElementById("chime-on");
    if (button) {
      button.addEventListener("click", function () {
        sound = true;
        audio.play().catch(function () {});
        button.hidden = true;
      });
    }
  });

  document.addEventListener("htmx:afterSwap", function () {
    var now = signature();
    document.getElementById("display-offline").hidden = true;
    if (now && now !== last && sound) {
      audio.currentTime = 0;
      audio.play().catch(function () {});
    }
    last = now;
  });

  function offline() {
    document.getElementById("display-offline").hidden = false;
  }
  document.addEventListener("htmx:sendError", offline);
  document.addEventListener("htmx:responseError", offline);
})();
