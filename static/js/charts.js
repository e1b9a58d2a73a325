// Statistics dashboards: draws the Chart.js charts from their json_script
// data, and shows only the period fields that apply to the chosen kind.
// Every chart has a table with the same figures next to it, so nothing is
// lost without JavaScript.
(function () {
  "use strict";

  // Distinguishable colours with at least 3:1 contrast on white.
  const COLOURS = ["#0b3d73", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#be123c"];
  const DASHES = [[], [6, 4], [2, 3], [10, 4, 2, 4], [12, 6], [4, 4]];

  function numberFormat() {
    const lang = document.documentElement.lang || "de";
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  }

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    const data = JSON.parse(source.textContent);
    const type = canvas.dataset.chartType || "line";
    const number = numberFormat();
    window.Chart.defaults.font.size = 13;
    window.Chart.defaults.color = "#495057"; // Bootstrap's secondary text, AA
    data.datasets.forEach((dataset, i) => {
      const colour = COLOURS[i % COLOURS.length];
      dataset.borderColor = colour;
      dataset.backgroundColor = colour;
      if (type === "line") {
        dataset.borderDash = DASHES[i % DASHES.length];
        dataset.pointStyle = ["circle", "rect", "triangle", "rectRot", "star", "cross"][i % 6];
        dataset.pointRadius = 4;
        dataset.spanGaps = false; // a suppressed value (*) stays a gap
      }
    });
    // The box sets the height (CSSOM, allowed by the CSP); the chart fills it,
    // so it stays readable on a phone as on a desktop.
    canvas.parentElement.style.position = "relative";
    canvas.parentElement.style.height = "clamp(18rem, 45vh, 26rem)";
    // Until Chart.js has redrawn after a resize, never wider than the page.
    canvas.parentElement.style.overflow = "hidden";
    canvas.style.maxWidth = "100%";
    // Counts of very different size (participants, placements) each get an
    // axis of their own, titled, left and right.
    function scales(axes, number) {
      const ticks = { precision: 0, callback: (value) => number.format(value) };
      if (!axes) {
        return { y: { beginAtZero: true, ticks: ticks } };
      }
      const result = {};
      Object.entries(axes).forEach(([id, title], i) => {
        result[id] = {
          position: i === 0 ? "left" : "right",
          beginAtZero: true,
          ticks: ticks,
          title: { display: true, text: title },
          grid: { drawOnChartArea: i === 0 },
        };
      });
      return result;
    }
    new window.Chart(canvas, {
      type: type,
      data: data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: scales(data.axes, number),
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true } },
          tooltip: {
            callbacks: {
              label: (context) =>
                `${context.dataset.label}: ${
                  context.raw === null ? "*" : number.format(context.raw)
                }`,
            },
          },
        },
      },
    });
  }

  // Which fields each kind of period needs (see reports/views/dashboard.py).
  const FIELDS = {
    quarter: ["year", "quarter"],
    half_year: ["year", "half"],
    year: ["year"],
    phase: ["phase"],
    range: ["start", "end"],
  };

  function bindPeriod(container) {
    const kind = container.querySelector("select[name$='kind']");
    if (!kind) {
      return;
    }
    const update = () => {
      const wanted = FIELDS[kind.value] || [];
      container.querySelectorAll("[data-period-wrapper]").forEach((wrapper) => {
        wrapper.hidden = !wanted.includes(wrapper.dataset.periodWrapper);
      });
    };
    kind.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-period-form]").forEach(bindPeriod);
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
