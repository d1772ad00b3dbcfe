/**
 * The worker as `apps/worker/src/main.ts` starts it (same startWorker, same configuration from the
 * environment), running every real projection plus the counting projection, whose documents say
 * how many times each event was applied. Run with `node -r @swc-node/register` (Nest needs the
 * decorator metadata tsx cannot emit).
 */
import 'reflect-metadata';
import { loadConfig } from '@app/application';
import { ALL_PROJECTIONS } from '@app/read-models';
import { countingProjection } from '@app/read-models/testing/counting-projection';
import { startWorker } from '../../apps/worker/src/worker';

void startWorker(loadConfig(), { projections: [...ALL_PROJECTIONS, countingProjection()] });
