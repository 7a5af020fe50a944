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

  // The precision labels, status sentences and the "not published" text come with the page data
  // (cfg.labels, maps/labels.py), so the popups and the commune page's table use the same words.
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

  function statusText(site, cfg) {
    const forms = cfg.labels.status[site.status];
    if (!forms) return site.status;
    const year = site.year || "";
    const form = !year ? "plain" : year.includes("/") ? "schoolYear" : "year";
    return forms[form].replace("{year}", () => year);
  }

  function communeHref(cfg, ags) {
    return cfg.communeLink && ags ? cfg.communeLink.replace("{ags}", encodeURIComponent(ags)) : null;
  }

  function sitePopup(site, cfg) {
    const box = el("div", null, { class: "rk-popup" });
    box.append(el("h2", site.name, { class: "rk-popup-title" }));
    const programme = cfg.programmes[site.programme];
    box.append(el("p", programme.name, { class: "rk-popup-programme" }));
    if (programme.summary) box.append(el("p", programme.summary, { class: "rk-popup-summary" }));
    if (site.address) box.append(el("p", site.address));
    box.append(el("p", statusText(site, cfg) + "."));
    box.append(el("p", t("Lage:") + " " + (cfg.labels.precision[site.precision] || site.precision)));
    if (site.identification) {
      const known = IDENTIFICATION[site.identification];
      box.append(el("p", t("Zuordnung:") + " " + (known ? t(known) : site.identification)));
    }
    box.append(sourceNode(site.source));
    const href = communeHref(cfg, site.ags);
    if (href && site.commune) {
      const line = el("p");
      line.append(el("a", fill(t("Alle Projekte in {commune}"), { commune: site.commune }), { href: href }));
      box.append(line);
    }
    return box;
  }

  function communePopup(commune, cfg) {
    const box = el("div", null, { class: "rk-popup" });
    box.append(el("h2", commune.name, { class: "rk-popup-title" }));
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
    const href = communeHref(cfg, commune.ags);
    if (href) box.append(el("a", fill(t("Alle Projekte in {commune}"), { commune: commune.name }), { href: href }));
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
        unfocusable(layer);  // drawn already (outside a cluster), and whenever a cluster releases it
        layer.on("add", () => unfocusable(layer));
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
      unfocusable(part);
    });
  }

  // A drawn shape is reached through the search, the result list and the popups: left in the
  // tab order, 75 nameless boundaries and every dot stood between the page start and the search.
  function unfocusable(layer) {
    const node = layer.getElement && layer.getElement();
    if (node) { node.setAttribute("tabindex", "-1"); node.setAttribute("focusable", "false"); }
  }

  const NARROW = "(max-width: 699px)";

  // A box that a button folds away (phones); `body` is what folds.
  function foldable(box, button, body, open) {
    button.setAttribute("aria-expanded", String(open));
    body.hidden = !open;
    button.addEventListener("click", () => setFolded(button, body, !body.hidden));
  }

  function setFolded(button, body, folded) {
    body.hidden = folded;
    button.setAttribute("aria-expanded", String(!folded));
  }

  function legend(map, cfg, extra) {
    const control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      const box = el("div", null, { class: "rk-legend leaflet-bar" });
      const id = "rk-legend-body";
      const button = el("button", t("Legende"), { type: "button", class: "rk-fold", "aria-controls": id });
      const body = el("div", null, { id: id });
      box.append(button, body);
      foldable(box, button, body, !window.matchMedia(NARROW).matches);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      build(body);
      return box;
    };
    function build(box) {
      for (const programme of Object.values(cfg.programmes)) {
        const row = el("div");
        row.append(el("span", null, { class: "rk-dot", style: "background:" + programme.colour }));
        row.append(document.createTextNode(" " + programme.name));
        box.append(row);
      }
      box.append(el("div", t("Standorte ohne veröffentlichte Lage: im Popup ihrer Gemeinde"), { class: "rk-note" }));
      if (extra) box.append(extra);
    }
    control.addTo(map);
  }

  function formatDistance(metres) {
    return metres < 1000 ? Math.round(metres) + " m" : (metres / 1000).toFixed(1).replace(".", ",") + " km";
  }

  function openSite(map, markers, clusters, id) {
    const marker = markers[id];
    if (!marker) return;
    // markercluster's zoomToShowLayer only recognises icon markers as visible (a circle marker
    // would wait for a move that never comes): zoom to where the marker's smallest cluster splits.
    if (!map.hasLayer(marker)) {
      const parent = marker.__parent;
      const splits = parent && parent._zoom !== undefined ? parent._zoom + 1 : 13;
      map.setView(marker.getLatLng(), Math.min(Math.max(map.getZoom(), splits), map.getMaxZoom()), { animate: false });
    }
    if (map.hasLayer(marker)) marker.openPopup();
    else map.once("moveend", () => { if (map.hasLayer(marker)) marker.openPopup(); });
  }

  // Popups as dialogs: the content gets the focus (screen readers read it), Escape closes it and
  // the focus returns to where it came from, so it is never lost.
  function accessiblePopups(map) {
    let opener = null;
    map.on("popupopen", (event) => {
      const container = event.popup.getElement();
      const title = container.querySelector(".rk-popup-title");
      const close = container.querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", t("Fenster schließen"));
      container.setAttribute("role", "dialog");
      if (title) {
        container.setAttribute("aria-label", title.textContent);
        const active = document.activeElement;
        opener = active && active !== document.body && !container.contains(active) ? active : map.getContainer();
        title.setAttribute("tabindex", "-1");
        title.focus({ preventScroll: true });
      }
    });
    map.on("popupclose", (event) => {
      const container = event.popup.getElement();
      const back = opener;
      opener = null;
      // After every other close handler (a folded panel opens again first), so the opener is visible.
      Promise.resolve().then(() => {
        const active = document.activeElement;
        const lost = !active || active === document.body || (container && container.contains(active));
        if (!back || !lost) return;
        if (back.isConnected) back.focus({ preventScroll: true });
        if (document.activeElement !== back) map.getContainer().focus({ preventScroll: true });
      });
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && map._popup && map.hasLayer(map._popup)) map.closePopup();
    });
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
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
    accessiblePopups(map);
    map.attributionControl.setPrefix(false);
    for (const text of cfg.attribution) map.attributionControl.addAttribution(text);
    if (window.matchMedia("(min-width: 700px)").matches) cfg.layers.expand();
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
    // The legend's classes; ruhrkarte-ebenen.js shows a planner's own layer with the same legend.
    function showClasses(label, items) {
      classes.replaceChildren(el("strong", label));
      for (const item of items) {
        const row = el("div");
        row.append(el("span", null, { class: "rk-swatch", style: "background:" + item.colour }));
        row.append(document.createTextNode(" " + item.label));
        classes.append(row);
      }
      window.ruhrkarte.classes = items;
      window.ruhrkarte.measureLabel = label;
    }
    // ruhrkarte-export.js draws the map as shown (PNG) from these.
    window.ruhrkarte = { map: cfg.map, groups: cfg.groups, clusters: cfg.clusters, boundaries: cfg.boundaries, markers: markers,
                         classes: cfg.classes, measureLabel: cfg.measureLabel, export: cfg.export, communes: cfg.communes,
                         showClasses: showClasses, openSite: (id) => openSite(cfg.map, markers, cfg.clusters, id) };
    showClasses(cfg.measureLabel, cfg.classes);
    legend(cfg.map, cfg, classes);
  }

  // initKarte is added by karte.js, which builds on these parts.
  return {
    initGemeinde: initGemeinde, initPlanung: initPlanung,
    parts: { el: el, t: t, fill: fill, NARROW: NARROW, foldable: foldable, setFolded: setFolded, unfocusable: unfocusable,
             unknownPositionText: unknownPositionText, bindSites: bindSites, bindCommunes: bindCommunes,
             legend: legend, attribute: attribute, formatDistance: formatDistance, openSite: openSite },
  };
})();
