/** Types of webhook-events.js (Veritus webhook events and a signer for the Veritus Trigger's tests). */
import type { IDataObject } from 'n8n-workflow';

export type SignatureEncoding = 'hex' | 'sha256=hex' | 'base64' | 'base64url';

export interface SignedWebhook {
	/** The bytes to send, exactly the ones signed. */
	body: Buffer;
	/** Content-Type, X-Webhook-Signature and X-Webhook-Timestamp (lower-case names). */
	headers: Record<string, string>;
	signature: string;
	/** Unix time in seconds, as text. */
	timestamp: string;
}

export function signWebhook(options: {
	secret: string;
	body: object | string | Buffer;
	timestamp?: number;
	encoding?: SignatureEncoding;
}): SignedWebhook;

interface EventTop extends IDataObject {
	type: string;
	id: string;
	customerId: string;
	status: string;
	createdAt: string;
}

export type Message = {
	role: string;
	message: string;
	startedAt?: string;
	endedAt?: string;
	secondsFromStart?: number;
	duration?: number;
};

export interface CallCreatedEvent extends EventTop {
	callCreated: { id: string; threadId: string; toPhoneNumber: string; fromPhoneNumber: string; createdAt: string };
}

export interface CallEndedEvent extends EventTop {
	callEnded: {
		id: string;
		customerId: string;
		threadId: string;
		toPhoneNumber: string;
		fromPhoneNumber: string;
		direction: string;
		endedReason: string;
		recordingUrl: string;
		durationMs: number;
		endedAt: string;
		createdAt: string;
		messages: Message[];
		inputVariables: IDataObject;
		outputVariables: IDataObject | null;
	};
}

export interface DripSmsEvent extends EventTop {
	name: string;
	threadId: string;
	direction: string;
	sms: { id: string; message: string; toPhoneNumber: string; fromPhoneNumber: string; createdAt: string };
}

export function callCreated(n?: number, overrides?: Record<string, unknown>): CallCreatedEvent;
export function callEnded(n?: number, overrides?: Record<string, unknown>): CallEndedEvent;
export function dripSms(n?: number, overrides?: Record<string, unknown>): DripSmsEvent;
export function uuid(n: number, prefix?: string): string;

export function deliver(
	url: string,
	request: { body: Buffer; headers: Record<string, string> },
): Promise<{ status: number; body: unknown }>;
export function deliverTwiceAtOnce(
	url: string,
	request: { body: Buffer; headers: Record<string, string> },
): Promise<Array<{ status: number; body: string }>>;
