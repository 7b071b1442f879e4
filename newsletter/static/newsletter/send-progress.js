// The progress of a send on its admin page, kept up to date without reloading.
// The page reads fine without this script (it then refreshes itself every few seconds);
// here the numbers come from the send's JSON endpoint. A file, not an inline script,
// so that it runs under a Content-Security-Policy without 'unsafe-inline'.
(function () {
  "use strict";

  var POLL_MS = 3000;
  var RETRY_MS = 15000;
  var MOVING = ["scheduled", "sending"];

  var root = document.querySelector("[data-send-progress]");
  if (!root || !window.fetch) {
    return;
  }
  var url = root.getAttribute("data-send-progress");
  var status = root.getAttribute("data-status");
  if (MOVING.indexOf(status) === -1) {
    return;
  }
  var bar = root.querySelector("progress");

  // Numbers as the page writes them (40,5); text as the server wrote it.
  function format(value) {
    return typeof value === "number" ? value.toLocaleString("nb-NO") : String(value);
  }

  function show(data) {
    root.querySelectorAll("[data-field]").forEach(function (element) {
      var value = data[element.getAttribute("data-field")];
      if (value !== undefined && value !== null) {
        element.textContent = format(value);
      }
    });
    if (bar) {
      bar.max = Math.max(data.total, 1);
      bar.value = data.done;
      bar.textContent = format(data.percent) + " %";
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (data.status !== status) {
          // Paused, cancelled, started or done: the page's buttons and notices change too.
          window.location.reload();
          return;
        }
        show(data);
        window.setTimeout(poll, POLL_MS);
      })
      .catch(function () {
        window.setTimeout(poll, RETRY_MS);
      });
  }

  window.setTimeout(poll, POLL_MS);
})();
