// opsite default theme: progressive enhancements only. Every page reads
// fine without this file.

// The tree's words, in its language, and where its search is: from
// opsite-site.js, which every page loads before this file.
var opsiteSite = window.opsiteSite || { words: {} };

// The word `key` from the theme's strings.toml, with `{name}` filled in
// from `values`.
function opsiteWord(key, values) {
  var text = (opsiteSite.words && opsiteSite.words[key]) || "";
  return text.replace(/\{(\w+)\}/g, function (all, name) {
    return values && name in values ? String(values[name]) : all;
  });
}

// A control only a script can work, built by it: marked, so that
// `opsite serve` keeps it when it updates the page in place.
function opsiteControl(tag, className, text) {
  var el = document.createElement(tag);
  el.className = className;
  el.setAttribute("data-opsite-built", "");
  if (text) el.textContent = text;
  return el;
}

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

  // Dark mode toggle: remembers the reader's choice. Delegated, and shown
  // again after `opsite serve` updates the page in place. A theme that
  // writes its own toggle keeps it; otherwise it ends the header.
  function toggleButton() {
    var toggle = document.querySelector(".theme-toggle");
    var header = document.querySelector(".site-header-inner");
    if (toggle || !header) return toggle;
    toggle = opsiteControl("button", "theme-toggle");
    toggle.type = "button";
    toggle.setAttribute("aria-pressed", "false");
    var icon = opsiteControl("span", "theme-toggle-icon");
    icon.setAttribute("aria-hidden", "true");
    toggle.appendChild(icon);
    toggle.appendChild(opsiteControl("span", "theme-toggle-label", opsiteWord("dark_mode")));
    header.appendChild(toggle);
    return toggle;
  }
  function showToggle() {
    var toggle = toggleButton();
    if (toggle) {
      toggle.hidden = false;
      apply(current());
    }
  }
  showToggle();
  document.addEventListener("opsite:updated", showToggle);
  document.addEventListener("click", function (e) {
    if (!(e.target.closest && e.target.closest(".theme-toggle"))) return;
    var next = current() === "dark" ? "light" : "dark";
    apply(next);
    try { localStorage.setItem(KEY, next); } catch (err) {}
  });

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

  // Runbooks: re-check incidents in the reader's browser, from the public
  // GitHub API (which allows CORS): open ones on runbooks, the runbooks
  // index and the incidents page, and the firing history on runbooks.
  // Build-time data stays in place when the API is rate-limited or
  // unreachable. Issue titles come from anyone who can open an issue: they
  // only ever go in via textContent.
  var DAY = 86400000;
  var panels = Array.prototype.slice.call(document.querySelectorAll(".incidents[data-api], .alert-index[data-api]"));
  if (panels.length && window.fetch && window.JSON) {
    var api = panels[0].getAttribute("data-api").replace(/\/+$/, "");
    var label = panels[0].getAttribute("data-label");
    var labels = "&labels=" + encodeURIComponent(label);
    var repos = {};
    document.querySelectorAll(".incident-alert[data-repo]").forEach(function (li) { repos[li.getAttribute("data-repo")] = true; });
    var wantHistory = !!document.querySelector(".alert-history");
    Object.keys(repos).forEach(function (repo) {
      if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) { return; }
      var base = api + "/repos/" + repo + "/issues?";
      var cutoff = Date.now() - 90 * DAY;
      // The same URLs as the build's, so the API's caches serve both.
      var open = cachedFetch(base + "state=open" + labels + "&per_page=100", function () { return false; });
      // Closed incidents, newest first, only as far back as the window.
      var closed = wantHistory ? cachedFetch(base + "state=closed" + labels + "&sort=created&direction=desc&per_page=100", function (page) {
        var last = page[page.length - 1];
        return !last || Date.parse(last.created_at) < cutoff;
      }) : Promise.resolve(null);
      Promise.all([open, closed])
        .then(function (r) { show(repo, r[0].issues, r[1] && r[1].issues, r[0].at); })
        .catch(function () { panels.forEach(function (p) { p.setAttribute("data-live", "failed"); }); });
    });
  }

  // A listing from sessionStorage when younger than five minutes, else
  // from the API (following `Link: rel="next"` until `enough`).
  function cachedFetch(url, enough) {
    var key = "opsite-incidents:" + url;
    var cached = null;
    try { cached = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) {}
    if (cached && Date.now() - cached.at < 5 * 60 * 1000) { return Promise.resolve(cached); }
    return fetchAll(url, [], 0, enough).then(function (issues) {
      var got = { at: Date.now(), issues: issues };
      try { sessionStorage.setItem(key, JSON.stringify(got)); } catch (e) {}
      return got;
    });
  }

  function fetchAll(url, acc, pages, enough) {
    return fetch(url, { headers: { Accept: "application/vnd.github+json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        var next = /<([^>]+)>;\s*rel="next"/.exec(r.headers.get("Link") || "");
        return r.json().then(function (page) {
          if (!Array.isArray(page)) { throw new Error("unexpected response"); }
          acc = acc.concat(page);
          return next && pages < 9 && !enough(page) ? fetchAll(next[1], acc, pages + 1, enough) : acc;
        });
      });
  }

  function labelNames(issue) {
    return (issue.labels || []).map(function (l) { return typeof l === "string" ? l : (l && l.name) || ""; });
  }

  function span(secs) {
    var units = [[86400, "day"], [3600, "hour"], [60, "minute"], [1, "second"]];
    for (var i = 0; i < units.length; i++) {
      if (secs >= units[i][0] || i === units.length - 1) {
        var n = Math.floor(secs / units[i][0]);
        return n + " " + units[i][1] + (n === 1 ? "" : "s");
      }
    }
  }

  function ago(iso) {
    var s = (Date.now() - Date.parse(iso)) / 1000;
    if (!(s >= 0)) { return ""; }
    return s < 60 ? "just now" : span(s) + " ago";
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }

  function issueLink(i, text) {
    var a = el("a", null, text);
    var href = String(i.html_url || "");
    if (/^https?:\/\//.test(href)) { a.href = href; }
    return a;
  }

  function show(repo, openIssues, closedIssues, at) {
    document.querySelectorAll(".incident-alert[data-repo]").forEach(function (li) {
      if (li.getAttribute("data-repo") !== repo) { return; }
      var name = (li.getAttribute("data-alert") || "").trim();
      var want = (li.getAttribute("data-labels") || "").split(",").filter(Boolean);
      var mine = function (i) {
        var names = labelNames(i);
        return i && !i.pull_request && String(i.title || "").trim() === name &&
          names.indexOf(label) >= 0 && want.every(function (w) { return names.indexOf(w) >= 0; });
      };
      var found = openIssues.filter(function (i) {
        return mine(i) && i.state === "open" && labelNames(i).indexOf("resolved") < 0;
      }).sort(function (a, b) { return String(b.created_at).localeCompare(String(a.created_at)); });
      var list = li.querySelector(".incident-list");
      if (list) {
        while (list.firstChild) { list.removeChild(list.firstChild); }
        found.forEach(function (i) {
          var item = el("li");
          item.appendChild(issueLink(i, "#" + i.number + " " + String(i.title || "")));
          item.appendChild(document.createTextNode(" "));
          item.appendChild(el("span", "incident-age", "opened " + ago(i.created_at)));
          labelNames(i).forEach(function (l) {
            item.appendChild(document.createTextNode(" "));
            item.appendChild(el("span", "label", l));
          });
          list.appendChild(item);
        });
      }
      var count = li.querySelector(".incident-count");
      count.setAttribute("data-count", String(found.length));
      if (li.tagName === "TR") {
        count.textContent = String(found.length);
      } else if (li.closest(".incidents-page")) {
        count.textContent = opsiteWord("incidents_open", { count: found.length });
        li.hidden = !found.length;
      } else {
        count.textContent = found.length ? opsiteWord("incidents_open", { count: found.length }) : opsiteWord("no_incidents");
      }
      var box = li.querySelector(".alert-history");
      if (box && closedIssues) {
        history(box, openIssues.concat(closedIssues).filter(mine));
      }
    });
    document.querySelectorAll(".incidents-page .incident-group").forEach(function (g) {
      g.hidden = !g.querySelector(".incident-alert:not([hidden])");
    });
    var none = document.querySelector(".incidents-none");
    if (none) {
      none.textContent = opsiteWord("no_incidents_page");
      none.hidden = !!document.querySelector(".incidents-page .incident-alert:not([hidden])");
    }
    document.querySelectorAll(".incident-checked-time").forEach(function (checked) {
      var t = el("time", null, new Date(at).toLocaleString());
      t.dateTime = new Date(at).toISOString();
      checked.textContent = opsiteWord("checked_live") + " ";
      checked.appendChild(t);
    });
    panels.forEach(function (p) { p.setAttribute("data-live", "ok"); });
  }

  // The same figures the build shows: times fired in the window, the last
  // time, the median time to close, the newest five.
  function history(box, issues) {
    var days = Number(box.getAttribute("data-days")) || 90;
    var cutoff = Date.now() - days * DAY;
    var seen = {};
    var all = issues.filter(function (i) {
      if (seen[i.number] || !(Date.parse(i.created_at) > 0)) { return false; }
      seen[i.number] = true;
      return true;
    }).sort(function (a, b) { return Date.parse(b.created_at) - Date.parse(a.created_at) || b.number - a.number; });
    var recent = all.filter(function (i) { return Date.parse(i.created_at) >= cutoff; });
    var closes = recent.filter(function (i) { return i.state === "closed" && i.closed_at; })
      .map(function (i) { return Math.max(0, (Date.parse(i.closed_at) - Date.parse(i.created_at)) / 1000); })
      .sort(function (a, b) { return a - b; });
    var n = closes.length;
    var median = n ? (n % 2 ? closes[(n - 1) / 2] : Math.floor((closes[n / 2 - 1] + closes[n / 2]) / 2)) : null;
    var stats = el("p", "alert-history-stats");
    if (recent.length) {
      stats.appendChild(document.createTextNode("Fired "));
      stats.appendChild(el("strong", "history-fired", recent.length + " time" + (recent.length === 1 ? "" : "s")));
    } else {
      stats.appendChild(el("span", "history-fired", "Not fired"));
    }
    stats.appendChild(document.createTextNode(" in the last " + days + " days"));
    if (all.length) {
      var last = el("span", "history-last", " · last ");
      var t = el("time", null, ago(all[0].created_at));
      t.dateTime = String(all[0].created_at);
      last.appendChild(t);
      stats.appendChild(last);
    }
    if (median !== null) { stats.appendChild(el("span", "history-median", " · closed after " + span(median) + " (median)")); }
    var list = el("ol", "history-list");
    list.setAttribute("aria-label", "Latest incidents of " + (box.closest(".incident-alert").getAttribute("data-alert") || ""));
    recent.slice(0, 5).forEach(function (i) {
      var item = el("li");
      item.appendChild(issueLink(i, "#" + i.number));
      item.appendChild(document.createTextNode(" "));
      var t = el("time", null, String(i.created_at).slice(0, 10));
      t.dateTime = String(i.created_at);
      item.appendChild(t);
      item.appendChild(document.createTextNode(" "));
      var state = i.state === "closed" ? "closed" : (labelNames(i).indexOf("resolved") >= 0 ? "resolved" : "open");
      var took = state === "closed" && i.closed_at ? "closed after " + span(Math.max(0, (Date.parse(i.closed_at) - Date.parse(i.created_at)) / 1000)) : state;
      item.appendChild(el("span", "history-state history-" + state, took));
      list.appendChild(item);
    });
    while (box.firstChild) { box.removeChild(box.firstChild); }
    box.appendChild(stats);
    if (recent.length) { box.appendChild(list); }
  }
})();

