// Deterministic demo data: a realistic SaaS company's accounts, subscription periods and FX rates.
export { generateDemo, DEMO_MONTHS, type DemoOptions } from './generate.ts';
export { CSMS, PLANS, type Csm, type Plan, type DemoCurrency, type Billing } from './catalog.ts';
export { createRandom, type Random } from './random.ts';
export type * from './types.ts';
