'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseCli, parseFire, DEFAULT_PORT } = require('../cli');
const { DEMO_CLOCK } = require('../constants');
const { signWebhook } = require('..');
const { webhookReceiver, SECRET_VALUE, SECRET_ID, AGENT, C } = require('./helpers');

const CLI = path.join(__dirname, '../cli.js');

describe('parseCli', () => {
	test('--host (or VERITUS_EMULATOR_HOST) sets the listening address', () => {
		expect(parseCli(['--host', '0.0.0.0'], {}).options).toEqual({ port: 4010, host: '0.0.0.0' });
		expect(parseCli([], { VERITUS_EMULATOR_HOST: '::' }).options).toEqual({ port: 4010, host: '::' });
	});

	test('defaults: port 4010 and nothing else', () => {
		expect(DEFAULT_PORT).toBe(4010);
		expect(parseCli([], {})).toEqual({ help: false, options: { port: 4010 } });
	});

	test('reads every flag', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-emulator-'));
		const faults = path.join(dir, 'faults.json');
		fs.writeFileSync(faults, JSON.stringify([{ type: 'status', status: 503 }]));
		const argv = [
			'--port',
			'0',
			'--token',
			'T',
			'--fixtures',
			'f.json',
			'--clock',
			'2026-12-01T12:00:00Z',
			'--compliance-failure-status',
			'422',
			'--seed',
			'3',
			'--faults',
			faults,
			'--latency-ms',
			'25',
			'--rate-limit',
			'5',
		];
		expect(parseCli(argv, {}).options).toEqual({
			port: 0,
			token: 'T',
			fixtures: 'f.json',
			clock: '2026-12-01T12:00:00Z',
			complianceFailureStatus: 422,
			seed: 3,
			faults: [{ type: 'status', status: 503 }],
			latencyMs: 25,
			rateLimit: { requestsPerSecond: 5 },
		});
		fs.rmSync(dir, { recursive: true });
	});

	test('reads the compliance, fixture and webhook flags', () => {
		const argv = [
			'--compliance-failure-shape',
			'spec',
			'--respectful-hours',
			'08:00-20:50',
			'--preload',
			'none',
			'--public-url',
			'http://host.docker.internal:4010',
			'--call-duration-ms',
			'250',
			'--webhook-encoding',
			'base64',
			'--webhook-max-attempts',
			'2',
			'--webhook-timestamp-skew=-400',
			'--recording-ttl-ms',
			'1000',
			'--webhook-duplicate',
			'--webhook-out-of-order',
		];
		expect(parseCli(argv, {}).options).toEqual({
			port: 4010,
			complianceFailureShape: 'spec',
			respectfulHours: { start: '08:00', end: '20:50' },
			preloadCustomers: false,
			publicUrl: 'http://host.docker.internal:4010',
			webhooks: {
				callDurationMs: 250,
				encoding: 'base64',
				maxAttempts: 2,
				timestampSkewSeconds: -400,
				recordingTtlMs: 1000,
				duplicate: true,
				outOfOrder: true,
			},
		});
		expect(parseCli([], { VERITUS_EMULATOR_NO_WEBHOOKS: '1' }).options).toEqual({
			port: 4010,
			webhooks: { deliver: false },
		});
		expect(
			parseCli(['--webhook-secret', '11111111-2222-4333-8444-555555555555=s=3'], {}).options.webhookSecrets,
		).toEqual({ '11111111-2222-4333-8444-555555555555': 's=3' });
		expect(() => parseCli(['--webhook-secret', 'no-equals'], {})).toThrow('--webhook-secret must look like');
		expect(() => parseCli(['--compliance-failure-shape', 'both'], {})).toThrow('must be seed or spec');
		expect(() => parseCli(['--preload', 'some'], {})).toThrow('--preload must be all or none');
		expect(() => parseCli(['--respectful-hours', '8-21'], {})).toThrow('--respectful-hours must look like');
	});

	test('environment variables are fallbacks; flags win', () => {
		const env = { VERITUS_EMULATOR_PORT: '4999', VERITUS_EMULATOR_TOKEN: 'from-env', VERITUS_EMULATOR_SEED: '11' };
		expect(parseCli([], env).options).toEqual({ port: 4999, token: 'from-env', seed: 11 });
		expect(parseCli(['--token', 'from-flag'], env).options.token).toBe('from-flag');
	});

	test('rejects unknown flags and non-integers', () => {
		expect(() => parseCli(['--bogus'], {})).toThrow(/Unknown option '--bogus'/);
		expect(() => parseCli(['--port', 'abc'], {})).toThrow('--port must be an integer, got "abc"');
	});
});

