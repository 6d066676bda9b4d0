/**
 * A real headless Chromium for the browser tests: Debian's /usr/bin/chromium when present,
 * else the binary shipped by @sparticuz/chromium. No mocks; requests reach the real server, and
 * are intercepted (page.route) only where a test breaks a connection on purpose or needs Chromium
 * to report upload bodies (test/web/bidding.test.ts).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, type TestApp, type TestAppOptions } from './app';
import { setClock } from './projects';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..');
const WEB = path.join(ROOT, 'web');

async function executablePath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (fs.existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  // the package exports the class itself under CommonJS (`.default` only under ESM interop)
  const loaded = require('@sparticuz/chromium') as { default?: { executablePath(): Promise<string> }; executablePath?: () => Promise<string> };
  const sparticuz = (loaded.default ?? loaded) as { executablePath(): Promise<string> };
  return sparticuz.executablePath();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await executablePath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--disable-extensions',
      '--disable-default-apps',
      '--mute-audio',
      '--no-default-browser-check',
      '--password-store=basic',
      '--use-mock-keychain',
      '--font-render-hinting=none',
    ],
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds web/dist when it is missing or older than web/src (`npm test` builds it first anyway;
 * this keeps `npx jest test/web` honest after an edit).
 */
export function ensureWebBuilt(): void {
  const index = path.join(WEB, 'dist', 'index.html');
  const sources = Math.max(newestMtime(path.join(WEB, 'src')), fs.statSync(path.join(WEB, 'index.html')).mtimeMs);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', path.join(WEB, 'vite.config.mts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** uncaught exceptions (`pageerror: …`) and console errors (`console: … @ <url>`), in order */
  problems: string[];
  /** the uncaught exceptions only */
  pageErrors: string[];
}

export interface OpenPageOptions {
  /** a path on baseUrl to go to once the page is set up; none: stay on about:blank */
  path?: string;
  viewport?: { width: number; height: number };
  acceptDownloads?: boolean;
  /** attach further listeners (requests, WebSockets) before the first navigation */
  onPage?: (page: Page) => void;
}

/** A new context (zh-CN) and page that records page errors and console errors the same way in every test. */
export async function openPage(browser: Browser, baseUrl: string, options: OpenPageOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: options.viewport ?? { width: 1280, height: 900 }, acceptDownloads: options.acceptDownloads ?? true });
  const page = await context.newPage();
  const problems: string[] = [];
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => {
    pageErrors.push(`pageerror: ${error.message}`);
    problems.push(`pageerror: ${error.message}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} @ ${message.location().url}`);
  });
  options.onPage?.(page);
  if (options.path !== undefined) await page.goto(new URL(options.path, baseUrl).href);
  return { context, page, problems, pageErrors };
}

/** Log in on the login page with a password and wait until the session is there (the logout button). */
export async function loginInBrowser(page: Page, baseUrl: string, username: string, password = 'demo1234'): Promise<void> {
  await page.goto(new URL('/login', baseUrl).href);
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
}

/** A full-page screenshot to $SCREENSHOT_DIR/<name>.png, only when SCREENSHOT_DIR is set. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

export interface BrowserSuite {
  app: TestApp;
  browser: Browser;
  /** a fresh temporary directory, only with the `tmp` option; removed after the file */
  tmp: string;
}

export interface BrowserSuiteOptions {
  /** default `{ demo: true }` */
  app?: TestAppOptions;
  /** set the platform clock to this once the app is up */
  clock?: Date;
  /** make a temporary directory named tenderhall-<tmp>-… */
  tmp?: string;
  /** the beforeAll timeout; default jest's */
  timeout?: number;
}

/**
 * The set-up every browser test file shares: beforeAll builds the web app if needed, starts the
 * platform and Chromium side by side; afterAll closes both. The returned fields are filled in beforeAll.
 */
export function browserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    ensureWebBuilt();
    if (options.tmp) suite.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `tenderhall-${options.tmp}-`));
    [suite.app, suite.browser] = await Promise.all([startTestApp(options.app ?? { demo: true }), launchBrowser()]);
    if (options.clock) await setClock(suite.app, options.clock);
  }, options.timeout);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.close();
    if (suite.tmp) fs.rmSync(suite.tmp, { recursive: true, force: true });
  });
  return suite;
}
