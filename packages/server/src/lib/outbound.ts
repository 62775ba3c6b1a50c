import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, isIPv4, isIPv6, type LookupFunction } from 'node:net';
import type { Transform } from 'node:stream';
import { domainToASCII } from 'node:url';
import zlib from 'node:zlib';
import { AppError } from './errors.js';

/**
 * Outbound HTTP for URLs that users give us (CSAF providers today; webhooks and model endpoints
 * later). A user-supplied URL must not reach the server's own network: every address a host name
 * resolves to is checked inside the connection's DNS lookup, so the address that is checked is the
 * address that is connected to, on every connection and every redirect hop (no window for DNS
 * rebinding). IP literals, which node connects to without a lookup, are checked before connecting.
 */

export interface OutboundPolicy {
  /**
   * What the operator permits despite the address rules: CIDRs (`10.0.0.0/8`, `::1/128`), single
   * addresses, host names (`csaf.internal.example`) or `*.suffix` for every subdomain of a name.
   * Cloud metadata addresses stay refused unless an entry names that exact address.
   */
  allow: string[];
  /** Budget for a whole call: connecting, every redirect hop and reading the body. */
  timeoutMs: number;
  /** Largest body accepted, counted both as received and after decompression. */
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
}

export interface OutboundRequestOptions {
  accept?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface OutboundResponse {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Decoded: gzip, deflate and br are undone. */
  body: Buffer;
}

export type OutboundFailure =
  'blocked_address' | 'dns' | 'timeout' | 'too_large' | 'too_many_redirects' | 'network' | 'bad_scheme';

/**
 * A failed outbound call. `message` is safe to show to the user who gave the URL: it names the
 * host and, for refusals, the address and its class, never the path or query (which may carry
 * secrets). `bad_scheme` is a redirect to a URL we do not follow (another scheme, credentials);
 * a refused URL given by the caller is an `AppError('validation_failed')` instead.
 */
export class OutboundError extends Error {
  readonly address: string | undefined;

  constructor(
    readonly reason: OutboundFailure,
    readonly host: string,
    message: string,
    options: { address?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'OutboundError';
    this.address = options.address;
  }
}

/** Resolves a host name to every address; replaceable in tests, `dns.lookup` otherwise. */
export type OutboundResolver = (
  hostname: string,
  options: { family: 0 | 4 | 6; hints?: number },
) => Promise<LookupAddress[]>;

// ---------------------------------------------------------------------------------------------
// Address classes

export type AddressClass =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'site-local'
  | 'cgnat'
  | 'multicast'
  | 'broadcast'
  | 'cloud-metadata'
  | 'documentation'
  | 'benchmarking'
  | 'reserved'
  | 'invalid';

const CLASS_PHRASE: Record<AddressClass, string> = {
  unspecified: 'an unspecified address',
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  'unique-local': 'a unique-local address',
  'site-local': 'a site-local address',
  cgnat: 'a shared (carrier-grade NAT) address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  'cloud-metadata': 'a cloud metadata address',
  documentation: 'a documentation address',
  benchmarking: 'a benchmarking address',
  reserved: 'a reserved address',
  invalid: 'not a valid IP address',
};

interface Address {
  family: 4 | 6;
  bytes: Uint8Array;
}

interface Cidr extends Address {
  bits: number;
}

function parseIPv4(text: string): Uint8Array | undefined {
  if (!isIPv4(text)) return undefined;
  return Uint8Array.from(text.split('.').map(Number));
}

function parseIPv6(text: string): Uint8Array | undefined {
  if (!isIPv6(text)) return undefined;
  const words = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const group of part.split(':')) {
      if (group.includes('.')) {
        const v4 = parseIPv4(group);
        if (v4 === undefined) return undefined;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else {
        out.push(Number.parseInt(group, 16));
      }
    }
    return out;
  };
  const gap = text.indexOf('::');
  let all: number[] | undefined;
  if (gap === -1) {
    all = words(text);
  } else {
    const head = words(text.slice(0, gap));
    const tail = words(text.slice(gap + 2));
    if (head === undefined || tail === undefined) return undefined;
    all = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  if (all?.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  all.forEach((word, i) => {
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  });
  return bytes;
}

/** An IP address as bytes; accepts `[v6]` and drops a v6 zone (`fe80::1%eth0`). */
function parseAddress(text: string): Address | undefined {
  const v4 = parseIPv4(text);
  if (v4) return { family: 4, bytes: v4 };
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%[^%]*$/, '');
  const v6 = parseIPv6(bare);
  return v6 ? { family: 6, bytes: v6 } : undefined;
}

/** `a.b.c.d/n`, `v6/n`, or a single address (a full-length prefix). */
function parseCidr(text: string): Cidr | undefined {
  const slash = text.lastIndexOf('/');
  const address = parseAddress(slash === -1 ? text : text.slice(0, slash));
  if (!address || text.includes('%')) return undefined;
  const max = address.family === 4 ? 32 : 128;
  if (slash === -1) return { ...address, bits: max };
  const prefix = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return undefined;
  return { ...address, bits: Number(prefix) };
}

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`bad built-in CIDR ${text}`);
  return parsed;
}

