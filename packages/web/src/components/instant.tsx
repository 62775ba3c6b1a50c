import { formatInstant } from '../app/format';

/** An instant as `<time>`: in UTC and in the reader's zone ("2027-01-15 14:30 UTC (09:30 EST)"). */
export function Instant({ iso, className }: { iso: string; className?: string }) {
  return (
    <time dateTime={iso} className={className}>
      {formatInstant(iso)}
    </time>
  );
}
