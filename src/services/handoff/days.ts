// Calendar arithmetic on YYYY-MM-DD days (UTC).
import { formatDay, parseDay } from '../../core/period.ts';

export const addDays = (day: string, n: number): string => formatDay(parseDay(day) + n);
