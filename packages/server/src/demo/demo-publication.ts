import type { Container } from '../main.js';
import type { UserPrincipal } from '../policy/principal.js';

/**
 * Publication, acted out: a library flaw found by the AI developer's agent is coordinated with the
 * vendor and released at once as TLP:CLEAR (CSAF, OSV, CVE record, KEV entry), and the infusion-pump
 * case's advisory is approved and waits for its embargo to end.
 */
export async function seedPublicationDemo(
  c: Container,
  people: {
    aiDeveloper: UserPrincipal;
    analyst: UserPrincipal;
    coordinator: UserPrincipal;
    vendor: UserPrincipal;
  },
  pumpCaseId: string,
): Promise<void> {
  const { reports, cases, advisories } = c.services;
  const { aiDeveloper, analyst, coordinator, vendor } = people;
  const vendorOrgId = [...vendor.memberships.keys()][0] ?? '';

  const flaw = await reports.submitReport(
    aiDeveloper,
    {
      title: 'Path traversal in @acme-medical/hl7-bridge lets a sender read files on the gateway',
      description: [
        'The HL7 bridge resolves the `MSH-3` sending application into a log path without normalising it.',
        'A message with `../../etc/passwd` as sending application makes the bridge read and echo that file.',
        '',
        'Found by an autonomous code-audit agent during pre-release testing; reproduced by a person.',
      ].join('\n'),
      affectedProducts: [
        {
          vendor: 'Acme Medical Devices',
          product: '@acme-medical/hl7-bridge',
          versions: '2.0.0 to 2.3.3',
          purl: 'pkg:npm/%40acme-medical/hl7-bridge@2.3.3',
        },
      ],
      suspectedCwe: 'CWE-22',
      discoveryMethod: 'ai_autonomous',
      aiProvenance: {
        modelName: 'Frontier Auditor',
        modelVersion: '0.9-preview',
        developerOrg: 'Frontier Labs',
        harness: 'repository audit agent',
        humanReproduced: true,
      },
      vendorContacted: true,
      publiclyKnown: true,
      exploitedInWild: true,
      sectors: ['healthcare'],
      requestedTlp: 'CLEAR',
      credit: { preference: 'name', name: 'Frontier Labs safety team' },
      reporterOrgId: [...aiDeveloper.memberships.keys()][0] ?? null,
    },
    'api',
  );
  await reports.validateReport(analyst, flaw.id, {
    cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N',
    ssvc: {
      exploitation: 'active',
      automatable: 'yes',
      technicalImpact: 'partial',
      missionWellbeing: 'high',
    },
    cwe: 'CWE-22',
    reproductionNotes: 'Reproduced with 2.3.3: the bridge returns /etc/passwd in its NACK message.',
    reproduced: true,
    evidenceAttachmentIds: [],
  });
  await reports.transitionReport(analyst, flaw.id, { to: 'valid' });
  const opened = await cases.openCase(coordinator, {
    title: 'Path traversal in @acme-medical/hl7-bridge',
    summary:
      'The HL7 bridge builds a log path from the message sender; a crafted sender reads any file the bridge can read.',
    reportIds: [flaw.id],
    tlp: 'AMBER',
  });
  const vulnerabilityId = opened.vulnerabilities[0]?.id ?? '';
  await cases.updateVulnerability(coordinator, opened.id, vulnerabilityId, { cveId: 'CVE-2026-40001' });
  await cases.addParticipant(coordinator, opened.id, { organizationId: vendorOrgId, role: 'vendor' });
  const stated = await cases.putStatement(vendor, opened.id, {
    vulnerabilityId,
    product: '@acme-medical/hl7-bridge',
    purl: 'pkg:npm/%40acme-medical/hl7-bridge',
    status: 'fixed',
    statement: 'Version 2.3.4 rejects sending applications that are not plain names.',
    affectedVersions: 'vers:npm/>=2.0.0|<2.3.4',
    fixedVersions: ['2.3.4'],
    patches: [{ url: 'https://acme-medical.example.com/security/hl7-bridge-2.3.4' }],
    shared: true,
  });
  const statementId = stated.statements[0]?.id;
  if (statementId) await cases.approveStatement(coordinator, opened.id, statementId);

  // Exploited in the wild: released at once, no embargo.
  const drafted = await advisories.createDraft(coordinator, {
    caseId: opened.id,
    profile: 'csaf_security_advisory',
  });
  const labelled = await advisories.update(coordinator, drafted.id, {
    content: {
      ...drafted.content,
      tlp: 'CLEAR',
      details:
        'Update to 2.3.4. Until then, drop HL7 messages from senders you do not know at the interface engine.',
      references: [
        {
          url: 'https://acme-medical.example.com/security/hl7-bridge-2.3.4',
          summary: 'Acme Medical Devices security notice',
          category: 'external',
        },
      ],
    },
    summary: 'Labelled TLP:CLEAR for release; vendor notice linked.',
    revision: drafted.revision,
  });
  const approved = await advisories.transition(coordinator, labelled.id, {
    action: 'approve',
    revision: labelled.revision,
  });
  await advisories.releaseNow(coordinator, approved.id, {});

  // The pump case: its advisory is approved and scheduled for the embargo's end.
  const pump = await advisories.createDraft(coordinator, {
    caseId: pumpCaseId,
    profile: 'csaf_security_advisory',
  });
  const shared = await advisories.transition(coordinator, pump.id, {
    action: 'share',
    revision: pump.revision,
  });
  await advisories.transition(coordinator, shared.id, { action: 'approve', revision: shared.revision });
}
