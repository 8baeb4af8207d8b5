// opsite default theme: progressive enhancements only. Every page reads
// fine without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "opsite-theme";

  function systemDark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function current() {
    var t = root.getAttribute("data-theme");
    return t === "light" || t === "dark" ? t : systemDark() ? "dark" : "light";
  }
  function apply(theme) {
    root.setAttribute("data-theme", theme);
    document.querySelectorAll("link[data-hl]").forEach(function (l) {
      l.media = l.getAttribute("data-hl") === theme ? "all" : "not all";
    });
    var button = document.querySelector(".theme-toggle");
    if (button) {
      button.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
    }
  }

  // Dark mode toggle: remembers the reader's choice.
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.hidden = false;
    apply(current());
    toggle.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      apply(next);
      try { localStorage.setItem(KEY, next); } catch (e) {}
    });
  }

  // Highlight the section being read in the "On this page" list.
  var tocLinks = document.querySelectorAll(".toc a[href^='#']");
  if (tocLinks.length && "IntersectionObserver" in window) {
    var byId = {};
    tocLinks.forEach(function (a) { byId[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting && byId[e.target.id]) {
          tocLinks.forEach(function (a) { a.classList.remove("is-active"); });
          byId[e.target.id].classList.add("is-active");
        }
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) observer.observe(el);
    });
  }

  // Runbooks: re-check open incidents in the reader's browser, from the
  // public GitHub API (which allows CORS). Build-time data stays in place
  // when the API is rate-limited or unreachable. Issue titles come from
  // anyone who can open an issue: they only ever go in via textContent.
  var panel = document.querySelector(".incidents[data-api]");
  if (panel && window.fetch && window.JSON) {
    var api = panel.getAttribute("data-api").replace(/\/+$/, "");
    var label = panel.getAttribute("data-label");
    var items = Array.prototype.slice.call(panel.querySelectorAll(".incident-alert[data-repo]"));
    var repos = {};
    items.forEach(function (li) { repos[li.getAttribute("data-repo")] = true; });
    Object.keys(repos).forEach(function (repo) {
      if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) { return; }
      var url = api + "/repos/" + repo + "/issues?state=open&labels=" + encodeURIComponent(label) + "&per_page=100";
      var key = "opsite-incidents:" + url;
      var cached = null;
      try { cached = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) {}
      if (cached && Date.now() - cached.at < 5 * 60 * 1000) {
        show(repo, cached.issues, cached.at);
        return;
      }
      fetchAll(url, [], 0)
        .then(function (issues) {
          var at = Date.now();
          try { sessionStorage.setItem(key, JSON.stringify({ at: at, issues: issues })); } catch (e) {}
          show(repo, issues, at);
        })
        .catch(function () { panel.setAttribute("data-live", "failed"); });
    });
  }

  // Follows `Link: rel="next"` for a few pages, like the build does.
  function fetchAll(url, acc, pages) {
    return fetch(url, { headers: { Accept: "application/vnd.github+json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        var next = /<([^>]+)>;\s*rel="next"/.exec(r.headers.get("Link") || "");
        return r.json().then(function (page) {
          if (!Array.isArray(page)) { throw new Error("unexpected response"); }
          acc = acc.concat(page);
          return next && pages < 9 ? fetchAll(next[1], acc, pages + 1) : acc;
        });
      });
  }

  function labelNames(issue) {
    return (issue.labels || []).map(function (l) { return typeof l === "string" ? l : (l && l.name) || ""; });
  }

  function ago(iso) {
    var s = (Date.now() - Date.parse(iso)) / 1000;
    if (!(s >= 0)) { return ""; }
    if (s < 60) { return "just now"; }
    var units = [[86400, "day"], [3600, "hour"], [60, "minute"]];
    for (var i = 0; i < units.length; i++) {
      if (s >= units[i][0]) {
        var n = Math.floor(s / units[i][0]);
        return n + " " + units[i][1] + (n === 1 ? "" : "s") + " ago";
      }
    }
    return "";
  }

  function show(repo, issues, at) {
    var label = panel.getAttribute("data-label");
    panel.querySelectorAll(".incident-alert").forEach(function (li) {
      if (li.getAttribute("data-repo") !== repo) { return; }
      var name = (li.getAttribute("data-alert") || "").trim();
      var want = (li.getAttribute("data-labels") || "").split(",").filter(Boolean);
      var found = issues.filter(function (i) {
        var names = labelNames(i);
        return i && !i.pull_request && i.state === "open" && String(i.title || "").trim() === name &&
          names.indexOf(label) >= 0 && names.indexOf("resolved") < 0 &&
          want.every(function (w) { return names.indexOf(w) >= 0; });
      }).sort(function (a, b) { return String(b.created_at).localeCompare(String(a.created_at)); });
      var list = li.querySelector(".incident-list");
      while (list.firstChild) { list.removeChild(list.firstChild); }
      found.forEach(function (i) {
        var item = document.createElement("li");
        var a = document.createElement("a");
        var href = String(i.html_url || "");
        if (/^https?:\/\//.test(href)) { a.href = href; }
        a.textContent = "#" + i.number + " " + String(i.title || "");
        item.appendChild(a);
        var age = document.createElement("span");
        age.className = "incident-age";
        age.textContent = " opened " + ago(i.created_at);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(age);
        labelNames(i).forEach(function (l) {
          var tag = document.createElement("span");
          tag.className = "label";
          tag.textContent = l;
          item.appendChild(document.createTextNode(" "));
          item.appendChild(tag);
        });
        list.appendChild(item);
      });
      var count = li.querySelector(".incident-count");
      count.setAttribute("data-count", String(found.length));
      count.textContent = found.length ? found.length + " open" : "No open incidents";
    });
    var checked = panel.querySelector(".incident-checked-time");
    if (checked) {
      var t = document.createElement("time");
      t.dateTime = new Date(at).toISOString();
      t.textContent = new Date(at).toLocaleString();
      checked.textContent = "Checked live ";
      checked.appendChild(t);
    }
    panel.setAttribute("data-live", "ok");
  }
})();

