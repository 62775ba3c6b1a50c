import type { UnitOfWork } from '../../db/unit-of-work.js';
import {
  buildChangesCsv,
  buildIndexTxt,
  buildProviderMetadata,
  buildRolieCategoryDocument,
  buildRolieFeed,
  buildRolieServiceDocument,
  buildSecurityTxt,
  CSAF_TLP_FOLDERS,
  hashFileContent,
  type CsafTlpLabel,
} from '../../formats/csaf-provider.js';
import { buildKevCatalog, type KevCatalog, type KevEntryInput } from '../../formats/kev.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { can } from '../../policy/policy.js';
import type { Principal } from '../../policy/principal.js';
import type { SigningKeyring } from '../../signing/keyring.js';
import type { CsafDocumentRecord } from './advisories.repository.js';
import type { PublicationSettings } from './renderings.js';

export type TlpFolder = (typeof CSAF_TLP_FOLDERS)[CsafTlpLabel];
export const TLP_FOLDERS = Object.values(CSAF_TLP_FOLDERS) as TlpFolder[];
const LABEL_OF: Record<TlpFolder, CsafTlpLabel> = {
  white: 'WHITE',
  green: 'GREEN',
  amber: 'AMBER',
  red: 'RED',
};

export interface ServedFile {
  body: string;
  contentType: string;
  /** Public files may be fetched by any site (CORS *); restricted ones are private to the caller. */
  public: boolean;
  lastModified?: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

/**
 * The CSAF trusted provider (CSAF 2.0 §7): provider-metadata.json, security.txt, one folder per
 * TLP label with year folders, index.txt and changes.csv, a ROLIE feed per label with its service
 * and category documents, hashes and signatures beside every document and the public keys.
 * Everything is rendered from released documents only; TLP:WHITE is open to all, other folders
 * show each caller only what the policy lets them read.
 */
export class CsafProviderService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly settings: PublicationSettings,
    private readonly keyring: SigningKeyring,
  ) {}

  private get base(): string {
    return `${this.settings.publicUrl}/.well-known/csaf`;
  }

  feedUrl(folder: TlpFolder): string {
    return `${this.base}/${folder}/csaf-feed-tlp-${folder}.json`;
  }

  private readable(principal: Principal, d: CsafDocumentRecord): boolean {
    return can(principal, 'advisory.read', {
      participation: {
        caseId: d.advisoryId,
        participantOrgIds: d.audience.orgIds,
        participantUserIds: d.audience.userIds,
        restricted: d.tlp === 'RED',
      },
      clientOrgIds: d.audience.clientOrgIds,
      tlp: d.tlp,
      shared: true,
      released: true,
    });
  }

  /** A TLP folder's documents the caller may read; outside WHITE, anonymous callers are asked to sign in. */
  private async documentsIn(principal: Principal, folder: TlpFolder): Promise<CsafDocumentRecord[]> {
    if (folder !== 'white' && principal.kind === 'anonymous')
      throw new AppError('unauthenticated', 'restricted CSAF folder', {
        publicMessage: `TLP:${LABEL_OF[folder]} documents need an API token (Authorization: Bearer …).`,
      });
    const docs = await this.uow.read.advisories.currentDocumentsIn(folder);
    return docs.filter((d) => this.readable(principal, d));
  }

  private provided<T>(build: () => T): T {
    try {
      return build();
    } catch (e) {
      if (e instanceof RangeError)
        throw new AppError('service_unavailable', `CSAF provider misconfigured: ${e.message}`, {
          publicMessage: 'The CSAF provider needs an https public URL (CH_PUBLIC_URL).',
        });
      throw e;
    }
  }

  async providerMetadata(): Promise<ServedFile> {
    const last = (await this.uow.read.advisories.lastPublishedAt()) ?? this.keyring.activeKey().createdAt;
    const metadata = this.provided(() =>
      buildProviderMetadata({
        canonicalUrl: `${this.base}/provider-metadata.json`,
        publisher: {
          category: 'coordinator',
          name: this.settings.publisherName,
          namespace: this.settings.publisherNamespace,
          contact_details: this.settings.contact,
        },
        lastUpdated: last,
        feeds: TLP_FOLDERS.map((folder) => ({
          tlp: LABEL_OF[folder],
          url: this.feedUrl(folder),
          summary: `${this.settings.publisherName} advisories, TLP:${LABEL_OF[folder]}`,
        })),
        directoryUrls: TLP_FOLDERS.map((folder) => `${this.base}/${folder}/`),
        serviceUrls: [`${this.base}/service.json`],
        categoryUrls: [`${this.base}/category-csaf.json`],
        publicKeys: this.keyring
          .publicKeys()
          .map((k) => ({ fingerprint: k.fingerprint, url: `${this.base}/openpgp/${k.fingerprint}.asc` })),
        role: 'csaf_trusted_provider',
        listOnAggregators: true,
        mirrorOnAggregators: true,
      }),
    );
    return {
      body: `${JSON.stringify(metadata, null, 2)}\n`,
      contentType: JSON_TYPE,
      public: true,
      lastModified: last,
    };
  }

  securityTxt(): ServedFile {
    const contact =
      this.settings.contact.includes('@') && !this.settings.contact.includes(':')
        ? `mailto:${this.settings.contact}`
        : this.settings.contact;
    const body = this.provided(() =>
      buildSecurityTxt({
        contact: [contact],
        providerMetadataUrl: `${this.base}/provider-metadata.json`,
        // RFC 9116 asks for less than a year; the file is rendered on each request, so it never goes stale.
        expires: new Date(this.clock.now().getTime() + 180 * 86_400_000),
        canonical: `${this.settings.publicUrl}/.well-known/security.txt`,
        preferredLanguages: ['en'],
        encryption: `${this.base}/openpgp/${this.keyring.activeKey().fingerprint}.asc`,
      }),
    );
    return { body, contentType: TEXT_TYPE, public: true };
  }

  async indexTxt(principal: Principal, folder: TlpFolder): Promise<ServedFile> {
    const docs = await this.documentsIn(principal, folder);
    return {
      body: buildIndexTxt(docs.map((d) => inFolder(d.path))),
      contentType: TEXT_TYPE,
      public: folder === 'white',
    };
  }

  async changesCsv(principal: Principal, folder: TlpFolder): Promise<ServedFile> {
    const docs = await this.documentsIn(principal, folder);
    return {
      body: buildChangesCsv(
        docs.map((d) => ({ path: inFolder(d.path), currentReleaseDate: d.currentReleaseDate })),
      ),
      contentType: 'text/csv; charset=utf-8',
      public: folder === 'white',
    };
  }

  async feed(principal: Principal, folder: TlpFolder): Promise<ServedFile> {
    const docs = await this.documentsIn(principal, folder);
    const updated = docs[0]?.currentReleaseDate ?? this.keyring.activeKey().createdAt;
    const feed = this.provided(() =>
      buildRolieFeed({
        id: `${this.settings.publisherName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-csaf-feed-tlp-${folder}`,
        title: `${this.settings.publisherName} CSAF feed (TLP:${LABEL_OF[folder]})`,
        feedUrl: this.feedUrl(folder),
        updated,
        tlpLabel: LABEL_OF[folder],
        entries: docs.map((d) => {
          const url = `${this.base}/${d.path}`;
          return {
            id: d.trackingId,
            title: d.title,
            link: url,
            published: d.initialReleaseDate,
            updated: d.currentReleaseDate,
            hashUrls: { sha256: `${url}.sha256`, sha512: `${url}.sha512` },
            signatureUrl: `${url}.asc`,
          };
        }),
      }),
    );
    return { body: `${JSON.stringify(feed, null, 2)}\n`, contentType: JSON_TYPE, public: folder === 'white' };
  }

  serviceDocument(): ServedFile {
    const doc = this.provided(() =>
      buildRolieServiceDocument({
        baseUrl: `${this.base}/`,
        feeds: TLP_FOLDERS.map((folder) => ({
          title: `${this.settings.publisherName} CSAF feed (TLP:${LABEL_OF[folder]})`,
          href: this.feedUrl(folder),
          tlpLabel: LABEL_OF[folder],
        })),
      }),
    );
    return { body: `${JSON.stringify(doc, null, 2)}\n`, contentType: JSON_TYPE, public: true };
  }

  categoryDocument(): ServedFile {
    const doc = buildRolieCategoryDocument({ terms: ['csaf', 'security_advisory', 'vex'] });
    return { body: `${JSON.stringify(doc, null, 2)}\n`, contentType: JSON_TYPE, public: true };
  }

  /** A document or one of its companions (.sha256, .sha512, .asc). */
  async file(principal: Principal, folder: TlpFolder, year: string, name: string): Promise<ServedFile> {
    const m = /^([+\-a-z0-9_]+\.json)(\.sha256|\.sha512|\.asc)?$/.exec(name);
    if (!m?.[1]) throw notFound('File');
    // Asked before looking: an anonymous caller cannot tell which restricted documents exist.
    if (folder !== 'white' && principal.kind === 'anonymous')
      throw new AppError('unauthenticated', 'restricted CSAF document', {
        publicMessage: `TLP:${LABEL_OF[folder]} documents need an API token (Authorization: Bearer …).`,
      });
    const path = `${folder}/${year}/${m[1]}`;
    const d = await this.uow.read.advisories.currentDocumentAt(path);
    if (!d) throw notFound('File');
    if (!this.readable(principal, d)) throw notFound('File');
    const common = { public: folder === 'white', lastModified: d.currentReleaseDate };
    const companion = m[2] as '.sha256' | '.sha512' | '.asc' | undefined;
    if (companion === '.sha256')
      return { body: hashFileContent(m[1], d.sha256), contentType: TEXT_TYPE, ...common };
    if (companion === '.sha512')
      return { body: hashFileContent(m[1], d.sha512), contentType: TEXT_TYPE, ...common };
    if (companion === '.asc')
      return { body: d.signature, contentType: 'application/pgp-signature', ...common };
    return { body: d.body, contentType: JSON_TYPE, ...common };
  }

  /**
   * Requirement 14: a server-generated listing of a TLP folder (its files and year folders) or of one
   * year folder (documents and their companions), showing each caller what it may read.
   */
  async listing(principal: Principal, folder: TlpFolder, year?: string): Promise<ServedFile> {
    const docs = await this.documentsIn(principal, folder);
    const title = `/.well-known/csaf/${folder}/${year ? `${year}/` : ''}`;
    const names = year
      ? docs
          .filter((d) => d.path.startsWith(`${folder}/${year}/`))
          .flatMap((d) => {
            const file = d.path.slice(d.path.lastIndexOf('/') + 1);
            return [file, `${file}.asc`, `${file}.sha256`, `${file}.sha512`];
          })
          .sort()
      : [
          'changes.csv',
          `csaf-feed-tlp-${folder}.json`,
          'index.txt',
          ...[...new Set(docs.map((d) => d.path.split('/')[1] ?? ''))]
            .sort()
            .reverse()
            .map((y) => `${y}/`),
        ];
    if (year && names.length === 0) throw notFound('Folder');
    const items = names.map((n) => `<li><a href="${encodeURI(n)}">${escapeHtml(n)}</a></li>`).join('\n');
    const body = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Index of ${title}</title></head>\n<body><h1>Index of ${title}</h1>\n<ul>\n${year ? '<li><a href="../">../</a></li>\n' : ''}${items}\n</ul></body></html>\n`;
    return { body, contentType: 'text/html; charset=utf-8', public: folder === 'white' };
  }

  publicKey(fingerprint: string): ServedFile {
    const key = this.keyring.publicKeys().find((k) => k.fingerprint === fingerprint.toUpperCase());
    if (!key) throw notFound('Key');
    return { body: key.armoredPublicKey, contentType: 'application/pgp-keys', public: true };
  }

  /** CISA's KEV catalog shape: our released, exploited vulnerabilities with a CVE id. */
  async kev(): Promise<KevCatalog> {
    const rows = await this.uow.read.advisories.exploitedCveRecords();
    const entries = rows.flatMap((r) => (r.kev ? [r.kev as KevEntryInput] : []));
    const released = rows[0]?.updatedAt ?? this.clock.now().toISOString();
    return buildKevCatalog({
      title: `${this.settings.publisherName} Catalog of Known Exploited Vulnerabilities`,
      catalogVersion: released.slice(0, 10).replaceAll('-', '.'),
      dateReleased: released,
      entries,
    });
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** index.txt and changes.csv name documents relative to their TLP folder. */
function inFolder(path: string): string {
  return path.slice(path.indexOf('/') + 1);
}
