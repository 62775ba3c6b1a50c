import type { ExposureNotice } from '@clearinghouse/shared';

/**
 * What notifications need from the exposure module: the notices that may be sent now for these
 * exposures of this organization. Exposures no longer open, no longer alerting, or whose sources the
 * organization may no longer read are left out.
 */
export interface ExposureNoticeSource {
  notices(orgId: string, exposureIds: readonly string[]): Promise<ExposureNotice[]>;
}
