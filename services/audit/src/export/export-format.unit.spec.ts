import { csvField, csvHeader, csvRecord, jsonLine } from './export-format';
import type { ExportedEntry } from './log-selection';

const entry: ExportedEntry = {
  seq: 3,
  eventId: 'e-1',
  context: 'reporting',
  streamSeq: 2,
  streamId: 'college-report-sem-2020-02-03',
  streamVersion: 2,
  type: 'CollegeReportSentBack',
  schemaVersion: 1,
  occurredAt: '2020-02-03T03:50:00.000Z',
  actor: 'dps-1',
  correlationId: null,
  studentNumbers: ['S1', 'S2'],
  unitCodes: [],
  data: { reason: 'class 3, "missing"\nagain' },
  prevHash: 'p',
  hash: 'h',
  chainHash: 'c',
  ingestedAt: '2020-02-03T03:50:01.000Z',
};

describe('export formats', () => {
  it('quotes CSV fields only when needed, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes one CSV record per entry, with as many fields as the header', () => {
    const record = csvRecord(entry);
    expect(record.endsWith('\r\n')).toBe(true);
    expect(record).toContain(',S1;S2,');
    expect(record).toContain('"{""reason"":""class 3, \\""missing\\""\\nagain""}"');
    expect(csvHeader().split(',')).toHaveLength(18);
  });

  it('writes one JSON line per entry', () => {
    expect(JSON.parse(jsonLine(entry))).toEqual(entry);
    expect(jsonLine(entry).split('\n')).toHaveLength(2);
  });
});
