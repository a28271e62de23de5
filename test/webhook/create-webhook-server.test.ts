import { afterEach, describe, expect, it } from 'vitest';
import { OTHER_SECRET, SECRET, alert, post, startTestServer, type TestServer } from './webhook-fixtures.js';

let server: TestServer | undefined;
async function start(opts: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  server = await startTestServer(opts);
  return server;
}
/** Enough per-user budget for a table of cases (the default lets 10 through at once). */
const roomy = { perUser: { capacity: 100, refillPerSecond: 0 } };

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('POST /webhook/signal: a valid alert', () => {
  it('is accepted with 202 and stored once as a parsed signal with decimals', async () => {
    const s = await start();
    const res = await post(s.url, alert({ idempotency_key: 'tv-1' }));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'accepted', signalId: 'sig-1' });
    expect(s.stored).toHaveLength(1);
    const { userId, key, submission } = s.stored[0]!;
    expect([userId, key, submission.note, submission.source]).toEqual([7, 'tv-1', 'TradingView breakout', 'webhook']);
    expect(submission.receivedAt).toEqual(new Date(Date.UTC(2025, 9, 2, 12)));
    const { signal } = submission;
    expect([signal.symbol, signal.side, signal.confidence?.toString()]).toEqual(['BTC/USDT', 'long', '0.8']);
    expect(signal.prices.targetPricesQuote.map(String)).toEqual(['48000', '50000']);
  });

  it('accepts "market" with relative stop and targets, priced at the last price', async () => {
    const s = await start();
    const res = await post(s.url, alert({ side: 'SELL', entry: 'market', stop: '+2%', targets: ['-3%', '-6%'], confidence: '70%' }));
    expect(res.status).toBe(202);
    const { signal } = s.stored[0]!.submission;
    expect(signal.side).toBe('short');
    expect(signal.prices.entryPriceQuote.toString()).toBe('45010');
    expect(signal.prices.stopPriceQuote.toString()).toBe('45910.2');
    expect(signal.stop).toEqual({ kind: 'offset', offsetPct: expect.anything() });
    expect(signal.confidence?.toString()).toBe('0.7');
  });

  it('takes numbers sent as text, ignores extra fields, and treats a missing confidence as none', async () => {
    const s = await start();
    const body = alert({ entry: '45000', stop: '44000', targets: ['48000'], ticker: 'BINANCE:BTCUSDT', time: '2025-10-02T12:00:00Z' });
    delete body['confidence'];
    expect((await post(s.url, body)).status).toBe(202);
    expect(s.stored[0]!.submission.signal.confidence).toBeNull();
  });
});

describe('POST /webhook/signal: authentication', () => {
  it('answers 401 with one fixed body for a wrong, missing, empty or non-string secret', async () => {
    const s = await start({ limits: { authFailuresPerIp: { capacity: 100, refillPerSecond: 0 } } });
    const bodies = [
      alert({ secret: 'wrong-secret-123' }),
      alert({ secret: undefined }),
      alert({ secret: '' }),
      alert({ secret: 12345 }),
      alert({ secret: SECRET.slice(0, -1) }),
      alert({ secret: 'x'.repeat(5000) }),
      [1, 2, 3],
      'null',
    ];
    for (const body of bodies) {
      const res = await post(s.url, body);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'UNAUTHORIZED', message: 'Missing or unknown secret.' });
    }
    expect(s.stored).toHaveLength(0);
  });

  it('never echoes or logs a secret, right or wrong', async () => {
    const s = await start();
    const wrong = 'guess-abcdef-987654';
    const answers = [await post(s.url, alert({ secret: wrong })), await post(s.url, alert({ stop: 46000 })), await post(s.url, alert())];
    for (const a of answers) expect(JSON.stringify(a.body)).not.toMatch(new RegExp(`${wrong}|${SECRET}`));
    expect(s.logs.length).toBeGreaterThan(0);
    for (const line of s.logs) {
      expect(line).not.toContain(wrong);
      expect(line).not.toContain(SECRET);
    }
  });

  it('blocks an address after repeated failed secrets with 429 and Retry-After, even for a right secret, until it refills', async () => {
    const s = await start({ limits: { authFailuresPerIp: { capacity: 3, refillPerSecond: 1 / 60 } } });
    for (let i = 0; i < 3; i++) expect((await post(s.url, alert({ secret: `wrong-${i}-xxxxxxxx` }))).status).toBe(401);
    const blocked = await post(s.url, alert());
    expect(blocked.status).toBe(429);
    expect(blocked.body['error']).toBe('RATE_LIMITED');
    expect(blocked.headers.get('retry-after')).toBe('60');
    s.advance(60_000);
    expect((await post(s.url, alert())).status).toBe(202);
  });
});

