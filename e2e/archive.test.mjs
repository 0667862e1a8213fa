// Links that keep their meaning: two models in one site, assembled the way a deployment is.
// The release build in dist/ (this model) is deployed first (scripts/site.sh); then the next
// model (e2e/next_model.mjs: the model bumped, one output changed) is deployed over it with
// --restore from the first site, served over HTTP as GitHub Pages would serve it. An old-model
// link at the root says so first and opens in the archived build, which shows the old state;
// a current link says nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { start, SHOTS } from "./harness.mjs";
import { serve } from "./server.mjs";
import { nextModel } from "./next_model.mjs";

const PREFIX = "/bulkpool/";
const OLD = "target/e2e-archive/old";
const SITE = "target/e2e-archive/site";
let env;
let first;
let next;
let model;

/// scripts/site.sh, without blocking this process: it may fetch from a server running here.
function site(args) {
  return new Promise((ok, fail) => {
    const child = spawn("scripts/site.sh", args, { stdio: ["ignore", "inherit", "inherit"] });
    child.on("exit", (code) => (code === 0 ? ok() : fail(new Error(`site.sh ${args.join(" ")}: exit ${code}`))));
  });
}

before(async () => {
  model = Number(readFileSync("dist/index.html", "utf8").match(/name="bulkpool-model" content="(\d+)"/)[1]);
  next = nextModel();
  assert.equal(next.model, model + 1);
  rmSync("target/e2e-archive", { recursive: true, force: true });
  // The first deployment: this build, nothing to restore.
  await site(["--dist", "dist", "--out", OLD]);
  first = await serve(OLD, PREFIX);
  // The next one, restoring the archive from the deployed first.
  const url = `http://127.0.0.1:${first.address().port}${PREFIX}`;
  await site(["--dist", next.dist, "--out", SITE, "--restore", url, "--base", "https://example.org/bulkpool/"]);
  process.env.DIST = SITE;
  env = await start();
});
after(async () => {
  await env?.stop();
  first?.close();
});

test("two deployments keep both models: the root and m/<model>/ for each", async () => {
  for (const path of ["index.html", `m/${model}/index.html`, `m/${next.model}/index.html`, "m/manifest.txt"]) {
    assert.ok(existsSync(`${SITE}/${path}`), path);
  }
  const root = readFileSync(`${SITE}/index.html`, "utf8");
  assert.match(root, new RegExp(`name="bulkpool-model" content="${next.model}"`));
  assert.match(root, new RegExp(`name="bulkpool-archives" content="${model} ${next.model}"`));
  assert.match(root, /name="bulkpool-archive-base" content="m\/"/);
  const old = readFileSync(`${SITE}/m/${model}/index.html`, "utf8");
  assert.match(old, new RegExp(`name="bulkpool-model" content="${model}"`));
  assert.match(old, /name="bulkpool-archive-base" content="\.\.\/"/);
  const manifest = readFileSync(`${SITE}/m/manifest.txt`, "utf8").split("\n").filter(Boolean);
  assert.ok(manifest.includes(`${model}/index.html`) && manifest.includes(`${next.model}/index.html`));
  // Re-deploying adds, never removes: a third run without --restore keeps what is there.
  await site(["--dist", next.dist, "--out", SITE]);
  assert.ok(existsSync(`${SITE}/m/${model}/index.html`), "the old model is still archived");
});

test("an old-model link says so first and opens in its archived build, which shows the old state", async () => {
  const { page, problems } = await env.page({ width: 1280, height: 800 });
  const query = `?v=1&m=${model}&s=s5&mode=list&step=36`;
  await page.goto(env.base + query);
  await page.waitForSelector(".model-notice");
  // Before anything else: the notice is the app's first child.
  assert.equal(await page.$eval(".app", (a) => a.firstElementChild.className), "model-notice");
  // One sentence, then every change behind a disclosure, closed; none of them names s5.
  assert.equal(await page.textContent(".model-notice .model-text"), `This link was made with model ${model}; 1 change since then, none of them about s5. No step of any preset moved.`);
  assert.equal(await page.$(".model-notice .model-about"), null);
  assert.equal(await page.$eval(".model-changes", (d) => d.open), false);
  assert.deepEqual(await page.$$eval(".model-changes li", (ls) => ls.map((l) => l.textContent)), ["e2e: a sleep on the pool is narrated as a doze."]);
  // The new model's own narration; the address bar holds this model's link to what is shown.
  assert.match(await page.textContent(".narration"), /joins the pool's wait queue and dozes/);
  await page.waitForFunction((m) => location.search.startsWith(`?v=1&m=${m}&`), next.model);
  await page.screenshot({ path: `${SHOTS}/archive-notice.png` });
  await page.click(".open-archive");
  await page.waitForURL(`${env.base}m/${model}/${query}`);
  await page.waitForSelector(".narration");
  assert.match(await page.textContent(".narration"), /joins the pool's wait queue and sleeps/, "the old state");
  assert.equal(await page.$(".model-notice"), null, "the archived build made this link: nothing to say");
  assert.match(await page.textContent(".footer"), new RegExp(`model ${model} `));
  assert.deepEqual(problems, []);
});

test("a current link, the start page and a tour stop say nothing; Stay dismisses the notice; a model the site keeps no build of says so", async () => {
  const { page, problems } = await env.page();
  await page.goto(`${env.base}?v=1&m=${next.model}&s=s5&mode=list&step=36`);
  await page.waitForSelector(".narration");
  assert.equal(await page.$(".model-notice"), null);
  // The start page and a tour stop's own link (?tour=N) are no link of any model.
  for (const query of ["", "?tour=3"]) {
    await page.goto(`${env.base}${query}`);
    await page.waitForSelector(".narration");
    assert.equal(await page.$(".model-notice"), null, `no notice at '${query}'`);
  }
  // Links made before m= are model 1, which this site never archived.
  await page.goto(`${env.base}?v=1&s=s5&mode=list&step=36`);
  await page.waitForSelector(".model-notice");
  // The changes since model 1 that name s5 come first, in the open; all of them behind the
  // disclosure.
  assert.match(await page.textContent(".model-notice .model-text"), /^This link was made with model 1; \d+ changes since then, 1 of them about s5\. The step shown may differ\.$/);
  const about = await page.$$eval(".model-about li", (ls) => ls.map((l) => l.textContent));
  assert.equal(about.length, 1);
  assert.match(about[0], /^s5 under 6\.19: /);
  assert.ok((await page.$$(".model-changes li")).length > 1);
  assert.equal(await page.$(".open-archive"), null);
  assert.match(await page.textContent(".no-archive"), /keeps no build of model 1/);
  await page.click(".model-notice .stay");
  assert.equal(await page.$(".model-notice"), null);
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => location.search.includes("step=37"));
  assert.match(page.url(), new RegExp(`\\?v=1&m=${next.model}&s=s5&mode=list&step=37$`), "moving writes this model's link");
  assert.deepEqual(problems, []);
});
