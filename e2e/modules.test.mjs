// The two WebAssembly modules (issue 18, web/src/lite.rs and full.rs), on the site served under
// a sub-path: a link to a preset's step is rendered by the first module alone, without
// fetching the whole app; the first use of anything else fetches it once and it takes the
// page over at the same view; a link the first module does not show opens in the whole app.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { start } from "./harness.mjs";

const M = readFileSync(`${process.env.DIST ?? "dist"}/index.html`, "utf8").match(/name="bulkpool-model" content="(\d+)"/)[1];
let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });
afterEach(async () => { await env?.closePages(); });

/// The page, and the .wasm files it has fetched so far.
async function open(query) {
  const { page, problems, expect } = await env.page({ width: 1280, height: 800 });
  const wasm = [];
  page.on("request", (r) => { if (r.url().endsWith(".wasm")) wasm.push(r.url().split("/").pop()); });
  await page.goto(env.base + query);
  await page.waitForSelector(".bar");
  return { page, problems, wasm, expect };
}

test("a preset's step link renders in the first module, which fetches the whole app only when it is needed", async () => {
  const { page, problems, wasm } = await open(`?v=1&m=${M}&s=s5&mode=list&step=36`);
  assert.equal(await page.getAttribute(".app", "data-module"), "first");
  assert.match(await page.textContent(".step-n"), /^step 36 \/ 78/);
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => location.search.endsWith("step=37"));
  await page.waitForTimeout(200);
  // Trunk writes its hash in hex without leading zeros: 15 digits or fewer in one build of 16.
  assert.deepEqual(wasm.map((w) => w.replace(/-[0-9a-f]{1,16}_bg/, "-<hash>_bg")), ["bulkpool-web-<hash>_bg.wasm"], "only the first module");
  // The help: the whole app is fetched once, takes the page over at the same step, and opens it.
  await page.click(".help-button");
  await page.waitForSelector(".help-tab");
  assert.equal(await page.$(".app[data-module=first]"), null, "the first module's app is gone");
  assert.equal((await page.$$(".app")).length, 1, "one app on the page");
  assert.match(await page.textContent(".step-n"), /^step 37 \/ 78/);
  assert.equal(wasm.filter((w) => w.startsWith("bulkpool-extra-")).length, 1, "the whole app fetched once");
  assert.match(page.url(), /step=37/);
  assert.deepEqual(problems, []);
});

test("another preset and then Explore work from the first module", async () => {
  const { page, problems } = await open(`?v=1&m=${M}&s=s8&mode=list&step=10`);
  assert.equal(await page.getAttribute(".app", "data-module"), "first");
  // Another preset in the picker: still the first module.
  await page.selectOption("#scenario", "s3");
  await page.waitForFunction(() => location.search.includes("s=s3"));
  assert.equal(await page.getAttribute(".app", "data-module"), "first");
  await page.click(".explore-toggle");
  await page.waitForSelector(".explore");
  assert.equal(await page.getAttribute(".explore-toggle", "aria-pressed"), "true");
  assert.match(page.url(), /s=s3/);
  assert.deepEqual(problems, []);
});

test("a link the first module does not show exactly as the whole app would opens in the whole app", async () => {
  for (const query of [`?v=1&m=${M}&s=s8&o=zone.free:40`, `?v=1&m=${M}&s=s5&view=compare`, ""]) {
    const { page, problems } = await open(query);
    assert.notEqual(await page.getAttribute(".app", "data-module"), "first", query);
    assert.deepEqual(problems, []);
  }
});

test("with saved scenarios, the first module renders a step link, then the whole app takes over to list them under Mine", async () => {
  const { page, problems, wasm } = await open(`?v=1&m=${M}&s=s5&o=zone.free:30&mode=list`);
  await page.click(".mine-button");
  await page.fill(".save-name", "free 30");
  await page.click(".save-form .save");
  await page.waitForSelector(".saved[data-name='free 30']");
  // Whether the first module's app was ever on the page, watched from the document's start.
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.querySelector(".app[data-module=first]")) window.firstModuleShown = true;
    }).observe(document, { childList: true, subtree: true });
  });
  wasm.length = 0;
  await page.goto(`${env.base}?v=1&m=${M}&s=s5&mode=list&step=36`);
  await page.waitForSelector("#scenario optgroup[label=Mine]", { state: "attached" });
  assert.equal(await page.evaluate(() => window.firstModuleShown), true, "the first render was the first module's");
  // The whole app was asked for (its JavaScript module, imported at once) only once the first
  // module's screen was complete.
  const [complete, fetched] = await page.evaluate(() => [
    performance.getEntriesByName("app-complete-render")[0]?.startTime,
    performance.getEntriesByType("resource").find((r) => /bulkpool-extra-[0-9a-f]+\.js$/.test(r.name))?.startTime,
  ]);
  assert.ok(complete > 0 && fetched > complete, `the whole app asked for at ${fetched} ms, the first screen complete at ${complete} ms`);
  assert.equal(await page.$(".app[data-module=first]"), null, "then the whole app took over");
  assert.deepEqual(await page.$$eval("#scenario optgroup[label=Mine] option", (o) => o.map((x) => x.textContent)), ["free 30"]);
  assert.match(await page.textContent(".step-n"), /^step 36 \/ 78/);
  assert.match(page.url(), /s=s5&mode=list&step=36$/);
  assert.equal(wasm.filter((w) => w.startsWith("bulkpool-extra-")).length, 1, "the whole app fetched once");
  assert.deepEqual(problems, []);
});

test("the whole app failing to load says so once, and the next click tries again", async () => {
  for (const part of ["js", "wasm"]) {
    const { page, problems, expect } = await open(`?v=1&m=${M}&s=s5&mode=list&step=36`);
    // The network drops the whole app's JavaScript or WebAssembly twice, then comes back.
    let dropped = 0;
    const file = part === "js" ? /bulkpool-extra-[0-9a-f]+\.js(\?|$)/ : /bulkpool-extra-[0-9a-f]+_bg\.wasm(\?|$)/;
    await page.route(file, (route) => (dropped++ < 2 ? route.abort("internetdisconnected") : route.continue()));
    expect(/ERR_INTERNET_DISCONNECTED|Failed to fetch|dynamically imported module|Failed to load resource/);
    for (let attempt = 1; attempt <= 2; attempt++) {
      await page.click(".help-button");
      await page.waitForFunction((n) => document.querySelector(".load-failed")?.dataset.attempts === String(n), attempt);
      assert.equal((await page.$$(".load-failed")).length, 1, `${part}, attempt ${attempt}: one notice, not one per failure`);
      assert.match(await page.textContent(".load-failed"), /could not be loaded .*Check the connection and try again/, part);
      assert.equal(await page.getAttribute(".app", "data-module"), "first", "the first module's page stays");
    }
    // The third click: the whole app loads, takes over at the same step, and the notice goes.
    await page.click(".help-button");
    await page.waitForSelector(".help-tab");
    assert.equal(dropped, 3, `${part}: fetched again at each click`);
    assert.equal(await page.$(".load-failed"), null, "the notice is gone");
    assert.match(await page.textContent(".step-n"), /^step 36 \/ 78/);
    assert.ok(problems.length > 0, "the failures were logged");
  }
});
