import { migrate } from '../../store/migrate.ts';
import type { ServiceContext } from '../context.ts';

/** Creates or upgrades the schema; returns the versions of the migrations applied (none when it was current). */
export function migrateSchema({ ctx }: { ctx: ServiceContext }): Promise<number[]> {
  return migrate(ctx.store);
}
