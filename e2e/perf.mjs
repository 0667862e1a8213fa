// The browser bench (issues 10 and 18): step render and playback (P4), cold load (P5), a step
// link's first render on a throttled network and CPU (P6), long tasks from navigation to
// interactive for every kind of legal link (P3b) and memory after the largest legal scenario
// (M), in headless Chromium against the release build in dist/.
// Writes target/bench/browser.json and prints a table. `--smoke` runs a few iterations of each,
// only to prove that the bench works (CI); it never fails on a timing.
// Usage: make bench (everything), or node e2e/perf.mjs [--smoke]
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { start } from "./harness.mjs";
import { large, linkTo } from "./large.mjs";

const SMOKE = process.argv.includes("--smoke");
const STEPS = SMOKE ? 5 : 200;
const LOADS = SMOKE ? 2 : 10;
const THROTTLED_LOADS = SMOKE ? 1 : 5;
const P3B_LOADS = SMOKE ? 1 : 5;
// The model the build runs (scripts/build.sh writes it into the page): a link the app writes.
const MODEL = readFileSync(`${process.env.DIST ?? "dist"}/index.html`, "utf8").match(/name="bulkpool-model" content="(\d+)"/)[1];
const STEP_LINK = `?v=1&m=${MODEL}&s=s5&mode=list&step=36`;
const PLAY_MS = SMOKE ? 500 : 5000;

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, median: at(0.5), p95: at(0.95), min: s[0], max: s[s.length - 1] };
}

/// The page shows the link's own run: the first render is up and nothing is being generated
/// (while a long run is generated the page shows a placeholder run).
async function ready(page) {
  await page.waitForSelector(".bar");
  await page.waitForFunction(() => !document.querySelector(".generating"), null, { timeout: 60000 });
}

async function watchLongTasks(page) {
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__long.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  });
}

// The page's marks (`web/src/marks.rs`) and element timings (the narration's paint), reported on
// the console as they happen, so that a load can be waited for without evaluating anything in
// the page: the first `waitForFunction` or `waitForSelector` parses Playwright's injected
// script on the page's main thread, 10-15 ms on this machine, and during a cold load that lands
// in the middle of the app's start-up (seen in a trace; docs/PERFORMANCE.md, sixth round).
async function reportMarks(page) {
  await page.addInitScript(() => {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) console.debug(`bulkpool-mark ${e.name}`);
    }).observe({ type: "mark", buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) console.debug(`bulkpool-mark element:${e.identifier}`);
    }).observe({ type: "element", buffered: true });
  });
}

/// Resolves when the page reports `name` (`reportMarks`); call it before `page.goto`.
function reported(page, name, timeout = 60000) {
  return page.waitForEvent("console", { predicate: (m) => m.text() === `bulkpool-mark ${name}`, timeout });
}

/// When an element marked `elementtiming="id"` was first painted (Element Timing API); fails
/// if the page has reported no such paint within 10 s.
async function painted(page, id) {
  const t = await page.evaluate((id) => new Promise((resolve) => {
    setTimeout(() => resolve(null), 10000);
    new PerformanceObserver((l, o) => {
      const e = l.getEntries().find((e) => e.identifier === id);
      if (e) { o.disconnect(); resolve(e.renderTime || e.loadTime); }
    }).observe({ type: "element", buffered: true });
  }), id);
  if (t === null) throw new Error(`no Element Timing entry "${id}" within 10 s`);
  return t;
}

