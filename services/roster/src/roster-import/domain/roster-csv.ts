/**
 * RFC 4180 records with the physical line each starts on, so problems can be reported the way
 * a spreadsheet shows them. Accepts CRLF, LF or a lone CR between records, and a UTF-8 BOM at
 * the start. A malformed record is reported and skipped; reading goes on with the next line,
 * so one stray quote never hides the rest of the file.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  reason: string;
}

export interface CsvContent {
  records: CsvRecord[];
  problems: CsvProblem[];
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

export function readCsv(text: string): CsvContent {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const end = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  /** Index just past the line break at or after `from` (or the end); counts the line. */
  const skipLine = (from: number): number => {
    let j = from;
    while (j < end && text.charCodeAt(j) !== LF && text.charCodeAt(j) !== CR) j += 1;
    if (j < end) {
      j += text.charCodeAt(j) === CR && text.charCodeAt(j + 1) === LF ? 2 : 1;
      line += 1;
    }
    return j;
  };

  while (i < end) {
    const startLine = line;
    const startIndex = i;
    const fields: string[] = [];
    let problem: string | null = null;

    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted field: "" is a quote, line breaks are data.
        let j = i + 1;
        let value = '';
        let segment = j;
        let closed = false;
        while (j < end) {
          const c = text.charCodeAt(j);
          if (c === QUOTE) {
            if (text.charCodeAt(j + 1) === QUOTE) {
              value += text.slice(segment, j + 1);
              j += 2;
              segment = j;
              continue;
            }
            value += text.slice(segment, j);
            j += 1;
            closed = true;
            break;
          }
          if (c === LF || (c === CR && text.charCodeAt(j + 1) !== LF)) line += 1;
          j += 1;
        }
        if (!closed) {
          // Unterminated: the quote swallowed the rest of the file. Report it and read on
          // from the line after the record's first line.
          problem = 'a quoted field is never closed';
          line = startLine;
          i = skipLine(startIndex);
          break;
        }
        fields.push(value);
        i = j;
        const next = text.charCodeAt(i);
        if (next === COMMA) {
          i += 1;
          continue;
        }
        if (i >= end) break;
        if (next === CR || next === LF) {
          i = skipLine(i);
          break;
        }
        problem = 'text follows a closing quote (a quote inside a field must be doubled)';
        i = skipLine(i);
        break;
      }
      // Unquoted field: up to the next comma or line break.
      let j = i;
      while (j < end) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === CR || c === LF) break;
        if (c === QUOTE && problem === null) {
          problem = 'a quote inside an unquoted field (quote the whole field and double the quote)';
        }
        j += 1;
      }
      fields.push(text.slice(i, j));
      i = j;
      if (text.charCodeAt(i) === COMMA) {
        i += 1;
        continue;
      }
      if (i < end) i = skipLine(i);
      break;
    }

    if (problem !== null) problems.push({ line: startLine, reason: problem });
    else records.push({ line: startLine, fields });
  }
  return { records, problems };
}

/** Writes one field, quoting it only when it must be (comma, quote, line break, edge spaces). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}
