'use strict';

/** Small statistics and formatting helpers for the benchmark report. */

/** `{ median, min, max, n }` of the finite numbers in `values`, or undefined when there are none. */
function summary(values) {
	const sorted = values.filter((value) => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
	if (!sorted.length) return undefined;
	const middle = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** Formats a number with `digits` decimals, or '–'. */
function num(value, digits = 0) {
	return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** "median (min–max)" of a summary, each formatted by `format`. */
function range(stats, format = (value) => num(value, 2)) {
	if (!stats) return '–';
	if (stats.n === 1 || stats.min === stats.max) return format(stats.median);
	return `${format(stats.median)} (${format(stats.min)}–${format(stats.max)})`;
}

/** A percentage with one decimal. */
function percent(value) {
	return `${num(value * 100, 1)}%`;
}

/** A Markdown table from a header row and rows of cells. */
function table(header, rows) {
	const line = (cells) => `| ${cells.join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

module.exports = { summary, num, range, percent, table };
