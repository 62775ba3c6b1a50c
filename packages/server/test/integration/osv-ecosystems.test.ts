import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Advisory, AdvisoryProduct, Case, ReportSubmitted } from '@clearinghouse/shared';
import { createOsvValidator } from '../../src/formats/osv-schema.js';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { api, buildUser, tokenFor } from '../support/factories.js';

const standards = path.resolve(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'standards');
const validateOsv = createOsvValidator(
  JSON.parse(fs.readFileSync(path.join(standards, 'osv', 'schema.json'), 'utf8')) as object,
);

/** One product per ecosystem, each range chosen so that string order would give wrong answers. */
const PRODUCTS: (Omit<AdvisoryProduct, 'version' | 'cpe' | 'modelNumbers'> & {
  ecosystem: string;
  name: string;
  affected: string[];
  unaffected: string[];
})[] = [
  {
    key: 'NPM',
    vendor: 'Acme',
    product: 'acme-lib',
    purl: 'pkg:npm/acme-lib',
    range: 'vers:npm/>=1.0.0|<1.10.2',
    ecosystem: 'npm',
    name: 'acme-lib',
    affected: ['1.0.0', '1.9.9', '1.10.1'],
    unaffected: ['0.9.0', '1.10.2', '1.11.0', '2.0.0-rc.1'],
  },
  {
    key: 'PYPI',
    vendor: 'Acme',
    product: 'acme-lib (Python)',
    purl: 'pkg:pypi/acme-lib',
    range: 'vers:pypi/>=1.0rc1|<1.2.post1',
    ecosystem: 'PyPI',
    name: 'Acme_Lib',
    affected: ['1.0rc1', '1.0', '1.2'],
    unaffected: ['1.0b2', '1.2.post1', '1.10'],
  },
  {
    key: 'MAVEN',
    vendor: 'Acme',
    product: 'acme-core',
    purl: 'pkg:maven/com.acme/acme-core',
    range: 'vers:maven/>=2.0-alpha|<2.3.1',
    ecosystem: 'Maven',
    name: 'com.acme:acme-core',
    affected: ['2.0-alpha', '2.0', '2.3.0'],
    unaffected: ['1.9', '2.3.1', '2.10'],
  },
  {
    key: 'GO',
    vendor: 'Acme',
    product: 'acme-go',
    purl: 'pkg:golang/github.com/acme/acme-go',
    range: 'vers:golang/>=v1.2.0|<v1.10.3',
    ecosystem: 'Go',
    name: 'github.com/acme/acme-go',
    affected: ['1.2.0', '1.9.0', '1.10.2'],
    unaffected: ['1.1.9', '1.10.3'],
  },
  {
    key: 'CRATES',
    vendor: 'Acme',
    product: 'acme-rs',
    purl: 'pkg:cargo/acme-rs',
    range: 'vers:cargo/<0.8.4',
    ecosystem: 'crates.io',
    name: 'acme-rs',
    affected: ['0.1.0', '0.8.3'],
    unaffected: ['0.8.4', '0.10.0'],
  },
  {
    key: 'NUGET',
    vendor: 'Acme',
    product: 'Acme.Core',
    purl: 'pkg:nuget/Acme.Core',
    range: 'vers:nuget/>=4.0.0|<4.1.0.2',
    ecosystem: 'NuGet',
    name: 'Acme.Core',
    affected: ['4.0.0', '4.1.0.1'],
    unaffected: ['3.9.9', '4.1.0.2', '4.10.0'],
  },
  {
    key: 'GEM',
    vendor: 'Acme',
    product: 'acme',
    purl: 'pkg:gem/acme',
    range: 'vers:gem/>=3.0.0.a|<3.2.1',
    ecosystem: 'RubyGems',
    name: 'acme',
    affected: ['3.0.0.a', '3.0.0', '3.2.0'],
    unaffected: ['2.9.9', '3.2.1', '3.10.0'],
  },
  {
    key: 'DEB',
    vendor: 'Acme',
    product: 'acme-tools (Debian)',
    purl: 'pkg:deb/debian/acme-tools?distro=debian-12',
    range: 'vers:deb/<1:2.0-1',
    ecosystem: 'Debian:12',
    name: 'acme-tools',
    affected: ['2.5-1', '1:1.9-3'],
    unaffected: ['1:2.0-1', '1:2.0-1+deb12u1'],
  },
  {
    key: 'RPM',
    vendor: 'Acme',
    product: 'acme-tools (AlmaLinux)',
    purl: 'pkg:rpm/almalinux/acme-tools?distro=almalinux-9',
    range: 'vers:rpm/<1.2.3-10.el9',
    ecosystem: 'AlmaLinux:9',
    name: 'acme-tools',
    affected: ['1.2.3-4.el9', '1.2.3-9.el9'],
    unaffected: ['1.2.3-10.el9', '1.2.10-1.el9'],
  },
];

