import { parseArgs, UsageError } from './cli-args';

const env = { AUDIT_DATABASE_URL: 'postgres://audit', USER: 'li' };

describe('audit CLI arguments', () => {
  it('replays every view by default, as the user running it', () => {
    expect(parseArgs(['replay'], env)).toEqual({
      database: 'postgres://audit',
      quiet: false,
      command: {
        kind: 'replay',
        views: [
          'student_timeline',
          'actor_activity',
          'report_chain',
          'isolation_occupancy',
          'meal_deliveries',
          'volunteer_minutes',
        ],
        actor: 'li',
        reason: 'rebuild requested by an auditor',
        chunk: undefined,
      },
    });
  });

  it('reads a scratch replay of a time range and some streams', () => {
    const { command } = parseArgs(
      [
        'replay',
        '--scratch',
        '--view=student_timeline',
        '--from',
        '2020-02-01',
        '--stream',
        'a,b',
        '--actor',
        'wang',
      ],
      env,
    );
    expect(command).toEqual({
      kind: 'scratch',
      views: ['student_timeline'],
      actor: 'wang',
      note: undefined,
      filter: { from: '2020-02-01', to: undefined, streams: ['a', 'b'], contexts: undefined },
    });
  });

  it('reads verify with several stores, and export selections', () => {
    expect(
      parseArgs(['verify', '--store', 'pg://a', '--store', 'pg://b', '--digest'], env).command,
    ).toEqual({
      kind: 'verify',
      stores: ['pg://a', 'pg://b'],
      digest: true,
    });
    expect(
      parseArgs(
        ['export', '--format', 'csv', '--student', 'S1', '--type', 'A,B', '--out', 'x.csv'],
        env,
      ).command,
    ).toMatchObject({
      kind: 'export',
      format: 'csv',
      out: 'x.csv',
      selection: { studentNumber: 'S1', types: ['A', 'B'] },
    });
    expect(parseArgs(['export', '--api', 'http://h', '--token', 't'], {}).command).toMatchObject({
      api: 'http://h',
      token: 't',
    });
  });

  it('refuses what it does not understand, saying what', () => {
    const bad: [string[], RegExp][] = [
      [['frobnicate'], /unknown command/],
      [['replay', '--view', 'nope'], /unknown view "nope"/],
      [['replay', '--colour', 'red'], /unknown option --colour/],
      [['export', '--format', 'xml'], /csv or jsonl/],
      [['export', '--from', 'soon'], /ISO 8601/],
      [['export', '--api', 'http://h'], /needs --token/],
      [['verify', '--digest', '--digest'], /given twice/],
      [['replay', '--chunk', '0'], /positive integer/],
      [['replay', '--actor'], /needs a value/],
    ];
    for (const [argv, reason] of bad) expect(() => parseArgs(argv, env)).toThrow(reason);
    expect(() => parseArgs(['verify'], {})).toThrow(UsageError);
    expect(parseArgs(['--help'], {}).command).toEqual({ kind: 'help' });
  });
});
