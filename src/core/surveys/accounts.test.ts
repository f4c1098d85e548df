import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountCategory, accountNps, arrWeightedNps, latestPerPerson, retentionByCategory } from './accounts.ts';

const answer = (accountId: number, person: string, score: number, day: string) => ({
  accountId,
  person,
  score,
  respondedAt: `${day}T09:00:00.000Z`,
});

describe('answers per account', () => {
  it("takes each person's latest answer, then the account's NPS and category", () => {
    const answers = [
      answer(1, 'user:a', 2, '2026-01-01'),
      answer(1, 'user:a', 10, '2026-02-01'), // a's latest: promoter
      answer(1, 'user:b', 8, '2026-01-15'),
      answer(1, 'user:c', 5, '2026-01-20'),
      answer(2, 'user:a', 3, '2026-01-10'), // the same user id in another account is another person
    ];
    assert.equal(latestPerPerson(answers).length, 4);
    const byAccount = accountNps(answers);
    const one = byAccount.get(1);
    assert.deepEqual([one?.responses, one?.promoters, one?.passives, one?.detractors, one?.nps], [3, 1, 1, 1, 0]);
    assert.equal(one?.category, 'passive');
    assert.equal(byAccount.get(2)?.category, 'detractor');
    assert.deepEqual(
      [accountCategory(0.1), accountCategory(-5), accountCategory(0)],
      ['promoter', 'detractor', 'passive'],
    );
  });

  it('weights account NPS by ARR, leaving out accounts not paying', () => {
    const accounts = accountNps([
      answer(1, 'user:a', 10, '2026-01-01'), // NPS 100
      answer(2, 'user:b', 0, '2026-01-01'), // NPS −100
      answer(3, 'user:c', 0, '2026-01-01'), // not paying: no weight
    ]);
    const arr = new Map([
      [1, 300_000],
      [2, 100_000],
    ]);
    const result = arrWeightedNps(accounts, (id) => arr.get(id) ?? 0);
    // (100 · 300 000 − 100 · 100 000) ÷ 400 000 = 50; the plain mean of the two is 0
    assert.deepEqual(result, { accounts: 2, arrMinor: 400_000, nps: 50, accountMeanNps: 0 });
  });
});

describe('retention by NPS category', () => {
  it('computes NRR, GRR, logo churn and expansion per category of accounts paying at the start', () => {
    const rows = retentionByCategory([
      { category: 'promoter', startMrrMinor: 1000, endMrrMinor: 1500 },
      { category: 'promoter', startMrrMinor: 1000, endMrrMinor: 1000 },
      { category: 'detractor', startMrrMinor: 1000, endMrrMinor: 0 },
      { category: 'detractor', startMrrMinor: 1000, endMrrMinor: 800 },
      { category: null, startMrrMinor: 500, endMrrMinor: 500 },
      { category: 'passive', startMrrMinor: 0, endMrrMinor: 700 }, // not paying at the start: in no row
    ]);
    const by = Object.fromEntries(rows.map((r) => [r.category, r]));
    assert.deepEqual(
      [by.promoter?.accounts, by.promoter?.nrr, by.promoter?.grr, by.promoter?.expansionRate, by.promoter?.expanded],
      [2, 1.25, 1, 0.25, 1],
    );
    assert.deepEqual(
      [by.detractor?.nrr, by.detractor?.grr, by.detractor?.logoChurnRate, by.detractor?.churned],
      [0.4, 0.4, 0.5, 1],
    );
    assert.deepEqual([by.passive?.accounts, by.passive?.nrr], [0, null]);
    assert.deepEqual([by.unsurveyed?.accounts, by.all?.accounts, by.all?.startArrMinor], [1, 5, 54_000]);
  });
});