describe('parseFire', () => {
	test('reads the type and every option', () => {
		const argv = [
			'call-ended',
			'--url',
			'http://127.0.0.1:5678/webhook/veritus',
			'--secret',
			's3cret',
			'--encoding',
			'sha256-hex',
			'--call-id',
			'f47ac10b-58cc-4372-a567-0e02b2c3d479',
			'--customer-id',
			'100231',
			'--seed',
			'9',
			'--timestamp-skew=-301',
			'--print',
		];
		expect(parseFire(argv)).toEqual({
			help: false,
			print: true,
			options: {
				type: 'call-ended',
				url: 'http://127.0.0.1:5678/webhook/veritus',
				secret: 's3cret',
				encoding: 'sha256-hex',
				callId: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
				customerId: '100231',
				seed: 9,
				timestampSkewSeconds: -301,
			},
		});
	});

	test.each([
		[['--url', 'http://x'], 'fire needs exactly one event type'],
		[['call-ended'], 'fire needs --url'],
		[['call-started', '--url', 'http://x'], 'Unknown event type "call-started"'],
		[['call-ended', '--url', 'http://x', '--encoding', 'hex-upper'], '--encoding must be one of'],
	])('%j is refused', (argv, message) => {
		expect(() => parseFire(argv)).toThrow(message);
	});
});