describe.each(DIALECTS)('the OSV API across ecosystems on %s', (dialect) => {
  let h: Harness;
  let coordinator: string;
  let osvIds: string[] = [];

  beforeAll(async () => {
    h = await startHarness(dialect, { env: { CH_PUBLIC_URL: 'https://clearinghouse.test' } });
    coordinator = await tokenFor(h, await buildUser(h, { roles: ['coordinator'] }), 'write');
    const analyst = await tokenFor(h, await buildUser(h, { roles: ['analyst'] }), 'write');
    const s = (
      await api(h, 'POST', '/api/v1/reports', analyst, {
        title: 'Unsafe deserialisation in the Acme SDKs for every language',
        description: 'Every Acme SDK deserialises cached objects without checking their type.',
        affectedProducts: [{ vendor: 'Acme', product: 'Acme SDKs', versions: 'many' }],
        discoveryMethod: 'manual',
        requestedTlp: 'AMBER',
        credit: { preference: 'anonymous' },
      })
    ).json<ReportSubmitted>();
    await api(h, 'POST', `/api/v1/reports/${s.id}/validation`, analyst, {
      cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      cwe: 'CWE-502',
      reproduced: true,
    });
    await api(h, 'POST', `/api/v1/reports/${s.id}/transitions`, analyst, { to: 'valid' });
    const c = (
      await api(h, 'POST', '/api/v1/cases', coordinator, {
        title: 'Acme SDK deserialisation',
        reportIds: [s.id],
      })
    ).json<Case>();
    const drafted = (
      await api(h, 'POST', '/api/v1/advisories', coordinator, { caseId: c.id })
    ).json<Advisory>();
    const vulnerability = drafted.content.vulnerabilities[0];
    const saved = await api(h, 'PUT', `/api/v1/advisories/${drafted.id}`, coordinator, {
      revision: drafted.revision,
      summary: 'Products of every SDK',
      content: {
        ...drafted.content,
        tlp: 'CLEAR',
        products: PRODUCTS.map((p) => ({
          key: p.key,
          vendor: p.vendor,
          product: p.product,
          range: p.range,
          purl: p.purl,
        })),
        vulnerabilities: [
          {
            ...vulnerability,
            notes: 'Deserialises cached objects without checking their type.',
            statuses: PRODUCTS.map((p) => ({ productKey: p.key, status: 'affected' })),
            remediations: [
              { category: 'vendor_fix', details: 'Update the SDK.', productKeys: PRODUCTS.map((p) => p.key) },
            ],
          },
        ],
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const a = saved.json<Advisory>();
    const approved = await api(h, 'POST', `/api/v1/advisories/${a.id}/transitions`, coordinator, {
      action: 'approve',
      revision: a.revision,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    await h.c.worker.drain();
    const released = (await api(h, 'GET', `/api/v1/advisories/${a.id}`, coordinator)).json<Advisory>();
    expect(released.status).toBe('released');
    osvIds = released.documents.osv.map((o) => o.id);
  });
  afterAll(async () => {
    await h.close();
  });

  const query = async (body: object) =>
    (await h.app.inject({ method: 'POST', url: '/v1/query', payload: body })).json<{
      vulns?: { id: string }[];
    }>().vulns ?? [];

  it('releases one OSV record covering every package, valid against the official schema', async () => {
    expect(osvIds).toHaveLength(1);
    const record = (await h.app.inject({ method: 'GET', url: `/v1/vulns/${osvIds[0]}` })).json<{
      affected: { package: { ecosystem: string } }[];
    }>();
    expect(validateOsv(record)).toEqual({ valid: true, problems: [] });
    expect(record.affected.map((x) => x.package.ecosystem).sort()).toEqual(
      PRODUCTS.map((p) => p.ecosystem).sort(),
    );
  });

  for (const p of PRODUCTS) {
    it(`${p.ecosystem}: affected ${p.affected.join(', ')}; not ${p.unaffected.join(', ')}`, async () => {
      for (const version of p.affected)
        expect(
          (await query({ package: { ecosystem: p.ecosystem, name: p.name }, version })).map((v) => v.id),
          `${p.ecosystem} ${version} should be affected`,
        ).toEqual(osvIds);
      for (const version of p.unaffected)
        expect(
          await query({ package: { ecosystem: p.ecosystem, name: p.name }, version }),
          `${p.ecosystem} ${version} should not be affected`,
        ).toEqual([]);
    });
  }

  it('answers by purl, in batches, and lists the ecosystems', async () => {
    const batch = await h.app.inject({
      method: 'POST',
      url: '/v1/querybatch',
      payload: {
        queries: [
          { package: { purl: 'pkg:npm/acme-lib@1.10.1' } },
          { package: { purl: 'pkg:npm/acme-lib@1.10.2' } },
          { package: { purl: 'pkg:pypi/acme-lib@1.0' } },
        ],
      },
    });
    expect(
      batch.json<{ results: { vulns?: { id: string }[] }[] }>().results.map((r) => r.vulns?.length ?? 0),
    ).toEqual([1, 0, 1]);
    const ecosystems = (await h.app.inject({ method: 'GET', url: '/ecosystems.txt' })).body;
    expect(ecosystems).toContain('Maven\n');
    const zip = await h.app.inject({ method: 'GET', url: '/Maven/all.zip' });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
  });
});
