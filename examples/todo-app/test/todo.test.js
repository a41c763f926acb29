import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextId } from '../src/todo.js';

test('the first todo gets id 1', () => {
  assert.equal(nextId([]), 1);
});

test('a new todo gets one more than the largest id in use, even after deletions', () => {
  const todos = [
    { id: 1, text: 'buy milk', done: true },
    { id: 4, text: 'call Sam', done: false },
  ];
  assert.equal(nextId(todos), 5);
});
