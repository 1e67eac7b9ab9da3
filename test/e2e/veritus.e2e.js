/**
 * End-to-end: the packed package installed the way n8n installs community packages, a real
 * `n8n start` on loopback, and the editor in Debian's Chromium. Run by `npm run test:e2e`
 * (scripts/test-e2e.js), never by Jest (the file name does not end in `.test.js`).
 *
 * Each `check(name, fn)` is one test: it passes when `fn` resolves and fails when it throws.
 * Screenshots go to `artifactsDir`. A check that drives the editor does it through
 * lib/editor.js: every UI step that opens or changes something acts until its effect shows, and
 * is recorded in `retries`. To add a check, add a `ui(name, fn)` made of such steps (add a step
 * to lib/editor.js when none fits), then assert on what it shows.
 */
'use strict';

const { veritusParameters } = require('../helpers/veritus-parameters');
const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');
const { N8nServer, freePort } = require('../../rig/n8n-server');
const { installTarballLikeN8n, findNestedCopies } = require('../../rig/install-tarball');
const { launchBrowser, newPage, saveEvidence, isIconUrl, blockedByHost } = require('./lib/browser');
const { Editor } = require('./lib/editor');
const { actUntil, shown, RetryLog } = require('./lib/act-until');
const { startEmulator, DEMO_CLOCK } = require('../../emulator');

const PACKAGE = 'n8n-nodes-veritus';
const NODE_TYPE = `${PACKAGE}.veritus`;
const TOOL_TYPE = `${PACKAGE}.veritusTool`;
const TRIGGER_TYPE = `${PACKAGE}.veritusTrigger`;
const GOOD_TOKEN = 'tok_e2e_good_5d21';
const BAD_TOKEN = 'tok_e2e_wrong_0000';
const OWNER = {
	email: 'owner@veritus-e2e.test',
	firstName: 'Olive',
	lastName: 'Owner',
	password: 'Veritus-e2e-Passw0rd',
};
/** Fixture customers (emulator/fixtures/README.md): one passes every check, one is under cease and desist. */
const PASSING_CUSTOMER = '3a8d6bff-6306-5c57-9536-7e8d4a2d24f8'; // account 100232
const BLOCKED_CUSTOMER = '7d3bd1ee-87c2-57e5-a0d3-0fd5c84b11c7'; // account 100241
const AGENT = 'b4176fbb-cfd4-50c0-ab9d-855d00336b30';
/** Where the saved workflow's webhook points: an n8n instance's test URL (the node warns about it). */
const TEST_WEBHOOK_BASE = 'https://n8n.example.com';

const ICON_LIGHT = `/icons/${PACKAGE}/dist/nodes/Veritus/veritus.svg`;
const ICON_DARK = `/icons/${PACKAGE}/dist/nodes/Veritus/veritus.dark.svg`;
const CREDENTIAL_ICON_LIGHT = `/icons/${PACKAGE}/dist/credentials/veritus.svg`;
const TRIGGER_ICON_LIGHT = `/icons/${PACKAGE}/dist/nodes/VeritusTrigger/veritus.svg`;
const TRIGGER_ICON_DARK = `/icons/${PACKAGE}/dist/nodes/VeritusTrigger/veritus.dark.svg`;
/**
 * The node creator's trigger events of the "Veritus" entry: n8n lists one "On <event>" per option
 * of the trigger's Events parameter (nodes/VeritusTrigger), in the order of the options.
 */
const TRIGGER_EVENTS = [
	'On any other event type',
	'On call created',
	'On call ended',
	'On drip campaign call created',
	'On drip campaign call ended',
	'On drip campaign sms',
];

/**
 * @param {object} options
 * @param {(name: string, fn: () => Promise<void>) => Promise<boolean>} options.check
 * @param {string} options.bin n8n's CLI script.
 * @param {string} options.tarball the packed package.
 * @param {string} options.workDir a temporary folder for the n8n user folder.
 * @param {string} options.artifactsDir where screenshots and logs go.
 * @param {import('./lib/act-until').RetryLog} options.retries records every UI step and its tries.
 * @param {(line: string) => void} options.log
 */
