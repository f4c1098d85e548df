// A playbook run's log: counts, and lines people read (skips are grouped by reason, naming the first accounts).
export type LogLevel = 'info' | 'skip' | 'warn';
export interface LogLine {
  level: LogLevel;
  message: string;
}

const NAMED = 10;

export class RunLog {
  matched = 0;
  entered = 0;
  created = 0;
  closed = 0;
  skipped = 0;
  private readonly lines: LogLine[] = [];
  private readonly skips = new Map<string, string[]>();

  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }

  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }

  /** A step not carried out for one account, and why. */
  skip(reason: string, account: string): void {
    this.skipped++;
    const accounts = this.skips.get(reason) ?? [];
    accounts.push(account);
    this.skips.set(reason, accounts);
  }

  toJSON(): LogLine[] {
    const skips = [...this.skips].map(([reason, accounts]) => ({
      level: 'skip' as const,
      message: `${reason}: ${accounts.length} account(s) (${accounts.slice(0, NAMED).join(', ')}${accounts.length > NAMED ? ', …' : ''})`,
    }));
    return [...this.lines, ...skips];
  }
}
