import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/errors.js';
import {
  OutboundClient,
  OutboundError,
  type OutboundPolicy,
  type OutboundResolver,
} from '../../src/lib/outbound.js';

/**
 * Real HTTP servers on loopback. Every test that expects a refusal refuses before any byte leaves,
 * and every test that connects does so to 127.0.0.1 (or, for one trap, 127.0.0.2).
 */

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let port: number;
let base: string;
const seen: Seen[] = [];

const DOCUMENT = JSON.stringify({
  document: { category: 'csaf_security_advisory', title: 'A test advisory' },
});

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', base);
  switch (url.pathname) {
    case '/doc':
      res.writeHead(200, { 'content-type': 'application/json' }).end(DOCUMENT);
      return;
    case '/echo':
      res
        .writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] })
        .end(JSON.stringify({ method: req.method, headers: req.headers, body }));
      return;
    case '/redirect':
      res.writeHead(Number(url.searchParams.get('status') ?? 302), {
        location: url.searchParams.get('to') ?? '/doc',
      });
      res.end('moved');
      return;
    case '/loop':
      res.writeHead(302, { location: '/loop' }).end();
      return;
    case '/gzip':
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(DOCUMENT));
      return;
    case '/deflate':
      res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(DOCUMENT));
      return;
    case '/deflate-raw':
      res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateRawSync(DOCUMENT));
      return;
    case '/br':
      res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(DOCUMENT));
      return;
    case '/bomb':
      // 8 MB of zeros in a few kilobytes.
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(8 * 1024 * 1024)));
      return;
    case '/big': {
      // Chunked, no Content-Length: only counting the stream can stop it.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let sent = 0;
      const more = (): void => {
        while (sent < 4 * 1024 * 1024) {
          sent += 64 * 1024;
          if (!res.write(Buffer.alloc(64 * 1024, 0x61))) {
            res.once('drain', more);
            return;
          }
        }
        res.end();
      };
      more();
      res.on('error', () => undefined);
      return;
    }
    case '/declared-big':
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      res.write('a little');
      return;
    case '/slow':
      // Headers and a first chunk at once, then nothing: the body never completes.
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      return;
    case '/hang':
      return;
    default:
      res.writeHead(404).end('not found');
  }
}

