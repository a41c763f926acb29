import { describe, expect, it } from 'vitest';
import { isTestFile, scanTestSource } from '../../../src/core/trace/testSource';

const summary = (file: string, text: string) =>
  scanTestSource(file, text).tests.map((t) => ({ line: t.line, name: t.name, kind: t.kind, named: t.mentions.map((m) => `${m.kind === 'property' ? 'P' : ''}${m.id}@${m.line}/${m.via}`) }));

describe('test files', () => {
  it.each(['test/todo.test.js', 'src/todo.spec.ts', 'tests/test_store.py', 'pkg/store_test.go', 'src/test/java/TodoTest.java', 'spec/todo_spec.rb', '__tests__/list.tsx', 'tests/integration.rs', 'test/helpers.js'])('%s is one', (file) => {
    expect(isTestFile(file)).toBe(true);
  });
  it.each(['src/todo.js', 'src/testing.ts', '.kiro/specs/todo/tasks.md', 'test/fixtures/data.json', 'types/test.d.ts', 'README.md', 'src/contest.py'])('%s is not', (file) => {
    expect(isTestFile(file)).toBe(false);
  });
});

describe('scanning a test file for the criteria its tests name', () => {
  it('gives a comment to the test right below it, a name its own mentions, and a header comment to the whole file', () => {
    const js = [
      '// Tests of the todo store. Requirement 1',
      "import { add } from '../src/todo.js';",
      "const VERSION = '1.2';",
      '',
      "describe('add', () => {",
      '  // Requirement 1.2: an empty title is rejected',
      "  it('rejects an empty title', () => {",
      "    expect(() => add('')).toThrow(\"can't be empty // Requirement 9.9\");",
      '  });',
      '',
      "  it('1.3: trims titles', () => {",
      '    /* Validates: Requirements 2.1 */',
      "    expect(add(' a ')).toBe('a');",
      '  });',
      "  it.each([1, 2])('handles %s', () => {});",
      '});',
    ].join('\n');
    expect(summary('test/todo.test.js', js)).toEqual([
      { line: 1, name: 'todo.test.js', kind: 'file', named: ['1@1/comment'] },
      { line: 5, name: 'add', kind: 'group', named: [] },
      { line: 7, name: 'rejects an empty title', kind: 'test', named: ['1.2@6/comment'] },
      { line: 11, name: '1.3: trims titles', kind: 'test', named: ['1.3@11/name', '2.1@12/comment'] },
      { line: 15, name: 'handles %s', kind: 'test', named: [] },
    ]);
  });

  it('reads Python: comments above decorators, docstrings, test classes and identifier names', () => {
    const py = [
      'from hypothesis import given',
      '',
      '# Feature: todo-cli, Property 3: saving then loading',
      '# Validates: Requirements 4.1',
      '@given(st.lists(st.text()))',
      'def test_round_trip(todos):',
      '    assert load(save(todos)) == todos',
      '',
      'class TestStore:',
      '    def test_req_2_1_lists(self):',
      '        """Requirement 2.2 as well."""',
      "        assert '# Requirement 7.7' != ''",
    ].join('\n');
    expect(summary('tests/test_store.py', py)).toEqual([
      { line: 6, name: 'test_round_trip', kind: 'test', named: ['P3@3/comment', '4.1@4/comment'] },
      { line: 9, name: 'TestStore', kind: 'group', named: [] },
      { line: 10, name: 'test_req_2_1_lists', kind: 'test', named: ['2.1@10/name', '2.2@11/comment'] },
    ]);
  });

  it('reads Go, Rust, Java, Kotlin, Ruby and C++ test declarations', () => {
    expect(summary('store_test.go', '// Requirement 4.1\nfunc TestRoundTrip(t *testing.T) {\n}\n')).toEqual([{ line: 2, name: 'TestRoundTrip', kind: 'test', named: ['4.1@1/comment'] }]);
    expect(summary('tests/store.rs', '/// Requirement 4.1\n#[test]\nfn round_trip() {}\n')).toEqual([{ line: 3, name: 'round_trip', kind: 'test', named: ['4.1@1/comment'] }]);
    expect(summary('StoreTest.java', 'class StoreTest {\n  // Requirement 4.1\n  @Test\n  void roundTrip() {}\n}\n')).toEqual([{ line: 4, name: 'roundTrip', kind: 'test', named: ['4.1@2/comment'] }]);
    expect(summary('StoreTest.kt', '@Test\nfun `1.2: rejects an empty title`() {}\n')).toEqual([{ line: 2, name: '1.2: rejects an empty title', kind: 'test', named: ['1.2@2/name'] }]);
    expect(summary('spec/store_spec.rb', "describe 'store' do\n  # Requirement 4.1\n  it 'round trips' do\n  end\nend\n")).toEqual([
      { line: 1, name: 'store', kind: 'group', named: [] },
      { line: 3, name: 'round trips', kind: 'test', named: ['4.1@2/comment'] },
    ]);
    expect(summary('tests/store_test.cpp', '// Requirement 4.1\nTEST(Store, RoundTrip) {\n}\nBOOST_AUTO_TEST_CASE(limits) {} // Property 2\n')).toEqual([
      { line: 2, name: 'Store.RoundTrip', kind: 'test', named: ['4.1@1/comment'] },
      { line: 4, name: 'limits', kind: 'test', named: ['P2@4/comment'] },
    ]);
  });

  it('does not take a quote inside a regular expression for the start of a string that hides the rest', () => {
    const js = "it('parses', () => {\n  expect(x).toMatch(/it's/);\n  // Requirement 1.1\n});\n";
    expect(summary('a.test.js', js)).toEqual([{ line: 1, name: 'parses', kind: 'test', named: ['1.1@3/comment'] }]);
  });

  it('knows the words of the file, to tell which spec it is about', () => {
    expect([...scanTestSource('a.test.js', "import { add } from '../src/todo_cli/add';").words]).toContain('todo-cli');
  });
});
