/** Reports progress of long work; the CLI draws a bar on a TTY, everything else passes `silentProgress`. */
export interface Progress {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, update() {}, stop() {} };
