import { Empty } from '../components/States.tsx';
import { Link } from '../components/Link.tsx';

export function NotFound() {
  return (
    <Empty title="Page not found">
      <Link href="/">Back to the revenue overview</Link>
    </Empty>
  );
}