async function runE2e({ check, bin, node, tarball, workDir, artifactsDir, retries, log }) {
	const userFolder = path.join(workDir, 'n8n-user');
	fs.mkdirSync(userFolder, { recursive: true });
	/** Every response the browser got, and every request to another host it was refused. */
	const responses = [];
	const blocked = [];
	const shot = async (page, name) => {
		await page.screenshot({ path: path.join(artifactsDir, `${name}.png`) });
	};
	let failures = 0;
	/**
	 * A check that drives `page`: on failure it saves `fail-N.png` and `fail-N.log` (the error, the
	 * last browser console lines and network events), then runs `restore`, so that a failed check
	 * never leaves the next one in a strange state.
	 */
	const uiCheck =
		(page) =>
		async (name, fn, { restore } = {}) =>
			await check(name, async () => {
				try {
					await fn();
				} catch (error) {
					failures += 1;
					const written = await saveEvidence(page(), artifactsDir, `fail-${failures}`, error);
					log(`      evidence: ${written.map((file) => path.relative(process.cwd(), file)).join(', ')}`);
					throw error;
				} finally {
					if (restore) await restore().catch((error) => log(`      restore after "${name}" failed: ${error.message}`));
				}
			});
	const state = {};
	const cleanups = [];

	try {
		// ── Real install path ───────────────────────────────────────────────────────────────
		await check(
			'install: the tarball goes into <user folder>/.n8n/nodes the way n8n installs community packages',
			async () => {
				state.install = installTarballLikeN8n(userFolder, tarball);
				const packageDir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE);
				assert.equal(state.install.packageDir, packageDir);
				assert.ok(fs.existsSync(path.join(packageDir, 'dist', 'nodes', 'Veritus', 'Veritus.node.js')));
				assert.ok(fs.existsSync(path.join(packageDir, 'dist', 'nodes', 'VeritusTrigger', 'VeritusTrigger.node.js')));
				assert.ok(fs.existsSync(path.join(packageDir, 'dist', 'credentials', 'VeritusApi.credentials.js')));
				assert.ok(
					fs.existsSync(path.join(packageDir, 'dist', 'credentials', 'VeritusWebhookSecretApi.credentials.js')),
				);
				const nodesManifest = JSON.parse(fs.readFileSync(path.join(state.install.nodesDir, 'package.json'), 'utf8'));
				assert.equal(nodesManifest.dependencies[PACKAGE], state.install.version);
			},
		);

		await check('install: no nested copy of n8n-workflow (nor any other package) next to the node', async () => {
			assert.deepEqual(findNestedCopies(state.install.nodesDir), []);
			const installed = fs
				.readdirSync(path.join(state.install.nodesDir, 'node_modules'))
				.filter((name) => !name.startsWith('.'));
			assert.deepEqual(installed, [PACKAGE]);
			assert.equal(fs.existsSync(path.join(state.install.packageDir, 'node_modules')), false);
		});

		const emulator = await startEmulator({ token: GOOD_TOKEN, clock: DEMO_CLOCK });
		cleanups.push(() => emulator.close());
		const port = await freePort();
		const server = new N8nServer({ bin, node, userFolder, port, logFile: path.join(artifactsDir, 'n8n-server.log') });
		cleanups.push(() => server.stop());

		const started = await check('n8n start: the server answers /healthz on 127.0.0.1', async () => {
			await server.start();
		});
		if (!started) return;

		await check('n8n start: the owner is set up over the REST API on a fresh instance', async () => {
			const before = await server.rest('GET', '/rest/settings');
			assert.equal(before.userManagement.showSetupOnFirstLoad, true);
			const owner = await server.setupOwner(OWNER);
			assert.equal(owner.email, OWNER.email);
			assert.match(server.cookie, /^n8n-auth=/);
			const after = await server.rest('GET', '/rest/settings');
			assert.equal(after.userManagement.showSetupOnFirstLoad, false);
		});

		await check(
			`n8n start: ${NODE_TYPE}, its tool variant, ${TRIGGER_TYPE} and both credentials are loaded`,
			async () => {
				const nodes = await server.rest('GET', '/types/nodes.json');
				const veritus = nodes.find((node) => node.name === NODE_TYPE);
				assert.ok(veritus, `${NODE_TYPE} is not in /types/nodes.json`);
				assert.equal(veritus.displayName, 'Veritus');
				assert.deepEqual(veritus.iconUrl, { light: ICON_LIGHT.slice(1), dark: ICON_DARK.slice(1) });
				assert.ok(
					nodes.find((node) => node.name === TOOL_TYPE),
					`${TOOL_TYPE} is not in /types/nodes.json`,
				);
				const trigger = nodes.find((node) => node.name === TRIGGER_TYPE);
				assert.ok(trigger, `${TRIGGER_TYPE} is not in /types/nodes.json`);
				assert.equal(trigger.displayName, 'Veritus Trigger');
				assert.deepEqual(trigger.group, ['trigger']);
				assert.deepEqual(trigger.iconUrl, { light: TRIGGER_ICON_LIGHT.slice(1), dark: TRIGGER_ICON_DARK.slice(1) });
				assert.equal(trigger.webhooks.length, 1);
				// The path n8n puts after the node's webhook ID in the trigger's URLs.
				state.triggerWebhookPath = trigger.webhooks[0].path;
				assert.match(state.triggerWebhookPath, /^[a-z0-9-]+$/);
				const credentials = await server.rest('GET', '/types/credentials.json');
				assert.ok(credentials.find((credential) => credential.name === 'veritusApi'));
				assert.ok(credentials.find((credential) => credential.name === 'veritusWebhookSecretApi'));
			},
		);

		await check('n8n start: no error or warning in the server log names the package', async () => {
			const problems = server
				.logs()
				.filter((entry) => ['error', 'warn'].includes(entry.level) && JSON.stringify(entry).includes(PACKAGE));
			assert.deepEqual(problems, []);
			assert.doesNotMatch(server.output, /Unrecognized node type/);
		});

		await check('icons: the node and credential icons are served (200, image/svg+xml)', async () => {
			for (const icon of [ICON_LIGHT, ICON_DARK, TRIGGER_ICON_LIGHT, TRIGGER_ICON_DARK, CREDENTIAL_ICON_LIGHT]) {
				const response = await fetch(`${server.baseUrl}${icon}`);
				assert.equal(response.status, 200, icon);
				assert.match(response.headers.get('content-type'), /image\/svg\+xml/, icon);
				assert.match(await response.text(), /<svg/, icon);
			}
		});

		// ── Editor in a real browser ───────────────────────────────────────────────────────
		const chromium = await launchBrowser();
		cleanups.push(() => chromium.close());
		cleanups.push(async () => reportBlocked(blocked, log));
		log(`  (browser: Chromium ${chromium.version} over the DevTools protocol)`);

		await check(
			'act until the effect shows: a control that ignores its first click is clicked again, and counted',
			async () => {
				await selfCheckActUntil(chromium.context);
			},
		);
		const page = await newPage(chromium.context, { allowedOrigin: server.baseUrl, responses, blocked });
		const editor = new Editor(page, { baseUrl: server.baseUrl, retries, log });
		const ui = uiCheck(() => page);

		const loggedIn = await ui('editor: the owner signs in through the sign-in form', async () => {
			await editor.signIn(OWNER);
			assert.doesNotMatch(new URL(page.url()).pathname, /signin/);
		});
		if (!loggedIn) return;

		// The node and its trigger are one "Veritus" entry in the node creator. On an empty canvas
		// ("What triggers this workflow?") it opens with its trigger events expanded and its actions
		// collapsed.
		await ui(
			'editor: searching "Veritus" in the node picker shows one entry for the node and its trigger',
			async () => {
				await editor.openNewWorkflow();
				await editor.openNodeCreatorAndSearch('Veritus');
				await editor.expectNodeCreatorItems(['Veritus']);
				await shot(page, '01-node-picker-search');
			},
		);

		await ui('editor: the "Veritus" entry lists the trigger events of the Veritus Trigger', async () => {
			await editor.pickNode('Veritus', { shows: 'On call ended' });
			await editor.expectCategoryItems('Triggers', TRIGGER_EVENTS);
			await shot(page, '02-node-trigger-events');
		});

		await ui('editor: the node lists its action "Create a call" under Actions', async () => {
			await editor.expandCategory('Actions', { shows: 'Create a call' });
			const actions = await editor.categoryItemNames('Actions');
			assert.ok(actions.includes('Create a call'), JSON.stringify(actions));
			// Every item under Actions belongs to the node, none to the trigger.
			assert.deepEqual(
				actions.filter((name) => TRIGGER_EVENTS.includes(name)),
				[],
			);
			await shot(page, '03-node-actions');
		});

		await ui('editor: adding it opens its panel with the parameters', async () => {
			await editor.pickAction('Create a call');
			const panel = '[data-test-id="ndv"]';
			for (const name of ['resource', 'operation', 'customerId', 'agentId', 'outputLayout', 'simplify']) {
				await editor.byTestId(`parameter-input-${name}`, panel).waitFor({ state: 'visible' });
			}
			const labels = (await editor.byTestId('node-parameters', panel).locator('label').allTextContents()).map((text) =>
				text.trim(),
			);
			for (const label of ['Resource', 'Operation', 'Customer ID', 'Agent ID', 'Output Layout', 'Simplify']) {
				assert.ok(
					labels.some((text) => text.startsWith(label)),
					`label "${label}" missing in ${JSON.stringify(labels)}`,
				);
			}
			// n8n labels the credential picker "Credential to connect with" or "Credential for Veritus API".
			assert.ok(
				labels.some((text) => /^Credential (to connect with|for Veritus API)/.test(text)),
				`no credential picker in ${JSON.stringify(labels)}`,
			);
			for (const text of ['Webhook', 'Options']) {
				await editor.ndv.getByText(text, { exact: true }).first().waitFor({ state: 'visible' });
			}
			assert.match(await editor.parameterText('outputLayout'), /Passed and Failed/);
			await shot(page, '04-node-panel-parameters');
		});

		await ui('editor: the credential form shows API Token and Base URL', async () => {
			await editor.openNewCredential('apiToken');
			assert.equal(await editor.credentialField('apiToken').getAttribute('type'), 'password');
			// The form fills in the Base URL's default just after it opens: wait for it.
			await page.waitForFunction(
				(selector) => document.querySelector(selector)?.value === 'https://sandbox.veritusagent.ai/api/v1',
				'[data-test-id="editCredential-modal"] [data-test-id="parameter-input-baseUrl"] input',
			);
			const modalText = await editor.credentialModal.textContent();
			for (const text of ['Veritus API', 'API Token', 'Base URL'])
				assert.ok(modalText.includes(text), `"${text}" missing`);
			await shot(page, '05-credential-form');
		});

		await ui('editor: the credential test against the emulator fails for a wrong token', async () => {
			await editor.fillCredentialField('apiToken', BAD_TOKEN);
			await editor.fillCredentialField('baseUrl', emulator.baseUrl);
			const result = await editor.saveCredential();
			assert.equal(result.status, 'Error');
			assert.equal(result.message, 'The API token was rejected (HTTP 401). Check the token Veritus issued to you.');
			await editor.credentialModal.getByText('Couldn’t connect with these settings').waitFor({ state: 'visible' });
			await editor.openCredentialTestDetails(result.message);
			await shot(page, '06-credential-test-failed');
		});

		await ui('editor: the credential test against the emulator succeeds for the right token', async () => {
			await editor.fillCredentialField('apiToken', GOOD_TOKEN);
			const result = await editor.saveCredential();
			assert.equal(result.status, 'OK');
			await editor.byTestId('credentials-config-container-test-success').waitFor({ state: 'visible' });
			await shot(page, '07-credential-test-success');
		});

		await check('emulator: the credential tests read the client list and placed no call', async () => {
			const { requests } = await (await fetch(`${emulator.controlUrl}/requests`)).json();
			const probes = requests.filter((request) => request.rawPath === '/api/v1/clients');
			log(
				`  (credential probes: ${JSON.stringify(probes.map((request) => ({ authorized: request.authorized, status: request.status })))})`,
			);
			// The wrong token first (401), then the right one (200): List Clients only reads.
			assert.deepEqual(
				probes.map((request) => [request.method, request.authorized, request.status, request.outcome, request.placed]),
				[
					['GET', false, 401, 'rejected', false],
					['GET', true, 200, 'ok', false],
				],
			);
			const { calls } = await (await fetch(`${emulator.controlUrl}/calls`)).json();
			assert.equal(calls.length, 0);
		});

		await ui('editor: the node shows its Passed and Failed outputs on the canvas', async () => {
			await editor.closeCredentialModal();
			// Escape may close the node panel too.
			await editor.closeNodePanel();
			await editor.zoomToFit('Create a call');
			await editor.expectOutputLabels('Create a call', ['Passed', 'Failed']);
			await shot(page, '08-canvas-passed-failed-outputs');
		});

		await ui(
			'editor: the AI Agent tool list offers "Veritus Tool"',
			async () => {
				await editor.openNodeCreatorAndSearch('AI Agent');
				await editor.pickNode('AI Agent', { opensPanel: true });
				await editor.closeNodePanel();
				await editor.zoomToFit('AI Agent');
				const toolInput = page.locator(
					'[data-test-id="canvas-node-input-handle"][data-connection-type="ai_tool"][data-node-name="AI Agent"] [data-test-id="canvas-handle-plus"]',
				);
				await editor.openNodeCreatorAndSearch('Veritus', { from: toolInput, expect: 'Veritus Tool' });
				await editor.expectNodeCreatorItems(['Veritus Tool']);
				assert.match(await editor.nodeCreator.textContent(), /REAL outbound phone call/);
				await shot(page, '09-ai-agent-tools-veritus-tool');
			},
			{ restore: async () => await editor.closeNodeCreator() },
		);

		await ui(
			'editor: in the dark theme the node uses its dark icon',
			async () => {
				// Saved (by Ctrl+S or n8n's own autosave) means the server has both nodes.
				await editor.saveWorkflow(async () => {
					const id = editor.workflowId();
					if (!id) return false;
					const saved = await server.rest('GET', `/rest/workflows/${id}`);
					const names = saved.nodes.map((node) => node.name);
					return names.includes('Create a call') && names.includes('AI Agent');
				});
				await page.evaluate(() => localStorage.setItem('N8N_THEME', 'dark'));
				// The dark icon is an <img> of the node on the canvas: wait for its answer.
				const darkIconLoaded = page.waitForResponse((response) => response.url().endsWith(ICON_DARK));
				darkIconLoaded.catch(() => {});
				await page.reload({ waitUntil: 'domcontentloaded' });
				await page.waitForFunction(() => document.body.getAttribute('data-theme') === 'dark');
				await editor.outputHandles('Create a call').first().waitFor({ state: 'visible' });
				assert.ok([200, 304].includes((await darkIconLoaded).status()), 'the dark icon did not load');
				await editor.zoomToFit('Create a call');
				await shot(page, '10-dark-canvas');
				await editor.openNodeCreatorAndSearch('Veritus');
				await shot(page, '11-dark-node-picker');
				const darkIcon = responses.filter((response) => response.url.endsWith(ICON_DARK));
				assert.ok(
					darkIcon.every((response) => response.status === 200 || response.status === 304),
					JSON.stringify(darkIcon),
				);
			},
			{
				// Back to the light theme whatever happened, so later checks see the light icon.
				restore: async () => {
					await editor.closeNodeCreator();
					await page.evaluate(() => localStorage.setItem('N8N_THEME', 'light'));
				},
			},
		);

		// ── The Veritus Trigger, in a workflow of its own (deleted again at the end) ─────────
		const triggerWorkflow = {};
		/** The trigger's workflow as the server has it, once it holds the trigger with its webhook ID. */
		const savedTriggerWorkflow = async () => {
			const id = editor.workflowId();
			if (!id) return null;
			const saved = await server.rest('GET', `/rest/workflows/${id}`);
			const trigger = saved.nodes.find((node) => node.type === TRIGGER_TYPE);
			return trigger?.webhookId ? { id, trigger } : null;
		};

		await ui(
			'editor: picking the trigger event "On call ended" adds the Veritus Trigger and opens its panel',
			async () => {
				await editor.openNewWorkflow();
				await editor.openNodeCreatorAndSearch('Veritus');
				await editor.pickNode('Veritus', { shows: 'On call ended' });
				await editor.pickAction('On call ended');
				for (const name of ['authentication', 'events', 'simplify']) {
					await editor.byTestId(`parameter-input-${name}`, '[data-test-id="ndv"]').waitFor({ state: 'visible' });
				}
				// The event picked in the node creator is the Events filter.
				assert.equal(await editor.parameterText('events'), 'Call Ended');
				// n8n saves a new workflow as soon as it has a node (or on Ctrl+S): read the trigger back.
				await editor.saveWorkflow(async () => Boolean(await savedTriggerWorkflow()));
				const { id, trigger } = await savedTriggerWorkflow();
				Object.assign(triggerWorkflow, { id, webhookId: trigger.webhookId });
				assert.equal(trigger.name, 'Veritus Trigger');
				assert.deepEqual(trigger.parameters.events, ['call-ended']);
				await shot(page, '12-trigger-panel');
			},
		);

		await ui(
			"editor: the trigger's panel shows its production URL <n8n base>/webhook/<path>, and where to paste it",
			async () => {
				assert.ok(triggerWorkflow.webhookId, 'the previous check found no saved trigger');
				// n8n's webhook URLs: <base>/webhook-test/<path> and <base>/webhook/<path>, the path being the
				// node's webhook ID and the path the trigger declares.
				const webhookPath = `${triggerWorkflow.webhookId}/${state.triggerWebhookPath}`;
				await editor.showWebhookUrl('test');
				await editor.expectWebhookUrls([`${server.baseUrl}/webhook-test/${webhookPath}`]);
				await editor.showWebhookUrl('production');
				await editor.expectWebhookUrls([`${server.baseUrl}/webhook/${webhookPath}`]);
				const notice = editor.ndv.getByText(/^Where to paste the URL:/);
				await notice.waitFor({ state: 'visible' });
				const text = await notice.textContent();
				for (const part of ['Production URL', 'Call → Create', 'Webhook URL', 'webhook.url', 'Secret ID']) {
					assert.ok(text.includes(part), `"${part}" missing in the notice: ${text}`);
				}
				await shot(page, '13-trigger-production-url');
			},
		);

		await ui(
			'editor: the trigger\'s panel has Signature Verification and the credential picker for "Veritus Webhook Secret API"',
			async () => {
				const labels = (
					await editor.byTestId('node-parameters', '[data-test-id="ndv"]').locator('label').allTextContents()
				).map((text) => text.trim());
				for (const label of ['Signature Verification', 'Events', 'Simplify']) {
					assert.ok(
						labels.some((text) => text.startsWith(label)),
						`label "${label}" missing in ${JSON.stringify(labels)}`,
					);
				}
				assert.match(await editor.parameterText('authentication'), /^Veritus Webhook Secret$/);
				assert.ok(
					labels.some((text) => /^Credential (to connect with|for Veritus Webhook Secret API)/.test(text)),
					`no credential picker in ${JSON.stringify(labels)}`,
				);
				// The picker creates a Veritus Webhook Secret API credential: its form has the Secret, hidden.
				await editor.openNewCredential('secret');
				assert.equal(await editor.credentialField('secret').getAttribute('type'), 'password');
				const modalText = await editor.credentialModal.textContent();
				for (const text of ['Veritus Webhook Secret API', 'Secret', 'Secret ID']) {
					assert.ok(modalText.includes(text), `"${text}" missing in the credential form`);
				}
				await shot(page, '14-trigger-credential-form');
				await editor.closeCredentialModal();
				const credentials = await server.rest('GET', '/rest/credentials');
				assert.deepEqual(
					credentials.filter((credential) => credential.type === 'veritusWebhookSecretApi'),
					[],
					'closing the form unsaved must leave no credential',
				);
			},
			{ restore: async () => await editor.closeCredentialModal() },
		);

		await ui('editor: the canvas shows the Veritus Trigger with its icon (no 404)', async () => {
			await editor.closeNodePanel();
			await editor.zoomToFit('Veritus Trigger');
			const icon = editor.canvasNode('Veritus Trigger').locator('img');
			await icon.waitFor({ state: 'visible' });
			assert.ok((await icon.getAttribute('src')).endsWith(TRIGGER_ICON_LIGHT), await icon.getAttribute('src'));
			// Drawn, not a broken image.
			await page.waitForFunction((image) => image.complete && image.naturalWidth > 0, await icon.elementHandle());
			const answers = responses.filter((response) => response.url.endsWith(TRIGGER_ICON_LIGHT));
			assert.ok(
				answers.length > 0 && answers.every((response) => [200, 304].includes(response.status)),
				JSON.stringify(answers),
			);
			await shot(page, '15-canvas-veritus-trigger');
		});

		await check("restore: the trigger's workflow is archived and deleted", async () => {
			const id = triggerWorkflow.id ?? editor.workflowId();
			// Leave the workflow first, so the editor saves nothing more to it.
			await editor.goto('/home/workflows');
			if (!id) return;
			await server.rest('POST', `/rest/workflows/${id}/archive`, {});
			await server.rest('DELETE', `/rest/workflows/${id}`);
			assert.equal((await server.request('GET', `/rest/workflows/${id}`)).status, 404);
		});

		await check('icons: the browser got 0 answers 404 for icon URLs, and the Veritus icons loaded', async () => {
			const icons = responses.filter((response) => isIconUrl(response.url));
			const missing = icons.filter((response) => response.status === 404);
			assert.deepEqual(missing, []);
			for (const icon of [ICON_LIGHT, ICON_DARK, TRIGGER_ICON_LIGHT, CREDENTIAL_ICON_LIGHT]) {
				assert.ok(
					icons.some((response) => response.url.endsWith(icon) && [200, 304].includes(response.status)),
					`${icon} not loaded`,
				);
			}
			log(`  (${icons.length} icon responses recorded, ${missing.length} of them 404)`);
		});

		// ── Restart: a saved workflow that uses the node still opens and runs ─────────────────
		await check('restart: a workflow that uses the node is saved over the REST API', async () => {
			const credential = await server.rest('POST', '/rest/credentials', {
				name: 'Veritus (emulator)',
				type: 'veritusApi',
				data: { apiToken: GOOD_TOKEN, baseUrl: emulator.baseUrl },
			});
			state.credential = { id: credential.id, name: credential.name };
			const workflow = await server.rest('POST', '/rest/workflows', restartWorkflow(state.credential));
			state.workflowId = workflow.id;
			const saved = await server.rest('GET', `/rest/workflows/${workflow.id}`);
			assert.ok(saved.nodes.some((node) => node.type === NODE_TYPE));
		});

		const restarted = await check('restart: n8n stops and starts again on the same user folder', async () => {
			await server.stop();
			assert.ok(server.exited);
			server.cookie = '';
			await server.start();
			await server.login(OWNER);
			assert.match(server.cookie, /^n8n-auth=/);
		});
		if (!restarted || !state.workflowId) return;

		await check('restart: the node type is still known and the log has no "Unrecognized node type"', async () => {
			const nodes = await server.rest('GET', '/types/nodes.json');
			assert.ok(nodes.some((node) => node.name === NODE_TYPE));
			assert.doesNotMatch(server.output, /Unrecognized node type/);
			const problems = server
				.logs()
				.filter((entry) => ['error', 'warn'].includes(entry.level) && JSON.stringify(entry).includes(PACKAGE));
			assert.deepEqual(problems, []);
		});

		await check('restart: GET /rest/workflows/<id> returns the saved workflow with the Veritus node', async () => {
			const saved = await server.rest('GET', `/rest/workflows/${state.workflowId}`);
			const veritus = saved.nodes.find((node) => node.name === 'Veritus');
			assert.equal(veritus.type, NODE_TYPE);
			assert.deepEqual(veritus.credentials, { veritusApi: state.credential });
		});

		const page2 = await newPage(chromium.context, { allowedOrigin: server.baseUrl, responses, blocked });
		const editor2 = new Editor(page2, { baseUrl: server.baseUrl, retries, log });
		const ui2 = uiCheck(() => page2);
		await ui2('restart: the saved workflow opens in the editor with the node, its icon and outputs', async () => {
			await editor2.signIn(OWNER);
			await editor2.goto(`/workflow/${state.workflowId}`);
			await editor2.expectOutputLabels('Veritus', ['Passed', 'Failed']);
			const iconSources = await editor2.page
				.locator('[data-test-id="canvas-node"] img')
				.evaluateAll((images) => images.map((image) => image.getAttribute('src')));
			assert.ok(
				iconSources.some((src) => src && src.endsWith(ICON_LIGHT)),
				JSON.stringify(iconSources),
			);
			await editor2.zoomToFit('Veritus');
			await shot(page2, '16-after-restart-saved-workflow');
		});

		await ui2('restart: the workflow runs from the editor; Veritus places one call and blocks one', async () => {
			await editor2.executeWorkflow();
			const { results } = await waitFor(async () => {
				const list = await server.rest(
					'GET',
					`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: state.workflowId }))}`,
				);
				return list.results?.length &&
					list.results.every(
						(execution) => execution.finished || ['success', 'error', 'crashed'].includes(execution.status),
					)
					? list
					: null;
			});
			assert.equal(results.length, 1);
			assert.equal(results[0].status, 'success');
			const { calls } = await (await fetch(`${emulator.controlUrl}/calls`)).json();
			assert.deepEqual(
				calls.map((call) => [call.customerId, call.agentId]),
				[[PASSING_CUSTOMER, AGENT]],
			);
			const { requests } = await (await fetch(`${emulator.controlUrl}/requests`)).json();
			const runRequests = requests.filter((request) => request.rawPath !== '/api/v1/clients');
			assert.deepEqual(
				runRequests.map((request) => [request.customerId, request.outcome]).sort(),
				[
					[PASSING_CUSTOMER, 'placed'],
					[BLOCKED_CUSTOMER, 'blocked'],
				].sort(),
			);
			await editor2.outputHandles('Veritus').first().waitFor({ state: 'visible' });
			await shot(page2, '17-after-restart-run');
		});

		await ui2(
			"editor: the run's hints show in the node panel: the real calls a manual run placed, and the n8n test URL",
			async () => {
				// The run's data (and its hints) live in this editor session: open the node, no reload.
				await editor2.openNodePanel('Veritus');
				// The hints are callouts above the node's output in the panel.
				const expected = ['This manual run placed 1 real call through Veritus.', 'is an n8n test URL (/webhook-test/)'];
				await page2.waitForFunction((wanted) => {
					const panel = document.querySelector('[data-test-id=ndv]');
					return !!panel && wanted.every((text) => panel.textContent.includes(text));
				}, expected);
				await shot(page2, '18-run-hints-in-the-panel');
			},
		);

		await check('icons: still 0 answers 404 for icon URLs after the restart', async () => {
			assert.deepEqual(
				responses.filter((response) => isIconUrl(response.url) && response.status === 404),
				[],
			);
		});
	} finally {
		for (const cleanup of cleanups.reverse()) {
			try {
				await cleanup();
			} catch (error) {
				log(`cleanup: ${error.message}`);
			}
		}
	}
}

