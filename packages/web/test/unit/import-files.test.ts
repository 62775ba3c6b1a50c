import { describe, expect, it } from 'vitest';
import { importMediaType, importMediaTypeOf, isImportFile } from '../../src/features/advisories/import-files';

describe('files the advisory import takes', () => {
  it('sends a .zip as a zip and a .json as JSON, whatever the case of the extension', () => {
    expect(importMediaType('bsi-2022-0001.json')).toBe('application/json');
    expect(importMediaType('CSAF.JSON')).toBe('application/json');
    expect(importMediaType('feed.zip')).toBe('application/zip');
    expect(importMediaType('OSV-ALL.Zip')).toBe('application/zip');
  });

  it('takes only .json and .zip files', () => {
    expect(isImportFile('advisory.json')).toBe(true);
    expect(isImportFile('advisories.zip')).toBe(true);
    expect(isImportFile('advisory.json.txt')).toBe(false);
    expect(isImportFile('advisory.xml')).toBe(false);
    expect(isImportFile('zip')).toBe(false);
    expect(importMediaTypeOf('notes.pdf')).toBeUndefined();
  });

  it('is not fooled by a name that only contains the extension', () => {
    expect(importMediaType('archive.zip.json')).toBe('application/json');
    expect(importMediaType('data.json.zip')).toBe('application/zip');
  });
});
