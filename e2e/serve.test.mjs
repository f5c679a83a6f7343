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

  // The page's own words are French too.
  assert.equal(await page.locator("#tab-round").innerText(), "Tour de table");
  await page.locator("#tab-valuation").click();
  await page.getByRole("button", { name: "Valoriser", exact: true }).click();
  await page.locator("#valuation pre.result").filter({ hasText: "post-money" }).waitFor();
  assert.match(await page.locator("#valuation pre.result").innerText(), /29\u202f183\u202f673\u202f469,39 USD/);

  // A round from the form, its lists one a line: the Acme example.
  await page.locator("#tab-round").click();
  await page.getByRole("button", { name: "Valoriser le tour" }).click();
  await page.locator("#round .offer-chart svg").waitFor();
  const round = await page.locator("#round pre.result").innerText();
  assert.match(round, /founders\s+3\u202f800\u202f000,00 USD/);
  assert.match(round, /fund \(round\)\s+23\u202f400\u202f000,01 USD/);
  await page.screenshot({ path: path.join(shots, "serve-round.png"), fullPage: true });

  // An error about a field names the form's control, not the API's field
  // or a flag, and marks it.
  await page.locator('#round input[name="pool_after"]').fill("99.99999%");
  await page.getByRole("button", { name: "Valoriser le tour" }).click();
  await page.locator("#round pre.result.error").waitFor();
  const message = await page.locator("#round pre.result").innerText();
  assert.match(message, /a pool of 99,99999 % after the round|a pool of 99\.99999% after the round/);
  assert.match(message, /hint: "Réserve après" is the unissued pool's share/);
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

test("the Offers tab compares two offers in euros at three share prices, and names its controls in errors", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base);
  await page.locator("#tab-offers").click();
  // The forms start as the README's job seeker: New York or Paris.
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await page.locator("#offers-chart svg").waitFor();
  const table = await page.locator("#offers-result").innerText();
  // Worked by hand with exact fractions (tests/offers.rs).
  assert.match(table, /kept after your tax rates, bear\s+201,094\.73 EUR\s+163,756\.64 EUR/);
  assert.match(table, /kept after your tax rates, bull\s+273,099\.33 EUR\s+342,260\.84 EUR/);
  assert.match(table, /keeps the most after your tax rates, on leaving: bear: new-york; base: new-york; bull: paris/);
  await page.screenshot({ path: path.join(shots, "serve-offers.png"), fullPage: true });

  // A third offer, a component added and removed, from the keyboard's
  // controls: Lyon, EUR 120k and an ESPP.
  await page.getByRole("button", { name: "Add an offer" }).click();
  const third = page.locator(".offer-card").nth(2);
  await third.locator('input[name="name"]').fill("lyon");
  await third.locator('.component input[name="amount"]').fill("€120k");
  await third.locator('.component input[name="years"]').fill("4");
  await third.getByRole("button", { name: "Add a component" }).click();
  await third.getByRole("button", { name: "Add a component" }).click();
  assert.equal(await third.locator(".component").count(), 3);
  await third.locator(".component").nth(2).getByRole("button", { name: "Remove" }).click();
  assert.equal(await third.locator(".component").count(), 2);
  const espp = third.locator(".component").nth(1);
  await espp.locator('select[name="kind"]').selectOption("espp");
  assert.equal(await espp.locator('input[name="strike"]').isVisible(), false);
  await espp.locator('input[name="contribution"]').fill("10%");
  await espp.locator('input[name="price"]').fill("€10");
  await espp.locator('input[name="lookback"]').check();
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await page.locator("#offers-result").filter({ hasText: "lyon" }).waitFor();
  assert.match(await page.locator("#offers-result").innerText(), /new-york\s+paris\s+lyon/);

  // A misprinted amount: the error names the offer, the component and
  // the control, and marks it.
  await third.locator('.component input[name="amount"]').first().fill("€120 zillion");
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await page.locator("#offers-result.error").waitFor();
  const message = await page.locator("#offers-result").innerText();
  assert.match(message, /unknown word `zillion`/);
  assert.match(message, /in Offer 3, component 1, "Amount": zillion/);
  assert.equal(await third.locator('.component input[name="amount"]').first().getAttribute("aria-invalid"), "true");
  await page.close();
});

