/* global jest */
// Integration and e2e files start servers and databases in their hooks: 30 s, not Jest's 5 s, before a
// slow start counts as a failure. A file that needs longer says so with its own jest.setTimeout.
jest.setTimeout(30_000);
