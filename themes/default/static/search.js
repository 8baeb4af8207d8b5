// opsite search: loaded on first use (opsite.js loads it when the search
// field is focused). It fetches only the index files a query needs, as
// scripts, so it works from file:// and under any sub-path. The same code
// runs in node for the tests (they provide `opsiteSearch.loadScript`).
(function (root) {
  "use strict";
  var S = root.opsiteSearch = root.opsiteSearch || {};
  var CHUNK = 8;
  // Postings kept per stem (src/search/mod.rs MAX_POSTINGS): a word with
  // that many is on too many pages to narrow anything down.
  var MAX_POSTINGS = 4096;
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/;
  var waiting = {};
  var loaded = {};

  // Index files call these when they run.
  S.shard = function (key, data) { settle("t:" + key, data); };
  // The list of word shards the build wrote: no request for one it did not.
  S.shards = function (keys) {
    var set = Object.create(null);
    keys.forEach(function (k) { set[k] = true; });
    settle("k:", set);
  };
  S.docs = function (n, list) { settle("d:" + n, list); };

  function settle(id, data) {
    // When the last index file arrived: the benchmark measures painting from here.
    S.arrived = typeof performance !== "undefined" ? performance.now() : 0;
    loaded[id] = data;
    (waiting[id] || []).forEach(function (f) { f(data); });
    delete waiting[id];
  }

  // `id` is "t:<prefix>" or "d:<n>"; resolves to null when the file is missing.
  function get(id, path) {
    if (id in loaded) { return Promise.resolve(loaded[id]); }
    return new Promise(function (resolve) {
      var first = !waiting[id];
      (waiting[id] = waiting[id] || []).push(resolve);
      if (first) {
        S.loadScript(S.base + path, function () {
          if (!(id in loaded)) { settle(id, null); }
        });
      }
    });
  }

  S.loadScript = S.loadScript || function (url, done) {
    var s = document.createElement("script");
    s.src = url;
    s.async = true;
    s.onload = s.onerror = function () { s.remove(); done(); };
    document.head.appendChild(s);
  };

  function hex(s) {
    return Array.from(new TextEncoder().encode(s), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // The build's rules (src/search/tokens.rs): lowercase, accents folded
  // outside CJK, letters and digits only, CJK runs as overlapping pairs.
  S.words = function (text) {
    var out = [];
    var folded = String(text).replace(/[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+/g, function (m) {
      return m.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }).toLowerCase();
    var parts = folded.match(/[\p{Alphabetic}\p{N}]+/gu) || [];
    parts.forEach(function (p) {
      var chars = Array.from(p);
      var word = "";
      var run = [];
      var flush = function () {
        if (word) { if (word.length <= 40) { out.push(word); } word = ""; }
        if (run.length === 1) { out.push(run[0]); }
        for (var i = 0; i + 1 < run.length; i++) { out.push(run[i] + run[i + 1]); }
        run = [];
      };
      chars.forEach(function (c) {
        if (CJK.test(c)) { if (word) { flush(); } run.push(c); }
        else { if (run.length) { flush(); } word += c; }
      });
      flush();
    });
    return out;
  };

  function shardKey(w) {
    var c = Array.from(w);
    return CJK.test(c[0]) ? c[0] : c.slice(0, 2).join("");
  }

  function decode(s) {
    var out = [], doc = 0, gap = 0, shift = 0;
    for (var i = 0; i < s.length; i++) {
      var v = DIGITS.indexOf(s[i]);
      if (v >= 32) { gap |= (v - 32) << shift; shift += 5; continue; }
      doc += gap | (v << shift);
      out.push([doc, DIGITS.indexOf(s[++i])]);
      gap = 0; shift = 0;
    }
    return out;
  }

  // Suffixes tried when a typed word is in no page as it stands.
  var SUFFIXES = ["ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s"];

  // The shard of words under `key`, or null when the build wrote none
  // (asked of the list first, so a missing shard is never requested).
  function shard(key) {
    return get("k:", "shards.js").then(function (known) {
      if (known && !known[key]) { return null; }
      return get("t:" + key, "t/" + hex(key) + ".js");
    });
  }

  // doc -> best score for one query word.
  function scoreWord(word, prefix) {
    return shard(shardKey(word)).then(function (shard) {
      var scores = {};
      scores.capped = false;
      if (!shard) { return scores; }
      var stems = {};
      var add = function (stem, factor) { stems[stem] = Math.max(stems[stem] || 0, factor); };
      if (shard.w[word]) { add(shard.w[word], 3); }
      if (prefix && Array.from(word).length >= 2) {
        Object.keys(shard.w).forEach(function (w) { if (w !== word && w.indexOf(word) === 0) { add(shard.w[w], 1); } });
      }
      if (!Object.keys(stems).length) {
        SUFFIXES.some(function (suf) {
          var base = word.slice(0, -suf.length);
          if (word.length - suf.length < 3 || word.slice(-suf.length) !== suf) { return false; }
          Object.keys(shard.w).forEach(function (w) { if (w.indexOf(base) === 0) { add(shard.w[w], 2); } });
          return Object.keys(stems).length > 0;
        });
      }
      Object.keys(stems).forEach(function (stem) {
        var list = decode(shard.s[stem] || "");
        if (list.length >= MAX_POSTINGS) { scores.capped = true; }
        list.forEach(function (p) {
          var s = p[1] * stems[stem];
          if (!(scores[p[0]] >= s)) { scores[p[0]] = s; }
        });
      });
      return scores;
    });
  }

  // Documents matching every word (or, when none does, any word), best first.
  S.search = function (text) {
    var words = S.words(text);
    if (!words.length) { return Promise.resolve([]); }
    var typing = !/\s$/.test(text);
    return Promise.all(words.map(function (w, i) { return scoreWord(w, typing && i === words.length - 1); }))
      .then(function (per) {
        // Words on too many pages (their lists are cut) only add to the
        // score; the others must all be on a page.
        var total = {}, hits = {};
        var required = per.filter(function (s) { return !s.capped; }).length;
        per.forEach(function (scores) {
          var capped = scores.capped;
          delete scores.capped;
          Object.keys(scores).forEach(function (d) {
            total[d] = (total[d] || 0) + scores[d];
            if (!capped) { hits[d] = (hits[d] || 0) + 1; }
          });
        });
        var docs = Object.keys(total);
        var all = required ? docs.filter(function (d) { return hits[d] === required; }) : docs;
        return (all.length ? all : docs).map(function (d) { return { doc: +d, score: total[d] }; })
          .sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      });
  };

  // Records of `results` (the first `n`), with where the words are.
  S.records = function (results, n, text) {
    var words = S.words(text);
    var shown = results.slice(0, n);
    return Promise.all(shown.map(function (r) {
      var c = Math.floor(r.doc / CHUNK);
      return get("d:" + c, "d/" + c + ".js").then(function (list) { return list && list[r.doc % CHUNK]; });
    })).then(function (records) {
      return records.map(function (rec, i) {
        if (!rec) { return null; }
        // How many query words a text has (the last may be a prefix).
        var count = function (s) {
          var w = S.words(s);
          return words.filter(function (q) { return w.some(function (x) { return x.indexOf(q) === 0; }); }).length;
        };
        // The heading whose title, else whose text, has the most words.
        var best = null, bestScore = 0;
        rec.h.forEach(function (h) {
          var score = 2 * count(h[1]) + count(h[2]);
          if (score > bestScore) { best = h; bestScore = score; }
        });
        var page = count(rec.t) === words.length || !best;
        return {
          doc: shown[i].doc, title: rec.t, section: rec.s,
          url: page ? rec.u : rec.u + "#" + best[0],
          heading: page ? "" : best[1],
          // The matched section's text, else the page's opening.
          excerpt: best && best[2] ? best[2] : (rec.x || (rec.h[0] && rec.h[0][2]) || "")
        };
      }).filter(Boolean);
    });
  };

  S.setup = function (form) { setupUI(form); };
  if (typeof document !== "undefined") {
    var form = document.querySelector("form.search[data-search]");
    if (form) { setupUI(form); }
  }

  function setupUI(form) {
    var input = form.querySelector("input");
    var box = form.querySelector(".search-results");
    var status = form.querySelector("[role=status]");
    S.base = form.getAttribute("data-search");
    // The shard list, while the reader types the first letters.
    get("k:", "shards.js");
    var seq = 0;
    var links = function () { return Array.prototype.slice.call(box.querySelectorAll("a")); };

    function mark(parent, text) {
      var words = S.words(input.value).map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
      var re = words.length ? new RegExp("(" + words.join("|") + ")", "gi") : null;
      var last = 0, m;
      while (re && (m = re.exec(text))) {
        parent.appendChild(document.createTextNode(text.slice(last, m.index)));
        var b = document.createElement("mark");
        b.textContent = m[0];
        parent.appendChild(b);
        last = m.index + m[0].length;
        if (!m[0].length) { re.lastIndex++; }
      }
      parent.appendChild(document.createTextNode(text.slice(last)));
    }

    function show(results, total) {
      box.textContent = "";
      var text = input.value.trim();
      if (!text) { close(); return; }
      if (!results.length) {
        var none = document.createElement("p");
        none.className = "search-none";
        none.textContent = opsiteWord("search_none", { query: text });
        box.appendChild(none);
      } else {
        var list = document.createElement("ul");
        results.forEach(function (r) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = r.url;
          var t = document.createElement("span");
          t.className = "search-title";
          mark(t, r.title + (r.heading ? " › " + r.heading : ""));
          a.appendChild(t);
          if (r.section) {
            var s = document.createElement("span");
            s.className = "search-section";
            s.textContent = r.section;
            a.appendChild(s);
          }
          if (r.excerpt) {
            var x = document.createElement("span");
            x.className = "search-excerpt";
            mark(x, r.excerpt);
            a.appendChild(x);
          }
          li.appendChild(a);
          list.appendChild(li);
        });
        box.appendChild(list);
      }
      box.hidden = false;
      status.textContent = opsiteWord(total === 1 ? "search_found_one" : total ? "search_found" : "search_found_none", { count: total });
    }

    function close() {
      box.hidden = true;
    }

    function run() {
      var mine = ++seq;
      var text = input.value;
      var started = performance.now();
      S.search(text).then(function (results) {
        return S.records(results, 10, text).then(function (recs) {
          if (mine !== seq) { return; }
          show(recs, results.length);
          // Milliseconds from typing, and from the last index file's
          // arrival, to the frame that paints the results (for benchmarks).
          var arrived = Math.max(S.arrived || 0, started);
          requestAnimationFrame(function () {
            var now = performance.now();
            form.setAttribute("data-query-ms", (now - started).toFixed(1));
            form.setAttribute("data-paint-ms", (now - arrived).toFixed(1));
            form.setAttribute("data-query", text);
          });
        });
      });
    }

    input.addEventListener("input", run);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
      else if (e.key === "Enter" && links().length) { e.preventDefault(); links()[0].click(); }
      else if (e.key === "Escape") { input.value = ""; close(); }
    });
    box.addEventListener("keydown", function (e) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && i + 1 < all.length) { e.preventDefault(); all[i + 1].focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
      else if (e.key === "Escape") { e.preventDefault(); close(); input.focus(); }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) { close(); } });
    if (input.value) { run(); }
  }
})(typeof window !== "undefined" ? window : globalThis);
