'use strict';

/**
 * A throw-away n8n user folder with this package installed the way n8n installs community
 * packages (`<user folder>/.n8n/nodes/node_modules/n8n-nodes-veritus`, so the node type is
 * `n8n-nodes-veritus.veritus`), plus helpers that drive n8n's CLI: import credentials and
 * workflows, and execute a workflow headlessly.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { repoRoot, distDir } = require('./paths');
const { ensureN8n, defaultHost } = require('./n8n-host');
const { freePort, n8nProcessEnv, parseLogLines, findRunData, runCommand } = require('./n8n-process');

/**
 * Copies the built package (package.json + dist) into `<userFolder>/.n8n/nodes/node_modules`.
 * The package has no dependencies, so this is what `npm install` of its tarball lays down.
 */
function installBuiltPackage(userFolder) {
	if (!fs.existsSync(path.join(distDir, 'nodes', 'Veritus', 'Veritus.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first');
	}
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', 'n8n-nodes-veritus');
	fs.mkdirSync(target, { recursive: true });
	fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(target, 'package.json'));
	fs.cpSync(distDir, path.join(target, 'dist'), { recursive: true });
	const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { 'n8n-nodes-veritus': version } }, null, 2),
	);
}

class N8nInstance {
	/**
	 * @param {object} [options]
	 * @param {string|object} [options.version] the n8n host from `.n8n-host/` (installed on first
	 *   use): an n8n version, a host name of the matrix, or `{ n8nVersion, nodeVersion }`; the host
	 *   the environment selects by default (VERITUS_N8N_HOST / VERITUS_N8N_VERSION, see n8n-host.js).
	 * @param {string} [options.userFolder] folder for n8n's data; a new temporary one by default.
	 * @param {Record<string,string>} [options.env] extra environment for every n8n command.
	 */
	constructor({ version = defaultHost(), userFolder, env = {} } = {}) {
		this.host = ensureN8n(version);
		this.userFolder = userFolder || fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-n8n-'));
		this.filesDir = path.join(this.userFolder, 'files');
		fs.mkdirSync(this.filesDir, { recursive: true });
		this.extraEnv = env;
		installBuiltPackage(this.userFolder);
	}

	/** The environment every n8n command of this instance runs with. */
	env(extra = {}) {
		return n8nProcessEnv(this.userFolder, 'veritus-demo-encryption-key', {
			N8N_RESTRICT_FILE_ACCESS_TO: this.filesDir,
			...this.extraEnv,
			...extra,
		});
	}

	/**
	 * Runs `n8n <args…>` with this instance's environment, on the host's Node.js. Each command gets
	 * its own free port for n8n's task broker (n8n 2.x starts one even for `execute`), so that
	 * parallel test files, or an n8n server already running on this machine, do not collide on the
	 * default port 5679.
	 */
	async cli(args, { env } = {}) {
		const commandEnv = this.env(env);
		if (!commandEnv.N8N_RUNNERS_BROKER_PORT) commandEnv.N8N_RUNNERS_BROKER_PORT = String(await freePort());
		return await runCommand(this.host.node, [this.host.bin, ...args], { cwd: this.userFolder, env: commandEnv });
	}

	/** Writes `data` as JSON to a file in the user folder and returns its path. */
	writeJson(name, data) {
		const file = path.join(this.userFolder, name);
		fs.writeFileSync(file, JSON.stringify(data, null, 2));
		return file;
	}

	/** `n8n import:credentials` of plain (unencrypted) credential objects `{ id, name, type, data }`. */
	async importCredentials(credentials) {
		const file = this.writeJson('credentials.import.json', credentials);
		// The file holds the plain token: remove it once n8n has stored the credential encrypted.
		const result = await this.cli(['import:credentials', `--input=${file}`]).finally(() =>
			fs.rmSync(file, { force: true }),
		);
		if (result.code !== 0) throw new Error(`import:credentials failed:\n${result.stdout}\n${result.stderr}`);
	}

	/** `n8n import:workflow` of one workflow object (it must carry an `id`). */
	async importWorkflow(workflow) {
		const file = this.writeJson(`workflow-${workflow.id}.import.json`, workflow);
		const result = await this.cli(['import:workflow', `--input=${file}`]);
		if (result.code !== 0) throw new Error(`import:workflow failed:\n${result.stdout}\n${result.stderr}`);
	}

	/**
	 * `n8n execute --id <id> --rawOutput`: runs the workflow headlessly in a fresh n8n process.
	 *
	 * @returns `{ ok, run, error, logs, stdout, stderr, code }` where `run` is n8n's run data
	 *   (`run.data.resultData.runData[nodeName][runIndex].data.main[output]`) when n8n printed it
	 *   (on success always; on failure when the log level includes info).
	 */
	async execute(workflowId, { env } = {}) {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { env });
		const logs = parseLogLines(result.stderr).concat(parseLogLines(result.stdout).filter((entry) => entry.level));
		const run = findRunData(result.stdout, result.stderr);
		const error = run?.data?.resultData?.error;
		return { ok: result.code === 0 && !error, run, error, logs, ...result };
	}

	/** Items of `nodeName`'s output `outputIndex` in run `runIndex` of an execution result. */
	static outputItems(run, nodeName, outputIndex = 0, runIndex = 0) {
		const task = run?.data?.resultData?.runData?.[nodeName]?.[runIndex];
		return task?.data?.main?.[outputIndex] ?? [];
	}

	/** Deletes the user folder. */
	cleanup() {
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

module.exports = { N8nInstance, installBuiltPackage };