describe('POST /webhook/signal: malformed requests', () => {
  it('answers 400 MALFORMED_JSON for broken JSON and for bytes that are not UTF-8', async () => {
    const s = await start();
    for (const body of ['{"secret": "abc", ', '', 'not json', '{"a":1}}']) {
      const res = await post(s.url, body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'MALFORMED_JSON', message: 'The body is not valid UTF-8 JSON.' });
    }
    expect((await post(s.url, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).status).toBe(400);
  });

  it('answers 415 for a body that is not declared as JSON', async () => {
    const s = await start();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/jsonp']) {
      const res = await post(s.url, JSON.stringify(alert()), { 'content-type': type });
      expect(res.status).toBe(415);
      expect(res.body['error']).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect((await post(s.url, alert(), { 'content-type': 'application/json; charset=UTF-8' })).status).toBe(202);
  });

  it('answers 413 for a body over 16 KiB without reading it, declared or streamed', async () => {
    const s = await start();
    const big = alert({ note: 'x'.repeat(20_000) });
    const declared = await post(s.url, big);
    expect(declared.status).toBe(413);
    expect(declared.body['error']).toBe('BODY_TOO_LARGE');

    const chunk = new TextEncoder().encode(JSON.stringify(big));
    const streamed = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(chunk);
          controller.enqueue(new Uint8Array(2_000_000));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(streamed.status).toBe(413);
    expect(s.stored).toHaveLength(0);
  });

  it('answers 422 INVALID_FIELD naming the field for wrong types and missing fields', async () => {
    const s = await start({ limits: roomy });
    const cases: [Record<string, unknown>, string][] = [
      [alert({ targets: 48000 }), 'targets'],
      [alert({ targets: [48000, true] }), 'targets[1]'],
      [alert({ targets: [] }), 'targets'],
      [alert({ targets: [48000, 49000, 50000, 51000] }), 'targets'],
      [alert({ entry: { price: 45000 } }), 'entry'],
      [alert({ symbol: 42 }), 'symbol'],
      [alert({ idempotency_key: 'has space' }), 'idempotency_key'],
      [alert({ idempotency_key: undefined }), 'idempotency_key'],
      [alert({ note: 'n'.repeat(501) }), 'note'],
    ];
    for (const [body, field] of cases) {
      const res = await post(s.url, body);
      expect(res.status, field).toBe(422);
      expect(res.body['error']).toBe('INVALID_FIELD');
      expect(res.body['field']).toBe(field);
      expect(typeof res.body['message']).toBe('string');
    }
    expect((await post(s.url, alert({ stop: undefined }))).body['message']).toBe('stop: missing');
    expect(s.stored).toHaveLength(0);
  });

  it('answers 422 with the signal code for alerts that make no trade', async () => {
    const s = await start({ limits: roomy });
    const cases: [Record<string, unknown>, string, string][] = [
      [alert({ stop: 46000 }), 'STOP_WRONG_SIDE', 'stop'],
      [alert({ side: 'short', stop: '-2%' }), 'STOP_WRONG_SIDE', 'stop'],
      [alert({ targets: [44500] }), 'TARGET_WRONG_SIDE', 'targets[0]'],
      [alert({ targets: [48000, 47000] }), 'TARGETS_OUT_OF_ORDER', 'targets[1]'],
      [alert({ symbol: 'PEPE/USDT' }), 'UNKNOWN_SYMBOL', 'symbol'],
      [alert({ side: 'up' }), 'BAD_SIDE', 'side'],
      [alert({ entry: -5 }), 'BAD_PRICE', 'entry'],
      [alert({ entry: '45,000' }), 'BAD_PRICE', 'entry'],
      [alert({ stop: '٤٤٠٠٠' }), 'BAD_PRICE', 'stop'],
      [alert({ targets: ['market'] }), 'BAD_PRICE', 'targets[0]'],
      [alert({ confidence: 1.2 }), 'BAD_CONFIDENCE', 'confidence'],
      [alert({ confidence: 'high' }), 'BAD_CONFIDENCE', 'confidence'],
      [alert({ symbol: 'ETH/USDT', entry: 'market' }), 'NO_REFERENCE_PRICE', 'entry'],
    ];
    for (const [body, code, field] of cases) {
      const res = await post(s.url, body);
      expect(res.status, code).toBe(422);
      expect(res.body, code).toMatchObject({ error: code, field });
    }
    expect(s.stored).toHaveLength(0);
  });
});