test("the page in French on a phone: no tab wider than the screen, and a numbers control for 10.000 €", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await page.goto(base + "?lang=fr");
  for (const id of ["scenario", "convert", "valuation", "offer", "offers", "round", "scan"]) {
    await page.locator("#tab-" + id).click();
    if (id === "scenario") await page.locator("#chart svg").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the ${id} tab is ${width}px wide`);
  }
  await page.locator("#tab-offers").click();
  await page.getByRole("button", { name: "Comparer", exact: true }).click();
  await page.locator("#offers-chart svg").waitFor();
  // French figures, rates included.
  assert.match(await page.locator("#offers-result").innerText(), /kept after your tax rates, bull\s+273\u202f099,33 EUR\s+342\u202f260,84 EUR/);
  assert.match(await page.locator("#offers-result").innerText(), /aux taux du 2025-07-08|at the rates of 2025-07-08/);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390);
  await page.locator("#offers-result").evaluate((el) => el.scrollIntoView());
  await page.screenshot({ path: path.join(shots, "serve-offers-fr-phone.png") });

  // `10.000 €` is refused with both readings; the hint names the page's
  // control, and choosing 1.500,25 reads it as ten thousand.
  await page.locator("#tab-convert").click();
  await page.locator('#convert input[name="amount"]').fill("10.000 €");
  await page.locator('#convert input[name="to"]').fill("USD");
  await page.getByRole("button", { name: "Convertir" }).click();
  await page.locator("#convert pre.result.error").waitFor();
  const refused = await page.locator("#convert pre.result").innerText();
  assert.match(refused, /`10\.000` is ambiguous: 10000 with `\.` grouping thousands, 10 with `\.` as decimal mark/);
  assert.match(refused, /choisissez "Nombres: 1,500\.25" ou "Nombres: 1\.500,25" ci-dessus/);
  assert.doesNotMatch(refused, /--numbers|`numbers/);
  await page.locator("#numbers").selectOption("eu");
  await page.getByRole("button", { name: "Convertir" }).click();
  await page.locator("#convert pre.result:not(.error)").waitFor();
  // EUR 10,000 at the ECB's 1.1718 of 2025-07-08.
  assert.match(await page.locator("#convert pre.result").innerText(), /10\u202f000,00 EUR = 11\u202f718,00 USD/);
  await page.close();
});

test("the Scan tab marks each figure of a pasted article and puts each relation's verdict beside it", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base);
  // With the keyboard: from the first tab to Scan with the arrow keys.
  await page.locator("#tab-scenario").focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowRight");
  assert.equal(await page.locator("#tab-scan").getAttribute("aria-selected"), "true");
  await page.locator("#article").fill([
    "19 juin 2025",
    "",
    "Meta a offert des primes de 100 millions de dollars, soit plus de 92 millions d'euros.",
    "Meta paiera 14,3 milliards de dollars pour 49 % de Scale AI, valorisant la start-up à 29 milliards de dollars.",
    "La société compte 36 spécialistes.",
  ].join("\n"));
  await page.getByRole("button", { name: "Scan the article" }).click();
  await page.locator("#scan-relations li").first().waitFor();
  const items = page.locator("#scan-relations li");
  assert.equal(await items.count(), 2);
  // $100M on 2025-06-19 (1 EUR = 1.1478 USD) is 87.12 million euros, not
  // more than 92; 14.3 / 0.49 is 29.18 billion, within "29 milliards".
  assert.match(await items.nth(0).innerText(), /FAILS conversion: 100 millions de dollars, plus de 92 millions d'euros\s+87,123,192\.19 EUR computed/);
  assert.match(await items.nth(1).innerText(), /HOLDS stake: 49 %, 14,3 milliards de dollars, 29 milliards de dollars\s+29,183,673,469\.39 USD computed \(14,3 milliards de dollars \/ 49 %, post-money\)/);
  // Each figure marked in the text by its relation's verdict; the count
  // unrelated.
  assert.equal(await page.locator("#scan-marked mark.fails").count(), 2);
  assert.equal(await page.locator("#scan-marked mark.holds").count(), 3);
  assert.equal(await page.locator("#scan-marked mark.unrelated").count(), 1);
  // The article's date from its dateline, its language detected.
  assert.match(await page.locator("#scan-status").innerText(), /6 figures, 2025-06-19, fr$/);
  assert.equal(await page.locator("#scan-marked mark.fails").first().innerText(), "100 millions de dollars");
  // From a relation to its figure, by keyboard: the link moves focus to
  // the mark.
  await page.locator("#scan-relations a").first().focus();
  await page.keyboard.press("Enter");
  assert.match(page.url(), /#fig-0$/);
  await page.screenshot({ path: path.join(shots, "serve-scan.png"), fullPage: true });
  // No date and none in the text: the conversion is unchecked, never
  // judged on another day.
  await page.locator("#article").fill("Meta a offert 100 millions de dollars (85 millions d'euros).");
  await page.getByRole("button", { name: "Scan the article" }).click();
  await page.locator("#scan-relations li.unchecked").waitFor();
  assert.match(await page.locator("#scan-relations li").first().innerText(), /UNCHECKED conversion[\s\S]*no date: pass --date/);
  // The date control checks it.
  await page.locator("#scan-date").fill("2025-07-08");
  await page.getByRole("button", { name: "Scan the article" }).click();
  await page.locator("#scan-relations li.holds").waitFor();
  await page.close();
});
