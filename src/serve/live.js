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
  source.addEventListener("reload", function (e) {
    var pages = JSON.parse(e.data);
    var here = decodeURIComponent(location.pathname);
    pages = pages.map(function (p) { try { return decodeURIComponent(p); } catch (err) { return p; } });
    if (pages.indexOf("*") >= 0 || pages.indexOf(here) >= 0) {
      location.reload();
    } else {
      clearErrors();
    }
  });
  source.addEventListener("css", function () { clearErrors(); swapCss(); });
  source.addEventListener("build-error", function (e) { showErrors(JSON.parse(e.data)); });
  source.addEventListener("build-ok", function () { clearErrors(); });
})();
