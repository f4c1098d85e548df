// Teams for the scorecard roll-up are managers: `tenure managers import FILE` sets many users' managers at once
// (one by one: `tenure managers set`, or PUT /api/v1/scorecards/managers).
import { csvRows, KeyLines, mapColumns, type ColumnSpecs } from '../../importers/csv/columns.ts';
import { readCsv, type CsvInput } from '../../importers/csv/read.ts';
import { audit } from '../audit.ts';
import { nowOf, withTransaction, type ServiceContext } from '../context.ts';

const MANAGER_COLUMNS = {
  userEmail: { names: ['user_email', 'owner_email'], required: true },
  managerEmail: { names: ['manager_email'], required: true },
} as const satisfies ColumnSpecs<string>;

export interface ManagerImportSummary {
  read: number;
  changed: number;
  unchanged: number;
}

/**
 * user_email,manager_email (an empty manager clears it). All or nothing: an unknown user, a user who would manage
 * themselves or a user named twice is reported as `file:line: field "…"` and nothing is written.
 */
export async function importManagers({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CsvInput;
}): Promise<ManagerImportSummary> {
  const table = await readCsv(input);
  const columns = mapColumns(table, MANAGER_COLUMNS);
  const keys = new KeyLines();
  const parsed = [...csvRows(table, columns)].map((row) => {
    const user = row.required('userEmail').toLowerCase();
    const manager = row.text('managerEmail')?.toLowerCase() ?? null;
    keys.claim(row, user, row.columnName('userEmail'), user);
    if (manager === user) row.fail(row.columnName('managerEmail'), 'someone other than the user', manager);
    return { row, user, manager };
  });
  return withTransaction(ctx, async (t) => {
    const users = await t.tx.query<{ id: number | string; email: string; manager: number | string | null }>(
      `SELECT id, lower(email) AS email, manager_user_id AS manager FROM users`,
    );
    const byEmail = new Map(users.map((u) => [u.email, u]));
    const summary: ManagerImportSummary = { read: parsed.length, changed: 0, unchanged: 0 };
    for (const p of parsed) {
      const user =
        byEmail.get(p.user) ?? p.row.fail(p.row.columnName('userEmail'), 'the email of a Tenure user', p.user);
      const manager =
        p.manager === null
          ? null
          : (byEmail.get(p.manager) ??
            p.row.fail(p.row.columnName('managerEmail'), 'the email of a Tenure user, or empty', p.manager));
      const managerId = manager === null ? null : Number(manager.id);
      if ((user.manager === null ? null : Number(user.manager)) === managerId) {
        summary.unchanged++;
        continue;
      }
      await t.tx.execute(`UPDATE users SET manager_user_id = $2, updated_at = $3 WHERE id = $1`, [
        user.id,
        managerId,
        nowOf(t),
      ]);
      summary.changed++;
    }
    await audit(t.tx, t, 'managers.import', null, { file: table.file, ...summary });
    return summary;
  });
}
