// Charts of the cases statistics page. The figures come from <script type="application/json" id="case-stats-data">
// (no inline code: the pages obey a strict Content-Security-Policy); ticks use Persian digits.
(function () {
  "use strict";
  var faDigits = function (value) { return window.Rownaq.persianNumber(value); };
  var countAxis = { beginAtZero: true, ticks: { precision: 0, callback: function (v) { return faDigits(v); } } };

  function barChart(canvas, labels, datasets, horizontal) {
    if (!canvas) { return; }
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false,
        indexAxis: horizontal ? "y" : "x",
        plugins: { legend: { rtl: true }, tooltip: { rtl: true } },
        scales: horizontal ? { x: countAxis, y: { position: "right" } } : { y: countAxis, x: { reverse: true } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("case-stats-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    Chart.defaults.font.family = "Vazirmatn, Tahoma, sans-serif";
    Chart.defaults.locale = "fa-IR";
    barChart(document.getElementById("cases-by-body-chart"), data.by_body.labels, [
      { label: "ارجاع باز", data: data.by_body.open, backgroundColor: "#3d8bfd" },
      { label: "گذشته از مهلت", data: data.by_body.overdue, backgroundColor: "#dc3545" }
    ], true);
    barChart(document.getElementById("cases-by-category-chart"), data.by_category.labels, [
      { label: "باز", data: data.by_category.open, backgroundColor: "#fd7e14" },
      { label: "کل", data: data.by_category.total, backgroundColor: "#9ec5fe" }
    ], false);
  });
})();
