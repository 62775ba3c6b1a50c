// Typings for the two documented entry points of @secvisogram/csaf-validator-lib used by csaf-validate.ts.
// The library is plain JavaScript and ships no declarations; these follow its README (API, Interfaces).

declare module '@secvisogram/csaf-validator-lib/validate.js' {
  /** One message of a test: what is wrong and the JSON pointer of the value concerned. */
  export interface ValidatorMessage {
    readonly message: string;
    readonly instancePath: string;
    /**
     * Set on the schema tests' messages only, which are Ajv errors passed through: the failing keyword
     * and its parameters (for example `{ additionalProperty: 'x' }`). Not part of the documented interface.
     */
    readonly keyword?: unknown;
    readonly params?: unknown;
  }

  /** A document test; its function name is its identifier (`csaf_2_0_strict`, `mandatoryTest_6_1_27_3`). */
  export type DocumentTest = ((doc: unknown) => unknown) & { readonly name: string };

  /**
   * Runs the given tests on the document and reports each one's result. Unlike `validateStrict.js`, it does
   * not check that the tests are the library's own: the caller must pass only those.
   */
  export default function validate(
    tests: readonly DocumentTest[],
    doc: unknown,
  ): Promise<{
    readonly isValid: boolean;
    readonly tests: readonly {
      readonly name: string;
      readonly isValid: boolean;
      readonly errors: readonly ValidatorMessage[];
      readonly warnings: readonly ValidatorMessage[];
      readonly infos: readonly ValidatorMessage[];
    }[];
  }>;
}

/** The CSAF 2.0 "basic" preset: the strict schema test and every mandatory test except 6.1.8 (in the schema). */
declare module '@secvisogram/csaf-validator-lib/basic.js' {
  import type { DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';

  export const csaf_2_0_strict: DocumentTest;
  export const mandatoryTest_6_1_1: DocumentTest;
  export const mandatoryTest_6_1_2: DocumentTest;
  export const mandatoryTest_6_1_3: DocumentTest;
  export const mandatoryTest_6_1_4: DocumentTest;
  export const mandatoryTest_6_1_5: DocumentTest;
  export const mandatoryTest_6_1_6: DocumentTest;
  export const mandatoryTest_6_1_7: DocumentTest;
  export const mandatoryTest_6_1_9: DocumentTest;
  export const mandatoryTest_6_1_10: DocumentTest;
  export const mandatoryTest_6_1_11: DocumentTest;
  export const mandatoryTest_6_1_12: DocumentTest;
  export const mandatoryTest_6_1_13: DocumentTest;
  export const mandatoryTest_6_1_14: DocumentTest;
  export const mandatoryTest_6_1_15: DocumentTest;
  export const mandatoryTest_6_1_16: DocumentTest;
  export const mandatoryTest_6_1_17: DocumentTest;
  export const mandatoryTest_6_1_18: DocumentTest;
  export const mandatoryTest_6_1_19: DocumentTest;
  export const mandatoryTest_6_1_20: DocumentTest;
  export const mandatoryTest_6_1_21: DocumentTest;
  export const mandatoryTest_6_1_22: DocumentTest;
  export const mandatoryTest_6_1_23: DocumentTest;
  export const mandatoryTest_6_1_24: DocumentTest;
  export const mandatoryTest_6_1_25: DocumentTest;
  export const mandatoryTest_6_1_26: DocumentTest;
  export const mandatoryTest_6_1_27_1: DocumentTest;
  export const mandatoryTest_6_1_27_2: DocumentTest;
  export const mandatoryTest_6_1_27_3: DocumentTest;
  export const mandatoryTest_6_1_27_4: DocumentTest;
  export const mandatoryTest_6_1_27_5: DocumentTest;
  export const mandatoryTest_6_1_27_6: DocumentTest;
  export const mandatoryTest_6_1_27_7: DocumentTest;
  export const mandatoryTest_6_1_27_8: DocumentTest;
  export const mandatoryTest_6_1_27_9: DocumentTest;
  export const mandatoryTest_6_1_27_10: DocumentTest;
  export const mandatoryTest_6_1_27_11: DocumentTest;
  export const mandatoryTest_6_1_28: DocumentTest;
  export const mandatoryTest_6_1_29: DocumentTest;
  export const mandatoryTest_6_1_30: DocumentTest;
  export const mandatoryTest_6_1_31: DocumentTest;
  export const mandatoryTest_6_1_32: DocumentTest;
  export const mandatoryTest_6_1_33: DocumentTest;
}
