/**
 * A minimal stand-in for the Veritus API on loopback, for answers the emulator does not give: a
 * test decides each answer of `POST /api/v1/customers/{customerId}/calls` with a function (the
 * spec's 422 that carries only `publicFacingMessage`, say), and can hold answers back until a
 * number of requests are in flight at once. Every request is recorded.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stub received. */
export interface StubRequest {
	method: string;
	/** The path as received, e.g. `/api/v1/customers/c-1/calls`. */
	path: string;
	/** The customer ID of a Create Call path (decoded), or `null` for any other path. */
	customerId: string | null;
	/** The parsed JSON body, or the raw text when it is not JSON. */
	body: unknown;
	/** The `Authorization` header as received. */
	authorization: string | undefined;
}

/** What the stub answers: a status and a JSON body. */
export interface StubAnswer {
	status: number;
	body: unknown;
}

/** Decides the answer to one Create Call request; may wait (a barrier) before answering. */
export type StubHandler = (request: StubRequest) => StubAnswer | Promise<StubAnswer>;

export interface StubApi {
	/** The API root to put in the credential's Base URL: `http://127.0.0.1:<port>/api/v1`. */
	baseUrl: string;
	/** Every request received, in arrival order. */
	requests: StubRequest[];
	/** Replaces the handler (before each test). */
	handle(handler: StubHandler): void;
	/** Create Call requests received but not answered yet. */
	inFlight(): number;
	close(): Promise<void>;
}

const CREATE_CALL = /^\/api\/v1\/customers\/([^/]+)\/calls$/;

async function readBody(request: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	try {
		return text ? (JSON.parse(text) as unknown) : undefined;
	} catch {
		return text;
	}
}

/** Starts a stub on a free loopback port. Paths other than Create Call answer 404. */
export async function startStubApi(handler: StubHandler): Promise<StubApi> {
	let current = handler;
	let pending = 0;
	const requests: StubRequest[] = [];
	const server: Server = createServer((request, response) => {
		void (async () => {
			const path = request.url ?? '';
			const match = CREATE_CALL.exec(path);
			const recorded: StubRequest = {
				method: request.method ?? '',
				path,
				customerId: match ? decodeURIComponent(match[1]) : null,
				body: await readBody(request),
				authorization: request.headers.authorization,
			};
			requests.push(recorded);
			let answer: StubAnswer = { status: 404, body: { success: false, publicFacingMessage: 'Not found' } };
			if (match && recorded.method === 'POST') {
				pending++;
				try {
					answer = await current(recorded);
				} finally {
					pending--;
				}
			}
			response.writeHead(answer.status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(answer.body));
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/api/v1`,
		requests,
		handle(next) {
			current = next;
		},
		inFlight: () => pending,
		close: async () =>
			await new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}

/**
 * Starts a stub before the tests of a file (answering 500 until a test sets a handler), clears its
 * request log and handler before each test, and closes it after all.
 */
export function useStubApi(): { current: StubApi } {
	const ref = { current: undefined as unknown as StubApi };
	const unset: StubHandler = () => ({ status: 500, body: { success: false, publicFacingMessage: 'No handler set' } });
	beforeAll(async () => {
		ref.current = await startStubApi(unset);
	});
	beforeEach(() => {
		ref.current.requests.length = 0;
		ref.current.handle(unset);
	});
	afterAll(async () => {
		await ref.current?.close();
	});
	return ref;
}

/**
 * A handler that answers nothing until `count` requests are waiting at once, then answers them
 * all with `answer`: proof that `count` requests were in flight together.
 */
export function barrier(count: number, answer: (request: StubRequest) => StubAnswer): StubHandler {
	const waiting: Array<() => void> = [];
	return async (request) => {
		await new Promise<void>((resolve) => {
			waiting.push(resolve);
			if (waiting.length >= count) for (const release of waiting.splice(0)) release();
		});
		return answer(request);
	};
}
