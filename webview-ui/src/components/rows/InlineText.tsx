import { Fragment } from 'react';

/** Text with `backticked` spans shown as code: the one piece of Markdown agents use in nearly every sentence. */
export function InlineText({ text }: { text: string }) {
  const parts = text.split(/`([^`\n]+)`/);
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}
    </>
  );
}