describe('POST /webhook/signal: idempotency', () => {
  it('answers a repeated key with 200 duplicate and the first signal id, storing nothing new', async () => {
    const s = await start();
    const body = alert({ idempotency_key: 'tv-alert-77' });
    const first = await post(s.url, body);
    const second = await post(s.url, body);
    const changed = await post(s.url, { ...body, stop: 43000 });
    expect(first).toMatchObject({ status: 202, body: { status: 'accepted', signalId: 'sig-1' } });
    expect(second).toMatchObject({ status: 200, body: { status: 'duplicate', signalId: 'sig-1' } });
    expect(changed).toMatchObject({ status: 200, body: { status: 'duplicate', signalId: 'sig-1' } });
    expect(s.stored).toHaveLength(1);
  });

  it('keeps keys per user: the same key from another user is a new signal', async () => {
    const s = await start();
    await post(s.url, alert({ idempotency_key: 'shared' }));
    const other = await post(s.url, alert({ idempotency_key: 'shared', secret: OTHER_SECRET }));
    expect(other.status).toBe(202);
    expect(s.stored.map((x) => x.userId)).toEqual([7, 8]);
  });

  it('collapses concurrent deliveries of one alert into a single accepted signal', async () => {
    const s = await start({ submitDelayMs: 50 });
    const body = alert({ idempotency_key: 'burst' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(s.url, body)));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200 && a.body['status'] === 'duplicate')).toHaveLength(4);
    expect(new Set(answers.map((a) => a.body['signalId']))).toEqual(new Set(['sig-1']));
    expect(s.stored).toHaveLength(1);
  });
});

describe('POST /webhook/signal: rate limits', () => {
  it('lets at most a bucket of signals through a flood of 200, answering the rest 429 with Retry-After', async () => {
    const s = await start({ limits: { perUser: { capacity: 10, refillPerSecond: 0.5 } } });
    const statuses: number[] = [];
    const retryAfter = new Set<string | null>();
    for (let i = 0; i < 200; i++) {
      const res = await post(s.url, alert());
      statuses.push(res.status);
      if (res.status === 429) retryAfter.add(res.headers.get('retry-after'));
    }
    const accepted = statuses.filter((c) => c === 202).length;
    expect(accepted).toBeLessThanOrEqual(10);
    expect(accepted).toBe(10);
    expect(statuses.filter((c) => c === 429)).toHaveLength(190);
    expect(retryAfter).toEqual(new Set(['2']));
    expect(s.stored).toHaveLength(10);
    s.advance(4_000);
    expect((await post(s.url, alert())).status).toBe(202);
  });

  it('limits each user separately', async () => {
    const s = await start({ limits: { perUser: { capacity: 2, refillPerSecond: 0 } } });
    for (let i = 0; i < 3; i++) await post(s.url, alert());
    expect((await post(s.url, alert())).status).toBe(429);
    expect((await post(s.url, alert({ secret: OTHER_SECRET }))).status).toBe(202);
  });
});

describe('other routes and failures', () => {
  it('answers 404 for other paths and 405 with Allow for other methods', async () => {
    const s = await start();
    const missing = await fetch(`${s.origin}/webhook/other`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'NOT_FOUND' });
    const get = await fetch(s.url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.json()).toMatchObject({ error: 'METHOD_NOT_ALLOWED' });
    expect((await fetch(`${s.url}?from=tv`, { method: 'POST', body: JSON.stringify(alert()), headers: { 'content-type': 'application/json' } })).status).toBe(202);
  });

  it('answers 500 with a JSON body when storing fails, and logs the error without the secret', async () => {
    const s = await start({ failSubmit: true });
    const res = await post(s.url, alert());
    expect(res.status).toBe(500);
    expect(res.body['error']).toBe('INTERNAL_ERROR');
    const errorLine = s.logs.find((l) => l.includes('"level":"error"'));
    expect(errorLine).toContain('database is locked');
    expect(errorLine).not.toContain(SECRET);
  });
});
