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
 * How many items a paged list shows, announced politely as pages arrive: "1 event.",
 * "1 organization matches your search.", "50 organizations match your search (more available)."
 * With nothing to show it is only announced: the list's empty state says so on the page.
 */
export function ResultCount({
  query,
  count,
  singular,
  plural,
  searched = false,
}: {
  query: PagedQuery;
  count: number;
  singular: string;
  plural: string;
  /** The list is the result of a search: "… match your search". */
  searched?: boolean;
}) {
  const matching = searched ? (count === 1 ? ' matches your search' : ' match your search') : '';
  return (
    <LiveRegion>
      {query.isSuccess && (
        <p className={count === 0 ? 'usa-sr-only' : 'margin-bottom-0'}>
          {count === 1 ? `1 ${singular}` : `${count} ${plural}`}
          {matching}
          {query.hasNextPage ? ' (more available)' : ''}.
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
