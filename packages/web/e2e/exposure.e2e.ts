import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectPage } from './support/a11y.js';
import { ApiSession } from './support/api.js';
import { openBrowser, saveScreenshot, type BrowserSession } from './support/browser.js';
import { startServer, type TestServer } from './support/server.js';
import { TestAuthenticator } from './support/totp.js';

/**
 * An operator's day, on the demo community (`serve --demo`): the hospital's IT lead creates an
 * inventory and uploads a CycloneDX SBOM. The demo already released the exploited HL7 bridge flaw
 * (CVE-2026-40001, versions 2.0.0 to before 2.3.4), so that exposure appears right after the upload.
 * Then the coordinator releases the infusion-pump advisory early (labelled TLP:CLEAR first); its
 * exposure joins "What to do today", ranked below the exploited one. The operator opens the first,
 * marks it remediated, and sees it leave the list.
 */

const OPERATOR_EMAIL = 'it@riverside-hospital.example.org';
const COORDINATOR_EMAIL = 'coordinator@clearinghouse.example.gov';
const HL7_CVE = 'CVE-2026-40001';

/** A small CycloneDX 1.5 SBOM of the hospital's HL7 gateway and an infusion pump. */
function sbom(run: string): string {
  return JSON.stringify(
    {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      serialNumber: `urn:uuid:6f1c2a4e-8d3b-4c5a-9e7f-${run.padEnd(12, '0').slice(0, 12)}`,
      version: 1,
      metadata: {
        timestamp: '2026-11-01T08:00:00Z',
        component: { type: 'application', name: 'Riverside HL7 gateway', version: '1.0.0' },
      },
      components: [
        {
          type: 'library',
          'bom-ref': 'hl7-bridge',
          group: '@acme-medical',
          name: 'hl7-bridge',
          version: '2.3.0',
          purl: 'pkg:npm/%40acme-medical/hl7-bridge@2.3.0',
        },
        {
          type: 'firmware',
          'bom-ref': 'ip-200',
          supplier: { name: 'Acme Medical' },
          name: 'ip-200-firmware',
          version: '4.1.0',
          purl: 'pkg:generic/acme-medical/ip-200-firmware@4.1.0',
          cpe: 'cpe:2.3:o:acme_medical:ip-200_firmware:4.1.0:*:*:*:*:*:*:*',
        },
        {
          type: 'library',
          'bom-ref': 'lodash',
          name: 'lodash',
          version: '4.17.21',
          purl: 'pkg:npm/lodash@4.17.21',
        },
      ],
    },
    null,
    2,
  );
}

