/* The upload form of /ebenen with progress: the same form (file, title, CSRF token) is sent to
 * POST /layers with XMLHttpRequest, which reports the bytes sent; then the server reads and places
 * the file ("wird verarbeitet"), and the browser goes to the layer's page with its report. The form
 * works without this script. Texts come from the form's data-* attributes (the page's language), and
 * the upload asks for the refusals in the page's language (lang=de|en); every text from the server is
 * set with textContent. */
"use strict";
(function () {
  const form = document.getElementById("rk-upload");
  if (!form || typeof XMLHttpRequest === "undefined" || typeof FormData === "undefined") return;
  const bar = document.getElementById("rk-upload-progress");
  const status = document.getElementById("rk-upload-text");
  const button = form.querySelector("button[type=submit]");

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  function size(bytes) {
    const lang = document.documentElement.lang === "en" ? "en-GB" : "de-DE";
    if (bytes < 1024 * 1024) return (bytes / 1024).toLocaleString(lang, { maximumFractionDigits: 0 }) + " KB";
    return (bytes / 1024 / 1024).toLocaleString(lang, { maximumFractionDigits: 1 }) + " MB";
  }

  function say(text, failed) {
    status.textContent = text;
    status.classList.toggle("rk-problem", Boolean(failed));
  }

  function detail(xhr) {
    try {
      const problem = JSON.parse(xhr.responseText);
      return problem.detail || problem.title || String(xhr.status);
    } catch (error) {
      return String(xhr.status);
    }
  }

  form.addEventListener("submit", function (event) {
    if (!form.reportValidity()) return;
    event.preventDefault();
    const xhr = new XMLHttpRequest();
    const lang = document.documentElement.lang === "en" ? "en" : "de";
    xhr.open("POST", form.getAttribute("data-api") + "?lang=" + lang);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (progress) {
      if (!progress.lengthComputable) return;
      bar.hidden = false;
      bar.value = Math.round((progress.loaded / progress.total) * 100);
      say(fill(form.getAttribute("data-sent"), { sent: size(progress.loaded), total: size(progress.total) }));
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value");  // indeterminate: the server reads and places the file now
      say(form.getAttribute("data-processing"));
    });
    xhr.addEventListener("load", function () {
      if (xhr.status === 201) {
        const layer = JSON.parse(xhr.responseText);
        window.location.assign(fill(form.getAttribute("data-done"), { id: encodeURIComponent(layer.id) }));
        return;
      }
      bar.hidden = true;
      button.disabled = false;
      say(fill(form.getAttribute("data-failed"), { detail: detail(xhr) }), true);
    });
    xhr.addEventListener("error", function () {
      bar.hidden = true;
      button.disabled = false;
      say(form.getAttribute("data-offline"), true);
    });
    button.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    xhr.send(new FormData(form));
  });
})();
