/* Draws the dashboard's charts with Chart.js from the JSON beside each canvas.
   Every chart repeats a table on the page, which stays the accessible source. */
(function () {
  "use strict";
  if (!window.Chart) { return; }
  // One palette for every chart that still reads in black and white: the colours step
  // from dark to light, and each series also has its own dash pattern and point shape.
  var palette = ["#0b3b5c", "#d2691e", "#5e8c31", "#6b4c9a", "#9aa5ad", "#1f77b4", "#8c2d04", "#c9b037", "#222222"];
  var dashes = [[], [6, 3], [2, 2], [10, 3, 2, 3], [1, 4], [8, 2, 2, 2], [4, 4], [12, 4], [3, 6]];
  var shapes = ["circle", "rect", "triangle", "rectRot", "star", "crossRot", "rectRounded", "cross", "line"];
  var locale = document.documentElement.lang || "nb";
  var numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  Chart.defaults.animation = false;
  Chart.defaults.font.family = "system-ui, sans-serif";
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var doughnut = spec.type === "doughnut";
    var datasets = spec.datasets.map(function (set, i) {
      var color = doughnut ? palette.slice(0, set.data.length) : palette[i % palette.length];
      return { label: set.label, data: set.data, backgroundColor: color, borderColor: color,
               borderDash: doughnut ? [] : dashes[i % dashes.length], pointStyle: shapes[i % shapes.length],
               borderWidth: doughnut ? 1 : 2, fill: false, tension: 0.2, pointRadius: spec.labels.length > 60 ? 0 : 3 };
    });
    var options = { responsive: true, maintainAspectRatio: false,
                    plugins: { legend: { position: "bottom", labels: { usePointStyle: true } } } };
    if (!doughnut) {
      options.scales = { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true } };
      if (spec.horizontal) { options.indexAxis = "y"; }
      var ticks = { callback: function (v) { return numberFormat.format(v) + (spec.percent ? "\u00a0%" : ""); } };
      if (spec.horizontal) { options.scales.x.ticks = ticks; } else { options.scales.y.ticks = ticks; }
    }
    new Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options });
  });
})();
