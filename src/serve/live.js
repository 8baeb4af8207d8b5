// opsite serve: live reload. Injected only by `opsite serve`, never built.
(function () {
  "use strict";
  var me = document.currentScript;
  var server = me.getAttribute("data-server");
  var base = me.getAttribute("data-base");
  var overlay = null;

  function showErrors(list) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "opsite-error-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-label", "Build error");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;background:rgba(15,20,26,.92);color:#fff;" +
        "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem;overflow:auto";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.textContent = "Build failed: the last good version is still served";
    h.style.cssText = "font:600 18px system-ui,sans-serif;color:#ff8e84;margin:0 0 1rem";
    overlay.appendChild(h);
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    pre.textContent = list.join("\n");
    overlay.appendChild(pre);
    var hint = document.createElement("p");
    hint.textContent = "Fix the file and save: this page updates by itself.";
    hint.style.cssText = "font-family:system-ui,sans-serif;opacity:.8";
    overlay.appendChild(hint);
  }
  function clearErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function swapCss() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("opsite-live", String(Date.now()));
      var fresh = link.cloneNode();
      fresh.href = url.toString();
      fresh.addEventListener("load", function () { link.remove(); });
      link.after(fresh);
    });
  }

  var source = new EventSource(base + "__opsite/events");
  source.addEventListener("hello", function (e) {
    // A restarted server has a new id: whatever we show may be stale.
    if (e.data !== server) { location.reload(); return; }
    document.documentElement.setAttribute("data-opsite-live", "connected");
  });
  // What a page's layout is made of: when this differs, morphing the body
  // is not enough.
  // (Scripts the page added itself, like search.js, are async: left out;
  // so is the marker a restyle adds to stylesheet URLs.)
  function layout(doc) {
    var parts = Array.prototype.filter.call(
      doc.querySelectorAll("head link[rel=stylesheet], head script[src]"),
      function (el) { return el.tagName === "LINK" || !el.async || el.hasAttribute("defer"); }
    ).map(function (el) {
      return (el.getAttribute("href") || el.getAttribute("src")).replace(/[?&]opsite-live=\d+/, "");
    });
    return parts.join("|") + "#" + doc.body.className;
  }

  // Updates this page in place: the body is morphed into the new one, so
  // scroll position, focus, open <details>, the search field and the theme
  // survive. A full reload only when the layout changed, the page has
  // diagrams (rendered by script), or anything goes wrong.
  var morphs = 0;

  // What the theme's script built (the search field, the theme toggle, the
  // copy button) is not in the new page. A copy goes where the original is,
  // after the same sibling, so the morph matches and keeps the original:
  // removing and putting it back would lose the reader's focus and text.
  function keepBuilt(doc) {
    document.querySelectorAll("[data-opsite-built]").forEach(function (el) {
      var parent = el.parentElement;
      if (!parent || parent.closest("[data-opsite-built]")) return;
      var target = counterpart(doc, parent);
      if (!target) return;
      var copy = doc.importNode(el, true);
      var prev = el.previousElementSibling;
      var after = prev && !prev.hasAttribute("data-opsite-built") ? counterpart(target, prev, true) : null;
      if (after) after.after(copy); else if (prev) target.appendChild(copy); else target.prepend(copy);
    });
  }
  // The element of `scope` that stands where `el` stands: by id, else by
  // tag and classes (`child`: among `scope`'s children only).
  function counterpart(scope, el, child) {
    if (el.id) return scope.querySelector("#" + CSS.escape(el.id));
    var sel = el.tagName.toLowerCase() + Array.prototype.map.call(el.classList, function (c) {
      return "." + CSS.escape(c);
    }).join("");
    return scope.querySelector((child ? ":scope > " : "") + sel);
  }

  function update() {
    if (!window.Idiomorph || !window.DOMParser || document.querySelector("pre.mermaid, .mermaid svg")) {
      location.reload();
      return;
    }
    var t0 = performance.now(), t1, t2;
    fetch(location.href, { cache: "no-store" }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.text();
    }).then(function (html) {
      t1 = performance.now();
      var doc = new DOMParser().parseFromString(html, "text/html");
      t2 = performance.now();
      if (layout(doc) !== layout(document)) { location.reload(); return; }
      document.title = doc.title;
      // Nodes leave and return during the morph; the reader's place is
      // put back after it, before the frame is painted.
      var x = window.scrollX, y = window.scrollY;
      keepBuilt(doc);
      Idiomorph.morph(document.body, doc.body, {
        morphStyle: "innerHTML",
        ignoreActiveValue: true,
        callbacks: {
          // Parts the reader or the theme's script changed stay as they are.
          beforeNodeMorphed: function (old) {
            return !(old.nodeType === 1 && old.matches("form.search, .theme-toggle, [data-opsite-built], #opsite-error-overlay"));
          },
          // What the reader opened, and what the theme's script showed
          // (the search field, the theme toggle), stays.
          beforeAttributeUpdated: function (name, el) {
            if (name === "open" && el.tagName === "DETAILS") { return false; }
            return !(name === "hidden" && el.matches("form.search, .theme-toggle"));
          },
          // Nor what the theme's script built: the new page does not have
          // it (the search field, the theme toggle, the copy button).
          beforeNodeRemoved: function (node) {
            return !(node.nodeType === 1 && (node.id === "opsite-error-overlay" || node.hasAttribute("data-opsite-built")));
          }
        }
      });
      document.dispatchEvent(new CustomEvent("opsite:updated"));
      // Instantly: the theme scrolls smoothly, which would glide back.
      window.scrollTo({ left: x, top: y, behavior: "instant" });
      document.documentElement.setAttribute("data-opsite-morphs", String(++morphs));
      // Where an update's time goes (fetch, parse, morph), for benchmarks.
      document.documentElement.setAttribute("data-opsite-update-ms",
        [t1 - t0, t2 - t1, performance.now() - t2].map(function (x) { return x.toFixed(1); }).join(","));
      clearErrors();
    }).catch(function () { location.reload(); });
  }

  var leaving = false;
  source.addEventListener("reload", function (e) {
    document.documentElement.setAttribute("data-opsite-event-at", String(Date.now()));
    if (leaving) { return; }
    var pages = JSON.parse(e.data);
    var here = decodeURIComponent(location.pathname);
    pages = pages.map(function (p) { try { return decodeURIComponent(p); } catch (err) { return p; } });
    if (pages.indexOf("*") >= 0) {
      update();
    } else if (pages.indexOf(here) >= 0) {
      update();
    } else {
      clearErrors();
    }
  });
  // A page that moved (its file renamed): follow it.
  source.addEventListener("moved", function (e) {
    var moves = JSON.parse(e.data);
    var here = decodeURIComponent(location.pathname);
    moves.forEach(function (m) {
      if (decodeURIComponent(m[0]) === here) {
        leaving = true;
        location.replace(m[1] + location.hash);
      }
    });
  });
  source.addEventListener("css", function () { clearErrors(); swapCss(); });
  source.addEventListener("build-error", function (e) { showErrors(JSON.parse(e.data)); });
  source.addEventListener("build-ok", function () { clearErrors(); });
})();
