// The CWE catalogues bundled with @secvisogram/csaf-validator-lib are plain JavaScript without types.

/** CWE 4.17, with its release date and each weakness's status and mapping usage. */
declare module '@secvisogram/csaf-validator-lib/lib/cwec/4.17.js' {
  const catalogue: {
    /** The catalogue's release date, YYYY-MM-DD. */
    readonly date: string;
    readonly weaknesses: readonly {
      readonly id: string;
      readonly name: string;
      readonly status: string;
      readonly usage?: string;
    }[];
  };
  export default catalogue;
}

/** The catalogue the library's CSAF 2.0 test 6.1.11 checks against: ids and names only. */
declare module '@secvisogram/csaf-validator-lib/lib/shared/cwec.js' {
  const catalogue: { readonly weaknesses: readonly { readonly id: string; readonly name: string }[] };
  export default catalogue;
}
