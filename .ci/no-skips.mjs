// CI: read a vitest JSON report and fail when any test was skipped, left as todo, or did not run.
// The PostgreSQL pass must run every test (PGlite-only concerns run there too; nothing may skip).
import fs from 'node:fs';

const [file, label = 'this run'] = process.argv.slice(2);
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
const notRun = [];
for (const suite of report.testResults ?? []) {
  for (const test of suite.assertionResults ?? []) {
    if (test.status !== 'passed' && test.status !== 'failed')
      notRun.push(`${test.status}: ${suite.name.replace(`${process.cwd()}/`, '')} > ${test.fullName}`);
  }
}
if (report.numTotalTests === 0) notRun.push('no test ran at all');
if (notRun.length > 0) {
  process.stderr.write(`${notRun.length} test(s) did not run in ${label}:\n  ${notRun.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(`${label}: all ${report.numTotalTests} tests ran (none skipped)\n`);
