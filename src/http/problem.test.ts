import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreError } from '../store/types.ts';
import { problemFromError } from './problem.ts';

describe('problemFromError', () => {
  it('answers a value the store refuses (SQLSTATE class 22) as 422, any other store failure as 500', () => {
    const refused = problemFromError(new StoreError('bigint out of range', { code: '22003' }));
    assert.equal(refused.status, 422);
    assert.equal(refused.detail, 'The store refused a value of this input: bigint out of range.');
    assert.equal(problemFromError(new StoreError('could not serialize', { code: '40001' })).status, 500);
    assert.equal(problemFromError(new Error('boom')).status, 500);
  });
});