/**
 * The retry of lib/act-until.js against this browser, on a page of its own (no request leaves
 * it): a button that opens its panel only from its second click is clicked again until the panel
 * shows, and every repeat is counted; an effect that never shows fails the step at its deadline,
 * naming it. The run's retry count is not touched. How many tries either takes depends on the
 * machine's speed (a loaded machine can let a try's window pass before its click lands), so only
 * "more than one" is asserted, never an exact number.
 *
 * @param {import('playwright-core').BrowserContext} context
 * @throws AssertionError when either does not hold.
 */
async function selfCheckActUntil(context) {
	const probe = await context.newPage();
	try {
		await probe.setContent(
			'<button id="open">Open</button><div id="panel" hidden>Panel</div>' +
				'<script>window.clicks = 0; document.getElementById("open").addEventListener("click", () => {' +
				' window.clicks += 1; if (window.clicks > 1) document.getElementById("panel").hidden = false; });</script>',
		);
		const own = new RetryLog();
		const click = async ({ timeout }) => await probe.locator('#open').click({ timeout });
		const tries = await actUntil({
			step: 'open the panel',
			act: click,
			until: shown(probe.locator('#panel')),
			retries: own,
		});
		// The first click is ignored, so the panel needs at least a second one.
		assert.ok(tries >= 2, `the panel showed after ${tries} tries`);
		assert.ok((await probe.evaluate(() => window.clicks)) >= 2);
		assert.equal(own.retried, tries - 1);
		assert.equal(own.summary(), `Retried UI actions: ${tries - 1} in 1 UI steps (open the panel: ${tries - 1})`);
		await assert.rejects(
			actUntil({
				step: 'open nothing',
				act: click,
				until: shown(probe.locator('#missing'), 'the missing panel'),
				retries: own,
				deadlineMs: 3_000,
			}),
			/^Error: open nothing: the missing panel did not show after [1-9]\d* tries in 3000 ms/,
		);
	} finally {
		await probe.close();
	}
}

