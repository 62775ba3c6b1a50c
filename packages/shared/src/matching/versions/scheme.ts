/** A version ordering for one ecosystem. `compare` returns <0, 0 or >0; it may throw on invalid input. */
export interface VersionScheme {
  readonly name: string;
  compare(a: string, b: string): number;
  isValid(v: string): boolean;
}

export class VersionError extends Error {
  override name = 'VersionError';
}

export function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}
