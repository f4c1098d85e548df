// What the demo company sells and to whom: plans and prices, industries, company sizes, countries and the
// customer-success team. Plain constants; the draws that use them live in accounts.ts and lifecycle.ts.

export type DemoCurrency = 'USD' | 'EUR';
export type Billing = 'monthly' | 'annual';

export interface Plan {
  name: string;
  /** Position in the ladder: an upgrade moves to rank + 1. */
  rank: number;
  /** Price per seat per month in minor units: billed monthly, and annual's monthly equivalent (two months free). */
  seatMinor: Readonly<Record<Billing, Readonly<Record<DemoCurrency, number>>>>;
  minSeats: number;
  maxSeats: number;
  /** Share of new customers of each billing kind that choose annual. */
  annualShare: number;
}

export const PLANS: readonly Plan[] = [
  {
    name: 'Starter',
    rank: 0,
    seatMinor: { monthly: { USD: 1500, EUR: 1400 }, annual: { USD: 1250, EUR: 1150 } },
    minSeats: 1,
    maxSeats: 10,
    annualShare: 0.15,
  },
  {
    name: 'Growth',
    rank: 1,
    seatMinor: { monthly: { USD: 3900, EUR: 3600 }, annual: { USD: 3250, EUR: 3000 } },
    minSeats: 3,
    maxSeats: 60,
    annualShare: 0.3,
  },
  {
    name: 'Business',
    rank: 2,
    seatMinor: { monthly: { USD: 7900, EUR: 7200 }, annual: { USD: 6500, EUR: 6000 } },
    minSeats: 10,
    maxSeats: 300,
    annualShare: 0.6,
  },
  {
    name: 'Enterprise',
    rank: 3,
    seatMinor: { monthly: { USD: 12900, EUR: 11900 }, annual: { USD: 10750, EUR: 9900 } },
    minSeats: 25,
    maxSeats: 2000,
    annualShare: 1,
  },
];

export function planByRank(rank: number): Plan {
  const plan = PLANS[Math.max(0, Math.min(PLANS.length - 1, rank))];
  if (!plan) throw new RangeError(`no plan of rank ${rank}`);
  return plan;
}

export interface SizeBand {
  /** The band label the accounts importer derives from employee_count (src/importers/csv/accounts.ts). */
  label: string;
  minEmployees: number;
  maxEmployees: number;
  segment: 'SMB' | 'Mid-Market' | 'Enterprise';
  /** Share of new customers in this band. */
  weight: number;
  /** Plan ranks a new customer of this size starts on, with weights. */
  planRanks: readonly number[];
  planWeights: readonly number[];
  /** Multiplies the monthly churn hazard: small companies churn more. */
  churnFactor: number;
}

export const SIZE_BANDS: readonly SizeBand[] = [
  {
    label: '1-10',
    minEmployees: 2,
    maxEmployees: 10,
    segment: 'SMB',
    weight: 0.16,
    planRanks: [0, 1],
    planWeights: [0.85, 0.15],
    churnFactor: 1.7,
  },
  {
    label: '11-50',
    minEmployees: 11,
    maxEmployees: 50,
    segment: 'SMB',
    weight: 0.31,
    planRanks: [0, 1, 2],
    planWeights: [0.45, 0.5, 0.05],
    churnFactor: 1.3,
  },
  {
    label: '51-200',
    minEmployees: 51,
    maxEmployees: 200,
    segment: 'Mid-Market',
    weight: 0.27,
    planRanks: [1, 2],
    planWeights: [0.7, 0.3],
    churnFactor: 0.9,
  },
  {
    label: '201-1000',
    minEmployees: 201,
    maxEmployees: 1000,
    segment: 'Mid-Market',
    weight: 0.16,
    planRanks: [1, 2, 3],
    planWeights: [0.35, 0.55, 0.1],
    churnFactor: 0.6,
  },
  {
    label: '1001-5000',
    minEmployees: 1001,
    maxEmployees: 5000,
    segment: 'Enterprise',
    weight: 0.08,
    planRanks: [2, 3],
    planWeights: [0.55, 0.45],
    churnFactor: 0.4,
  },
  {
    label: '5001+',
    minEmployees: 5001,
    maxEmployees: 60000,
    segment: 'Enterprise',
    weight: 0.02,
    planRanks: [2, 3],
    planWeights: [0.25, 0.75],
    churnFactor: 0.3,
  },
];

export interface Industry {
  name: string;
  weight: number;
  /** How well the product fits this industry, 0..1: part of the ICP score. */
  fit: number;
  /** Words that end company names in this industry ("Northwind Analytics"). */
  nameEndings: readonly string[];
}