let trap: Server | undefined;
let trapHits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      route(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${String(port)}`;

  // A trap on another loopback address, same port: reached only if a refused address leaks through.
  const candidate = createServer((_req, res) => {
    trapHits++;
    res.end('trap');
  });
  trap = await new Promise<Server | undefined>((resolve) => {
    candidate.once('error', () => resolve(undefined));
    candidate.listen(port, '127.0.0.2', () => resolve(candidate));
  });
});

afterAll(async () => {
  for (const s of [server, trap]) {
    if (!s) continue;
    s.closeAllConnections();
    await new Promise<void>((resolve, reject) => s.close((error) => (error ? reject(error) : resolve())));
  }
});

function client(overrides: Partial<OutboundPolicy> = {}, resolver?: OutboundResolver): OutboundClient {
  return new OutboundClient(
    {
      allow: [],
      timeoutMs: 3000,
      maxBytes: 1_000_000,
      maxRedirects: 3,
      userAgent: 'clearinghouse-test/1.0 (+https://clearinghouse.example)',
      ...overrides,
    },
    resolver,
  );
}

const LOOPBACK = { allow: ['127.0.0.1/32'] };

/** The rejection of a promise, which must be an OutboundError. */
async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

/** The number of requests the server saw while `run` ran. */
async function requestsDuring(run: () => Promise<unknown>): Promise<number> {
  const before = seen.length;
  await run();
  return seen.length - before;
}

describe('OutboundClient: address policy', () => {
  it('refuses loopback by default, before sending anything, naming the address class', async () => {
    let error: OutboundError | undefined;
    const requests = await requestsDuring(async () => {
      error = await failure(client().get(`${base}/doc?token=s3cr3t-value`));
    });
    expect(requests).toBe(0);
    expect(error?.reason).toBe('blocked_address');
    expect(error?.host).toBe('127.0.0.1');
    expect(error?.address).toBe('127.0.0.1');
    expect(error?.message).toBe('refused: 127.0.0.1 is a loopback address');
    expect(error?.message).not.toContain('s3cr3t');
  });

  it('fetches from loopback when the operator allows 127.0.0.1/32', async () => {
    const response = await client(LOOPBACK).get(`${base}/doc`);
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${base}/doc`);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.toString('utf8')).toBe(DOCUMENT);
  });

  it('refuses localhost, which resolves to loopback, with the resolved address in the message', async () => {
    const error = await failure(client().get(`http://localhost:${String(port)}/doc`));
    expect(error.reason).toBe('blocked_address');
    expect(error.host).toBe('localhost');
    expect(error.message).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
  });

  it('allows localhost by host name or by the address it resolves to', async () => {
    for (const allow of [['localhost'], ['127.0.0.0/8'], ['::ffff:127.0.0.1/128']]) {
      const response = await client({ allow }).get(`http://localhost:${String(port)}/doc`);
      expect(response.body.toString('utf8')).toBe(DOCUMENT);
    }
  });

  it.each([
    ['http://[::1]/', 'a loopback'],
    ['http://[::ffff:127.0.0.1]/', 'a loopback'],
    ['http://0x7f000001/', 'a loopback'],
    ['http://2130706433/', 'a loopback'],
    ['http://0.0.0.0/', 'an unspecified'],
    ['http://169.254.169.254/latest/meta-data/', 'a cloud metadata'],
    ['http://[fd00:ec2::254]/latest/meta-data/', 'a cloud metadata'],
    ['http://100.100.100.200/latest/meta-data/', 'a cloud metadata'],
    ['http://10.1.2.3/', 'a private'],
    ['http://[fe80::1]/', 'a link-local'],
  ])('refuses the literal %s as %s', async (url, phrase) => {
    const error = await failure(client().get(url));
    expect(error.reason).toBe('blocked_address');
    expect(error.message).toContain(`is ${phrase} address`);
  });

  it('keeps cloud metadata refused under broad allow entries (only an entry naming the exact address permits it)', async () => {
    const error = await failure(
      client({ allow: ['169.254.0.0/16', '0.0.0.0/0'] }).get('http://169.254.169.254/'),
    );
    expect(error.message).toBe('refused: 169.254.169.254 is a cloud metadata address');
  });

  it('checks every connection: a name that re-resolves to a private address is refused (DNS rebinding)', async () => {
    const answers = ['127.0.0.1', '10.0.0.5'];
    const asked: string[] = [];
    const rebinding: OutboundResolver = async (hostname) => {
      asked.push(hostname);
      return [{ address: answers.shift() ?? '10.0.0.5', family: 4 }];
    };
    const target = `http://csaf.test:${String(port)}/doc`;
    const error = await failure(
      client(LOOPBACK, rebinding).get(
        `http://csaf.test:${String(port)}/redirect?to=${encodeURIComponent(target)}`,
      ),
    );
    expect(asked).toEqual(['csaf.test', 'csaf.test']);
    expect(error.reason).toBe('blocked_address');
    expect(error.message).toBe('refused: csaf.test resolves to 10.0.0.5, a private address');
  });

  it('connects only to the permitted addresses among those a name resolves to', async () => {
    if (!trap) return; // 127.0.0.2 cannot be bound here
    // The trap answers when asked directly, so its silence below means something.
    const direct = await client({ allow: ['127.0.0.2'] }).get(`http://127.0.0.2:${String(port)}/`);
    expect(direct.body.toString('utf8')).toBe('trap');
    trapHits = 0;
    const mixed: OutboundResolver = async () => [
      { address: '127.0.0.2', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    const response = await client(LOOPBACK, mixed).get(`http://mixed.test:${String(port)}/doc`);
    expect(response.body.toString('utf8')).toBe(DOCUMENT);
    expect(trapHits).toBe(0);
  });

  it('reports a name that does not resolve as a DNS failure', async () => {
    const nowhere: OutboundResolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const error = await failure(client({}, nowhere).get('https://csaf.invalid/provider-metadata.json'));
    expect(error.reason).toBe('dns');
    expect(error.message).toBe('could not resolve csaf.invalid');
  });
});

