import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { featureKeysFor, includedInPlan, type FeatureDefinition } from './catalog.ts';

const feature = (key: string, event: string, propertyFilter = {}, plans: string[] = []): FeatureDefinition => ({
  key,
  name: key,
  module: 'm',
  event,
  propertyFilter,
  plans,
  milestoneDays: null,
});

describe('featureKeysFor', () => {
  const catalog = [
    feature('report_created', 'Report Created'),
    feature('export_csv', 'Report Exported', { format: 'csv' }),
    feature('export_pdf', 'Report Exported', { format: 'pdf' }),
  ];
  it('matches by event name and by every property of the filter', () => {
    assert.deepEqual(featureKeysFor(catalog, { name: 'Report Created', properties: {} }), ['report_created']);
    assert.deepEqual(featureKeysFor(catalog, { name: 'Report Exported', properties: { format: 'pdf' } }), [
      'export_pdf',
    ]);
  });
  it('rolls an unmatched event up under its name for review', () => {
    assert.deepEqual(featureKeysFor(catalog, { name: 'Report Exported', properties: { format: 'xls' } }), [
      'event:Report Exported',
    ]);
    assert.deepEqual(featureKeysFor([], { name: 'Login', properties: {} }), ['event:Login']);
  });
  it('treats an empty plan list as every plan', () => {
    assert.equal(includedInPlan(feature('a', 'A'), null), true);
    assert.equal(includedInPlan(feature('a', 'A', {}, ['Pro']), 'Starter'), false);
    assert.equal(includedInPlan(feature('a', 'A', {}, ['Pro']), 'Pro'), true);
  });
});
