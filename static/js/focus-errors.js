// Moves the focus to a form's error summary, so that a screen reader reads the
// errors first. A static file, not an inline script: the Content-Security-Policy
// allows scripts from our own origin only.
(function () {
  "use strict";
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
