import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signToken, verifyToken } from './signed-links.ts';

describe('signed links', () => {
  const grant = { purpose: 'survey', subject: '42', expiresAt: new Date('2026-04-01T00:00:00Z') };
  const before = new Date('2026-03-01T00:00:00Z');

  it('verifies its own token until it expires, for its purpose only', () => {
    const token = signToken('s3cret', grant);
    assert.match(token, /^[\w-]+\.[\w-]+$/);
    assert.deepEqual(verifyToken('s3cret', 'survey', token, before), {
      ok: true,
      subject: '42',
      expiresAt: grant.expiresAt,
    });
    assert.deepEqual(verifyToken('s3cret', 'report', token, before), { ok: false, reason: 'invalid' });
    assert.deepEqual(verifyToken('s3cret', 'survey', token, grant.expiresAt), {
      ok: false,
      reason: 'expired',
      subject: '42',
      expiresAt: grant.expiresAt,
    });
  });

  it('refuses a token signed with another secret, edited, or malformed', () => {
    const token = signToken('s3cret', grant);
    assert.equal(verifyToken('other', 'survey', token, before).ok, false);
    const [body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ p: 'survey', s: '43', e: 1_900_000_000 })).toString('base64url');
    assert.deepEqual(verifyToken('s3cret', 'survey', `${forged}.${mac}`, before), { ok: false, reason: 'invalid' });
    for (const bad of ['', '.', 'x', `${body}.`, `${body}.${mac}.x`, `${body}.AAAA`]) {
      assert.deepEqual(verifyToken('s3cret', 'survey', bad, before), { ok: false, reason: 'invalid' }, bad);
    }
  });
});
