// Todo list operations for the todo command line. A todo is { id, text, done }. Every function
// takes an array of todos and returns a new value, never changing its input, so each is easy to test.

/** The id the next todo gets: one more than the largest id in use, 1 for an empty list. */
export function nextId(todos) {
  return todos.reduce((max, todo) => Math.max(max, todo.id), 0) + 1;
}
