// A smoke test of the release build in WebKit, Safari's engine: Debian's WebKitGTK MiniBrowser
// driven by its own WebDriver server (WebKitWebDriver) in a virtual X display (xvfb-run),
// over plain W3C WebDriver from Node's fetch. A step link renders its step, → steps, Copy as
// text gives the CLI's text, and nothing errs (a script the server puts first in the page
// collects console errors, uncaught exceptions and rejected promises: WebDriver has no log).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { serve } from "./server.mjs";

const PREFIX = "/bulkpool/";
const SHOTS = "target/e2e";
const DRIVER = process.env.WEBKIT_DRIVER ?? "/usr/bin/WebKitWebDriver";
const BROWSER = process.env.WEBKIT_BROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const CLI = process.env.BULKPOOL_CLI ?? "target/debug/bulkpool";
const DIST = process.env.DIST ?? "dist";
const WATCH = `window.__errors = [];
const __err = console.error.bind(console);
console.error = (...a) => { window.__errors.push("console: " + a.map(String).join(" ")); __err(...a); };
addEventListener("error", (e) => window.__errors.push("uncaught: " + e.message));
addEventListener("unhandledrejection", (e) => window.__errors.push("rejection: " + e.reason));`;

let server;
let driver;
let wd;
let session;
let base;

const freePort = () => new Promise((ok) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); });
});

async function call(method, path, body) {
  const r = await fetch(`${wd}${path}`, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
  const json = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}
const run = (script, ...args) => call("POST", `/session/${session}/execute/sync`, { script, args });
const find = (css) => call("POST", `/session/${session}/element`, { using: "css selector", value: css }).then((e) => Object.values(e)[0]);
const click = async (css) => call("POST", `/session/${session}/element/${await find(css)}/click`, {});

/// Polls `script` until it returns something truthy, or fails after 15 s with its last value.
async function until(script, what) {
  let last;
  for (let i = 0; i < 150; i++) {
    last = await run(script);
    if (last) return last;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.fail(`${what}: still ${JSON.stringify(last)}`);
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await serve(DIST, PREFIX, { head: WATCH });
  base = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  const port = await freePort();
  wd = `http://127.0.0.1:${port}`;
  // Its own process group, so that the driver, the browser and Xvfb stop together.
  driver = spawn("xvfb-run", ["-a", DRIVER, `--port=${port}`], { detached: true, stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await (await fetch(`${wd}/status`)).json()).value.ready) break;
    } catch { /* not up yet */ }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const s = await call("POST", "/session", {
    capabilities: { alwaysMatch: { "webkitgtk:browserOptions": { binary: BROWSER, args: ["--automation"] } } },
  });
  session = s.sessionId;
  console.log(`WebKit: ${s.capabilities.browserName} ${s.capabilities.browserVersion}`);
});
after(async () => {
  if (session) await call("DELETE", `/session/${session}`).catch(() => {});
  if (driver?.pid && driver.exitCode === null) {
    const exited = new Promise((ok) => driver.once("exit", ok));
    try { process.kill(-driver.pid, "SIGTERM"); } catch { /* already gone */ }
    await exited;
  }
  server?.close();
});

test("WebKit: a step link renders its step, → steps, Copy as text gives the CLI's text, nothing errs", async () => {
  const model = readFileSync(`${DIST}/index.html`, "utf8").match(/name="bulkpool-model" content="(\d+)"/)[1];
  const query = `?v=1&m=${model}&s=s5&mode=list&step=36`;
  await call("POST", `/session/${session}/url`, { url: base + query });
  const agent = await run("return navigator.userAgent");
  assert.match(agent, /AppleWebKit\/[\d.]+/, agent);
  assert.doesNotMatch(agent, /Chrome|Firefox/, agent);
  assert.match(await until(`const s = document.querySelector(".step-n"); return s && s.textContent.startsWith("step 36 ") && s.textContent`, "step 36"), /^step 36 \/ 78\b/);
  await until(`return document.title === "s5 step 36 — bulkpool"`, "the tab's title");
  assert.match(await run(`return document.querySelector(".narration").textContent`), /joins the pool's wait queue and sleeps/);

  await call("POST", `/session/${session}/actions`, {
    actions: [{ type: "key", id: "k", actions: [{ type: "keyDown", value: "\uE014" }, { type: "keyUp", value: "\uE014" }] }],
  });
  await until(`return document.querySelector(".step-n").textContent.startsWith("step 37 ")`, "step 37 after →");
  await until(`return location.search.includes("step=37")`, "the link follows the step");

  // Copy this step as text: what the page hands the clipboard, or shows where it cannot.
  await run(`if (navigator.clipboard) navigator.clipboard.writeText = (t) => { window.__copied = t; return Promise.resolve(); };`);
  await click(".share-menu summary");
  // The menu comes with the whole app, loaded on this first use (web/src/full.rs).
  await until(`return !!document.querySelector(".share-menu .copy-step")`, "the Copy menu");
  await click(".share-menu .copy-step");
  const copied = await until(`return window.__copied || (document.querySelector(".copy-text") || {}).value`, "the copied text");
  assert.match(copied, new RegExp(`^bulkpool m=${model}: s5-sleep-5s \\(list delivery; Yang Shi RFC, Oct 2022\\)\\nStep 37 of 78`));
  assert.ok(copied.endsWith(`\n\nLink: ${base}?v=1&m=${model}&s=s5&mode=list&step=37\n`), copied.slice(-100));
  if (existsSync(CLI)) {
    const cli = execFileSync(CLI, ["run", "s5", "--mode", "list", "--step", "37", "--link-base", base]).toString();
    assert.equal(copied, cli, "the CLI's text");
  }
  const shot = await call("GET", `/session/${session}/screenshot`);
  writeFileSync(`${SHOTS}/webkit-s5-step37.png`, Buffer.from(shot, "base64"));
  assert.deepEqual(await run("return window.__errors"), []);
});
