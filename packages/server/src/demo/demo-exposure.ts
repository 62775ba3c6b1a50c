import { Readable } from 'node:stream';
import type { Container } from '../main.js';
import type { UserPrincipal } from '../policy/principal.js';

/**
 * Operator exposure, acted out: Riverside Community Hospital keeps two inventories — the clinical
 * floor as a spreadsheet (no SBOM, as most hospitals) and the interface engine as a CycloneDX SBOM.
 * The released hl7-bridge advisory matches the engine at once; the IT lead acknowledges it. The pump
 * advisory is still under embargo, so nothing about it shows yet: it appears when the embargo ends.
 */
export async function seedExposureDemo(c: Container, operator: UserPrincipal): Promise<void> {
  const { inventories, exposures } = c.services;
  const orgId = [...operator.memberships.keys()][0];
  if (!orgId) return;

  const floor = await inventories.create(operator, {
    name: 'Clinical floor (ICU and wards)',
    description: 'Medical devices and their firmware, kept in the biomedical engineering spreadsheet.',
    orgId,
  });
  await inventories.upload(operator, floor.id, {
    filename: 'biomed-assets.csv',
    contentType: 'text/csv',
    body: Readable.from([
      Buffer.from(
        [
          'vendor,product,version,model number,site,purl',
          // The ICU's biomedical team records the firmware's package URL from the vendor's SBOM…
          'Acme Medical Devices,IP-200 Infusion Pump firmware,4.1.0,IP-200,ICU,pkg:generic/acme-medical/ip-200-firmware@4.1.0',
          // …the ward's row names it only: a name match, waiting under "Needs review".
          'Acme Medical Devices,IP-200 Infusion Pump firmware,4.1.0,IP-200,Ward 3 East,',
          'Globex Health,Vital Signs Monitor VS-9,7.2.4,VS-9,ICU,',
          'Initech,Nurse Call Gateway,3.0.1,NC-300,Ward 3 East,',
        ].join('\n'),
      ),
    ]),
  });

  const engine = await inventories.create(operator, {
    name: 'HL7 interface engine',
    description: 'The integration server between the EHR and the lab, radiology and pharmacy systems.',
    orgId,
  });
  const sbom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    metadata: { component: { type: 'application', name: 'riverside-interface-engine', version: '5.4.0' } },
    components: [
      ['@acme-medical/hl7-bridge', '2.3.1'],
      ['express', '4.21.2'],
      ['lodash', '4.17.21'],
      ['pino', '9.5.0'],
    ].map(([name = '', version = '']) => ({
      type: 'library',
      'bom-ref': `${name}@${version}`,
      name,
      version,
      purl: `pkg:npm/${name.replace('@', '%40')}@${version}`,
    })),
  };
  await inventories.upload(operator, engine.id, {
    filename: 'interface-engine.cdx.json',
    contentType: 'application/json',
    body: Readable.from([Buffer.from(JSON.stringify(sbom))]),
  });

  // The release already queued its matching job; the demo runs it now so the first page is not empty.
  await c.worker.drain();
  const today = await exposures.list(operator, { status: ['open'], alerting: 'true', limit: 10 });
  const first = today.items[0];
  if (first)
    await exposures.changeStatus(operator, first.id, {
      status: 'acknowledged',
      note: 'Interface engine update booked for Thursday night; unknown senders dropped at the firewall meanwhile.',
    });
}
