import { describe, expect, it } from 'vitest';
import { ExposureNotice, isIdOf, SubscriptionFilters } from '@clearinghouse/shared';
import { derivedId } from '../../src/lib/derived-id.js';
import { newId } from '../../src/lib/ids.js';
import { nextDigest, RETRY_CAP_MS, retryDelayMs } from '../../src/modules/notifications/delivery.service.js';
import {
  escapeHtml,
  isWebUrl,
  matchesFilters,
  renderExposureMail,
  renderInboxNotice,
} from '../../src/modules/notifications/messages.js';

function notice(
  overrides: Partial<ExposureNotice> & { vuln?: Partial<ExposureNotice['vulnerability']> } = {},
) {
  const { vuln, ...rest } = overrides;
  return ExposureNotice.parse({
    exposureId: 'exp_1',
    orgId: 'org_1',
    inventoryId: 'ivt_pumps',
    inventoryName: 'Ward 3 devices',
    component: 'Acme Infusion Pump 4.1.0',
    vulnerability: {
      key: 'CVE-2026-1234',
      title: 'Unauthenticated firmware update',
      aliases: [],
      cvss: { version: '3.1', vector: null, score: 9.8 },
      ssvcDecision: 'act',
      exploited: false,
      kev: null,
      cwe: null,
      ...vuln,
    },
    priority: { tier: 'act', score: 90 },
    action: {
      text: 'Update Acme Infusion Pump firmware to 4.2.1',
      url: 'https://acme.example/psirt',
      fixedVersion: '4.2.1',
    },
    tlp: 'CLEAR',
    webPath: '/exposures/exp_1',
    firstSeenAt: '2026-11-27T12:00:00.000Z',
    ...rest,
  });
}

const filters = (f: Partial<SubscriptionFilters> = {}) => SubscriptionFilters.parse(f);

describe('subscription filters', () => {
  it('passes everything by default', () => {
    expect(matchesFilters(notice({ vuln: { cvss: null, ssvcDecision: null } }), filters())).toBe(true);
  });
  it('exploitedOnly', () => {
    expect(matchesFilters(notice(), filters({ exploitedOnly: true }))).toBe(false);
    expect(matchesFilters(notice({ vuln: { exploited: true } }), filters({ exploitedOnly: true }))).toBe(
      true,
    );
  });
  it('minSsvc ranks track < attend < act, track* as track, exploitation above all', () => {
    expect(matchesFilters(notice({ vuln: { ssvcDecision: 'attend' } }), filters({ minSsvc: 'act' }))).toBe(
      false,
    );
    expect(matchesFilters(notice({ vuln: { ssvcDecision: 'attend' } }), filters({ minSsvc: 'attend' }))).toBe(
      true,
    );
    expect(
      matchesFilters(notice({ vuln: { ssvcDecision: 'track_star' } }), filters({ minSsvc: 'attend' })),
    ).toBe(false);
    expect(
      matchesFilters(notice({ vuln: { ssvcDecision: 'track_star' } }), filters({ minSsvc: 'track' })),
    ).toBe(true);
    expect(matchesFilters(notice({ vuln: { ssvcDecision: null } }), filters({ minSsvc: 'track' }))).toBe(
      false,
    );
    expect(
      matchesFilters(notice({ vuln: { ssvcDecision: null, exploited: true } }), filters({ minSsvc: 'act' })),
    ).toBe(true);
  });
  it('minCvss and inventories', () => {
    expect(matchesFilters(notice(), filters({ minCvss: 9.8 }))).toBe(true);
    expect(matchesFilters(notice(), filters({ minCvss: 9.9 }))).toBe(false);
    expect(matchesFilters(notice({ vuln: { cvss: null } }), filters({ minCvss: 0 }))).toBe(false);
    expect(matchesFilters(notice(), filters({ inventoryIds: ['ivt_other'] }))).toBe(false);
    expect(matchesFilters(notice(), filters({ inventoryIds: ['ivt_other', 'ivt_pumps'] }))).toBe(true);
  });
});

