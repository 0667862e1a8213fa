import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, SHOTS } from "./harness.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test("the built site renders under a sub-path and responds to a click", async () => {
  const { page, problems } = await env.page();
  await page.goto(env.base);
  await page.waitForSelector("h1");
  assert.equal(await page.title(), "bulkpool");
  assert.equal(await page.textContent("h1"), "bulkpool");
  assert.equal(await page.textContent(".gfp-name"), "GFP_KERNEL");
  await page.click(".next-gfp");
  await page.waitForFunction(() => document.querySelector(".gfp-name").textContent === "GFP_NOFS");
  assert.match(await page.textContent(".gfp-flags"), /DIRECT_RECLAIM/);
  await page.screenshot({ path: `${SHOTS}/app.png` });
  assert.deepEqual(problems, []);
});
