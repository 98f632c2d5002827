/* global jest */
// Integration and e2e files start servers and databases in their hooks: 60 s, not Jest's 5 s, before a
// slow start counts as a failure. A limit here catches a hang, it is not a speed goal: 30 s was passed by
// a kafka-lite + RabbitMQ + inventory start on a 2-core machine at load average 10. A file that needs
// longer (or wants a shorter limit per test) says so with its own jest.setTimeout.
jest.setTimeout(60_000);
