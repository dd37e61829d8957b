// Audits a GraphQL endpoint against the GraphQL over HTTP spec with graphql-http's server
// audits (the spec's reference implementation).
//
//   [GRAPHQL_HTTP_AUDIT_TOKEN=<access token>] node scripts/graphql-http-audit.mjs <url>
//     [--fail-on=MUST|SHOULD|MAY]
//
// Some audits query `__type`, i.e. introspect: where only signed-in callers may introspect,
// give the audit a bearer token in GRAPHQL_HTTP_AUDIT_TOKEN (not an argument: arguments are
// visible to every user of the machine); without one the audit calls anonymously.
// Prints one line per audit, then one JSON line: {"total", "ok", "failures": {MUST, SHOULD,
// MAY}}. Exits 1 when an audit of the --fail-on level or a stricter one fails (default
// SHOULD: a MUST or SHOULD failure), 2 on bad arguments.
import { serverAudits } from 'graphql-http';

const LEVELS = ['MUST', 'SHOULD', 'MAY'];

function parseArguments(argv) {
  const [url, ...options] = argv;
  let failOn = 'SHOULD';
  for (const option of options) {
    const match = /^--fail-on=(MUST|SHOULD|MAY)$/.exec(option);
    if (!match) return null;
    failOn = match[1];
  }
  return url && /^https?:\/\//.test(url) ? { url, failOn } : null;
}

/** An audit's result; an audit that throws (a fatal error, e.g. a refused connection) fails. */
async function run(audit) {
  try {
    return await audit.fn();
  } catch (error) {
    return { id: audit.id, name: audit.name, status: 'error', reason: `threw: ${error}` };
  }
}

/** fetch, sending the bearer token with every request. */
function fetchWithToken(token) {
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
}

function describe(result) {
  if (result.status === 'ok') return `ok    ${result.id} ${result.name}`;
  const response = result.response
    ? ` [${result.response.status} ${result.response.headers.get('content-type') ?? ''}]`
    : '';
  return `FAIL  ${result.id} ${result.name}: ${result.reason}${response}`;
}

async function main() {
  const args = parseArguments(process.argv.slice(2));
  if (!args) {
    console.error('usage: node scripts/graphql-http-audit.mjs <url> [--fail-on=MUST|SHOULD|MAY]');
    return 2;
  }
  const failures = Object.fromEntries(LEVELS.map((level) => [level, 0]));
  const token = process.env.GRAPHQL_HTTP_AUDIT_TOKEN;
  const audits = serverAudits({ url: args.url, fetchFn: token ? fetchWithToken(token) : fetch });
  for (const audit of audits) {
    const result = await run(audit);
    console.log(describe(result));
    if (result.status !== 'ok') failures[audit.name.split(' ')[0]] += 1;
  }
  const failed = Object.values(failures).reduce((sum, count) => sum + count, 0);
  console.log(JSON.stringify({ total: audits.length, ok: audits.length - failed, failures }));
  const gating = LEVELS.slice(0, LEVELS.indexOf(args.failOn) + 1);
  return gating.some((level) => failures[level] > 0) ? 1 : 0;
}

process.exitCode = await main();
