/* Ruhrkarte lists and tables: the filter field of the commune index and sortable tables.
 * Both improve pages that are complete without JavaScript: the list and the table are in the HTML.
 * Texts are read and written with textContent only. */
"use strict";
(function () {
  // The same folding for the query and the names: case, umlauts (ü = ue = u), ß and accents.
  function fold(text) {
    return String(text).toLowerCase().replace(/ß/g, "ss").replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, " ").trim();
  }

  function setUpFilter(input) {
    const list = document.getElementById(input.getAttribute("data-rk-filter"));
    const status = document.getElementById(input.getAttribute("aria-controls") + "-status") ||
      document.getElementById(input.getAttribute("data-rk-filter") + "-status");
    if (!list) return;
    const items = Array.from(list.querySelectorAll("[data-rk-item]"));
    const groups = Array.from(list.querySelectorAll("[data-rk-group]"));
    function apply() {
      const query = fold(input.value);
      let shown = 0;
      for (const item of items) {
        const match = !query || fold(item.getAttribute("data-rk-item")).includes(query);
        item.hidden = !match;
        if (match) shown += 1;
      }
      for (const group of groups) {
        group.hidden = !group.querySelector("[data-rk-item]:not([hidden])");
      }
      // The page gives the sentence in its language (data-rk-template, maps/gemeinden_index.py).
      const template = (status && status.getAttribute("data-rk-template")) || "{shown} von {total} Gemeinden";
      if (status) status.textContent = template.replace("{shown}", shown).replace("{total}", items.length);
    }
    input.closest("[hidden]") && input.closest("[hidden]").removeAttribute("hidden");
    input.addEventListener("input", apply);
    apply();
  }

  function cellValue(row, index) {
    const cell = row.cells[index];
    if (!cell) return "";
    const raw = cell.getAttribute("data-sort");
    return raw !== null && raw !== "" && !isNaN(Number(raw)) ? Number(raw) : (raw !== null ? raw : cell.textContent.trim());
  }

  function sortBy(table, index, header) {
    const ascending = header.getAttribute("aria-sort") !== "ascending";
    for (const th of table.tHead.rows[0].cells) th.removeAttribute("aria-sort");
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      const x = cellValue(a, index), y = cellValue(b, index);
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "de");
      return ascending ? order : -order;
    });
    for (const row of rows) body.append(row);
  }

  function setUpSortable(table) {
    Array.from(table.tHead.rows[0].cells).forEach(function (th, index) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "rk-sort";
      button.textContent = th.textContent;
      button.title = table.tHead.getAttribute("data-rk-sort-title") || "Nach dieser Spalte sortieren";
      th.textContent = "";
      th.append(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
  }

  function dateLocale() {
    return document.documentElement.lang === "en" ? "en-GB" : "de-DE";
  }

  function start() {
    document.querySelectorAll("input[data-rk-filter]").forEach(setUpFilter);
    document.querySelectorAll("table.rk-sortable").forEach(setUpSortable);
    const printed = document.getElementById("rk-print-date");
    if (printed) {
      window.addEventListener("beforeprint", function () {
        const template = printed.getAttribute("data-rk-template") || "Gedruckt am {date}";
        printed.textContent = template.replace("{date}", new Date().toLocaleDateString(dateLocale()));
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
