'use strict';

/**
 * SMS → Import, Import Many, Generate; Email → Generate, Import, Import Many
 * (`…/customers/{customerId}/interactions/…`); Interaction → Analyze
 * (`POST /interactions/{interactionId}/analyze`); Client → List (`GET /clients`).
 *
 * Interactions are stored per customer, in threads: an interaction names its thread, or gets a
 * new one. Generated texts are fixed templates with the customer's name and account number.
 */

const { ok, fail, invalid, pathCustomer } = require('./common');

/** The sender of generated emails. */
const ORGANISATION_EMAIL = 'accounts@example.com';

/**
 * Stores an interaction.
 * @param {import('./common').Context} ctx
 * @param {import('../state').CustomerState} customer
 * @param {object} details
 * @param {'sms' | 'email'} details.channel
 * @param {'inbound' | 'outbound'} details.direction
 * @param {string} details.timestamp
 * @param {string | undefined} details.threadId
 * @param {import('../state').Interaction['source']} details.source
 * @param {Record<string, any>} details.content
 * @returns {import('../state').Interaction | { error: string }}
 */
function store(ctx, customer, { channel, direction, timestamp, threadId, source, content }) {
	const thread = ctx.state.thread(customer.record.id, threadId);
	if ('error' in thread) return { error: thread.error };
	/** @type {import('../state').Interaction} */
	const interaction = {
		id: ctx.state.ids.uuid(),
		channel,
		direction,
		customerId: customer.record.id,
		threadId: thread.id,
		timestamp: new Date(timestamp).toISOString(),
		createdAt: ctx.state.now().toISOString(),
		source,
		content,
	};
	ctx.state.interactions.set(interaction.id, interaction);
	return interaction;
}

/**
 * An SMS or email as the API answers it.
 * @param {import('../state').Interaction} interaction
 * @returns {object}
 */
function publicInteraction(interaction) {
	const { id, threadId, channel, direction, customerId, timestamp, createdAt } = interaction;
	const messageId = interaction.content.messageId;
	return {
		id,
		...(channel === 'email' && messageId !== undefined ? { messageId } : {}),
		threadId,
		channel,
		direction,
		customerId,
		timestamp,
		createdAt,
	};
}

/**
 * Imports one SMS or email whose fields passed the schema.
 * @param {import('./common').Context} ctx
 * @param {import('../state').CustomerState} customer
 * @param {'sms' | 'email'} channel
 * @param {Record<string, any>} item
 * @returns {import('../state').Interaction | { error: string }}
 */
function importOne(ctx, customer, channel, item) {
	const { direction, timestamp, threadId, ...content } = item;
	if (channel === 'email' && !String(item.plainTextBody || '').trim() && !String(item.htmlBody || '').trim()) {
		return { error: 'plainTextBody or htmlBody is required' };
	}
	return store(ctx, customer, { channel, direction, timestamp, threadId, source: 'import', content });
}

/**
 * Import (one).
 * @param {'sms' | 'email'} channel
 * @returns {(ctx: import('./common').Context) => import('./common').Plan}
 */
function importSingle(channel) {
	return (ctx) => {
		const found = pathCustomer(ctx);
		if ('plan' in found) return found.plan;
		const result = importOne(ctx, found.customer, channel, ctx.body);
		if ('error' in result) return invalid(ctx, [result.error]);
		return ok(ctx, publicInteraction(result));
	};
}

/**
 * Import Many: each interaction on its own; a failure names its index.
 * @param {'sms' | 'email'} channel
 * @returns {(ctx: import('./common').Context) => import('./common').Plan}
 */
function importBulk(channel) {
	const schema = channel === 'sms' ? 'SmsImportRequest' : 'EmailImportRequest';
	return (ctx) => {
		const found = pathCustomer(ctx);
		if ('plan' in found) return found.plan;
		const results = ctx.body.interactions.map((item, index) => {
			const check = ctx.contract.validateSchema(schema, item);
			const result = check.valid ? importOne(ctx, found.customer, channel, item) : { error: check.errors.join('; ') };
			if ('error' in result) return { success: false, index, error: `Invalid request data: ${result.error}` };
			return { success: true, interaction: publicInteraction(result) };
		});
		const succeeded = results.filter((r) => r.success).length;
		return ok(ctx, { summary: { total: results.length, succeeded, failed: results.length - succeeded }, results });
	};
}

/**
 * SMS → Generate (`POST …/interactions/sms/generate`). 200 `{ message }`, a fixed template with
 * the customer's first name and account number, and with `persist` (default true) the SMS stored
 * as outbound and its `threadId`; 422 `The 'to' field is required when persist is true` (the
 * document's 422 example).
 * @param {import('./common').Context} ctx body valid against `SmsGenerateRequest`
 * @returns {import('./common').Plan}
 */
function generateSms(ctx) {
	const found = pathCustomer(ctx);
	if ('plan' in found) return found.plan;
	const { record } = found.customer;
	const persist = ctx.body.persist !== false;
	if (persist && !ctx.body.to) {
		return fail(ctx, 422, 'to_required', "The 'to' field is required when persist is true");
	}
	const message = `Hi ${record.firstName}, this is your account team about account ${record.externalId}. Call us at ${ctx.body.from} to talk about your payment options. Reply STOP to opt out.`;
	if (!persist) return ok(ctx, { message });
	const stored = store(ctx, found.customer, {
		channel: 'sms',
		direction: 'outbound',
		timestamp: ctx.state.now().toISOString(),
		threadId: ctx.body.threadId,
		source: 'generate',
		content: { from: ctx.body.from, to: ctx.body.to, body: message },
	});
	if ('error' in stored) return invalid(ctx, [stored.error]);
	return ok(ctx, { message, threadId: stored.threadId });
}