describe('OutboundClient: URLs and redirects', () => {
  it.each([
    ['ftp://127.0.0.1/x', /scheme ftp/],
    ['file:///etc/passwd', /scheme file/],
    ['javascript:alert(1)', /scheme javascript/],
    ['http://user:pass@example.org/', /user name or password/],
    ['not a url', /not an absolute URL/],
  ])('refuses %s as invalid input', async (url, message) => {
    const error: unknown = await client(LOOPBACK)
      .get(url)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation_failed');
    expect((error as AppError).publicMessage).toMatch(message);
  });

  it('follows redirects within the allowed addresses and reports the final URL', async () => {
    const response = await client(LOOPBACK).get(`${base}/redirect?status=301&to=/redirect%3Fto%3D/doc`);
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${base}/doc`);
    expect(response.body.toString('utf8')).toBe(DOCUMENT);
  });

  it('refuses a redirect from an allowed server to a blocked address, without connecting to it', async () => {
    const allowedByName = client({ allow: ['localhost'] });
    const start = `http://localhost:${String(port)}/redirect?to=${encodeURIComponent(`${base}/doc`)}`;
    let error: OutboundError | undefined;
    const requests = await requestsDuring(async () => {
      error = await failure(allowedByName.get(start));
    });
    expect(requests).toBe(1); // the redirect only
    expect(error?.reason).toBe('blocked_address');
    expect(error?.message).toBe('refused: 127.0.0.1 is a loopback address');

    const toMetadata = await failure(
      client(LOOPBACK).get(`${base}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/')}`),
    );
    expect(toMetadata.message).toBe('refused: 169.254.169.254 is a cloud metadata address');

    const toOtherLoopback = await failure(
      client(LOOPBACK).get(`${base}/redirect?to=${encodeURIComponent(`http://127.0.0.2:${String(port)}/`)}`),
    );
    expect(toOtherLoopback.reason).toBe('blocked_address');
    expect(trapHits).toBe(0);
  });

  it('refuses a redirect to another scheme or to a URL with credentials', async () => {
    for (const to of ['file:///etc/passwd', 'gopher://127.0.0.1/', 'http://u:p@127.0.0.1/']) {
      const error = await failure(client(LOOPBACK).get(`${base}/redirect?to=${encodeURIComponent(to)}`));
      expect(error.reason).toBe('bad_scheme');
      expect(error.host).toBe('127.0.0.1');
    }
  });

  it('stops after maxRedirects', async () => {
    const error = await failure(client({ ...LOOPBACK, maxRedirects: 2 }).get(`${base}/loop`));
    expect(error.reason).toBe('too_many_redirects');
    expect(error.message).toBe('127.0.0.1 redirected more than 2 times');
    expect(
      (await client({ ...LOOPBACK, maxRedirects: 0 })
        .get(`${base}/redirect`)
        .catch((e: unknown) => e)) as OutboundError,
    ).toMatchObject({ reason: 'too_many_redirects' });
  });

  it('drops credentials when a redirect changes origin', async () => {
    const other = `http://localhost:${String(port)}/echo`;
    const response = await client({ allow: ['127.0.0.1', 'localhost'] }).get(
      `${base}/redirect?to=${encodeURIComponent(other)}`,
      { headers: { Authorization: 'Bearer t0ken', 'X-Trace': 'kept' } },
    );
    const echoed = JSON.parse(response.body.toString('utf8'));
    expect(echoed.headers.authorization).toBeUndefined();
    expect(echoed.headers['x-trace']).toBe('kept');
  });
});

describe('OutboundClient: limits and decoding', () => {
  it('aborts a body larger than maxBytes by counting the stream', async () => {
    const error = await failure(client({ ...LOOPBACK, maxBytes: 100_000 }).get(`${base}/big`));
    expect(error.reason).toBe('too_large');
    expect(error.message).toBe('the response from 127.0.0.1 is larger than 100000 bytes');
  });

  it('aborts at once when Content-Length already exceeds maxBytes', async () => {
    const error = await failure(client({ ...LOOPBACK, maxBytes: 100_000 }).get(`${base}/declared-big`));
    expect(error.reason).toBe('too_large');
  });

  it('counts decoded bytes, so a small gzip bomb is aborted too', async () => {
    const error = await failure(client({ ...LOOPBACK, maxBytes: 100_000 }).get(`${base}/bomb`));
    expect(error.reason).toBe('too_large');
  });

  it.each(['/gzip', '/deflate', '/deflate-raw', '/br'])('decodes %s', async (path) => {
    const response = await client(LOOPBACK).get(`${base}${path}`);
    expect(response.body.toString('utf8')).toBe(DOCUMENT);
  });

  it('times out a response that never completes, and one that never starts', async () => {
    for (const path of ['/slow', '/hang']) {
      const started = performance.now();
      const error = await failure(client({ ...LOOPBACK, timeoutMs: 300 }).get(`${base}${path}`));
      expect(error.reason).toBe('timeout');
      expect(error.message).toBe('127.0.0.1 did not answer completely within 300 ms');
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it("stops when the caller's signal aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error: unknown = await client(LOOPBACK)
      .get(`${base}/hang`, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('OutboundClient: requests', () => {
  it('sends the policy user agent, the accepted type and compression it can decode', async () => {
    const response = await client(LOOPBACK).get(`${base}/echo`, {
      accept: 'application/json',
      headers: { 'User-Agent': 'spoofed', 'X-Request-Id': 'req-1', Host: 'evil.example' },
    });
    const echoed = JSON.parse(response.body.toString('utf8'));
    expect(echoed.method).toBe('GET');
    expect(echoed.headers['user-agent']).toBe('clearinghouse-test/1.0 (+https://clearinghouse.example)');
    expect(echoed.headers.accept).toBe('application/json');
    expect(echoed.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(echoed.headers['x-request-id']).toBe('req-1');
    expect(echoed.headers.host).toBe(`127.0.0.1:${String(port)}`);
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
  });

  it('POSTs a body and returns a redirect instead of following it', async () => {
    const posted = await client(LOOPBACK).post(`${base}/echo`, '{"event":"advisory.published"}', {
      headers: { 'content-type': 'application/json' },
    });
    expect(posted.status).toBe(200);
    const echoed = JSON.parse(posted.body.toString('utf8'));
    expect(echoed).toMatchObject({ method: 'POST', body: '{"event":"advisory.published"}' });
    expect(echoed.headers['content-type']).toBe('application/json');
    expect(echoed.headers['content-length']).toBe('30');

    const requests = await requestsDuring(async () => {
      const redirected = await client(LOOPBACK).post(
        `${base}/redirect?status=307&to=/echo`,
        Buffer.from('x'),
      );
      expect(redirected.status).toBe(307);
      expect(redirected.headers.location).toBe('/echo');
      expect(redirected.url).toBe(`${base}/redirect?status=307&to=/echo`);
    });
    expect(requests).toBe(1);
  });

  it('refuses a POST to a blocked address like a GET', async () => {
    const error = await failure(client().post(`${base}/echo`, 'x'));
    expect(error.reason).toBe('blocked_address');
  });
});

describe('OutboundClient: policy', () => {
  it.each(['10.0.0.0/33', '10.0.0', 'not a host!', '*.'])('rejects the allow entry %j', (entry) => {
    expect(() => client({ allow: [entry] })).toThrow(/allow-list entry/);
  });

  it('accepts CIDRs, addresses, names and wildcard names', () => {
    expect(() =>
      client({
        allow: [
          '10.0.0.0/8',
          '::1/128',
          'fd00::/8',
          '192.168.1.5',
          'csaf.internal.example',
          '*.corp.example',
          ' ',
        ],
      }),
    ).not.toThrow();
  });

  it('allows a wildcard entry for subdomains only', async () => {
    const resolver: OutboundResolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const wildcard = client({ allow: ['*.corp.test'] }, resolver);
    const ok = await wildcard.get(`http://csaf.corp.test:${String(port)}/doc`);
    expect(ok.status).toBe(200);
    const error = await failure(wildcard.get(`http://corp.test:${String(port)}/doc`));
    expect(error.reason).toBe('blocked_address');
  });
});
