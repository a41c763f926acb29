// Minimal typings for mvdan-sh (GopherJS build of mvdan/sh): only what the command policy walks.
declare module 'mvdan-sh' {
  export interface Pos { Offset(): number; Line(): number; Col(): number }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  export type Node = any;
  export interface Parser { Parse(src: string, name: string): Node }
  /** What Parser.Parse throws for a syntax error (a Go syntax.ParseError). */
  export interface ParseError { Error(): string; Pos: Pos; Text: string; Filename: string }
  export const syntax: {
    NewParser(...options: unknown[]): Parser;
    Variant(lang: number): unknown;
    LangBash: number;
    Walk(node: Node, visit: (node: Node | null) => boolean): void;
    NodeType(node: Node): string;
    NewPrinter(): { Print(node: Node): string };
  };
  const sh: { syntax: typeof syntax };
  export default sh;
}
