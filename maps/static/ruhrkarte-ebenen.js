/* The planners' own layers on /planung. The page is public and cached, so it holds no layer: this
 * script asks the private endpoints with the reader's session (GET /layers, /layers/{id}/choropleth,
 * /layers/{id}/map; answered `private, no-store`) and shows a chosen layer's measure with the page's
 * own map colours, legend and table (classed on the server by the page's one classification), or
 * goes back to the programme measure; the layer's features can be drawn over any choropleth,
 * fetched again for the map's view after every move (clusters where there are many).
 * Every text from the server or the layer is set with textContent. */
"use strict";
(function () {
  const panel = document.getElementById("rk-own");
  const r = window.ruhrkarte;
  if (!panel || !r || !r.map || !window.Ruhrkarte || !window.fetch) return;
  const { el, t, fill } = window.Ruhrkarte.parts;
  const layerSelect = document.getElementById("rk-own-layer");
  const measureSelect = document.getElementById("rk-own-measure");
  const draw = document.getElementById("rk-own-draw");
  const status = document.getElementById("rk-own-status");
  const drawnNote = document.getElementById("rk-own-drawn");
  const pageForm = document.querySelector("form.rk-page");
  const table = document.getElementById("rk-measure-table");
  const title = document.getElementById("rk-measure-title");
  const printTitle = document.getElementById("rk-print-title");
  const printLegend = document.querySelector(".rk-print-legend");
  const classNote = document.getElementById("rk-class-note");  // the programme measure's note on its classes
  const locale = document.documentElement.lang === "en" ? "en-GB" : "de-DE";
  const PROGRAMME = "";
  const STROKE = "#7a0177", FILL = "#c51b8a";  // magenta: apart from the blue classes below

  function setting(name, fallback) {
    const field = pageForm && pageForm.elements[name];
    return field && field.value ? field.value : fallback;
  }

  function say(text, failed) {
    status.textContent = text || "";
    status.classList.toggle("rk-problem", Boolean(failed));
  }

  async function getJson(url, accept) {
    const response = await fetch(url, { headers: { Accept: accept || "application/json" }, credentials: "same-origin" });
    if (!response.ok) {
      let detail = String(response.status);
      try { detail = (await response.json()).detail || detail; } catch (error) { /* not a problem document */ }
      throw new Error(detail);
    }
    return response.json();
  }

  // -- the choropleth: the programme measure as the page came, or the layer's -------------------
  function cellText(cell) { return [cell.textContent, cell.getAttribute("data-sort")]; }
  function setCell(cell, text, sort) { cell.textContent = text; cell.setAttribute("data-sort", String(sort)); }
  function header() {
    if (!table) return null;
    const head = table.tHead.rows[0].cells[4];
    return head.querySelector("button") || head;  // ruhrkarte-lists.js puts a sort button in each head
  }

  const programme = (function () {
    const fills = [];
    r.boundaries.eachLayer((part) => fills.push([part, part.options.fillColor]));
    const values = {};
    for (const [code, unit] of Object.entries(r.communes || {})) values[code] = unit.value_text;
    const rows = table ? Array.from(table.tBodies[0].rows).map((row) => [row, cellText(row.cells[4]), cellText(row.cells[5])]) : [];
    return { fills: fills, values: values, rows: rows, label: r.measureLabel, classes: r.classes,
             title: title && title.textContent, print: printTitle && printTitle.textContent,
             legend: printLegend ? Array.from(printLegend.children) : [] };
  })();

  function printLegendOf(classes) {
    if (!printLegend) return;
    printLegend.replaceChildren(...classes.map((item) => {
      const entry = el("li");
      entry.append(el("span", null, { class: "rk-swatch", style: "background:" + item.colour }), document.createTextNode(" " + item.label));
      return entry;
    }));
  }

  function showProgramme() {
    for (const [part, colour] of programme.fills) part.setStyle({ fillColor: colour });
    for (const [code, text] of Object.entries(programme.values)) r.communes[code].value_text = text;
    if (table) {
      const body = table.tBodies[0];
      for (const [row, value, klass] of programme.rows) {
        setCell(row.cells[4], value[0], value[1]);
        setCell(row.cells[5], klass[0], klass[1]);
        body.append(row);
      }
      header().textContent = programme.label;
    }
    if (title) title.textContent = programme.title;
    if (printTitle) printTitle.textContent = programme.print;
    if (printLegend) printLegend.replaceChildren(...programme.legend);
    if (classNote) classNote.hidden = false;
    r.showClasses(programme.label, programme.classes);
  }

  function showLayer(answer) {
    const label = fill(t("{layer}: {measure}"), { layer: answer.title, measure: answer.label });
    const units = {};
    for (const unit of answer.units) units[unit.code] = unit;
    r.boundaries.eachLayer((part) => {
      const unit = units[part.feature.properties.ags];
      if (unit) part.setStyle({ fillColor: answer.classes[unit.class].colour });
    });
    for (const [code, unit] of Object.entries(r.communes || {})) if (units[code]) unit.value_text = units[code].value_text;
    if (table) {
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      for (const row of rows) {
        const unit = units[row.cells[0].getAttribute("data-sort")];
        if (!unit) continue;
        setCell(row.cells[4], unit.value_text, unit.value);
        setCell(row.cells[5], unit.class_label, unit.class);
      }
      rows.sort((a, b) => Number(b.cells[4].getAttribute("data-sort")) - Number(a.cells[4].getAttribute("data-sort")));
      for (const row of rows) body.append(row);
      header().textContent = answer.label;
    }
    if (title) title.textContent = label;
    if (printTitle) printTitle.textContent = label;
    printLegendOf(answer.classes);
    if (classNote) classNote.hidden = true;  // the layer's own note is in the panel's status
    r.showClasses(label, answer.classes);
  }

  // -- choosing a layer and its measure -----------------------------------------------------------
  let asked = 0;
  async function choose(id, measure) {
    const mine = ++asked;
    if (!id) {
      showProgramme();
      measureSelect.replaceChildren();
      measureSelect.disabled = true;
      draw.checked = false;
      draw.disabled = true;
      redraw();
      history.replaceState(null, "", location.pathname + location.search);
      say("");
      return;
    }
    draw.disabled = false;
    if (measure === PROGRAMME) {
      showProgramme();
      say(t("Gezeigt: die Kennzahl des Programms."));
      return;
    }
    say(t("Die Ebene wird geladen …"));
    const query = new URLSearchParams({ level: setting("level", "gemeinden"), scheme: setting("scheme", "natural_breaks"),
                                        k: setting("k", "5") });
    if (measure) query.set("measure", measure);
    if (document.documentElement.lang === "en") query.set("lang", "en");
    let answer;
    try {
      answer = await getJson("/layers/" + encodeURIComponent(id) + "/choropleth?" + query.toString());
    } catch (error) {
      if (mine === asked) say(fill(t("Die Ebene konnte nicht geladen werden: {detail}"), { detail: error.message }), true);
      return;
    }
    if (mine !== asked) return;
    measureSelect.replaceChildren(el("option", t("Kennzahl des Programms (oben gewählt)"), { value: PROGRAMME }),
      ...answer.measures.map((item) => el("option", item.label, { value: item.id })));
    measureSelect.value = answer.measure;
    measureSelect.disabled = false;
    showLayer(answer);
    say(answer.note || fill(t("Gezeigt: {measure} der Ebene „{layer}“."), { measure: answer.label, layer: answer.title }));
    history.replaceState(null, "", "#ebene=" + encodeURIComponent(id));
  }

  // -- the layer's features over the map: fetched for the view, clustered by the server -----------
  const features = L.layerGroup();
  let drawn = 0;

  function number(value) {
    return typeof value === "number" ? value.toLocaleString(locale, { maximumFractionDigits: 2 }) : String(value);
  }

  function popup(heading, entries) {
    const box = el("div", null, { class: "rk-popup" });
    box.append(el("h2", heading, { class: "rk-popup-title" }));
    const list = el("ul");
    for (const [key, value] of entries) list.append(el("li", key + ": " + number(value)));
    if (list.children.length) box.append(list);
    return box;
  }

  function clusterPopup(properties) {
    const sums = Object.entries(properties).filter(([key]) => key.startsWith("sum_"))
      .map(([key, value]) => [fill(t("{column}: Summe"), { column: key.slice(4) }), value]);
    return popup(fill(t("{n} Objekte"), { n: number(properties.count) }), sums);
  }

  function featurePopup(properties) {
    const entries = Object.entries(properties).filter(([key, value]) => key !== "kind" && value !== null && value !== "");
    const named = entries.find(([, value]) => typeof value === "string");
    return popup(named ? named[1] : t("Objekt"), entries);
  }

  function drawFeature(feature) {
    const properties = feature.properties || {};
    if (properties.kind === "cluster" && feature.geometry && feature.geometry.type === "Point") {
      const [lon, lat] = feature.geometry.coordinates;
      const count = Number(properties.count) || 0;
      const group = L.featureGroup();
      L.circleMarker([lat, lon], { radius: Math.min(36, 9 + 6 * Math.log10(Math.max(count, 1))), color: STROKE, weight: 2,
                                   fillColor: FILL, fillOpacity: 0.55 }).addTo(group);
      const label = el("span", number(count), { class: "rk-own-count" });
      L.marker([lat, lon], { icon: L.divIcon({ html: label, className: "rk-own-label", iconSize: [48, 16] }),
                             interactive: false, keyboard: false }).addTo(group);
      group.bindPopup(() => clusterPopup(properties));
      return group;
    }
    const layer = L.geoJSON(feature, {
      style: { color: STROKE, weight: 2, fillColor: FILL, fillOpacity: 0.3 },
      pointToLayer: (point, latlng) => L.circleMarker(latlng, { radius: 6, color: STROKE, weight: 2, fillColor: FILL, fillOpacity: 0.9 }),
    });
    layer.bindPopup(() => featurePopup(properties));
    return layer;
  }

  async function redraw() {
    const id = layerSelect.value;
    const mine = ++drawn;
    if (!draw.checked || !id) {
      features.clearLayers();
      features.remove();
      drawnNote.textContent = "";
      return;
    }
    const view = r.map.getBounds();
    const query = new URLSearchParams({
      bbox: [view.getWest(), view.getSouth(), view.getEast(), view.getNorth()].map((v) => v.toFixed(5)).join(","),
      zoom: String(r.map.getZoom()) });
    let answer;
    try {
      answer = await getJson("/layers/" + encodeURIComponent(id) + "/map?" + query.toString(), "application/geo+json");
    } catch (error) {
      if (mine === drawn) drawnNote.textContent = fill(t("Die Objekte konnten nicht geladen werden: {detail}"), { detail: error.message });
      return;
    }
    if (mine !== drawn || !draw.checked) return;
    features.clearLayers();
    for (const feature of answer.features || []) features.addLayer(drawFeature(feature));
    if (!r.map.hasLayer(features)) features.addTo(r.map);
    drawnNote.textContent = fill(answer.aggregated ? t("{n} Gruppen von Objekten in diesem Ausschnitt (zusammengefasst für diesen Maßstab).")
                                                   : t("{n} Objekte in diesem Ausschnitt."), { n: (answer.features || []).length });
  }

  // -- start: the layers this reader may see --------------------------------------------------------
  async function start() {
    let listing;
    try {
      listing = await getJson("/layers");
    } catch (error) {
      return;  // a service without the living data has no layers: the panel stays hidden
    }
    const layers = listing.layers || [];
    const account = listing.account;
    if (!layers.length && !account) return;
    if (account && account.may_upload) document.getElementById("rk-own-upload").hidden = false;
    for (const layer of layers) {
      const whose = account && layer.owner === account.name ? "" : " (" + (layer.public ? t("öffentlich") : layer.owner) + ")";
      layerSelect.append(el("option", layer.title + whose, { value: String(layer.id) }));
    }
    panel.hidden = false;
    layerSelect.addEventListener("change", () => choose(layerSelect.value, null));
    measureSelect.addEventListener("change", () => choose(layerSelect.value, measureSelect.value));
    draw.addEventListener("change", redraw);
    r.map.on("moveend", redraw);
    const wanted = /ebene=(\d+)/.exec(location.hash);
    if (wanted && layers.some((layer) => String(layer.id) === wanted[1])) {
      layerSelect.value = wanted[1];
      choose(wanted[1], null);
    } else if (wanted) {
      say(t("Diese Ebene ist für Sie nicht sichtbar (nicht angemeldet, oder nicht freigegeben)."), true);
    } else if (!layers.length) {
      say(t("Sie haben noch keine eigene Ebene."));
    }
  }

  start();
})();
