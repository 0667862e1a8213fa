// "From /proc…" (issue 20): paste a captured /proc/zoneinfo and /proc/buddyinfo, pick a zone,
// run it to its end, copy the link and reopen it; the text account of the run is the one the
// CLI prints for `bulkpool import` of the same files.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { start, SHOTS, MODEL } from "./harness.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const CLIP = { permissions: ["clipboard-read", "clipboard-write"] };
/// RHEL 8.0's capture (allocator/tests/proc/README.md): its Normal zone fits the model as is.
const CAPTURE = "allocator/tests/proc/4.18.0-80.11.2.el8_0.x86_64";
const CLI = process.env.BULKPOOL_CLI ?? "target/debug/bulkpool";

test("paste two captured files, pick a zone, run, copy the link, reopen it", async () => {
  const { page, problems } = await env.page({ width: 1280, height: 800 }, CLIP);
  await page.goto(env.base + `?v=1&m=${MODEL}&s=s1`);
  await page.waitForSelector(".bar");
  await page.click(".import-button");
  await page.waitForSelector("[role=dialog].import");
  await page.fill(".zoneinfo-text", readFileSync(`${CAPTURE}/zoneinfo`, "utf8"));
  await page.fill(".buddyinfo-text", readFileSync(`${CAPTURE}/buddyinfo`, "utf8"));
  const zones = await page.$$eval("#import-zone option", (o) => o.map((x) => [x.value, x.textContent]));
  assert.deepEqual(zones, [
    ["0:DMA", "node 0 DMA · 3977 pages"],
    ["0:DMA32", "node 0 DMA32 · 995127 pages"],
    ["0:Normal", "node 0 Normal · 1042033 pages"],
  ]);
  // DMA is refused with the layout's reason; Normal imports.
  await page.selectOption("#import-zone", "0:DMA");
  await page.waitForFunction(() => /does not fit the model/.test(document.querySelector(".import-error").textContent));
  assert.equal(await page.$eval(".import-run", (b) => b.disabled), true);
  await page.selectOption("#import-zone", "0:Normal");
  await page.waitForFunction(() => document.querySelector(".import-error").textContent === "");
  await page.click(".import-notes summary");
  assert.match(await page.textContent(".import-notes"), /F = 10852 free pages from buddyinfo line 3/);
  await page.screenshot({ path: `${SHOTS}/import-dialog.png` });
  await page.click(".import-run");
  await page.waitForFunction(() => !document.querySelector("[role=dialog]") && location.search.includes("c="));
  // Yew renders in passes of ~16 ms: the address bar can be written before the header is.
  await page.waitForFunction(() => document.querySelector("#scenario-summary").textContent.includes("custom scenario"));
  assert.match(await page.textContent("#scenario-summary"), /custom scenario “node 0 Normal \(\/proc\)”: Imported from \/proc\/zoneinfo and \/proc\/buddyinfo: zone Normal of node 0/);

  // Run it to its end: on this zone the RFC's bulk call fails its zone check (F is just under
  // low), and the bio comes from the pool's reserve.
  await page.keyboard.press("End");
  const outcome = await page.textContent(".outcome-text");
  assert.match(outcome, /kcryptd got 256 pages \(1 from the page allocator, 255 from the reserve\)/);

  // Copy the link; it is the page's address, and a fresh page opens the same run.
  await page.click(".share-menu summary");
  await page.click(".share-menu .copy-link");
  await page.waitForSelector(".share-status:not(:empty)");
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, page.url());
  assert.match(link, /[?&]c=/);

  // The whole run as text is the CLI's account of the same files.
  await page.click(".share-menu summary");
  await page.click(".share-menu .copy-run");
  await page.waitForFunction(() => /whole run/.test(document.querySelector(".share-status").textContent));
  const run = await page.evaluate(() => navigator.clipboard.readText());
  // The title, wrapped at 72 columns.
  const title = run.split("\n").slice(0, 2).join(" ").replace(/ +/g, " ");
  assert.match(title, /^bulkpool m=\d+: node 0 Normal \(\/proc\) \(list delivery; Yang Shi RFC, Oct 2022\)/);
  if (existsSync(CLI)) {
    const dir = mkdtempSync(join(tmpdir(), "bulkpool-import-"));
    const json = execFileSync(CLI, ["import", "--zoneinfo", `${CAPTURE}/zoneinfo`, "--buddyinfo", `${CAPTURE}/buddyinfo`, "--zone", "Normal"], { stdio: ["ignore", "pipe", "ignore"] });
    writeFileSync(join(dir, "normal.json"), json);
    const cli = execFileSync(CLI, ["run", join(dir, "normal.json")]).toString();
    rmSync(dir, { recursive: true, force: true });
    // The same account; the page's copy ends with its link.
    assert.equal(run.split("\n\nLink")[0], cli.trimEnd());
  }
  {
    // The link at the end of the copy, whole on its own line (a mail client would break it
    // anywhere else), is the page's link to the run.
    const last = run.split("\n\nLink:\n")[1];
    assert.equal(last, `${link.replace(/&step=\d+/, "")}\n`);
  }

  const again = await env.page({ width: 1280, height: 800 });
  await again.page.goto(link);
  await again.page.waitForSelector(".bar");
  // A user's scenario (c=) opens in the whole app, which loads and takes the page over.
  await again.page.waitForFunction(() => /custom scenario “node 0 Normal \(\/proc\)”/.test(document.querySelector("#scenario-summary")?.textContent ?? ""));
  assert.match(await again.page.textContent("#scenario-summary"), /custom scenario “node 0 Normal \(\/proc\)”/);
  assert.equal(await again.page.textContent(".outcome-text"), outcome, "the link opens the same run at its last step");
  assert.deepEqual(again.problems, []);
  assert.deepEqual(problems, []);
});

