// Gives each Jest run a temporary directory of its own and points TMPDIR at
// it, so os.tmpdir() in tests, and in the processes they start, writes there.
// The teardown removes it, so test files leave nothing behind in /tmp.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async function createTestTemporaryDirectory() {
  const directory = mkdtempSync(join(tmpdir(), 'talaria-tests-'));
  process.env.TALARIA_TEST_TMPDIR = directory;
  process.env.TMPDIR = directory;
};