// Copy buttons on code blocks: runbooks are mostly commands to copy. Each
// block gets a wrapper that only positions the button, so nothing shifts;
// a live region says "Copied" for screen readers. Works from file:// too
// (falls back to a selection copy where the Clipboard API is missing).
// Runs again after `opsite serve` updates the page in place (opsite:updated).
(function () {
  "use strict";
  var status = null;

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

  function enhance() {
    var blocks = document.querySelectorAll("pre.code");
    if (!blocks.length) return;
    status = document.querySelector(".copy-status");
    if (!status) {
      status = document.createElement("div");
      status.className = "visually-hidden copy-status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      document.body.appendChild(status);
    }
    blocks.forEach(addButton);
  }

  function addButton(pre) {
    if (pre.parentNode.classList.contains("code-block")) return;
    var wrap = document.createElement("div");
    wrap.className = "code-block";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code";
    button.textContent = opsiteWord("copy");
    button.setAttribute("aria-label", opsiteWord("copy_code"));
    button.addEventListener("click", function () {
      var code = pre.querySelector("code") || pre;
      var text = code.innerText.replace(/\n$/, "");
      var copy = navigator.clipboard && window.isSecureContext
        ? navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); })
        : fallbackCopy(text);
      copy.then(function () {
        button.textContent = opsiteWord("copied");
        status.textContent = opsiteWord("copied_status");
      }, function () {
        button.textContent = opsiteWord("copy_by_hand");
        status.textContent = opsiteWord("copy_by_hand_status");
      }).then(function () {
        setTimeout(function () {
          button.textContent = opsiteWord("copy");
          status.textContent = "";
        }, 2000);
      });
    });
    wrap.appendChild(button);
    // Over a block whose lines reach under it, the button would hide
    // code: such blocks start their code below the button instead.
    var place = function () {
      var text = document.createRange();
      text.selectNodeContents(pre.querySelector("code") || pre);
      var right = text.getBoundingClientRect().right + pre.scrollLeft;
      wrap.classList.toggle("copy-above", right > button.getBoundingClientRect().left - 8);
    };
    place();
    window.addEventListener("resize", place);
  }

  enhance();
  document.addEventListener("opsite:updated", enhance);
})();

