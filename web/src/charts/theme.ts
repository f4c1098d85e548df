// Colours and shared chart pieces, so every chart reads the same way.
import type { MovementKind } from '../../../src/contract/revenue.ts';

/** Every movement kind, in the order filters list them (a kind the contract adds is a type error here). */
const KIND_ORDER: Record<MovementKind, number> = {
  new: 0,
  expansion: 1,
  contraction: 2,
  churn: 3,
  reactivation: 4,
  fx: 5,
};
export const MOVEMENT_KINDS = (Object.keys(KIND_ORDER) as MovementKind[]).sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);

export const KIND_COLORS: Record<MovementKind, string> = {
  new: '#22a55b',
  expansion: '#3b82f6',
  reactivation: '#8b5cf6',
  contraction: '#f59e0b',
  churn: '#ef4444',
  fx: '#94a3b8',
};

export const KIND_LABELS: Record<MovementKind, string> = {
  new: 'New',
  expansion: 'Expansion',
  reactivation: 'Reactivation',
  contraction: 'Contraction',
  churn: 'Churn',
  fx: 'FX',
};

export const PALETTE = [
  '#4f46e5',
  '#0ea5e9',
  '#22a55b',
  '#f59e0b',
  '#ef4444',
  '#8b5cf6',
  '#14b8a6',
  '#ec4899',
  '#64748b',
];

export const AXIS_STYLE = {
  axisLine: { lineStyle: { color: '#d3d8e2' } },
  axisTick: { show: false },
  axisLabel: { color: '#667085', fontSize: 11 },
  splitLine: { lineStyle: { color: '#eef0f4' } },
};

export const GRID = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };

export const LEGEND = {
  // One line that scrolls when it does not fit (a phone), instead of wrapping over the plot.
  type: 'scroll',
  top: 0,
  left: 0,
  icon: 'roundRect',
  itemWidth: 10,
  itemHeight: 10,
  textStyle: { color: '#475467', fontSize: 12 },
};

export const TOOLTIP = {
  trigger: 'axis',
  backgroundColor: 'rgba(255,255,255,0.97)',
  borderColor: '#e4e7ee',
  textStyle: { color: '#1b2130', fontSize: 12 },
  confine: true,
};

/** Adoption levels: red for customers who get no value, amber for some, green for those who use what they bought. */
export const LEVEL_COLORS: Record<'low' | 'mid' | 'high' | 'unknown', string> = {
  low: '#ef4444',
  mid: '#f59e0b',
  high: '#22a55b',
  unknown: '#94a3b8',
};
