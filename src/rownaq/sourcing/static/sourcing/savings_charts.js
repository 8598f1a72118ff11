// Charts of the sourcing savings dashboard. The figures come from <script type="application/json"
// id="savings-data"> (no inline code: the pages obey a strict Content-Security-Policy); ticks use Persian digits.
(function () {
  "use strict";
  var faDigits = function (value) { return window.Rownaq.persianNumber(value); };

  function barChart(canvas, part) {
    if (!canvas || !part) { return; }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: part.labels,
        datasets: [
          { label: "ارزش ارزی سالانهٔ فهرست‌شده", data: part.listed, backgroundColor: "#9ec5fe" },
          { label: "صرفه‌جویی ارزی سالانه", data: part.saved, backgroundColor: "#198754" }
        ]
      },
      options: {
        animation: false,
        indexAxis: "y",
        plugins: { legend: { rtl: true }, tooltip: { rtl: true } },
        // Right to left: bars grow from the labels on the right.
        scales: { x: { reverse: true, beginAtZero: true, ticks: { callback: function (v) { return faDigits(v); } } },
                  y: { position: "right" } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("savings-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    Chart.defaults.font.family = "Vazirmatn, Tahoma, sans-serif";
    barChart(document.getElementById("savings-by-kind-chart"), data.by_kind);
    barChart(document.getElementById("savings-by-estate-chart"), data.by_estate);
  });
})();
