import { describe, expect, it } from 'vitest';
import { searchTools } from '../../../src/core/mcp';

const tool = (server: string, name: string, description = '') => ({ name: `${server}__${name}`, server, tool: name, description });
const tools = [
  tool('github', 'create_issue', 'Create a new issue in a repository'),
  tool('github', 'list_issues', 'List issues of a repository'),
  tool('github', 'createPullRequest', 'Open a pull request'),
  tool('jira', 'create_ticket', 'Create an issue-like ticket'),
  tool('files', 'read_file', 'Read a file'),
];

describe('searching MCP tools', () => {
  it('ranks a tool whose name has the words above one whose description has them', () => {
    expect(searchTools(tools, 'create issue', 3).map((t) => t.tool)).toEqual(['create_issue', 'create_ticket', 'createPullRequest']);
  });

  it('splits camelCase names', () => {
    expect(searchTools(tools, 'pull request', 5).map((t) => t.tool)).toEqual(['createPullRequest']);
  });

  it('finds an exact name first, in either spelling', () => {
    expect(searchTools(tools, 'github__list_issues', 1).map((t) => t.tool)).toEqual(['list_issues']);
    expect(searchTools(tools, '@files/read_file', 1).map((t) => t.tool)).toEqual(['read_file']);
  });

  it('finds a server\'s tools by its name, and nothing for unrelated words', () => {
    expect(searchTools(tools, 'jira', 5).map((t) => t.tool)).toEqual(['create_ticket']);
    expect(searchTools(tools, 'kubernetes', 5)).toEqual([]);
  });
});