describe('exposure messages', () => {
  it('labels the e-mail with the most restrictive TLP and keeps the given order', () => {
    const second = notice({
      exposureId: 'exp_2',
      tlp: 'AMBER',
      action: { text: 'Replace <Gateway> & reboot', url: null, fixedVersion: null },
      webPath: '/exposures/exp_2',
    });
    const mail = renderExposureMail({
      orgName: 'Rural Hospital',
      notices: [notice(), second],
      publicUrl: 'https://ch.example',
    });
    expect(mail.subject).toBe('[TLP:AMBER] 2 new exposures: update Acme Infusion Pump firmware to 4.2.1 …');
    expect(mail.text.split('\n')[0]).toMatch(/^TLP:AMBER /);
    expect(mail.text.indexOf('[TLP:CLEAR] Update Acme')).toBeLessThan(
      mail.text.indexOf('[TLP:AMBER] Replace'),
    );
    expect(mail.text).toContain('https://ch.example/exposures/exp_2');
    expect(mail.html).toContain('Replace &#60;Gateway&#62; &#38; reboot');
    expect(mail.html).not.toContain('<Gateway>');
  });

  it('words a single notice and a digest', () => {
    const one = renderExposureMail({ orgName: 'O', notices: [notice()], publicUrl: 'https://ch.example' });
    expect(one.subject).toBe('[TLP:CLEAR] New exposure: update Acme Infusion Pump firmware to 4.2.1');
    const digest = renderExposureMail({ orgName: 'O', notices: [notice()], publicUrl: 'x', digest: true });
    expect(digest.subject).toMatch(/^\[TLP:CLEAR\] Daily digest, 1 exposure: /);
  });

  it.each([
    'javascript:alert(document.domain)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    '/relative/patch',
  ])('shows a fix URL that is not http(s) as text, never as a link: %s', (url) => {
    const mail = renderExposureMail({
      orgName: 'O',
      notices: [notice({ action: { text: 'Update', url, fixedVersion: null } })],
      publicUrl: 'https://ch.example',
    });
    const hrefs = [...mail.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([
      'https://ch.example/exposures/exp_1',
      'https://ch.example/exposures',
      'https://ch.example/settings/notifications',
    ]);
    expect(mail.html).toContain(`Fix: ${escapeHtml(url)}<br>`);
  });

  it('links http and https fix URLs', () => {
    for (const url of ['https://acme.example/psirt?a=1&b=2', 'http://acme.example/fix']) {
      const mail = renderExposureMail({
        orgName: 'O',
        notices: [notice({ action: { text: 'Update', url, fixedVersion: null } })],
        publicUrl: 'https://ch.example',
      });
      expect(mail.html).toContain(`Fix: <a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`);
    }
    expect(isWebUrl('https://acme.example/')).toBe(true);
    expect(isWebUrl('not a url')).toBe(false);
  });

  it('puts the label on inbox notices and links to the exposure', () => {
    const n = renderInboxNotice(notice({ tlp: 'AMBER+STRICT' }));
    expect(n.title).toBe('[TLP:AMBER+STRICT] Update Acme Infusion Pump firmware to 4.2.1');
    expect(n.body).toMatch(/^TLP:AMBER\+STRICT\. CVE-2026-1234/);
    expect(n.link).toBe('/exposures/exp_1');
  });
});

describe('delivery timing', () => {
  it('backs off from about 30 s, doubling, capped at an hour', () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(1, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, () => 1)).toBe(36_000);
    expect(retryDelayMs(2, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(20, () => 1)).toBe(RETRY_CAP_MS);
  });
  it('puts digest entries in the next digest at the configured hour', () => {
    expect(nextDigest(new Date('2026-11-27T06:59:59Z'), 7)).toEqual({
      at: new Date('2026-11-27T07:00:00Z'),
      day: '2026-11-27',
    });
    expect(nextDigest(new Date('2026-11-27T07:00:00Z'), 7).day).toBe('2026-11-28');
    expect(nextDigest(new Date('2026-12-31T23:00:00Z'), 0).at.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('ids derived from a job', () => {
  it('are the same for the same job and key, look like other ids and sort by the job', () => {
    const job = newId('job');
    const id = derivedId('webhookDelivery', job, 'exposures:webhook:whk_1');
    expect(id).toBe(derivedId('webhookDelivery', job, 'exposures:webhook:whk_1'));
    expect(isIdOf('webhookDelivery', id)).toBe(true);
    expect(id.slice(4, 14)).toBe(job.slice(4, 14));
    expect(derivedId('webhookDelivery', job, 'exposures:webhook:whk_2')).not.toBe(id);
    expect(derivedId('webhookDelivery', newId('job'), 'exposures:webhook:whk_1')).not.toBe(id);
    expect(derivedId('notification', job, 'exposures:webhook:whk_1').slice(4)).not.toBe(id.slice(4));
    // A job id that is not a ULID still gives a stable, well-formed id.
    const odd = derivedId('notification', 'job-42', 'k');
    expect(odd).toBe(derivedId('notification', 'job-42', 'k'));
    expect(isIdOf('notification', odd)).toBe(true);
  });
});
