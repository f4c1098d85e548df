// Which catalog features a usage event counts for: same event name, and every property in the feature's
// filter equal to the event's. An event no feature matches rolls up as 'event:<name>' (listed for review).

export interface FeatureDefinition {
  key: string;
  name: string;
  module: string;
  event: string;
  propertyFilter: Record<string, string | number | boolean>;
  /** Plans that include the feature; empty means every plan. */
  plans: readonly string[];
  milestoneDays: 30 | 90 | null;
}

export const UNCATALOGED_PREFIX = 'event:';

export function featureKeysFor(
  catalog: readonly FeatureDefinition[],
  event: { name: string; properties: Readonly<Record<string, unknown>> },
): string[] {
  const keys = catalog
    .filter((f) => f.event === event.name)
    .filter((f) => Object.entries(f.propertyFilter).every(([prop, value]) => event.properties[prop] === value))
    .map((f) => f.key);
  return keys.length > 0 ? keys : [`${UNCATALOGED_PREFIX}${event.name}`];
}

export function includedInPlan(feature: FeatureDefinition, plan: string | null): boolean {
  return feature.plans.length === 0 || (plan !== null && feature.plans.includes(plan));
}
