import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectFocused, expectPage, unlabelledControls } from './support/a11y.js';
import { ApiSession } from './support/api.js';
import { openBrowser, saveScreenshot, type BrowserSession } from './support/browser.js';
import { invitationLink } from './support/mail.js';
import { startServer, type TestServer } from './support/server.js';
import { TestAuthenticator } from './support/totp.js';

/**
 * From a coordinated case to a published advisory: the case (a valid report, a vendor's approved
 * "fixed" statement, an agreed embargo) is set up through the API, as the lifecycle test already
 * drives it through the browser. The coordinator then drafts the advisory from the case page,
 * edits it with live validation, approves it and releases it early with a reason; an anonymous
 * visitor finds it among the public advisories and downloads its CSAF document. Last, the
 * coordinator imports one of the OASIS CSAF 2.0 examples, reads it, and finds the released
 * advisory listed on the case.
 */

/** The repository's root, beside which ../shared holds the standards and their examples. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BSI_EXAMPLE = path.join(
  ROOT,
  '..',
  'shared',
  'standards',
  'csaf-2.0',
  'examples',
  'csaf',
  'bsi-2022-0001.json',
);
describe('advisories through the browser', { concurrent: false }, () => {
  const run = randomBytes(4).toString('hex');
  const passwordFor = (who: string) => `${who} password ${run} for e2e`;
  const coordinator = {
    name: 'Cody Coordinator',
    email: `coordinator-${run}@e2e.test`,
    password: passwordFor('coordinator'),
  };
  const vendor = { name: 'Vera Vendor', email: `vendor-${run}@e2e.test`, password: passwordFor('vendor') };
  const vendorOrg = `E2E Gadgets ${run}`;
  const title = `Path traversal in the Gadget Server file handler ${run}`;

  let server: TestServer;
  const browsers = new Map<string, BrowserSession>();
  let coordinatorAuth: TestAuthenticator;
  let caseId = '';
  let caseRef = '';
  let advisoryRef = '';

  async function browserFor(who: string): Promise<Page> {
    const existing = browsers.get(who);
    if (existing) return existing.page;
    const session = await openBrowser(server.url);
    browsers.set(who, session);
    return session.page;
  }

  function pageOf(who: string): Page {
    const session = browsers.get(who);
    if (!session) throw new Error(`No browser is open for the ${who}: an earlier step failed.`);
    return session.page;
  }

  /** Signs in through the API and sets up two-factor, as staff must before anything else. */
  async function apiSessionWithTwoFactor(email: string, password: string) {
    const session = await ApiSession.signIn(server.url, email, password);
    const { secret } = await session.call<{ secret: string }>('POST', '/api/v1/auth/totp/enroll');
    const authenticator = new TestAuthenticator(secret);
    await session.call('POST', '/api/v1/auth/totp/confirm', { code: await authenticator.freshCode() });
    authenticator.markUsed();
    return { session, authenticator };
  }

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    for (const session of browsers.values()) await session.close();
    browsers.clear();
    await (server as TestServer | undefined)?.stop();
  });

  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(async () => {
      for (const [who, session] of browsers) {
        try {
          const file = await saveScreenshot(session.page, `${task.name}-${who}`);
          console.error(`Screenshot of the ${who}'s page at ${session.page.url()}: ${file}`);
        } catch (error) {
          console.error(`No screenshot of the ${who}'s page:`, error);
        }
      }
      console.error(`Server output (last 4000 characters):\n${server.output().slice(-4_000)}`);
    });
  });

  afterEach(() => {
    for (const [who, session] of browsers)
      expect(session.problems.splice(0), `problems in the ${who}'s browser`).toEqual([]);
  });

  it('an anonymous visitor finds no advisories yet', async () => {
    const page = await browserFor('visitor');
    await page.goto('/advisories');
    await expectPage(page, 'Security advisories');
    await page.getByText('No advisories have been published yet.', { exact: true }).waitFor();
  });

  it('set-up through the API: a case with a valid report, an approved vendor fix and an agreed embargo', async () => {
    const { session: admin } = await apiSessionWithTwoFactor(server.admin.email, server.admin.password);
    const org = await admin.call<{ id: string }>('POST', '/api/v1/orgs', {
      name: vendorOrg,
      kind: 'vendor',
      website: `https://gadgets-${run}.e2e.test`,
    });
    await admin.call('POST', `/api/v1/orgs/${org.id}/invitations`, { email: vendor.email, role: 'member' });
    const invitation = await server.mail.waitForMail((m) => m.to.includes(vendor.email));
    const accepted = await fetch(`${server.url}/api/v1/invitations/accept`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        token: invitationLink(invitation).searchParams.get('token'),
        name: vendor.name,
        password: vendor.password,
      }),
    });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    const vendorApi = await ApiSession.signIn(server.url, vendor.email, vendor.password);

    await server.cli(
      ['create-admin', '--email', coordinator.email, '--name', coordinator.name, '--roles', 'coordinator'],
      { CH_NEW_PASSWORD: coordinator.password },
    );
    const { session: coord, authenticator } = await apiSessionWithTwoFactor(
      coordinator.email,
      coordinator.password,
    );
    coordinatorAuth = authenticator;

    const submitted = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        title,
        description: 'A request path with `..` segments reads any file the server can read.',
        affectedProducts: [
          { vendor: vendorOrg, product: 'Gadget Server', versions: '< 3.2.0', purl: 'pkg:npm/gadget-server' },
        ],
        discoveryMethod: 'manual',
        requestedTlp: 'AMBER',
        credit: { preference: 'name', name: 'Dana Researcher' },
      }),
    });
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const report = (await submitted.json()) as { id: string };
    await coord.call('POST', `/api/v1/reports/${report.id}/validation`, {
      cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N',
      cwe: 'CWE-22',
      reproduced: true,
    });
    await coord.call('POST', `/api/v1/reports/${report.id}/transitions`, { to: 'valid' });
    const opened = await coord.call<{ id: string; ref: string; vulnerabilities: { id: string }[] }>(
      'POST',
      '/api/v1/cases',
      {
        title,
        summary: 'Gadget Server before 3.2.0 serves files outside its root.',
        reportIds: [report.id],
        tlp: 'AMBER',
      },
    );
    caseId = opened.id;
    caseRef = opened.ref;
    const vulnerabilityId = opened.vulnerabilities[0]?.id ?? '';

    await coord.call('POST', `/api/v1/cases/${caseId}/participants`, { organizationId: org.id });
    const asVendor = await vendorApi.call<{
      participants: { id: string; organization: { id: string } | null }[];
    }>('GET', `/api/v1/cases/${caseId}`);
    const participant = asVendor.participants.find((p) => p.organization?.id === org.id);
    await vendorApi.call('POST', `/api/v1/cases/${caseId}/participants/${participant?.id}/decision`, {
      decision: 'accept',
    });
    const stated = await vendorApi.call<{ statements: { id: string }[] }>(
      'PUT',
      `/api/v1/cases/${caseId}/statements`,
      {
        vulnerabilityId,
        product: 'Gadget Server',
        purl: 'pkg:npm/gadget-server',
        status: 'fixed',
        affectedVersions: 'vers:npm/>=1.0.0|<3.2.0',
        fixedVersions: ['3.2.0'],
        patches: [{ url: `https://gadgets-${run}.e2e.test/gadget-server/3.2.0` }],
        statement: 'Fixed by normalizing paths before opening files.',
      },
    );
    await coord.call('POST', `/api/v1/cases/${caseId}/statements/${stated.statements[0]?.id}/approve`);

    const endsAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const proposed = await coord.call<{ embargoes: { id: string }[] }>(
      'POST',
      `/api/v1/cases/${caseId}/embargoes`,
      {
        endsAt,
        reason: 'Vendor release day',
      },
    );
    const agreed = await vendorApi.call<{ embargo: { status: string } | null }>(
      'POST',
      `/api/v1/cases/${caseId}/embargoes/${proposed.embargoes[0]?.id}/response`,
      { response: 'accept' },
    );
    expect(agreed.embargo?.status).toBe('active');
  });

  it('the coordinator drafts the advisory from the case and sees it validated as they type', async () => {
    expect(caseId).not.toBe('');
    const page = await browserFor('coordinator');
    await page.goto('/sign-in');
    await page.getByLabel('Email address', { exact: true }).fill(coordinator.email);
    await page.getByLabel('Password', { exact: true }).fill(coordinator.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Authentication code', { exact: true }).fill(await coordinatorAuth.freshCode());
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    coordinatorAuth.markUsed();
    await page.waitForURL((url) => url.pathname === '/');

    await page.goto(`/cases/${caseId}`);
    await expectPage(page, `${caseRef}: ${title}`);
    const advisories = page.getByRole('region', { name: 'Advisories', exact: true });
    await advisories.getByText('No advisory has been drafted for this case yet.', { exact: true }).waitFor();
    await advisories.getByRole('button', { name: 'Draft advisory', exact: true }).click();
    await page.waitForURL(/\/advisories\/[^/]+\/edit$/);
    const h1 = page.getByRole('heading', { level: 1, name: /^Edit / });
    advisoryRef = /^Edit (\S+)$/.exec((await h1.textContent())?.trim() ?? '')?.[1] ?? '';
    expect(advisoryRef).not.toBe('');
    await expectPage(page, `Edit ${advisoryRef}`);
    expect(await unlabelledControls(page)).toEqual([]);

    // The draft starts from the case: its title, the vendor's product and the fix.
    expect(await page.getByLabel('Title', { exact: true }).first().inputValue()).toBe(title);
    const validation = page.getByRole('region', { name: 'Validation', exact: true });
    await validation.getByText(/^(Valid:|Valid,|Not valid yet)/).waitFor();

    // A broken CVSS vector is reported while typing, at the field it concerns, and goes away when fixed.
    const vulnerability = page.getByRole('group', { name: 'Vulnerability 1', exact: true });
    const cvss = vulnerability.getByLabel('CVSS 3.1 vector (optional)', { exact: true });
    const original = await cvss.inputValue();
    await cvss.fill('CVSS:3.1/AV:N/AC:L');
    await validation.getByText(/^Not valid yet/).waitFor();
    await validation
      .getByRole('button', { name: 'Vulnerability 1 › CVSS 3.1 vector', exact: true })
      .first()
      .click();
    await expectFocused(cvss);
    await cvss.fill(original);
    await validation
      .getByRole('button', { name: 'Vulnerability 1 › CVSS 3.1 vector', exact: true })
      .waitFor({ state: 'detached' });
  });

  it('the coordinator labels it TLP:CLEAR, saves, approves and releases it before the embargo ends', async () => {
    const page = pageOf('coordinator');
    await page.getByLabel('TLP label', { exact: true }).selectOption('CLEAR');
    await page.getByLabel('What changed', { exact: true }).fill('Labelled TLP:CLEAR for release');
    await page.getByRole('button', { name: 'Save changes', exact: true }).click();
    await page.getByText('Saved as revision 2.', { exact: true }).waitFor();

    const validation = page.getByRole('region', { name: 'Validation', exact: true });
    await validation.getByText(/^Valid[:,]/).waitFor();
    const workflow = page.getByRole('region', { name: /^Status:/ });
    await workflow
      .getByText(/^Once approved, it will be released at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)
      .waitFor();
    await workflow.getByRole('button', { name: 'Approve', exact: true }).click();
    await workflow.getByText('Approved.', { exact: true }).waitFor();
    await workflow.getByText(/^Will be released at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/).waitFor();

    // Under embargo, releasing now needs a reason.
    await workflow.getByRole('button', { name: 'Release now', exact: true }).click();
    await workflow.getByText(/^Say why the embargo is broken/).waitFor();
    await workflow
      .getByLabel('Reason to release before the embargo ends', { exact: true })
      .fill('The vendor shipped the fix early and the flaw is now public.');
    await workflow.getByRole('button', { name: 'Release now', exact: true }).click();
    await workflow.getByText('Released', { exact: true }).waitFor();
    await workflow.getByRole('link', { name: 'See the published advisory', exact: true }).waitFor();
  });

  it('an anonymous visitor finds the advisory, reads it and downloads its CSAF document', async () => {
    const page = pageOf('visitor');
    await page.goto('/advisories');
    await expectPage(page, 'Security advisories');
    const search = page.getByRole('search', { name: 'Advisories', exact: true });
    await search.getByLabel('Search', { exact: true }).fill(advisoryRef);
    await search.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('1 advisory matches your search.', { exact: true }).waitFor();
    await page
      .getByRole('table', { name: 'Advisories', exact: true })
      .getByRole('link', { name: advisoryRef, exact: true })
      .click();

    await expectPage(page, `${advisoryRef}: ${title}`);
    await page.getByText('TLP:CLEAR', { exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Fixed', exact: true }).first().waitFor();
    await page.getByText('Dana Researcher', { exact: false }).first().waitFor();
    const csafLink = page.getByRole('link', { name: 'CSAF 2.0 document (JSON)', exact: true });
    const href = (await csafLink.getAttribute('href')) ?? '';
    expect(href).toMatch(/\.json$/);
    const response = await page.request.get(href);
    expect(response.status()).toBe(200);
    const csaf = (await response.json()) as { document: { tracking: { id: string; status: string } } };
    expect(csaf.document.tracking.id).toBe(advisoryRef);
    expect(csaf.document.tracking.status).toBe('final');
  });

  it('the coordinator imports an OASIS CSAF example and reads it; the case lists its released advisory', async () => {
    const page = pageOf('coordinator');
    await page.goto('/advisories/import');
    await expectPage(page, 'Import advisories');
    await page.getByLabel('File', { exact: true }).setInputFiles({
      name: 'bsi-2022-0001.json',
      mimeType: 'application/json',
      buffer: fs.readFileSync(BSI_EXAMPLE),
    });
    await page.getByRole('button', { name: 'Import this file', exact: true }).click();

    const report = page.getByRole('region', { name: 'What was imported', exact: true });
    await report.getByText(/^1 inserted, 0 updated, 0 unchanged, 0 rejected;/).waitFor();
    const row = report.getByRole('row').filter({ has: page.getByRole('link', { name: 'BSI-2022-0001' }) });
    await row.getByRole('cell', { name: 'Inserted', exact: true }).waitFor();

    // A file that is no advisory is rejected; its problems open in a row below it.
    await page.getByLabel('File', { exact: true }).setInputFiles({
      name: 'not-an-advisory.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ hello: 'world' })),
    });
    await page.getByRole('button', { name: 'Import this file', exact: true }).click();
    await report.getByText(/^0 inserted, 0 updated, 0 unchanged, 1 rejected;/).waitFor();
    const toggle = report.getByRole('button', { name: /^\d+ problems? of not-an-advisory\.json$/ });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const problems = report.getByRole('list', { name: 'Problems of not-an-advisory.json', exact: true });
    expect(await problems.getByRole('listitem').count()).toBeGreaterThan(0);

    // The imported document stays listed with the others.
    await page
      .getByRole('table', { name: 'Imported advisories', exact: true })
      .getByRole('link', { name: 'BSI-2022-0001', exact: true })
      .click();

    await page.waitForURL(/\/advisories\/imported\/[^/]+$/);
    await expectPage(page, 'BSI-2022-0001: CVRF-CSAF-Converter: XML External Entities Vulnerability');
    await page.getByText('CVE-2022-27193', { exact: true }).waitFor();
    await page.getByText('It passes every test.', { exact: true }).waitFor();

    await page.goto(`/cases/${caseId}`);
    await expectPage(page, `${caseRef}: ${title}`);
    const advisories = page.getByRole('region', { name: 'Advisories', exact: true });
    const released = advisories
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: advisoryRef, exact: true }) });
    await released.getByText('Released', { exact: true }).waitFor();
    await released.getByText('TLP:CLEAR', { exact: true }).waitFor();
    await advisories.getByRole('button', { name: 'Draft another advisory', exact: true }).waitFor();
  });
});
