/**
 * A steady stream of citizen actions at a fixed arrival rate (open loop: a
 * slow app does not slow the arrivals down, as with real citizens), drawn
 * from a weighted mix. Every action's outcome is kept with its start and end
 * time, so a drill can ask what happened before, during and after a fault.
 */

export interface Outcome {
  /** HTTP status (0 network error, -1 client timeout). */
  status: number;
  /** The app acknowledged a write (2xx, or the journey's success redirect). */
  acknowledged: boolean;
  /** Database key of an acknowledged write. */
  id: string | null;
  error?: string;
}

export interface Action {
  kind: string;
  weight: number;
  run(): Promise<Outcome>;
}

export interface Sample {
  kind: string;
  startedAt: number;
  endedAt: number;
  outcome: Outcome;
}

export class Stream {
  readonly records: Sample[] = [];
  /** Arrivals dropped because `maxInFlight` actions were still running (reported: it means the app fell behind). */
  skipped = 0;
  private inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private readonly total: number;

  constructor(
    private readonly actions: Action[],
    private readonly ratePerSecond: number,
    private readonly maxInFlight = 200,
  ) {
    this.total = actions.reduce((sum, a) => sum + a.weight, 0);
  }

  private pick(): Action {
    let r = Math.random() * this.total;
    for (const action of this.actions) {
      r -= action.weight;
      if (r < 0) return action;
    }
    return this.actions[this.actions.length - 1] as Action;
  }

  private fire(): void {
    if (this.inFlight.size >= this.maxInFlight) {
      this.skipped++;
      return;
    }
    const action = this.pick();
    const startedAt = Date.now();
    const task: Promise<void> = action
      .run()
      .catch((error: unknown): Outcome => ({ status: 0, acknowledged: false, id: null, error: error instanceof Error ? error.message : String(error) }))
      .then((outcome) => {
        this.records.push({ kind: action.kind, startedAt, endedAt: Date.now(), outcome });
      })
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  start(): void {
    const interval = 1000 / this.ratePerSecond;
    let next = Date.now();
    const tick = () => {
      const now = Date.now();
      while (next <= now) {
        this.fire();
        next += interval;
      }
      this.timer = setTimeout(tick, Math.max(1, next - Date.now()));
    };
    tick();
  }

  /** Stops the arrivals; resolves when every running action has ended. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  get running(): number {
    return this.inFlight.size;
  }
}

/** Status counts per kind, e.g. { booking: { '201': 40, '409': 2 } }. */
export function statusesByKind(records: readonly Sample[]): { [kind: string]: { [status: string]: number } } {
  const out: { [kind: string]: { [status: string]: number } } = {};
  for (const r of records) {
    const kind = (out[r.kind] ??= {});
    kind[String(r.outcome.status)] = (kind[String(r.outcome.status)] ?? 0) + 1;
  }
  return out;
}