/**
 * Prints how many requests to hosts other than the n8n under test the browser made (each was
 * answered 404 by the test), by host. No check depends on them.
 */
function reportBlocked(blocked, log) {
	const byHost = blockedByHost(blocked);
	const hosts = Object.entries(byHost).map(([host, count]) => `${host} ×${count}`);
	log(`\nBlocked ${blocked.length} browser request(s) to other hosts${hosts.length ? `: ${hosts.join(', ')}` : ''}`);
}

/** Polls `fn` until it returns a truthy value (at most `timeoutMs`). */
async function waitFor(fn, { timeoutMs = 60_000, intervalMs = 500 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	while (Date.now() < deadline) {
		try {
			const value = await fn();
			if (value) return value;
		} catch (error) {
			lastError = error;
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
	throw new Error(`gave up waiting${lastError ? `: ${lastError.message}` : ''}`);
}

/** Manual trigger → two rows → Veritus → Passed / Failed No-Ops. */
function restartWorkflow(credential) {
	const node = (id, name, type, typeVersion, position, parameters, extra = {}) => ({
		id,
		name,
		type,
		typeVersion,
		position,
		parameters,
		...extra,
	});
	const rows = [
		{ customer_id: PASSING_CUSTOMER, agent_id: AGENT },
		{ customer_id: BLOCKED_CUSTOMER, agent_id: AGENT },
	];
	return {
		name: 'Veritus restart check',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('6f0a1c2e-0000-4000-8000-000000000001', 'Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}),
			node('6f0a1c2e-0000-4000-8000-000000000002', 'Rows', 'n8n-nodes-base.code', 2, [220, 0], {
				jsCode: `return ${JSON.stringify(rows)}.map((json) => ({ json }));`,
			}),
			node(
				'6f0a1c2e-0000-4000-8000-000000000003',
				'Veritus',
				NODE_TYPE,
				1,
				[440, 0],
				// A webhook on an n8n test URL: the run must warn about it (execution hints).
				veritusParameters({
					webhook: {
						url: `${TEST_WEBHOOK_BASE}/webhook-test/veritus-call-updates`,
						secretId: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
					},
				}),
				{ credentials: { veritusApi: credential } },
			),
			node('6f0a1c2e-0000-4000-8000-000000000004', 'Placed', 'n8n-nodes-base.noOp', 1, [700, -100], {}),
			node('6f0a1c2e-0000-4000-8000-000000000005', 'Blocked', 'n8n-nodes-base.noOp', 1, [700, 100], {}),
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Veritus', type: 'main', index: 0 }]] },
			Veritus: {
				main: [[{ node: 'Placed', type: 'main', index: 0 }], [{ node: 'Blocked', type: 'main', index: 0 }]],
			},
		},
	};
}

module.exports = { runE2e };
