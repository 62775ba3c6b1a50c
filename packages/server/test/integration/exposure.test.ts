import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Advisory,
  Exposure,
  ExposureDetail,
  Inventory,
  InventoryUploadReport,
  ScanResult,
} from '@clearinghouse/shared';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { api, buildOrg, buildUser, tokenFor } from '../support/factories.js';
import { approvedAdvisory, publishers, releasedAdvisory, type Publishers } from '../support/publication.js';

const fixtures = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'test',
  'fixtures',
  'inventory',
);
const EMBARGO_END = '2026-12-02T15:00:00.000Z';

/** A CycloneDX 1.5 SBOM as an operator's tooling writes it. */
function sbom(components: { name: string; version: string; purl: string }[]): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    metadata: { component: { type: 'application', name: 'patient-portal', version: '1.0.0' } },
    components: components.map((c) => ({ type: 'library', ...c, 'bom-ref': c.purl })),
  });
}

describe.each(DIALECTS)('operator exposure on %s', (dialect) => {
  let h: Harness;
  let p: Publishers;
  let hospital: { id: string };
  let hospitalToken: string;
  let bank: { id: string };
  let bankToken: string;
  let staffToken: string;

  const upload = (token: string, inventoryId: string, filename: string, body: string) =>
    h.app.inject({
      method: 'POST',
      url: `/api/v1/inventories/${inventoryId}/uploads?filename=${encodeURIComponent(filename)}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      payload: body,
    });

  async function inventory(token: string, name: string): Promise<Inventory> {
    const res = await api(h, 'POST', '/api/v1/inventories', token, { name });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Inventory>();
  }

  const exposures = async (token: string, query = '') =>
    (await api(h, 'GET', `/api/v1/exposures${query}`, token)).json<{ items: Exposure[] }>().items;

  beforeAll(async () => {
    h = await startHarness(dialect, { env: { CH_PUBLIC_URL: 'https://clearinghouse.test' } });
    p = await publishers(h);
    staffToken = p.analyst;
    hospital = await buildOrg(h, { name: 'County Hospital', kind: 'operator' });
    hospitalToken = await tokenFor(h, await buildUser(h, { orgId: hospital.id, orgRole: 'admin' }), 'write');
    bank = await buildOrg(h, { name: 'Community Bank', kind: 'operator' });
    bankToken = await tokenFor(h, await buildUser(h, { orgId: bank.id, orgRole: 'admin' }), 'write');
  });
  afterAll(async () => {
    await h.close();
  });

  it('a spreadsheet with problems is refused whole, every problem located; a good one imports', async () => {
    const inv = await inventory(hospitalToken, 'Main campus');
    const bad = await upload(
      hospitalToken,
      inv.id,
      'assets.csv',
      'vendor,product,version,purl\nAcme,Infusion Pump,4.1.9,not-a-purl\n,,,\nGlobex,Monitor,2.0,pkg:npm/\n',
    );
    expect(bad.statusCode, bad.body).toBe(422);
    const details = bad.json<{ error: { details: { path: string; message: string }[] } }>().error.details;
    expect(details.length).toBeGreaterThanOrEqual(2);
    expect(details.map((d) => d.path).join(' ')).toMatch(/line 2/);
    expect(
      (await api(h, 'GET', `/api/v1/inventories/${inv.id}`, hospitalToken)).json<Inventory>().componentCount,
    ).toBe(0);

    const good = await upload(
      hospitalToken,
      inv.id,
      'assets.csv',
      '\uFEFFvendor,product,version,model number,site\n"Acme Medical, Inc.",Infusion Pump,4.1.9,IP-2000,ICU\nGlobex,Patient Monitor,2.0,PM-7,ER\n',
    );
    expect(good.statusCode, good.body).toBe(201);
    const report = good.json<InventoryUploadReport>();
    expect(report.format).toBe('csv');
    expect(report.counts).toMatchObject({ components: 2, added: 2, removed: 0, changed: 0 });

    const again = await upload(
      hospitalToken,
      inv.id,
      'assets.csv',
      'vendor,product,version,model number,site\n"Acme Medical, Inc.",Infusion Pump,4.2.1,IP-2000,ICU\n',
    );
    const second = again.json<InventoryUploadReport>();
    expect(second.counts).toMatchObject({ components: 1, added: 0, removed: 1, changed: 1, unchanged: 0 });
    expect(second.changed[0]).toMatchObject({ name: 'Infusion Pump', before: '4.1.9', after: '4.2.1' });
  });

  it('an embargoed advisory reaches no inventory before its release; at release the exposure is ranked first', async () => {
    const inv = await inventory(hospitalToken, 'Patient portal');
    const up = await upload(
      hospitalToken,
      inv.id,
      'portal.cdx.json',
      sbom([
        { name: 'acme-render', version: '2.3.0', purl: 'pkg:npm/acme-render@2.3.0' },
        { name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' },
      ]),
    );
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json<InventoryUploadReport>().exposuresFound).toBe(0);

    // A less urgent advisory released now, so ranking has something to rank against.
    await releasedAdvisory(h, p, {
      product: 'left-pad',
      purl: 'pkg:npm/left-pad',
      affected: 'vers:npm/<1.3.1',
      fixed: '1.3.1',
      cve: 'CVE-2026-41002',
    });
    // The grave one: known exploited, under embargo until EMBARGO_END.
    await approvedAdvisory(h, p, {
      product: 'acme-render',
      purl: 'pkg:npm/acme-render',
      affected: 'vers:npm/>=2.0.0|<2.4.0',
      fixed: '2.4.0',
      cve: 'CVE-2026-41001',
      exploitation: 'active',
      embargo: EMBARGO_END,
    });
    await h.c.worker.drain();
    let list = await exposures(hospitalToken, `?inventoryId=${inv.id}`);
    expect(list.map((e) => e.vulnerability.key)).toEqual(['CVE-2026-41002']);
    // Nothing about the embargoed vulnerability anywhere: exposures, scan, feed.
    const scan = await api(h, 'POST', '/api/v1/scan', hospitalToken, {
      components: [{ name: 'acme-render', version: '2.3.0', purl: 'pkg:npm/acme-render@2.3.0' }],
    });
    expect(scan.json<ScanResult>().matches).toEqual([]);
    expect((await api(h, 'GET', '/api/v1/feed/bundle', staffToken)).body).not.toContain('CVE-2026-41001');

    h.clock.set(new Date(Date.parse(EMBARGO_END) + 1000));
    await h.c.worker.drain();
    list = await exposures(hospitalToken, `?inventoryId=${inv.id}`);
    expect(list.map((e) => e.vulnerability.key)).toEqual(['CVE-2026-41001', 'CVE-2026-41002']);
    const first = list[0];
    if (!first) throw new Error('no exposure');
    expect(first.priority.tier).toBe('exploited');
    expect(first.confidence).toBe('purl');
    expect(first.alerting).toBe(true);
    expect(first.action.text).toContain('to 2.4.0');
    expect(first.action.url).toBe('https://acme.example/acme-render/2.4.0');
    expect(first.sources[0]?.trackingId).toMatch(/^CHSA-/);

    // Another organization sees none of it.
    expect(await exposures(bankToken)).toEqual([]);
    expect((await api(h, 'GET', `/api/v1/exposures/${first.id}`, bankToken)).statusCode).toBe(404);
    expect((await api(h, 'GET', `/api/v1/inventories/${inv.id}`, bankToken)).statusCode).toBe(404);
    expect((await api(h, 'GET', `/api/v1/exposures/${first.id}`, p.vendor.token)).statusCode).toBe(404);
    expect((await api(h, 'GET', '/api/v1/exposures')).statusCode).toBe(401);

    // The operator works it: acknowledge, then a VEX reason is required for not affected.
    const ack = await api(h, 'POST', `/api/v1/exposures/${first.id}/status`, hospitalToken, {
      status: 'acknowledged',
    });
    expect(ack.statusCode, ack.body).toBe(200);
    const noReason = await api(h, 'POST', `/api/v1/exposures/${first.id}/status`, hospitalToken, {
      status: 'not_affected',
    });
    expect(noReason.statusCode).toBe(422);

    // Upgrading the component closes the exposure by itself.
    const upgraded = await upload(
      hospitalToken,
      inv.id,
      'portal.cdx.json',
      sbom([
        { name: 'acme-render', version: '2.4.0', purl: 'pkg:npm/acme-render@2.4.0' },
        { name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' },
      ]),
    );
    expect(upgraded.json<InventoryUploadReport>().counts).toMatchObject({ changed: 1, unchanged: 1 });
    const detail = (
      await api(h, 'GET', `/api/v1/exposures/${first.id}`, hospitalToken)
    ).json<ExposureDetail>();
    expect(detail.status).toBe('remediated');
    expect(detail.history.map((e) => e.to)).toEqual(['open', 'acknowledged', 'remediated']);
    list = await exposures(hospitalToken, `?inventoryId=${inv.id}`);
    expect(list.map((e) => e.vulnerability.key)).toEqual(['CVE-2026-41002']);
  });

  it('accepted risk expires and reopens; suppressions are keyed on identity; VEX export is CycloneDX 1.6', async () => {
    const [left] = await exposures(hospitalToken, '?status=open');
    if (!left) throw new Error('no exposure');
    expect(left.vulnerability.key).toBe('CVE-2026-41002');
    const until = new Date(h.clock.now().getTime() + 7 * 86_400_000).toISOString();
    const accepted = await api(h, 'POST', `/api/v1/exposures/${left.id}/status`, hospitalToken, {
      status: 'risk_accepted',
      note: 'Internal network only; replacing next quarter.',
      until,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    h.clock.set(new Date(Date.parse(until) + 1000));
    await h.c.worker.drain();
    const reopened = (
      await api(h, 'GET', `/api/v1/exposures/${left.id}`, hospitalToken)
    ).json<ExposureDetail>();
    expect(reopened.status).toBe('open');

    const vex = await api(h, 'GET', '/api/v1/exposures/vex', hospitalToken);
    expect(vex.statusCode).toBe(200);
    const doc = JSON.parse(vex.body) as {
      specVersion: string;
      vulnerabilities: { id: string; analysis: { state: string } }[];
    };
    expect(doc.specVersion).toBe('1.6');
    expect(doc.vulnerabilities.map((v) => [v.id, v.analysis.state]).sort()).toEqual([
      ['CVE-2026-41002', 'in_triage'],
    ]);
    expect(validateCycloneDx(doc)).toEqual([]);

    const suppressed = await api(h, 'POST', '/api/v1/suppressions', hospitalToken, {
      componentId: left.component.id,
      vulnerabilityKey: null,
      reason: 'Not reachable: the portal renders no user content.',
      expiresAt: new Date(h.clock.now().getTime() + 30 * 86_400_000).toISOString(),
    });
    expect(suppressed.statusCode, suppressed.body).toBe(201);
    expect((await exposures(hospitalToken)).map((e) => e.id)).not.toContain(left.id);
    const review = await exposures(hospitalToken, '?alerting=false');
    expect(review.find((e) => e.id === left.id)?.triage).toBe('dismissed');
    expect(
      (
        await api(h, 'POST', '/api/v1/suppressions', bankToken, {
          componentId: left.component.id,
          reason: 'not mine to suppress',
          expiresAt: new Date(h.clock.now().getTime() + 86_400_000).toISOString(),
        })
      ).statusCode,
    ).toBe(404);
  });

  it('imported OSV records match too; name-only matches wait for review; the scan endpoint serves CLEAR to anyone', async () => {
    const inv = await inventory(bankToken, 'Branch servers');
    await upload(
      bankToken,
      inv.id,
      'servers.csv',
      'vendor,product,version,purl\nlodash,lodash,4.17.20,pkg:npm/lodash@4.17.20\nGlobex,bank-teller,3.1,\n',
    );
    const record = {
      schema_version: '1.7.0',
      id: 'GHSA-35jh-r3h4-6jhm',
      modified: '2026-11-01T00:00:00Z',
      aliases: ['CVE-2026-41003'],
      summary: 'Command injection in lodash template',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'lodash' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
        },
      ],
      references: [{ type: 'FIX', url: 'https://github.com/lodash/lodash/commit/3469357' }],
    };
    const imported = await h.app.inject({
      method: 'POST',
      url: '/api/v1/imports/upload?filename=lodash.json',
      headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify(record),
    });
    expect(imported.statusCode, imported.body).toBe(200);
    await h.c.worker.drain();
    const list = await exposures(bankToken, `?inventoryId=${inv.id}`);
    expect(list.map((e) => [e.vulnerability.key, e.confidence, e.action.fixedVersion])).toEqual([
      ['CVE-2026-41003', 'purl', '4.17.21'],
    ]);
    expect(list[0]?.sources[0]).toMatchObject({ kind: 'osv', trackingId: 'GHSA-35jh-r3h4-6jhm' });

    // SBOMs written by real tools (npm sbom's SPDX 2.3, cyclonedx-npm's CycloneDX 1.6) are matched too.
    for (const file of ['npm-sbom.spdx.json', 'cyclonedx-npm.1.6.cdx.json']) {
      const sbomInv = await inventory(bankToken, `Web app (${file})`);
      const res = await upload(
        bankToken,
        sbomInv.id,
        file,
        fs.readFileSync(path.join(fixtures, file), 'utf8'),
      );
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<InventoryUploadReport>().exposuresFound).toBe(1);
      const found = await exposures(bankToken, `?inventoryId=${sbomInv.id}`);
      expect(found.map((e) => [e.component.purl, e.vulnerability.key])).toEqual([
        ['pkg:npm/lodash@4.17.20', 'CVE-2026-41003'],
      ]);
    }

    const anonymous = await h.app.inject({
      method: 'POST',
      url: '/api/v1/scan',
      payload: {
        components: [
          { name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15' },
          { name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21' },
        ],
      },
    });
    expect(anonymous.statusCode, anonymous.body).toBe(200);
    const result = anonymous.json<ScanResult>();
    expect(result.matches.map((m) => [m.componentIndex, m.vulnerabilityKey])).toEqual([
      [0, 'CVE-2026-41003'],
    ]);
    expect(result.vulnerabilities['CVE-2026-41003']?.title).toContain('lodash');
  });

  it('a revised advisory closes the exposures it no longer covers, and reopens them when it covers them again', async () => {
    const inv = await inventory(hospitalToken, 'Lab systems');
    await upload(
      hospitalToken,
      inv.id,
      'lab.cdx.json',
      sbom([{ name: 'acme-lims', version: '3.0.0', purl: 'pkg:npm/acme-lims@3.0.0' }]),
    );
    const released = await releasedAdvisory(h, p, {
      product: 'acme-lims',
      purl: 'pkg:npm/acme-lims',
      affected: 'vers:npm/>=3.0.0|<3.2.0',
      fixed: '3.2.0',
      cve: 'CVE-2026-41005',
    });
    await h.c.worker.drain();
    const [exposure] = await exposures(hospitalToken, `?inventoryId=${inv.id}`);
    expect(exposure?.vulnerability.key).toBe('CVE-2026-41005');

    async function revise(range: string) {
      const current = (
        await api(h, 'GET', `/api/v1/advisories/${released.id}`, p.coordinator)
      ).json<Advisory>();
      const products = current.content.products.map((x) => (x.range ? { ...x, range } : x));
      const edited = await api(h, 'PUT', `/api/v1/advisories/${released.id}`, p.coordinator, {
        content: { ...current.content, products },
        revision: current.revision,
        summary: `Affected range corrected to ${range}`,
      });
      expect(edited.statusCode, edited.body).toBe(200);
      const a = edited.json<Advisory>();
      const approved = await api(h, 'POST', `/api/v1/advisories/${released.id}/transitions`, p.coordinator, {
        action: 'approve',
        revision: a.revision,
      });
      expect(approved.statusCode, approved.body).toBe(200);
      await h.c.worker.drain();
    }

    await revise('vers:npm/>=3.1.0|<3.2.0');
    expect(await exposures(hospitalToken, `?inventoryId=${inv.id}`)).toEqual([]);
    const closed = (
      await api(h, 'GET', `/api/v1/exposures/${exposure?.id}`, hospitalToken)
    ).json<ExposureDetail>();
    expect(closed.withdrawn).toBe(true);
    expect(closed.history.at(-1)?.note).toMatch(/No source covers this component/);

    await revise('vers:npm/>=3.0.0|<3.2.0');
    const again = await exposures(hospitalToken, `?inventoryId=${inv.id}`);
    expect(again.map((e) => [e.id, e.status, e.withdrawn])).toEqual([[exposure?.id, 'open', false]]);
  });

  it("a TLP:AMBER advisory reaches the vendor's declared clients only", async () => {
    await h.c.uow.transaction((r) =>
      r.organizations.replaceClients(p.vendor.id, [hospital.id], h.clock.now().toISOString()),
    );
    const component = { name: 'acme-gateway', version: '1.0.0', purl: 'pkg:npm/acme-gateway@1.0.0' };
    const hospitalInv = await inventory(hospitalToken, 'Gateways');
    const bankInv = await inventory(bankToken, 'Gateways');
    await upload(hospitalToken, hospitalInv.id, 'gw.cdx.json', sbom([component]));
    await upload(bankToken, bankInv.id, 'gw.cdx.json', sbom([component]));
    await releasedAdvisory(h, p, {
      product: 'acme-gateway',
      purl: 'pkg:npm/acme-gateway',
      affected: 'vers:npm/<1.1.0',
      fixed: '1.1.0',
      cve: 'CVE-2026-41004',
      tlp: 'AMBER',
    });
    await h.c.worker.drain();
    const seen = await exposures(hospitalToken, `?inventoryId=${hospitalInv.id}`);
    expect(seen.map((e) => [e.vulnerability.key, e.sources[0]?.tlp])).toEqual([['CVE-2026-41004', 'AMBER']]);
    expect(await exposures(bankToken, `?inventoryId=${bankInv.id}`)).toEqual([]);
    // Nor can the bank learn of it by scanning or from the feed.
    const scan = await api(h, 'POST', '/api/v1/scan', bankToken, { components: [component] });
    expect(scan.json<ScanResult>().matches).toEqual([]);
    expect((await api(h, 'GET', '/api/v1/feed/bundle', bankToken)).body).not.toContain('CVE-2026-41004');
    expect((await api(h, 'GET', '/api/v1/feed/bundle', hospitalToken)).body).toContain('CVE-2026-41004');
  });

  it('facts of an AMBER advisory never reach a CLEAR reader through a CVE id a public record shares', async () => {
    await releasedAdvisory(h, p, {
      product: 'acme-secret',
      purl: 'pkg:npm/acme-secret',
      affected: 'vers:npm/<2.0.0',
      fixed: '2.0.0',
      cve: 'CVE-2026-49999',
      tlp: 'AMBER',
      exploitation: 'active',
    });
    const record = {
      schema_version: '1.7.0',
      id: 'GHSA-aaaa-bbbb-cccc',
      modified: '2026-11-01T00:00:00Z',
      aliases: ['CVE-2026-49999'],
      summary: 'Public library flaw',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'public-lib' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '9.0.0' }] }],
        },
      ],
    };
    const imported = await h.app.inject({
      method: 'POST',
      url: '/api/v1/imports/upload?filename=public-lib.json',
      headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify(record),
    });
    expect(imported.statusCode, imported.body).toBe(200);
    await h.c.worker.drain();
    for (const caller of [undefined, bankToken, staffToken]) {
      const scan = await api(h, 'POST', '/api/v1/scan', caller, {
        components: [{ name: 'public-lib', version: '1.0.0', purl: 'pkg:npm/public-lib@1.0.0' }],
      });
      const v = scan.json<ScanResult>().vulnerabilities['CVE-2026-49999'];
      expect(v).toMatchObject({
        title: 'Public library flaw',
        exploited: false,
        ssvcDecision: null,
        cwe: null,
      });
      const bundle = (await api(h, 'GET', '/api/v1/feed/bundle', caller)).body;
      expect(bundle).not.toContain('acme-secret');
    }
    // The vendor's client, in the AMBER audience, sees both sources merged.
    const client = await api(h, 'POST', '/api/v1/scan', hospitalToken, {
      components: [{ name: 'acme-secret', version: '1.0.0', purl: 'pkg:npm/acme-secret@1.0.0' }],
    });
    expect(client.json<ScanResult>().vulnerabilities['CVE-2026-49999']?.exploited).toBe(true);
  });

  it('lifting a suppression makes its exposures alert again', async () => {
    const [first] = await exposures(bankToken);
    if (!first) throw new Error('no exposure');
    const s = await api(h, 'POST', '/api/v1/suppressions', bankToken, {
      componentId: first.component.id,
      reason: 'Waiting for the vendor to confirm',
      expiresAt: new Date(h.clock.now().getTime() + 2 * 86_400_000).toISOString(),
    });
    expect(s.statusCode, s.body).toBe(201);
    expect((await exposures(bankToken)).map((e) => e.id)).not.toContain(first.id);
    const lifted = await api(h, 'DELETE', `/api/v1/suppressions/${s.json<{ id: string }>().id}`, bankToken);
    expect(lifted.statusCode).toBe(204);
    expect((await exposures(bankToken)).map((e) => e.id)).toContain(first.id);
    // A suppression that simply runs out lifts too.
    const again = await api(h, 'POST', '/api/v1/suppressions', bankToken, {
      componentId: first.component.id,
      reason: 'Short test window',
      expiresAt: new Date(h.clock.now().getTime() + 3_600_000).toISOString(),
    });
    expect(again.statusCode).toBe(201);
    h.clock.set(new Date(h.clock.now().getTime() + 2 * 3_600_000));
    await h.c.worker.drain();
    expect((await exposures(bankToken)).map((e) => e.id)).toContain(first.id);
    // Only an organization admin deletes an inventory (its history goes with it).
    const member = await tokenFor(h, await buildUser(h, { orgId: bank.id }), 'write');
    const inv = (await api(h, 'GET', '/api/v1/inventories', member)).json<{ items: Inventory[] }>().items[0];
    expect((await api(h, 'DELETE', `/api/v1/inventories/${inv?.id}`, member)).statusCode).toBe(403);
  });

  it('an operator with only a spreadsheet gets a ranked, alerting exposure and a notice at release', async () => {
    const clinic = await buildOrg(h, { name: 'Valley Clinic', kind: 'operator' });
    const clinicToken = await tokenFor(
      h,
      await buildUser(h, { orgId: clinic.id, orgRole: 'admin' }),
      'write',
    );
    const inv = await inventory(clinicToken, 'Treatment rooms');
    const res = await upload(
      clinicToken,
      inv.id,
      'devices.csv',
      'Manufacturer,Product,Version,Model number,Location\nAcme,Infusion pump firmware,4.1.0,IP-300,Room 2\n',
    );
    expect(res.statusCode, res.body).toBe(201);
    await releasedAdvisory(h, p, {
      product: 'pump-firmware',
      purl: 'pkg:generic/acme/pump-firmware',
      affected: 'vers:generic/<4.2.0',
      fixed: '4.2.0',
      cve: 'CVE-2026-41006',
      modelNumbers: ['IP-300'],
    });
    await h.c.worker.drain();
    const list = await exposures(clinicToken);
    expect(list.map((e) => [e.vulnerability.key, e.confidence, e.alerting, e.component.site])).toEqual([
      ['CVE-2026-41006', 'model', true, 'Room 2'],
    ]);
    expect(list[0]?.action.text).toContain('to 4.2.0');
    const inbox = (await api(h, 'GET', '/api/v1/notifications', clinicToken)).json<{
      items: { title: string; link: string }[];
    }>().items;
    expect(inbox.some((n) => n.link === `/exposures/${list[0]?.id}`)).toBe(true);
  });

  it("an imported CSAF document's product tree is matched too", async () => {
    const released = await releasedAdvisory(h, p, {
      product: 'acme-csv-lib',
      purl: 'pkg:npm/acme-csv-lib',
      affected: 'vers:npm/<1.5.0',
      fixed: '1.5.0',
      cve: 'CVE-2026-41007',
    });
    // Another provider's CSAF 2.0 document about the same flaw: ours, re-published under its name.
    const doc = await h.c.uow.read.advisories.currentDocumentOf(released.id);
    const csaf = JSON.parse(doc?.body ?? '{}') as {
      document: { publisher: { name: string; namespace: string }; tracking: { id: string } };
    };
    csaf.document.publisher = {
      ...csaf.document.publisher,
      name: 'Other CERT',
      namespace: 'https://cert.example.org',
    };
    csaf.document.tracking.id = 'OC-2026-0042';
    const imported = await h.app.inject({
      method: 'POST',
      url: '/api/v1/imports/upload?filename=oc-2026-0042.json',
      headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify(csaf),
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const inv = await inventory(bankToken, 'Reporting');
    await upload(
      bankToken,
      inv.id,
      'rep.cdx.json',
      sbom([{ name: 'acme-csv-lib', version: '1.4.0', purl: 'pkg:npm/acme-csv-lib@1.4.0' }]),
    );
    await h.c.worker.drain();
    const [e] = await exposures(bankToken, `?inventoryId=${inv.id}`);
    expect(e?.vulnerability.key).toBe('CVE-2026-41007');
    expect(e?.sources.map((x) => [x.kind, x.trackingId]).sort()).toEqual([
      ['advisory', released.ref],
      ['csaf', 'OC-2026-0042'],
    ]);
  });

  it('staff see time to acknowledge and remediate by sector; operators only their own', async () => {
    const bySector = await api(h, 'GET', '/api/v1/exposures/metrics?groupBy=organization', staffToken);
    expect(bySector.statusCode, bySector.body).toBe(200);
    const rows = bySector.json<{
      rows: { label: string; exposures: number; medianHoursToAcknowledge: number | null }[];
    }>().rows;
    expect(rows.find((r) => r.label === 'County Hospital')?.medianHoursToAcknowledge).not.toBeNull();
    const own = (await api(h, 'GET', '/api/v1/exposures/metrics', bankToken)).json<{
      rows: { label: string }[];
    }>().rows;
    expect(own.map((r) => r.label)).toEqual(['Community Bank']);
  });
});

/** Every problem of a document against the official CycloneDX 1.6 JSON schema (shipped by cyclonedx-library). */
function validateCycloneDx(doc: unknown): string[] {
  const require = createRequire(import.meta.url);
  const dir = path.join(
    path.dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')),
    'res',
    'schema',
  );
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormatsModule.default(ajv);
  // Formats ajv-formats lacks: internationalized URIs and addresses (what we write is plain ASCII).
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
  // The bom schema refers to its siblings by their file names.
  for (const f of [
    'spdx.SNAPSHOT.schema.json',
    'jsf-0.82.SNAPSHOT.schema.json',
    'cryptography-defs.SNAPSHOT.schema.json',
  ])
    ajv.addSchema({ ...read(f), $id: `http://cyclonedx.org/schema/${f}` });
  const validate = ajv.compile(read('bom-1.6.SNAPSHOT.schema.json'));
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