function inCidr(address: Address, range: Cidr): boolean {
  if (address.family !== range.family) return false;
  const whole = range.bits >> 3;
  for (let i = 0; i < whole; i++) if (address.bytes[i] !== range.bytes[i]) return false;
  const rest = range.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((address.bytes[whole] ?? 0) & mask) === ((range.bytes[whole] ?? 0) & mask);
}

/** First match wins, so exact addresses come before the ranges holding them. */
const IPV4_RANGES: [Cidr, AddressClass][] = (
  [
    ['169.254.169.254/32', 'cloud-metadata'], // AWS, GCP, Azure, OCI, OpenStack, DigitalOcean …
    ['169.254.170.2/32', 'cloud-metadata'], // AWS ECS task credentials
    ['169.254.170.23/32', 'cloud-metadata'], // AWS EKS pod identity
    ['100.100.100.200/32', 'cloud-metadata'], // Alibaba Cloud
    ['192.0.0.192/32', 'cloud-metadata'], // Oracle Cloud (legacy)
    ['255.255.255.255/32', 'broadcast'],
    ['0.0.0.0/8', 'unspecified'],
    ['10.0.0.0/8', 'private'],
    ['100.64.0.0/10', 'cgnat'],
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'],
    ['172.16.0.0/12', 'private'],
    ['192.0.0.0/24', 'reserved'],
    ['192.0.2.0/24', 'documentation'],
    ['192.88.99.0/24', 'reserved'],
    ['192.168.0.0/16', 'private'],
    ['198.18.0.0/15', 'benchmarking'],
    ['198.51.100.0/24', 'documentation'],
    ['203.0.113.0/24', 'documentation'],
    ['224.0.0.0/4', 'multicast'],
    ['240.0.0.0/4', 'reserved'],
  ] as const
).map(([text, cls]) => [cidr(text), cls]);

const IPV6_RANGES: [Cidr, AddressClass][] = (
  [
    ['fd00:ec2::254/128', 'cloud-metadata'], // AWS instance metadata over IPv6
    ['fd00:ec2::23/128', 'cloud-metadata'], // AWS EKS pod identity over IPv6
    ['::/128', 'unspecified'],
    ['::1/128', 'loopback'],
    ['fe80::/10', 'link-local'],
    ['fec0::/10', 'site-local'],
    ['fc00::/7', 'unique-local'],
    ['ff00::/8', 'multicast'],
    ['2001:db8::/32', 'documentation'],
    ['3fff::/20', 'documentation'],
    ['2001:2::/48', 'benchmarking'],
    ['2001::/23', 'reserved'], // IETF protocol assignments, Teredo among them
  ] as const
).map(([text, cls]) => [cidr(text), cls]);

/** IPv6 forms that carry an IPv4 address, which is what is really reached: [range, offset of the v4]. */
const IPV4_EMBEDDING: [Cidr, number][] = [
  [cidr('::ffff:0:0/96'), 12], // IPv4-mapped
  [cidr('64:ff9b::/96'), 12], // NAT64 well-known prefix
  [cidr('2002::/16'), 2], // 6to4
];

/** Only global unicast space is public in IPv6; everything outside it is reserved or special. */
const IPV6_GLOBAL_UNICAST = cidr('2000::/3');