// Tabs: every tool's tabs arrive as the same markup, each panel under its
// label, so a page reads whole without script. Here they become tabs (the
// WAI-ARIA pattern: click, arrow keys, Home, End). A choice is remembered
// and made in every group with the same labels (or the same groupId), as
// Docusaurus does, keeping the clicked tab where it was on screen.
(function () {
  "use strict";
  var KEY = "opsite-tabs:";
  function buttons(tabs) {
    var list = tabs.querySelector(":scope > .tab-list");
    return list ? Array.prototype.slice.call(list.querySelectorAll("[role=tab]")) : [];
  }
  function groupOf(tabs) {
    return tabs.getAttribute("data-group") ||
      buttons(tabs).map(function (b) { return b.textContent; }).join("\u001f");
  }
  function withLabel(tabs, label) {
    return buttons(tabs).filter(function (b) { return b.textContent === label; })[0];
  }
  function show(tabs, button) {
    buttons(tabs).forEach(function (b) {
      var on = b === button;
      b.setAttribute("aria-selected", on ? "true" : "false");
      b.tabIndex = on ? 0 : -1;
      var panel = document.getElementById(b.getAttribute("aria-controls"));
      if (panel) panel.hidden = !on;
    });
  }
  function choose(tabs, button) {
    var group = groupOf(tabs), label = button.textContent;
    var before = button.getBoundingClientRect().top;
    show(tabs, button);
    document.querySelectorAll(".tabs.tabs-ready").forEach(function (other) {
      var b = other !== tabs && groupOf(other) === group && withLabel(other, label);
      if (b) show(other, b);
    });
    window.scrollBy(0, button.getBoundingClientRect().top - before);
    try { localStorage.setItem(KEY + group, label); } catch (err) {}
  }
  function setUp() {
    document.querySelectorAll(".tabs").forEach(function (tabs) {
      var all = buttons(tabs);
      if (!all.length) return;
      var stored = null;
      try { stored = localStorage.getItem(KEY + groupOf(tabs)); } catch (err) {}
      var first = (stored && withLabel(tabs, stored)) ||
        all.filter(function (b) { return b.getAttribute("aria-selected") === "true"; })[0] || all[0];
      all[0].parentNode.hidden = false;
      tabs.classList.add("tabs-ready");
      show(tabs, first);
    });
  }
  setUp();
  document.addEventListener("opsite:updated", setUp);
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest(".tab-list > [role=tab]");
    if (b) choose(b.closest(".tabs"), b);
  });
  document.addEventListener("keydown", function (e) {
    var b = e.target.closest && e.target.closest(".tab-list > [role=tab]");
    if (!b || e.altKey || e.ctrlKey || e.metaKey) return;
    var tabs = b.closest(".tabs"), all = buttons(tabs), i = all.indexOf(b);
    var next = { ArrowRight: all[(i + 1) % all.length], ArrowLeft: all[(i - 1 + all.length) % all.length],
      Home: all[0], End: all[all.length - 1] }[e.key];
    if (!next) return;
    e.preventDefault();
    choose(tabs, next);
    next.focus();
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

// Search: the field is in every page's header, after the sections; its
// code (search.js) and the index load only when someone searches. `/`
// focuses the field. A theme that writes its own form keeps it.
(function () {
  "use strict";
  function build() {
    var header = document.querySelector(".site-header-inner");
    if (!opsiteSite.search || !header) return null;
    var form = opsiteControl("form", "search");
    form.setAttribute("role", "search");
    form.setAttribute("data-search", opsiteSite.search);
    form.setAttribute("data-script", opsiteSite.searchScript);
    var label = opsiteControl("label", "visually-hidden", opsiteWord("search_label"));
    label.htmlFor = "search-input";
    var input = opsiteControl("input", "search-input");
    input.id = "search-input";
    input.type = "search";
    input.placeholder = opsiteWord("search");
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("aria-describedby", "search-hint");
    input.setAttribute("aria-controls", "search-results");
    var key = opsiteControl("kbd", "search-key", "/");
    key.setAttribute("aria-hidden", "true");
    var hint = opsiteControl("span", "visually-hidden", opsiteWord("search_hint"));
    hint.id = "search-hint";
    var results = opsiteControl("div", "search-results");
    results.id = "search-results";
    results.hidden = true;
    var status = opsiteControl("p", "visually-hidden search-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    [label, input, key, hint, results, status].forEach(function (el) { form.appendChild(el); });
    var after = header.querySelector(".top-nav") || header.querySelector(".brand");
    if (after) after.after(form); else header.prepend(form);
    return form;
  }
  var form = document.querySelector("form.search[data-script]") || build();
  if (!form) return;
  // Shown only where it works: without this script the field could do nothing.
  form.hidden = false;
  var input = form.querySelector("input");
  var loading = false;
  function load() {
    if (loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = form.getAttribute("data-script");
    document.head.appendChild(s);
  }
  input.addEventListener("focus", load);
  input.addEventListener("input", load);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  document.addEventListener("keydown", function (e) {
    var el = document.activeElement;
    var typing = el && (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable);
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      input.focus();
    }
  });
})();

// "Copy page as Markdown": the page's Markdown (published beside it for
// llms.txt) onto the clipboard, to paste into a chat with a model. Without
// script the "View as Markdown" link beside it still leads there.
(function () {
  "use strict";
  var link = document.querySelector(".page-markdown");
  var button = document.querySelector(".copy-page");
  if (!window.fetch || !navigator.clipboard) return;
  if (!button && link) {
    button = opsiteControl("button", "copy-page", opsiteWord("copy_page"));
    button.type = "button";
    button.setAttribute("data-src", link.getAttribute("href"));
    link.after(button);
  }
  if (!button) return;
  var label = button.textContent;
  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  button.after(status);
  button.hidden = false;
  function say(text) {
    button.textContent = text;
    status.textContent = text;
    setTimeout(function () { button.textContent = label; status.textContent = ""; }, 2000);
  }
  button.addEventListener("click", function () {
    // The text is asked for as the copy starts, so the browser keeps the
    // click's permission to write the clipboard while it arrives.
    var text = fetch(button.getAttribute("data-src")).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    });
    var copy = window.ClipboardItem
      ? navigator.clipboard.write([new ClipboardItem({ "text/plain": text.then(function (t) {
          return new Blob([t], { type: "text/plain" });
        }) })])
      : text.then(function (t) { return navigator.clipboard.writeText(t); });
    copy.then(function () { say(opsiteWord("copied")); }, function () { say(opsiteWord("copy_failed")); });
  });
})();

/* Sortable tables (the runbooks index): each header cell becomes a button;
   the header says which way its column is sorted. Empty cells stay last. */
(function () {
  function key(cell) {
    var v = cell.getAttribute("data-sort");
    if (v === null) v = cell.textContent.trim();
    var n = Number(v);
    return v !== "" && !isNaN(n) ? n : v.toLowerCase();
  }
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var up = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          if (x === "" || y === "") return x === y ? 0 : (x === "" ? 1 : -1);
          var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return up ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
