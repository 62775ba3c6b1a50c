import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectFocused, expectPage, unlabelledControls } from './support/a11y.js';
import { ApiSession } from './support/api.js';
import { openBrowser, saveScreenshot, type BrowserSession } from './support/browser.js';
import { invitationLink, mailSubject } from './support/mail.js';
import { startServer, type TestServer } from './support/server.js';
import { TestAuthenticator } from './support/totp.js';

/**
 * A vulnerability from discovery to coordination, driven through the web app by the people who
 * move it along: an anonymous reporter, an analyst who validates the report, a coordinator who
 * opens a case and invites the vendor, and the vendor who states a fix and agrees an embargo.
 * The accounts and the vendor organization are set up through the API and the server's admin
 * command, which the foundation test already covers through the browser.
 *
 * The steps share one server and build on each other, so they run in order.
 */
describe('the vulnerability lifecycle through the browser', { concurrent: false }, () => {
  const run = randomBytes(4).toString('hex');
  const vendorOrg = { name: `E2E Widgets ${run}` };
  const report = {
    title: `Heap overflow in the Widget Parser header decoder ${run}`,
    description: [
      'The header decoder trusts the **declared length** of a widget header.',
      '',
      '1. Build a header whose declared length exceeds its body.',
      '2. Feed it to `parseWidget()`.',
      '',
      'The decoder writes past its buffer: remote code execution in any service that parses uploads.',
    ].join('\n'),
    product: 'Widget Parser',
    versions: '< 2.0.1',
    purl: `pkg:npm/e2e-widget-parser-${run}@2.0.0`,
    model: { name: 'E2E Finder', version: '1.0', developer: 'E2E Labs', harness: 'e2e-harness' },
    contactName: 'Riley Reporter',
    contactEmail: `reporter-${run}@e2e.test`,
  };
  const passwordFor = (who: string) => `${who} password ${run} for e2e`;
  const analyst = {
    name: 'Ana Analyst',
    email: `analyst-${run}@e2e.test`,
    password: passwordFor('analyst'),
  };
  const coordinator = {
    name: 'Cody Coordinator',
    email: `coordinator-${run}@e2e.test`,
    password: passwordFor('coordinator'),
  };
  const vendor = { name: 'Vera Vendor', email: `vendor-${run}@e2e.test`, password: passwordFor('vendor') };
  const CVSS_40 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
  const fix = {
    version: '2.0.1',
    patch: `https://widgets-${run}.e2e.test/security/widget-parser-2.0.1.patch`,
  };
  // About 30 days ahead, at 14:00 on the UTC clock (the browsers run in UTC too, so the page
  // shows the instant in UTC only).
  const embargoDay = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const embargo = { wallClock: `${embargoDay}T14:00`, shown: `${embargoDay} 14:00 UTC` };

  let server: TestServer;
  /** Everyone's browser, by who they are; a browser is closed once its person is done. */
  const browsers = new Map<string, BrowserSession>();
  let reportRef = '';
  let followUpSecret = '';
  let caseRef = '';
  let caseId = '';

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

  async function closeBrowser(who: string): Promise<void> {
    const session = browsers.get(who);
    browsers.delete(who);
    if (session) {
      // Problems seen before closing still fail the step.
      expect(session.problems.splice(0), `problems in the ${who}'s browser`).toEqual([]);
      await session.close();
    }
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
    // Every page error or console error fails the step it happened in.
    for (const [who, session] of browsers)
      expect(session.problems.splice(0), `problems in the ${who}'s browser`).toEqual([]);
  });

  const primaryNav = (page: Page) => page.getByRole('navigation', { name: 'Primary' });

  async function signIn(page: Page, person: { email: string; password: string }): Promise<void> {
    await page.goto('/sign-in');
    await expectPage(page, 'Sign in');
    await page.getByLabel('Email address', { exact: true }).fill(person.email);
    await page.getByLabel('Password', { exact: true }).fill(person.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  async function expectHome(page: Page, name: string): Promise<void> {
    await page.waitForURL((url) => url.pathname === '/');
    await expectPage(page, `Welcome, ${name}`, 'Home');
  }

  /** Staff sign in for the first time: two-factor is set up before anything else. */
  async function signInSettingUpTwoFactor(
    page: Page,
    person: { name: string; email: string; password: string },
  ): Promise<void> {
    await signIn(page, person);
    await page.waitForURL('**/account/two-factor');
    await expectPage(page, 'Two-factor authentication');
    expect(await primaryNav(page).count(), 'no navigation before two-factor is set up').toBe(0);
    await page.getByRole('button', { name: 'Set up two-factor authentication', exact: true }).click();
    await page.getByRole('img', { name: 'QR code to add Clearinghouse to your authenticator app' }).waitFor();
    const authenticator = new TestAuthenticator(
      (await page.getByTestId('totp-secret').textContent())?.trim() ?? '',
    );
    await page.getByLabel('Authentication code', { exact: true }).fill(await authenticator.freshCode());
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await expectFocused(page.getByRole('heading', { name: 'Save your recovery codes', exact: true }));
    authenticator.markUsed();
    await page.getByRole('button', { name: 'I have saved these', exact: true }).click();
    await expectHome(page, person.name);
  }

  /** The case workspace, after a reload: what the server says now. */
  async function reloadCase(page: Page): Promise<void> {
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${caseRef}: `) }).waitFor();
  }

  it('an anonymous visitor reports a vulnerability an AI agent found, and gets a reference and a follow-up secret', async () => {
    const page = await browserFor('reporter');
    await page.goto('/reports/new');
    await expectPage(page, 'Report a vulnerability');
    await page.getByText('You are not signed in, so this report is anonymous', { exact: false }).waitFor();

    await page.getByLabel('Title', { exact: true }).fill(report.title);
    await page.getByLabel('Description', { exact: true }).fill(report.description);
    // The preview renders the Markdown.
    await page.getByRole('tab', { name: 'Preview', exact: true }).click();
    const preview = page.getByRole('tabpanel', { name: 'Preview', exact: true });
    await preview.getByText('declared length', { exact: true }).waitFor();
    expect(await preview.getByRole('listitem').count()).toBe(2);
    await page.getByRole('tab', { name: 'Write', exact: true }).click();

    const product = page.getByRole('group', { name: 'Product 1', exact: true });
    await product.getByLabel('Vendor', { exact: true }).fill(vendorOrg.name);
    await product.getByLabel('Product', { exact: true }).fill(report.product);
    await product.getByLabel('Affected versions', { exact: true }).fill(report.versions);
    await product.getByLabel('Package URL (purl)', { exact: true }).fill(report.purl);

    await page.getByRole('radio', { name: /^AI-autonomous/ }).check();
    const provenance = page.getByRole('group', { name: 'AI provenance', exact: true });
    await provenance.getByLabel('Model name', { exact: true }).fill(report.model.name);
    await provenance.getByLabel('Model version', { exact: true }).fill(report.model.version);
    await provenance.getByLabel('Model developer', { exact: true }).fill(report.model.developer);
    await provenance.getByLabel('Harness or agent', { exact: true }).fill(report.model.harness);

    const amber = page.getByRole('radio', { name: /^TLP:AMBER / });
    await amber.check();
    expect(await amber.isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'Do not credit me', exact: true }).check();
    const contact = page.getByRole('group', { name: 'Contact (optional)', exact: true });
    await contact.getByLabel('Your name', { exact: true }).fill(report.contactName);
    await contact.getByLabel('Email address', { exact: true }).fill(report.contactEmail);
    // The fields that appeared on the way (AI provenance) are labelled too.
    expect(await unlabelledControls(page)).toEqual([]);

    await page.getByRole('button', { name: 'Submit report', exact: true }).click();
    const received = page.getByRole('heading', { name: 'Thank you. We received your report.', exact: true });
    await expectFocused(received);
    const panel = page.getByRole('region', { name: 'Thank you. We received your report.', exact: true });
    reportRef = (await panel.getByText(/^VR-\d{4}-\d{5}$/).textContent())?.trim() ?? '';
    expect(reportRef).toMatch(/^VR-\d{4}-\d{5}$/);
    await panel.getByText(`We sent an acknowledgement to ${report.contactEmail}.`, { exact: true }).waitFor();
    followUpSecret = (await page.getByTestId('followup-secret').textContent())?.trim() ?? '';
    expect(followUpSecret).toMatch(/^chf_/);

    const acknowledgement = await server.mail.waitForMail((m) => m.to.includes(report.contactEmail));
    expect(mailSubject(acknowledgement)).toContain(reportRef);
    // The reporter comes back later, in a fresh browser, with the secret alone.
    await closeBrowser('reporter');
  });

  it('set-up: a vendor organization with a member, an analyst and a coordinator', async () => {
    // The bootstrap admin, through the API: sign in, set up two-factor, then act.
    const admin = await ApiSession.signIn(server.url, server.admin.email, server.admin.password);
    const { secret } = await admin.call<{ secret: string }>('POST', '/api/v1/auth/totp/enroll');
    const authenticator = new TestAuthenticator(secret);
    await admin.call('POST', '/api/v1/auth/totp/confirm', { code: await authenticator.freshCode() });
    authenticator.markUsed();

    const org = await admin.call<{ id: string }>('POST', '/api/v1/orgs', {
      name: vendorOrg.name,
      kind: 'vendor',
      website: `https://widgets-${run}.e2e.test`,
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

    // Clearinghouse staff belong to no organization: the admin command creates them, the
    // password coming from the environment rather than the command line.
    for (const [person, role] of [
      [analyst, 'analyst'],
      [coordinator, 'coordinator'],
    ] as const) {
      const output = await server.cli(
        ['create-admin', '--email', person.email, '--name', person.name, '--roles', role],
        { CH_NEW_PASSWORD: person.password },
      );
      expect(output).toContain(`Created ${person.email} (${role})`);
      expect(output).not.toContain(person.password);
    }

    const users = await admin.call<{ items: { email: string; globalRoles: string[] }[] }>(
      'GET',
      `/api/v1/users?q=${encodeURIComponent(run)}`,
    );
    const rolesOf = (email: string) => users.items.find((u) => u.email === email)?.globalRoles;
    expect(rolesOf(analyst.email)).toEqual(['analyst']);
    expect(rolesOf(coordinator.email)).toEqual(['coordinator']);
    expect(rolesOf(vendor.email)).toEqual([]);
  });

  it('the analyst finds the report in the triage queue, validates it with CVSS 4.0 and SSVC, and marks it valid', async () => {
    expect(reportRef).not.toBe('');
    const page = await browserFor('analyst');
    await signInSettingUpTwoFactor(page, analyst);

    await primaryNav(page).getByRole('link', { name: 'Reports', exact: true }).click();
    await expectPage(page, 'Triage queue');
    const filters = page.getByRole('search', { name: 'Reports', exact: true });
    await filters.getByLabel('Search', { exact: true }).fill(reportRef);
    await filters.getByRole('button', { name: 'Apply filters', exact: true }).click();
    await page.getByText('1 report matches your search.', { exact: true }).waitFor();
    const row = page
      .getByRole('table', { name: 'Reports', exact: true })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: reportRef, exact: true }) });
    await row.getByText(report.title, { exact: true }).waitFor();
    await row.getByText('Received', { exact: true }).waitFor();
    await row.getByText('AI-autonomous', { exact: true }).waitFor();
    await row.getByRole('link', { name: reportRef, exact: true }).click();

    const heading = `${reportRef}: ${report.title}`;
    await expectPage(page, heading);
    const details = page.getByRole('region', { name: 'Details', exact: true });
    await details
      .getByText(`${report.model.name} ${report.model.version}, by ${report.model.developer}`)
      .waitFor();
    await details.getByRole('cell', { name: vendorOrg.name, exact: true }).waitFor();
    // The clearinghouse knows how to reach the reporter.
    await details.getByText(`${report.contactName}, ${report.contactEmail}`, { exact: false }).waitFor();
    // Analysts triage; only coordinators open cases.
    expect(await page.getByRole('link', { name: 'Open a case', exact: true }).count()).toBe(0);

    const validation = page.getByRole('region', { name: 'Validation', exact: true });
    await validation.getByText('Not validated yet.', { exact: true }).waitFor();
    await validation.getByRole('button', { name: 'Record a validation', exact: true }).click();
    await expectFocused(validation.getByRole('heading', { name: 'Record a validation', exact: true }));
    expect(await unlabelledControls(page)).toEqual([]);
    await validation.getByLabel('CVSS 4.0 vector', { exact: true }).fill(CVSS_40);
    await validation.getByLabel('Exploitation', { exact: true }).selectOption({ label: 'None' });
    await validation.getByLabel('Automatable', { exact: true }).selectOption({ label: 'Yes' });
    await validation.getByLabel('Technical impact', { exact: true }).selectOption({ label: 'Total' });
    await validation
      .getByLabel('Mission and well-being impact', { exact: true })
      .selectOption({ label: 'High' });
    // The form previews the decision of CISA's coordinator tree; the server makes it.
    await validation.getByText('Decision, once saved:', { exact: false }).getByText('SSVC: Attend').waitFor();
    await validation.getByRole('button', { name: 'Save validation', exact: true }).click();

    await validation
      .getByText('The validation is saved. CVSS 4.0: 9.3 Critical. SSVC decision: Attend.', { exact: true })
      .waitFor();
    await validation.getByText('9.3 Critical', { exact: true }).waitFor();
    await validation.getByText(CVSS_40, { exact: true }).waitFor();
    await validation.getByText('SSVC: Attend', { exact: true }).waitFor();
    await validation
      .getByText('Exploitation none; automatable yes; technical impact total; mission and well-being high.', {
        exact: true,
      })
      .waitFor();
    await validation.getByText(`${analyst.name}, `, { exact: false }).waitFor();

    const triage = page.getByRole('region', { name: 'Triage', exact: true });
    await triage.getByRole('button', { name: 'Mark valid', exact: true }).click();
    const markValid = page.getByRole('region', { name: 'Mark valid', exact: true });
    await expectFocused(markValid.getByRole('heading', { name: 'Mark valid', exact: true }));
    await markValid.getByLabel('Reason (optional)', { exact: true }).fill('Reproduced on 2.0.0.');
    await markValid.getByRole('button', { name: 'Mark valid', exact: true }).click();
    await triage.getByText('The report is now valid. The reporter has been told.', { exact: true }).waitFor();
    await details
      .getByRole('definition')
      .filter({ hasText: /^Valid/ })
      .waitFor();
    await closeBrowser('analyst');
  });

  it('the coordinator opens a case from the valid report and invites the suggested vendor', async () => {
    const page = await browserFor('coordinator');
    await signInSettingUpTwoFactor(page, coordinator);

    await primaryNav(page).getByRole('link', { name: 'Reports', exact: true }).click();
    await expectPage(page, 'Triage queue');
    const filters = page.getByRole('search', { name: 'Reports', exact: true });
    await filters.getByRole('checkbox', { name: 'Valid', exact: true }).check();
    await filters.getByRole('button', { name: 'Apply filters', exact: true }).click();
    await page.waitForURL('**/reports?status=valid');
    await page.getByText('1 report matches your search.', { exact: true }).waitFor();
    await page
      .getByRole('table', { name: 'Reports', exact: true })
      .getByRole('link', { name: reportRef })
      .click();
    await expectPage(page, `${reportRef}: ${report.title}`);

    await page.getByRole('link', { name: 'Open a case', exact: true }).click();
    await page.waitForURL('**/cases/new?report=*');
    await expectPage(page, 'Open a case');
    const title = page.getByLabel('Title', { exact: true });
    await expect
      .poll(() => title.inputValue(), { message: 'the title starts as the report’s' })
      .toBe(report.title);
    await page
      .getByRole('group', { name: 'Reports', exact: true })
      .getByRole('link', { name: reportRef })
      .waitFor();
    await page
      .getByLabel('Summary', { exact: true })
      .fill('A heap overflow in the Widget Parser header decoder, found by an AI agent.');
    await page.getByRole('button', { name: 'Open the case', exact: true }).click();

    await page.waitForURL(/\/cases\/case_[^/?#]+$/);
    caseId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const workspaceHeading = page.getByRole('heading', { level: 1, name: /^CH-\d{4}-\d{4}: / });
    const h1 = (await workspaceHeading.textContent())?.trim() ?? '';
    caseRef = /^(CH-\d{4}-\d{4}): /.exec(h1)?.[1] ?? '';
    expect(h1, 'the case workspace names its reference').toBe(`${caseRef}: ${report.title}`);
    await expectPage(page, h1);
    await page.getByText('No embargo agreed', { exact: true }).waitFor();

    // The vendor named in the report is suggested, and why.
    const participants = page.getByRole('region', { name: 'Participants', exact: true });
    const suggestion = participants
      .getByRole('listitem')
      .filter({ hasText: `matches the vendor “${vendorOrg.name}” by vendor name` });
    await suggestion
      .getByRole('button', { name: `Invite ${vendorOrg.name} as a vendor`, exact: true })
      .click();
    await participants
      .getByText(`${vendorOrg.name} is invited: its members are told in the app and by e-mail.`, {
        exact: true,
      })
      .waitFor();
    const invited = participants
      .getByRole('table', { name: 'Participants', exact: true })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: vendorOrg.name }) });
    await invited.getByRole('cell', { name: 'Invited', exact: true }).waitFor();
    await invited.getByRole('cell', { name: 'Vendor', exact: true }).waitFor();

    const mail = await server.mail.waitForMail(
      (m) => m.to.includes(vendor.email) && mailSubject(m).startsWith(`[${caseRef}]`),
    );
    expect(mailSubject(mail)).toContain(vendorOrg.name);
  });

  it('the vendor is told in the app, accepts the invitation and states that a version fixes it', async () => {
    expect(caseRef).not.toBe('');
    const page = await browserFor('vendor');
    await signIn(page, vendor);
    await expectHome(page, vendor.name);

    await page.getByRole('link', { name: /^Notifications\s*,\s*1 unread$/ }).click();
    await expectPage(page, 'Notifications');
    await page
      .getByRole('link', { name: `${caseRef}: you are invited to a coordinated case`, exact: true })
      .click();
    await page.waitForURL(`**/cases/${caseId}`);
    await expectPage(page, `${caseRef}: ${report.title}`);

    const banner = page.getByRole('heading', {
      name: `${vendorOrg.name} is invited to take part in this case`,
      exact: true,
    });
    await banner.waitFor();
    await page.getByRole('button', { name: 'Accept invitation', exact: true }).click();
    await page.getByText(`${vendorOrg.name} now takes part in ${caseRef}.`, { exact: true }).waitFor();
    await banner.waitFor({ state: 'detached' });
    await page.getByText('You take part as: Vendor', { exact: true }).waitFor();

    const statements = page.getByRole('region', { name: 'Vendor statements', exact: true });
    await statements
      .getByRole('button', { name: 'Add a statement for vulnerability 1', exact: true })
      .click();
    const form = page.getByRole('region', { name: 'Add a statement for vulnerability 1', exact: true });
    await expectFocused(form.getByRole('heading', { name: 'Add a statement for vulnerability 1' }));
    // The vendor's product from the report, identified without its version.
    expect(await form.getByLabel('Product', { exact: true }).inputValue()).toBe(report.product);
    expect(await form.getByLabel('Package URL (optional)', { exact: true }).inputValue()).toBe(
      report.purl.replace(/@[^@/]*$/, ''),
    );
    await form.getByRole('radio', { name: /^Fixed/ }).check();
    await form.getByLabel('Fixed versions', { exact: true }).fill(fix.version);
    await form.getByRole('button', { name: 'Add a patch link', exact: true }).click();
    const link = form.getByLabel('Link', { exact: true });
    await expectFocused(link);
    await link.fill(fix.patch);
    await form.getByRole('checkbox', { name: /^Share with the other participants/ }).check();
    expect(await unlabelledControls(page)).toEqual([]);
    await form.getByRole('button', { name: 'Save statement', exact: true }).click();

    await statements
      .getByText(
        `Your statement for ${report.product} is saved; the other participants see it once a coordinator approves it.`,
        { exact: true },
      )
      .waitFor();
    const card = statements.getByRole('article', {
      name: `${vendorOrg.name}: ${report.product}`,
      exact: true,
    });
    await card.getByText('Fixed', { exact: true }).waitFor();
    await card.getByRole('definition').getByText(fix.version, { exact: true }).waitFor();
    await card.getByRole('link', { name: fix.patch, exact: true }).waitFor();
    await card.getByText('To be shared with the other participants once approved', { exact: true }).waitFor();
  });

  it('the coordinator proposes an embargo in UTC, the vendor accepts it, and both see it agreed', async () => {
    const coordinatorPage = pageOf('coordinator');
    const vendorPage = pageOf('vendor');

    await reloadCase(coordinatorPage);
    const proposeHeading = coordinatorPage.getByRole('heading', { name: 'Propose an embargo', exact: true });
    await proposeHeading.waitFor();
    await coordinatorPage.getByLabel('Embargo ends', { exact: true }).fill(embargo.wallClock);
    await coordinatorPage.getByLabel('Time zone', { exact: true }).selectOption('UTC');
    // Before it goes, the form shows the instant in UTC.
    await coordinatorPage.getByText(`That is ${embargo.shown}.`, { exact: true }).waitFor();
    await coordinatorPage.getByRole('button', { name: 'Propose this embargo', exact: true }).click();
    const section = (page: Page) => page.getByRole('region', { name: 'Embargo', exact: true });
    await section(coordinatorPage)
      .getByText('Your proposal is sent. It holds once every vendor taking part accepts it.', { exact: true })
      .waitFor();
    const proposal = section(coordinatorPage).getByRole('article', {
      name: `Until ${embargo.shown}`,
      exact: true,
    });
    await proposal.getByText('Proposed', { exact: true }).waitFor();
    await proposal.getByRole('definition').getByText(vendorOrg.name, { exact: true }).waitFor();
    await coordinatorPage.getByText('No embargo agreed', { exact: true }).waitFor();

    await reloadCase(vendorPage);
    await section(vendorPage)
      .getByRole('button', {
        name: `Accept the embargo until ${embargo.shown} for ${vendorOrg.name}`,
        exact: true,
      })
      .click();
    await section(vendorPage)
      .getByText(`The embargo until ${embargo.shown} now holds.`, { exact: true })
      .waitFor();

    await reloadCase(coordinatorPage);
    for (const page of [vendorPage, coordinatorPage]) {
      const agreed = section(page).getByRole('region', {
        name: `Embargoed until ${embargo.shown}`,
        exact: true,
      });
      await agreed.waitFor();
      // The instant itself, not only its rendering, is 14:00 UTC that day.
      const instant = await agreed.locator('time').first().getAttribute('datetime');
      expect(Date.parse(instant ?? '')).toBe(Date.parse(`${embargo.wallClock}:00Z`));
      await page.getByText(`Embargoed until ${embargo.shown}`, { exact: true }).first().waitFor();
      await section(page)
        .getByRole('article', { name: `Until ${embargo.shown}`, exact: true })
        .getByText('Agreed (active)', { exact: true })
        .waitFor();
    }

    // The coordinator sees the vendor's statement in the status matrix.
    const matrix = coordinatorPage.getByRole('table', {
      name: 'Vendor status by vulnerability',
      exact: true,
    });
    const vendorRow = matrix
      .getByRole('row')
      .filter({ has: coordinatorPage.getByRole('rowheader', { name: vendorOrg.name, exact: true }) });
    await vendorRow.getByRole('cell', { name: 'Fixed', exact: true }).waitFor();
  });

  it('the reporter follows up with the secret and sees the report accepted; the vendor never sees their contact', async () => {
    expect(followUpSecret).not.toBe('');
    const page = await browserFor('reporter');
    await page.goto('/reports/follow-up');
    await expectPage(page, 'Follow up on your report');
    await page.getByLabel('Follow-up secret', { exact: true }).fill(followUpSecret);
    await page.getByRole('button', { name: 'Open my report', exact: true }).click();
    await expectPage(page, `${reportRef}: ${report.title}`);
    const facts = page.getByRole('region', { name: 'Your report', exact: true });
    await facts
      .getByRole('definition')
      .filter({ hasText: /^Accepted/ })
      .waitFor();
    await facts.getByText(`Coordinated in case ${caseRef}`, { exact: true }).waitFor();

    // The vendor's workspace names the reporter only as they chose: not at all.
    const vendorPage = pageOf('vendor');
    await reloadCase(vendorPage);
    await vendorPage.getByText('Anonymous reporter', { exact: true }).first().waitFor();
    const seen = (await vendorPage.locator('main').textContent()) ?? '';
    expect(seen).toContain(report.title);
    expect(seen).not.toContain(report.contactEmail);
    expect(seen).not.toContain(report.contactName);
    // Nor does the contact reach the vendor's browser at all, and the report itself stays with
    // the clearinghouse.
    const vendorApi = vendorPage.context().request;
    const answer = await vendorApi.get(`/api/v1/cases/${caseId}`);
    expect(answer.status()).toBe(200);
    const body = await answer.text();
    expect(body).toContain(caseRef);
    expect(body).not.toContain(report.contactEmail);
    expect(body).not.toContain(report.contactName);
    expect((await vendorApi.get(`/api/v1/reports/${reportRef}`)).status()).toBe(404);
  });
});
