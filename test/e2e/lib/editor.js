/**
 * n8n's editor as a check sees it: each method is one UI step that acts until its effect shows
 * (lib/act-until.js), so a check reads as the steps a person takes:
 *
 * ```js
 * await editor.openNodeCreatorAndSearch('Veritus');
 * await editor.pickNode('Veritus', { shows: 'On call ended' });
 * await editor.expandCategory('Actions', { shows: 'Create a call' });
 * await editor.pickAction('Create a call');
 * ```
 *
 * Selectors are n8n's `data-test-id` attributes (n8n 2.8.4's editor). Every repeated action is
 * recorded in the shared {@link RetryLog}; the run prints the count at the end.
 */
'use strict';

const assert = require('assert/strict');
const { isDeepStrictEqual } = require('util');
const { actUntil, shown, gone, holds, requested } = require('./act-until');
const { PAGE_TIMEOUT_MS } = require('./browser');

class Editor {
	/**
	 * @param {import('playwright-core').Page} page a page from lib/browser.js `newPage`
	 * @param {object} options
	 * @param {string} options.baseUrl the n8n under test, e.g. `http://127.0.0.1:5678`
	 * @param {import('./act-until').RetryLog} options.retries the run's record of UI steps
	 * @param {(line: string) => void} [options.log] told about every repeated action
	 */
	constructor(page, { baseUrl, retries, log = () => {} }) {
		Object.assign(this, { page, baseUrl, retries, log });
	}

	/** The elements with n8n's `data-test-id="<id>"`, optionally inside `within` (a CSS selector). */
	byTestId(id, within) {
		const selector = `[data-test-id="${id}"]`;
		return this.page.locator(within ? `${within} ${selector}` : selector);
	}

	/** The node creator (the side panel of nodes and actions). */
	get nodeCreator() {
		return this.byTestId('node-creator');
	}

	/** The node details view (the node's panel). */
	get ndv() {
		return this.byTestId('ndv');
	}

	/** The credential modal. */
	get credentialModal() {
		return this.byTestId('editCredential-modal');
	}

	/**
	 * One UI step: `act` until `until` shows (see `actUntil`), recorded in the retry log.
	 *
	 * @param {string} step e.g. `open the node creator`
	 * @param {(options: { timeout: number }) => Promise<unknown>} act
	 * @param {{ what: string, now: () => Promise<boolean>, wait: (ms: number) => Promise<unknown> }} until
	 * @param {{ deadlineMs?: number }} [options]
	 * @returns the number of tries
	 */
	async step(step, act, until, options = {}) {
		return await actUntil({ step, act, until, retries: this.retries, log: this.log, ...options });
	}

	/** Loads `pathname` of the n8n under test (waits for the DOM, not for the network). */
	async goto(pathname) {
		await this.page.goto(`${this.baseUrl}${pathname}`, { waitUntil: 'domcontentloaded' });
	}

	/**
	 * Signs in through the editor's sign-in form; a browser that still holds a session is sent on
	 * from /signin and needs no form.
	 *
	 * @param {{ email: string, password: string }} owner
	 */
	async signIn({ email, password }) {
		await this.goto('/signin');
		await this.page.waitForFunction(
			() => !window.location.pathname.includes('signin') || document.querySelector('input[name=emailOrLdapLoginId]'),
		);
		if (!new URL(this.page.url()).pathname.includes('signin')) return;
		await this.page.locator('input[name=emailOrLdapLoginId]').fill(email);
		await this.page.locator('input[name=password]').fill(password);
		const login = requested(
			this.page,
			'the sign-in request',
			(request) => request.method() === 'POST' && new URL(request.url()).pathname === '/rest/login',
		);
		try {
			await this.step(
				'submit the sign-in form',
				async ({ timeout }) => await this.byTestId('form-submit-button').click({ timeout }),
				login,
			);
		} finally {
			login.stop();
		}
		await this.page.waitForURL((url) => !url.pathname.includes('signin'));
	}

	/** Opens a new, empty workflow and waits for the canvas "+" button. */
	async openNewWorkflow() {
		await this.goto('/workflow/new');
		await this.byTestId('node-creator-plus-button').waitFor({ state: 'visible' });
	}

