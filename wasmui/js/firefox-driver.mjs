// Drives Firefox over WebDriver BiDi with puppeteer-core, for wasmui's tests in Firefox
// (wasmui/cli/firefox.py gives Python a selenium-like driver over this process). No
// geckodriver is needed: Firefox speaks BiDi itself, and no geckodriver for Linux is
// packaged in the registries wasmui relies on.
//
//   node firefox-driver.mjs FIREFOX_BINARY [--headful]
//
// It reads one JSON command per line on stdin and answers each with one JSON line on
// stdout: {"id", "ok": true, "value"} or {"id", "ok": false, "error", "name"}.
// Commands: goto {url}, evaluate {expression} (awaited; the value must be JSON), click {x, y},
// type {text}, press {key}, down {key}, up {key}, back, reload, logs (and forget them),
// windows (the open pages' handles), current, use {handle}, version, quit.
import { createInterface } from "node:readline";
import { createRequire } from "node:module";

const require = createRequire(process.env.WASMUI_PUPPETEER_FROM ?? import.meta.url);
const puppeteer = require("puppeteer-core");

const [executablePath, ...flags] = process.argv.slice(2);
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  headless: !flags.includes("--headful"),
  timeout: 120_000, // a busy machine (a test run in three engines) can take Firefox over 30 s to start
  protocolTimeout: 600_000,
});
const logs = [];
const handles = new Map(); // page -> its handle ("w1", "w2"...), as selenium's window handles
function known(candidate) {
  if (!handles.has(candidate)) {
    handles.set(candidate, `w${handles.size + 1}`);
    // BiDi's own log entries, read where puppeteer receives them (its page-level "console"
    // event names an object argument "JSHandle@error"; Firefox's entry.text spells it out)
    const context = candidate.mainFrame().browsingContext;
    if (!context?.on) throw new Error("puppeteer-core changed: a frame has no browsingContext to read BiDi logs from");
    context.on("log", ({ entry }) => logs.push({ level: entry.type === "javascript" ? "error" : entry.level, message: entry.text ?? "" }));
  }
  return handles.get(candidate);
}
let page = (await browser.pages())[0] ?? (await browser.newPage());
known(page);
const openPages = async () => (await browser.pages()).filter((p) => !p.isClosed());

const commands = {
  goto: ({ url }) => page.goto(url, { waitUntil: "load", timeout: 120_000 }).then(() => null),
  evaluate: ({ expression }) => page.evaluate(expression),
  click: ({ x, y }) => page.mouse.click(x, y),
  type: ({ text }) => page.keyboard.type(text),
  press: ({ key }) => page.keyboard.press(key),
  down: ({ key }) => page.keyboard.down(key),
  up: ({ key }) => page.keyboard.up(key),
  windows: async () => (await openPages()).map(known),
  current: () => known(page),
  use: async ({ handle }) => {
    const found = (await openPages()).find((p) => known(p) === handle);
    if (!found) throw new Error(`no such window ${handle}`);
    page = found;
    await page.bringToFront();
    return null;
  },
  back: () => page.goBack({ waitUntil: "load" }).then(() => null),
  reload: () => page.reload({ waitUntil: "load" }).then(() => null),
  logs: () => logs.splice(0),
  version: () => browser.version(),
  quit: async () => {
    await browser.close();
    setTimeout(() => process.exit(0), 10);
    return null;
  },
};

process.stdout.write(JSON.stringify({ id: 0, ok: true, value: "ready" }) + "\n");
for await (const line of createInterface({ input: process.stdin })) {
  const { id, command, ...args } = JSON.parse(line);
  try {
    const value = await commands[command](args);
    process.stdout.write(JSON.stringify({ id, ok: true, value: value ?? null }) + "\n");
  } catch (error) {
    process.stdout.write(JSON.stringify({ id, ok: false, error: String(error?.message ?? error), name: error?.name }) + "\n");
  }
}