function classify(address: Address): AddressClass | undefined {
  if (address.family === 4) return IPV4_RANGES.find(([range]) => inCidr(address, range))?.[1];
  const special = IPV6_RANGES.find(([range]) => inCidr(address, range))?.[1];
  if (special) return special;
  for (const [range, offset] of IPV4_EMBEDDING) {
    if (inCidr(address, range)) {
      return classify({ family: 4, bytes: address.bytes.slice(offset, offset + 4) });
    }
  }
  return inCidr(address, IPV6_GLOBAL_UNICAST) ? undefined : 'reserved';
}

/**
 * Whether an outbound connection to `ip` is refused by default, and the address class that
 * refuses it. Anything that is not an IP address is blocked with reason `invalid`.
 */
export function isBlockedAddress(ip: string): { blocked: boolean; reason?: AddressClass } {
  const address = parseAddress(ip.trim());
  if (!address) return { blocked: true, reason: 'invalid' };
  const reason = classify(address);
  return reason ? { blocked: true, reason } : { blocked: false };
}

/** `::ffff:a.b.c.d` compared as `a.b.c.d`, so an allow-list entry means the same in both forms. */
function unmapped(address: Address): Address {
  const mapped = IPV4_EMBEDDING[0]?.[0];
  return address.family === 6 && mapped && inCidr(address, mapped)
    ? { family: 4, bytes: address.bytes.slice(12) }
    : address;
}

// ---------------------------------------------------------------------------------------------
// Allow list

