import type { Container } from '../main.js';
import { buildPrincipal } from '../modules/identity/principals.js';
import { anonymous } from '../policy/principal.js';
import type { UserPrincipal } from '../policy/principal.js';
import { seedPublicationDemo } from './demo-publication.js';
import { seedExposureDemo } from './demo-exposure.js';

const DAY = 86_400_000;

/**
 * The vulnerability pipeline, acted out by the demo people through the real services: reports
 * in every triage state, one validated and coordinated in a case with a vendor statement and
 * an agreed embargo, so the triage queue and the case workspace are alive on first start.
 */
export async function seedCoordinationDemo(c: Container, emails: Record<string, string>): Promise<void> {
  const as = async (key: string): Promise<UserPrincipal> => {
    const email = emails[key];
    const user = email ? await c.uow.read.users.findByEmail(email) : undefined;
    if (!user) throw new Error(`demo user ${key} missing`);
    const memberships = await c.uow.read.users.memberships(user.id);
    // The demo acts for these people directly, as if signed in with two-factor.
    return {
      ...buildPrincipal(user, memberships, { method: 'session', sessionId: 'demo-seed' }, null),
      mfaEnrollmentRequired: false,
    };
  };
  const researcher = await as('researcher');
  const aiDeveloper = await as('aiDeveloper');
  const analyst = await as('analyst');
  const coordinator = await as('coordinator');
  const vendor = await as('vendor');
  const vendorOrgId = [...vendor.memberships.keys()][0] ?? '';
  const { reports, cases } = c.services;

  const pump = {
    vendor: 'Acme Medical Devices',
    product: 'Acme IP-200 Infusion Pump',
    versions: '4.0 to 4.1.x',
    purl: 'pkg:generic/acme-medical/ip-200-firmware@4.1.0',
    cpe: 'cpe:2.3:o:acme_medical:ip-200_firmware:4.1.0:*:*:*:*:*:*:*',
  };
  const credential = await reports.submitReport(
    researcher,
    {
      title: 'Hard-coded service credential in the Acme IP-200 infusion pump web console',
      description: [
        'The maintenance web console of the IP-200 firmware accepts a fixed service account whose password is',
        'compiled into the firmware image. Anyone on the clinical network can sign in and change drug-library',
        'limits.',
        '',
        '**Steps**',
        '1. Extract the firmware image (4.1.0) and search the `webui` binary for the `svc_maint` account.',
        '2. Sign in to `https://<pump>/maint` with it.',
        '',
        'Found with an AI code-review agent; reproduced by hand on a lab pump.',
      ].join('\n'),
      affectedProducts: [pump],
      suspectedCwe: 'CWE-798',
      suggestedCvss: 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      discoveryMethod: 'ai_assisted',
      aiProvenance: {
        modelName: 'Sleuth Reviewer',
        modelVersion: '2.1',
        developerOrg: 'Open Security Research Collective',
        harness: 'firmware-review agent',
        humanReproduced: true,
      },
      vendorContacted: false,
      publiclyKnown: false,
      exploitedInWild: false,
      sectors: ['healthcare'],
      requestedTlp: 'AMBER',
      credit: { preference: 'name', name: 'Riley Researcher (OSRC)' },
      reporterOrgId: [...researcher.memberships.keys()][0] ?? null,
    },
    'web',
  );
  await reports.validateReport(analyst, credential.id, {
    cvss31: 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    cvss40: 'CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H',
    ssvc: {
      exploitation: 'public_poc',
      automatable: 'yes',
      technicalImpact: 'total',
      missionWellbeing: 'high',
    },
    cwe: 'CWE-798',
    reproductionNotes: 'Reproduced on the lab IP-200 with firmware 4.1.0: the service account signs in.',
    reproduced: true,
    evidenceAttachmentIds: [],
  });
  await reports.transitionReport(analyst, credential.id, { to: 'valid' });

  const duplicate = await reports.submitReport(
    anonymous(null),
    {
      title: 'IP-200 pump maintenance page has a default password',
      description:
        'The maintenance page of the IP-200 pump lets me in with a password I found in the firmware.',
      affectedProducts: [{ vendor: 'Acme Medical', product: 'IP-200 pump', versions: '4.1' }],
      discoveryMethod: 'manual',
      vendorContacted: false,
      publiclyKnown: false,
      exploitedInWild: false,
      sectors: ['healthcare'],
      requestedTlp: 'AMBER',
      credit: { preference: 'anonymous' },
      contactEmail: 'tipster@example.net',
    },
    'web',
  );
  await reports.transitionReport(analyst, duplicate.id, { to: 'duplicate', duplicateOf: credential.id });

  await reports.submitReport(
    aiDeveloper,
    {
      title: 'Autonomous agent found SQL injection in a county permit portal search',
      description:
        'Our model, run autonomously in a red-team harness, found that the `q` parameter of the permit search is concatenated into SQL. The finding has not yet been reproduced by a person.',
      affectedProducts: [
        {
          vendor: 'CivicSoft',
          product: 'Permit Portal',
          versions: '7.2',
          purl: 'pkg:npm/civicsoft-permit-portal@7.2.0',
        },
      ],
      suspectedCwe: 'CWE-89',
      discoveryMethod: 'ai_autonomous',
      aiProvenance: {
        modelName: 'Frontier-R',
        modelVersion: '0.9-preview',
        developerOrg: 'Frontier Reasoning Labs',
        harness: 'autonomous web red-team harness',
        humanReproduced: false,
      },
      vendorContacted: false,
      publiclyKnown: false,
      exploitedInWild: false,
      sectors: ['government_facilities'],
      requestedTlp: 'AMBER',
      credit: { preference: 'handle', handle: 'frontier-redteam' },
      reporterOrgId: [...aiDeveloper.memberships.keys()][0] ?? null,
    },
    'api',
  );
  const unclear = await reports.submitReport(
    anonymous(null),
    {
      title: 'Water utility SCADA HMI crashes on a long tag name',
      description:
        'Sending a tag name longer than 512 bytes to the HMI web service crashes it. I have not checked more.',
      affectedProducts: [{ vendor: 'Unknown', product: 'SCADA HMI web service', versions: 'unknown' }],
      discoveryMethod: 'tool_assisted',
      vendorContacted: false,
      publiclyKnown: false,
      exploitedInWild: false,
      sectors: ['water'],
      requestedTlp: 'AMBER',
      credit: { preference: 'anonymous' },
    },
    'web',
  );
  await reports.transitionReport(analyst, unclear.id, {
    to: 'needs_info',
    reason: 'Which HMI product and version is this? A crash log or request capture would help.',
  });

  // Coordination: the validated report becomes a case with the vendor in it.
  await cases.addVendorProduct(vendor, vendorOrgId, {
    name: 'IP-200 Infusion Pump firmware',
    purl: 'pkg:generic/acme-medical/ip-200-firmware',
    cpe: 'cpe:2.3:o:acme_medical:ip-200_firmware',
  });
  const opened = await cases.openCase(coordinator, {
    title: 'Acme IP-200 infusion pump: hard-coded maintenance credential',
    summary:
      'A fixed service account in the IP-200 firmware web console allows changing drug-library limits.',
    reportIds: [credential.id],
    tlp: 'AMBER',
  });
  await cases.addParticipant(coordinator, opened.id, { organizationId: vendorOrgId, role: 'vendor' });
  const vulnerabilityId = opened.vulnerabilities[0]?.id ?? '';
  const stated = await cases.putStatement(vendor, opened.id, {
    vulnerabilityId,
    product: 'IP-200 Infusion Pump firmware',
    purl: 'pkg:generic/acme-medical/ip-200-firmware',
    status: 'fixed',
    statement:
      'Firmware 4.2.1 removes the service account; hospitals should update through the Acme service portal.',
    affectedVersions: '>= 4.0, < 4.2.1',
    fixedVersions: ['4.2.1'],
    patches: [{ url: 'https://acme-medical.example.com/support/ip-200/firmware-4.2.1' }],
    shared: true,
  });
  const statementId = stated.statements[0]?.id;
  if (statementId) await cases.approveStatement(coordinator, opened.id, statementId);
  const ends = new Date(c.clock.now().getTime() + 30 * DAY);
  ends.setUTCHours(14, 0, 0, 0);
  const proposed = await cases.proposeEmbargo(coordinator, opened.id, {
    endsAt: ends.toISOString(),
    reason: 'Gives hospitals two patch cycles to install firmware 4.2.1.',
  });
  const embargoId = proposed.embargoes[0]?.id;
  if (embargoId) await cases.answerEmbargo(vendor, opened.id, embargoId, { response: 'accept' });
  const thread = (await cases.listThreads(coordinator, opened.id))[0];
  if (thread) {
    await cases.addPost(
      coordinator,
      opened.id,
      thread.id,
      'Welcome. Please confirm the fixed version and the rollout plan for hospitals.',
    );
    await cases.addPost(
      vendor,
      opened.id,
      thread.id,
      'Confirmed: 4.2.1 is available to all customers through the service portal.',
    );
  }
  await seedPublicationDemo(c, { aiDeveloper, analyst, coordinator, vendor }, opened.id);
  await seedExposureDemo(c, await as('operator'));
}