// The renderer's main-thread tasks of a trace (`browser.startTracing`), the longest by wall
// time and the longest by the thread's own CPU time (`tdur`). On two cores shared with the
// browser's other processes a task's wall time includes the time the OS ran something else;
// its CPU time is the page's work alone.
const TRACE = ["devtools.timeline", "disabled-by-default-devtools.timeline"];
// Only the renderer that loaded the page counts: a trace holds every process of the browser,
// and Chromium's own pages (chrome://…) run in renderers of their own.
function longestTasks(buffer, origin) {
  const events = JSON.parse(buffer.toString()).traceEvents;
  const url = (e) => String(e.args?.data?.url ?? e.args?.beginData?.url ?? "");
  const page = new Set(events.filter((e) => url(e).startsWith(origin)).map((e) => e.pid));
  const main = new Set(events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain" && page.has(e.pid)).map((e) => `${e.pid}:${e.tid}`));
  if (main.size !== 1) throw new Error(`the trace has ${main.size} main threads of a renderer that loaded ${origin}`);
  let wall = 0;
  let cpu = 0;
  for (const e of events) {
    if (e.ph !== "X" || e.name !== "RunTask" || !main.has(`${e.pid}:${e.tid}`)) continue;
    wall = Math.max(wall, e.dur);
    cpu = Math.max(cpu, e.tdur ?? 0);
  }
  return { wall: Math.round(wall / 1000), cpu: Math.round(cpu / 1000) };
}

const env = await start();
const results = { smoke: SMOKE, machine: `${process.platform} ${process.arch}, Chromium headless` };

// P4: step render, forward and back, 65,536 frames, in the step and the compare views.
for (const [name, query] of [["step view", "?v=1&s=big&mode=callback"], ["compare view", "?v=1&s=big&mode=callback&view=compare"]]) {
  const { page, problems } = await env.page({ width: 1280, height: 800 });
  await page.goto(env.base + query);
  await ready(page);
  const at = async () => Number((await page.textContent(".step-n")).match(/step (\d+)/)[1]);
  for (const [key, dir, delta] of [["ArrowRight", "forward", 1], ["ArrowLeft", "back", -1]]) {
    await page.evaluate(() => performance.clearMeasures("step-render"));
    for (let i = 0; i < STEPS; i++) {
      const want = (await at()) + delta;
      const before = await page.evaluate(() => performance.getEntriesByName("step-render").length);
      await page.keyboard.press(key);
      await page.waitForFunction((w) => document.querySelector(".step-n").textContent.startsWith(`step ${w} `), want);
      // The render's measure lands after the render's effects.
      await page.waitForFunction((n) => performance.getEntriesByName("step-render").length > n, before);
    }
    const d = await page.evaluate(() => performance.getEntriesByName("step-render").map((e) => e.duration));
    results[`P4 step render, big, ${name}, ${dir} (ms)`] = stats(d);
  }
  if (problems.length) throw new Error(problems.join("\n"));
  await page.close();
}

// P4: no long task during 8× playback.
{
  const { page, problems } = await env.page({ width: 1280, height: 800 });
  await watchLongTasks(page);
  await page.goto(env.base + "?v=1&s=big&mode=callback");
  await ready(page);
  await page.selectOption(".speed select", "5");
  const t0 = await page.evaluate(() => performance.now());
  await page.click(".ctl.play");
  await page.waitForTimeout(PLAY_MS);
  await page.click(".ctl.play");
  const long = await page.evaluate((t) => window.__long.filter((e) => e.start >= t).map((e) => e.duration), t0);
  const steps = Number((await page.textContent(".step-n")).match(/step (\d+)/)[1]);
  results["P4 long tasks during 8x playback of big"] = { playback_ms: PLAY_MS, steps_played: steps, long_tasks: long.length, longest_ms: Math.max(0, ...long) };
  if (problems.length) throw new Error(problems.join("\n"));
  await page.close();
}

// P5: cold load to the first interactive render, a fresh browser context each time.
{
  const loads = [];
  const complete = [];
  const shown = [];
  let module = null;
  for (let i = 0; i < LOADS; i++) {
    const { page, problems } = await env.page({ width: 1280, height: 800 });
    await reportMarks(page);
    const done = reported(page, "app-complete-render");
    await page.goto(env.base + STEP_LINK);
    await done;
    loads.push(await page.evaluate(() => performance.getEntriesByName("app-first-render")[0].startTime));
    complete.push(await page.evaluate(() => performance.getEntriesByName("app-complete-render")[0].startTime));
    shown.push(await painted(page, "narration"));
    module = await page.getAttribute(".app", "data-module");
    if (problems.length) throw new Error(problems.join("\n"));
    await page.close();
  }
  results["P5 cold load to first render (ms)"] = { link: STEP_LINK, rendered_by: module === "first" ? "first module" : "whole app", ...stats(loads) };
  // The first pass on the screen: when the narration's text was painted (Element Timing).
  results["P5 cold load to the first render painted (ms)"] = stats(shown);
  // Every panel, two passes after the first render (web/src/hooks/stages.rs).
  results["P5 cold load to every panel rendered (ms)"] = stats(complete);
}

// P5's floor: the same cold load of a page with the site's stylesheets and `#loading` and no
// script, marked once its first frame is out: what this machine's Chromium costs before any of
// bulkpool's code runs.
{
  const dir = mkdtempSync(join(tmpdir(), "bulkpool-floor-"));
  const dist = process.env.DIST ?? "dist";
  for (const f of readdirSync(dist).filter((f) => /\.(css|svg)$/.test(f))) copyFileSync(join(dist, f), join(dir, f));
  const page = readFileSync(join(dist, "index.html"), "utf8")
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<link rel="(modulepreload|preload)"[^>]*>/g, "")
    .replace("<h1>", '<h1 elementtiming="floor">')
    .replace("</body>", `<script>requestAnimationFrame(() => setTimeout(() => performance.mark("app-first-render")));</script></body>`);
  writeFileSync(join(dir, "index.html"), page);
  const floor = await start({ dist: dir });
  const loads = [];
  const shown = [];
  for (let i = 0; i < LOADS; i++) {
    const { page, problems } = await floor.page({ width: 1280, height: 800 });
    await reportMarks(page);
    const done = reported(page, "app-first-render");
    await page.goto(floor.base);
    await done;
    loads.push(await page.evaluate(() => performance.getEntriesByName("app-first-render")[0].startTime));
    shown.push(await painted(page, "floor"));
    if (problems.length) throw new Error(problems.join("\n"));
    await page.close();
  }
  await floor.stop();
  rmSync(dir, { recursive: true, force: true });
  results["P5 floor: the page's stylesheets and no script, to its first frame (ms)"] = stats(loads);
  results["P5 floor: … to its heading painted (ms)"] = stats(shown);
}