export const INDUSTRIES: readonly Industry[] = [
  { name: 'Software', weight: 0.24, fit: 0.9, nameEndings: ['Software', 'Labs', 'Systems', 'Cloud', 'Data', 'AI'] },
  { name: 'Fintech', weight: 0.12, fit: 0.8, nameEndings: ['Pay', 'Capital', 'Finance', 'Ledger', 'Money'] },
  { name: 'E-commerce', weight: 0.12, fit: 0.75, nameEndings: ['Commerce', 'Goods', 'Market', 'Shop', 'Supply'] },
  { name: 'Healthcare', weight: 0.1, fit: 0.55, nameEndings: ['Health', 'Care', 'Medical', 'Clinics', 'Bio'] },
  { name: 'Marketing', weight: 0.1, fit: 0.65, nameEndings: ['Media', 'Digital', 'Creative', 'Studio', 'Agency'] },
  { name: 'Education', weight: 0.08, fit: 0.4, nameEndings: ['Learning', 'Academy', 'Education', 'Schools'] },
  {
    name: 'Professional Services',
    weight: 0.1,
    fit: 0.45,
    nameEndings: ['Partners', 'Consulting', 'Advisors', 'Group'],
  },
  { name: 'Logistics', weight: 0.07, fit: 0.35, nameEndings: ['Logistics', 'Freight', 'Transport', 'Fleet'] },
  { name: 'Manufacturing', weight: 0.07, fit: 0.3, nameEndings: ['Industries', 'Manufacturing', 'Works', 'Robotics'] },
];

export interface Country {
  code: string;
  name: string;
  currency: DemoCurrency;
  region: 'North America' | 'Europe' | 'APAC';
  weight: number;
  /** Legal forms that end a company name there; '' for none. */
  legalForms: readonly string[];
}

// About a fifth of customers are billed in EUR (the euro-area countries).
export const COUNTRIES: readonly Country[] = [
  {
    code: 'US',
    name: 'United States',
    currency: 'USD',
    region: 'North America',
    weight: 0.56,
    legalForms: ['', '', 'Inc.', 'LLC', 'Corp.'],
  },
  {
    code: 'CA',
    name: 'Canada',
    currency: 'USD',
    region: 'North America',
    weight: 0.07,
    legalForms: ['', 'Inc.', 'Ltd.'],
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    currency: 'USD',
    region: 'Europe',
    weight: 0.08,
    legalForms: ['Ltd', 'Ltd', 'plc'],
  },
  { code: 'AU', name: 'Australia', currency: 'USD', region: 'APAC', weight: 0.05, legalForms: ['Pty Ltd', ''] },
  { code: 'SG', name: 'Singapore', currency: 'USD', region: 'APAC', weight: 0.03, legalForms: ['Pte. Ltd.'] },
  { code: 'DE', name: 'Germany', currency: 'EUR', region: 'Europe', weight: 0.08, legalForms: ['GmbH', 'GmbH', 'AG'] },
  { code: 'FR', name: 'France', currency: 'EUR', region: 'Europe', weight: 0.05, legalForms: ['SAS', 'SA'] },
  { code: 'NL', name: 'Netherlands', currency: 'EUR', region: 'Europe', weight: 0.04, legalForms: ['B.V.'] },
  { code: 'ES', name: 'Spain', currency: 'EUR', region: 'Europe', weight: 0.02, legalForms: ['S.L.'] },
  { code: 'IE', name: 'Ireland', currency: 'EUR', region: 'Europe', weight: 0.02, legalForms: ['Ltd', 'DAC'] },
];

export type Region = Country['region'];
export type Segment = SizeBand['segment'];

export interface Csm {
  name: string;
  email: string;
  /** The book: which region and segment pairs this CSM owns. */
  covers: readonly `${Region}/${Segment}`[];
  /** Multiplies churn hazards in their book: some CSMs retain better than others. */
  churnFactor: number;
}

function csm(name: string, covers: Csm['covers'], churnFactor: number): Csm {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@tenure.example`;
  return { name, email, covers, churnFactor };
}

// Eight CSMs: two pooled North American SMB books, a mid-market pod, enterprise with APAC, and two for Europe.
export const CSMS: readonly Csm[] = [
  csm('Liam Walsh', ['North America/SMB'], 0.9),
  csm('Marcus Johnson', ['North America/SMB'], 1.15),
  csm('Sofia Alvarez', ['North America/Mid-Market'], 0.85),
  csm('Priya Raman', ['North America/Mid-Market'], 1.05),
  csm('Maya Chen', ['North America/Mid-Market', 'North America/Enterprise'], 0.8),
  csm('Daniel Okafor', ['North America/Enterprise', 'APAC/SMB', 'APAC/Mid-Market', 'APAC/Enterprise'], 1),
  csm('Jonas Weber', ['Europe/SMB'], 1.1),
  csm('Camille Laurent', ['Europe/Mid-Market', 'Europe/Enterprise'], 0.9),
];

export const CHANNELS: readonly string[] = ['inbound', 'outbound', 'partner', 'self-serve'];
export const CHANNEL_WEIGHTS: readonly number[] = [0.4, 0.2, 0.1, 0.3];
