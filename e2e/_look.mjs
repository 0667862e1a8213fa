import { start } from "./harness.mjs";
const env = await start();
const shots = JSON.parse(process.argv[2]);
for (const [name, query, w, h, scheme, action] of shots) {
  const { page, problems } = await env.page({ width: w, height: h });
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(env.base + query);
  await page.waitForSelector(".bar");
  if (action === "end") await page.keyboard.press("End");
  if (action === "help") await page.keyboard.press("?");
  if (action === "edit") await page.click(".edit-button");
  if (action === "legend") await page.click(".legend-box summary");
  await page.screenshot({ path: `/tmp/shots/${name}.png` });
  if (problems.length) console.log(name, problems);
}
await env.stop();
