// Every trigger a playbook may name: add a signal with one line here (and its module beside this file).
import { dateReached, segmentEntered } from './accounts.ts';
import { incomingEvent, npsDetractor, renewalWithin } from './customers.ts';
import { churnRiskAbove, healthBand, milestoneLate } from './health.ts';
import { tierEntered } from './tier.ts';
import { referenceCandidate } from './reference.ts';
import type { TriggerModule } from './types.ts';
import { seatUtilization, usageDeclining } from './usage.ts';

export const TRIGGERS: readonly TriggerModule[] = [
  usageDeclining,
  seatUtilization,
  segmentEntered,
  npsDetractor,
  renewalWithin,
  dateReached,
  incomingEvent,
  tierEntered,
  healthBand,
  churnRiskAbove,
  milestoneLate,
  referenceCandidate,
];

export const triggerOf = (signal: string): TriggerModule | undefined => TRIGGERS.find((t) => t.signal === signal);