	/**
	 * Opens the node creator by clicking `from` (default: the canvas "+" button) until its search
	 * bar shows.
	 *
	 * @param {{ from?: import('playwright-core').Locator, step?: string }} [options] `from`: e.g. the
	 *   "+" of an AI Agent's tool input
	 */
	async openNodeCreator({ from = this.byTestId('node-creator-plus-button'), step = 'open the node creator' } = {}) {
		await this.step(
			step,
			async ({ timeout }) => await from.click({ timeout }),
			shown(this.byTestId('node-creator-search-bar'), 'the node creator search bar'),
		);
	}

	/**
	 * Types `text` into the node creator's search bar until an item named exactly `expect`
	 * shows (filling is repeatable: it replaces the bar's text).
	 *
	 * @param {string} text
	 * @param {{ expect?: string }} [options] the item the search must show (default: `text`)
	 */
	async searchNodeCreator(text, { expect = text } = {}) {
		const bar = this.byTestId('node-creator-search-bar');
		await this.step(
			`search "${text}"`,
			async ({ timeout }) => await bar.fill(text, { timeout }),
			shown(this.nodeCreatorItem(expect), `the item "${expect}"`),
		);
	}

	/**
	 * Opens the node creator (from the canvas "+" or `from`) and searches `text` until the item
	 * `expect` (default `text`) shows.
	 *
	 * @param {string} text
	 * @param {{ from?: import('playwright-core').Locator, expect?: string }} [options]
	 */
	async openNodeCreatorAndSearch(text, { from, expect = text } = {}) {
		await this.openNodeCreator(from ? { from, step: 'open the node creator from a handle' } : {});
		await this.searchNodeCreator(text, { expect });
	}

	/** The node creator's item named exactly `name` (a node, or a node's action). */
	nodeCreatorItem(name) {
		return this.nodeCreator.locator('[data-test-id="node-creator-item-name"]').getByText(name, { exact: true });
	}

	/** Names of the items the node creator shows now (visible ones), trimmed, in order. */
	async nodeCreatorItemNames() {
		return (await this.byTestId('node-creator-item-name').visible().allTextContents()).map((text) => text.trim());
	}

	/**
	 * Asserts that the node creator shows exactly the items `names`, in order. The creator slides
	 * a new list in while the old one slides out, so the list is read again until it equals
	 * `names` or the page timeout passes; then the last list read is compared.
	 *
	 * @param {string[]} names
	 * @throws AssertionError with the last list read, when it never equals `names`.
	 */
	async expectNodeCreatorItems(names) {
		assert.deepEqual(await readUntilEqual(() => this.nodeCreatorItemNames(), names), names);
	}

	/**
	 * Picks the node `name` in the node creator until `shows` shows (one of its trigger events or
	 * actions, in the section that starts expanded: see {@link categorySection}; expand the other
	 * with {@link expandCategory}), or, with `opensPanel`, until the node's panel opens (a node
	 * without actions is added at once).
	 *
	 * @param {string} name
	 * @param {{ shows?: string, opensPanel?: boolean }} options
	 */
	async pickNode(name, { shows, opensPanel = false }) {
		const until = opensPanel
			? shown(this.ndv, 'the node panel')
			: shown(this.actionItem(shows), `the action "${shows}"`);
		await this.step(
			`pick "${name}"`,
			async ({ timeout }) => await this.nodeCreatorItem(name).click({ timeout }),
			until,
		);
	}

	/**
	 * A section of the node creator's node details, by the name it is listed under: `Triggers` or
	 * `Actions` (n8n's category name, without the count it shows, so the number of actions does not
	 * matter). A node and its trigger in one package are one entry there: its trigger events are
	 * under Triggers and its operations under Actions. Which section starts expanded depends on the
	 * view: on an empty canvas ("What triggers this workflow?") Triggers is expanded and Actions
	 * collapsed; after a node, the other way round.
	 *
	 * @param {string} category
	 */
	categorySection(category) {
		return this.nodeCreator.locator(
			`[data-category-collapsed]:has(> [data-test-id="node-creator-category-item"][data-keyboard-nav-id="${category}"])`,
		);
	}