describe('operator exposure through the browser', { concurrent: false }, () => {
  const run = randomBytes(4).toString('hex');
  const inventoryName = `Main campus ${run}`;
  let server: TestServer;
  let demoPassword = '';
  /** "What to do today" for the uploaded inventory only. */
  let todayOfInventory = '';
  const browsers = new Map<string, BrowserSession>();

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

  /** The ranked table's rows, in order. */
  function exposureRows(page: Page): Locator {
    return page
      .getByRole('table', { name: 'Exposures, most urgent first', exact: true })
      .locator('tbody')
      .getByRole('row');
  }

  beforeAll(async () => {
    server = await startServer({ demo: true });
    // The banner names the demo users' password, just after the server starts listening.
    const deadline = Date.now() + 10_000;
    while (!demoPassword && Date.now() < deadline) {
      demoPassword = /password for all: (\S+)\)/.exec(server.output())?.[1] ?? '';
      if (!demoPassword) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(demoPassword, server.output()).not.toBe('');
  }, 240_000);

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

  it('the operator signs in and finds what to do today first on the home page', async () => {
    const page = await browserFor('operator');
    await page.goto('/sign-in');
    await page.getByLabel('Email address', { exact: true }).fill(OPERATOR_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');

    // The demo's interface engine already runs the exploited HL7 bridge (acknowledged by the demo).
    const card = page.getByRole('region', { name: 'What to do today', exact: true });
    await card.getByText(/^1 open exposure, 1 known to be exploited\.$/).waitFor();
    await card.getByRole('link', { name: 'See what to do today', exact: true }).click();
    await expectPage(page, 'What to do today');
    const first = exposureRows(page).first();
    await first.getByText('Known exploited', { exact: true }).waitFor();
    await first.getByText('Acknowledged', { exact: true }).waitFor();

    await page.getByRole('link', { name: 'Your inventories', exact: true }).first().click();
    await expectPage(page, 'Inventories');
    await page
      .getByRole('table', { name: 'Your inventories', exact: true })
      .getByRole('link', { name: 'HL7 interface engine', exact: true })
      .waitFor();
  });

  it('the operator creates an inventory; a broken file is refused with every problem located', async () => {
    const page = pageOf('operator');
    await page.getByLabel('Name', { exact: true }).fill(inventoryName);
    await page.getByRole('button', { name: 'Create inventory', exact: true }).click();
    await page.getByRole('link', { name: inventoryName, exact: true }).first().click();
    await expectPage(page, inventoryName);
    await page.getByText('This inventory has no components yet.', { exact: true }).waitFor();

    await page.getByLabel('Inventory file', { exact: true }).setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'name,version,purl,cpe\nleft-pad,1.0.0,not a purl,\nlodash,4.17.21,,cpe:2.3:bogus\n',
      ),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('The file was refused', { exact: true }).waitFor();
    const problems = page.getByRole('table', { name: 'Problems in the file', exact: true });
    await problems.getByRole('rowheader', { name: 'line 2, column purl', exact: true }).waitFor();
    await problems.getByRole('rowheader', { name: 'line 3, column cpe', exact: true }).waitFor();
    await page.getByText('This inventory has no components yet.', { exact: true }).waitFor();
  });

  it('the operator uploads an SBOM and the exploited HL7 bridge flaw is found at once', async () => {
    const page = pageOf('operator');
    await page.getByLabel('Inventory file', { exact: true }).setInputFiles({
      name: 'gateway.cdx.json',
      mimeType: 'application/json',
      buffer: Buffer.from(sbom(run)),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();

    const report = page.getByRole('region', { name: 'What the upload changed', exact: true });
    await report.getByText(/3 components; 3 added, 0 removed, 0 changed, 0 unchanged\.$/).waitFor();
    await report.getByRole('link', { name: /^\d+ new exposures?$/ }).click();

    // The report's link shows this inventory's exposures only.
    await expectPage(page, 'What to do today');
    todayOfInventory = page.url();
    expect(new URL(todayOfInventory).searchParams.get('inventoryId')).toMatch(/^ivt_/);
    const first = exposureRows(page).first();
    await first.getByText('Known exploited', { exact: true }).waitFor();
    await first.getByRole('link', { name: HL7_CVE, exact: true }).waitFor();
    await first.getByText(inventoryName, { exact: true }).waitFor();
    expect(await exposureRows(page).count()).toBe(1);
  });

  it('the coordinator releases the infusion-pump advisory early, as TLP:CLEAR', async () => {
    const coordinator = await ApiSession.signIn(server.url, COORDINATOR_EMAIL, demoPassword);
    const { secret } = await coordinator.call<{ secret: string }>('POST', '/api/v1/auth/totp/enroll');
    const authenticator = new TestAuthenticator(secret);
    await coordinator.call('POST', '/api/v1/auth/totp/confirm', { code: await authenticator.freshCode() });

    const approved = await coordinator.call<{ items: { id: string; title: string }[] }>(
      'GET',
      '/api/v1/advisories?status=approved',
    );
    const pump = approved.items.find((a) => /IP-200/i.test(a.title));
    expect(pump, JSON.stringify(approved.items)).toBeDefined();
    const id = pump?.id ?? '';
    // The case is TLP:AMBER; the hospital is not in it, so the advisory goes out as TLP:CLEAR.
    const advisory = await coordinator.call<{ revision: number; content: Record<string, unknown> }>(
      'GET',
      `/api/v1/advisories/${id}`,
    );
    const edited = await coordinator.call<{ revision: number; status: string }>(
      'PUT',
      `/api/v1/advisories/${id}`,
      {
        content: { ...advisory.content, tlp: 'CLEAR' },
        summary: 'Labelled TLP:CLEAR for hospitals that run the pump.',
        revision: advisory.revision,
      },
    );
    if (edited.status !== 'approved')
      await coordinator.call('POST', `/api/v1/advisories/${id}/transitions`, {
        action: 'approve',
        revision: edited.revision,
      });
    await coordinator.call('POST', `/api/v1/advisories/${id}/release`, {
      reason: 'Exploitation attempts against IP-200 pumps were reported this morning.',
    });
  });

  it('the pump exposure joins the list, ranked below the known-exploited one', async () => {
    const page = pageOf('operator');
    const rows = exposureRows(page);
    // Matching runs in the background: reload until the new exposure is there.
    await expect
      .poll(
        async () => {
          await page.goto(todayOfInventory);
          await rows.first().waitFor();
          return rows.count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBeGreaterThanOrEqual(2);
    await expectPage(page, 'What to do today');
    await rows.first().getByText('Known exploited', { exact: true }).waitFor();
    await rows.first().getByRole('link', { name: HL7_CVE, exact: true }).waitFor();
    const pumpRow = rows.filter({ hasText: 'ip-200-firmware' });
    await pumpRow.getByText('Update', { exact: false }).first().waitFor();
    expect(await pumpRow.getByText('Known exploited', { exact: true }).count()).toBe(0);
  });

  it('the operator opens the first exposure, marks it remediated, and it leaves the list', async () => {
    const page = pageOf('operator');
    await exposureRows(page).first().getByRole('link', { name: HL7_CVE, exact: true }).click();
    await page.waitForURL(/\/exposures\/[^/]+$/);
    // The heading names the vulnerability and the component, once the exposure has loaded.
    const heading = page.getByRole('heading', {
      level: 1,
      name: new RegExp(`^${HL7_CVE} in .*hl7-bridge 2\\.3\\.0$`),
    });
    await heading.waitFor();
    const title = (await heading.textContent())?.trim() ?? '';
    await expectPage(page, title);
    await page.getByText(/^Yes: (in CISA’s Known Exploited|the advisory says attackers)/).waitFor();
    await page.getByText(/^Exact match: the package URL/).waitFor();

    // "Not affected" needs a reason: the problem is named, and linked to its field.
    const status = page.getByRole('region', { name: 'Status', exact: true });
    await status.getByLabel('Not affected', { exact: false }).check();
    await status.getByRole('button', { name: 'Save status', exact: true }).click();
    await status.getByText('There is a problem', { exact: true }).waitFor();
    await status.getByText('Choose why the vulnerability does not affect you.').first().waitFor();

    await status.getByLabel('Mark remediated', { exact: false }).check();
    await status.getByLabel('Note (optional)', { exact: true }).fill('Updated the bridge to 2.3.4.');
    await status.getByRole('button', { name: 'Save status', exact: true }).click();
    await status.getByText('Saved: Remediated.', { exact: true }).waitFor();
    const history = page.getByRole('region', { name: 'History', exact: true });
    await history.getByText(/Open → Remediated by Oli Operator/).waitFor();

    await page.getByRole('link', { name: 'Back to What to do today', exact: true }).click();
    await expectPage(page, 'What to do today');
    await page.goto(todayOfInventory);
    await expectPage(page, 'What to do today');
    const rows = exposureRows(page);
    await rows.first().waitFor();
    expect(await rows.filter({ hasText: HL7_CVE }).count()).toBe(0);
    expect(await rows.count()).toBe(1);
    await rows
      .first()
      .getByRole('rowheader', { name: 'Acme Medical ip-200-firmware 4.1.0', exact: true })
      .waitFor();
  });

  it('the operator subscribes to exploited flaws by e-mail and adds a webhook whose secret is shown once', async () => {
    const page = pageOf('operator');
    await page.goto('/settings/notifications');
    await expectPage(page, 'Notification settings');
    await page.getByText('You have no subscriptions of your own.', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add a subscription', exact: true }).click();
    const create = page.getByRole('region', { name: 'Add a subscription', exact: true });
    await create.getByLabel('Minimum CVSS score', { exact: true }).fill('11');
    await create.getByRole('button', { name: 'Create subscription', exact: true }).click();
    await create.getByText('Enter a CVSS score from 0 to 10, or leave it empty.').first().waitFor();
    await create.getByLabel('Minimum CVSS score', { exact: true }).fill('7');
    await create.getByLabel('Only vulnerabilities known to be exploited', { exact: true }).check();
    await create.getByRole('button', { name: 'Create subscription', exact: true }).click();
    await create.getByText('The subscription was created.', { exact: true }).waitFor();
    const mine = page.getByRole('table', { name: 'Your subscriptions', exact: true });
    await mine.getByText('Known exploited only; CVSS 7 or higher', { exact: true }).waitFor();

    const webhooks = page.getByRole('region', { name: 'Webhooks', exact: true });
    await webhooks.getByLabel('Name', { exact: true }).fill('Ticketing');
    await webhooks
      .getByLabel('URL', { exact: true })
      .fill('https://tickets.riverside-hospital.example.org/hooks/ch');
    await webhooks.getByRole('button', { name: 'Add webhook', exact: true }).click();
    await webhooks.getByRole('heading', { name: /signing secret of “Ticketing” now$/ }).waitFor();
    expect(await webhooks.getByTestId('webhook-secret').textContent()).toMatch(/^whsec_/);
    await webhooks.getByRole('heading', { level: 3, name: 'Ticketing', exact: true }).waitFor();
    await webhooks.getByText('Enabled', { exact: true }).waitFor();
  });
});
