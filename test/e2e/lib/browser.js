/**
 * Debian's Chromium driven by puppeteer-core (its own browser download is not used), made
 * hermetic: every page answers requests to hosts other than the n8n under test itself, so no
 * check depends on how the machine's network treats the outside world.
 *
 * Each page records, in memory:
 * - `responses`: `{ status, url, method }` of every response (icon checks read these);
 * - `blocked`: `{ url, method, resourceType }` of every request to another host, answered 404
 *   by the test (n8n's editor asks the npm registry about community packages and n8n's banner
 *   API, for example);
 * - `events`: the last {@link EVIDENCE_LINES} console lines and network events, saved next to the
 *   screenshot when a check fails.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const CHROMIUM = process.env.VERITUS_E2E_CHROMIUM || '/usr/bin/chromium';

/** How many console lines and network events a failed check saves (each). */
const EVIDENCE_LINES = 50;

/**
 * Starts headless Chromium with a new, empty profile.
 *
 * @returns `{ browser, version, close() }`: `version` is what Chromium reports, e.g.
 *   `HeadlessChrome/156.0.8078.114`.
 * @throws Error when Chromium is not installed.
 */
async function launchBrowser() {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`);
	}
	const puppeteer = require('puppeteer-core');
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: CHROMIUM,
		headless: true,
		userDataDir,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
	return {
		browser,
		version: await browser.version(),
		async close() {
			await browser.close().catch(() => {});
			fs.rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}

/** A bounded list that keeps the newest `limit` entries. */
class Ring {
	constructor(limit) {
		this.limit = limit;
		this.entries = [];
	}

	push(entry) {
		this.entries.push(entry);
		if (this.entries.length > this.limit) this.entries.shift();
	}
}

/**
 * Opens a hermetic page of 1440×900.
 *
 * Requests to `allowedOrigin` (the n8n under test), and `data:` / `blob:` URLs, go through; every
 * other request is answered by the test with an empty 404, at once, and recorded in `blocked`.
 *
 * @param {import('puppeteer-core').Browser} browser
 * @param {object} options
 * @param {string} options.allowedOrigin e.g. `http://127.0.0.1:5678`
 * @param {Array<{status:number,url:string,method:string}>} options.responses shared list every
 *   response is appended to
 * @param {Array<{url:string,method:string,resourceType:string}>} options.blocked shared list every
 *   answered foreign request is appended to
 * @returns the page, with `page.evidence` = `{ console: Ring, network: Ring }`
 */
async function newPage(browser, { allowedOrigin, responses, blocked }) {
	const page = await browser.newPage();
	await page.setViewport({ width: 1440, height: 900 });
	page.setDefaultTimeout(30_000);
	const evidence = { console: new Ring(EVIDENCE_LINES), network: new Ring(EVIDENCE_LINES) };
	page.evidence = evidence;
	const stamp = () => new Date().toISOString().slice(11, 23);

	await page.setRequestInterception(true);
	page.on('request', (request) => {
		if (request.isInterceptResolutionHandled()) return;
		const url = request.url();
		if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === allowedOrigin) {
			void request.continue();
			return;
		}
		blocked.push({ url, method: request.method(), resourceType: request.resourceType() });
		evidence.network.push(`${stamp()} BLOCKED ${request.method()} ${url}`);
		void request.respond({ status: 404, contentType: 'text/plain', body: '' });
	});
	page.on('response', (response) => {
		const entry = { status: response.status(), url: response.url(), method: response.request().method() };
		responses.push(entry);
		evidence.network.push(`${stamp()} ${entry.status} ${entry.method} ${entry.url}`);
	});
	page.on('requestfailed', (request) => {
		evidence.network.push(
			`${stamp()} FAILED ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`,
		);
	});
	page.on('console', (message) => {
		evidence.console.push(`${stamp()} ${message.type()}: ${message.text()}`);
	});
	// A reload with unsaved changes asks "leave the page?": answer it, and keep it as evidence.
	page.on('dialog', (dialog) => {
		evidence.console.push(`${stamp()} dialog (${dialog.type()}): ${dialog.message()}`);
		void dialog.accept();
	});
	page.on('pageerror', (error) => {
		evidence.console.push(`${stamp()} pageerror: ${error.message}`);
	});
	return page;
}

/**
 * Saves what a failed check leaves behind: `<name>.png` (the page as it was) and `<name>.log`
 * (the error, the page URL, the last console lines and network events of that page).
 *
 * @returns the paths written (a screenshot that cannot be taken is left out).
 */
async function saveEvidence(page, dir, name, error) {
	const written = [];
	const png = path.join(dir, `${name}.png`);
	try {
		await page.screenshot({ path: png });
		written.push(png);
	} catch {
		// A closed or crashed page has no screenshot; the log below still says what happened.
	}
	const log = path.join(dir, `${name}.log`);
	const lines = [
		`error: ${error && error.stack ? error.stack : String(error)}`,
		`url: ${page.isClosed() ? '(page closed)' : page.url()}`,
		'',
		`== last ${EVIDENCE_LINES} browser console lines`,
		...page.evidence.console.entries,
		'',
		`== last ${EVIDENCE_LINES} network events`,
		...page.evidence.network.entries,
	];
	fs.writeFileSync(log, `${lines.join('\n')}\n`);
	written.push(log);
	return written;
}

/** Whether `url` is an icon request: under `/icons/`, or an .svg / .png file. */
function isIconUrl(url) {
	const { pathname } = new URL(url);
	return pathname.includes('/icons/') || /\.(svg|png)$/i.test(pathname);
}

/** Clears an input (select all + delete) and types `value`, then leaves it with Tab. */
async function fillInput(page, selector, value) {
	const input = await page.waitForSelector(selector, { visible: true });
	await input.click({ clickCount: 3 });
	await page.keyboard.press('Backspace');
	await input.type(value);
	await page.keyboard.press('Tab');
}

/** Texts of every element matching `selector`, trimmed. */
async function texts(page, selector) {
	return await page.$$eval(selector, (elements) => elements.map((element) => element.textContent.trim()));
}

/** Counts blocked requests by host: `{ 'registry.example': 2, … }`. */
function blockedByHost(blocked) {
	const counts = {};
	for (const { url } of blocked) {
		const host = new URL(url).host;
		counts[host] = (counts[host] ?? 0) + 1;
	}
	return counts;
}

module.exports = {
	launchBrowser,
	newPage,
	saveEvidence,
	isIconUrl,
	fillInput,
	texts,
	blockedByHost,
	CHROMIUM,
	EVIDENCE_LINES,
};
