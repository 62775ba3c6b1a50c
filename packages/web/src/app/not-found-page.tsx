import { Link } from 'react-router';
import { PageHeading } from '../components/page-heading';

export function NotFoundPage() {
  return (
    <>
      <PageHeading title="Page not found" />
      <p className="usa-intro">
        There is no page at this address. It may have moved, or the link may be mistyped.
      </p>
      <p>
        <Link className="usa-link" to="/">
          Go to the home page
        </Link>
      </p>
    </>
  );
}
