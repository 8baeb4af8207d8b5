// Runs the browser's search code (themes/default/static/search.js) in node
// against a built site: `node query.js <public dir> <query>...` prints, per
// query, the results as JSON with the files the query loaded and their bytes,
// and the files it asked for that do not exist (a 404 in a browser).
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [pub, ...queries] = process.argv.slice(2);
const loadedFiles = [];
const missingFiles = [];
globalThis.opsiteSearch = {
  base: "/search/",
  loadScript(url, done) {
    const rel = url.replace(/^\/search\//, "search/");
    const file = path.join(pub, rel);
    if (fs.existsSync(file)) {
      const code = fs.readFileSync(file, "utf8");
      loadedFiles.push([rel, Buffer.byteLength(code)]);
      vm.runInThisContext(code, { filename: rel });
    } else {
      missingFiles.push(rel);
    }
    setImmediate(done);
  },
};
vm.runInThisContext(fs.readFileSync(path.join(__dirname, "../../themes/default/static/search.js"), "utf8"));
const S = globalThis.opsiteSearch;
(async () => {
  const out = [];
  for (const q of queries) {
    loadedFiles.length = 0;
    missingFiles.length = 0;
    const results = await S.search(q);
    const records = await S.records(results, 10, q);
    out.push({ query: q, total: results.length, results: records.map((r) => ({ title: r.title, url: r.url, section: r.section, excerpt: r.excerpt })), files: loadedFiles.slice(), missing: missingFiles.slice() });
  }
  process.stdout.write(JSON.stringify(out));
})();
