import { Button } from '@trussworks/react-uswds';
import { LiveRegion } from './status-message';

/** The part of a TanStack `useInfiniteQuery` result that cursor-paged lists use. */
interface PagedQuery {
  isSuccess: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * How many items a paged list shows, announced politely as pages arrive:
 * "1 event.", "25 organizations shown (more available) match your search."
 */
export function ResultCount({
  query,
  count,
  singular,
  plural,
  ending = '.',
}: {
  query: PagedQuery;
  count: number;
  singular: string;
  plural: string;
  ending?: string;
}) {
  return (
    <LiveRegion>
      {query.isSuccess && (
        <p className="margin-bottom-0">
          {count === 1 ? `1 ${singular}` : `${count} ${plural}`}
          {query.hasNextPage ? ' shown (more available)' : ''}
          {ending}
        </p>
      )}
    </LiveRegion>
  );
}

/** "Load more" for cursor-paged lists. */
export function LoadMore({ query }: { query: PagedQuery }) {
  if (!query.hasNextPage) return null;
  return (
    <Button
      type="button"
      outline
      disabled={query.isFetchingNextPage}
      onClick={() => {
        void query.fetchNextPage();
      }}
    >
      {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
    </Button>
  );
}
