// Writes N police.uk-shaped street-level rows (a real file's header, 14 crime types, Hampshire LSOAs from
// data/demo/evidence/areas.csv, the twelve months of one financial year) to a CSV file, streamed: memory stays flat.
import fs from 'node:fs';
import { once } from 'node:events';
import { policeUkCrimeTypes } from '../../src/modules/evidence/schema.js';
import { streetHeader } from '../../src/modules/evidence/imports/police-uk-street.js';

export interface Lsoa {
  code: string;
  name: string;
  lon: number;
  lat: number;
}

export function hampshireLsoas(areasCsv = 'data/demo/evidence/areas.csv'): Lsoa[] {
  const lines = fs.readFileSync(areasCsv, 'utf8').split(/\r?\n/).slice(1);
  const out: Lsoa[] = [];
  for (const line of lines) {
    const [code, name, type, , , lon, lat] = line.split(',');
    if (type === 'lsoa' && code && name) out.push({ code, name, lon: Number(lon) || -1.3, lat: Number(lat) || 51 });
  }
  return out;
}

const outcomes = [
  'Investigation complete; no suspect identified',
  'Unable to prosecute suspect',
  'Under investigation',
  'Status update unavailable',
  'Offender given a caution',
  'Awaiting court outcome',
];
const streets = [
  'High Street',
  'Station Road',
  'London Road',
  'Church Lane',
  'Park Road',
  'Shopping Area',
  'Supermarket',
  'Petrol Station',
];

/** A small, fast, seeded generator so the same N gives the same file. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export async function generatePoliceFile(file: string, rows: number, year = 2017): Promise<number> {
  const lsoas = hampshireLsoas();
  const rand = random(rows);
  const out = fs.createWriteStream(file);
  out.write(streetHeader.join(',') + '\n');
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const type = policeUkCrimeTypes[Math.floor(rand() * policeUkCrimeTypes.length)]!;
    // The twelve months of the financial year starting in April of `year`, so its annual counts are derived.
    const m = 3 + (i % 12);
    const month = `${year + Math.floor(m / 12)}-${String(1 + (m % 12)).padStart(2, '0')}`;
    const asb = type.slug === 'anti-social-behaviour';
    const id = asb ? '' : (i.toString(16).padStart(8, '0') + Math.floor(rand() * 2 ** 32).toString(16)).padEnd(64, 'a');
    const noLsoa = rand() < 0.01;
    const lsoa = lsoas[Math.floor(rand() * lsoas.length)]!;
    const lon = noLsoa ? '' : (lsoa.lon + (rand() - 0.5) * 0.01).toFixed(6);
    const lat = noLsoa ? '' : (lsoa.lat + (rand() - 0.5) * 0.01).toFixed(6);
    const location = noLsoa ? 'No Location' : `On or near ${streets[Math.floor(rand() * streets.length)]}`;
    const outcome = asb ? '' : outcomes[Math.floor(rand() * outcomes.length)];
    buffer +=
      `${id},${month},Hampshire Constabulary,Hampshire Constabulary,${lon},${lat},${location},` +
      `${noLsoa ? '' : lsoa.code},${noLsoa ? '' : lsoa.name},${type.name},${outcome},\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return fs.statSync(file).size;
}
