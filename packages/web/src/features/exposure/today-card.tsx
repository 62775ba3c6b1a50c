import { Link } from 'react-router';
import { useExposureList } from './exposure.api';
import { useCurrentOrg } from '../../app/current-org';

/**
 * The home page's first section for operators: how many exposures wait, and the way to them.
 * The first page is enough to say "at least 25".
 */
export function TodayCard() {
  const { current } = useCurrentOrg();
  const orgId = current?.organization.id;
  const list = useExposureList({ orgId, alerting: 'true' }, Boolean(orgId));
  const first = list.data?.pages[0];
  const count = first?.items.length ?? 0;
  const more = Boolean(first?.nextCursor);
  const exploited = first?.items.filter((e) => e.priority.tier === 'exploited').length ?? 0;
  return (
    <section aria-labelledby="today-card-heading" className="usa-summary-box margin-bottom-4">
      <div className="usa-summary-box__body">
        <h2 id="today-card-heading" className="usa-summary-box__heading">
          What to do today
        </h2>
        <div className="usa-summary-box__text">
          <p className="margin-top-0">
            {list.isPending
              ? 'Checking your exposures…'
              : list.isError
                ? 'Your exposures could not be loaded just now.'
                : count === 0
                  ? 'Nothing to do: no open exposures in what you run.'
                  : `${count}${more ? ' or more' : ''} open ${count === 1 ? 'exposure' : 'exposures'}${exploited > 0 ? `, ${exploited} known to be exploited` : ''}.`}
          </p>
          <p className="margin-bottom-0">
            <Link className="usa-summary-box__link" to="/today">
              See what to do today
            </Link>
            {' · '}
            <Link className="usa-summary-box__link" to="/inventories">
              Your inventories
            </Link>
          </p>
        </div>
      </div>
    </section>
  );
}
