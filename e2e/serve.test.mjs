// dealcalc serve in a real browser: Debian's Chromium, headless, driven by
// Playwright. A user opens the page, sees the README's scenario checked,
// types, makes an error and is shown its line, and uses the forms with the
// keyboard alone. Screenshots go to $SCREENSHOTS (default ../target/e2e).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = process.env.DEALCALC_BIN || path.join(root, "target/debug/dealcalc");
const shots = path.resolve(root, process.env.SCREENSHOTS || "target/e2e");
mkdirSync(shots, { recursive: true });

let server, base, browser;

before(async () => {
  server = spawn(bin, ["serve", "--addr", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, XDG_DATA_HOME: path.join(root, "target/e2e/no-user-data"), DEALCALC_RATES: "" },
  });
  const line = await new Promise((resolve, reject) => {
    server.on("error", reject);
    createInterface({ input: server.stdout }).once("line", resolve);
  });
  base = line.match(/http:\/\/\S+?\//)[0];
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

test("the README's scenario is checked in the browser, and an error points at its line", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base);
  // 4 of its 7 claims hold, as `dealcalc check` says.
  await page.getByRole("heading", { name: "4 of 7 claims hold" }).waitFor();
  const verdicts = page.locator("#verdicts li");
  assert.equal(await verdicts.count(), 7);
  assert.equal(await page.locator("#verdicts li.holds").count(), 4);
  assert.match(await verdicts.first().innerText(), /HOLDS\s+\$14\.3 billion for a 49 percent stake/);
  // The chart and the tables.
  await page.locator("#chart svg").waitFor();
  assert.match(await page.locator("#scenario-text").innerText(), /85,338,795\.02/);
  // The chart is drawn at its own size: its smallest text is 11 px on
  // screen (scaled into the column, it was about 5 px).
  const smallest = await page.locator("#chart svg").evaluate((svg) => {
    const scale = svg.getScreenCTM().a;
    return Math.min(...[...svg.querySelectorAll("text")].map(
      (t) => parseFloat(t.getAttribute("font-size")) * scale));
  });
  assert.ok(smallest >= 10.99, `the chart's smallest text is ${smallest} px on screen`);
  await page.screenshot({ path: path.join(shots, "serve-scenario.png") });

  // Typing a misprint: the verdicts follow.
  const editor = page.locator("#toml");
  const text = await editor.inputValue();
  await editor.fill(text.replace('price = "$14.8B"', 'price = "$14.3B"'));
  await page.getByRole("heading", { name: "5 of 7 claims hold" }).waitFor();

  // An amount nobody writes: the error names its line and column.
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.includes('amount = "$100M"'));
  lines[at] = lines[at].replace("$100M", "$100 zillion");
  await editor.fill(lines.join("\n"));
  const error = page.locator("#scenario-error");
  await error.waitFor();
  const message = await error.innerText();
  assert.match(message, /unknown word `zillion` in amount/);
  assert.match(message, new RegExp(`at line ${at + 1}, column \\d+: zillion`));
  assert.equal(await editor.getAttribute("aria-invalid"), "true");
  // No verdict of the text before stays beside the error.
  assert.equal(await verdicts.count(), 0);
  await page.getByRole("heading", { name: "Not evaluated: the scenario has an error" }).waitFor();
  // "go to line" selects the offending text in the editor.
  await page.getByRole("button", { name: `go to line ${at + 1}` }).click();
  const selected = await editor.evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(selected, "zillion");
  await page.screenshot({ path: path.join(shots, "serve-error.png") });
  await page.close();
});

test("the forms work with the keyboard alone, and ?lang=fr writes French figures", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + "?lang=fr");
  await page.locator("#tab-scenario").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.locator("#tab-convert").getAttribute("aria-selected"), "true");
  // Into the form, to its button, and Enter.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.name), "amount");
  for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const out = page.locator("#convert pre.result");
  await out.filter({ hasText: "EUR" }).waitFor();
  // $100M at the ECB's 1.1718 of 2025-07-08, French figures.
  assert.match(await out.innerText(), /85\u202f338\u202f795,02 EUR/);

  await page.locator("#tab-valuation").click();
  await page.getByRole("button", { name: "Value" }).click();
  await page.locator("#valuation pre.result").filter({ hasText: "post-money" }).waitFor();
  assert.match(await page.locator("#valuation pre.result").innerText(), /29\u202f183\u202f673\u202f469,39 USD/);

  // A round from the form, its lists one a line: the Acme example.
  await page.locator("#tab-round").click();
  await page.getByRole("button", { name: "Price the round" }).click();
  await page.locator("#round .offer-chart svg").waitFor();
  const round = await page.locator("#round pre.result").innerText();
  assert.match(round, /founders\s+3\u202f800\u202f000,00 USD/);
  assert.match(round, /fund \(round\)\s+23\u202f400\u202f000,01 USD/);
  await page.screenshot({ path: path.join(shots, "serve-round.png"), fullPage: true });

  // An error about a field names the form's control, not the API's field
  // or a flag, and marks it.
  await page.locator('#round input[name="pool_after"]').fill("99.99999%");
  await page.getByRole("button", { name: "Price the round" }).click();
  await page.locator("#round pre.result.error").waitFor();
  const message = await page.locator("#round pre.result").innerText();
  assert.match(message, /a pool of 99,99999 % after the round|a pool of 99\.99999% after the round/);
  assert.match(message, /hint: "Pool after" is the unissued pool's share/);
  assert.doesNotMatch(message, /pool_after|--pool-after/);
  assert.equal(await page.locator('#round input[name="pool_after"]').getAttribute("aria-invalid"), "true");
  await page.close();
});

test("on a phone's screen, the offer builder draws its chart", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await page.goto(base);
  await page.locator("#tab-offer").click();
  await page.getByRole("button", { name: "Break down" }).click();
  await page.locator("#offer .offer-chart svg").waitFor();
  assert.match(await page.locator("#offer pre.result").innerText(), /present value at 8% a year\s+82,803,171\.00 USD/);
  // Nothing wider than the screen but the scrolling result.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width}px wide`);
  await page.screenshot({ path: path.join(shots, "serve-phone.png"), fullPage: true });
  await page.close();
});
