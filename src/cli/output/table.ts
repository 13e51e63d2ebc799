/** Plain-text tables for terminal output: a header row and aligned columns, no borders, no trailing spaces. */

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
  readonly align?: 'left' | 'right';
}

const GAP = '  ';

export function formatTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string[] {
  const cells = [
    columns.map((column) => column.header),
    ...rows.map((row) => columns.map((column) => column.value(row))),
  ];
  const widths = columns.map((_, index) => Math.max(...cells.map((line) => displayWidth(line[index]!))));
  return cells.map((line) =>
    line
      .map((cell, index) => {
        const padding = ' '.repeat(widths[index]! - displayWidth(cell));
        return columns[index]!.align === 'right' ? padding + cell : cell + padding;
      })
      .join(GAP)
      .trimEnd(),
  );
}

/** Rows of label and value, for summaries. */
export function formatKeyValues(pairs: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...pairs.map(([label]) => displayWidth(label)));
  return pairs.map(([label, value]) => `${label}${' '.repeat(width - displayWidth(label))}${GAP}${value}`.trimEnd());
}

/** Characters as a terminal shows them: code points, not UTF-16 units (so "→" and "✓" count once). */
export function displayWidth(text: string): number {
  return [...text].length;
}
