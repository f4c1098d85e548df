// Sending a survey to its audience now: one invitation per eligible person (throttling and sampling applied),
// by email (a `survey.send` job per invitation: nodemailer over TENURE_SMTP_URL, failures kept on the
// invitation) or as signed links handed back to be shared by hand.
import type { SendChannel, SendInputBody, SendResultView } from '../../contract/surveys-admin.ts';
import { eligibility, surveyIsLive } from '../../core/surveys/eligibility.ts';
import { surveyStrings } from '../../core/surveys/strings.ts';
import {
  insertInvitations,
  markSendError,
  markSent,
  readInvitation,
  readSurveys,
  type SurveyRow,
} from '../../store/survey-channels.ts';
import { audit } from '../audit.ts';
import { db, withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { enqueueJob } from '../jobs/jobs.ts';
import { sendMail } from '../mail.ts';
import { publicLink, signLink } from '../signed-links.ts';
import { audienceContactsOf, historiesOf } from './audience.ts';
import { audienceOf, surveyRow } from './definitions.ts';
import { LINK_DAYS, SURVEY_LINK_PURPOSE } from './link.ts';

export const SEND_JOB = 'survey.send';
export const SEND_ATTEMPTS = 5;
const DAY_MS = 86_400_000;

/** The hosted link of an invitation, valid until `expiresAt`. */
export async function invitationLink(ctx: ServiceContext, invitationId: number, expiresAt: Date): Promise<string> {
  const token = await signLink(ctx, { purpose: SURVEY_LINK_PURPOSE, subject: String(invitationId), expiresAt });
  return publicLink(ctx, `/s/${token}`);
}

function refuseNotLive(survey: SurveyRow, now: Date) {
  const live = surveyIsLive(survey, now);
  if (live.eligible) return;
  const why = {
    closed: 'it is closed',
    before_wave: `its wave starts on ${survey.startsOn}`,
    after_wave: `its wave ended on ${survey.endsOn}`,
  } as Record<string, string>;
  throw new UsageError(`Survey "${survey.name}" asks no one now: ${why[live.reason] ?? live.reason}.`);
}

export async function sendSurvey({
  ctx,
  id,
  input = {},
}: {
  ctx: ServiceContext;
  id: number;
  input?: SendInputBody;
}): Promise<SendResultView> {
  const channel: SendChannel = input.channel ?? 'email';
  const survey = await surveyRow(ctx, id);
  const now = ctx.now();
  refuseNotLive(survey, now);
  if (survey.question === null) {
    throw new UsageError(`Survey "${survey.name}" has no question yet (it came from imported answers): set one first.`);
  }
  if (channel === 'email' && !ctx.config.smtp.url) {
    throw new UsageError(
      'Email needs an SMTP server: set TENURE_SMTP_URL (and TENURE_SMTP_FROM), or send --channel link.',
    );
  }
  const people = await audienceContactsOf(ctx, audienceOf(survey));
  const histories = await historiesOf(ctx, people);
  let throttled = 0;
  let notSampled = 0;
  const chosen = people.filter((p) => {
    const verdict = eligibility(survey, p.key, histories.get(p.key) ?? emptyHistory, now);
    if (!verdict.eligible && verdict.reason === 'throttled') throttled++;
    if (!verdict.eligible && verdict.reason === 'not_sampled') notSampled++;
    return verdict.eligible;
  });
  const invited = chosen.slice(0, input.limit ?? chosen.length);
  const expiresAt = new Date(now.getTime() + LINK_DAYS * DAY_MS);
  const ids = await withTransaction(ctx, async (tx) => {
    const created = await insertInvitations(
      tx.tx,
      invited.map((p) => ({
        surveyId: survey.id,
        channel,
        accountId: p.accountId,
        contactId: p.contactId,
        email: p.email,
        userId: null,
        state: channel === 'email' ? 'queued' : 'sent',
        sentAt: channel === 'email' ? null : now,
        expiresAt,
      })),
      now,
    );
    if (channel === 'email') {
      for (const invitationId of created) {
        await enqueueJob(
          { store: tx.tx, now: () => ctx.now() },
          {
            kind: SEND_JOB,
            payload: { invitationId },
            maxAttempts: SEND_ATTEMPTS,
            uniqueKey: `survey-invitation:${invitationId}`,
          },
          { tx: tx.tx },
        );
      }
    }
    await audit(tx.tx, ctx, 'survey.send', `survey:${survey.id}`, {
      channel,
      invited: created.length,
      throttled,
      notSampled,
    });
    return created;
  });
  const links = [];
  if (channel === 'link') {
    for (const [i, invitationId] of ids.entries()) {
      links.push({
        invitationId,
        email: invited[i]?.email ?? '',
        url: await invitationLink(ctx, invitationId, expiresAt),
      });
    }
  }
  return { surveyId: survey.id, channel, audience: people.length, invited: ids.length, throttled, notSampled, links };
}

const emptyHistory = { lastAnsweredAt: null, lastDismissedAt: null, lastUnansweredAskAt: null };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The mail of one invitation, in the survey's language. */
export function invitationMail(survey: SurveyRow, url: string) {
  const s = surveyStrings(survey.language);
  const question = survey.question ?? survey.name;
  const lang = escapeHtml(survey.language ?? 'en');
  return {
    subject: s.emailSubject,
    text: `${s.emailIntro}\n\n${question}\n\n${s.emailButton}: ${url}\n\n${s.emailFooter}\n`,
    html:
      `<!doctype html><html lang="${lang}"><body style="font-family:sans-serif;line-height:1.5">` +
      `<p>${escapeHtml(s.emailIntro)}</p><p><strong>${escapeHtml(question)}</strong></p>` +
      `<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 16px;background:#1f4fd1;color:#fff;` +
      `text-decoration:none;border-radius:6px">${escapeHtml(s.emailButton)}</a></p>` +
      `<p style="color:#555;font-size:13px">${escapeHtml(s.emailFooter)}</p></body></html>`,
  };
}

/** The `survey.send` job: mails one queued invitation; each failure is kept on it, the last one fails it. */
export async function deliverInvitation(
  ctx: ServiceContext,
  job: { invitationId: number; attempt: number; maxAttempts: number },
): Promise<'sent' | 'skipped'> {
  const invitation = await readInvitation(db(ctx), job.invitationId);
  if (!invitation || invitation.state !== 'queued' || invitation.email === null) return 'skipped';
  const [survey] = await readSurveys(db(ctx), { id: invitation.surveyId });
  if (!survey) return 'skipped';
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + LINK_DAYS * DAY_MS);
  try {
    if (!ctx.config.smtp.url) throw new Error('TENURE_SMTP_URL is not set');
    const url = await invitationLink(ctx, invitation.id, expiresAt);
    await sendMail(ctx, { to: invitation.email, ...invitationMail(survey, url) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await markSendError(db(ctx), invitation.id, message, job.attempt >= job.maxAttempts, ctx.now());
    throw error;
  }
  await markSent(db(ctx), invitation.id, now, expiresAt);
  return 'sent';
}
