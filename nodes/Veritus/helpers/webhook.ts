/** What a dry run shows instead of a webhook Secret ID (a password field). */
export const MASKED_SECRET = '********';

/** An item that may carry a webhook: its index and the webhook of its request body. */
export interface WebhookItem {
	itemIndex: number;
	body: { webhook?: { url: string } };
}

/**
 * Webhook URLs that will not reach the workflow the user means, one warning each, for the run's
 * execution hints (Call → Create, Drip Campaign → Enroll):
 * - an n8n test URL (`/webhook-test/`): it listens only while the editor waits for a test event;
 * - `localhost` or a loopback address: Veritus's servers cannot reach it;
 * - one `$execution.resumeUrl` (`/webhook-waiting/…`) for more than one item: the first update
 *   resumes the execution, and the other items' updates find nothing waiting.
 *
 * @param items the items about to be sent; their webhook URLs are already validated.
 * @param updates what Veritus sends there, for the sentences: `call updates`, `drip campaign updates`.
 * @param subject whose updates they are, in the resume-URL warning: `calls`, `enrolments`.
 */
export function webhookUrlWarnings(items: WebhookItem[], updates = 'call updates', subject = 'calls'): string[] {
	const warnings: string[] = [];
	const matching = (test: (url: URL) => boolean) =>
		items.filter((item) => item.body.webhook && test(new URL(item.body.webhook.url))).map((item) => item.itemIndex);
	const list = (indexes: number[]) =>
		`item${indexes.length > 1 ? 's' : ''} ${indexes.slice(0, 10).join(', ')}${indexes.length > 10 ? ', …' : ''}`;
	const testUrls = matching((url) => url.pathname.includes('/webhook-test/'));
	if (testUrls.length) {
		warnings.push(
			`The Webhook URL of ${list(testUrls)} is an n8n test URL (/webhook-test/): it only listens while the editor waits for a test event, so Veritus's ${updates} will be lost. Use the production URL (/webhook/).`,
		);
	}
	const loopback = matching(
		(url) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(url.hostname) || url.hostname.endsWith('.localhost'),
	);
	if (loopback.length) {
		warnings.push(
			`The Webhook URL of ${list(loopback)} points at localhost: Veritus's servers cannot reach it, so the ${updates} will be lost. Use an address Veritus can reach.`,
		);
	}
	const resumeUrls = matching((url) => url.pathname.includes('/webhook-waiting/'));
	if (resumeUrls.length > 1) {
		warnings.push(
			`${resumeUrls.length} items (${list(resumeUrls)}) send their ${updates} to an execution's resume URL ($execution.resumeUrl): the first update resumes the execution, and the updates of the other ${subject} find nothing waiting.`,
		);
	}
	return warnings;
}
