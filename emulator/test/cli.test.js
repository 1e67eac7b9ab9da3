'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseCli, DEFAULT_PORT } = require('../cli');
const { DEMO_CLOCK } = require('../constants');

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

describe('node emulator/cli.js', () => {
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
