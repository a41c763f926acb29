import { memo, useMemo } from 'react';
import { stripAnsi } from '../../format';
import type { OutputChunk } from '../../timeline/steps';

/** The tail shown; the full output stays in the host's run log. */
const MAX_LINES = 500;

interface OutputLine {
  text: string;
  stderr: boolean;
}

/** Splits streamed chunks into lines; a chunk that does not end a line is continued by the next one. */
export function outputLines(output: readonly OutputChunk[]): OutputLine[] {
  const lines: OutputLine[] = [];
  let lineOpen = false;
  for (const chunk of output) {
    const text = stripAnsi(chunk.text).replace(/\r\n/g, '\n');
    if (text === '') continue;
    const pieces = text.split('\n');
    const endsLine = text.endsWith('\n');
    if (endsLine) pieces.pop();
    pieces.forEach((piece, i) => {
      const stderr = chunk.stream === 'stderr';
      const last = lines[lines.length - 1];
      if (i === 0 && lineOpen && last) {
        last.text += piece;
        last.stderr ||= stderr;
      } else {
        lines.push({ text: piece, stderr });
      }
    });
    lineOpen = !endsLine;
  }
  return lines;
}

const failLine = /^\s*(FAIL|FAILED|✗|×|✖|not ok)(?=\s|$|:)/;
const passLine = /^\s*(PASS|PASSED|✓|✔|ok)(?=\s|$|:)/;

/**
 * A command's output as it streams: stderr and test verdict lines coloured. The box is a reversed
 * flex column, so the browser keeps it scrolled to the newest line as output grows, without script.
 */
export const OutputView = memo(function OutputView({ output, droppedChars, label }: { output: readonly OutputChunk[]; droppedChars: number; label: string }) {
  const lines = useMemo(() => {
    const all = outputLines(output);
    // A leading blank line (npm prints one) is noise at the top of a box this small.
    const first = all.findIndex((line) => line.text.trim() !== '');
    return first > 0 ? all.slice(first) : all;
  }, [output]);
  const shown = lines.length > MAX_LINES ? lines.slice(-MAX_LINES) : lines;
  const hidden = lines.length - shown.length;
  return (
    <div className="sw-output">
      {(hidden > 0 || droppedChars > 0) && <p className="sw-note">Earlier output is not shown here; the run log keeps all of it.</p>}
      <pre className="sw-output__text" tabIndex={0} aria-label={label}>
        <span className="sw-output__lines">
          {shown.map((line, i) => {
            const text = line.text.slice(line.text.lastIndexOf('\r') + 1);
            const verdict = failLine.test(text) ? ' sw-output__line--fail' : passLine.test(text) ? ' sw-output__line--pass' : '';
            return (
              <span key={hidden + i} className={`sw-output__line${line.stderr ? ' sw-output__line--stderr' : ''}${verdict}`}>
                {text}
                {'\n'}
              </span>
            );
          })}
        </span>
      </pre>
    </div>
  );
});
