import { readCsv } from './roster-csv';
import { parseRosterCsv, rosterColumns } from './parse-roster';

const header = rosterColumns.join(',');

describe('reading CSV records', () => {
  it('handles quotes, doubled quotes, commas and line breaks inside quotes, CRLF and a BOM', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\nlast,,\r\n';
    expect(readCsv(text)).toEqual({
      records: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
        { line: 4, fields: ['last', '', ''] },
      ],
      problems: [],
    });
  });

  it('reports a stray quote and an unclosed quote, and reads on after them', () => {
    const text = 'a,b\n"x"y,z\nok,1\nw"v,2\n"never closed,3\nafter,4';
    const { records, problems } = readCsv(text);
    expect(problems).toEqual([
      { line: 2, reason: expect.stringContaining('closing quote') },
      { line: 4, reason: expect.stringContaining('unquoted') },
      { line: 5, reason: expect.stringContaining('never closed') },
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 3, 6]);
    expect(records[2]?.fields).toEqual(['after', '4']);
  });

  it('keeps a last record without a line break, and an empty last field', () => {
    expect(readCsv('a,b\nc,').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', ''] },
    ]);
  });
});

describe('parsing a roster file', () => {
  it('reads tricky but valid input: BOM, CRLF, shuffled upper-case header, quotes, Chinese', () => {
    const text =
      '\uFEFF Name ,STUDENT_NUMBER,type,class,gender,ethnicity,halal,phone,room,province,city,risk_area\r\n' +
      '马丽,2020100001,undergraduate,SEM-2020-UG-01,女,Hui,yes,138 0000 0001,B001-101,,,\r\n' +
      '"Li, ""Tom"" Wei",2019500002,Part-time MBA,sem-2019-mba-pt-01,M,Han,,+86 139-0000-0002,,Hubei,Wuhan,YES\r\n' +
      '"艾尔肯·热合曼",2018300003,phd,sem-2018-phd-01,male,Uyghur,1,13900000003,,Xinjiang,"Urumqi",\r\n';
    const { rows, errors } = parseRosterCsv(text);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        studentNumber: '2020100001',
        name: '马丽',
        studentType: 'undergraduate',
        classCode: 'sem-2020-ug-01',
        gender: 'female',
        ethnicity: 'Hui',
        halal: true,
        phone: '138 0000 0001',
        residence: { kind: 'on-campus', roomCode: 'b001-101' },
      },
      {
        line: 3,
        studentNumber: '2019500002',
        name: 'Li, "Tom" Wei',
        studentType: 'part-time-mba',
        classCode: 'sem-2019-mba-pt-01',
        gender: 'male',
        ethnicity: 'Han',
        halal: false,
        phone: '+86 139-0000-0002',
        residence: { kind: 'off-campus', province: 'Hubei', city: 'Wuhan', riskArea: true },
      },
      {
        line: 4,
        studentNumber: '2018300003',
        name: '艾尔肯·热合曼',
        studentType: 'phd',
        classCode: 'sem-2018-phd-01',
        gender: 'male',
        ethnicity: 'Uyghur',
        halal: true,
        phone: '13900000003',
        residence: { kind: 'off-campus', province: 'Xinjiang', city: 'Urumqi', riskArea: false },
      },
    ]);
  });

  it('reports every bad line with its physical line number, and keeps the good ones', () => {
    const lines = [
      header, // 1
      '2020100001,张伟,undergraduate,sem-2020-ug-01,male,Han,no,13800000001,,Beijing,Beijing,no', // 2 ok
      '2020100002,"李娜\nsecond line",undergraduate,sem-2020-ug-01,female,Han,no,13800000002,,Beijing,Beijing,no', // 3-4: name with a line break
      '2020100003,王芳,exchange,sem-2020-ug-01,female,Han,no,13800000003,,Beijing,Beijing,no', // 5 unknown type
      '2020 100004,刘强,master,sem-2020-ma-01,male,Han,no,13800000004,,Beijing,Beijing,no', // 6 bad number
      '2020100005,陈静,master,sem-2020-ma-01,female,Han,no,13800000005,,Beijing', // 7 wrong column count
      '', // 8 blank: skipped
      '2020100001,赵敏,master,sem-2020-ma-01,female,Han,no,13800000006,,Beijing,Beijing,no', // 9 duplicate of line 2
      '2020100007,杨洋,phd,sem-2020-phd-01,male,Han,no,13800000007,,,Wuhan,yes', // 10 no province
      '2020100008,"周"杰",phd,sem-2020-phd-01,male,Han,no,13800000008,,Hebei,Baoding,no', // 11 malformed quoting
      '2020100009,吴磊,phd,sem-2020-phd-01,male,Hui,maybe,13800000009,,Gansu,Lanzhou,no', // 12 bad halal
      '2020100010,徐静,undergraduate,sem-2020-ug-01,female,Han,no,13800000010,b001-101,,,', // 13 ok on campus
    ];
    const { rows, errors } = parseRosterCsv(lines.join('\n'));
    expect(rows.map((r) => [r.line, r.studentNumber])).toEqual([
      [2, '2020100001'],
      [13, '2020100010'],
    ]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'name'],
      [5, 'type'],
      [6, 'student_number'],
      [7, null],
      [9, 'student_number'],
      [10, 'province'],
      [11, null],
      [12, 'halal'],
    ]);
    expect(errors.find((e) => e.line === 9)?.reason).toBe(
      'student 2020100001 is already on line 2',
    );
    expect(errors.find((e) => e.line === 7)?.reason).toBe('expected 12 columns, found 10');
  });

  it('reports several problems of one line at once', () => {
    const { errors } = parseRosterCsv(`${header}\nx y,,robot,Bad Class,?,Han,no,phone,,,,`);
    expect(errors.map((e) => e.field)).toEqual([
      'student_number',
      'name',
      'type',
      'class',
      'gender',
      'phone',
      'province',
      'city',
    ]);
    expect(new Set(errors.map((e) => e.line))).toEqual(new Set([2]));
  });

  it('requires the header, with exactly the roster columns', () => {
    expect(parseRosterCsv('')).toEqual({
      rows: [],
      errors: [{ line: 1, field: null, reason: 'the file is empty; a header row is required' }],
    });
    const missing = parseRosterCsv(
      'student_number,name,type,class,gender,ethnicity,halal,phone,room,province,city,dorm\n',
    );
    expect(missing.errors).toEqual([
      { line: 1, field: null, reason: expect.stringMatching(/missing risk_area; unknown dorm/) },
    ]);
    const doubled = parseRosterCsv(`${header},name\n`);
    expect(doubled.errors[0]?.reason).toMatch(/repeated name/);
    expect(parseRosterCsv('2020100001,张伟,undergraduate\n').errors).toHaveLength(1);
  });

  it('reads the values Chinese rosters use: 是/否, 女/男, 本科生, 非全日制MBA', () => {
    const { rows, errors } = parseRosterCsv(
      `${header}\n` +
        '2020100001,马丽,本科生,sem-2020-ug-01,女,回族,是,13800000001,b001-101,,,\n' +
        '2020100002,张伟,硕士研究生,sem-2020-ms-01,男性,汉族,否,13800000002,,湖北,武汉,是\n' +
        '2020100003,李娜,非全日制MBA,sem-2020-mba-01,女性,汉族,N,13800000003,,甘肃,兰州,否\n' +
        '2020100004,王芳,博士,sem-2020-phd-01,F,回族,TRUE,13800000004,,宁夏,银川,False\n',
    );
    expect(errors).toEqual([]);
    expect(
      rows.map((r) => [
        r.studentType,
        r.gender,
        r.halal,
        r.residence.kind === 'off-campus' && r.residence.riskArea,
      ]),
    ).toEqual([
      ['undergraduate', 'female', true, false],
      ['master', 'male', false, true],
      ['part-time-mba', 'female', false, false],
      ['phd', 'female', true, false],
    ]);
  });

  it('names what a yes/no column accepts when a value is neither', () => {
    const { errors } = parseRosterCsv(
      `${header}\n2020100001,马丽,本科生,sem-2020-ug-01,女,回族,可能,13800000001,,甘肃,兰州,不详\n`,
    );
    expect(errors).toEqual([
      {
        line: 2,
        field: 'halal',
        reason: 'halal must be yes or no (y/n, true/false, 1/0, 是/否), got "可能"',
      },
      {
        line: 2,
        field: 'risk_area',
        reason: 'risk_area must be yes or no (y/n, true/false, 1/0, 是/否), got "不详"',
      },
    ]);
  });

  it('accepts a header alone: nothing to import', () => {
    expect(parseRosterCsv(`${header}\r\n`)).toEqual({ rows: [], errors: [] });
  });
});
