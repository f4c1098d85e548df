// An ECharts canvas for one option object: created once, updated in place, resized with its box.
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  VisualMapComponent,
  DatasetComponent,
  CanvasRenderer,
]);

export type ChartOption = EChartsCoreOption;

interface ChartProps {
  option: ChartOption;
  height?: number;
  /** A name for tests and assistive technology. */
  label: string;
  onClick?: (params: { name: string; seriesName?: string; dataIndex: number }) => void;
}

/** How many points the option plots, and their sum: lets tests see that data arrived and that it changed. */
export function seriesSummary(option: ChartOption): { points: number; total: number } {
  const series = (option as { series?: { data?: unknown[] }[] }).series ?? [];
  let points = 0;
  let total = 0;
  for (const s of series) {
    for (const d of s.data ?? []) {
      const value = Array.isArray(d) ? (d as unknown[]).at(-1) : d;
      if (typeof value === 'number' && Number.isFinite(value)) {
        points++;
        total += value;
      }
    }
  }
  return { points, total: Math.round(total * 100) / 100 };
}

export function Chart({ option, height = 280, label, onClick }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, null, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => {
      instance.resize();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // People who ask their system for less motion get charts drawn at once.
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    chart.current?.setOption(still ? { ...option, animation: false } : option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onClick) return;
    const handler = (params: unknown) => {
      onClick(params as { name: string; seriesName?: string; dataIndex: number });
    };
    instance.on('click', handler);
    return () => {
      instance.off('click', handler);
    };
  }, [onClick]);

  const summary = seriesSummary(option);
  return (
    <div
      ref={box}
      className="chart"
      role="img"
      aria-label={label}
      data-chart={label}
      data-points={summary.points}
      data-total={summary.total}
      style={{ height }}
    />
  );
}
