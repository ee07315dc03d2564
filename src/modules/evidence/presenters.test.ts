/** What the evidence shows, as pure mappings: no database. */
import { describe, expect, it } from 'vitest';
import type { ExportedObservation } from './exports/service.js';
import { displayNumber, downloadNames, importPage, observationsCsv, observationsJson, unitLabel } from './presenters.js';
import type { EvidenceImport, Indicator } from './schema.js';

const observation: ExportedObservation = {
  indicator: 'burglary-rate',
  areaCode: 'E06000045',
  areaName: 'Southampton, "city"',
  period: '2016/17',
  numerator: 1200,
  denominator: 250000,
  value: 4.8,
  lower95: 4.53,
  upper95: 5.08,
  lower998: 4.4,
  upper998: 5.2,
  comparison95: 'higher',
  comparison998: null,
};
const hidden: ExportedObservation = {
  ...observation,
  areaCode: 'E92000001',
  areaName: 'England',
  numerator: null,
  value: null,
  lower95: null,
  upper95: null,
  lower998: null,
  upper998: null,
  comparison95: null,
};

describe('observations as CSV and JSON', () => {
  it('have snake_case columns in CSV, full precision, and blanks where a figure is hidden', () => {
    const lines = observationsCsv([observation, hidden]).split('\r\n');
    expect(lines[0]).toBe(
      'indicator,area_code,area_name,period,numerator,denominator,value,lower_95,upper_95,lower_99_8,upper_99_8,comparison_95,comparison_99_8',
    );
    expect(lines[1]).toBe('burglary-rate,E06000045,"Southampton, ""city""",2016/17,1200,250000,4.8,4.53,5.08,4.4,5.2,higher,');
    expect(lines[2]).toBe('burglary-rate,E92000001,England,2016/17,,250000,,,,,,,');
    expect(lines[3]).toBe('');
  });

  it('have in JSON the camelCase names of the API (GET /api/v1/observations), nulls where a figure is hidden', () => {
    const json = JSON.parse(observationsJson([observation, hidden])) as Record<string, unknown>[];
    expect(Object.keys(json[0]!)).toEqual([
      'indicator',
      'areaCode',
      'areaName',
      'period',
      'numerator',
      'denominator',
      'value',
      'lower95',
      'upper95',
      'lower998',
      'upper998',
      'comparison95',
      'comparison998',
    ]);
    expect(json[0]).toEqual(observation);
    expect(json[1]).toMatchObject({ areaCode: 'E92000001', numerator: null, lower95: null, comparison998: null });
  });

  it('are named for what was asked', () => {
    expect(downloadNames.observations({ indicator: 'burglary-rate', area: 'E06000045', period: undefined })).toBe(
      'burglary-rate-E06000045',
    );
  });
});

describe('numbers on pages', () => {
  const indicator = (unit: Indicator['unit'], multiplier: number) => ({ unit, multiplier }) as Indicator;

  it('round counts whole and everything else to one decimal place', () => {
    expect(displayNumber(30883, 'count')).toBe('30,883');
    expect(displayNumber(121.46, 'rate')).toBe('121.5');
    expect(displayNumber(null, 'rate')).toBe('');
  });

  it('name the unit', () => {
    expect(unitLabel(indicator('count', 1))).toBe('Count');
    expect(unitLabel(indicator('proportion', 100))).toBe('Percentage');
    expect(unitLabel(indicator('rate', 1000))).toBe('Rate per 1,000');
  });
});

describe('an import page', () => {
  const record = (status: EvidenceImport['status'], bytesDone: number, bytesTotal: number) =>
    ({ id: 12, fileName: 'obs.csv', status, bytesDone, bytesTotal }) as EvidenceImport;

  it('is titled by the import status and shows how much of the file has been read', () => {
    expect(importPage(record('running', 50, 200))).toEqual({ title: 'Importing obs.csv', percent: 25 });
    expect(importPage(record('succeeded', 200, 200))).toEqual({ title: 'Import 12: obs.csv', percent: 100 });
    expect(importPage(record('refused', 0, 0))).toEqual({ title: 'obs.csv was not imported', percent: 0 });
  });
});
