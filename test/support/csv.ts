/** A strict RFC 4180 reader for checking exports: quoted fields, doubled quotes, CRLF records. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"' && field === '') {
      const close = closingQuote(text, i + 1);
      field = text.slice(i + 1, close).replaceAll('""', '"');
      i = close + 1;
      if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`junk after quote at ${i}`);
      continue;
    }
    if (ch === ',') {
      endField();
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      endField();
      records.push(record);
      record = [];
      i += 2;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record is not terminated by CRLF');
  return records;
}

function closingQuote(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === '"') {
      if (text[i + 1] === '"') i += 2;
      else return i;
    } else i++;
  }
  throw new Error('unterminated quoted field');
}