// Copy buttons on code blocks: runbooks are mostly commands to copy. Each
// block gets a wrapper that only positions the button, so nothing shifts;
// a live region says "Copied" for screen readers. Works from file:// too
// (falls back to a selection copy where the Clipboard API is missing).
(function () {
  "use strict";
  var blocks = document.querySelectorAll("pre.code");
  if (!blocks.length) return;
  var status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  blocks.forEach(function (pre) {
    var wrap = document.createElement("div");
    wrap.className = "code-block";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code to clipboard");
    button.addEventListener("click", function () {
      var code = pre.querySelector("code") || pre;
      var text = code.innerText.replace(/\n$/, "");
      var copy = navigator.clipboard && window.isSecureContext
        ? navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); })
        : fallbackCopy(text);
      copy.then(function () {
        button.textContent = "Copied";
        status.textContent = "Copied to clipboard";
      }, function () {
        button.textContent = "Press Ctrl+C";
        status.textContent = "Could not copy; select the code and press Ctrl+C";
      }).then(function () {
        setTimeout(function () {
          button.textContent = "Copy";
          status.textContent = "";
        }, 2000);
      });
    });
    wrap.appendChild(button);
  });
})();

// Diagrams: only pages with a ```mermaid block load the (bundled) renderer.
// Strict security: labels are text, no clicks run scripts. Dark mode
// draws with mermaid's dark theme.
(function () {
  "use strict";
  if (!window.mermaid || !document.querySelector("pre.mermaid")) return;
  var dark = document.documentElement.getAttribute("data-theme") === "dark" ||
    (!document.documentElement.getAttribute("data-theme") && window.matchMedia &&
      window.matchMedia("(prefers-color-scheme: dark)").matches);
  window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
  window.mermaid.run({ querySelector: "pre.mermaid" });
})();
