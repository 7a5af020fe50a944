/* The citizens' map (/karte): search panel, place names, the origin of distances, cluster icons.
 * Builds on the shared parts of ruhrkarte.js; every text from data is set with textContent. */
"use strict";
(function (Ruhrkarte) {
  const P = Ruhrkarte.parts;
  const el = P.el;
  // t("…") translates a marked text (the page's cfg.texts, set by P.attribute); N_ only marks one.
  const t = P.t, fill = P.fill;
  function N_(text) { return text; }
  const KIND = { commune: N_("Gemeinde"), district: N_("Kreis"), site: N_("Standort") };

  // Names on the map instead of a background map: Kreis and city names when zoomed out,
  // the 53 commune names from cfg.places.minZoom on. Labels are decoration (aria-hidden):
  // the same names are in the search, the popups and the result list.
  function placeLabels(map, places) {
    function group(rows) {
      return L.layerGroup(rows.map((row) => {
        const icon = L.divIcon({ className: "rk-label", html: el("span", row.name), iconSize: null });
        const marker = L.marker([row.lat, row.lon], { icon: icon, interactive: false, keyboard: false, pane: "rk-labels" });
        marker.on("add", () => marker.getElement().setAttribute("aria-hidden", "true"));
        return marker;
      }));
    }
    map.createPane("rk-labels").style.zIndex = 450;  // above the boundaries, below the markers
    map.getPane("rk-labels").style.pointerEvents = "none";
    const communes = group(places.communes);
    const districts = group(places.districts);
    const labels = L.layerGroup();
    function update() {
      const wanted = map.getZoom() >= places.minZoom ? communes : districts;
      if (!labels.hasLayer(wanted)) { labels.clearLayers(); labels.addLayer(wanted); }
    }
    map.on("zoomend", update);
    update();
    labels.addTo(map);
    return labels;
  }

  // Zoomed in far, no name label may be in view: a line names the commune in the map's centre.
  function centreCaption(map, boundaries, communes, minZoom) {
    function inside(rings, point) {
      let crossings = 0;
      (function walk(part) {
        if (part.length && part[0].lat === undefined) { part.forEach(walk); return; }
        for (let i = 0, j = part.length - 1; i < part.length; j = i++) {
          const a = part[i], b = part[j];
          if ((a.lat > point.lat) !== (b.lat > point.lat)
              && point.lng < (b.lng - a.lng) * (point.lat - a.lat) / (b.lat - a.lat) + a.lng) crossings += 1;
        }
      })(rings);
      return crossings % 2 === 1;
    }
    const control = L.control({ position: "bottomleft" });
    control.onAdd = () => el("div", null, { class: "rk-caption leaflet-bar", "aria-hidden": "true" });
    control.addTo(map);
    const box = control.getContainer();
    function update() {
      const centre = map.getCenter();
      const part = map.getZoom() >= minZoom
        ? boundaries.getLayers().find((l) => l.getBounds().contains(centre) && inside(l.getLatLngs(), centre)) : null;
      box.textContent = part ? t("Kartenmitte:") + " " + communes[part.feature.properties.ags].name : "";
      box.hidden = !part;
    }
    map.on("moveend", update);
    update();
  }

  // A cluster holds one programme: its ring has the programme's colour, its centre the count,
  // and it is a named button (Leaflet makes it one; Enter zooms in) instead of the plugin's green and yellow blobs.
  // (Defined when the page starts: this script loads before Leaflet.)
  function clusterIcons(clusters, cfg) {
    const ClusterIcon = L.DivIcon.extend({
      createIcon: function (old) {
        const div = L.DivIcon.prototype.createIcon.call(this, old);
        div.setAttribute("aria-label", this.options.label);
        return div;
      },
    });
    for (const [id, cluster] of Object.entries(clusters)) {
      const programme = cfg.programmes[id];
      cluster.options.iconCreateFunction = (group) => {
        const count = group.getChildCount();
        const inner = el("span", count);
        inner.style.borderColor = programme.colour;
        return new ClusterIcon({ html: inner, className: "rk-cluster", iconSize: L.point(34, 34),
                                 label: fill(t("{n} Standorte: {programme} (Eingabetaste vergrößert)"),
                                             { n: count, programme: programme.name }) });
      };
      cluster.refreshClusters();  // (Enter on a cluster zooms in: the plugin's own clusterkeypress)
    }
  }

  // Where the distances are measured from: the searched place, or "Sie sind hier" with the
  // accuracy the browser reports. Drawn above the sites, never clustered, never focusable.
  function originMarker(origin, latlng, text, ring) {
    origin.clearLayers();
    if (ring) L.circleMarker(latlng, { radius: 14, color: "#000", weight: 3, fill: false, interactive: false, pane: "rk-origin" }).addTo(origin);
    // Around a searched site only the ring: the site's own dot, in its programme's colour, stays visible.
    const icon = L.divIcon({ className: ring ? "rk-origin rk-origin-ring" : "rk-origin", html: el("span"), iconSize: L.point(18, 18) });
    const marker = L.marker(latlng, { icon: icon, interactive: false, keyboard: false, pane: "rk-origin" }).addTo(origin);
    marker.bindTooltip(el("span", text), { permanent: true, direction: "right", offset: [12, 0], className: "rk-origin-label" });
    return marker;
  }

  // Outline a commune (its AGS) or all communes of a Kreis (the AGS begins with the district code).
  function highlightCommune(boundaries, code) {
    boundaries.eachLayer((part) => {
      boundaries.resetStyle(part);
      if (code && part.feature.properties.ags.startsWith(code)) {
        part.setStyle({ color: "#000", weight: 3.5, fillColor: "#ffbf47", fillOpacity: 0.12 });
        part.bringToFront();
      }
    });
  }

  // A popup is never hidden behind the search panel: on a phone the panel folds away, on a
  // wide screen the map moves until the popup is clear of it.
  function keepPopupsClear(map, box, fold, unfold) {
    let folded = false;
    function clear(popup) {
      const node = popup.getElement();
      if (!node || !map.hasLayer(popup)) return;
      const a = node.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      if (!overlap) return;
      // Move the popup right of the panel or below it, whichever is shorter and keeps it in view.
      const view = map.getContainer().getBoundingClientRect();
      const right = b.right - a.left + 12;
      const down = b.bottom - a.top + 12;
      const fitsRight = b.right + 12 + a.width <= view.right;
      const fitsBelow = b.bottom + 12 + a.height <= view.bottom;
      if (fitsBelow && (!fitsRight || down <= right)) map.panBy([0, -down], { animate: false });
      else map.panBy([-right, 0], { animate: false });
    }
    map.on("popupopen", (event) => {
      if (window.matchMedia(P.NARROW).matches) folded = fold();
      clear(event.popup);
      map.once("moveend", () => clear(event.popup));
    });
    // The panel folded for the popup opens again when it closes (the focus returns into it).
    map.on("popupclose", () => { if (folded) unfold(); folded = false; });
  }

  function panel(map, markers, cfg, origin) {
    const box = el("section", null, { class: "rk-panel", "aria-label": t("Suche und Standorte in der Nähe") });
    const toggle = el("button", t("Suche und Ergebnisse"), { type: "button", class: "rk-fold rk-panel-toggle", "aria-controls": "rk-panel-body" });
    const body = el("div", null, { id: "rk-panel-body" });
    const form = el("form", null, { role: "search" });
    const label = el("label", t("Ort, Adresse oder Standort"), { for: "rk-query" });
    const input = el("input", null, { id: "rk-query", type: "search", autocomplete: "off", required: "" });
    const search = el("button", t("Suchen"), { type: "submit" });
    const locate = el("button", t("Meine Position"), { type: "button", id: "rk-locate" });
    form.append(label, input, search, locate);
    const status = el("p", null, { id: "rk-status", role: "status", "aria-live": "polite" });
    const choices = el("ul", null, { id: "rk-candidates", "aria-label": t("Passende Orte") });
    const list = el("ol", null, { id: "rk-results", "aria-label": t("Nächste Standorte") });
    body.append(form, status, choices, list);
    box.append(toggle, body);
    P.foldable(box, toggle, body, true);
    // Before the map in the page: the search comes first with the keyboard and for screen readers.
    const container = map.getContainer();
    container.parentNode.insertBefore(box, container);
    // The page title stands above the map inside main: the panel floats over the map, not the title.
    const place = () => { box.style.top = (container.offsetTop + 10) + "px"; };
    place();
    window.addEventListener("resize", place);
    keepPopupsClear(map, box, () => { const was = !body.hidden; P.setFolded(toggle, body, true); return was; },
                    () => P.setFolded(toggle, body, false));

    async function getJson(path) {
      const response = await fetch(cfg.api + path, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error((await response.json()).detail || response.statusText);
      return response.json();
    }

    function fitTo(points) {
      const wide = !window.matchMedia(P.NARROW).matches;
      const left = wide ? box.getBoundingClientRect().width + 24 : 16;
      map.fitBounds(L.latLngBounds(points), { paddingTopLeft: [left, 40], paddingBottomRight: [40, 40], maxZoom: 15, animate: false });
    }

    async function showNearby(lat, lon, label, extra) {
      const body = await getJson("/nearby?lat=" + lat + "&lon=" + lon + "&radius=" + cfg.radius + "&limit=10");
      list.replaceChildren();
      for (const site of body.sites) {
        const item = el("li");
        const button = el("button", site.name + " – " + cfg.programmes[site.programme].name + ", " + P.formatDistance(site.distance_m), { type: "button", class: "rk-result", "data-site": site.id });
        button.addEventListener("click", () => P.openSite(map, markers, cfg.clusters, site.id));
        item.append(button);
        list.append(item);
      }
      for (const site of body.commune_level_sites) {
        list.append(el("li", P.unknownPositionText(body.commune.name, cfg) + ": " + site.name));
      }
      fitTo([[lat, lon], ...body.sites.map((s) => [s.lat, s.lon]), ...(extra || [])]);
      const around = { n: body.sites.length, radius: P.formatDistance(cfg.radius), place: label };
      return body.sites.length ? fill(t("{n} Standorte im Umkreis von {radius} um {place}, nächste zuerst."), around)
        : fill(t("Keine Standorte im Umkreis von {radius} um {place}."), around);
    }

    function how(hit, query) {
      const values = { query: query, name: hit.name };
      if (hit.match === "partial") return fill(t("Für „{query}“ als Ganzes gibt es keinen Treffer; gezeigt wird {name}."), values) + " ";
      if (hit.match === "fuzzy") return fill(t("Kein genauer Treffer für „{query}“; gezeigt wird {name}."), values) + " ";
      return "";
    }

    function describe(hit) {
      const what = hit.kind === "site" && cfg.programmes[hit.programme] ? cfg.programmes[hit.programme].name : t(KIND[hit.kind] || hit.kind);
      const where = hit.kind === "site" ? (hit.commune || hit.district) : hit.kind === "commune" ? hit.district : "";
      return hit.name + " (" + what + (where && where !== hit.name ? ", " + where : "") + ")";
    }

    async function go(hit, query) {
      highlightCommune(cfg.boundaries, hit.kind === "district" ? hit.code : hit.ags);
      const isSite = hit.kind === "site";
      originMarker(origin, [hit.lat, hit.lon], (isSite ? t("Gesucht:") : t("Ausgangspunkt:")) + " " + hit.name, isSite);
      const extra = hit.bbox && hit.kind === "district" ? [[hit.bbox[1], hit.bbox[0]], [hit.bbox[3], hit.bbox[2]]] : [];
      status.textContent = how(hit, query) + await showNearby(hit.lat, hit.lon, hit.name, extra);
    }

    function offer(items, text, pick) {
      choices.replaceChildren();
      for (const item of items) {
        const button = el("button", text(item), { type: "button", class: "rk-result" });
        button.addEventListener("click", () => {
          for (const other of choices.querySelectorAll("button")) other.removeAttribute("aria-current");
          button.setAttribute("aria-current", "true");
          pick(item);
        });
        const row = el("li");
        row.append(button);
        choices.append(row);
      }
    }

    async function run(query) {
      status.textContent = t("Suche …");
      choices.replaceChildren();
      const body = await getJson("/search?q=" + encodeURIComponent(query));
      const candidates = body.candidates || [];
      if (candidates.length > 1) {
        list.replaceChildren();
        origin.clearLayers();
        highlightCommune(cfg.boundaries, null);
        offer(candidates, describe, (hit) => go(hit, query).catch(failed));
        status.textContent = fill(t("{n} Orte passen zu „{query}“. Bitte wählen Sie einen aus der Liste."), { n: candidates.length, query: query });
        return;
      }
      if (candidates.length === 1) { await go(candidates[0], query); return; }
      list.replaceChildren();
      origin.clearLayers();
      const hidden = body.results.find((r) => r.kind === "site" && r.ags);
      if (hidden) {
        highlightCommune(cfg.boundaries, hidden.ags);
        const part = cfg.boundaries.getLayers().find((l) => l.feature.properties.ags === hidden.ags);
        if (part) map.fitBounds(part.getBounds(), { animate: false });
        status.textContent = P.unknownPositionText(hidden.commune || "", cfg) + ": " + hidden.name + ".";
        return;
      }
      highlightCommune(cfg.boundaries, null);
      offer(body.suggestions, (name) => fill(t("Meinten Sie: {name}?"), { name: name }), (name) => { input.value = name; run(name).catch(failed); });
      status.textContent = fill(t("Nichts gefunden für „{query}“."), { query: query }) + (body.suggestions.length ? " " + t("Ähnliche Namen stehen in der Liste.") : "");
    }

    function failed(error) { status.textContent = t("Suche fehlgeschlagen:") + " " + error.message; }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run(input.value).catch(failed);
    });

    locate.addEventListener("click", () => {
      if (!navigator.geolocation) { status.textContent = t("Ihr Browser kann die Position nicht bestimmen."); return; }
      status.textContent = t("Position wird bestimmt …");
      navigator.geolocation.getCurrentPosition(
        async (position) => {
          const { latitude, longitude, accuracy } = position.coords;
          const here = [latitude, longitude];
          choices.replaceChildren();
          highlightCommune(cfg.boundaries, null);
          const metres = Math.max(1, Math.round(accuracy || 0));
          originMarker(origin, here, fill(t("Sie sind hier (auf etwa {distance} genau)"), { distance: P.formatDistance(metres) }), false);
          const circle = L.circle(here, { radius: metres, color: "#1f4e96", weight: 1, fillOpacity: 0.1, interactive: false }).addTo(origin);
          try {
            const bounds = circle.getBounds();
            status.textContent = await showNearby(latitude, longitude, t("Ihre Position"), [bounds.getSouthWest(), bounds.getNorthEast()]);
          } catch (error) { failed(error); }
        },
        () => { status.textContent = t("Die Position ist nicht verfügbar (Freigabe verweigert?)."); },
      );
    });
    return box;
  }

  Ruhrkarte.initKarte = function (cfg) {
    const map = cfg.map;
    P.attribute(map, cfg);
    map.zoomControl.setPosition("bottomleft");
    map.fitBounds(cfg.boundaries.getBounds(), { animate: false });
    const markers = P.bindSites(cfg.groups, cfg.sites, cfg);
    P.bindCommunes(cfg.boundaries, cfg.communes, cfg);
    clusterIcons(cfg.clusters, cfg);
    const labels = placeLabels(map, cfg.places);
    cfg.layers.addOverlay(labels, t("Ortsnamen"));
    centreCaption(map, cfg.boundaries, cfg.communes, cfg.places.captionZoom);
    map.createPane("rk-origin").style.zIndex = 650;  // above the markers (600), below popups (700)
    const origin = L.layerGroup().addTo(map);
    P.legend(map, cfg);
    if (cfg.api !== null) panel(map, markers, cfg, origin);
    window.ruhrkarte = { map: map, groups: cfg.groups, clusters: cfg.clusters, boundaries: cfg.boundaries, markers: markers,
                         labels: labels, origin: origin, openSite: (id) => P.openSite(map, markers, cfg.clusters, id) };
  };
})(window.Ruhrkarte);