function normalizeHost(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

function parseHostName(text: string): string | undefined {
  const ascii = domainToASCII(normalizeHost(text));
  const labels = ascii.split('.');
  if (ascii === '' || ascii.length > 253 || !labels.every((l) => LABEL.test(l))) return undefined;
  // A name whose last label is numeric would be a mistyped address (`10.0.0`), not a host.
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return undefined;
  return ascii;
}

class AllowList {
  readonly #ranges: Cidr[] = [];
  readonly #names = new Set<string>();
  readonly #suffixes: string[] = [];

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw.trim();
      if (entry === '') continue;
      const range = parseCidr(entry);
      if (range) {
        const v4 = range.bits >= 96 ? unmapped(range) : range;
        this.#ranges.push(v4 === range ? range : { ...v4, bits: range.bits - 96 });
        continue;
      }
      const wildcard = entry.startsWith('*.');
      const name = parseHostName(wildcard ? entry.slice(2) : entry);
      if (name === undefined) {
        throw new Error(
          `outbound allow-list entry "${entry}" is not a CIDR, an IP address or a host name (*.example.org for subdomains)`,
        );
      }
      if (wildcard) this.#suffixes.push(`.${name}`);
      else this.#names.add(name);
    }
  }

  permitsHost(host: string): boolean {
    const name = normalizeHost(host);
    return this.#names.has(name) || this.#suffixes.some((suffix) => name.endsWith(suffix));
  }

  /** `exact`: only entries naming this one address (full-length prefixes) count. */
  permitsAddress(ip: string, exact: boolean): boolean {
    const parsed = parseAddress(ip);
    if (!parsed) return false;
    const address = unmapped(parsed);
    return this.#ranges.some(
      (range) => (!exact || range.bits === (range.family === 4 ? 32 : 128)) && inCidr(address, range),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The client

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DNS_ERROR_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'ENODATA',
  'EAI_NONAME',
]);
/** Headers the client owns; a caller's value for them is dropped. */
const OWN_HEADERS = new Set([
  'host',
  'user-agent',
  'accept-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
]);
/** Dropped when a redirect leaves the origin they were meant for. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

type Exchange =
  | { kind: 'redirect'; location: string }
  | { kind: 'response'; status: number; headers: Record<string, string>; body: Buffer };

const defaultResolver: OutboundResolver = (hostname, options) =>
  new Promise((resolve, reject) => {
    dnsLookup(
      hostname,
      { all: true, family: options.family, hints: options.hints ?? 0 },
      (error, addresses) => {
        if (error) reject(error);
        else resolve(addresses);
      },
    );
  });

export class OutboundClient {
  readonly #policy: OutboundPolicy;
  readonly #allow: AllowList;
  readonly #resolve: OutboundResolver;

  /** `resolver` is for tests; production uses the system resolver (`dns.lookup`). */
  constructor(policy: OutboundPolicy, resolver: OutboundResolver = defaultResolver) {
    const positive = (n: number, min: number): boolean => Number.isInteger(n) && n >= min;
    if (!positive(policy.timeoutMs, 1)) throw new RangeError('outbound timeoutMs must be a positive integer');
    if (!positive(policy.maxBytes, 1)) throw new RangeError('outbound maxBytes must be a positive integer');
    if (!positive(policy.maxRedirects, 0)) throw new RangeError('outbound maxRedirects must be 0 or more');
    // eslint-disable-next-line no-control-regex -- a header value must not hold control characters
    if (policy.userAgent === '' || /[\u0000-\u001f\u007f]/.test(policy.userAgent)) {
      throw new RangeError('outbound userAgent must be a non-empty header value');
    }
    this.#policy = { ...policy, allow: [...policy.allow] };
    this.#allow = new AllowList(policy.allow);
    this.#resolve = resolver;
  }

  /**
   * Whether the operator's allow-list names this host, or covers it when it is an IP address: such
   * a destination may be reached over plain http (webhook URLs are https otherwise).
   */
  allowListed(host: string): boolean {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    return this.#allow.permitsHost(bare) || (isIP(bare) !== 0 && this.#allow.permitsAddress(bare, false));
  }

  /** GET, following up to `maxRedirects` redirects, each hop checked like the first. */
  get(url: string, opts: OutboundRequestOptions = {}): Promise<OutboundResponse> {
    return this.#send('GET', url, undefined, opts);
  }

  /** POST; a redirect is not followed but returned as the response. */
  post(url: string, body: string | Buffer, opts: OutboundRequestOptions = {}): Promise<OutboundResponse> {
    return this.#send('POST', url, typeof body === 'string' ? Buffer.from(body, 'utf8') : body, opts);
  }

  async #send(
    method: 'GET' | 'POST',
    target: string,
    body: Buffer | undefined,
    opts: OutboundRequestOptions,
  ): Promise<OutboundResponse> {
    let url = parseTarget(target);
    let headers = this.#headers(opts, body);
    const deadline = performance.now() + this.#policy.timeoutMs;
    for (let redirects = 0; ; redirects++) {
      const outcome = await this.#exchange(method, url, headers, body, deadline, opts.signal);
      if (outcome.kind === 'response') {
        return { url: url.href, status: outcome.status, headers: outcome.headers, body: outcome.body };
      }
      const host = hostOf(url);
      if (redirects >= this.#policy.maxRedirects) {
        throw new OutboundError(
          'too_many_redirects',
          host,
          `${host} redirected more than ${this.#policy.maxRedirects} times`,
        );
      }
      const next = redirectTarget(url, outcome.location);
      if (next.origin !== url.origin) {
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name)),
        );
      }
      url = next;
    }
  }

  #headers(opts: OutboundRequestOptions, body: Buffer | undefined): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(opts.headers ?? {})) {
      const key = name.toLowerCase();
      if (!OWN_HEADERS.has(key)) headers[key] = value;
    }
    if (opts.accept !== undefined) headers.accept = opts.accept;
    else if (!Object.hasOwn(headers, 'accept')) headers.accept = '*/*';
    headers['user-agent'] = this.#policy.userAgent;
    headers['accept-encoding'] = 'gzip, deflate, br';
    if (body) headers['content-length'] = String(body.length);
    return headers;
  }

  /** Why a connection to `ip` for `host` is refused, or undefined when it may go ahead. */
  #refusal(host: string, ip: string): AddressClass | undefined {
    const { reason } = isBlockedAddress(ip);
    if (reason === undefined) return undefined;
    if (reason === 'cloud-metadata') return this.#allow.permitsAddress(ip, true) ? undefined : reason;
    if (reason === 'invalid') return reason;
    return this.#allow.permitsHost(host) || this.#allow.permitsAddress(ip, false) ? undefined : reason;
  }

  /** The DNS lookup for one connection: resolve, then hand node only the permitted addresses. */
  #lookup(host: string, refused: (error: OutboundError) => void): LookupFunction {
    return (hostname, options, callback) => {
      const family =
        options.family === 4 || options.family === 'IPv4'
          ? 4
          : options.family === 6 || options.family === 'IPv6'
            ? 6
            : 0;
      const done = (error: OutboundError): void => {
        refused(error);
        callback(error, '');
      };
      this.#resolve(hostname, { family, hints: options.hints }).then(
        (answers) => {
          const permitted = answers.filter((a) => this.#refusal(host, a.address) === undefined);
          const first = permitted[0];
          if (first === undefined) {
            const blocked = answers[0];
            done(
              blocked
                ? blockedError(
                    host,
                    blocked.address,
                    this.#refusal(host, blocked.address) ?? 'invalid',
                    false,
                  )
                : new OutboundError('dns', host, `${host} has no addresses`),
            );
          } else if (options.all) {
            callback(null, permitted);
          } else {
            callback(null, first.address, first.family);
          }
        },
        (error: unknown) =>
          done(new OutboundError('dns', host, `could not resolve ${host}`, { cause: error })),
      );
    };
  }

  /** One request and its response: a redirect to follow, or the whole (decoded) response. */
  #exchange(
    method: 'GET' | 'POST',
    url: URL,
    headers: Record<string, string>,
    body: Buffer | undefined,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<Exchange> {
    const host = hostOf(url);
    const { maxBytes, timeoutMs } = this.#policy;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    // node connects to an IP literal without calling `lookup`, so literals are checked here.
    if (isIP(host) !== 0) {
      const refusal = this.#refusal(host, host);
      if (refusal) return Promise.reject(blockedError(host, host, refusal, true));
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) return Promise.reject(timeoutError(host, timeoutMs));

    return new Promise<Exchange>((resolve, reject) => {
      let settled = false;
      let refused: OutboundError | undefined;
      let response: http.IncomingMessage | undefined;
      let decoder: Transform | undefined;

      const request = (url.protocol === 'https:' ? https : http).request({
        protocol: url.protocol,
        hostname: host,
        port: url.port === '' ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method,
        headers: { ...headers, host: url.host },
        // A fresh agent per request: no pooled socket, so every connection goes through `lookup`.
        agent: false,
        lookup: this.#lookup(host, (error) => (refused = error)),
      });

      const finish = (): void => {
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const succeed = (value: Exchange): void => {
        if (settled) return;
        finish();
        resolve(value);
      };
      const fail = (error: Error): void => {
        if (settled) return;
        finish();
        reject(error);
        request.destroy();
        response?.destroy();
        decoder?.destroy();
      };
      const onAbort = (): void => fail(abortReason(signal));
      const timer = setTimeout(() => fail(timeoutError(host, timeoutMs)), remaining);
      signal?.addEventListener('abort', onAbort, { once: true });

      request.on('error', (error) => fail(refused ?? transportError(error, host)));
      request.on('response', (res) => {
        response = res;
        res.on('error', (error) => fail(transportError(error, host)));
        res.on('close', () => {
          if (!res.complete) {
            fail(
              new OutboundError(
                'network',
                host,
                `${host} closed the connection before the response was complete`,
              ),
            );
          }
        });
        const status = res.statusCode ?? 0;
        const responseHeaders = flattenHeaders(res.headers);
        const location = responseHeaders.location;
        if (method === 'GET' && REDIRECT_STATUSES.has(status) && location !== undefined) {
          succeed({ kind: 'redirect', location });
          res.destroy();
          return;
        }
        const declared = Number(responseHeaders['content-length'] ?? '');
        if (Number.isFinite(declared) && declared > maxBytes) {
          fail(tooLargeError(host, maxBytes));
          return;
        }
        const encoding = (responseHeaders['content-encoding'] ?? 'identity').trim().toLowerCase();
        if (!['identity', '', 'gzip', 'x-gzip', 'deflate', 'br'].includes(encoding)) {
          fail(
            new OutboundError('network', host, `${host} sent an unsupported content encoding (${encoding})`),
          );
          return;
        }

        const chunks: Buffer[] = [];
        let received = 0;
        let decoded = 0;
        const collect = (chunk: Buffer): void => {
          decoded += chunk.length;
          if (decoded > maxBytes) fail(tooLargeError(host, maxBytes));
          else chunks.push(chunk);
        };
        const complete = (): void =>
          succeed({
            kind: 'response',
            status,
            headers: responseHeaders,
            body: Buffer.concat(chunks, decoded),
          });
        const startDecoder = (first: Buffer): Transform => {
          const created = createDecoder(encoding, first);
          created.on('data', collect);
          created.on('end', complete);
          created.on('error', (error) =>
            fail(
              new OutboundError(
                'network',
                host,
                `the ${encoding} response from ${host} could not be decoded`,
                {
                  cause: error,
                },
              ),
            ),
          );
          return created;
        };

        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          received += chunk.length;
          if (received > maxBytes) {
            fail(tooLargeError(host, maxBytes));
          } else if (encoding === 'identity' || encoding === '') {
            collect(chunk);
          } else {
            decoder ??= startDecoder(chunk);
            if (!decoder.write(chunk)) {
              res.pause();
              decoder.once('drain', () => res.resume());
            }
          }
        });
        res.on('end', () => {
          if (decoder) decoder.end();
          else complete();
        });
      });

      request.end(body);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function invalidUrl(problem: string): AppError {
  return new AppError('validation_failed', `outbound URL refused: ${problem}`, {
    publicMessage: `The URL was refused: ${problem}.`,
    details: [{ path: 'url', message: problem }],
  });
}

/** The caller's URL: an absolute http(s) URL without credentials. */
function parseTarget(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidUrl('it is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidUrl(`the scheme ${url.protocol.slice(0, -1)} is not allowed, only http and https`);
  }
  if (url.username !== '' || url.password !== '') {
    throw invalidUrl('a URL must not carry a user name or password');
  }
  return url;
}

/** Where a redirect leads; refused unless it is an http(s) URL without credentials. */
function redirectTarget(from: URL, location: string): URL {
  const host = hostOf(from);
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new OutboundError('bad_scheme', host, `refused: ${host} redirected to an invalid URL`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new OutboundError(
      'bad_scheme',
      host,
      `refused: ${host} redirected to a ${next.protocol.slice(0, -1)} URL; only http and https are followed`,
    );
  }
  if (next.username !== '' || next.password !== '') {
    throw new OutboundError(
      'bad_scheme',
      host,
      `refused: ${host} redirected to a URL with a user name or password`,
    );
  }
  return next;
}

/** The host without IPv6 brackets: what is resolved, compared and reported. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function blockedError(host: string, ip: string, reason: AddressClass, literal: boolean): OutboundError {
  const where = literal ? `${ip} is` : `${host} resolves to ${ip},`;
  return new OutboundError('blocked_address', host, `refused: ${where} ${CLASS_PHRASE[reason]}`, {
    address: ip,
  });
}

function timeoutError(host: string, timeoutMs: number): OutboundError {
  return new OutboundError('timeout', host, `${host} did not answer completely within ${timeoutMs} ms`);
}

function tooLargeError(host: string, maxBytes: number): OutboundError {
  return new OutboundError('too_large', host, `the response from ${host} is larger than ${maxBytes} bytes`);
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('The request was aborted.');
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('code' in error && typeof error.code === 'string') return error.code;
  // Happy eyeballs reports every failed attempt together.
  if (error instanceof AggregateError) return errorCode((error.errors as unknown[])[0]);
  return undefined;
}

/** A socket, TLS or parser failure, described without the URL. */
function transportError(error: Error, host: string): OutboundError {
  if (error instanceof OutboundError) return error;
  const code = errorCode(error);
  if (code !== undefined && DNS_ERROR_CODES.has(code)) {
    return new OutboundError('dns', host, `could not resolve ${host}`, { cause: error });
  }
  const detail = code === undefined ? '' : ` (${code})`;
  return new OutboundError('network', host, `the request to ${host} failed${detail}`, { cause: error });
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** HTTP "deflate" should be zlib-wrapped, but some servers send raw deflate: the first bytes tell. */
function createDecoder(encoding: string, first: Buffer): Transform {
  if (encoding === 'br') return zlib.createBrotliDecompress();
  if (encoding === 'deflate') {
    const [cmf, flg] = first;
    const zlibWrapped =
      cmf === undefined || flg === undefined || ((cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0);
    return zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw();
  }
  return zlib.createGunzip();
}
