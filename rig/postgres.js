/**
 * A private, throw-away PostgreSQL server for the queue-mode tests: Debian's PostgreSQL 15
 * (`initdb`, `pg_ctl`), one new temporary folder, a free port, listening on 127.0.0.1 only.
 *
 * `initdb` and `pg_ctl` refuse to run as root, so they run as the `postgres` system user
 * (`runuser -u postgres -- …`) when this process is root; the folder is then owned by postgres.
 * The server is tuned for a disposable test database (fsync off): never point it at real data.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { freePort, runCommand, withLogTail } = require('./n8n-process');

/** Debian's own layout for PostgreSQL 15's programs; VERITUS_PG_BIN_DIR overrides it. */
const DEFAULT_PG_BIN_DIR = '/usr/lib/postgresql/15/bin';

/** The folder holding initdb, pg_ctl, pg_isready and psql (VERITUS_PG_BIN_DIR, else Debian's). */
function pgBinDir() {
	return process.env.VERITUS_PG_BIN_DIR || DEFAULT_PG_BIN_DIR;
}

/** Whether PostgreSQL's server programs are installed where {@link pgBinDir} says. */
function isPostgresInstalled() {
	return ['initdb', 'pg_ctl', 'pg_isready', 'psql'].every((program) => fs.existsSync(path.join(pgBinDir(), program)));
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** `[command, args]` that run `program args…` as the postgres user when we are root. */
function asPostgres(program, args) {
	const binary = path.join(pgBinDir(), program);
	return isRoot() ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

/** Runs a PostgreSQL program to completion; throws with its output when it fails. */
function runProgram(program, args, { timeoutMs = 120_000 } = {}) {
	const [command, fullArgs] = asPostgres(program, args);
	const result = spawnSync(command, fullArgs, {
		encoding: 'utf8',
		timeout: timeoutMs,
		env: { ...process.env, LC_ALL: 'C' },
	});
	if (result.status !== 0) {
		throw new Error(
			`${program} failed (exit ${result.status ?? result.signal}): ${result.error?.message ?? ''}\n${result.stdout}\n${result.stderr}`,
		);
	}
	return result.stdout;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Initialises and starts a private PostgreSQL server and creates one database in it.
 *
 * @param {object} [options]
 * @param {string} [options.database] database to create (default `n8n`).
 * @param {number} [options.readyTimeoutMs] how long to wait for `pg_isready` (default 60,000 ms).
 * @returns {Promise<PostgresServer>} `{ host, port, user, password, database, dir, dataDir,
 *   logFile, query(sql), isReady(), stop() }`. `query(sql)` runs one SQL statement that returns
 *   rows and resolves to the rows as plain objects (columns by name, JSON-typed values; option
 *   `{ db }` queries another database); `stop()`
 *   stops the server (`pg_ctl stop -m immediate`) and deletes its folder, and may be called twice.
 * @throws Error when PostgreSQL's programs are missing, `initdb` or `pg_ctl` fail, or the server
 *   is not ready in time (the folder is deleted first).
 */
async function startPostgres({ database = 'n8n', readyTimeoutMs = 60_000 } = {}) {
	if (!isPostgresInstalled()) {
		throw new Error(
			`PostgreSQL's programs are not in ${pgBinDir()} (apt-get install postgresql-15, or set VERITUS_PG_BIN_DIR)`,
		);
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-pg-'));
	const dataDir = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	const logFile = path.join(dir, 'postgres.log');
	fs.mkdirSync(socketDir);
	if (isRoot()) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
	const port = await freePort();
	const server = {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		password: 'postgres',
		database,
		dir,
		dataDir,
		logFile,
		stopped: false,
	};

	server.isReady = async () => {
		const [command, args] = asPostgres('pg_isready', [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-d',
			'postgres',
			'-t',
			'2',
		]);
		const result = await runCommand(command, args);
		return result.code === 0;
	};

	server.query = async (sql, { db = database } = {}) => {
		const wrapped = `SELECT coalesce(json_agg(row_to_json(q)), '[]'::json) FROM (${sql.trim().replace(/;\s*$/, '')}) AS q`;
		const psql = path.join(pgBinDir(), 'psql');
		const result = await runCommand(
			psql,
			[
				'-X',
				'-q',
				'-A',
				'-t',
				'-v',
				'ON_ERROR_STOP=1',
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				'postgres',
				'-d',
				db,
				'-c',
				wrapped,
			],
			{ env: { ...process.env, PGPASSWORD: server.password, PGCONNECT_TIMEOUT: '10' } },
		);
		if (result.code !== 0) throw new Error(`psql failed (exit ${result.code}): ${result.stderr.trim()}`);
		return JSON.parse(result.stdout.trim() || '[]');
	};

	server.stop = async () => {
		if (server.stopped) return;
		server.stopped = true;
		if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) {
			const [command, args] = asPostgres('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']);
			await runCommand(command, args);
		}
		fs.rmSync(dir, { recursive: true, force: true });
	};

	try {
		runProgram('initdb', [
			'-D',
			dataDir,
			'-U',
			'postgres',
			'--auth=trust',
			'-E',
			'UTF8',
			'--locale=C',
			'--no-instructions',
		]);
		// Test-only settings: one disposable database, so durability is traded for speed.
		const settings = [
			`listen_addresses='127.0.0.1'`,
			`port=${port}`,
			`unix_socket_directories='${socketDir}'`,
			'fsync=off',
			'synchronous_commit=off',
			'full_page_writes=off',
			'max_connections=200',
			'shared_buffers=128MB',
		];
		fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n# veritus queue-mode tests\n${settings.join('\n')}\n`);
		runProgram('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']);
		const deadline = Date.now() + readyTimeoutMs;
		while (!(await server.isReady())) {
			if (Date.now() > deadline)
				throw new Error(`PostgreSQL on port ${port} was not ready within ${readyTimeoutMs} ms`);
			await sleep(250);
		}
		const psql = path.join(pgBinDir(), 'psql');
		const created = await runCommand(psql, [
			'-X',
			'-q',
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			'postgres',
			'-d',
			'postgres',
			'-c',
			`CREATE DATABASE "${database}"`,
		]);
		if (created.code !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
		await server.query('SELECT current_database() AS name');
		return server;
	} catch (error) {
		await server.stop();
		throw withLogTail(error, logFile, 'PostgreSQL');
	}
}

/**
 * @typedef {object} PostgresServer
 * @property {string} host always 127.0.0.1
 * @property {number} port TCP port
 * @property {string} user superuser name (`postgres`, trust authentication on loopback)
 * @property {string} password sent by clients; trust authentication ignores it
 * @property {string} database the database created for n8n
 * @property {string} dir the temporary folder (deleted by `stop()`)
 * @property {(sql: string, options?: { db?: string }) => Promise<object[]>} query
 * @property {() => Promise<boolean>} isReady `pg_isready` answered 0
 * @property {() => Promise<void>} stop
 */

/**
 * Installs Debian's PostgreSQL 15 server with apt-get when its programs are missing (running
 * `apt-get update` first when the plain install fails).
 *
 * @throws Error when it still is not installed afterwards.
 */
function ensurePostgresInstalled({ log = console.error } = {}) {
	if (isPostgresInstalled()) return;
	const install = () =>
		spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql-15'], {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		}).status === 0;
	log('PostgreSQL 15 is missing: installing it with apt-get...');
	if (install() && isPostgresInstalled()) return;
	spawnSync('apt-get', ['update'], { stdio: 'inherit' });
	if (!install() || !isPostgresInstalled()) throw new Error('could not install postgresql-15 with apt-get');
}

module.exports = { startPostgres, isPostgresInstalled, ensurePostgresInstalled, pgBinDir, DEFAULT_PG_BIN_DIR };
