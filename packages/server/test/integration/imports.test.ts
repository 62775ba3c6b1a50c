import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedAdvisory, ImportReport, ImportedSummary } from '@clearinghouse/shared';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { api, buildOrg, buildUser, tokenFor } from '../support/factories.js';

const examples = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  'shared',
  'standards',
  'csaf-2.0',
  'examples',
  'csaf',
);
const exampleFiles = [
  ...fs.readdirSync(examples).filter((f) => f.endsWith('.json')),
  ...fs.readdirSync(path.join(examples, 'csaf_vex')).map((f) => `csaf_vex/${f}`),
];
const read = (f: string) => fs.readFileSync(path.join(examples, f), 'utf8');
const sha = (algorithm: string, text: string) => createHash(algorithm).update(text, 'utf8').digest('hex');

/** A CSAF provider on loopback: metadata, one ROLIE feed, documents with hashes and signatures. */
async function startProvider(
  docs: Record<string, string>,
  opts: { tamper?: string; directory?: boolean } = {},
) {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name: 'Test Provider', email: 'csaf@provider.test' }],
    format: 'object',
  });
  const fingerprint = publicKey.getFingerprint().toUpperCase();
  const files = new Map<string, string>();
  let base = '';
  const server = http.createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entries = [];
  for (const [name, text] of Object.entries(docs)) {
    const p = `/.well-known/csaf/white/2022/${name}`;
    const served = opts.tamper === name ? text.replace('"title"', '"title" ') : text;
    files.set(p, served);
    files.set(`${p}.sha256`, `${sha('sha256', text)}  ${name}\n`);
    files.set(`${p}.sha512`, `${sha('sha512', text)}  ${name}\n`);
    files.set(
      `${p}.asc`,
      await openpgp.sign({
        message: await openpgp.createMessage({ binary: new TextEncoder().encode(text) }),
        signingKeys: privateKey,
        detached: true,
      }),
    );
    entries.push({ id: name, link: [{ rel: 'self', href: `${base}${p}` }], content: { src: `${base}${p}` } });
  }
  files.set('/.well-known/csaf/white/feed.json', JSON.stringify({ feed: { id: 'f', entry: entries } }));
  files.set(
    '/.well-known/csaf/white/index.txt',
    Object.keys(docs)
      .map((name) => `2022/${name}\n`)
      .join(''),
  );
  files.set(`/.well-known/csaf/openpgp/${fingerprint}.asc`, publicKey.armor());
  files.set(
    '/.well-known/csaf/provider-metadata.json',
    JSON.stringify({
      canonical_url: `${base}/.well-known/csaf/provider-metadata.json`,
      metadata_version: '2.0',
      role: 'csaf_trusted_provider',
      publisher: { category: 'vendor', name: 'Test', namespace: base },
      public_openpgp_keys: [{ fingerprint, url: `${base}/.well-known/csaf/openpgp/${fingerprint}.asc` }],
      distributions: [
        { rolie: { feeds: [{ tlp_label: 'WHITE', url: `${base}/.well-known/csaf/white/feed.json` }] } },
      ],
    }),
  );
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(DIALECTS)('importing advisories on %s', (dialect) => {
  let h: Harness;
  let analyst: string;
  let vendorToken: string;

  beforeAll(async () => {
    // Loopback is refused by default; this deployment allows it for its test provider.
    h = await startHarness(dialect, { env: { CH_OUTBOUND_ALLOW: '127.0.0.1' } });
    analyst = await tokenFor(h, await buildUser(h, { roles: ['analyst'] }), 'write');
    vendorToken = await tokenFor(
      h,
      await buildUser(h, { orgId: (await buildOrg(h, { kind: 'vendor' })).id }),
      'write',
    );
  });
  afterAll(async () => {
    await h.close();
  });

  const upload = (name: string, body: string | Uint8Array, token = analyst) =>
    h.app.inject({
      method: 'POST',
      url: `/api/v1/imports/upload?filename=${encodeURIComponent(name)}`,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': name.endsWith('.zip') ? 'application/zip' : 'application/json',
      },
      payload: typeof body === 'string' ? body : Buffer.from(body),
    });

  it('imports every OASIS example document and gives it back byte for byte', async () => {
    for (const file of exampleFiles) {
      const res = await upload(path.basename(file), read(file));
      expect(res.statusCode, `${file}: ${res.body}`).toBe(200);
      const report = res.json<ImportReport>();
      expect(report.documents[0]?.outcome, file).toBe('inserted');
      const id = report.documents[0]?.document?.id ?? '';
      const back = await api(h, 'GET', `/api/v1/imports/${id}/document`, analyst);
      expect(back.body).toBe(read(file));
    }
    const bsi = (await api(h, 'GET', '/api/v1/imports?q=BSI-2022-0001', analyst)).json<{
      items: ImportedSummary[];
    }>();
    expect(bsi.items[0]).toMatchObject({ format: 'csaf', trackingId: 'BSI-2022-0001', tlp: 'WHITE' });
    const detail = (
      await api(h, 'GET', `/api/v1/imports/${bsi.items[0]?.id}`, analyst)
    ).json<ImportedAdvisory>();
    expect(detail.products.length).toBeGreaterThan(0);
    // The same bytes again change nothing.
    expect(
      (await upload('bsi.json', read('bsi-2022-0001.json'))).json<ImportReport>().documents[0]?.outcome,
    ).toBe('unchanged');
    // Paging: every import once, newest first, five at a time.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: ImportedSummary[]; nextCursor: string | null } = (
        await api(h, 'GET', `/api/v1/imports?limit=5${cursor ? `&cursor=${cursor}` : ''}`, analyst)
      ).json();
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(exampleFiles.length);
    expect(new Set(seen).size).toBe(seen.length);
    // TLP:WHITE imports are public.
    expect(
      (await h.app.inject({ method: 'GET', url: `/api/v1/imports/${bsi.items[0]?.id}` })).statusCode,
    ).toBe(200);
  });

  it('keeps a document that fails mandatory tests, flagged with the failing tests; refuses what is not CSAF or OSV', async () => {
    const doc = JSON.parse(read('bsi-2022-0001.json')) as {
      document: { tracking: { id: string; version: string } };
    };
    doc.document.tracking.id = 'BSI-2022-9999';
    doc.document.tracking.version = '0'; // final status with version 0: mandatory test 6.1.17 fails
    const res = (await upload('broken.json', JSON.stringify(doc))).json<ImportReport>();
    expect(res.documents[0]?.outcome).toBe('inserted');
    expect(res.documents[0]?.document?.valid).toBe(false);
    expect(res.documents[0]?.problems.length).toBeGreaterThan(0);
    expect(res.counts.invalid).toBe(1);
    const junk = (await upload('junk.json', '{"hello":"world"}')).json<ImportReport>();
    expect(junk.documents[0]).toMatchObject({ outcome: 'rejected', document: null });
    expect((await upload('bad.json', 'not json')).json<ImportReport>().counts.rejected).toBe(1);
  });

  it('follows a provider’s ROLIE feed, verifying hashes and signatures; refuses a tampered document', async () => {
    const provider = await startProvider(
      {
        'rhsa-2021_5186.json': read('rhsa-2021_5186.json'),
        'rhsa-2021_5217.json': read('rhsa-2021_5217.json'),
      },
      { tamper: 'rhsa-2021_5217.json' },
    );
    try {
      const res = await api(h, 'POST', '/api/v1/imports', analyst, {
        url: `${provider.base}/.well-known/csaf/provider-metadata.json`,
      });
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json<ImportReport>();
      const good = report.documents.find((d) => d.source.endsWith('5186.json'));
      expect(good, JSON.stringify(report)).toBeDefined();
      expect(good?.document?.integrity).toMatchObject({
        sha256: 'verified',
        sha512: 'verified',
        signature: 'verified',
      });
      // Uploaded before, but fetched from its publisher it is a document of that origin.
      expect(good?.outcome).toBe('inserted');
      const tampered = report.documents.find((d) => d.source.endsWith('5217.json'));
      expect(tampered?.outcome).toBe('rejected');
      expect(tampered?.problems[0]?.message).toContain('hash');
    } finally {
      await provider.close();
    }
  });

  it('follows a provider’s directory (index.txt) when it has no ROLIE feed', async () => {
    const provider = await startProvider(
      { 'rhsa-2022_0011.json': read('rhsa-2022_0011.json') },
      { directory: true },
    );
    try {
      const res = await api(h, 'POST', '/api/v1/imports', analyst, {
        url: `${provider.base}/.well-known/csaf/provider-metadata.json`,
      });
      const report = res.json<ImportReport>();
      expect(report.documents.map((d) => d.outcome)).toEqual(['inserted']);
      expect(report.documents[0]?.document?.integrity.signature).toBe('verified');
    } finally {
      await provider.close();
    }
  });

  it('a TLP:RED import is for the person it was given to; AMBER for clearinghouse staff', async () => {
    const doc = JSON.parse(read('bsi-2022-0001.json')) as {
      document: { tracking: { id: string }; distribution: { tlp: { label: string } } };
    };
    doc.document.tracking.id = 'BSI-2022-RED1';
    doc.document.distribution.tlp.label = 'RED';
    const stored = (await upload('red.json', JSON.stringify(doc))).json<ImportReport>().documents[0]
      ?.document;
    expect(stored?.tlp).toBe('RED');
    const otherAnalyst = await tokenFor(h, await buildUser(h, { roles: ['analyst'] }), 'read');
    expect((await api(h, 'GET', `/api/v1/imports/${stored?.id}`, analyst)).statusCode).toBe(200);
    expect((await api(h, 'GET', `/api/v1/imports/${stored?.id}`, otherAnalyst)).statusCode).toBe(404);
    expect((await api(h, 'GET', `/api/v1/imports/${stored?.id}/document`, vendorToken)).statusCode).toBe(404);
    doc.document.tracking.id = 'BSI-2022-AMB1';
    doc.document.distribution.tlp.label = 'AMBER';
    const amber = (await upload('amber.json', JSON.stringify(doc))).json<ImportReport>().documents[0]
      ?.document;
    expect((await api(h, 'GET', `/api/v1/imports/${amber?.id}`, otherAnalyst)).statusCode).toBe(200);
    expect((await api(h, 'GET', `/api/v1/imports/${amber?.id}`, vendorToken)).statusCode).toBe(404);
  });

  it('imports OSV records from a zip into the OSV API', async () => {
    const record = {
      schema_version: '1.7.0',
      id: 'GHSA-xxxx-yyyy-zzzz',
      modified: '2026-11-01T00:00:00Z',
      published: '2026-10-01T00:00:00Z',
      aliases: ['CVE-2026-50001'],
      summary: 'Test flaw in left-pad-ng',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'left-pad-ng', purl: 'pkg:npm/left-pad-ng' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }],
        },
      ],
    };
    const zip = zipSync({
      'npm/GHSA-xxxx-yyyy-zzzz.json': strToU8(JSON.stringify(record)),
      'README.txt': strToU8('x'),
    });
    const res = await upload('npm.zip', zip);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ImportReport>().counts.inserted).toBe(1);
    const found = await h.app.inject({
      method: 'POST',
      url: '/v1/query',
      payload: { package: { purl: 'pkg:npm/left-pad-ng@1.2.0' } },
    });
    expect(found.json<{ vulns: { id: string }[] }>().vulns.map((v) => v.id)).toEqual(['GHSA-xxxx-yyyy-zzzz']);
    const fixed = await h.app.inject({
      method: 'POST',
      url: '/v1/query',
      payload: { package: { purl: 'pkg:npm/left-pad-ng@1.3.0' } },
    });
    expect(fixed.json()).toEqual({});
  });

  it('is for clearinghouse staff only, and refuses private addresses unless the operator allows them', async () => {
    expect((await upload('x.json', read('bsi-2022-0001.json'), vendorToken)).statusCode).toBe(403);
    expect(
      (
        await api(h, 'POST', '/api/v1/imports', vendorToken, {
          url: 'https://csaf.example/provider-metadata.json',
        })
      ).statusCode,
    ).toBe(403);
    const strict = await startHarness(dialect);
    try {
      const token = await tokenFor(strict, await buildUser(strict, { roles: ['analyst'] }), 'write');
      const res = await api(strict, 'POST', '/api/v1/imports', token, { url: 'http://127.0.0.1:9/doc.json' });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.body).toMatch(/loopback|refused/i);
      expect(res.body).not.toContain('stack');
    } finally {
      await strict.close();
    }
  });
});
