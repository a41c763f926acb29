/**
 * Keeps a command's output within a character budget while it streams: the first part and the last
 * part are kept, the middle is dropped and replaced by a note saying how much was left out. The end
 * of a build or test log (errors, summaries) matters most, so the tail gets the larger share.
 */
export class CappedOutput {
  private head = '';
  private tail = '';
  private totalChars = 0;
  private totalNewlines = 0;
  private readonly headLimit: number;
  private readonly tailLimit: number;

  constructor(private readonly limitChars: number) {
    this.headLimit = Math.floor(limitChars * 0.4);
    this.tailLimit = limitChars - this.headLimit;
  }

  append(text: string): void {
    this.totalChars += text.length;
    this.totalNewlines += countNewlines(text);
    let rest = text;
    if (this.head.length < this.headLimit) {
      const taken = rest.slice(0, this.headLimit - this.head.length);
      this.head += taken;
      rest = rest.slice(taken.length);
    }
    if (!rest) return;
    this.tail += rest;
    // Trim only now and then, so appending stays linear in the output size.
    if (this.tail.length > 2 * this.tailLimit) this.tail = this.tail.slice(-this.tailLimit);
  }

  /** True when some of the output has been (or will be) left out of text(). */
  get truncated(): boolean {
    return this.totalChars > this.limitChars;
  }

  text(): string {
    if (!this.truncated) return this.head + this.tail;
    let head = this.head;
    let tail = this.tail.slice(-this.tailLimit);
    // Cut at line boundaries when that costs little, so no half lines reach the reader.
    const lastNewline = head.lastIndexOf('\n');
    if (lastNewline >= head.length / 2) head = head.slice(0, lastNewline + 1);
    const firstNewline = tail.indexOf('\n');
    if (firstNewline >= 0 && firstNewline < tail.length / 2) tail = tail.slice(firstNewline + 1);
    const omittedLines = this.totalNewlines - countNewlines(head) - countNewlines(tail);
    const omittedChars = this.totalChars - head.length - tail.length;
    const note = omittedLines > 0 ? `… ${omittedLines} lines omitted …` : `… ${omittedChars} characters omitted …`;
    return `${head}${head.endsWith('\n') || !head ? '' : '\n'}${note}\n${tail}`;
  }
}

/** Caps a finished text the same way a streaming command's output is capped. */
export function capText(text: string, limitChars: number): string {
  const capped = new CappedOutput(limitChars);
  capped.append(text);
  return capped.text();
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
