/**
 * Output that changes while a command runs. On a terminal a block of lines is redrawn in place; elsewhere (a pipe,
 * a log file, CI) each line is printed again only when its content changes, so the output reads as a plain log.
 */
import { displayWidth } from './table';

export interface LiveOutput {
  /** True on a terminal, where the block is redrawn in place; false where lines can only be appended. */
  readonly redraws: boolean;
  /** Replaces the live block. `transient` lines (a ticking progress line) are shown on terminals only. */
  update(lines: readonly string[], options?: { transient?: boolean }): void;
  /** Prints a permanent line above the live block. */
  log(line: string): void;
  /** Leaves the live block as printed; later writes go below it. */
  finish(): void;
}

export interface LiveStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export function createLiveOutput(stream: LiveStream = process.stdout): LiveOutput {
  return stream.isTTY ? new RedrawnBlock(stream) : new AppendedLines(stream);
}

const CURSOR_UP_TO_LINE_START = (lines: number) => `\x1b[${lines}F`;
const ERASE_TO_END_OF_SCREEN = '\x1b[J';

class RedrawnBlock implements LiveOutput {
  readonly redraws = true;
  private block: readonly string[] = [];
  private drawn = 0;

  constructor(private readonly stream: LiveStream) {}

  update(lines: readonly string[]): void {
    // Redrawing an unchanged frame only makes the terminal flicker.
    if (lines.length === this.block.length && lines.every((line, index) => line === this.block[index])) return;
    this.block = lines;
    this.redraw('');
  }

  log(line: string): void {
    this.redraw(`${line}\n`);
  }

  finish(): void {
    this.block = [];
    this.drawn = 0;
  }

  /** One write per frame, so the terminal never shows a half-drawn block. */
  private redraw(above: string): void {
    const erase = this.drawn > 0 ? CURSOR_UP_TO_LINE_START(this.drawn) + ERASE_TO_END_OF_SCREEN : '';
    const lines = this.block.map((line) => this.fit(line));
    this.stream.write(erase + above + lines.map((line) => `${line}\n`).join(''));
    this.drawn = lines.length;
  }

  /** A line wider than the terminal would wrap and break the cursor arithmetic. */
  private fit(line: string): string {
    // Some pseudo-terminals report no size (0 or 1 columns); assume a common width then.
    const width = (this.stream.columns !== undefined && this.stream.columns >= 20 ? this.stream.columns : 80) - 1;
    return displayWidth(line) <= width ? line : `${[...line].slice(0, width - 1).join('')}…`;
  }
}

class AppendedLines implements LiveOutput {
  readonly redraws = false;
  private printed: string[] = [];

  constructor(private readonly stream: LiveStream) {}

  update(lines: readonly string[], options: { transient?: boolean } = {}): void {
    if (options.transient) return;
    // Compared without padding: a column widening elsewhere does not make a line new.
    const next = lines.map(normalize);
    lines.forEach((line, index) => {
      if (this.printed[index] !== next[index]) this.stream.write(`${line.trimEnd()}\n`);
    });
    this.printed = next;
  }

  log(line: string): void {
    this.stream.write(`${line}\n`);
  }

  finish(): void {
    this.printed = [];
  }
}

function normalize(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}