/**
 * Email → Generate (`POST …/interactions/email/generate`). 200 `{ htmlBody, plainTextBody }`, a
 * fixed template, and with `persist` (default true) the email stored as outbound to the
 * customer's address and its `threadId`.
 * @param {import('./common').Context} ctx body valid against `EmailGenerateRequest`
 * @returns {import('./common').Plan}
 */
function generateEmail(ctx) {
	const found = pathCustomer(ctx);
	if ('plan' in found) return found.plan;
	const { record } = found.customer;
	const paragraphs = [
		`Dear ${record.firstName} ${record.lastName},`,
		`We are writing about your account ${record.externalId}. Please reply to this email or call us to talk about your payment options.`,
		'This is an attempt to collect a debt, and any information obtained will be used for that purpose.',
		'Your account team',
	];
	const plainTextBody = paragraphs.join('\n\n');
	const htmlBody = paragraphs.map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('');
	if (ctx.body.persist === false) return ok(ctx, { htmlBody, plainTextBody });
	const stored = store(ctx, found.customer, {
		channel: 'email',
		direction: 'outbound',
		timestamp: ctx.state.now().toISOString(),
		threadId: ctx.body.threadId,
		source: 'generate',
		content: {
			from: ORGANISATION_EMAIL,
			to: [record.email],
			subject: `Your account ${record.externalId}`,
			plainTextBody,
			htmlBody,
		},
	});
	if ('error' in stored) return invalid(ctx, [stored.error]);
	return ok(ctx, { htmlBody, plainTextBody, threadId: stored.threadId });
}

/**
 * Output variables of a text, by keywords (inbound messages only; what the team sent says
 * nothing about the customer).
 * @param {string} text
 * @param {'inbound' | 'outbound'} direction
 * @returns {Record<string, boolean>}
 */
function textOutcome(text, direction) {
	const said = direction === 'inbound' ? text : '';
	return {
		'promise-to-pay': /\b(i will pay|i'll pay|can pay|pay (it|on|by|next)|payment on)\b/i.test(said),
		dispute: /\b(dispute|not my debt|do not owe|don't owe)\b/i.test(said),
		'stop-requests': /\b(stop|unsubscribe|do not (call|contact)|don't (call|contact))\b/i.test(said),
		'human-follow-up-requested': /\b(a person|a human|real person|speak to someone|talk to someone|manager)\b/i.test(
			said,
		),
		'callback-requested': /\b(call me back|call back|call me later)\b/i.test(said),
	};
}

/** Tags that Apply Outcomes adds, per output variable. */
const TAGS = {
	'promise-to-pay': 'promise-to-pay',
	dispute: 'dispute',
	'stop-requests': 'stop-request',
	'human-follow-up-requested': 'human-follow-up',
	'callback-requested': 'callback',
};

/**
 * Interaction → Analyze (`POST /interactions/{interactionId}/analyze`). A call's output
 * variables as its outcome decided (400 `Analysis was skipped.` when nobody talked to the agent),
 * or an SMS's or email's by keywords (TAGS' variables). Idempotent: the first result is kept and
 * answered again. With `applyOutcomes` (default true) each true variable tags the customer, and a
 * stop request sets its cease and desist. 404 `Interaction not found`.
 * @param {import('./common').Context} ctx body valid against `AnalyzeInteractionRequest` (`{}` when none)
 * @returns {import('./common').Plan}
 */
function analyzeInteraction(ctx) {
	const { state } = ctx;
	const id = ctx.params.interactionId.toLowerCase();
	const interaction = state.interactions.get(id);
	const call = state.callsById.get(id);
	if (!interaction && !call) return fail(ctx, 404, 'interaction_not_found', 'Interaction not found');
	let analysis = state.analyses.get(id);
	if (!analysis) {
		if (call) {
			if (!call.outcome.outputVariables) return fail(ctx, 400, 'analysis_skipped', 'Analysis was skipped.');
			analysis = { channel: 'voice', outputVariables: { ...call.outcome.outputVariables } };
		} else {
			const { content, channel, direction } = /** @type {import('../state').Interaction} */ (interaction);
			const text = [content.body, content.subject, content.plainTextBody, content.htmlBody].filter(Boolean).join('\n');
			analysis = { channel, outputVariables: textOutcome(text, direction) };
		}
		state.analyses.set(id, analysis);
	}
	if (ctx.body.applyOutcomes !== false && analysis.outputVariables) {
		const customer = state.customer(call ? call.customerId : /** @type {any} */ (interaction).customerId);
		if (customer) {
			for (const [name, tag] of Object.entries(TAGS)) {
				if (analysis.outputVariables[name] === true && !customer.tags.includes(tag)) customer.tags.push(tag);
			}
			if (analysis.outputVariables['stop-requests'] === true) customer.profile.ceaseAndDesist = true;
		}
	}
	return ok(ctx, { interactionId: id, channel: analysis.channel, outputVariables: analysis.outputVariables });
}

/**
 * Client → List (`GET /clients`): 200 every client of the fixtures, `[{ id, name }]`, not paginated.
 * @param {import('./common').Context} ctx
 * @returns {import('./common').Plan}
 */
function listClients(ctx) {
	return ok(
		ctx,
		[...ctx.state.clients.values()].map(({ id, name }) => ({ id, name })),
	);
}

module.exports = {
	importSms: importSingle('sms'),
	importSmsBulk: importBulk('sms'),
	generateSms,
	generateEmail,
	importEmail: importSingle('email'),
	importEmailBulk: importBulk('email'),
	analyzeInteraction,
	listClients,
};
