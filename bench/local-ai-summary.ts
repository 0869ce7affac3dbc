/** The closing lines of bench/local-ai.ts: each figure with its baseline and target. */
import type { LocalAiEngine } from '../server/src/upscalers/local-ai/engines';
import { fmt } from './lib';
import { mb, timesText, type JobTimes, type PipelineResult } from './local-ai-pipeline';
import type { ThickResult } from './local-ai-thick';

export interface Run {
  case: string;
  engine: LocalAiEngine;
  secondsPerInputMegapixel: number;
  seconds: number;
  inputMegapixels: number;
  peakRssBytes: number;
}

/** "onnx x; tfjs y (baseline): r× faster" */
const versus = (
  value: number,
  baseline: number | null | undefined,
  unit: string,
  missing = 'tfjs not run',
) =>
  `onnx ${fmt(value)} ${unit}; ` +
  (baseline == null
    ? missing
    : `tfjs ${fmt(baseline)} ${unit} (baseline): ${fmt(baseline / value, 2)}× faster`);

export function summary(onnx: PipelineResult | null, tfjs: PipelineResult | null, runs: Run[]) {
  if (onnx) {
    const line = (label: string, job: JobTimes | null) =>
      job && console.log(`  ${label.padEnd(9)}: ${timesText(job)}`);
    console.log('pipeline phases (from the payment):');
    for (const result of [onnx, tfjs])
      if (result) {
        line(`${result.engine} cold`, result.cold);
        line(`${result.engine} slim`, result.slim);
        line(`${result.engine} med.`, result.medium);
      }
    console.log(
      `pipeline slim 4x, 1 MP  : ${versus(onnx.slim.seconds, tfjs?.slim.seconds, 's/MP')} (target ≤ 6 s/MP)`,
    );
    if (onnx.medium)
      console.log(
        `pipeline medium 4x, 1 MP: ${versus(onnx.medium.seconds, tfjs?.medium?.seconds, 's/MP', tfjs ? 'tfjs medium not run: over the time budget' : 'tfjs not run')} (target ≤ 15 s/MP)`,
      );
    console.log(
      `cold 160×120 4x job     : ${versus(onnx.cold.seconds, tfjs?.cold.seconds, 's')}, payment → completed, first /prices just before, fresh boot each (target ≤ 3 s)`,
    );
    for (const result of [onnx, tfjs])
      if (result)
        console.log(
          `calibrated estimate (${result.engine}): 160×120 job ${result.expectedSeconds.cold} s (measured ${fmt(result.cold.seconds)} s, before the calibration), slim 1 MP ${result.expectedSeconds.slim} s (measured ${fmt(result.slim.seconds)} s)`,
        );
    console.log(
      `Strapi RSS              : onnx ${mb(onnx.rssBytes.booted)} MB booted, ${mb(onnx.rssBytes.calibrated)} MB calibrated${tfjs ? `; tfjs ${mb(tfjs.rssBytes.booted)} MB booted, ${mb(tfjs.rssBytes.calibrated)} MB calibrated` : ''}`,
    );
    if (onnx.big)
      console.log(
        `Strapi peak RSS, 4 MP slim 4x (onnx): ${mb(onnx.big.peakRssBytes)} MB (${onnx.big.hwmReset ? 'VmHWM, reset before the job' : 'VmRSS sampled'}); idle before it (baseline) ${mb(onnx.big.idleRssBytes)} MB: ${fmt(onnx.big.peakRssBytes / onnx.big.idleRssBytes, 2)}×; job ${timesText(onnx.big.job)} (target ≤ 700 MB)`,
      );
  }
  const base = runs.find((run) => run.engine === 'tfjs');
  const slim = runs.find((run) => run.case === 'slim 4x');
  if (slim)
    console.log(
      `fresh process slim 4x   : ${versus(slim.secondsPerInputMegapixel, base?.secondsPerInputMegapixel, 's/MP')}`,
    );
}

export function printThick(threads: number, t: ThickResult) {
  console.log(
    `thick: ${fmt(t.secondsPerProcessedMegapixel)} s per processed MP (one ${t.tile}-px tile in ${fmt(t.tileSeconds, 2)} s on ONNX, ${threads} threads), padding ${t.padding} px → ${fmt(t.overhead, 2)} processed MP per input MP at 1 MP → ${fmt(t.secondsPerInputMegapixel)} s per input MP (not offered: ${t.secondsPerInputMegapixel > 15 ? 'slower than the 15 s/MP medium target' : 'its padding and weights buy no speed over medium'}; conversion ${fmt(t.convertSeconds, 1)} s)`,
  );
}
