/** A Markdown table from a header row and body rows; empty cells for missing values. */

export type Cell = string | number | null | undefined;

export function markdownTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const line = (cells: readonly Cell[]) =>
    `| ${cells.map((cell) => (cell === null || cell === undefined ? '' : String(cell))).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
