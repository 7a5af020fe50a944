/* Ruhrkarte page behaviour: popups, tooltips, legend and the search panel.
 * Every text that comes from data is set with textContent, never parsed as HTML. */
"use strict";
window.Ruhrkarte = (function () {
  // Texts are written in German and marked t("…") (or N_("…") in a constant, translated where shown);
  // a page in another language brings their translations as cfg.texts (maps/i18n.py).
  let texts = {};
  function t(text) { return texts[text] || text; }
  function N_(text) { return text; }
  // "{n} Standorte" with {n: 3}: values go in after translating.
  function fill(text, values) { return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole)); }

  // The precision labels and the "not published" text come with the page data (cfg.labels,
  // maps/labels.py), so the popups and the commune page's table use the same words.
  const STATUS = { active: N_("in Betrieb"), planned: N_("geplant"), "phase-out": N_("Kohleausstieg") };
  const IDENTIFICATION = {
    confirmed: N_("als Programmschule bestätigt"),
    probable: N_("wahrscheinlich (nicht durch eine Quelle bestätigt)"),
    possible: N_("möglich (nicht bestätigt)"),
  };

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [key, value] of Object.entries(attrs || {})) {
      // Styles through the CSSOM: a style attribute would need 'unsafe-inline' in the Content-Security-Policy.
      if (key === "style") node.style.cssText = value;
      else node.setAttribute(key, value);
    }
    return node;
  }

  function safeHref(url) {
    return /^https?:\/\//i.test(url || "") ? url : null;
  }

  function sourceNode(source) {
    const href = safeHref(source);
    const line = el("p", t("Quelle:") + " ");
    if (href) {
      const a = el("a", new URL(href).hostname, { href: href, target: "_blank", rel: "noopener noreferrer" });
      line.append(a);
    } else {
      line.append(document.createTextNode(source || t("nicht angegeben")));
    }
    return line;
  }

  function unknownPositionText(communeName, cfg) {
    return cfg.labels.unknownPosition.replace("{commune}", () => communeName);
  }

  function sitePopup(site, cfg) {
    const box = el("div", null, { class: "rk-popup" });
    box.append(el("strong", site.name));
    box.append(el("p", cfg.programmes[site.programme].name));
    if (site.address) box.append(el("p", site.address));
    box.append(el("p", t("Status:") + " " + (STATUS[site.status] ? t(STATUS[site.status]) : site.status) + (site.year ? " (" + site.year + ")" : "")));
    box.append(el("p", t("Lage:") + " " + (cfg.labels.precision[site.precision] || site.precision)));
    if (site.identification) {
      const known = IDENTIFICATION[site.identification];
      box.append(el("p", t("Zuordnung:") + " " + (known ? t(known) : site.identification)));
    }
    box.append(sourceNode(site.source));
    return box;
  }

  function communePopup(commune, cfg) {
    const box = el("div", null, { class: "rk-popup" });
    box.append(el("strong", commune.name));
    box.append(el("p", commune.district));
    const counts = el("ul");
    for (const [id, programme] of Object.entries(cfg.programmes)) {
      const n = (commune.sites || {})[id] || 0;
      if (n) counts.append(el("li", programme.name + ": " + n));
    }
    if (counts.children.length) box.append(counts);
    const unknown = commune.unknown || [];
    if (unknown.length) {
      const list = el("ul", null, { class: "rk-unknown" });
      for (const site of unknown) {
        list.append(el("li", unknownPositionText(commune.name, cfg) + ": " + site.name + " (" + cfg.programmes[site.programme].name + ")"));
      }
      box.append(list);
    }
    if (cfg.communeLink) {
      box.append(el("a", t("Portfolio der Gemeinde"), { href: cfg.communeLink.replace("{ags}", encodeURIComponent(commune.ags)) }));
    }
    return box;
  }

  function bindSites(groups, sites, cfg) {
    const byId = {};
    for (const site of sites) byId[site.id] = site;
    const markers = {};
    for (const group of Object.values(groups)) {
      group.eachLayer(function walk(layer) {
        if (layer.eachLayer) { layer.eachLayer(walk); return; }
        const site = byId[layer.options.siteId];
        if (!site) return;
        markers[site.id] = layer;
        layer.bindPopup(() => sitePopup(site, cfg));
        layer.bindTooltip(() => el("span", site.name));
      });
    }
    return markers;
  }

  function bindCommunes(layer, communes, cfg, describe) {
    layer.eachLayer(function (part) {
      const commune = communes[part.feature.properties.ags];
      part.bindTooltip(() => el("span", describe ? describe(commune) : commune.name));
      part.bindPopup(() => communePopup(commune, cfg));
    });
  }

  function legend(map, cfg, extra) {
    const control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      const box = el("div", null, { class: "rk-legend leaflet-bar" });
      box.append(el("strong", t("Legende")));
      for (const programme of Object.values(cfg.programmes)) {
        const row = el("div");
        row.append(el("span", null, { class: "rk-dot", style: "background:" + programme.colour }));
        row.append(document.createTextNode(" " + programme.name));
        box.append(row);
      }
      box.append(el("div", t("Standorte ohne veröffentlichte Lage: im Popup ihrer Gemeinde"), { class: "rk-note" }));
      if (extra) box.append(extra);
      return box;
    };
    control.addTo(map);
  }

  function formatDistance(metres) {
    return metres < 1000 ? Math.round(metres) + " m" : (metres / 1000).toFixed(1).replace(".", ",") + " km";
  }

  function openSite(map, markers, clusters, id) {
    const marker = markers[id];
    if (!marker) return;
    // markercluster's zoomToShowLayer only recognises icon markers as visible: a circle marker
    // already on the map would wait for a move that never comes, so open it directly.
    if (map.hasLayer(marker)) { marker.openPopup(); return; }
    const cluster = Object.values(clusters || {}).find((c) => c.hasLayer(marker));
    if (cluster) cluster.zoomToShowLayer(marker, () => marker.openPopup());
    else { map.setView(marker.getLatLng(), Math.max(map.getZoom(), 13)); marker.openPopup(); }
  }

  function panel(map, markers, cfg) {
    const control = L.control({ position: "topleft" });
    control.onAdd = function () {
      const box = el("section", null, { class: "rk-panel", "aria-label": t("Suche und Standorte in der Nähe") });
      const form = el("form", null, { role: "search" });
      const label = el("label", t("Ort, Adresse oder Standort"), { for: "rk-query" });
      const input = el("input", null, { id: "rk-query", type: "search", autocomplete: "off", required: "" });
      const search = el("button", t("Suchen"), { type: "submit" });
      const locate = el("button", t("Meine Position"), { type: "button", id: "rk-locate" });
      form.append(label, input, search, locate);
      const status = el("p", null, { id: "rk-status", role: "status", "aria-live": "polite" });
      const list = el("ol", null, { id: "rk-results", "aria-label": t("Nächste Standorte") });
      box.append(form, status, list);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);

      async function getJson(path) {
        const response = await fetch(cfg.api + path, { headers: { Accept: "application/json" } });
        if (!response.ok) throw new Error((await response.json()).detail || response.statusText);
        return response.json();
      }

      async function showNearby(lat, lon, label) {
        const body = await getJson("/nearby?lat=" + lat + "&lon=" + lon + "&radius=" + cfg.radius + "&limit=10");
        list.replaceChildren();
        for (const site of body.sites) {
          const item = el("li");
          const button = el("button", site.name + " – " + cfg.programmes[site.programme].name + ", " + formatDistance(site.distance_m), { type: "button", class: "rk-result" });
          button.addEventListener("click", () => openSite(map, markers, cfg.clusters, site.id));
          item.append(button);
          list.append(item);
        }
        for (const site of body.commune_level_sites) {
          list.append(el("li", unknownPositionText(body.commune.name, cfg) + ": " + site.name));
        }
        const around = { n: body.sites.length, radius: formatDistance(cfg.radius), place: label };
        status.textContent = body.sites.length
          ? fill(t("{n} Standorte im Umkreis von {radius} um {place}"), around)
          : fill(t("Keine Standorte im Umkreis von {radius} um {place}"), around);
      }

      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        status.textContent = t("Suche …");
        try {
          const body = await getJson("/search?q=" + encodeURIComponent(input.value));
          const hit = body.results.find((r) => r.lat !== null && r.lat !== undefined);
          if (!hit) {
            status.textContent = body.suggestions.length
              ? fill(t("Nichts gefunden. Meinten Sie: {suggestions}?"), { suggestions: body.suggestions.join(", ") })
              : t("Nichts gefunden.");
            list.replaceChildren();
            return;
          }
          if (hit.bbox) map.fitBounds([[hit.bbox[1], hit.bbox[0]], [hit.bbox[3], hit.bbox[2]]]);
          else map.setView([hit.lat, hit.lon], 15);
          await showNearby(hit.lat, hit.lon, hit.name);
        } catch (error) {
          status.textContent = t("Suche fehlgeschlagen:") + " " + error.message;
        }
      });

      locate.addEventListener("click", () => {
        if (!navigator.geolocation) { status.textContent = t("Ihr Browser kann die Position nicht bestimmen."); return; }
        status.textContent = t("Position wird bestimmt …");
        navigator.geolocation.getCurrentPosition(
          async (position) => {
            const { latitude, longitude } = position.coords;
            map.setView([latitude, longitude], 14);
            try { await showNearby(latitude, longitude, t("Ihre Position")); }
            catch (error) { status.textContent = t("Suche fehlgeschlagen:") + " " + error.message; }
          },
          () => { status.textContent = t("Die Position ist nicht verfügbar (Freigabe verweigert?)."); },
        );
      });
      return box;
    };
    control.addTo(map);
  }

  function attribute(map, cfg) {
    texts = cfg.texts || {};
    // The map container is keyboard-focusable (arrow keys pan): give it a role and a name. The
    // boundary and marker shapes are for the pointer only; their content is in the search list,
    // the popups and the pages' tables, so they leave the tab order and the accessibility tree.
    const container = map.getContainer();
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", t("Karte"));
    const quiet = (layer) => {
      if (!(layer instanceof L.Path) || !layer.getElement()) return;
      layer.getElement().setAttribute("tabindex", "-1");
      layer.getElement().setAttribute("aria-hidden", "true");
    };
    map.eachLayer(quiet);
    map.on("layeradd", (event) => quiet(event.layer));
    map.attributionControl.setPrefix(false);
    for (const text of cfg.attribution) map.attributionControl.addAttribution(text);
    if (window.matchMedia("(min-width: 700px)").matches) cfg.layers.expand();
  }

  function initKarte(cfg) {
    attribute(cfg.map, cfg);
    cfg.map.fitBounds(cfg.boundaries.getBounds(), { animate: false });
    const markers = bindSites(cfg.groups, cfg.sites, cfg);
    bindCommunes(cfg.boundaries, cfg.communes, cfg);
    legend(cfg.map, cfg);
    if (cfg.api !== null) panel(cfg.map, markers, cfg);
    window.ruhrkarte = { map: cfg.map, groups: cfg.groups, clusters: cfg.clusters, boundaries: cfg.boundaries, markers: markers,
                         openSite: (id) => openSite(cfg.map, markers, cfg.clusters, id) };
  }

  function initGemeinde(cfg) {
    attribute(cfg.map, cfg);
    const markers = bindSites(cfg.groups, cfg.sites, cfg);
    bindCommunes(cfg.boundaries, cfg.communes, cfg);
    legend(cfg.map, cfg);
    cfg.map.fitBounds(cfg.boundaries.getBounds(), { animate: false });
    window.ruhrkarte = { map: cfg.map, groups: cfg.groups, boundaries: cfg.boundaries, markers: markers,
                         openSite: (id) => openSite(cfg.map, markers, {}, id) };
  }

  function initPlanung(cfg) {
    attribute(cfg.map, cfg);
    cfg.map.fitBounds(cfg.boundaries.getBounds(), { animate: false });
    const markers = bindSites(cfg.groups, cfg.sites, cfg);
    bindCommunes(cfg.boundaries, cfg.communes, cfg, (c) => c.name + ": " + c.value_text);
    const classes = el("div", null, { class: "rk-classes" });
    classes.append(el("strong", cfg.measureLabel));
    for (const item of cfg.classes) {
      const row = el("div");
      row.append(el("span", null, { class: "rk-swatch", style: "background:" + item.colour }));
      row.append(document.createTextNode(" " + item.label));
      classes.append(row);
    }
    legend(cfg.map, cfg, classes);
    // ruhrkarte-export.js draws the map as shown (PNG) from these.
    window.ruhrkarte = { map: cfg.map, groups: cfg.groups, clusters: cfg.clusters, boundaries: cfg.boundaries, markers: markers,
                         classes: cfg.classes, measureLabel: cfg.measureLabel, export: cfg.export,
                         openSite: (id) => openSite(cfg.map, markers, cfg.clusters, id) };
  }

  return { initKarte: initKarte, initGemeinde: initGemeinde, initPlanung: initPlanung };
})();
