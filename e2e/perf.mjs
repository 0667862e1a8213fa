// Step-render time in headless Chromium, with the Performance API: the app marks `step-start`
// when a step action is reduced and measures `step-render` after the render and the frame
// map's canvas effect. Prints median and p95 per scenario and writes target/e2e/perf.json.
// Usage: make bench-web   (needs a release build in dist/)
import { writeFileSync } from "node:fs";
import { start, SHOTS } from "./harness.mjs";

const RUNS = [
  { name: "s1 (1,024 frames)", query: "?s=s1&mode=list", steps: 25 },
  { name: "big (65,536 frames)", query: "?s=big&mode=callback", steps: 200 },
];

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

const env = await start();
const results = {};
for (const run of RUNS) {
  const { page, problems } = await env.page({ width: 1280, height: 720 });
  await page.goto(env.base + run.query);
  await page.waitForSelector(".phase-strip");
  for (const [key, label] of [["ArrowRight", "forward"], ["ArrowLeft", "back"]]) {
    await page.evaluate(() => performance.clearMeasures("step-render"));
    for (let i = 0; i < run.steps; i++) {
      await page.keyboard.press(key);
      // Wait for the measure of this step: the render has happened.
      await page.waitForFunction((n) => performance.getEntriesByName("step-render").length >= n, i + 1);
    }
    const durations = await page.evaluate(() => performance.getEntriesByName("step-render").map((e) => e.duration));
    results[`${run.name}, ${label}`] = stats(durations);
  }
  if (problems.length) throw new Error(problems.join("\n"));
  await page.close();
}
await env.stop();
for (const [k, v] of Object.entries(results)) {
  console.log(`${k.padEnd(36)} n=${v.n}  median ${v.median.toFixed(2)} ms  p95 ${v.p95.toFixed(2)} ms  max ${v.max.toFixed(2)} ms`);
}
writeFileSync(`${SHOTS}/perf.json`, JSON.stringify(results, null, 2));
