// Charts of the statistics pages. Data comes from a <script type="application/json"> block (no inline code,
// so the pages obey a strict Content-Security-Policy); labels and ticks use Persian digits.
(function () {
  "use strict";
  var faDigits = function (value) { return window.Rownaq.persianNumber(value); };
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("stats-chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    Chart.defaults.font.family = "Vazirmatn, Tahoma, sans-serif";
    Chart.defaults.locale = "fa-IR";
    var trend = document.getElementById("trend-chart");
    if (trend) {
      new Chart(trend, {
        data: {
          labels: data.labels,
          datasets: [
            { type: "bar", label: "سهم واحدهای ۱ نوبته ٪", data: data.shift1, stack: "s", backgroundColor: "#9ec5fe" },
            { type: "bar", label: "سهم واحدهای ۲ نوبته ٪", data: data.shift2, stack: "s", backgroundColor: "#3d8bfd" },
            { type: "bar", label: "سهم واحدهای ۳ نوبته ٪", data: data.shift3, stack: "s", backgroundColor: "#0a58ca" },
            { type: "line", label: "میانگین استفاده از ظرفیت ٪", data: data.utilisation, yAxisID: "y2",
              borderColor: "#fd7e14", backgroundColor: "#fd7e14", spanGaps: false }
          ]
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          plugins: {
            legend: { rtl: true, position: "bottom", labels: { boxWidth: 12 } },
            tooltip: { rtl: true, callbacks: { label: function (item) {
              return item.dataset.label + ": " + (item.raw === null ? "بدون داده" : faDigits(item.raw));
            } } }
          },
          scales: {
            x: { stacked: true, reverse: true, ticks: { autoSkip: true, maxRotation: 60 } },
            y: { stacked: true, beginAtZero: true, max: 100,
                 ticks: { callback: function (v) { return faDigits(v) + "٪"; } } },
            y2: { position: "left", beginAtZero: true, grid: { drawOnChartArea: false },
                  ticks: { callback: function (v) { return faDigits(v) + "٪"; } } }
          }
        }
      });
    }
    var bands = document.getElementById("bands-chart");
    if (bands) {
      new Chart(bands, {
        type: "bar",
        data: { labels: ["زیر ۵۰٪", "۵۰–۷۵٪", "۷۵–۱۰۰٪", "۱۰۰–۱۲۰٪", "بیش از ۱۲۰٪"],
                datasets: [{ label: "واحدها", data: data.bands, backgroundColor: "#198754" }] },
        options: { animation: false, plugins: { legend: { display: false } },
                   scales: { y: { beginAtZero: true, ticks: { precision: 0, callback: function (v) { return faDigits(v); } } } } }
      });
    }
  });
})();
