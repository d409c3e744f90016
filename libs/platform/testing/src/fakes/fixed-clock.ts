/** A clock a test sets and moves: `now()` as the use cases take it. */
export class FixedClock {
  constructor(private at: Date = new Date('2026-03-02T09:00:00Z')) {}
  now = (): Date => new Date(this.at);
  set(at: Date | string): void {
    this.at = new Date(at);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}
