/* Charts of the reports dashboard, drawn with the vendored Apache ECharts from the data in
   <script type="application/json" id="report-charts">. Each chart's table stays on the page (the page is complete
   without JavaScript); the chart is an addition. No inline handlers, no eval: CSP script-src 'self'. */
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof window.echarts === "undefined") { return; }
  var data;
  try { data = JSON.parse(source.textContent); } catch (e) { return; }
  var palette = ["#b3261e", "#1f5fa8", "#2e7d32", "#c77800", "#6a4c93", "#00838f", "#7b5e57"];
  var text = { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" };

  function mount(name, option) {
    var box = document.querySelector('[data-chart="' + name + '"]');
    if (!box) { return; }
    box.hidden = false;
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    option.color = palette;
    option.textStyle = text;
    option.animation = false;
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  mount("monthly", {
    tooltip: { trigger: "axis" },
    legend: { data: ["主动公开信息", "新收申请"], top: 0 },
    grid: { left: 40, right: 40, top: 36, bottom: 28 },
    xAxis: { type: "category", data: data.months },
    yAxis: [{ type: "value", name: "条", minInterval: 1 }, { type: "value", name: "件", minInterval: 1 }],
    series: [
      { name: "主动公开信息", type: "bar", data: data.publications },
      { name: "新收申请", type: "line", yAxisIndex: 1, data: data.applications }
    ]
  });

  if (data.reply_time && data.reply_time.buckets.length) {
    mount("reply-time", {
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: "category", data: data.reply_time.buckets, axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: "value", minInterval: 1, name: "件" },
      series: [{ name: "答复用时", type: "bar", data: data.reply_time.values }]
    });
  }

  var outcomes = (data.outcomes || []).filter(function (o) { return o.value > 0; });
  if (outcomes.length) {
    mount("outcomes", {
      tooltip: { trigger: "item", formatter: "{b}：{c}件（{d}%）" },
      legend: { bottom: 0 },
      series: [{ name: "办理结果", type: "pie", radius: ["35%", "65%"], data: outcomes,
                 label: { formatter: "{b} {c}" } }]
    });
  }
})();
