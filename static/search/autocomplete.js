// Autocomplete for the search boxes: an ARIA 1.2 combobox over a list of page titles.
// Progressive enhancement only: without this file, or with JavaScript off, the search
// box is a plain form that submits to the search page.
(function () {
  "use strict";
  var DEBOUNCE_MS = 200;
  var MIN_LENGTH = 2;

  // Only addresses on this site: a suggestion can never send the visitor elsewhere.
  function isLocalPath(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" && url.charAt(1) !== "\\";
  }

  function enhance(input) {
    var endpoint = input.getAttribute("data-autocomplete-url");
    if (!endpoint || !window.fetch || !input.id) return;
    var statusText = input.getAttribute("data-autocomplete-status") || "";
    var noneText = input.getAttribute("data-autocomplete-none") || "";
    var listId = input.id + "-suggestions";

    var wrapper = document.createElement("span");
    wrapper.className = "search-combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    var label = input.labels && input.labels.length ? input.labels[0].textContent.trim() : "";
    if (label) list.setAttribute("aria-label", label);
    list.hidden = true;
    wrapper.appendChild(list);

    var status = document.createElement("span");
    status.className = "ds-sr-only";
    status.setAttribute("role", "status");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var results = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var sequence = 0;

    function optionAt(index) {
      return document.getElementById(listId + "-" + index);
    }

    function setActive(index) {
      var previous = optionAt(active);
      if (previous) previous.setAttribute("aria-selected", "false");
      active = index;
      var option = optionAt(active);
      if (option) {
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        if (option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      setActive(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function open() {
      if (!results.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function go(index) {
      var result = results[index];
      if (result) window.location.assign(result.url);
    }

    function render(items) {
      results = items;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      while (list.firstChild) list.removeChild(list.firstChild);
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.className = "search-suggestions__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var title = document.createElement("span");
        title.textContent = item.title;
        option.appendChild(title);
        if (item.type) {
          var type = document.createElement("span");
          type.className = "search-suggestions__type";
          type.textContent = item.type;
          option.appendChild(type);
        }
        // Keep the focus in the field while the pointer chooses.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { go(index); });
        list.appendChild(option);
      });
      if (items.length) {
        open();
        status.textContent = items.length + " " + statusText;
      } else {
        close();
        status.textContent = noneText;
      }
    }

    function suggest() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) {
        results = [];
        close();
        status.textContent = "";
        return;
      }
      sequence += 1;
      var mine = sequence;
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var url = endpoint + (endpoint.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (mine !== sequence || !data || !Array.isArray(data.results)) return;
          render(data.results.filter(function (item) {
            return item && typeof item.title === "string" && isLocalPath(item.url);
          }));
        })
        .catch(function () { /* offline, aborted or unavailable: the form still submits */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
          if (!results.length) return;
          event.preventDefault();
          if (!expanded) open();
          setActive(active + 1 >= results.length ? 0 : active + 1);
          break;
        case "ArrowUp":
          if (!results.length) return;
          event.preventDefault();
          if (!expanded) open();
          setActive(active <= 0 ? results.length - 1 : active - 1);
          break;
        case "Enter":
          if (expanded && active >= 0) {
            event.preventDefault();
            go(active);
          }
          break;
        case "Escape":
          if (expanded) {
            event.preventDefault();
            close();
          }
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-autocomplete-url]").forEach(enhance);
})();
