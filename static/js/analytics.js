/* Draws the dashboard's charts with Chart.js from the JSON beside each canvas.
   Every chart repeats a table on the page, which stays the accessible source. */
(function () {
  "use strict";
  if (!window.Chart) { return; }
  var palette = ["#00507a", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0e7490", "#a16207", "#be185d", "#4b5563"];
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
               fill: false, tension: 0.2, pointRadius: spec.labels.length > 60 ? 0 : 2 };
    });
    var options = { responsive: true, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } };
    if (!doughnut) {
      options.scales = { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true } };
      if (spec.horizontal) { options.indexAxis = "y"; }
      if (spec.percent) { options.scales.y.ticks = { callback: function (v) { return v + " %"; } }; }
    }
    new Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options });
  });
})();
