'use strict';

/**
 * A small seeded pseudo-random generator (mulberry32), so that fault rates and generated ids
 * repeat exactly for a given seed and sequence of requests, and name-based UUIDs for fixtures.
 * Not for cryptography.
 */

const crypto = require('node:crypto');

/**
 * @typedef {object} Random
 * @property {() => number} next A float in [0, 1).
 * @property {() => string} uuid A string shaped as a version 4 UUID.
 */

/**
 * @param {number} seed any integer (taken modulo 2^32)
 * @returns {Random}
 */
function createRandom(seed) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const uuid = () => {
		const bytes = Array.from({ length: 16 }, () => Math.floor(next() * 256));
		bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
		bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
		const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
	};
	return { next, uuid };
}

/**
 * A random integer seed, for when none is configured (the emulator reports it so a run can be
 * repeated).
 * @returns {number} an integer in [0, 2^31)
 */
function randomSeed() {
	return Math.floor(Math.random() * 2 ** 31);
}

/**
 * A 32-bit integer from any strings, for seeding a generator of its own (for example one per
 * call, so that a call's transcript does not depend on how many requests came before it).
 * @param {...(string | number)} parts
 * @returns {number} an unsigned 32-bit integer
 */
function hashSeed(...parts) {
	return crypto.createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0);
}

/** Namespace of the emulator's name-based UUIDs: a fixed UUID chosen for the emulator. */
const FIXTURE_NAMESPACE = 'a3b6c1d2-5e4f-5a60-8b7c-9d0e1f2a3b4c';

/**
 * The stable, name-based UUID (RFC 4122 version 5: SHA-1 of a namespace and a name) of a fixture
 * record, lower-case. Fixture files may leave `id` out and get this one; tests, the benchmark and
 * the rig compute the same ID from the same name, e.g. `fixtureUuid('customer', '100231')`.
 * @param {'customer' | 'agent' | 'client' | 'secret' | string} kind the kind of record
 * @param {string} key its natural key: a customer's externalId, an agent's or client's name
 * @returns {string} such as `0f5e…-…-5…-…-…` (version 5, RFC 4122 variant)
 */
function fixtureUuid(kind, key) {
	const namespace = Buffer.from(FIXTURE_NAMESPACE.replace(/-/g, ''), 'hex');
	const bytes = crypto.createHash('sha1').update(namespace).update(`${kind}:${key}`).digest().subarray(0, 16);
	bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
	bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

module.exports = { createRandom, randomSeed, hashSeed, fixtureUuid };
