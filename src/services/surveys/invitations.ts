// A survey's invitations with their state: sent, answered, dismissed, failed (with the error), expired, queued.
import type { InvitationPageView, InvitationQueryView, InvitationView } from '../../contract/surveys-admin.ts';
import { listInvitationRows, type InvitationRow } from '../../store/survey-channels.ts';
import { db, type ServiceContext } from '../context.ts';
import { surveyRow } from './definitions.ts';

function viewOf(r: InvitationRow, now: Date): InvitationView {
  const expired = r.state === 'sent' && r.expiresAt <= now;
  return {
    id: r.id,
    surveyId: r.surveyId,
    channel: r.channel,
    state: expired ? 'expired' : r.state,
    email: r.email,
    userId: r.userId,
    account: { id: r.accountId, externalId: r.accountExternalId, name: r.accountName },
    error: r.error,
    attempts: r.attempts,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    expiresAt: r.expiresAt.toISOString(),
    respondedAt: r.respondedAt?.toISOString() ?? null,
    score: r.score,
  };
}

export async function listInvitations({
  ctx,
  id,
  query = {},
}: {
  ctx: ServiceContext;
  id: number;
  query?: InvitationQueryView;
}): Promise<InvitationPageView> {
  await surveyRow(ctx, id);
  const now = ctx.now();
  const page = await listInvitationRows(db(ctx), {
    surveyId: id,
    state: query.state ?? null,
    now,
    limit: query.limit ?? 100,
    offset: query.offset ?? 0,
  });
  return { total: page.total, items: page.rows.map((r) => viewOf(r, now)) };
}