	/** Names of the items the section `category` of the node creator lists now (visible ones), trimmed, in order. */
	async categoryItemNames(category) {
		return (
			await this.categorySection(category)
				.locator('[data-test-id="node-creator-item-name"]')
				.visible()
				.allTextContents()
		).map((text) => text.trim());
	}

	/**
	 * Asserts that the node creator's section `category` lists exactly `names`, in order (read again
	 * until it does, or the page timeout passes; then the last list read is compared).
	 *
	 * @param {string} category `Triggers` or `Actions`
	 * @param {string[]} names
	 * @throws AssertionError with the last list read.
	 */
	async expectCategoryItems(category, names) {
		assert.deepEqual(await readUntilEqual(() => this.categoryItemNames(category), names), names);
	}

	/**
	 * Expands the node creator's section `category` until its item `shows` shows. The section's
	 * header toggles it, so the header is clicked only while the section is collapsed
	 * (`data-category-collapsed="true"`): repeating the step never folds it again.
	 *
	 * @param {string} category `Triggers` or `Actions`
	 * @param {{ shows: string }} options an item of that section, e.g. `Create a call`
	 */
	async expandCategory(category, { shows }) {
		const section = this.categorySection(category);
		await this.step(
			`expand "${category}"`,
			async ({ timeout }) => {
				if ((await section.getAttribute('data-category-collapsed', { timeout })) === 'true') {
					await section.locator('[data-test-id="node-creator-category-item"]').click({ timeout });
				}
			},
			shown(
				section.locator('[data-test-id="node-creator-item-name"]').getByText(shows, { exact: true }),
				`"${shows}" under ${category}`,
			),
		);
	}

	/** The action `text` in the node creator's list of a node's actions. */
	actionItem(text) {
		return this.nodeCreator.getByText(text, { exact: true }).first();
	}

	/** Picks the action `text` of the node shown in the node creator until the node's panel opens. */
	async pickAction(text) {
		await this.step(
			`pick the action "${text}"`,
			async ({ timeout }) => await this.actionItem(text).click({ timeout }),
			shown(this.byTestId('node-parameters', '[data-test-id="ndv"]'), 'the node panel with its parameters'),
		);
	}

	/**
	 * What the node panel's parameter `name` shows: its text and the values of its inputs (a
	 * select shows its choice in an input), joined by spaces.
	 *
	 * @param {string} name the parameter's name, e.g. `outputLayout`
	 */
	async parameterText(name) {
		const parameter = this.byTestId(`parameter-input-${name}`, '[data-test-id="ndv"]');
		await parameter.waitFor({ state: 'visible' });
		return await parameter.evaluate((element) =>
			[element.textContent, ...[...element.querySelectorAll('input')].map((input) => input.value)]
				.map((text) => text.trim())
				.filter(Boolean)
				.join(' '),
		);
	}

	/**
	 * Shows the URL `kind` in the node panel's "Webhook URLs" section: opens the section (its
	 * header toggles it, so it is clicked only while the section is folded), then clicks the
	 * `Test URL` or `Production URL` tab until that tab is the checked one. The URL text is
	 * filled in just after the tab changes: read it with {@link webhookUrls}.
	 *
	 * @param {'test' | 'production'} kind n8n's names of the two tabs
	 */
	async showWebhookUrl(kind) {
		const section = this.ndv.locator('.webhooks');
		const header = section.locator('.headline');
		await this.step(
			'open the webhook URLs',
			async ({ timeout }) => {
				const classes = (await header.getAttribute('class', { timeout })) ?? '';
				if (!classes.split(/\s+/).includes('expanded')) await header.click({ timeout });
			},
			shown(section.locator('.webhook-url').first(), 'the webhook URL'),
		);
		const tab = this.byTestId(`radio-button-${kind}`, '[data-test-id="ndv"] .webhooks');
		await this.step(
			`show the ${kind} URL`,
			async ({ timeout }) => await tab.click({ timeout }),
			shown(
				section
					.locator('label[role="radio"][aria-checked="true"]')
					.filter({ has: this.page.locator(`[data-test-id="radio-button-${kind}"]`) }),
				`the ${kind} URL tab checked`,
			),
		);
	}

