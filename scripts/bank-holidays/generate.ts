/**
 * Writes libs/domain/src/bank-holidays-england-wales.ts from `date-holidays` (see
 * england-and-wales.ts). Run after upgrading the library or correcting a year, and commit the result:
 * `npm run bank-holidays:generate`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataFileSource } from './england-and-wales';

export const DATA_FILE = join(__dirname, '../../libs/domain/src/bank-holidays-england-wales.ts');

if (require.main === module) {
  writeFileSync(DATA_FILE, dataFileSource());
  console.log(`Wrote ${DATA_FILE}`);
}
