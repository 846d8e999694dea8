import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** value / baseline, when the figure is measured against a baseline from the same run */
  ratio?: number;
  baseline?: { name: string; value: number; unit: string };
  target?: string;
  met?: boolean;
  /** An absolute target kept beside a ratio target, for reference (not what `met` judges). */
  reference?: { target: string; met: boolean };
}

/** Print the figures as a table and write them to bench/results/ (unless `save` is false: a partial run). */
export async function report(
  bench: string,
  figures: Figure[],
  context: Record<string, unknown> = {},
  save = true,
): Promise<void> {
  for (const f of figures) {
    const ratio = f.ratio === undefined ? '' : `  ratio ${f.ratio.toFixed(3)} vs ${f.baseline?.name}`;
    const target = f.target ? `  target ${f.target}: ${f.met ? 'MET' : 'NOT MET'}` : '';
    const reference = f.reference
      ? `  (absolute, for reference: ${f.reference.target}: ${f.reference.met ? 'met' : 'not met'})`
      : '';
    process.stdout.write(
      `${bench}: ${f.name} = ${f.value.toFixed(3)} ${f.unit}${ratio}${target}${reference}\n`,
    );
  }
  if (!save) return;
  await fs.mkdir(resultsDir, { recursive: true });
  const body = JSON.stringify(
    { bench, at: new Date().toISOString(), node: process.version, context, figures },
    null,
    2,
  );
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await fs.writeFile(path.join(resultsDir, `${bench}-${stamp}.json`), body);
  await fs.writeFile(path.join(resultsDir, `${bench}-latest.json`), body);
}

/** p-th percentile (0..100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** The middle value (the lower of the two middle ones for an even count). */
export const median = (values: number[]) => percentile(values, 50);
