'use strict';

/**
 * A small seeded pseudo-random generator (mulberry32), so that fault rates and generated ids
 * repeat exactly for a given seed and sequence of requests. Not for cryptography.
 */

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

module.exports = { createRandom, randomSeed };
