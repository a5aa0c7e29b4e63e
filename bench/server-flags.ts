/**
 * The V8 heap settings of npm start (package.json): an 8 MB young generation keeps the
 * server's resident memory near its live data, at the cost of more frequent minor collections.
 * Every benchmark that times the server, in a process of its own or as in-process requests,
 * runs with them, so its figures are the deployed server's. BENCH_NODE_FLAGS replaces them.
 */
export const SERVER_NODE_FLAGS = (
  process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=8 --max-old-space-size=512'
)
  .split(' ')
  .filter(Boolean);
