import { TextField } from '../../components/form-fields';

const EXAMPLES = {
  cvss31: 'For example CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H. The server computes the score.',
  cvss40: 'For example CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
};

/** A CVSS vector of one version, typed as it is written; the server checks and scores it. */
export function CvssVectorField({
  version,
  id,
  label,
  value,
  error,
  onChange,
}: {
  version: keyof typeof EXAMPLES;
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      id={id}
      label={label}
      hint={EXAMPLES[version]}
      value={value}
      maxLength={300}
      spellCheck={false}
      autoComplete="off"
      error={error}
      onChange={(event) => {
        onChange(event.target.value);
      }}
    />
  );
}
