import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Advisory,
  AdvisorySummary,
  AdvisoryValidation,
  Case,
  ReportSubmitted,
} from '@clearinghouse/shared';
import { validateCsaf } from '../../src/formats/csaf-validate.js';
import { createCveValidator } from '../../src/formats/cve5-schema.js';
import { createOsvValidator } from '../../src/formats/osv-schema.js';
import { providerValidator } from '../support/csaf-schemas.js';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { api, buildOrg, buildUser, tokenFor } from '../support/factories.js';

const standards = path.resolve(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'standards');
const osvSchema = JSON.parse(fs.readFileSync(path.join(standards, 'osv', 'schema.json'), 'utf8')) as object;
const cveSchema = JSON.parse(
  fs.readFileSync(path.join(standards, 'cve-5', 'CVE_Record_Format_bundled.json'), 'utf8'),
) as object;

const EMBARGO_END = '2026-12-01T15:00:00.000Z';
const CVE = 'CVE-2026-31337';

describe.each(DIALECTS)('advisory publication on %s', (dialect) => {
  let h: Harness;
  let coordinator: string;
  let analyst: string;
  let reporterToken: string;
  let acme: { id: string };
  let acmeToken: string;
  let outsiderToken: string;
  let clientToken: string;

  /** A case with a vendor's fixed statement (approved), as the lifecycle leaves it. */
  async function readyCase(opts: { tlp?: string; embargo?: string; cve?: string } = {}): Promise<Case> {
    const s = (
      await api(h, 'POST', '/api/v1/reports', reporterToken, {
        title: 'Prototype pollution in acme-merge lets attackers change server config',
        description: 'A crafted JSON body sets __proto__ properties that the server later trusts.',
        affectedProducts: [
          { vendor: 'Acme', product: 'acme-merge', versions: '< 2.4.1', purl: 'pkg:npm/acme-merge' },
        ],
        discoveryMethod: 'manual',
        requestedTlp: opts.tlp ?? 'CLEAR',
        credit: { preference: 'name', name: 'Dana Researcher' },
      })
    ).json<ReportSubmitted>();
    await api(h, 'POST', `/api/v1/reports/${s.id}/validation`, analyst, {
      cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      ssvc: {
        exploitation: 'active',
        automatable: 'yes',
        technicalImpact: 'total',
        missionWellbeing: 'high',
      },
      cwe: 'CWE-1321',
      reproduced: true,
    });
    expect(
      (await api(h, 'POST', `/api/v1/reports/${s.id}/transitions`, analyst, { to: 'valid' })).statusCode,
    ).toBe(200);
    const c = (
      await api(h, 'POST', '/api/v1/cases', coordinator, {
        title: 'Prototype pollution in acme-merge',
        summary: 'acme-merge before 2.4.1 merges __proto__ keys from untrusted input.',
        reportIds: [s.id],
        tlp: opts.tlp ?? 'CLEAR',
      })
    ).json<Case>();
    const vuln = c.vulnerabilities[0]?.id ?? '';
    if (opts.cve !== undefined)
      expect(
        (
          await api(h, 'PATCH', `/api/v1/cases/${c.id}/vulnerabilities/${vuln}`, coordinator, {
            cveId: opts.cve,
          })
        ).statusCode,
      ).toBe(200);
    await api(h, 'POST', `/api/v1/cases/${c.id}/participants`, coordinator, { organizationId: acme.id });
    const p = (await api(h, 'GET', `/api/v1/cases/${c.id}`, acmeToken))
      .json<Case>()
      .participants.find((x) => x.organization?.id === acme.id);
    await api(h, 'POST', `/api/v1/cases/${c.id}/participants/${p?.id}/decision`, acmeToken, {
      decision: 'accept',
    });
    const stated = await api(h, 'PUT', `/api/v1/cases/${c.id}/statements`, acmeToken, {
      vulnerabilityId: vuln,
      product: 'acme-merge',
      purl: 'pkg:npm/acme-merge',
      status: 'fixed',
      affectedVersions: 'vers:npm/>=1.0.0|<2.4.1',
      fixedVersions: ['2.4.1'],
      patches: [{ url: 'https://acme.example/acme-merge/2.4.1' }],
      statement: 'Fixed by refusing __proto__ and constructor keys.',
    });
    expect(stated.statusCode, stated.body).toBe(200);
    const statementId = stated.json<Case>().statements[0]?.id ?? '';
    await api(h, 'POST', `/api/v1/cases/${c.id}/statements/${statementId}/approve`, coordinator);
    if (opts.embargo) {
      const proposed = await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes`, coordinator, {
        endsAt: opts.embargo,
        reason: 'Vendor release day',
      });
      const e = proposed.json<Case>().embargoes[0];
      const answered = await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes/${e?.id}/response`, acmeToken, {
        response: 'accept',
      });
      expect(answered.json<Case>().embargo?.status).toBe('active');
    }
    return (await api(h, 'GET', `/api/v1/cases/${c.id}`, coordinator)).json<Case>();
  }

  /** A draft; the case is TLP:AMBER while coordinated, the advisory is labelled for publication. */
  async function draft(c: Case, tlp = 'CLEAR'): Promise<Advisory> {
    const res = await api(h, 'POST', '/api/v1/advisories', coordinator, { caseId: c.id });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json<Advisory>();
    expect(a.tlp).toBe(c.tlp);
    const labelled = await api(h, 'PUT', `/api/v1/advisories/${a.id}`, coordinator, {
      content: { ...a.content, tlp },
      revision: a.revision,
      summary: `Labelled TLP:${tlp} for release`,
    });
    expect(labelled.statusCode, labelled.body).toBe(200);
    return labelled.json<Advisory>();
  }

  async function approve(a: Advisory): Promise<Advisory> {
    const res = await api(h, 'POST', `/api/v1/advisories/${a.id}/transitions`, coordinator, {
      action: 'approve',
      revision: a.revision,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Advisory>();
  }

  const anon = (url: string, method: 'GET' | 'POST' = 'GET', body?: unknown) =>
    h.app.inject({ method, url, ...(body !== undefined && { payload: body as object }) });

  function mailsAbout(ref: string): string[] {
    const outbox = path.join(h.db.dataDir, 'outbox');
    if (!fs.existsSync(outbox)) return [];
    return fs
      .readdirSync(outbox)
      .map((f) => fs.readFileSync(path.join(outbox, f), 'utf8'))
      .filter((m) => m.includes(ref));
  }

  beforeAll(async () => {
    h = await startHarness(dialect, { env: { CH_PUBLIC_URL: 'https://clearinghouse.test' } });
    coordinator = await tokenFor(h, await buildUser(h, { roles: ['coordinator'] }), 'write');
    analyst = await tokenFor(h, await buildUser(h, { roles: ['analyst'] }), 'write');
    const lab = await buildOrg(h, { kind: 'researcher' });
    reporterToken = await tokenFor(h, await buildUser(h, { orgId: lab.id }), 'write');
    acme = await buildOrg(h, { name: 'Acme', kind: 'vendor' });
    acmeToken = await tokenFor(h, await buildUser(h, { orgId: acme.id, orgRole: 'admin' }), 'write');
    const op = await buildOrg(h, { kind: 'operator' });
    outsiderToken = await tokenFor(h, await buildUser(h, { orgId: op.id }), 'read');
    // An operator that Acme declares as its client (TLP:AMBER reaches it once released).
    const clientOrg = await buildOrg(h, { kind: 'operator' });
    await h.c.uow.transaction((r) =>
      r.organizations.replaceClients(acme.id, [clientOrg.id], h.clock.now().toISOString()),
    );
    clientToken = await tokenFor(h, await buildUser(h, { orgId: clientOrg.id }), 'read');
  });
  afterAll(async () => {
    await h.close();
  });

  it('drafts from the case: product tree from the approved statement, scores, credit; validates live', async () => {
    const c = await readyCase({ cve: 'CVE-2026-30001' });
    const a = await draft(c);
    expect(a.ref).toMatch(/^CHSA-\d{4}-\d{4}$/);
    expect(a.status).toBe('draft');
    expect(a.content.products.map((p) => [p.version, p.range, p.purl])).toEqual([
      [null, 'vers:npm/>=1.0.0|<2.4.1', 'pkg:npm/acme-merge'],
      ['2.4.1', null, 'pkg:npm/acme-merge@2.4.1'],
    ]);
    const v = a.content.vulnerabilities[0];
    expect(v?.cveId).toBe('CVE-2026-30001');
    expect(v?.statuses.map((s) => s.status)).toEqual(['affected', 'fixed']);
    expect(v?.remediations[0]).toMatchObject({
      category: 'vendor_fix',
      url: 'https://acme.example/acme-merge/2.4.1',
    });
    expect(v?.cwe).toBe('CWE-1321');
    expect(v?.exploited).toBe(true);
    expect(a.content.acknowledgments[0]?.names).toEqual(['Dana Researcher']);

    const check = (
      await api(h, 'POST', `/api/v1/advisories/${a.id}/validate`, coordinator, {})
    ).json<AdvisoryValidation>();
    expect(check.errors, JSON.stringify(check.errors)).toEqual([]);
    expect(check.valid).toBe(true);
    // Live validation of unsaved content: an undefined product key is named, in our words.
    const broken = structuredClone(a.content);
    broken.vulnerabilities[0]?.statuses.push({
      productKey: 'NOPE',
      status: 'affected',
      justification: null,
      statement: '',
    });
    const bad = (
      await api(h, 'POST', `/api/v1/advisories/${a.id}/validate`, coordinator, { content: broken })
    ).json<AdvisoryValidation>();
    expect(bad.valid).toBe(false);
    expect(bad.errors.some((e) => e.test === 'content' && e.message.includes('NOPE'))).toBe(true);
    // …and saving it is refused with every problem listed.
    const refused = await api(h, 'PUT', `/api/v1/advisories/${a.id}`, coordinator, {
      content: broken,
      revision: a.revision,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
  });

  it('refuses drafting and editing to anyone but a coordinator of the case', async () => {
    const c = await readyCase();
    for (const who of [analyst, acmeToken, outsiderToken, reporterToken]) {
      const res = await api(h, 'POST', '/api/v1/advisories', who, { caseId: c.id });
      expect([403, 404]).toContain(res.statusCode);
    }
    const a = await draft(c);
    for (const who of [acmeToken, outsiderToken, analyst]) {
      const res = await api(h, 'PUT', `/api/v1/advisories/${a.id}`, who, {
        content: a.content,
        revision: a.revision,
      });
      expect([403, 404]).toContain(res.statusCode);
    }
    // A stale revision is a conflict, not a lost update.
    const saved = await api(h, 'PUT', `/api/v1/advisories/${a.id}`, coordinator, {
      content: { ...a.content, title: 'Prototype pollution in acme-merge (edited)' },
      revision: a.revision,
      summary: 'Clearer title',
    });
    expect(saved.json<Advisory>().revision).toBe(3);
    const stale = await api(h, 'PUT', `/api/v1/advisories/${a.id}`, coordinator, {
      content: a.content,
      revision: a.revision,
    });
    expect(stale.statusCode).toBe(409);
  });

  it('embargo: nothing in any channel before the instant; everything at it', async () => {
    const c = await readyCase({ embargo: EMBARGO_END, cve: CVE });
    let a = await draft(c);
    // Shared for review: the vendor reads the draft; the public and other organizations do not.
    const shared = await api(h, 'POST', `/api/v1/advisories/${a.id}/transitions`, coordinator, {
      action: 'share',
      revision: a.revision,
    });
    expect(shared.json<Advisory>().status).toBe('review');
    expect((await api(h, 'GET', `/api/v1/advisories/${a.id}`, acmeToken)).statusCode).toBe(200);
    a = await approve(shared.json<Advisory>());
    expect(a.status).toBe('approved');
    expect(a.releaseAt).toBe(EMBARGO_END);
    // An early release needs a reason.
    const noReason = await api(h, 'POST', `/api/v1/advisories/${a.id}/release`, coordinator, {});
    expect(noReason.statusCode).toBe(422);

    // The worker runs whatever is due: nothing is, yet.
    h.clock.set(new Date(Date.parse(EMBARGO_END) - 1000));
    await h.c.worker.drain();
    const year = new Date(h.clock.now()).getUTCFullYear();
    const file = `${a.ref.toLowerCase()}.json`;
    const docUrl = `/.well-known/csaf/white/${year}/${file}`;
    const channels = async () => {
      const list = (await anon('/api/v1/advisories')).json<{ items: AdvisorySummary[] }>();
      const outsiderList = (await api(h, 'GET', '/api/v1/advisories', outsiderToken)).json<{
        items: AdvisorySummary[];
      }>();
      const zip = unzipSync(new Uint8Array((await anon('/all.zip')).rawPayload));
      const kev = (await anon('/api/v1/kev.json')).json<{ vulnerabilities: { cveID: string }[] }>();
      return {
        document: (await anon(docUrl)).statusCode,
        hash: (await anon(`${docUrl}.sha256`)).statusCode,
        signature: (await anon(`${docUrl}.asc`)).statusCode,
        index: (await anon('/.well-known/csaf/white/index.txt')).body.includes(file),
        changes: (await anon('/.well-known/csaf/white/changes.csv')).body.includes(file),
        feed: (await anon('/.well-known/csaf/white/csaf-feed-tlp-white.json')).body.includes(a.ref),
        apiAnonymous: (await anon(`/api/v1/advisories/${a.id}`)).statusCode,
        apiOutsider: (await api(h, 'GET', `/api/v1/advisories/${a.id}`, outsiderToken)).statusCode,
        csafExport: (await anon(`/api/v1/advisories/${a.id}/csaf`)).statusCode,
        listed: list.items.some((i) => i.id === a.id) || outsiderList.items.some((i) => i.id === a.id),
        osvQuery:
          (
            await anon('/v1/query', 'POST', {
              package: { ecosystem: 'npm', name: 'acme-merge' },
              version: '2.0.0',
            })
          ).json<{ vulns?: unknown[] }>().vulns?.length ?? 0,
        osvPurl:
          (
            await anon('/v1/querybatch', 'POST', {
              queries: [{ package: { purl: 'pkg:npm/acme-merge@2.0.0' } }],
            })
          ).json<{ results: { vulns?: unknown[] }[] }>().results[0]?.vulns?.length ?? 0,
        osvZip: Object.keys(zip).length,
        osvModified: (await anon('/modified_id.csv')).body.length,
        kev: kev.vulnerabilities.some((v) => v.cveID === CVE),
        cve: (await anon(`/api/v1/advisories/${a.id}/cve`)).statusCode,
        mail: mailsAbout(a.ref).filter((m) => m.includes('released')).length,
      };
    };
    expect(await channels()).toEqual({
      document: 404,
      hash: 404,
      signature: 404,
      index: false,
      changes: false,
      feed: false,
      apiAnonymous: 404,
      apiOutsider: 404,
      csafExport: 404,
      listed: false,
      osvQuery: 0,
      osvPurl: 0,
      osvZip: 0,
      osvModified: 0,
      kev: false,
      cve: 404,
      mail: 0,
    });

    // The instant comes: the scheduled job releases it.
    h.clock.set(new Date(EMBARGO_END));
    await h.c.worker.drain();
    const after = await channels();
    expect(after).toEqual({
      document: 200,
      hash: 200,
      signature: 200,
      index: true,
      changes: true,
      feed: true,
      apiAnonymous: 200,
      apiOutsider: 200,
      csafExport: 200,
      listed: true,
      osvQuery: 1,
      osvPurl: 1,
      osvZip: 1,
      osvModified: after.osvModified,
      kev: true,
      cve: 200,
      mail: after.mail,
    });
    expect(after.osvModified).toBeGreaterThan(0);
    expect(after.mail).toBeGreaterThan(0);
    const released = (await api(h, 'GET', `/api/v1/advisories/${a.id}`, coordinator)).json<Advisory>();
    expect(released.status).toBe('released');
    expect(released.releasedAt).toBe(EMBARGO_END);
    expect((await api(h, 'GET', `/api/v1/cases/${c.id}`, coordinator)).json<Case>().status).toBe('published');
  });

  it('publishes what independent tools accept: CSAF basic preset, sha256sum, OpenPGP signature, OSV and CVE schemas', async () => {
    const c = await readyCase({ cve: 'CVE-2026-30002' });
    const a = await approve(await draft(c));
    await h.c.worker.drain();
    const released = (await api(h, 'GET', `/api/v1/advisories/${a.id}`, coordinator)).json<Advisory>();
    expect(released.status).toBe('released');
    const url = released.documents.csaf ?? '';
    const local = url.replace('https://clearinghouse.test', '');
    const doc = await anon(local);
    expect(doc.statusCode, `${local} ${doc.body}`).toBe(200);
    expect(doc.headers['access-control-allow-origin']).toBe('*');
    expect(doc.headers['content-type']).toContain('application/json');
    const csaf = JSON.parse(doc.body) as { document: { tracking: { id: string; version: string } } };
    expect(await validateCsaf(csaf)).toEqual({ valid: true, problems: [] });
    expect(csaf.document.tracking).toMatchObject({ id: a.ref, version: '1' });

    // sha256sum and sha512sum check the files as downloaded.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csaf-'));
    const name = path.basename(local);
    fs.writeFileSync(path.join(dir, name), doc.rawPayload);
    fs.writeFileSync(path.join(dir, `${name}.sha256`), (await anon(`${local}.sha256`)).body);
    fs.writeFileSync(path.join(dir, `${name}.sha512`), (await anon(`${local}.sha512`)).body);
    expect(execFileSync('sha256sum', ['-c', `${name}.sha256`], { cwd: dir }).toString()).toContain('OK');
    expect(execFileSync('sha512sum', ['-c', `${name}.sha512`], { cwd: dir }).toString()).toContain('OK');

    // The signature verifies with the key the provider metadata points to.
    const metadata = (await anon('/.well-known/csaf/provider-metadata.json')).json<{
      role: string;
      public_openpgp_keys: { fingerprint: string; url: string }[];
      distributions: { rolie?: { feeds: { tlp_label: string; url: string }[] } }[];
    }>();
    expect(metadata.role).toBe('csaf_trusted_provider');
    const validateProvider = providerValidator();
    expect(validateProvider(metadata), JSON.stringify(validateProvider.errors)).toBe(true);
    const keyUrl = metadata.public_openpgp_keys[0]?.url.replace('https://clearinghouse.test', '') ?? '';
    const publicKey = (await openpgp.readKey({ armoredKey: (await anon(keyUrl)).body })).toPublic();
    const verification = await openpgp.verify({
      message: await openpgp.createMessage({ binary: new Uint8Array(doc.rawPayload) }),
      signature: await openpgp.readSignature({ armoredSignature: (await anon(`${local}.asc`)).body }),
      verificationKeys: publicKey,
      // The test's clock may run ahead of the machine's; verify as of the test's now.
      date: new Date(h.clock.now().getTime() + 1000),
    });
    await expect(verification.signatures[0]?.verified).resolves.toBe(true);
    // And so does gpg, knowing nothing of us.
    const gnupg = fs.mkdtempSync(path.join(os.tmpdir(), 'gpg-'));
    fs.writeFileSync(path.join(dir, 'key.asc'), (await anon(keyUrl)).body);
    fs.writeFileSync(path.join(dir, `${name}.asc`), (await anon(`${local}.asc`)).body);
    execFileSync('gpg', ['--homedir', gnupg, '--batch', '--import', path.join(dir, 'key.asc')], {
      stdio: 'pipe',
    });
    const gpgNow = `${new Date(h.clock.now().getTime() + 1000).toISOString().replace(/[-:]|\.\d+Z$/g, '')}!`;
    execFileSync(
      'gpg',
      ['--homedir', gnupg, '--batch', '--faked-system-time', gpgNow, '--verify', `${name}.asc`, name],
      {
        cwd: dir,
        stdio: 'pipe',
      },
    );

    // OSV: the record validates; the API answers affected, unaffected and fixed versions.
    const osvId = released.documents.osv[0]?.id ?? '';
    const record = (await anon(`/v1/vulns/${osvId}`)).json<{ id: string; aliases: string[] }>();
    expect(createOsvValidator(osvSchema)(record)).toEqual({ valid: true, problems: [] });
    expect(record.aliases).toEqual(['CVE-2026-30002']);
    const query = async (version: string) =>
      (await anon('/v1/query', 'POST', { package: { ecosystem: 'npm', name: 'acme-merge' }, version }))
        .json<{ vulns?: { id: string }[] }>()
        .vulns?.map((v) => v.id) ?? [];
    expect(await query('2.4.0')).toContain(osvId);
    expect(await query('1.0.0')).toContain(osvId);
    expect(await query('0.9.9')).not.toContain(osvId);
    expect(await query('2.4.1')).not.toContain(osvId);
    expect(await query('10.0.0')).not.toContain(osvId);
    // CVE 5.1 record validates against the official schema.
    const cves = (await anon(`/api/v1/advisories/${a.id}/cve`)).json<object[]>();
    expect(cves).toHaveLength(1);
    expect(createCveValidator(cveSchema)(cves[0])).toEqual({ valid: true, problems: [] });
    // KEV lists it (SSVC says exploitation is active).
    const kev = (await anon('/api/v1/kev.json')).json<{
      count: number;
      vulnerabilities: { cveID: string }[];
    }>();
    expect(kev.vulnerabilities.map((v) => v.cveID)).toContain('CVE-2026-30002');
    expect(kev.count).toBe(kev.vulnerabilities.length);
    // Directory listings (requirement 14): the folder shows its year, the year its files.
    const folderListing = await anon('/.well-known/csaf/white/');
    expect(folderListing.headers['content-type']).toContain('text/html');
    const year = local.split('/')[4] ?? '';
    expect(folderListing.body).toContain(`href="${year}/"`);
    expect(folderListing.body).toContain('href="index.txt"');
    const yearListing = (await anon(`/.well-known/csaf/white/${year}/`)).body;
    for (const suffix of ['', '.asc', '.sha256', '.sha512'])
      expect(yearListing).toContain(`href="${name}${suffix}"`);
    expect((await anon('/.well-known/csaf/amber/')).statusCode).toBe(401);
    // security.txt points at the provider metadata.
    expect((await anon('/.well-known/security.txt')).body).toContain(
      'CSAF: https://clearinghouse.test/.well-known/csaf/provider-metadata.json',
    );
  });

  it('updates a released advisory as a new revision: version 2, history, new hashes, feed updated', async () => {
    const c = await readyCase();
    const a1 = await approve(await draft(c));
    await h.c.worker.drain();
    const url = (
      (await api(h, 'GET', `/api/v1/advisories/${a1.id}`, coordinator)).json<Advisory>().documents.csaf ?? ''
    ).replace('https://clearinghouse.test', '');
    const v1 = await anon(`${url}.sha256`);
    h.clock.advance(3_600_000);
    const current = (await api(h, 'GET', `/api/v1/advisories/${a1.id}`, coordinator)).json<Advisory>();
    const edited = await api(h, 'PUT', `/api/v1/advisories/${a1.id}`, coordinator, {
      content: {
        ...current.content,
        references: [
          { url: 'https://acme.example/blog/acme-merge', summary: 'Vendor blog post', category: 'external' },
        ],
      },
      revision: current.revision,
      summary: 'Added the vendor blog post.',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    // The public still reads revision 1 while the update is a draft.
    const publicView = (await anon(`/api/v1/advisories/${a1.id}`)).json<Advisory>();
    expect(publicView.content.references).toEqual([]);
    expect(publicView.status).toBe('released');
    await approve(edited.json<Advisory>());
    await h.c.worker.drain();
    const doc = JSON.parse((await anon(url)).body) as {
      document: { tracking: { version: string; revision_history: { number: string; summary: string }[] } };
    };
    expect(doc.document.tracking.version).toBe('2');
    expect(doc.document.tracking.revision_history.map((r) => r.number)).toEqual(['1', '2']);
    expect(doc.document.tracking.revision_history[1]?.summary).toBe('Added the vendor blog post.');
    expect((await anon(`${url}.sha256`)).body).not.toBe(v1.body);
    const feed = (await anon('/.well-known/csaf/white/csaf-feed-tlp-white.json')).json<{
      feed: { entry: { id: string; updated: string }[] };
    }>();
    expect(feed.feed.entry.find((e) => e.id === a1.ref)?.updated).toBe(h.clock.now().toISOString());
    const history = (await api(h, 'GET', `/api/v1/advisories/${a1.id}`, coordinator)).json<Advisory>()
      .revisions;
    expect(history.filter((r) => r.releasedAt !== null)).toHaveLength(2);
  });

  it('early release only by a coordinator, with the reason recorded in the audit chain', async () => {
    const c = await readyCase({ embargo: '2027-06-01T00:00:00Z' });
    const a = await approve(await draft(c));
    expect(
      (
        await api(h, 'POST', `/api/v1/advisories/${a.id}/release`, acmeToken, {
          reason: 'We want it out now',
        })
      ).statusCode,
    ).toBe(403);
    const early = await api(h, 'POST', `/api/v1/advisories/${a.id}/release`, coordinator, {
      reason: 'Active exploitation reported by two operators',
    });
    expect(early.statusCode, early.body).toBe(200);
    expect(early.json<Advisory>().earlyRelease?.reason).toBe('Active exploitation reported by two operators');
    const audit = await h.c.uow.read.audit.list({ limit: 500 });
    expect(
      audit.find((e) => e.action === 'advisory.released_early' && e.targetId === a.id)?.data,
    ).toMatchObject({
      reason: 'Active exploitation reported by two operators',
    });
  });

  it('TLP:AMBER: not in the public folder or OSV; the amber folder serves participants and their clients only', async () => {
    const c = await readyCase({ tlp: 'AMBER', cve: 'CVE-2026-30003' });
    const a = await approve(await draft(c, 'AMBER'));
    await h.c.worker.drain();
    const released = (await api(h, 'GET', `/api/v1/advisories/${a.id}`, coordinator)).json<Advisory>();
    const local = (released.documents.csaf ?? '').replace('https://clearinghouse.test', '');
    expect(local).toMatch(/^\/\.well-known\/csaf\/amber\//);
    expect(released.documents.osv).toEqual([]);
    expect((await anon(local)).statusCode).toBe(401);
    expect((await anon('/.well-known/csaf/amber/index.txt')).statusCode).toBe(401);
    expect((await api(h, 'GET', local, outsiderToken)).statusCode).toBe(404);
    const asVendor = await api(h, 'GET', local, acmeToken);
    expect(asVendor.statusCode).toBe(200);
    expect(asVendor.headers['access-control-allow-origin']).toBeUndefined();
    expect((await api(h, 'GET', local, clientToken)).statusCode).toBe(200);
    expect((await api(h, 'GET', '/.well-known/csaf/amber/index.txt', outsiderToken)).body).not.toContain(
      a.ref.toLowerCase(),
    );
    expect((await api(h, 'GET', '/.well-known/csaf/amber/index.txt', acmeToken)).body).toContain(
      a.ref.toLowerCase(),
    );
    expect((await anon('/.well-known/csaf/white/index.txt')).body).not.toContain(a.ref.toLowerCase());
    expect((await anon('/api/v1/kev.json')).body).not.toContain('CVE-2026-30003');
    expect((await anon(`/api/v1/advisories/${a.id}`)).statusCode).toBe(404);
  });

  it('publishes a VEX profile document: not affected with its justification, fixed with its fix', async () => {
    const c = await readyCase({ cve: 'CVE-2026-30004' });
    const vuln = c.vulnerabilities[0]?.id ?? '';
    const stated = await api(h, 'PUT', `/api/v1/cases/${c.id}/statements`, acmeToken, {
      vulnerabilityId: vuln,
      product: 'acme-merge-lite',
      purl: 'pkg:npm/acme-merge-lite',
      status: 'not_affected',
      justification: 'vulnerable_code_not_present',
      statement: 'The lite build has no deep-merge code.',
    });
    const lite = stated.json<Case>().statements.find((x) => x.product === 'acme-merge-lite');
    await api(h, 'POST', `/api/v1/cases/${c.id}/statements/${lite?.id}/approve`, coordinator);
    const res = await api(h, 'POST', '/api/v1/advisories', coordinator, {
      caseId: c.id,
      profile: 'csaf_vex',
    });
    expect(res.statusCode, res.body).toBe(201);
    const drafted = res.json<Advisory>();
    const labelled = (
      await api(h, 'PUT', `/api/v1/advisories/${drafted.id}`, coordinator, {
        content: { ...drafted.content, tlp: 'CLEAR' },
        revision: drafted.revision,
      })
    ).json<Advisory>();
    await approve(labelled);
    await h.c.worker.drain();
    const doc = JSON.parse((await anon(`/api/v1/advisories/${drafted.id}/csaf`)).body) as {
      document: { category: string };
      vulnerabilities: { product_status: Record<string, string[]>; flags?: { label: string }[] }[];
    };
    expect(doc.document.category).toBe('csaf_vex');
    expect(await validateCsaf(doc)).toEqual({ valid: true, problems: [] });
    const v = doc.vulnerabilities[0];
    expect(Object.keys(v?.product_status ?? {}).sort()).toEqual([
      'fixed',
      'known_affected',
      'known_not_affected',
    ]);
    expect(v?.flags?.map((f) => f.label)).toEqual(['vulnerable_code_not_present']);
  });

  it('a released advisory keeps its own label: a draft relabelled CLEAR neither opens it nor can be searched', async () => {
    const c = await readyCase({ tlp: 'AMBER' });
    const a = await approve(await draft(c, 'AMBER'));
    await h.c.worker.drain();
    const current = (await api(h, 'GET', `/api/v1/advisories/${a.id}`, coordinator)).json<Advisory>();
    const vulnerability = current.content.vulnerabilities[0];
    if (!vulnerability) throw new Error('no vulnerability');
    const relabelled = await api(h, 'PUT', `/api/v1/advisories/${a.id}`, coordinator, {
      content: {
        ...current.content,
        tlp: 'CLEAR',
        title: 'Secret new title still under embargo',
        vulnerabilities: [{ ...vulnerability, cveId: 'CVE-2026-49999' }],
      },
      revision: current.revision,
    });
    expect(relabelled.statusCode, relabelled.body).toBe(200);
    expect((await anon(`/api/v1/advisories/${a.id}`)).statusCode).toBe(404);
    expect((await anon(`/api/v1/advisories/${a.id}/csaf`)).statusCode).toBe(404);
    expect((await api(h, 'GET', `/api/v1/advisories/${a.id}`, outsiderToken)).statusCode).toBe(404);
    // The vendor (a participant) still reads the released AMBER text, not the draft.
    const asVendor = (await api(h, 'GET', `/api/v1/advisories/${a.id}`, acmeToken)).json<Advisory>();
    expect(asVendor.content.tlp).toBe('AMBER');
    expect(asVendor.status).toBe('released');
    expect(asVendor.revisions.every((r) => r.releasedAt !== null || r.number === asVendor.revision)).toBe(
      true,
    );
    for (const search of ['cve=CVE-2026-49999', 'q=Secret%20new%20title', 'status=draft']) {
      const found = (await anon(`/api/v1/advisories?${search}`)).json<{ items: AdvisorySummary[] }>();
      expect(
        found.items.map((i) => i.id),
        search,
      ).not.toContain(a.id);
      const vendorFound = (await api(h, 'GET', `/api/v1/advisories?${search}`, acmeToken)).json<{
        items: AdvisorySummary[];
      }>();
      expect(
        vendorFound.items.map((i) => i.id),
        search,
      ).not.toContain(a.id);
    }
  });

  it('TLP:RED advisory of an AMBER case: only the people named on the case, not their colleagues or staff', async () => {
    const c = await readyCase({ tlp: 'AMBER' });
    const a = await approve(await draft(c, 'RED'));
    await h.c.worker.drain();
    const released = (await api(h, 'GET', `/api/v1/advisories/${a.id}`, coordinator)).json<Advisory>();
    expect(released.status).toBe('released');
    const local = (released.documents.csaf ?? '').replace('https://clearinghouse.test', '');
    expect(local).toMatch(/\/red\//);
    // The vendor takes part as an organization, not in person: RED does not reach its members.
    expect((await api(h, 'GET', `/api/v1/advisories/${a.id}`, acmeToken)).statusCode).toBe(404);
    expect((await api(h, 'GET', local, acmeToken)).statusCode).toBe(404);
    expect((await api(h, 'GET', `/api/v1/advisories/${a.id}`, analyst)).statusCode).toBe(404);
    // The reporter takes part in person.
    expect((await api(h, 'GET', `/api/v1/advisories/${a.id}`, reporterToken)).statusCode).toBe(200);
    expect((await api(h, 'GET', local, reporterToken)).statusCode).toBe(200);
    // Anonymous callers are asked to sign in whether or not a document exists.
    expect((await anon(local)).statusCode).toBe(401);
    expect((await anon(local.replace(/chsa-\d+-\d+/, 'chsa-1999-9999'))).statusCode).toBe(401);
  });

  it('re-released as TLP:AMBER, the advisory withdraws its OSV record and leaves the CVE export and KEV', async () => {
    const c = await readyCase({ cve: 'CVE-2026-30005' });
    const a = await approve(await draft(c));
    await h.c.worker.drain();
    const first = (await api(h, 'GET', `/api/v1/advisories/${a.id}`, coordinator)).json<Advisory>();
    const osvId = first.documents.osv[0]?.id ?? '';
    expect((await anon('/api/v1/kev.json')).body).toContain('CVE-2026-30005');
    h.clock.advance(60_000);
    const narrowed = await api(h, 'PUT', `/api/v1/advisories/${a.id}`, coordinator, {
      content: { ...first.content, tlp: 'AMBER' },
      revision: first.revision,
      summary: 'Restricted to the participants.',
    });
    await approve(narrowed.json<Advisory>());
    await h.c.worker.drain();
    const withdrawn = (await anon(`/v1/vulns/${osvId}`)).json<{ withdrawn?: string }>();
    expect(withdrawn.withdrawn).toBe(h.clock.now().toISOString());
    const query = await anon('/v1/query', 'POST', {
      package: { ecosystem: 'npm', name: 'acme-merge' },
      version: '2.0.0',
    });
    expect(JSON.stringify(query.json())).not.toContain(osvId);
    expect((await anon('/api/v1/kev.json')).body).not.toContain('CVE-2026-30005');
    expect(await h.c.uow.read.advisories.cveRecord('CVE-2026-30005')).toBeUndefined();
  });

  it('refuses approval while an embargo proposal waits for answers (approval would release at once)', async () => {
    const c = await readyCase();
    await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes`, coordinator, {
      endsAt: '2027-03-01T00:00:00Z',
      reason: 'Needs the vendor',
    });
    const a = await draft(c);
    const refused = await api(h, 'POST', `/api/v1/advisories/${a.id}/transitions`, coordinator, {
      action: 'approve',
      revision: a.revision,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('invalid_state');
  });

  it('answers the OSV API in OSV.dev’s shapes, errors included', async () => {
    expect(
      (await anon('/v1/query', 'POST', { package: { ecosystem: 'npm', name: 'never-heard-of' } })).json(),
    ).toEqual({});
    const bad = await anon('/v1/query', 'POST', { version: '1.0.0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ code: number }>().code).toBe(3);
    const missing = await anon('/v1/vulns/CH-1999-0001');
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ code: number }>().code).toBe(5);
    // `curl -d` sends form encoding; OSV.dev reads JSON anyway, and so do we.
    const curlStyle = await h.app.inject({
      method: 'POST',
      url: '/v1/query',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '{"package":{"purl":"pkg:npm/never-heard-of@1.0.0"}}',
    });
    expect(curlStyle.statusCode, curlStyle.body).toBe(200);
    const notJson = await h.app.inject({
      method: 'POST',
      url: '/v1/query',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json<{ code: number }>().code).toBe(3);
    const tooMany = await anon('/v1/querybatch', 'POST', {
      queries: Array.from({ length: 1001 }, () => ({ package: { purl: 'pkg:npm/x@1.0.0' } })),
    });
    expect(tooMany.statusCode).toBe(400);
  });
});
