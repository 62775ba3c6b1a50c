import { Button } from '@trussworks/react-uswds';

/** "Load more" for cursor-paged lists (TanStack `useInfiniteQuery`). */
export function LoadMore({
  hasMore,
  loading,
  onLoadMore,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}) {
  if (!hasMore) return null;
  return (
    <Button type="button" outline disabled={loading} onClick={onLoadMore}>
      {loading ? 'Loading…' : 'Load more'}
    </Button>
  );
}
