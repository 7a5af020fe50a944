/* Ruhrkarte planners' page: the map as shown, exported as a PNG drawn on a canvas in the browser
 * (no outside service), and the print button. The PNG holds the title, the choropleth, the site
 * markers of the layers that are switched on, the legend, the attribution and the date. */
"use strict";
(function () {
  function rings(latlngs) {
    if (!latlngs.length) return [];
    return latlngs[0] instanceof L.LatLng ? [latlngs] : latlngs.flatMap(rings);
  }

  function wrap(ctx, text, width) {
    const lines = [];
    let line = "";
    for (const word of String(text).split(" ")) {
      const next = line ? line + " " + word : word;
      if (ctx.measureText(next).width > width && line) { lines.push(line); line = word; } else { line = next; }
    }
    if (line) lines.push(line);
    return lines;
  }

  function drawBoundaries(ctx, map, layer) {
    layer.eachLayer(function (part) {
      const style = part.options;
      ctx.beginPath();
      for (const ring of rings(part.getLatLngs())) {
        ring.forEach(function (latlng, i) {
          const p = map.latLngToContainerPoint(latlng);
          if (i === 0) ctx.moveTo(p.x, p.y); else ctx.lineTo(p.x, p.y);
        });
        ctx.closePath();
      }
      ctx.globalAlpha = style.fillOpacity === undefined ? 0.2 : style.fillOpacity;
      ctx.fillStyle = style.fillColor || style.color;
      ctx.fill("evenodd");
      ctx.globalAlpha = 1;
      ctx.strokeStyle = style.color || "#444";
      ctx.lineWidth = style.weight || 1;
      ctx.stroke();
    });
  }

  function drawSites(ctx, map, groups) {
    for (const group of Object.values(groups || {})) {
      if (!map.hasLayer(group)) continue;
      group.eachLayer(function walk(layer) {
        if (layer.eachLayer) { layer.eachLayer(walk); return; }
        if (!layer.getLatLng) return;
        const p = map.latLngToContainerPoint(layer.getLatLng());
        ctx.beginPath();
        ctx.arc(p.x, p.y, layer.options.radius || 6, 0, 2 * Math.PI);
        ctx.fillStyle = layer.options.fillColor || "#333";
        ctx.fill();
        ctx.strokeStyle = layer.options.color || "#222";
        ctx.lineWidth = 1;
        ctx.stroke();
      });
    }
  }

  function render() {
    const r = window.ruhrkarte;
    const size = r.map.getSize();
    const legendWidth = 280, top = 48, bottom = 44;
    const canvas = document.createElement("canvas");
    canvas.width = size.x + legendWidth;
    canvas.height = Math.max(size.y, 200) + top + bottom;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#000000";
    ctx.font = "bold 18px sans-serif";
    ctx.fillText(r.export.title, 10, 22);
    ctx.font = "13px sans-serif";
    ctx.fillText(r.export.level, 10, 40);
    ctx.save();
    ctx.translate(0, top);
    ctx.beginPath();
    ctx.rect(0, 0, size.x, size.y);
    ctx.clip();
    drawBoundaries(ctx, r.map, r.boundaries);
    drawSites(ctx, r.map, r.groups);
    ctx.restore();
    let y = top + 16;
    const x = size.x + 12;
    ctx.fillStyle = "#000000";
    ctx.font = "bold 13px sans-serif";
    for (const line of wrap(ctx, r.measureLabel, legendWidth - 20)) { ctx.fillText(line, x, y); y += 17; }
    ctx.font = "13px sans-serif";
    for (const item of r.classes) {
      ctx.fillStyle = item.colour;
      ctx.fillRect(x, y - 11, 18, 13);
      ctx.strokeStyle = "#555555";
      ctx.strokeRect(x, y - 11, 18, 13);
      ctx.fillStyle = "#000000";
      for (const line of wrap(ctx, item.label, legendWidth - 50)) { ctx.fillText(line, x + 26, y); y += 17; }
    }
    ctx.font = "12px sans-serif";
    const date = new Date().toLocaleDateString(document.documentElement.lang === "en" ? "en-GB" : "de-DE");
    const foot = r.export.attribution + " · " + r.export.dataDate + " · " + r.export.created.replace("{date}", date);
    let footY = top + size.y + 18;
    for (const line of wrap(ctx, foot, canvas.width - 20)) { ctx.fillText(line, 10, footY); footY += 15; }
    return canvas;
  }

  function download() {
    const link = document.createElement("a");
    link.href = render().toDataURL("image/png");
    link.download = window.ruhrkarte.export.fileName;
    document.body.append(link);
    link.click();
    link.remove();
  }

  function colourPrintLegend() {
    const classes = (window.ruhrkarte && window.ruhrkarte.classes) || [];
    classes.forEach(function (item, i) {
      document.querySelectorAll(".rk-swatch-" + i).forEach(function (swatch) { swatch.style.background = item.colour; });
    });
  }

  function start() {
    const tools = document.querySelector(".rk-tools");
    if (!tools || !window.ruhrkarte || !window.ruhrkarte.export) return;
    tools.hidden = false;
    document.getElementById("rk-png").addEventListener("click", download);
    document.getElementById("rk-print").addEventListener("click", function () { window.print(); });
    colourPrintLegend();
    // The print layout gives the map another size: Leaflet redraws for it.
    const refit = function () { window.ruhrkarte.map.invalidateSize({ animate: false }); };
    window.addEventListener("beforeprint", refit);
    window.matchMedia("print").addEventListener("change", refit);
    window.ruhrkarte.renderPng = render;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
