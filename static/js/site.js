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
