import type { Case } from '@clearinghouse/shared';
import { useTimeline } from './cases.api';
import { formatInstantsIn } from '../../app/format';
import { Instant } from '../../components/instant';
import { QueryStates } from '../../components/query-states';

/** Where the server's summary says too little. */
const SUMMARIES: Partial<Record<string, string>> = {
  'case.updated': 'The case’s details were updated',
  'case.file_added': 'A file was shared',
  'case.thread_opened': 'A private thread was opened',
  'case.participant_rejected': 'A proposed vendor was rejected',
  'case.participant_removed': 'A participant was removed',
};

/** What happened in the case, oldest first; coordinators also see who did it. */
export function TimelineSection({ c, routeId }: { c: Case; routeId: string }) {
  const timeline = useTimeline(routeId);
  const items = timeline.data?.items ?? [];
  return (
    <section aria-labelledby="timeline-heading" id="timeline" className="case-section">
      <h2 id="timeline-heading">Timeline</h2>
      <p className="usa-hint">
        {c.canCoordinate
          ? 'Every action in the case, oldest first.'
          : 'The milestones of the case, oldest first.'}
      </p>
      <QueryStates
        query={timeline}
        loadingLabel="Loading the timeline…"
        errorHeading="Could not load the timeline"
        headingLevel="h3"
        isEmpty={items.length === 0}
        emptyTitle="Nothing has happened yet."
      >
        <ol className="case-timeline">
          {items.map((entry, index) => (
            <li key={index}>
              <Instant iso={entry.at} className="case-timeline__time" />
              <span className="case-timeline__summary">
                {SUMMARIES[entry.action] ?? formatInstantsIn(entry.summary)}
                {entry.actor && <span className="text-base"> by {entry.actor}</span>}
              </span>
            </li>
          ))}
        </ol>
      </QueryStates>
    </section>
  );
}
