import { performance } from 'node:perf_hooks';

/**
 * The recent mean of a count that moves up and down (writes waiting for their commit, say): each value is
 * weighted by how long it held, and older time counts less, with time constant `tauMs` (an exponentially
 * weighted moving average in continuous time). O(1) per change, no timer: a count sampled now and then would
 * mostly see the moments between two bursts.
 */
export class DecayingMean {
  private value = 0;
  private mean = 0;
  private at: number;

  constructor(
    private readonly tauMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.at = now();
  }

  /** The count changes by `delta` now. */
  add(delta: number): void {
    this.settle();
    this.value += delta;
  }

  /** The mean as of now. */
  read(): number {
    this.settle();
    return this.mean;
  }

  /** Folds the time since the last change, at the value it held, into the mean. */
  private settle(): void {
    const t = this.now();
    const dt = t - this.at;
    if (dt <= 0) return;
    const kept = Math.exp(-dt / this.tauMs);
    this.mean = this.mean * kept + this.value * (1 - kept);
    this.at = t;
  }
}
