import { describe, expect, it } from 'vitest';
import {
  contentPath,
  describePath,
  fieldId,
  fieldIdCandidates,
  fieldKeyOf,
} from '../../src/features/advisories/advisory-paths';

describe('where a problem with an advisory is, in words', () => {
  it('names fields of the content by their labels in the editor, counting from 1', () => {
    expect(describePath('title')).toBe('Title');
    expect(describePath('products.2.purl')).toBe('Product 3 › Package URL (purl)');
    expect(describePath('vulnerabilities.0.statuses.1.productKey')).toBe(
      'Vulnerability 1 › Product status 2 › Product',
    );
    expect(describePath('vulnerabilities.1.remediations.0.productKeys.3')).toBe(
      'Vulnerability 2 › Remediation 1 › Products it applies to › item 4',
    );
    expect(describePath('acknowledgments.0.names.1')).toBe('Acknowledgment 1 › Names › item 2');
    expect(describePath('vulnerabilities.0.remediations')).toBe('Vulnerability 1 › Remediations');
  });

  it('reads the paths of a 422 answer, which name the request body', () => {
    expect(describePath('body.content.vulnerabilities.0.cwe')).toBe('Vulnerability 1 › Weakness (CWE)');
    expect(describePath('content')).toBe('Whole advisory');
  });

  it('turns JSON pointers of the CSAF tests into words', () => {
    expect(describePath('/vulnerabilities/0/product_status/known_affected/1')).toBe(
      'Vulnerability 1 (CSAF) › product status › known affected › item 2',
    );
    expect(describePath('/document/tracking/id')).toBe('Document (CSAF) › tracking › id');
    expect(describePath('/')).toBe('Whole document');
  });

  it('leaves paths that are not into the content as they are', () => {
    expect(describePath('CVE-2026-1234')).toBe('CVE-2026-1234');
    expect(describePath('widget-1')).toBe('widget-1');
  });
});

describe('the field a problem is shown at', () => {
  it('drops the request prefix and keeps the row', () => {
    expect(contentPath('body.content.products.0.key')).toBe('products.0.key');
    expect(contentPath(['vulnerabilities', 0, 'title'])).toBe('vulnerabilities.0.title');
    expect(fieldKeyOf(['content', 'vulnerabilities', 0, 'statuses', 1, 'justification'])).toBe(
      'vulnerabilities.0.statuses.1.justification',
    );
  });

  it('shows a problem with one value of a list at the list’s field', () => {
    expect(fieldKeyOf('vulnerabilities.0.remediations.1.productKeys.2')).toBe(
      'vulnerabilities.0.remediations.1.productKeys',
    );
    expect(fieldKeyOf('products.4.modelNumbers.0')).toBe('products.4.modelNumbers');
    // A row of a list of objects is not a value.
    expect(fieldKeyOf('products.4')).toBe('products.4');
  });

  it('makes ids from paths, nearest field first and then the groups around it', () => {
    expect(fieldId('vulnerabilities.0.cvss31')).toBe('advisory-vulnerabilities-0-cvss31');
    expect(fieldIdCandidates('vulnerabilities.0.remediations.1.productKeys.0')).toEqual([
      'advisory-vulnerabilities-0-remediations-1-productKeys',
      'advisory-vulnerabilities-0-remediations-1',
      'advisory-vulnerabilities-0-remediations',
      'advisory-vulnerabilities-0',
      'advisory-vulnerabilities',
    ]);
  });
});
