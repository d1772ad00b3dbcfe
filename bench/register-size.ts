/**
 * How many bytes of JSON the casework views' register by week takes in a pupil's document, over a
 * cached projections history (see projections.bench.ts; BENCH_FILE names the .db): every pupil's
 * registers folded as the views fold them (`recordMarks`, `settleFigures` at the end), then the
 * register (`marks`) and the whole attendance part of the document measured as JSON.
 *
 *   BENCH_FILE=/tmp/attendance-casework-bench/projections-seed1-events100000-template250x39.db \
 *     npx tsx bench/register-size.ts
 */
import { isRegisterEvent, marksAddedBy, PupilEvent } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import {
  AttendanceState,
  recordMarks,
  settleFigures,
} from '@app/read-models/projections/casework/attendance';
import { EMPTY_FIGURES } from '@app/read-models/projections/casework/rows';

const print = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));

async function main(): Promise<void> {
  const file = process.env.BENCH_FILE;
  if (!file) throw new Error('BENCH_FILE names the history (.db) to measure.');
  const events = new SqliteEventStore({ file, synchronous: 'NORMAL' });
  const pupils = new Map<string, AttendanceState>();
  for await (const event of events.readAll({})) {
    if (!event.streamId.startsWith('pupil-')) continue;
    const e = { type: event.type, data: event.data } as PupilEvent;
    if (!isRegisterEvent(e)) continue;
    let state = pupils.get(event.streamId);
    if (!state) pupils.set(event.streamId, (state = { marks: {}, figures: EMPTY_FIGURES }));
    recordMarks(state, marksAddedBy(e));
  }
  await events.close();
  let weeks = 0;
  let registerBytes = 0;
  let attendanceBytes = 0;
  for (const state of pupils.values()) {
    settleFigures(state, undefined);
    weeks += Object.keys(state.marks).length;
    registerBytes += Buffer.byteLength(JSON.stringify(state.marks));
    attendanceBytes += Buffer.byteLength(JSON.stringify(state));
  }
  const common = { pupils: pupils.size, weeks, file };
  print({
    name: 'register.bytes_per_week',
    value: +(registerBytes / weeks).toFixed(1),
    unit: 'B',
    ...common,
  });
  print({
    name: 'register.bytes_per_pupil',
    value: Math.round(registerBytes / pupils.size),
    unit: 'B',
    ...common,
  });
  print({
    name: 'attendance.bytes_per_pupil',
    value: Math.round(attendanceBytes / pupils.size),
    unit: 'B',
    ...common,
  });
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
