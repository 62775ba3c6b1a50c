import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectFocused, expectPage, expectSkipLinkWorks, unlabelledControls } from './support/a11y.js';
import { openBrowser, saveScreenshot, type BrowserSession } from './support/browser.js';
import { invitationLink, mailSubject, passwordResetLink } from './support/mail.js';
import { startServer, type TestServer } from './support/server.js';
import { TestAuthenticator } from './support/totp.js';

/**
 * The foundation, driven through the real web app like a person would: the bootstrap admin's
 * first sign-in and required two-factor setup, organizations, invitations by e-mail, API tokens,
 * the audit log, and the basics of accessibility on every page on the way.
 *
 * The steps share one server and build on each other (the admin set up in the first step
 * creates the organization the third step invites to), so they run in order.
 */
describe('foundation through the browser', { concurrent: false }, () => {
  const run = randomBytes(4).toString('hex');
  const org = {
    name: `E2E Vendor ${run}`,
    kind: 'Vendor',
    sector: 'Information technology',
    website: `https://vendor-${run}.e2e.test`,
  };
  const member = {
    name: 'Maya Member',
    email: `member-${run}@e2e.test`,
    password: `member password ${run} for e2e`,
  };
  const tokenName = `E2E script ${run}`;
  /** The name the server gives the bootstrap admin. */
  const ADMIN_NAME = 'Clearinghouse Admin';

  let server: TestServer;
  let admin: BrowserSession;
  let memberBrowser: BrowserSession | undefined;
  let authenticator: TestAuthenticator;
  let recoveryCodes: string[] = [];
  let orgId = '';

  const sessions = (): BrowserSession[] => [admin, ...(memberBrowser ? [memberBrowser] : [])];

  beforeAll(async () => {
    server = await startServer();
    admin = await openBrowser(server.url);
  });

  afterAll(async () => {
    // Whatever started (beforeAll may have failed half-way) is stopped.
    await memberBrowser?.close();
    await (admin as BrowserSession | undefined)?.close();
    await (server as TestServer | undefined)?.stop();
  });

  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(async () => {
      for (const [index, session] of sessions().entries()) {
        const who = index === 0 ? 'admin' : 'member';
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
    for (const session of sessions()) expect(session.problems.splice(0)).toEqual([]);
  });

  /** Email and password; then, if the account has two-factor, a code from `secondFactor`. */
  async function signIn(page: Page, email: string, password: string, secondFactor?: string): Promise<void> {
    await page.goto('/sign-in');
    await expectPage(page, 'Sign in');
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    if (secondFactor === undefined) return;
    const code = page.getByLabel('Authentication code', { exact: true });
    await expectFocused(code);
    await code.fill(secondFactor);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
  }

  async function signOut(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/sign-in');
    await expectPage(page, 'Sign in');
  }

  async function expectHome(page: Page, name: string): Promise<void> {
    await page.waitForURL((url) => url.pathname === '/');
    await expectPage(page, `Welcome, ${name}`, 'Home');
  }

  const primaryNav = (page: Page) => page.getByRole('navigation', { name: 'Primary' });

  it('the bootstrap admin signs in and must set up two-factor authentication first', async () => {
    const { page } = admin;

    // The sign-in page: labelled fields, a working skip link.
    await page.goto('/sign-in');
    await expectPage(page, 'Sign in');
    await expectSkipLinkWorks(page);

    await signIn(page, server.admin.email, server.admin.password);
    await page.waitForURL('**/account/two-factor');
    await expectPage(page, 'Two-factor authentication');
    await page
      .getByRole('heading', { name: 'Set up two-factor authentication to continue', exact: true })
      .waitFor();
    // Until it is done there is no navigation, and other pages lead back here.
    expect(await primaryNav(page).count()).toBe(0);
    await page.goto('/tokens');
    await page.waitForURL('**/account/two-factor');
    await expectPage(page, 'Two-factor authentication');

    await page.getByRole('button', { name: 'Set up two-factor authentication', exact: true }).click();
    await page.getByRole('img', { name: 'QR code to add Clearinghouse to your authenticator app' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    authenticator = new TestAuthenticator(secret);
    expect(await unlabelledControls(page)).toEqual([]);

    // A wrong code is refused, with the problem named beside the field.
    const codeField = page.getByLabel('Authentication code', { exact: true });
    await codeField.fill(authenticator.wrongCode());
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.getByRole('alert').getByText('That code did not match', { exact: false }).waitFor();
    expect(await codeField.getAttribute('aria-invalid')).toBe('true');

    await codeField.fill(await authenticator.freshCode());
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    const codesHeading = page.getByRole('heading', { name: 'Save your recovery codes', exact: true });
    await expectFocused(codesHeading);
    authenticator.markUsed();

    const codes = page.getByTestId('recovery-codes').getByTestId('recovery-code');
    recoveryCodes = (await codes.allTextContents()).map((code) => code.trim());
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    await page.getByRole('button', { name: 'I have saved these', exact: true }).click();
    await expectHome(page, ADMIN_NAME);
    await primaryNav(page).getByRole('link', { name: 'Audit log', exact: true }).waitFor();
  });

  it('signing in again asks for the second factor: a wrong code is refused, a recovery code works once', async () => {
    const { page } = admin;
    await signOut(page);

    await signIn(page, server.admin.email, server.admin.password, authenticator.wrongCode());
    const refused = page.getByRole('alert').filter({ hasText: 'That code did not work' });
    await refused.waitFor();
    const codeField = page.getByLabel('Authentication code', { exact: true });
    await expect.poll(() => codeField.inputValue(), { message: 'the refused code is cleared' }).toBe('');
    expect(page.url()).toContain('/sign-in');

    const [firstCode = '', secondCode = ''] = recoveryCodes;
    await codeField.fill(firstCode);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expectHome(page, ADMIN_NAME);

    // The same recovery code does not work twice.
    await signOut(page);
    await signIn(page, server.admin.email, server.admin.password, firstCode);
    await refused.waitFor();

    await page.getByLabel('Authentication code', { exact: true }).fill(secondCode);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expectHome(page, ADMIN_NAME);
    await expectSkipLinkWorksAfterReload(page);
  });

  it('creates an organization, after being told clearly what was wrong with the first try', async () => {
    const { page } = admin;
    await primaryNav(page).getByRole('link', { name: 'Organizations', exact: true }).click();
    await expectPage(page, 'Organizations');
    await page.getByRole('link', { name: 'Create organization', exact: true }).click();
    await page.waitForURL('**/orgs/new');
    await expectPage(page, 'Create organization');
    // After a client-side navigation, focus moves to the new page's heading.
    await expectFocused(page.getByRole('heading', { level: 1 }));

    const name = page.getByLabel('Name', { exact: true });
    const kind = page.getByLabel('Kind', { exact: true });
    const website = page.getByLabel('Website', { exact: true });
    await page.getByLabel('Contact email', { exact: true }).waitFor();
    await page.getByRole('group', { name: 'Sectors', exact: true }).waitFor();

    // One character is too short, and no kind is chosen: both problems, in a summary that is announced.
    await name.fill('A');
    await page.getByRole('button', { name: 'Create organization', exact: true }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There are 2 problems' });
    await summary.waitFor();
    const problems = (await summary.getByRole('listitem').allTextContents()).map((text) => text.trim());
    expect(problems).toEqual([
      'Name: Enter a name of 2 to 200 characters.',
      'Kind: Choose the kind of organization.',
    ]);
    expect(page.url()).toContain('/orgs/new');
    // Each field says what is wrong with it, in a way a screen reader reads with the field.
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await name.getAttribute('aria-describedby')).toContain('org-name-error');
    expect((await page.locator('#org-name-error').textContent())?.trim()).toBe(
      'Enter a name of 2 to 200 characters.',
    );
    expect(await kind.getAttribute('aria-invalid')).toBe('true');
    // The summary's links take the keyboard to the field.
    await summary.getByRole('link', { name: 'Name', exact: true }).click();
    await expectFocused(name);

    await name.fill(org.name);
    await kind.selectOption({ label: org.kind });
    await page.getByLabel(org.sector, { exact: true }).check();
    await website.fill(org.website);
    await page.getByRole('button', { name: 'Create organization', exact: true }).click();

    await page.waitForURL(/\/orgs\/org_[^/]+$/);
    orgId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await expectPage(page, org.name);
    await expectFocused(page.getByRole('heading', { level: 1 }));
    const details = page.locator('main dl').first();
    expect(await details.textContent()).toContain(org.kind);
    expect(await details.textContent()).toContain(org.sector);
    // USWDS names the external link for screen readers: "External, opens in a new tab. <address>".
    await details.getByRole('link', { name: `opens in a new tab. ${org.website}` }).waitFor();
    // The creator is the organization's first admin.
    await page.getByRole('heading', { name: 'Invitations', exact: true }).waitFor();
  });

  it('invites a member by e-mail, who accepts in another browser and then sees the organization', async () => {
    const { page } = admin;
    expect(orgId).not.toBe('');
    const email = page.getByLabel('Email address', { exact: true });
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Member' });

    await email.fill('not an address');
    await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.getByText('Enter an email address, like name@example.com.').waitFor();

    await email.fill(member.email);
    await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
    await page.getByText(`Invitation sent to ${member.email}.`, { exact: true }).waitFor();
    expect(await summary.count()).toBe(0);
    await page.getByRole('table').getByRole('rowheader', { name: member.email, exact: true }).waitFor();

    const mail = await server.mail.waitForMail((m) => m.to.includes(member.email));
    expect(mailSubject(mail)).toContain(org.name);
    const link = invitationLink(mail);
    expect(link.origin).toBe(server.url);

    // The invited person, in a browser of their own, not signed in.
    memberBrowser = await openBrowser(server.url);
    const invitee = memberBrowser.page;
    await invitee.goto(link.pathname + link.search);
    await expectPage(invitee, 'Accept invitation');
    await invitee.getByText(`You have been invited to join ${org.name} as a member.`).waitFor();
    expect(await primaryNav(invitee).count()).toBe(0);

    await invitee.getByLabel('Your name', { exact: true }).fill(member.name);
    await invitee.getByLabel('Choose a password', { exact: true }).fill(member.password);
    await invitee.getByLabel('Confirm password', { exact: true }).fill(`${member.password} typo`);
    await invitee.getByRole('button', { name: 'Accept invitation', exact: true }).click();
    await invitee
      .getByRole('alert')
      .filter({ hasText: 'Confirm password: The passwords do not match.' })
      .waitFor();

    await invitee.getByLabel('Confirm password', { exact: true }).fill(member.password);
    await invitee.getByRole('button', { name: 'Accept invitation', exact: true }).click();
    await invitee.getByRole('heading', { name: `Welcome to ${org.name}`, exact: true }).waitFor();
    await invitee.getByRole('link', { name: 'Sign in', exact: true }).click();

    // A plain member signs in with a password alone.
    await invitee.waitForURL('**/sign-in');
    await invitee.getByLabel('Email address', { exact: true }).fill(member.email);
    await invitee.getByLabel('Password', { exact: true }).fill(member.password);
    await invitee.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expectHome(invitee, member.name);
    // With one organization the header names it (no choice to make), with the full name as a tooltip.
    const currentOrg = invitee.getByRole('banner').getByRole('link', { name: org.name, exact: true });
    expect(await currentOrg.getAttribute('href')).toBe(`/orgs/${orgId}`);
    expect(await invitee.getByRole('banner').getByLabel('Organization', { exact: true }).count()).toBe(0);
    await invitee
      .getByRole('region', { name: 'Your organization' })
      .getByRole('link', { name: org.name, exact: true })
      .waitFor();
    // Plain members have no audit log.
    expect(await primaryNav(invitee).getByRole('link', { name: 'Audit log' }).count()).toBe(0);

    // The link worked once.
    await invitee.goto(link.pathname + link.search);
    await expectPage(invitee, 'Accept invitation');
    await invitee.getByRole('heading', { name: 'This invitation link is not valid', exact: true }).waitFor();

    // The admin sees the new member, and no invitation left pending.
    await page.reload();
    await expectPage(page, org.name);
    await page.getByRole('table').getByRole('rowheader', { name: member.name, exact: true }).waitFor();
    await page.getByText('No pending invitations.', { exact: true }).waitFor();
  });

  it('creates an API token that works as a bearer token until it is revoked', async () => {
    const { page } = admin;
    const me = (secret?: string) =>
      fetch(`${server.url}/api/v1/me`, {
        headers: secret === undefined ? {} : { Authorization: `Bearer ${secret}` },
      });

    await primaryNav(page).getByRole('link', { name: 'API tokens', exact: true }).click();
    await expectPage(page, 'API tokens');
    await page.getByText('You have no API tokens yet.', { exact: true }).waitFor();

    await page.getByLabel('Token name', { exact: true }).fill(tokenName);
    await page.getByLabel('Scope', { exact: true }).selectOption({ label: 'Read' });
    await page.getByLabel('Expires after', { exact: true }).selectOption({ label: '30 days' });
    await page.getByRole('button', { name: 'Create token', exact: true }).click();

    const secretBox = page.getByTestId('token-secret');
    await secretBox.waitFor();
    const secret = (await secretBox.textContent())?.trim() ?? '';
    expect(secret).toMatch(/^cht_/);
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: tokenName }) });
    await row.getByText('Active', { exact: true }).waitFor();

    const withToken = await me(secret);
    expect(withToken.status).toBe(200);
    expect(((await withToken.json()) as { email: string }).email).toBe(server.admin.email);
    expect((await me()).status, 'without a token').toBe(401);

    // The secret is shown once: not after a reload.
    await page.reload();
    await expectPage(page, 'API tokens');
    await row.waitFor();
    expect(await secretBox.count()).toBe(0);

    await row.getByRole('button', { name: `Revoke token ${tokenName}`, exact: true }).click();
    const confirm = page.getByRole('button', { name: 'Yes, revoke', exact: true });
    await expectFocused(confirm);
    await confirm.click();
    await page.getByText('The token has been revoked.', { exact: true }).waitFor();
    await row.getByText('Revoked', { exact: true }).waitFor();

    const afterRevoke = await me(secret);
    expect(afterRevoke.status).toBe(401);
    expect(((await afterRevoke.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });

  it('signs in with an authenticator code and finds every action above in the audit log', async () => {
    const { page } = admin;
    await signOut(page);
    // A code from a later 30-second step than the one used to confirm the setup.
    await signIn(page, server.admin.email, server.admin.password, await authenticator.freshCode());
    await expectHome(page, ADMIN_NAME);
    authenticator.markUsed();

    await primaryNav(page).getByRole('link', { name: 'Audit log', exact: true }).click();
    await expectPage(page, 'Audit log');
    const table = page.getByRole('table');
    const actions = () => table.getByRole('rowheader').allTextContents();
    await table.waitFor();
    const recorded = new Set(await actions());
    for (const action of [
      'auth.login',
      'auth.totp_enabled',
      'org.created',
      'org.invitation_created',
      'org.invitation_accepted',
      'token.created',
      'token.revoked',
    ]) {
      expect(recorded, `the audit log shows ${action}`).toContain(action);
    }

    // The action filter narrows the list to the one organization created.
    await page.getByLabel('Action', { exact: true }).fill('org.created');
    await page.getByRole('button', { name: 'Apply filters', exact: true }).click();
    await page.waitForURL('**/audit?action=org.created');
    await page.getByText('1 event.', { exact: true }).waitFor();
    expect(await actions()).toEqual(['org.created']);
    expect(await table.getByRole('row').nth(1).textContent()).toContain(orgId);
  });

  it('shows "Page not found" for an unknown address, and the API documentation renders under the CSP', async () => {
    const { page } = admin;
    await page.goto('/no-such-page/here');
    await expectPage(page, 'Page not found');
    await page.getByRole('link', { name: 'Go to the home page', exact: true }).click();
    await expectHome(page, ADMIN_NAME);

    await page.goto('/docs');
    await page.getByRole('heading', { name: /^Clearinghouse API/ }).waitFor();
    await page.getByText('/api/v1/me', { exact: true }).first().waitFor();
    // No CSP violation is tolerated here either: the docs' policy allows Swagger UI's inline style.
  });

  it('a clearinghouse admin gives the member the analyst role on the users page', async () => {
    const { page } = admin;
    await page.goto('/');
    await expectHome(page, ADMIN_NAME);
    await primaryNav(page).getByRole('link', { name: 'Users', exact: true }).click();
    await page.waitForURL('**/admin/users');
    await expectPage(page, 'Users');

    await page.getByLabel('Search users', { exact: true }).fill(member.email);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('1 user matches your search.', { exact: true }).waitFor();
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: member.name, exact: true }) });
    await row.getByText('Off', { exact: true }).waitFor();

    await row.getByRole('button', { name: `Edit ${member.name}`, exact: true }).click();
    await expectFocused(page.getByRole('heading', { name: `Edit ${member.name}`, exact: true }));
    expect(await unlabelledControls(page)).toEqual([]);
    await page.getByRole('checkbox', { name: /^Analyst/ }).check();

    // A compartment that is not a code is named beside its field; nothing is saved.
    const compartments = page.getByLabel('Compartments', { exact: true });
    await compartments.fill('x');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.getByText('Compartments', { exact: false }).waitFor();
    expect(await compartments.getAttribute('aria-invalid')).toBe('true');
    expect(await row.getByText('Analyst', { exact: true }).count()).toBe(0);

    await compartments.fill('cyber-eval');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page
      .getByText('They will be asked to set up two-factor authentication at their next sign-in.', {
        exact: false,
      })
      .waitFor();
    expect(await summary.count()).toBe(0);
    await row.getByText('Analyst', { exact: true }).waitFor();
    await row.getByText('CYBER-EVAL', { exact: true }).waitFor();

    // Closing the form hands the keyboard back to the row it came from.
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await expectFocused(row.getByRole('button', { name: `Edit ${member.name}`, exact: true }));

    // The change is in the audit log, under the admin's email rather than a bare ID.
    await page.goto('/audit?action=user.updated');
    await expectPage(page, 'Audit log');
    await page.getByText('1 event.', { exact: true }).waitFor();
    expect(await page.getByRole('table').getByRole('row').nth(1).textContent()).toContain(server.admin.email);
  });

  it('the member resets a forgotten password by e-mail, once, and signs in with the new one', async () => {
    expect(memberBrowser).toBeDefined();
    const invitee = (memberBrowser as BrowserSession).page;
    const newPassword = `${member.password} renewed`;
    await signOut(invitee);

    await invitee.getByRole('link', { name: 'Forgot your password?', exact: true }).click();
    await invitee.waitForURL('**/forgot-password');
    await expectPage(invitee, 'Reset your password');
    await invitee.getByLabel('Email address', { exact: true }).fill(member.email);
    await invitee.getByRole('button', { name: 'Send reset link', exact: true }).click();
    await invitee
      .getByText(
        'If an account exists for that address, we have sent a link. It works once and expires in an hour.',
        { exact: true },
      )
      .waitFor();

    const mail = await server.mail.waitForMail(
      (m) => m.to.includes(member.email) && /password/i.test(mailSubject(m)),
    );
    const link = passwordResetLink(mail);
    expect(link.origin).toBe(server.url);

    await invitee.goto(link.pathname + link.search);
    await expectPage(invitee, 'Choose a new password');
    await invitee.getByLabel('New password', { exact: true }).fill(newPassword);
    await invitee.getByLabel('Confirm new password', { exact: true }).fill(`${newPassword} typo`);
    await invitee.getByRole('button', { name: 'Set new password', exact: true }).click();
    await invitee
      .getByRole('alert')
      .filter({ hasText: 'Confirm new password: The new passwords do not match.' })
      .waitFor();

    await invitee.getByLabel('Confirm new password', { exact: true }).fill(newPassword);
    await invitee.getByRole('button', { name: 'Set new password', exact: true }).click();
    await invitee.getByRole('heading', { name: 'Your new password is set', exact: true }).waitFor();

    // The old password no longer works.
    const oldLogin = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: member.email, password: member.password }),
    });
    expect(oldLogin.status).toBe(401);

    // The link works once.
    await invitee.goto(link.pathname + link.search);
    await expectPage(invitee, 'Choose a new password');
    await invitee.getByLabel('New password', { exact: true }).fill(`${newPassword} again`);
    await invitee.getByLabel('Confirm new password', { exact: true }).fill(`${newPassword} again`);
    await invitee.getByRole('button', { name: 'Set new password', exact: true }).click();
    await invitee.getByRole('heading', { name: 'This reset link is not valid', exact: true }).waitFor();
    await invitee.getByRole('link', { name: 'Request a new link', exact: true }).waitFor();

    // The new password signs in; as an analyst now, the member must first set up two-factor.
    await signIn(invitee, member.email, newPassword);
    await invitee.waitForURL('**/account/two-factor');
    await expectPage(invitee, 'Two-factor authentication');
  });
});

async function expectSkipLinkWorksAfterReload(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await expectSkipLinkWorks(page);
}