describe('node emulator/cli.js', () => {
	/** Runs the CLI to its end. @returns {Promise<{ code: number, stdout: string, stderr: string }>} */
	function run(args) {
		const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
		});
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
		});
		return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
	}

	test('fire sends one signed event to any URL and prints the status', async () => {
		const receiver = await webhookReceiver();
		try {
			const callId = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
			const args = ['fire', 'call-ended', '--url', receiver.url, '--secret', SECRET_VALUE, '--call-id', callId];
			const result = await run(args);
			expect(result).toEqual({
				code: 0,
				stdout: `call-ended → ${receiver.url}: HTTP 200 (signed, hex)\n`,
				stderr: '',
			});
			expect(receiver.received).toHaveLength(1);
			const [{ headers, body }] = receiver.received;
			const timestamp = headers['x-webhook-timestamp'];
			expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
			expect(headers['x-webhook-signature']).toBe(signWebhook({ secret: SECRET_VALUE, timestamp, body }));
			const event = JSON.parse(body);
			expect(event).toMatchObject({ type: 'call-ended', id: callId, customerId: C('100231') });
			expect(event.callEnded).toMatchObject({ id: callId, endedReason: expect.any(String) });
			// The same seed and call ID give the same event (the recording URL's expiry aside).
			await run(args);
			const again = JSON.parse(receiver.received[1].body);
			const stable = (e) => ({ ...e, callEnded: { ...e.callEnded, recordingUrl: undefined } });
			expect(stable(again)).toEqual(stable(event));
		} finally {
			await receiver.close();
		}
	});

	test('fire without a secret sends the event unsigned; a non-2xx answer exits 1', async () => {
		const receiver = await webhookReceiver({ statuses: [401] });
		try {
			const result = await run(['fire', 'drip-campaign.sms', '--url', receiver.url]);
			expect(result.code).toBe(1);
			expect(result.stdout).toBe(`drip-campaign.sms → ${receiver.url}: HTTP 401 (unsigned)\n`);
			expect(receiver.received[0].headers['x-webhook-signature']).toBeUndefined();
			expect(receiver.received[0].headers['x-webhook-timestamp']).toBeUndefined();
		} finally {
			await receiver.close();
		}
	});

	test('prints one line with its URLs, serves, and exits 0 on SIGTERM', async () => {
		const child = spawn(process.execPath, [CLI, '--port', '0', '--seed', '4'], { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => {
			output += chunk;
		});
		const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
		while (!output.includes('\n')) {
			const early = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(null), 20))]);
			if (early) throw new Error(`exited early: ${JSON.stringify(early)}`);
		}
		const match =
			/^Veritus emulator listening on http:\/\/127\.0\.0\.1:(\d+)\/api\/v1 \(control: http:\/\/127\.0\.0\.1:\1\/__emulator\)\n$/.exec(
				output,
			);
		expect(match).not.toBeNull();
		const health = await fetch(`http://127.0.0.1:${match[1]}/__emulator/health`).then((r) => r.json());
		expect(health).toMatchObject({ status: 'ok', clock: new Date(DEMO_CLOCK).toISOString() });
		child.kill('SIGTERM');
		expect(await exited).toEqual({ code: 0, signal: null });
	});

	/**
	 * Starts the CLI with `args` on a free port; resolves `{ port, stderr(), stop() }` once it
	 * listens (`stop()` sends SIGTERM and resolves the exit).
	 */
	async function startCli(args) {
		const child = spawn(process.execPath, [CLI, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => {
			output += chunk;
		});
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
		});
		const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
		const port = await new Promise((resolve, reject) => {
			child.stdout.on('data', () => {
				const found = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)?.[1];
				if (found) resolve(found);
			});
			exited.then((early) => reject(new Error(`exited early: ${JSON.stringify(early)}`)));
		});
		return {
			port,
			stderr: () => stderr,
			stop: () => {
				child.kill('SIGTERM');
				return exited;
			},
		};
	}

	test('32 responses held at once by latency add no listener warning (one listener for the closing signal)', async () => {
		const cli = await startCli(['--latency-ms', '300']);
		const listening = cli.port;
		const answers = await Promise.all(
			Array.from({ length: 32 }, () =>
				fetch(`http://127.0.0.1:${listening}/api/v1/clients`, {
					headers: { authorization: 'Bearer veritus-emulator-token' },
				}).then((response) => response.status),
			),
		);
		expect(answers).toEqual(Array(32).fill(200));
		expect(await cli.stop()).toEqual({ code: 0, signal: null });
		expect(cli.stderr()).not.toContain('MaxListenersExceededWarning');
	});

	test('twelve calls waiting for their call-ended at once add no listener warning (a signal per call)', async () => {
		const receiver = await webhookReceiver();
		const cli = await startCli(['--call-duration-ms', '300']);
		try {
			const accounts = ['100231', '100232', '100233', 'cus_8f2a41c9d7e3', 'cus_3b7e90a1f4c2', '100234'];
			accounts.push('cus_c41d8e27b9a0', '100235', '007215', 'cus_5e9f02b6a8d1', '100236', '100237');
			const answers = await Promise.all(
				accounts.map((account) =>
					fetch(`http://127.0.0.1:${cli.port}/api/v1/customers/${C(account)}/calls`, {
						method: 'POST',
						headers: { authorization: 'Bearer veritus-emulator-token', 'content-type': 'application/json' },
						body: JSON.stringify({ agentId: AGENT, webhook: { url: receiver.url, secretId: SECRET_ID } }),
					}).then((response) => response.status),
				),
			);
			expect(answers).toEqual(Array(12).fill(200));
			const settled = await fetch(
				`http://127.0.0.1:${cli.port}/__emulator/deliveries?type=call-ended&count=12&waitMs=20000`,
			).then((response) => response.json());
			expect(settled.timedOut).toBe(false);
			expect(settled.deliveries.map((delivery) => delivery.status)).toEqual(Array(12).fill('delivered'));
		} finally {
			expect(await cli.stop()).toEqual({ code: 0, signal: null });
			await receiver.close();
		}
		expect(cli.stderr()).not.toContain('MaxListenersExceededWarning');
	});

	test('an invalid option exits 2 with the usage', async () => {
		const child = spawn(process.execPath, [CLI, '--compliance-failure-status', 'x'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
		});
		const code = await new Promise((resolve) => child.on('exit', resolve));
		expect(code).toBe(2);
		expect(stderr).toContain('--compliance-failure-status must be an integer');
		expect(stderr).toContain('Usage: node emulator/cli.js');
	});
});
