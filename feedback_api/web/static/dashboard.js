/* The NPS trend chart on the dashboard. Reads the numbers from a JSON script element (no
   inline code, so the page runs under a strict Content-Security-Policy) and draws them
   with Chart.js, served from our own origin. Without Chart.js the table still shows them. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("trend-data");
    var canvas = document.getElementById("trend-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
    // eslint-disable-next-line no-new
    new window.Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: [
          {
            type: "line",
            label: "95% margin",
            data: data.high,
            yAxisID: "score",
            borderWidth: 0,
            pointRadius: 0,
            pointHitRadius: 0,
            backgroundColor: "rgba(22, 71, 168, 0.12)",
            fill: "+1", // shade down to the next dataset (the lower bound)
            spanGaps: false,
            tension: 0.2
          },
          {
            type: "line",
            label: "95% margin (low)",
            data: data.low,
            yAxisID: "score",
            borderWidth: 0,
            pointRadius: 0,
            pointHitRadius: 0,
            fill: false,
            spanGaps: false,
            tension: 0.2
          },
          {
            type: "line",
            label: "NPS",
            data: data.score,
            yAxisID: "score",
            borderColor: "#1647a8",
            backgroundColor: "#1647a8",
            pointRadius: 4,
            spanGaps: false, // a period without answers has no score: leave a gap
            tension: 0.2
          },
          {
            type: "bar",
            label: "Responses",
            data: data.responses,
            yAxisID: "responses",
            backgroundColor: "rgba(77, 85, 96, 0.22)",
            borderRadius: 3
          }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 400 },
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: {
            position: "bottom",
            labels: { filter: function (item) { return item.text !== "95% margin (low)"; } }
          },
          tooltip: {
            filter: function (item) { return item.datasetIndex !== 1 && item.raw !== null; },
            callbacks: {
              label: function (item) {
                if (item.dataset.label.indexOf("95% margin") === 0) {
                  return "95% margin: " + data.low[item.dataIndex].toFixed(1) + " to " +
                    item.raw.toFixed(1);
                }
                if (item.dataset.yAxisID === "score") {
                  return item.raw === null ? "NPS: no answers" : "NPS: " + item.raw.toFixed(1);
                }
                return "Responses: " + item.raw;
              }
            }
          }
        },
        scales: {
          score: {
            position: "left",
            min: -100,
            max: 100,
            title: { display: true, text: "NPS" },
            grid: { color: function (ctx) { return ctx.tick.value === 0 ? "#8b939e" : "#e7eaee"; } }
          },
          responses: {
            position: "right",
            beginAtZero: true,
            title: { display: true, text: "Responses" },
            grid: { drawOnChartArea: false },
            ticks: { precision: 0 }
          }
        }
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
