// Shared set-up for the e2e tests: serve dist/ under a sub-path, launch Debian's Chromium
// through playwright-core (never a downloaded browser), and collect console errors.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { serve } from "./server.mjs";

export const SHOTS = "target/e2e";
const PREFIX = "/bulkpool/";

export async function start() {
  mkdirSync(SHOTS, { recursive: true });
  const server = await serve(process.env.DIST ?? "dist", PREFIX);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync",
    ],
  });
  const base = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  return {
    base,
    browser,
    // options.permissions: e.g. ["clipboard-read", "clipboard-write"]; options.acceptDownloads.
    async page(viewport = { width: 1280, height: 720 }, options = {}) {
      const context = await browser.newContext({ viewport, ...options });
      const page = await context.newPage();
      const problems = [];
      page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
      page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
      // Offline: any request that leaves 127.0.0.1 is a failure.
      page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) problems.push(`external request: ${r.url()}`); });
      return { page, problems };
    },
    async stop() {
      await browser.close();
      server.close();
    },
  };
}
