// Progressive enhancement only: every page reads fully without this file.
// Videos: nothing is loaded from the provider until the visitor presses play.
(function () {
  "use strict";
  document.querySelectorAll("[data-video-embed]").forEach(function (figure) {
    var button = figure.querySelector(".block-video__play");
    var src = figure.getAttribute("data-video-embed");
    if (!button || !src) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var iframe = document.createElement("iframe");
      iframe.src = src + (src.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
      iframe.title = figure.getAttribute("data-video-title") || "";
      iframe.allow = "autoplay; fullscreen; picture-in-picture";
      iframe.setAttribute("allowfullscreen", "");
      iframe.referrerPolicy = "strict-origin-when-cross-origin";
      var placeholder = figure.querySelector(".block-video__placeholder");
      placeholder.replaceWith(iframe);
      iframe.focus();
    });
  });
})();

// Podcast chapters: with JavaScript, a chapter link seeks the player instead of
// opening the audio file at that time.
(function () {
  "use strict";
  var audio = document.getElementById("episode-audio");
  if (!audio) return;
  document.querySelectorAll("[data-seek]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      audio.currentTime = Number(link.getAttribute("data-seek")) || 0;
      audio.play().catch(function () {});
      audio.focus();
    });
  });
})();

// The menu on narrow screens: the menu link (to the footer's copy of the menu)
// becomes a disclosure button that opens the header's menu in place.
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var link = header && header.querySelector("[data-menu-toggle]");
  var menu = link && document.getElementById(link.getAttribute("aria-controls"));
  if (!menu) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.setAttribute("data-variant", link.getAttribute("data-variant") || "secondary");
  button.setAttribute("aria-controls", menu.id);
  button.setAttribute("aria-expanded", "false");
  button.textContent = link.textContent;
  link.replaceWith(button);
  header.setAttribute("data-menu", "closed");
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.setAttribute("data-menu", open ? "open" : "closed");
  }
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