	/** The webhook URLs the node panel's "Webhook URLs" section shows now, trimmed, in order. */
	async webhookUrls() {
		return (await this.ndv.locator('.webhooks .webhook-url').allTextContents()).map((text) => text.trim());
	}

	/**
	 * Asserts that the node panel's "Webhook URLs" section shows exactly `urls` (read again until
	 * it does, or the page timeout passes: n8n fills the URL in after the tab changes).
	 *
	 * @param {string[]} urls
	 * @throws AssertionError with the last URLs read.
	 */
	async expectWebhookUrls(urls) {
		assert.deepEqual(await readUntilEqual(() => this.webhookUrls(), urls), urls);
	}

	/** Presses Escape until the node creator is closed (nothing to do when it is closed). */
	async closeNodeCreator() {
		if (!(await this.nodeCreator.isVisible())) return;
		await this.step(
			'close the node creator',
			async () => await this.page.keyboard.press('Escape'),
			gone(this.nodeCreator, 'the node creator closed'),
		);
	}

	/** Closes the node panel with its close button (nothing to do when it is closed). */
	async closeNodePanel() {
		if (!(await this.ndv.isVisible())) return;
		await this.step(
			'close the node panel',
			async ({ timeout }) => await this.byTestId('ndv-close-button').click({ timeout }),
			gone(this.ndv, 'the node panel closed'),
		);
	}

	/** Double-clicks the canvas node `name` until its panel opens. */
	async openNodePanel(name) {
		await this.step(
			`open the panel of "${name}"`,
			async ({ timeout }) => await this.canvasNode(name).dblclick({ timeout }),
			shown(this.ndv, 'the node panel'),
		);
	}

	/** The canvas node `name`. */
	canvasNode(name) {
		return this.page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	}

	/** The output handles of the canvas node `name`, in order. */
	outputHandles(name) {
		return this.page.locator(`[data-test-id="canvas-node-output-handle"][data-node-name="${name}"]`);
	}

	/** Labels of the output handles of the canvas node `name` drawn now, trimmed, in order. */
	async outputLabels(name) {
		return (await this.outputHandles(name).allTextContents()).map((text) => text.trim());
	}

	/**
	 * Asserts that the canvas node `name` shows exactly the output labels `labels`, in order; the
	 * canvas draws the handles one after another, so they are read again until they equal
	 * `labels` or the page timeout passes, then the last labels read are compared.
	 *
	 * @param {string} name
	 * @param {string[]} labels
	 * @throws AssertionError with the last labels read.
	 */
	async expectOutputLabels(name, labels) {
		assert.deepEqual(await readUntilEqual(() => this.outputLabels(name), labels), labels);
	}

	/** Clicks "zoom to fit" until the canvas node `name` lies wholly inside the window. */
	async zoomToFit(name) {
		const node = this.canvasNode(name);
		const viewport = this.page.viewportSize();
		await this.step(
			'zoom to fit',
			async ({ timeout }) => await this.byTestId('zoom-to-fit').click({ timeout }),
			holds(`"${name}" inside the window`, async () => {
				const box = await node.boundingBox({ timeout: 1_000 });
				return (
					box &&
					box.x >= 0 &&
					box.y >= 0 &&
					box.x + box.width <= viewport.width &&
					box.y + box.height <= viewport.height
				);
			}),
		);
	}

	/**
	 * Opens the credential modal of the open node panel: the credential picker, then "Create new
	 * credential", until the modal shows the field `field` (e.g. `apiToken`).
	 *
	 * @param {string} field a credential property name
	 */
	async openNewCredential(field) {
		await this.step(
			'open the credential picker',
			async ({ timeout }) => await this.byTestId('node-credentials-select').click({ timeout }),
			shown(this.byTestId('node-credentials-select-item-new'), '"Create new credential"'),
		);
		await this.step(
			'open the credential modal',
			async ({ timeout }) => await this.byTestId('node-credentials-select-item-new').click({ timeout }),
			shown(this.credentialField(field), `the credential field ${field}`),
		);
	}

	/** The input of the credential modal's field `field`. */
	credentialField(field) {
		return this.credentialModal.locator(`[data-test-id="parameter-input-${field}"] input`);
	}

