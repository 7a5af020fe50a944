/* The editing form's enhancements: set the point by clicking a map, and say at once which commune
 * the point lies in (through /reverse). The form works without this script; the server checks
 * everything again. Every text from the server is set with textContent. */
"use strict";
(function () {
  const lat = document.getElementById("lat");
  const lon = document.getElementById("lon");
  const check = document.getElementById("rk-point-check");
  const commune = document.getElementById("communes");
  if (!lat || !lon || !check) return;

  function say(text, outside) {
    check.textContent = text;
    check.classList.toggle("rk-outside", Boolean(outside));
  }

  function chosenName() {
    if (!commune || commune.selectedIndex < 0) return null;
    return { ags: commune.value, name: commune.options[commune.selectedIndex].textContent };
  }

  let asked = 0;
  async function checkPoint() {
    const y = Number(lat.value.trim().replace(",", "."));
    const x = Number(lon.value.trim().replace(",", "."));
    if (!lat.value.trim() || !lon.value.trim() || !Number.isFinite(x) || !Number.isFinite(y)) {
      say("", false);
      return;
    }
    const mine = ++asked;
    const query = new URLSearchParams({ lat: String(y), lon: String(x) });
    try {
      const response = await fetch("/reverse?" + query.toString(), { headers: { Accept: "application/json" } });
      if (mine !== asked) return;
      if (response.status === 404) {
        say("Der Punkt liegt außerhalb des Ruhrgebiets.", true);
        return;
      }
      if (!response.ok) {
        say("Die Koordinaten sind ungültig.", true);
        return;
      }
      const found = await response.json();
      const chosen = chosenName();
      if (chosen && chosen.ags && !chosen.ags.split(";").includes(found.ags)) {
        say("Der Punkt liegt in " + found.name + ", nicht in der gewählten Gemeinde " + chosen.name + ".", true);
      } else {
        say("Der Punkt liegt in " + found.name + ".", false);
      }
    } catch (error) {
      if (mine === asked) say("Die Gemeinde konnte nicht geprüft werden.", true);
    }
  }

  function pickMap() {
    const box = document.getElementById("rk-pick-map");
    if (!box || typeof L === "undefined") return null;
    box.classList.add("rk-ready");
    const map = L.map(box, { minZoom: 8, maxZoom: 18 });
    const tiles = box.dataset.tiles;
    if (tiles) L.tileLayer(tiles, { attribution: box.dataset.attribution || "Kartenhintergrund" }).addTo(map);
    const start = [Number(lat.value) || 51.5, Number(lon.value) || 7.25];
    map.setView(start, lat.value ? 14 : 9);
    let marker = lat.value && lon.value ? L.marker(start).addTo(map) : null;
    let outline = null;
    async function showCommune() {  // the chosen commune's boundary, so the map is useful without a tile server
      const chosen = chosenName();
      if (!chosen || !/^\d{8}$/.test(chosen.ags)) return;
      const response = await fetch("/collections/communes/items/" + chosen.ags, { headers: { Accept: "application/geo+json" } });
      if (!response.ok) return;
      if (outline) outline.remove();
      outline = L.geoJSON(await response.json(), { style: { color: "#333", weight: 2, fillOpacity: 0.05 } }).addTo(map);
      if (!marker) map.fitBounds(outline.getBounds());
    }
    if (commune) commune.addEventListener("change", showCommune);
    showCommune();
    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      if (marker) marker.setLatLng(event.latlng);
      else marker = L.marker(event.latlng).addTo(map);
      checkPoint();
    });
    return map;
  }

  lat.addEventListener("change", checkPoint);
  lon.addEventListener("change", checkPoint);
  if (commune) commune.addEventListener("change", checkPoint);
  window.addEventListener("load", function () {
    window.ruhrkartePickMap = pickMap();
    checkPoint();
  });
})();
