/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser downloads are not used),
 * made hermetic: every page answers requests to hosts other than the n8n under test itself, so no
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
const path = require('path');
const { spawnSync } = require('child_process');

const CHROMIUM = process.env.VERITUS_E2E_CHROMIUM || '/usr/bin/chromium';

/** How many console lines and network events a failed check saves (each). */
const EVIDENCE_LINES = 50;

/** Every wait of a page that names no deadline of its own gives up after this long (ms). */
const PAGE_TIMEOUT_MS = 30_000;

/**
 * Starts headless Chromium with a new, empty profile and one browser context of 1440×900 that
 * every page of the run shares (so a second page keeps the session of the first).
 *
 * @returns `{ browser, context, version, close() }`: `version` is what Chromium reports over the
 *   DevTools protocol, e.g. `156.0.8078.114`.
 * @throws Error when Chromium is not installed, or does not start.
 */
async function launchBrowser() {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`);
	}
	const { chromium } = require('playwright-core');
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
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
		],
	});
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	context.setDefaultTimeout(PAGE_TIMEOUT_MS);
	return {
		browser,
		context,
		version: browser.version(),
		async close() {
			await browser.close().catch(() => {});
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
 * Opens a hermetic page (1440×900) in the run's browser context.
 *
 * Requests to `allowedOrigin` (the n8n under test), and `data:` / `blob:` URLs, go through
 * untouched; every other request is answered by the test with an empty 404, at once, and
 * recorded in `blocked`.
 *
 * @param {import('playwright-core').BrowserContext} context from {@link launchBrowser}
 * @param {object} options
 * @param {string} options.allowedOrigin e.g. `http://127.0.0.1:5678`
 * @param {Array<{status:number,url:string,method:string}>} options.responses shared list every
 *   response is appended to
 * @param {Array<{url:string,method:string,resourceType:string}>} options.blocked shared list every
 *   answered foreign request is appended to
 * @returns the page, with `page.evidence` = `{ console: Ring, network: Ring }`
 */
async function newPage(context, { allowedOrigin, responses, blocked }) {
	const page = await context.newPage();
	const evidence = { console: new Ring(EVIDENCE_LINES), network: new Ring(EVIDENCE_LINES) };
	page.evidence = evidence;
	const stamp = () => new Date().toISOString().slice(11, 23);

	// Only foreign URLs are routed: the n8n under test is reached without a detour through the test.
	await page.route(
		(url) => !['data:', 'blob:'].includes(url.protocol) && url.origin !== allowedOrigin,
		async (route) => {
			const request = route.request();
			blocked.push({ url: request.url(), method: request.method(), resourceType: request.resourceType() });
			evidence.network.push(`${stamp()} BLOCKED ${request.method()} ${request.url()}`);
			await route.fulfill({ status: 404, contentType: 'text/plain', body: '' }).catch(() => {});
		},
	);
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
		void dialog.accept().catch(() => {});
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
		await page.screenshot({ path: png, timeout: 10_000 });
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

/** Counts blocked requests by host: `{ 'registry.example': 2, … }`. */
function blockedByHost(blocked) {
	const counts = {};
	for (const { url } of blocked) {
		const host = new URL(url).host;
		counts[host] = (counts[host] ?? 0) + 1;
	}
	return counts;
}

/** The upstream version in a text, e.g. `156.0.8078.114` in `Chromium 156.0.8078.114 built on …`. */
function upstreamVersion(text) {
	return /\b(\d+\.\d+\.\d+\.\d+)\b/.exec(text ?? '')?.[1] ?? null;
}

/**
 * The Chromium this run uses and the one a fresh machine would install.
 *
 * - `installed`: what `<binary> --version` prints (e.g. `Chromium 156.0.8078.114 built on Debian
 *   GNU/Linux 12 (bookworm)`), and its upstream version;
 * - `candidate`: the `Candidate:` line of `apt-cache policy chromium` (Debian's package version,
 *   e.g. `156.0.8078.114-1~deb12u1`) and its upstream version; `null` without apt-cache, or when
 *   apt knows no candidate (package lists not downloaded yet: `apt-get update`).
 *
 * @param {string} [binary] the Chromium binary (default {@link CHROMIUM})
 * @returns `{ binary, installed: { text, version }, candidate: { text, version } | null,
 *   aptCache: boolean, differ: boolean }`; `differ` is true when both upstream versions are
 *   known and not equal. Never throws.
 */
function chromiumVersions(binary = CHROMIUM) {
	const run = spawnSync(binary, ['--version'], { encoding: 'utf8' });
	const text =
		run.status === 0 ? run.stdout.trim() : `not runnable (${binary}: ${run.error?.code ?? `exit ${run.status}`})`;
	const installed = { text, version: run.status === 0 ? upstreamVersion(text) : null };
	const policy = spawnSync('apt-cache', ['policy', 'chromium'], { encoding: 'utf8' });
	const aptCache = !policy.error;
	const candidateText = aptCache ? /^\s*Candidate:\s*(\S+)/m.exec(policy.stdout ?? '')?.[1] : undefined;
	const candidate =
		candidateText && candidateText !== '(none)'
			? { text: candidateText, version: upstreamVersion(candidateText) }
			: null;
	const differ = Boolean(installed.version && candidate?.version && installed.version !== candidate.version);
	return { binary, installed, candidate, aptCache, differ };
}

/**
 * The lines the run prints about its Chromium, e.g.
 * `Chromium installed: Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm) (/usr/bin/chromium)`
 * and `Chromium candidate (apt-cache policy chromium): 156.0.8078.114-1~deb12u1, the same version as installed`;
 * a `WARNING:` line when the two differ.
 *
 * @param {ReturnType<typeof chromiumVersions>} versions
 * @returns {string[]}
 */
function describeChromium(versions) {
	const lines = [`Chromium installed: ${versions.installed.text} (${versions.binary})`];
	if (!versions.aptCache) {
		lines.push('Chromium candidate: unknown (no apt-cache on this machine)');
	} else if (!versions.candidate) {
		lines.push('Chromium candidate: unknown (apt-cache policy chromium names none; run apt-get update)');
	} else if (!versions.installed.version) {
		lines.push(`Chromium candidate (apt-cache policy chromium): ${versions.candidate.text}`);
	} else if (versions.differ) {
		lines.push(
			`Chromium candidate (apt-cache policy chromium): ${versions.candidate.text}`,
			`WARNING: the installed Chromium (${versions.installed.version}) differs from the candidate ` +
				`(${versions.candidate.version}) that a fresh machine installs: this run does not test what a fresh ` +
				'machine gets (`apt-get install -y chromium` installs the candidate at /usr/bin/chromium).',
		);
	} else {
		lines.push(
			`Chromium candidate (apt-cache policy chromium): ${versions.candidate.text}, the same version as installed`,
		);
	}
	return lines;
}

module.exports = {
	launchBrowser,
	newPage,
	saveEvidence,
	isIconUrl,
	blockedByHost,
	chromiumVersions,
	describeChromium,
	upstreamVersion,
	CHROMIUM,
	EVIDENCE_LINES,
	PAGE_TIMEOUT_MS,
};
