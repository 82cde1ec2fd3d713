// EdgeBlocker admin page: the dashboard charts (uPlot, shipped with the app). No inline scripts: the CSP forbids them.
(function () {
    "use strict";
    var source = document.getElementById("dashboard-data");
    if (!source || typeof uPlot === "undefined") {
        return;
    }
    var data = JSON.parse(source.textContent);

    // Fills the buckets the server left out (periods without calls) with zeros, so lines fall to 0 instead of bridging gaps.
    function series(points, start, end, step) {
        var byTime = {};
        points.forEach(function (p) { byTime[p[0]] = p; });
        var xs = [], screened = [], blocked = [];
        for (var t = start; t <= end; t += step) {
            var p = byTime[t];
            xs.push(t);
            screened.push(p ? p[1] : 0);
            blocked.push(p ? p[2] : 0);
        }
        return [xs, screened, blocked];
    }

    function width(el) { return Math.max(320, el.clientWidth - 8); }

    function chart(el, rows, bars) {
        var options = {
            width: width(el),
            height: 240,
            scales: { x: { time: true } },
            axes: [{}, { size: 56 }],
            series: [
                { value: "{YYYY}-{MM}-{DD} {HH}:{mm}" },
                { label: "screened", stroke: "#1f5fa8", fill: "rgba(31,95,168,0.10)", width: 1.5, paths: bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined },
                { label: "blocked", stroke: "#b3261e", fill: "rgba(179,38,30,0.18)", width: 1.5, paths: bars ? uPlot.paths.bars({ size: [0.3, 20] }) : undefined }
            ]
        };
        var plot = new uPlot(options, rows, el);
        window.addEventListener("resize", function () { plot.setSize({ width: width(el), height: 240 }); });
        return plot;
    }

    var minuteEnd = Math.floor(data.now / 60) * 60;
    var dayEnd = Math.floor(data.now / 86400) * 86400;
    chart(document.getElementById("chart-minute"), series(data.minute, minuteEnd - 24 * 3600 + 60, minuteEnd, 60), false);
    chart(document.getElementById("chart-day"), series(data.day, dayEnd - 29 * 86400, dayEnd, 86400), true);
})();
