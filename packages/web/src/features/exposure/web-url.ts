/**
 * Whether a URL from a source document may become a link: only absolute http(s) URLs. Fix and
 * source URLs come from imported OSV and CSAF documents, whose authors could write `javascript:`
 * or `data:` there; React does not stop such an href.
 */
export function isWebUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