	/** Replaces the value of the credential modal's field `field` and leaves it with Tab. */
	async fillCredentialField(field, value) {
		const input = this.credentialField(field);
		await input.fill(value);
		await input.press('Tab');
	}

	/**
	 * Clicks the credential modal's Save until the editor sends the credential (POST or PATCH
	 * /rest/credentials…), then resolves the `data` (`{ status, message }`) of the credential
	 * test n8n runs after saving. The form takes typed values in after a short debounce; a Save
	 * that comes first sends nothing, so Save is clicked again then, and never once the
	 * credential went out (each save runs one more test against the API).
	 *
	 * @throws TimeoutError when no test answer comes within the page timeout.
	 */
	async saveCredential() {
		const answers = [];
		const listener = (response) => {
			if (response.url().endsWith('/rest/credentials/test') && response.request().method() === 'POST') {
				answers.push(response);
			}
		};
		this.page.on('response', listener);
		const sent = requested(
			this.page,
			'the credential sent to n8n',
			(request) =>
				['POST', 'PATCH'].includes(request.method()) &&
				/\/rest\/credentials(\/|$|\?)/.test(new URL(request.url()).pathname),
		);
		try {
			await this.step(
				'save the credential',
				async ({ timeout }) => await this.byTestId('credential-save-button').click({ timeout }),
				sent,
			);
			await holds('the answer of the credential test', async () => answers.length > 0).wait(PAGE_TIMEOUT_MS);
			return (await answers[0].json()).data;
		} finally {
			sent.stop();
			this.page.off('response', listener);
		}
	}

	/**
	 * Clicks "More details" of a failed credential test until the modal shows `message`.
	 *
	 * @param {string} message the text the details must show
	 */
	async openCredentialTestDetails(message) {
		await this.step(
			'open the credential test details',
			async ({ timeout }) => await this.credentialModal.getByText('More details', { exact: true }).click({ timeout }),
			shown(this.credentialModal.getByText(message), 'the message of the credential test'),
		);
	}

	/** Presses Escape until the credential modal is closed. */
	async closeCredentialModal() {
		if (!(await this.credentialModal.isVisible())) return;
		await this.step(
			'close the credential modal',
			async () => await this.page.keyboard.press('Escape'),
			gone(this.credentialModal, 'the credential modal closed'),
		);
	}

	/**
	 * Presses Ctrl+S until `saved()` (a check against the server) holds; saving again is harmless.
	 *
	 * @param {() => Promise<boolean>} saved
	 */
	async saveWorkflow(saved) {
		await this.step(
			'save the workflow',
			async () => await this.page.keyboard.press('Control+s'),
			holds('the workflow saved on the server', saved),
		);
	}

	/**
	 * Clicks "Execute workflow" until the editor has sent the run request (POST
	 * /rest/workflows/<id>/run). Never clicks again once a run request went out, so a workflow
	 * is not run twice.
	 */
	async executeWorkflow() {
		const run = requested(
			this.page,
			'the run request',
			(request) => request.method() === 'POST' && /\/rest\/workflows\/[^/]+\/run/.test(request.url()),
		);
		try {
			await this.step(
				'execute the workflow',
				async ({ timeout }) => await this.byTestId('execute-workflow-button').click({ timeout }),
				run,
			);
		} finally {
			run.stop();
		}
	}

	/** The workflow ID in the editor's URL, or undefined for a new, unsaved workflow. */
	workflowId() {
		const id = /\/workflow\/([^/?#]+)/.exec(new URL(this.page.url()).pathname)?.[1];
		return id && id !== 'new' ? id : undefined;
	}
}

/**
 * Calls `read()` until it resolves a value deep-equal to `expected`, for at most the page
 * timeout, and resolves the last value read (an error while reading counts as "not yet").
 */
async function readUntilEqual(read, expected) {
	let last;
	await holds(`a value equal to ${JSON.stringify(expected)}`, async () => {
		last = await read();
		return isDeepStrictEqual(last, expected);
	})
		.wait(PAGE_TIMEOUT_MS)
		.catch(() => {});
	return last;
}

module.exports = { Editor };
