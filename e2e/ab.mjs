// A/B of two builds' cold loads (docs/PERFORMANCE.md): the same step link as P5 loaded from
// build A, then from build B, alternately, each in a fresh context of one browser, so that the
// machine's own drift (P5 moves with it by tens of ms within minutes) falls on both alike.
// Prints, per build, the median and range of the page's marks (from navigation) and of the
// narration's paint, and the median of the per-pair differences B − A; and the span from
// `module-start` to `app-first-render`, the first module's own share.
// Usage: node e2e/ab.mjs DIST_A DIST_B [pairs=20] [link]
//   e.g. git worktree add /tmp/a <commit> && (cd /tmp/a && scripts/build.sh), then
//   node e2e/ab.mjs /tmp/a/dist dist 30
import { serve } from "./server.mjs";
import { chromium } from "playwright-core";
import { existsSync, readFileSync } from "node:fs";

const [distA, distB, pairsArg, linkArg] = process.argv.slice(2);
if (!distA || !distB) {
  console.error("usage: node e2e/ab.mjs DIST_A DIST_B [pairs=20] [link]");
  process.exit(2);
}
const PAIRS = Number(pairsArg ?? 20);
if (!Number.isInteger(PAIRS) || PAIRS < 1 || PAIRS > 1000) {
  console.error(`pairs: a whole number from 1 to 1000, not “${pairsArg}”`);
  process.exit(2);
}
for (const dist of [distA, distB]) {
  if (!existsSync(`${dist}/index.html`)) {
    console.error(`${dist}: no index.html (a build's dist/ directory, from scripts/build.sh)`);
    process.exit(2);
  }
}
const model = (dist) => readFileSync(`${dist}/index.html`, "utf8").match(/name="bulkpool-model" content="(\d+)"/)[1];
const link = (dist) => linkArg ?? `?v=1&m=${model(dist)}&s=s5&mode=list&step=36`;
const MARKS = ["module-start", "app-first-render", "app-complete-render"];
const PREFIX = "/bulkpool/";

const servers = [await serve(distA, PREFIX, {}), await serve(distB, PREFIX, {})];
const bases = servers.map((s) => `http://127.0.0.1:${s.address().port}${PREFIX}`);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  // The same flags as e2e/harness.mjs (the omnibox popup's renderer competes for the cores).
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,PreloadTopChromeWebUI"],
});

/// One cold load: waits for the last mark on the console (nothing evaluated in the page while
/// it loads, as e2e/perf.mjs does), then reads the marks and the narration's paint.
async function load(which) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) console.debug(`bulkpool-mark ${e.name}`);
    }).observe({ type: "mark", buffered: true });
  });
  const done = page.waitForEvent("console", { predicate: (m) => m.text() === "bulkpool-mark app-complete-render", timeout: 60000 });
  await page.goto(bases[which] + link([distA, distB][which]));
  await done;
  const row = await page.evaluate((names) => {
    const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? null;
    const out = Object.fromEntries(names.map((n) => [n, at(n)]));
    // No paint within 5 s: `painted` stays missing (null), counted in the row's n.
    return new Promise((resolve) => {
      setTimeout(() => resolve({ ...out, painted: null }), 5000);
      new PerformanceObserver((l, o) => {
        const e = l.getEntries().find((e) => e.identifier === "narration");
        if (e) { o.disconnect(); resolve({ ...out, painted: e.renderTime || e.loadTime }); }
      }).observe({ type: "element", buffered: true });
    });
  }, MARKS);
  await context.close();
  return row;
}

const rows = [[], []];
for (let i = 0; i < PAIRS; i++) {
  // Alternate which build goes first, so that neither always loads second.
  const order = i % 2 ? [1, 0] : [0, 1];
  for (const w of order) rows[w].push(await load(w));
}
await browser.close();
servers.forEach((s) => s.close());

// A missing mark or paint is null and left out; each row says how many values it has.
const known = (xs) => xs.filter((x) => x != null);
const median = (xs) => {
  const s = known(xs).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const range = (xs) => { const s = known(xs); return s.length ? `${Math.min(...s).toFixed(0)}–${Math.max(...s).toFixed(0)}` : "none"; };
const ms = (x) => (x == null ? "none" : x.toFixed(1));
console.log(`${PAIRS} pairs, link ${link(distB)}`);
console.log(`A = ${distA}\nB = ${distB}`);
// The module's own share: from its start to its first render.
for (const r of [...rows[0], ...rows[1]]) {
  r["start→first render"] = r["app-first-render"] == null || r["module-start"] == null ? null : r["app-first-render"] - r["module-start"];
}
for (const k of [...MARKS, "painted", "start→first render"]) {
  const a = rows[0].map((r) => r[k]), b = rows[1].map((r) => r[k]);
  const d = a.map((x, i) => (x == null || b[i] == null ? null : b[i] - x));
  console.log(`${k.padEnd(20)} A ${ms(median(a))} (${range(a)}, n ${known(a).length})  B ${ms(median(b))} (${range(b)}, n ${known(b).length})  B−A per pair: median ${ms(median(d))}`);
}
