/**
 * What every bench module returns to `bench/run.ts`. A module exports an async function (usually
 * `bench()`) that resolves to rows; the harness prints them as one table.
 */

/** One line of the bench table. */
export interface BenchRow {
  /** What was measured, e.g. `funnel any: 1,000,000 stage events`. */
  name: string;
  /**
   * The measured figure as shown, e.g. `212 ms (198-240, 5 runs)`; `skipped: reason` when the case
   * could not run here (not a failure); `CRASH: message` when it threw (the harness then exits 1).
   */
  value: string;
  /** The budget as shown, e.g. `<= 1 s` (DESIGN.md section 6); absent when there is none. */
  budget?: string;
  /** Whether the figure is within the budget; absent for rows without a budget and skipped rows. */
  ok?: boolean;
}

/** The function a bench module exports. */
export type BenchFunction = () => Promise<BenchRow[]>;