test("another /proc file is refused naming its line, and Escape leaves the page as it was", async () => {
  const { page, problems } = await env.page();
  await page.goto(env.base + `?v=1&m=${MODEL}&s=s5&step=3`);
  await page.waitForSelector(".bar");
  const before = page.url();
  await page.click(".import-button");
  await page.fill(".zoneinfo-text", "MemTotal:        8046464 kB\nMemFree:          296128 kB\n");
  await page.fill(".buddyinfo-text", readFileSync(`${CAPTURE}/buddyinfo`, "utf8"));
  await page.waitForFunction(() => document.querySelector(".import-error").textContent !== "");
  assert.equal(await page.textContent(".import-error"),
    "zoneinfo line 1: `MemTotal:        8046464 kB` comes before any `Node <n>, zone <name>` line: is this /proc/zoneinfo?");
  await page.keyboard.press("Escape");
  assert.equal(await page.$("[role=dialog]"), null);
  assert.equal(page.url(), before);
  assert.match(await page.textContent("#scenario-summary"), /^s5 — /);
  assert.deepEqual(problems, []);
});

for (const scheme of ["light", "dark"]) {
  test(`at 390 px the dialog fits the phone, and axe-core finds no serious problem in it (${scheme})`, async () => {
    const { page, problems } = await env.page({ width: 390, height: 800 }, { colorScheme: scheme });
    await page.goto(env.base + `?v=1&m=${MODEL}&s=s1`);
    await page.waitForSelector(".bar");
    await page.click(".import-button");
    // This machine's capture: its Normal zone needs a scale, so the long refusal is shown.
    const mine = "allocator/tests/proc/6.18.44-fc-v1272";
    await page.fill(".zoneinfo-text", readFileSync(`${mine}/zoneinfo`, "utf8"));
    await page.fill(".buddyinfo-text", readFileSync(`${mine}/buddyinfo`, "utf8"));
    await page.waitForFunction(() => /scaled ×1\/2/.test(document.querySelector(".import-error").textContent));
    await page.fill(".import-scale", "2");
    await page.waitForSelector(".import-notes");
    await page.click(".import-notes summary");
    const wide = await page.evaluate(() => {
      const bad = [];
      const vw = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth > vw) bad.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
      const d = document.querySelector("[role=dialog]").getBoundingClientRect();
      for (const el of document.querySelectorAll("[role=dialog] *")) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.left < d.left - 1 || r.right > d.right + 1)) bad.push(`${el.className} spans ${Math.round(r.left)}..${Math.round(r.right)} of ${Math.round(d.left)}..${Math.round(d.right)}`);
      }
      return bad.slice(0, 6);
    });
    assert.deepEqual(wide, []);
    await page.screenshot({ path: `${SHOTS}/import-dialog-390-${scheme}.png` });
    await page.addScriptTag({ path: "node_modules/axe-core/axe.min.js" });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    const bad = result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    assert.deepEqual(bad, []);
    assert.deepEqual(problems, []);
  });
}
