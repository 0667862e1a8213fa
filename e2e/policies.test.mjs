// The design space (issue 19): a design choice toggled in Policies… re-runs the scenario as a
// labelled what-if whose link records it (p=); the compare view lays lanes out by one choice;
// the design matrix's rows open their runs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, SHOTS, MODEL } from "./harness.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test("toggling a choice makes a labelled what-if whose link keeps it", async () => {
  const { page, problems } = await env.page({ width: 1280, height: 900 });
  await page.goto(`${env.base}?v=1&m=${MODEL}&s=s8c&mode=list&sem=rfc-2022`);
  await page.waitForSelector(".policies");
  await page.click(".policies > summary");
  await page.selectOption('.policies select[data-axis="drain"]', "all-or-nothing");
  await page.waitForFunction(() => location.search.includes("p=drain:all-or-nothing"));
  assert.match(await page.textContent(".policies .what-if-label"), /^what-if: drain all-or-nothing \(as v6\.19\)$/);
  // A what-if is a variant of the preset: its description is the preset's, which it may no
  // longer fit, and the tab says so.
  assert.match(await page.textContent("#scenario-summary"), /^variant s8c \+ drain=all-or-nothing: s8c's own description, which the changes may no longer fit: /);
  assert.match(await page.title(), /^s8c variant /);
  await page.keyboard.press("End");
  await page.waitForSelector(".narration .outcome-badge");
  assert.equal(await page.textContent(".narration .outcome-badge"), "completed", "all or nothing ends the RFC's deadlock");
  await page.screenshot({ path: `${SHOTS}/policies-what-if.png` });
  const what_if = await page.evaluate(() => location.search);
  // Back to the version's own choices.
  await page.click(".policies-reset");
  await page.waitForFunction(() => !/[?&]p=/.test(location.search));
  // The link opens the same what-if in a fresh page.
  const again = await env.page({ width: 1280, height: 900 });
  await again.page.goto(`${env.base}${what_if}`);
  await again.page.waitForSelector(".policies.what-if");
  assert.match(await again.page.textContent(".policies .what-if-label"), /drain all-or-nothing/);
  assert.deepEqual(problems, []);
  assert.deepEqual(again.problems, []);
});

test("the compare view by policy: one lane per value, each with its outcome", async () => {
  const { page, problems } = await env.page({ width: 1600, height: 1000 });
  await page.goto(`${env.base}?v=1&m=${MODEL}&s=s8c&mode=list&sem=rfc-2022&view=policy-drain`);
  await page.waitForSelector(".compare .lane");
  await page.keyboard.press("End");
  await page.waitForSelector(".lane[data-lane='all-or-nothing'] .outcome-badge");
  const ended = await page.$$eval(".compare .lane", (ls) => ls.map((l) => [l.dataset.lane, l.dataset.outcome]));
  assert.deepEqual(ended, [["partial", "deadlock"], ["all-or-nothing", "completed"]]);
  assert.match(await page.textContent(".lane[data-lane='all-or-nothing'] h3"), /drain: all-or-nothing \(what-if\)/);
  assert.deepEqual(problems, []);
});

test("a design matrix row opens its run", async () => {
  const { page, problems } = await env.page({ width: 1600, height: 1000 });
  await page.goto(`${env.base}?v=1&m=${MODEL}&s=s8c&mode=list&sem=rfc-2022`);
  await page.waitForSelector(".bar");
  await page.click(".explore-toggle");
  await page.waitForSelector(".matrix");
  await page.check('.matrix-axis input[value="drain"]');
  await page.check('.matrix-axis input[value="serial"]');
  await page.click(".matrix-build");
  await page.waitForSelector(".matrix-table");
  const rows = await page.$$eval(".matrix-row", (rs) => rs.map((r) => [r.dataset.policy, r.querySelector("[data-outcome]").dataset.outcome]));
  assert.deepEqual(rows, [
    ["", "deadlock"], ["serial:all", "completed"], ["serial:none", "deadlock"],
    ["drain:all-or-nothing", "completed"], ["drain:all-or-nothing,serial:all", "completed"], ["drain:all-or-nothing,serial:none", "completed"],
  ]);
  await page.locator(".matrix").screenshot({ path: `${SHOTS}/design-matrix.png` });
  await page.click('.matrix-row[data-policy="serial:all"]');
  await page.waitForFunction(() => location.search.includes("p=serial:all"));
  assert.match(await page.textContent(".policies .what-if-label"), /serial all/);
  assert.deepEqual(problems, []);
});