// P6: the step link's first render on Chrome DevTools' throttling (1.6 Mbps down, 750 kbps up,
// 150 ms round trip, 4x CPU slowdown), served gzipped as a static host serves it, each time in
// a fresh context (nothing cached).
{
  const gz = await start({ gzip: true });
  const loads = [];
  for (let i = 0; i < THROTTLED_LOADS; i++) {
    const { page, problems } = await gz.page({ width: 1280, height: 800 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await reportMarks(page);
    const done = reported(page, "app-first-render");
    await page.goto(gz.base + STEP_LINK, { timeout: 60000 });
    await done;
    loads.push(await page.evaluate(() => performance.getEntriesByName("app-first-render")[0].startTime));
    if (problems.length) throw new Error(problems.join("\n"));
    await page.close();
  }
  await gz.stop();
  results["P6 throttled first render of a step link, gzipped (ms)"] = { link: STEP_LINK, ...stats(loads) };
}

// P3b: every kind of legal link, from navigation to interactive (the first render, and for a
// long run its generation and the render after it): the longest main-thread task (Long Tasks
// API, observed from the document's start).
{
  const links = [
    ["a preset's step (first module)", STEP_LINK],
    ["the root page (the whole app, the tour's offer)", ""],
    ["a variant of a preset (o=)", `?v=1&m=${MODEL}&s=s8&o=zone.free:40&step=40`],
    ["the compare view of 65,536 frames", `?v=1&m=${MODEL}&s=big&mode=callback&view=compare&step=3000`],
    ["65,536 frames at step 5,000 (a long run by its estimate: whole app)", `?v=1&m=${MODEL}&s=big&mode=callback&step=5000`],
    ["a tour stop", `?tour=5`],
    [`the largest legal run (${SMOKE ? "smoke: 100" : "1,280"} bios, generated in slices)`, linkTo(large(SMOKE ? 100 : 1280))],
  ];
  // Each link loaded P3B_LOADS times in a fresh context: a task's length depends on what else
  // the machine's two cores do, so each row gives the median and the worst load.
  const rows = {};
  for (const [name, query] of links) {
    const longest = [];
    const cpu = [];
    const interactive = [];
    let module = null;
    for (let i = 0; i < P3B_LOADS; i++) {
      const { page, problems } = await env.page({ width: 1280, height: 800 });
      await watchLongTasks(page);
      await reportMarks(page);
      // Every panel rendered: for a long run, after its generation (web/src/hooks/stages.rs).
      const complete = reported(page, "app-complete-render");
      await env.browser.startTracing(page, { categories: TRACE });
      await page.goto(env.base + query);
      await complete;
      await ready(page);
      await page.waitForTimeout(500);
      const long = await page.evaluate(() => window.__long.map((t) => Math.round(t.duration)));
      interactive.push(Math.round(await page.evaluate(() => performance.now())) - 500);
      longest.push(Math.max(0, ...long));
      cpu.push(longestTasks(await env.browser.stopTracing(), new URL(env.base).origin).cpu);
      module = (await page.getAttribute(".app", "data-module")) === "first" ? "first" : "whole app";
      if (problems.length) throw new Error(problems.join("\n"));
      await page.close();
    }
    const l = stats(longest);
    const c = stats(cpu);
    rows[name] = {
      loads: longest.length,
      longest_task_ms: { median: l.median, max: l.max },
      loads_with_a_task_over_50ms: longest.filter((d) => d > 50).length,
      // The same loads traced: the longest task by the main thread's CPU time.
      longest_task_cpu_ms: { median: c.median, max: c.max },
      loads_with_a_task_over_50ms_cpu: cpu.filter((d) => d > 50).length,
      interactive_ms: stats(interactive).median,
      module,
    };
  }
  results["P3b navigation to interactive, every kind of link"] = rows;
}

// P3b and M: the largest legal scenario from a link: generation time, long tasks while it
// generates, then the JS heap and the WebAssembly memory.
{
  const { page, problems } = await env.page({ width: 1280, height: 800 });
  await watchLongTasks(page);
  await page.goto(env.base + linkTo(large(SMOKE ? 100 : 1280)));
  await page.waitForFunction(() => performance.getEntriesByName("generate-end").length > 0, null, { timeout: 120000 });
  await page.waitForFunction(() => document.documentElement.dataset.wasmBytes);
  await page.waitForTimeout(300);
  const r = await page.evaluate(() => {
    const [s] = performance.getEntriesByName("generate-start");
    const [e] = performance.getEntriesByName("generate-end");
    const during = window.__long.filter((t) => t.start + t.duration > s.startTime && t.start < e.startTime);
    return {
      events: Number(document.querySelector(".step-n").textContent.match(/\/ (\d+)/)[1]),
      generate_ms: e.startTime - s.startTime,
      longest_task_while_generating_ms: Math.max(0, ...during.map((t) => t.duration)),
      // The page's first render of the generated run, after generation.
      longest_task_after_ms: Math.max(0, ...window.__long.filter((t) => t.start >= e.startTime).map((t) => t.duration)),
      js_heap_bytes: performance.memory?.usedJSHeapSize ?? null,
      wasm_memory_bytes: Number(document.documentElement.dataset.wasmBytes),
    };
  });
  results["P3b/M largest legal scenario from a link"] = r;
  if (problems.length) throw new Error(problems.join("\n"));
  await page.close();
}

await env.stop();
mkdirSync("target/bench", { recursive: true });
writeFileSync("target/bench/browser.json", JSON.stringify(results, null, 2));
for (const [k, v] of Object.entries(results)) console.log(`${k}: ${JSON.stringify(v)}`);
