// Every page of a paginated list, for a CSV export of all matching rows rather than the one page shown.
import { get } from './api.ts';
import type { PageOf as Page } from '../../../src/contract/common.ts';

const PAGE = 1000;
/** A bound so an export of a huge store stays a download, not an afternoon. */
const MAX_ROWS = 100_000;

export async function fetchAll<T>(pathFor: (limit: number, offset: number) => string): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; offset < MAX_ROWS; offset += PAGE) {
    const page = await get<Page<T>>(pathFor(PAGE, offset));
    items.push(...page.items);
    if (items.length >= page.total || page.items.length < PAGE) break;
  }
  return items;
}
