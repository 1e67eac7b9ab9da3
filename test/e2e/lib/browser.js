/**
 * Debian's Chromium driven by puppeteer-core (its own browser download is not used), with every
 * network response recorded so the test can assert on icon requests.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const CHROMIUM = process.env.VERITUS_E2E_CHROMIUM || '/usr/bin/chromium';

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
		async close() {
			await browser.close().catch(() => {});
			fs.rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}

/** A page of 1440×900 that records `{ status, url, method }` of every response in `responses`. */
async function newPage(browser, responses) {
	const page = await browser.newPage();
	await page.setViewport({ width: 1440, height: 900 });
	page.setDefaultTimeout(30_000);
	page.on('response', (response) => {
		responses.push({ status: response.status(), url: response.url(), method: response.request().method() });
	});
	return page;
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

module.exports = { launchBrowser, newPage, isIconUrl, fillInput, texts, CHROMIUM };
